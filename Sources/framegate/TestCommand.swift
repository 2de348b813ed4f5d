import ArgumentParser
import FrameGateEngine
import FrameGateHarness
import FrameGateMedia
import Foundation
import FrameGateCore

extension HarnessMode: ExpressibleByArgument {}

struct TestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Render every fixture and compare it with its committed baseline.",
        discussion: "Exit status: 0 all passed or skipped, 1 a fixture failed, 2 a usage or configuration error.")

    @Argument(help: "Fixture names to run (default: all).")
    var fixtures: [String] = []

    @Option(help: "in-process or distributed-simulated.")
    var mode: HarnessMode = .inProcess

    @Flag(help: "Regenerate the baselines (in-process mode only). An identical render leaves a baseline untouched.")
    var update = false

    @Option(help: ArgumentHelp("--update: write the change report (changes.json, changes.html, images/) here.",
                               valueName: "dir"))
    var changeReport = "framegate-update-report"

    @Flag(help: "Run fixtures one at a time.")
    var sequential = false

    @Flag(help: "Keep each fixture's working directory.")
    var keepTemp = false

    @Option(help: "Skip fixtures with any of these tags (comma-separated).")
    var excludeTags: String?

    @Option(help: ArgumentHelp("Run only shard I of N (e.g. 2/3), balanced by recorded render time (else frame count).", valueName: "I/N"))
    var shard: String?

    @Flag(help: "Print the names of the fixtures that would run, one per line, and render nothing.")
    var list = false

    @Option(help: ArgumentHelp("Write a JUnit XML report of the run to this file.", valueName: "path"))
    var junit: String?

    @Option(help: ArgumentHelp("Write a self-contained HTML report (index.html, results.json, images) to this directory.", valueName: "dir"))
    var htmlReport: String?

    @Option(name: .customLong("fixtures"), help: "The fixtures directory.")
    var fixturesDirectory = "fixtures"

    @Option(name: .customLong("baselines"), help: "The baselines directory.")
    var baselinesDirectory = "baselines"

    func validate() throws {
        _ = try parsedShard()
        if update && mode.isDistributed {
            // A baseline must come from the reference (in-process) path; refusing here costs no render.
            throw ValidationError("--update is refused in \(mode.rawValue) mode: baselines are generated in-process only; run `framegate test --update --mode=in-process`")
        }
    }

    func run() async throws {
        var options = HarnessOptions(fixturesDirectory: URL(fileURLWithPath: fixturesDirectory),
                                     baselinesDirectory: URL(fileURLWithPath: baselinesDirectory))
        options.names = fixtures
        options.excludedTags = Set((excludeTags ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        options.mode = mode
        options.shard = try parsedShard()
        options.update = update
        if update { options.changeReportDirectory = URL(fileURLWithPath: changeReport) }
        options.sequential = sequential
        options.keepTemp = keepTemp
        let reports = RunReports(junit: junit, htmlReport: htmlReport)
        options.collectDetails = reports.wantsDetails
        let progress = ProgressReporter.isTerminal ? FixtureProgress() : nil
        options.progress = progress?.observe
        let output = LineWriter()
        let runner = HarnessRunner(options: options, emit: { event in
            if let line = try? event.jsonLine() { output.write(line + "\n") }
        }, log: { writeStderr((progress == nil ? "" : ProgressReporter.clearLine) + $0 + "\n") })
        if !list {
            try reports.checkOutputs(protecting: [.init(options.fixturesDirectory, role: "the fixtures directory"),
                                                  .init(options.baselinesDirectory, role: "the baselines directory")])
        }
        if list {
            // Names only, on stdout: a CI script can feed them back as `framegate test NAME…`.
            output.write(try runner.selectFixtures().map { $0.id + "\n" }.joined())
            return
        }
        let result = try await runner.run()
        // The environment is the HTML report's section; nothing else needs the browser's --version.
        let environment = reports.htmlReport == nil ? nil : await RunEnvironment.gather(browserOptions: options.browserOptions)
        try reports.write(RunResults(result, shard: options.shard, environment: environment), suites: [result], annotations: true,
                          changeReport: options.changeReportDirectory)
        reportPeakMemory()
        if !result.passed { throw ExitCode(ExitStatus.fixtureFailed.rawValue) }
    }

    /// A bad --shard is a usage error (exit 2), refused before any fixture is discovered.
    private func parsedShard() throws -> Shard? {
        guard let shard else { return nil }
        do { return try Shard(parsing: shard) } catch { throw ValidationError(error.message) }
    }

    /// Peak resident memory of this process alone. Browsers are separate processes and are not counted
    /// (RUSAGE_CHILDREN is no help: a posix_spawned child inherits the parent's high-water mark at exec).
    private func reportPeakMemory() {
        var own = rusage()
        getrusage(RUSAGE_SELF.rawValue, &own)
        writeStderr("peak RSS: framegate \(own.ru_maxrss / 1024) MiB (browser processes excluded)\n")
    }
}

/// `framegate test` on a terminal: one progress reporter per fixture, labelled with its id.
final class FixtureProgress: Sendable {
    private let reporters = Locked([String: ProgressReporter]())

    var observe: @Sendable (String, RenderEvent) -> Void {
        { [self] fixture, event in
            let reporter = reporters.withLock { all in
                if let existing = all[fixture] { return existing }
                let created = ProgressReporter(json: false, label: fixture)
                all[fixture] = created
                return created
            }
            reporter.handle(event)
        }
    }
}

/// Serialises stdout lines from concurrently running fixtures.
final class LineWriter: Sendable {
    private let lock = Locked(())
    func write(_ text: String) {
        lock.withLock { _ in FileHandle.standardOutput.write(Data(text.utf8)) }
    }
}
