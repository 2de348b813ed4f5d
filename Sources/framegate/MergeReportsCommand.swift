import ArgumentParser
import FrameGateHarness
import Foundation
import FrameGateCore

/// `framegate merge-reports DIR...`: the shards' (and modes') report directories as one suite.
struct MergeReportsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge-reports",
        abstract: "Merge the report directories of several `framegate test --html-report` runs (shards, modes).",
        discussion: "Reads DIR/results.json of each. Exit status: 0 every fixture passed or was skipped, 1 a fixture failed, 2 a missing or malformed results.json or a fixture+mode in two inputs.")

    @Argument(help: ArgumentHelp("Report directories written by `framegate test --html-report`.", valueName: "dir"))
    var directories: [String]

    @Option(help: ArgumentHelp("Write the merged HTML report (index.html, results.json, images) to this directory.", valueName: "dir"))
    var htmlReport: String?

    @Option(help: ArgumentHelp("Write a JUnit XML report of the merged suite to this file.", valueName: "path"))
    var junit: String?

    func run() async throws {
        let inputs = directories.map { URL(fileURLWithPath: $0) }
        let reports = RunReports(junit: junit, htmlReport: htmlReport)
        try reports.checkOutputs(protecting: inputs.map { .init($0, role: "an input report directory") })
        let merged = try ReportWriter.merge(inputs)
        try reports.write(merged, suites: merged.suites, annotations: false)
        merged.summaries.forEach { writeStderr($0.line + "\n") }
        if !merged.passed { throw ExitCode(ExitStatus.fixtureFailed.rawValue) }
    }
}
