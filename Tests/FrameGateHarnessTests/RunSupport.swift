import Foundation
import XCTest
import FrameGateTestSupport

/// One `framegate test` run: exit status, the line-delimited JSON events from stdout, the human log.
struct HarnessRun {
    var status: Int32
    var stdout: String
    var stderr: String
    /// Every stdout line parsed as a JSON object (a line that is not one fails `assertStdoutIsEvents`).
    var events: [[String: Any]]
    var unparsedLines: [String]

    init(_ result: ProcessResult) {
        status = result.status; stdout = result.stdout; stderr = result.stderr
        events = []; unparsedLines = []
        for line in result.stdout.split(separator: "\n", omittingEmptySubsequences: true) {
            if let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] {
                events.append(object)
            } else {
                unparsedLines.append(String(line))
            }
        }
    }

    func events(_ name: String, fixture: String? = nil) -> [[String: Any]] {
        events.filter { $0["event"] as? String == name && (fixture == nil || $0["fixture"] as? String == fixture) }
    }

    func event(_ name: String, fixture: String) -> [String: Any]? { events(name, fixture: fixture).first }

    var summary: [String: Any]? { events("test_suite_summary").last }

    func summaryCount(_ key: String) -> Int? { summary?[key] as? Int }

    func failuresByStage(_ stage: String) -> Int? { (summary?["failuresByStage"] as? [String: Any])?[stage] as? Int }

    /// The stages a fixture failed at, read from the human log's `FAIL <id> [<stage>]: …` lines.
    func failedStages(_ fixture: String) -> Set<String> {
        var stages = Set<String>()
        for line in stderr.split(separator: "\n") where line.hasPrefix("FAIL \(fixture) [") {
            let rest = line.dropFirst("FAIL \(fixture) [".count)
            if let end = rest.firstIndex(of: "]") { stages.insert(String(rest[..<end])) }
        }
        return stages
    }

    var description: String { "exit \(status)\n--- stdout\n\(stdout)--- stderr\n\(stderr)" }
}

/// What a tiny fixture of our own looks like: 160×90, a box sliding across, optionally irregular clicks.
/// Capture time goes by frame count, not size, so in-process-only fixtures default to 10 fps.
struct TinyFixture {
    var duration = 1.0
    var format: String? = nil
    var fps: String = "10"
    var hdr = false
    var tags: [String] = []
    var minPsnr = 30.0
    /// Irregular onsets (seconds), so a shifted copy cannot line up with the original at another lag.
    var clicks: [Double] = []
    var boxColor = "#f4a261"
    /// Extra markup inside the root (a broken script, an external image...).
    var extraMarkup = ""

    static let clickPattern = [0.1, 0.35, 0.5, 1.2, 1.3, 2.05, 2.6]

    func meta(name: String) -> String {
        var config = ["\"fps\": \(fps.contains("/") ? "\"\(fps)\"" : fps)"]
        if let format { config.append("\"format\": \"\(format)\"") }
        if hdr { config.append("\"hdr\": true") }
        return """
        {
          "name": "\(name)",
          "description": "A tiny fixture made by the harness tests.",
          "tags": [\(tags.map { "\"\($0)\"" }.joined(separator: ", "))],
          "minPsnr": \(minPsnr),
          "maxFrameFailures": 0,
          "minAudioCorrelation": 0.9,
          "maxAudioLagWindows": 3,
          "renderConfig": { \(config.joined(separator: ", ")) }
        }
        """
    }

    func html(name: String) -> String {
        let audio = clicks.enumerated().map { index, start in
            "  <audio id=\"click\(index)\" src=\"click.wav\" data-start=\"\(start)\" data-duration=\"0.08\"></audio>"
        }.joined(separator: "\n")
        return """
        <!doctype html>
        <html>
        <head>
        <meta charset="utf-8">
        <style>
          html, body { margin: 0; background: #203040; }
          #root { position: relative; width: 160px; height: 90px; overflow: hidden; }
          #box { position: absolute; left: 0; top: 25px; width: 40px; height: 40px; background: \(boxColor);
                 animation: slide \(duration)s linear 0s both; }
          @keyframes slide { from { transform: translateX(0); } to { transform: translateX(120px); } }
        </style>
        </head>
        <body>
        <div id="root" data-composition-id="\(name)" data-width="160" data-height="90" data-duration="\(duration)">
          <div id="box"></div>
        \(audio)
        \(extraMarkup)
        </div>
        </body>
        </html>
        """
    }
}

/// A temp directory holding `fixtures/` and `baselines/`, filled with copies of the corpus or with tiny
/// fixtures of the test's own. Nothing in the repository is ever touched.
final class HarnessWorkspace: Sendable {
    let scratch: Scratch
    var root: URL { scratch.url }
    var fixtures: URL { root.appendingPathComponent("fixtures") }
    var baselines: URL { root.appendingPathComponent("baselines") }

