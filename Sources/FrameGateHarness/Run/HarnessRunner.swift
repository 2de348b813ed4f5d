import FrameGateBrowser
import FrameGateEngine
import FrameGateMedia
import Foundation
import FrameGateCore

public struct HarnessOptions: Sendable {
    public var fixturesDirectory: URL
    public var baselinesDirectory: URL
    public var names: [String] = []
    public var excludedTags: Set<String> = []
    /// Only this part of the selection (after names and excluded tags), balanced by recorded render
    /// seconds where baselines have them, else by frame count (`Shards.weights`).
    public var shard: Shard?
    public var mode: HarnessMode = .inProcess
    public var update = false
    /// --update: where the change report goes (changes.json, changes.html, images/); nil writes none.
    public var changeReportDirectory: URL?
    public var sequential = false
    public var keepTemp = false
    /// Fixtures rendered at once; each runs its own browser, so the default is the core count.
    public var parallelism = max(1, ProcessInfo.processInfo.activeProcessorCount)
    public var browserOptions = BrowserOptions()
    /// Fill each outcome's `details` (stage results, per-frame series, envelopes, images) for the reports.
    public var collectDetails = false
    /// Each fixture's render progress (fixture id, event): the CLI's progress line. nil = not observed.
    public var progress: (@Sendable (String, RenderEvent) -> Void)?

    public init(fixturesDirectory: URL, baselinesDirectory: URL) {
        self.fixturesDirectory = fixturesDirectory
        self.baselinesDirectory = baselinesDirectory
    }
}

public struct SuiteResult: Sendable {
    public var outcomes: [FixtureOutcome]
    public var summary: HarnessEvent.TestSuiteSummary
    public var passed: Bool { summary.failed == 0 }
}

/// `framegate test`: renders every selected fixture in one mode, checks it against its baseline (or, with
/// --update, replaces the baseline), and reports line-delimited events plus a human log.
public struct HarnessRunner: Sendable {
    public var options: HarnessOptions
    public var emit: @Sendable (HarnessEvent) -> Void
    public var log: @Sendable (String) -> Void

    public init(options: HarnessOptions, emit: @escaping @Sendable (HarnessEvent) -> Void,
                log: @escaping @Sendable (String) -> Void) {
        self.options = options; self.emit = emit; self.log = log
    }

