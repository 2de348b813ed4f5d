import FrameGateHarness
import Foundation
import FrameGateCore

/// The reports a finished run writes besides its stdout events — JUnit, the HTML report with its
/// results.json, GitHub's step summary and annotations — shared by `test` and `merge-reports`.
struct RunReports {
    var junit: URL?
    var htmlReport: URL?
    /// Set by GitHub Actions: the Markdown file of the step's summary.
    var stepSummary: String?
    /// `GITHUB_ACTIONS=true`: print `::error` workflow commands for failed fixtures.
    var annotate = false

    init(junit: String?, htmlReport: String?, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.junit = junit.map { URL(fileURLWithPath: $0) }
        self.htmlReport = htmlReport.map { URL(fileURLWithPath: $0) }
        stepSummary = environment["GITHUB_STEP_SUMMARY"].flatMap { $0.isEmpty ? nil : $0 }
        annotate = environment["GITHUB_ACTIONS"] == "true"
    }

    /// Whether the run must collect per-fixture details (series, envelopes, images).
    var wantsDetails: Bool { htmlReport != nil || stepSummary != nil }

    /// Fails before a long run, not after it: the JUnit file's directory must be creatable and the report
    /// directory free for a report.
    func checkOutputs(protecting protected: [OutputPath.Protected]) throws {
        if let junit { try AtomicPublish.createDirectory(junit.deletingLastPathComponent()) }
        if let htmlReport { try ReportWriter.check(htmlReport, label: "--html-report", protecting: protected) }
    }

    /// Writes what was asked for; `annotations` is false for a merge (the shard jobs that failed annotated already).
    /// `changeReport`: an `--update` run's change report, which the HTML report carries as a section.
    func write(_ results: RunResults, suites: [SuiteResult], annotations: Bool, changeReport: URL? = nil) throws {
        if let junit {
            try JUnitReport.write(suites, to: junit)
            writeStderr("JUnit report: \(junit.path)\n")
        }
        if let htmlReport {
            try ReportWriter.write(results, to: htmlReport, changeReport: changeReport)
            writeStderr("HTML report: \(htmlReport.appendingPathComponent("index.html").path)\n")
        }
        if let stepSummary { try GitHubOutput.appendStepSummary(results, to: stepSummary) }
        // On stderr: stdout carries only JSON event lines, and the Actions runner reads commands from both.
        if annotate && annotations { GitHubOutput.annotations(results).forEach { writeStderr($0 + "\n") } }
    }
}