    /// The package root, from this file's path (Tests/FrameGateHarnessTests/RunSupport.swift).
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    init() throws {
        scratch = try Scratch()
        try FileManager.default.createDirectory(at: fixtures, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: baselines, withIntermediateDirectories: true)
    }

    /// Copies `fixtures/[distributed/]<id>` and `baselines/<id>` from the repository.
    func copyCorpus(_ id: String, distributed: Bool = false) throws {
        let group = distributed ? "distributed/" : ""
        let source = Self.repository.appendingPathComponent("fixtures/\(group)\(id)")
        let target = fixtures.appendingPathComponent("\(group)\(id)")
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: source, to: target)
        // A failures/ directory from a local run of the real corpus is not part of the fixture.
        try? FileManager.default.removeItem(at: target.appendingPathComponent("failures"))
        try FileManager.default.copyItem(at: Self.repository.appendingPathComponent("baselines/\(id)"),
                                         to: baselines.appendingPathComponent(id))
    }

    func fixtureDirectory(_ id: String, distributed: Bool = false) -> URL {
        fixtures.appendingPathComponent(distributed ? "distributed/\(id)" : id)
    }

    func failures(_ id: String, distributed: Bool = false) -> URL {
        fixtureDirectory(id, distributed: distributed).appendingPathComponent("failures")
    }

    func baseline(_ id: String) -> URL { baselines.appendingPathComponent(id) }

    @discardableResult
    func writeTiny(_ id: String, _ fixture: TinyFixture, distributed: Bool = false) throws -> URL {
        let directory = fixtureDirectory(id, distributed: distributed)
        let source = directory.appendingPathComponent("src")
        try FileManager.default.createDirectory(at: source, withIntermediateDirectories: true)
        try Data(fixture.meta(name: id).utf8).write(to: directory.appendingPathComponent("meta.json"))
        try Data(fixture.html(name: id).utf8).write(to: source.appendingPathComponent("index.html"))
        if !fixture.clicks.isEmpty {
            let click = source.appendingPathComponent("click.wav")
            if !FileManager.default.fileExists(atPath: click.path) {
                // An 80 ms tone burst: a sharp envelope onset for the correlation to lock onto.
                try Reference.ffmpeg(["-f", "lavfi", "-i", "sine=frequency=660:duration=0.08:sample_rate=48000",
                            "-ac", "1", click.path])
            }
        }
        return directory
    }

    /// Edits a file in the workspace; fails the test when `find` is absent, so a mutation can never be a no-op.
    func edit(_ relativePath: String, replacing find: String, with replacement: String,
              file: StaticString = #filePath, line: UInt = #line) throws {
        let url = root.appendingPathComponent(relativePath)
        let text = try String(contentsOf: url, encoding: .utf8)
        guard text.contains(find) else {
            XCTFail("\(relativePath) does not contain \(find.debugDescription): the mutation would change nothing",
                    file: file, line: line)
            throw NSError(domain: "edit", code: 1)
        }
        try Data(text.replacingOccurrences(of: find, with: replacement).utf8).write(to: url)
    }

    /// `framegate test --fixtures … --baselines … <arguments>`.
    func test(_ arguments: [String], environment: [String: String] = [:]) throws -> HarnessRun {
        HarnessRun(try testProcess(arguments, environment: environment))
    }

    /// The raw process result, Sendable, for runs made side by side.
    /// GitHub's variables are blanked unless a test sets them, so a test run inside a GitHub job never
    /// writes that job's step summary or annotations. An update's change report defaults to the current
    /// directory (the package, under `swift test`): tests keep it in the workspace unless they name one.
    func testProcess(_ arguments: [String], environment: [String: String] = [:]) throws -> ProcessResult {
        let report = arguments.contains("--update") && !arguments.contains("--change-report")
            ? ["--change-report", changeReport.path] : []
        return try runProcess(try framegateBinary(), ["test", "--fixtures", fixtures.path, "--baselines", baselines.path] + arguments + report,
                              environment: Self.quietGitHub.merging(environment) { $1 })
    }

    static let quietGitHub = ["GITHUB_STEP_SUMMARY": "", "GITHUB_ACTIONS": ""]

    /// Where `test(["--update"])` puts its change report.
    var changeReport: URL { root.appendingPathComponent("update-report") }

    /// Every file under `directory` (relative path → bytes), hidden entries included. Test baselines are small.
    func tree(_ directory: URL) throws -> [String: Data] {
        var result: [String: Data] = [:]
        guard let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey]) else {
            return result
        }
        let base = directory.standardizedFileURL.path
        for case let url as URL in enumerator {
            guard (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true else { continue }
            let path = String(url.standardizedFileURL.path.dropFirst(base.count + 1))
            result[path] = try Data(contentsOf: url)
        }
        return result
    }

    /// Names in `directory`, hidden ones included (temp siblings of an atomic replace start with a dot).
    func entries(_ directory: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
    }
}