    /// Fixture selection and config problems throw (the CLI exits 2); fixture failures are in the result.
    public func run() async throws -> SuiteResult {
        let started = DispatchTime.now()
        let fixtures = try selectFixtures()
        // --update holds the baselines directory exclusively: a second update fails at once
        // (BASELINES_LOCKED) instead of interleaving its replacements with ours. The kernel drops the
        // lock when this process exits, however it exits.
        var updateLock: DirectoryLock?
        if options.update {
            switch try DirectoryLock.tryAcquire(options.baselinesDirectory) {
            case let .success(lock): updateLock = lock
            case .failure: throw HarnessError.baselinesLocked(path: options.baselinesDirectory.path)
            }
        }
        defer { withExtendedLifetime(updateLock) {} }
        let recorder = try options.update ? options.changeReportDirectory.map {
            try ChangeReportRecorder(destination: $0, protecting: [.init(options.fixturesDirectory, role: "the fixtures directory"),
                                                                   .init(options.baselinesDirectory, role: "the baselines directory")])
        } : nil
        let lanes = options.sequential ? 1 : max(1, min(options.parallelism, fixtures.count))
        let memory = MemoryLanes(fixtures, baselines: BaselineStore(root: options.baselinesDirectory))
        let solitary = memory.solitary.map { fixtures[$0].id }
        let budget = lanes > 1 && !solitary.isEmpty ? " (\(solitary.joined(separator: ", ")) alone, for memory)" : ""
        log("framegate test: \(fixtures.count) fixture(s)\(options.shard.map { " (shard \($0.description))" } ?? ""), mode \(options.mode.rawValue)\(options.update ? ", updating baselines" : ""), \(lanes) at a time\(budget)")

        let outcomes = try await withThrowingTaskGroup(of: (Int, FixtureOutcome).self) { group in
            var pending = Array(fixtures.indices)
            var running: [Int] = []
            // Starts fixtures while a lane is free and MemoryLanes fits one in beside those running.
            func startAdmitted() {
                while running.count < lanes, let index = memory.next(from: pending, running: running) {
                    pending.removeAll { $0 == index }
                    running.append(index)
                    group.addTask {
                        let started = DispatchTime.now()
                        var outcome = await runFixture(fixtures[index], changeReport: recorder)
                        outcome.seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
                        return (index, outcome)
                    }
                }
            }
            startAdmitted()
            var results = [FixtureOutcome?](repeating: nil, count: fixtures.count)
            while let (index, outcome) = try await group.next() {
                results[index] = outcome
                running.removeAll { $0 == index }
                // The fixture's frames, encoders and decoders are gone: the next one starts from a low mark.
                MallocTuning.releaseFreeMemory()
                startAdmitted()
            }
            return results.compactMap { $0 }
        }

        var byStage: [HarnessStage: Int] = [:]
        for outcome in outcomes {
            for stage in Set(outcome.failures.map(\.stage)) { byStage[stage, default: 0] += 1 }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        let environmentGroups = EnvironmentChangeGroup.group(outcomes)
        let summary = HarnessEvent.TestSuiteSummary(
            mode: options.mode, total: outcomes.count, passed: outcomes.filter(\.passed).count,
            failed: outcomes.filter { $0.skipped == nil && !$0.passed }.count,
            skipped: outcomes.filter { $0.skipped != nil }.count, failuresByStage: byStage, durationSeconds: seconds,
            environmentChanges: environmentGroups)
        emit(.testSuiteSummary(summary))
        log(summary.line)
        environmentGroups.forEach { log($0.line) }
        if let recorder {
            for outcome in outcomes where outcome.change == nil {
                var failed = FixtureChange(fixture: outcome.fixture, status: .failed)
                failed.reason = outcome.failures.map(\.reason).joined(separator: "; ")
                recorder.record(failed)
            }
            let report = try recorder.publish()
            log("change report: \(recorder.destination.appendingPathComponent(ChangeReportRecorder.htmlName).path) (\(report.changed) changed, \(report.new) new, \(report.unchanged) unchanged, \(report.failed) failed)")
        }
        return SuiteResult(outcomes: outcomes, summary: summary)
    }

    /// The fixtures this run covers, in id order: names, then excluded tags, then the shard. `--list` prints
    /// exactly these, so what it shows is what a run would render.
    public func selectFixtures() throws -> [Fixture] {
        let discovered = try FixtureDiscovery.discover(in: options.fixturesDirectory)
        discovered.warnings.forEach { log("warning: \($0)") }
        let selected = try FixtureDiscovery.select(discovered.fixtures, names: options.names, excludedTags: options.excludedTags)
        guard let shard = options.shard else { return selected }
        let weights = Shards.weights(selected, baselines: BaselineStore(root: options.baselinesDirectory))
        return Shards.select(selected, shard: shard) { weights[$0.id] ?? 1 }
    }

    func runFixture(_ fixture: Fixture, changeReport: ChangeReportRecorder? = nil) async -> FixtureOutcome {
        var outcome = FixtureOutcome(fixture: fixture.id)
        if options.collectDetails {
            outcome.details = FixtureDetails()
            outcome.details?.meta = Self.relativeToWorkingDirectory(fixture.metaURL)
        }
        let format = fixture.meta.renderConfig.effectiveFormat
        emit(.testStart(.init(fixture: fixture.id, mode: options.mode, format: format, fps: fixture.meta.renderConfig.fps.description)))
        if options.mode.isDistributed, let reason = FixtureRender.distributedSkipReason(fixture.meta) {
            outcome.skipped = reason
            emit(.testSkipped(.init(fixture: fixture.id, mode: options.mode, reason: reason)))
            log("SKIP \(fixture.id): \(reason)")
            return outcome
        }
        let baselines = BaselineStore(root: options.baselinesDirectory)
        if !options.update && !baselines.exists(for: fixture) {
            outcome.failures.append((.render, "no baseline at \(baselines.output(for: fixture).path); run `framegate test --update \(fixture.id)`"))
            log("FAIL \(fixture.id): \(outcome.failures[0].reason)")
            return outcome
        }

        let started = DispatchTime.now()
        let work: TemporaryDirectory
        do { work = try TemporaryDirectory(prefix: "framegate-test-\(fixture.id)") } catch {
            outcome.failures.append((.render, "\(error)"))
            return outcome
        }
        defer { if !options.keepTemp { work.remove() } else { log("kept \(fixture.id) work directory: \(work.url.path)") } }

        let rendered: RenderedFixture
        let environment: BaselineEnvironment?
        do {
            let progress = options.progress
            rendered = try await FixtureRender.render(fixture, mode: options.mode, workDir: work.url,
                                                      browserOptions: options.browserOptions,
                                                      observer: { event in progress?(fixture.id, event) })
            let renderSeconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
            // An update records what the baseline is made with (one more browser launch, for its fonts).
            environment = options.update
                ? try await EnvironmentProbe.current(for: fixture, compiledHTML: rendered.compiledHTML,
                                                     renderSeconds: renderSeconds, browserOptions: options.browserOptions)
                : nil
        } catch {
            outcome.failures.append((.render, "\(error)"))
            log("FAIL \(fixture.id) [render]: \(error)")
            return outcome
        }

        let rendering = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        outcome.details?.renderSeconds = rendering
        // Decoding, metrics and baseline writes block: they run on a queue of their own, not on a task thread.
        let (options, emit) = (self.options, self.emit)
        outcome = await (try? WorkQueue(label: "check-\(fixture.id)").run { [outcome] in
            var checked = outcome
            do {
                if options.update {
                    checked.change = try BaselineUpdate.apply(fixture, rendered: rendered, baselines: baselines,
                                                              environment: environment, reportRoot: changeReport?.root)
                    checked.updated = true
                } else {
                    try FixtureCheck.run(fixture, rendered: rendered, baselines: baselines, mode: options.mode,
                                         emit: emit, into: &checked)
                }
            } catch {
                checked.failures.append((.visual, "\(error)"))
            }
            return checked
        }) ?? outcome
        if !options.update, !outcome.passed {
            await explainByEnvironment(fixture, rendered: rendered, baselines: baselines, into: &outcome)
        }
        if let change = outcome.change { changeReport?.record(change) }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        outcome.details?.checkSeconds = seconds - rendering
        outcome.warnings.forEach { log("warning: \(fixture.id): \($0)") }
        if outcome.passed {
            log(String(format: "%@ %@ (%.1f s)%@", outcome.updated ? "UPDATED" : "PASS", fixture.id, seconds,
                       outcome.change.map { ", " + $0.summary } ?? ""))
        } else {
            for failure in outcome.failures { log("FAIL \(fixture.id) [\(failure.stage.rawValue)]: \(failure.reason)") }
            if !options.update { log("     artifacts: \(fixture.failuresDirectory.path)") }
        }
        return outcome
    }

    /// `fixtures/NAME/meta.json` when the fixtures are under the working directory (a CI checkout), else absolute.
    static func relativeToWorkingDirectory(_ url: URL) -> String {
        let base = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL.path
        let path = url.standardizedFileURL.path
        return path.hasPrefix(base + "/") ? String(path.dropFirst(base.count + 1)) : path
    }
}

extension HarnessRunner {
    /// A failed check against a baseline that recorded its environment: gathers this run's and, when a
    /// component differs, says so in every failure ("baseline made with chromium A, this run B"). A
    /// baseline without environment.json is unknown: nothing is claimed.
    func explainByEnvironment(_ fixture: Fixture, rendered: RenderedFixture, baselines: BaselineStore,
                              into outcome: inout FixtureOutcome) async {
        let recorded: BaselineEnvironment?
        do { recorded = try baselines.loadEnvironment(for: fixture) } catch {
            outcome.warnings.append("\(error)")
            return
        }
        guard let recorded else { return }
        let current: BaselineEnvironment
        do {
            current = try await EnvironmentProbe.current(for: fixture, compiledHTML: rendered.compiledHTML, renderSeconds: nil,
                                                         browserOptions: options.browserOptions)
        } catch {
            outcome.warnings.append("could not gather this run's environment to compare with the baseline's: \(error)")
            return
        }
        let changes = current.changes(since: recorded)
        guard !changes.isEmpty else { return }
        outcome.environmentChanges = changes
        let explanation = " (" + changes.map(\.sentence).joined(separator: "; ") + ")"
        outcome.failures = outcome.failures.map { ($0.stage, $0.reason + explanation) }
    }
}
