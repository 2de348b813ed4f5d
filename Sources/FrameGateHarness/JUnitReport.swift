import Foundation
import FrameGateCore

/// `framegate test --junit PATH`: the run as JUnit XML, the shape Jenkins, GitLab and GitHub test reporters
/// read (`testsuites` › `testsuite` › `testcase`). One testsuite per mode (a run has one; a merge may have both); one testcase
/// per fixture with `classname` = the mode, so the same fixture in both modes reads as two tests. A failed
/// fixture carries one `<failure>` per failed stage (type = stage, message = reason); a skipped one a
/// `<skipped>` with its reason.
public enum JUnitReport {
    public static func xml(_ result: SuiteResult) -> String { xml([result]) }

    /// Several runs (`merge-reports` of both modes): one testsuite per mode, the totals summed.
    public static func xml(_ results: [SuiteResult]) -> String {
        func counts(_ total: Int, _ failed: Int, _ skipped: Int, _ time: Double) -> String {
            "tests=\"\(total)\" failures=\"\(failed)\" errors=\"0\" skipped=\"\(skipped)\" time=\"\(seconds(time))\""
        }
        let all = counts(results.map(\.summary.total).reduce(0, +), results.map(\.summary.failed).reduce(0, +),
                         results.map(\.summary.skipped).reduce(0, +), results.map(\.summary.durationSeconds).reduce(0, +))
        var lines = ["<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "<testsuites name=\"framegate test\" \(all)>"]
        for result in results { lines += suite(result, counts: counts) }
        lines += ["</testsuites>", ""]
        return lines.joined(separator: "\n")
    }

    static func suite(_ result: SuiteResult, counts: (Int, Int, Int, Double) -> String) -> [String] {
        let summary = result.summary
        let mode = summary.mode.rawValue
        var lines = ["  <testsuite name=\"framegate.\(escape(mode))\" \(counts(summary.total, summary.failed, summary.skipped, summary.durationSeconds))>"]
        for outcome in result.outcomes {
            let open = "    <testcase name=\"\(escape(outcome.fixture))\" classname=\"\(escape(mode))\" time=\"\(seconds(outcome.seconds))\""
            if let reason = outcome.skipped {
                lines += [open + ">", "      <skipped message=\"\(escape(reason))\"/>", "    </testcase>"]
            } else if !outcome.failures.isEmpty {
                lines.append(open + ">")
                for failure in outcome.failures {
                    let stage = escape(failure.stage.rawValue)
                    lines.append("      <failure type=\"\(stage)\" message=\"\(escape(failure.reason))\">[\(stage)] \(escape(failure.reason))</failure>")
                }
                lines.append("    </testcase>")
            } else {
                lines.append(open + "/>")
            }
        }
        lines.append("  </testsuite>")
        return lines
    }

    /// Written through a staged sibling: a CI job that uploads the file never picks up half a report.
    public static func write(_ result: SuiteResult, to url: URL) throws { try write([result], to: url) }

    public static func write(_ results: [SuiteResult], to url: URL) throws {
        try AtomicPublish.write(Data(xml(results).utf8), to: url)
    }

    /// xs:decimal seconds with millisecond precision (never a locale's decimal comma).
    static func seconds(_ value: Double) -> String {
        let millis = Int((max(0, value) * 1000).rounded())
        let fraction = String(millis % 1000)
        return "\(millis / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }

    /// Text safe in an attribute or element: the five XML escapes, and control characters XML 1.0 cannot hold
    /// (an error message quoting a binary file's bytes must not make the whole report unreadable) as U+FFFD.
    static func escape(_ text: String) -> String {
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            case "\n": escaped += "&#10;"
            case "\t", "\r": escaped += "&#\(scalar.value);"
            default:
                let allowed = scalar.value >= 0x20 && !(0xFFFE...0xFFFF).contains(scalar.value)
                escaped.unicodeScalars.append(allowed ? scalar : "\u{FFFD}")
            }
        }
        return escaped
    }
}
