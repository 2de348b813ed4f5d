import Foundation
import FrameGateCore

/// What a GitHub Actions job shows of a run: a Markdown table appended to `$GITHUB_STEP_SUMMARY`, and an
/// `::error` workflow command per failed fixture, pointing at its meta.json.
public enum GitHubOutput {
    /// The step summary: the totals per mode, then one row per fixture and mode (failing first).
    public static func stepSummary(_ results: RunResults) -> String {
        var lines = ["## FrameGate", ""]
        lines += results.summaries.map { "- " + ($0.failed > 0 ? "❌ " : "✅ ") + cell($0.line) }
        lines += ["", "| Fixture | Mode | Status | Stage | Worst PSNR | Time |", "|---|---|---|---|---|---|"]
        for record in results.outcomes {
            let stages = Set(record.failures.map(\.stage.rawValue)).sorted().joined(separator: ", ")
            let status = record.status == .failed ? "❌ failed" : record.status.rawValue
            lines.append("| \(cell(record.fixture)) | \(record.mode.rawValue) | \(status) | \(stages.isEmpty ? "—" : stages) | \(HTMLReport.worstPsnr(record)) | \(String(format: "%.1f s", record.seconds)) |")
        }
        return lines.joined(separator: "\n") + "\n\n"
    }

    /// One `::error file=…,title=…::message` line per failed fixture; none for passing or skipped ones.
    public static func annotations(_ results: RunResults) -> [String] {
        results.outcomes.filter { $0.status == .failed }.map { record in
            let file = record.details?.meta ?? "fixtures/\(record.fixture)/meta.json"
            let stages = record.failures.map(\.stage.rawValue)
            let title = "FrameGate: \(record.fixture) failed (\(record.mode.rawValue), \(Set(stages).sorted().joined(separator: ", ")))"
            let reason = record.failures.map { "[\($0.stage.rawValue)] \($0.reason)" }.joined(separator: "; ")
            return "::error file=\(property(file)),title=\(property(title))::\(data(reason))"
        }
    }

    /// Appends to the step summary file (it is shared by every step of the job, so never truncated).
    public static func appendStepSummary(_ results: RunResults, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        guard let handle = FileHandle(forWritingAtPath: path) else {
            do { try Data(stepSummary(results).utf8).write(to: url) } catch {
                throw HarnessError.io(path: path, reason: "cannot write the GitHub step summary: \(error.localizedDescription)")
            }
            return
        }
        defer { try? handle.close() }
        do {
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(stepSummary(results).utf8))
        } catch {
            throw HarnessError.io(path: path, reason: "cannot append the GitHub step summary: \(error.localizedDescription)")
        }
    }

    /// A workflow command's message: % CR LF escaped (GitHub's rules), so a multi-line reason stays one command.
    static func data(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    /// A property value: the message escapes plus `:` and `,`, which delimit properties.
    static func property(_ text: String) -> String {
        data(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }

    /// A Markdown table cell: `|` would end it and a newline the row.
    static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
