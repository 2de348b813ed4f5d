import Foundation
import FrameGateCore

/// `DIR/results.json`: the machine-readable run behind the HTML report, and what `merge-reports` reads.
/// A run of `framegate test` writes one `run` and its outcomes; a merge holds every input's runs and the
/// union of their outcomes (each fixture+mode once). Image paths are relative to DIR.
public struct RunResults: Codable, Sendable, Equatable {
    public static let currentVersion = 1
    public static let fileName = "results.json"

    public var version: Int
    public var runs: [RunInfo]
    /// Failing first, then by fixture and mode (the report's order).
    public var outcomes: [OutcomeRecord]

    public init(runs: [RunInfo], outcomes: [OutcomeRecord]) {
        version = Self.currentVersion
        self.runs = runs
        self.outcomes = outcomes.sorted { ($0.status.rank, $0.fixture, $0.mode.rawValue) < ($1.status.rank, $1.fixture, $1.mode.rawValue) }
    }

    /// The run of one `framegate test` invocation, image paths still absolute (see `ReportWriter`).
    public init(_ result: SuiteResult, shard: Shard?, environment: RunEnvironment?) {
        self.init(runs: [RunInfo(mode: result.summary.mode, shard: shard?.description, summary: result.summary,
                                 environment: environment)],
                  outcomes: result.outcomes.map { OutcomeRecord($0, mode: result.summary.mode) })
    }

    public var passed: Bool { !outcomes.contains { $0.status == .failed } }

    /// The suite summary per mode, over every outcome (a merge of shards sums to the unsharded run's).
    public var summaries: [HarnessEvent.TestSuiteSummary] {
        let modes = HarnessMode.allCases.filter { mode in outcomes.contains { $0.mode == mode } || runs.contains { $0.mode == mode } }
        return modes.map { mode in
            let mine = outcomes.filter { $0.mode == mode }
            var byStage: [HarnessStage: Int] = [:]
            for outcome in mine { for stage in Set(outcome.failures.map(\.stage)) { byStage[stage, default: 0] += 1 } }
            return HarnessEvent.TestSuiteSummary(
                mode: mode, total: mine.count, passed: mine.filter { $0.status == .passed || $0.status == .updated }.count,
                failed: mine.filter { $0.status == .failed }.count, skipped: mine.filter { $0.status == .skipped }.count,
                failuresByStage: byStage,
                durationSeconds: runs.filter { $0.mode == mode }.map(\.summary.durationSeconds).reduce(0, +))
        }
    }

    /// The outcomes as the harness's own type, per mode: what `JUnitReport` writes.
    public var suites: [SuiteResult] {
        summaries.map { summary in
            SuiteResult(outcomes: outcomes.filter { $0.mode == summary.mode }.sorted { $0.fixture < $1.fixture }.map(\.fixtureOutcome),
                        summary: summary)
        }
    }

    public func write(to directory: URL) throws {
        try AtomicPublish.write(try HarnessJSON.fileData(self), to: directory.appendingPathComponent(Self.fileName))
    }

    /// Reads DIR/results.json; anything missing, unreadable or of another version is a usage error naming the file.
    public static func load(from directory: URL) throws -> RunResults {
        let url = directory.appendingPathComponent(fileName)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw HarnessError.invalidResults(path: url.path, reason: "it does not exist; pass a directory written by `framegate test --html-report DIR`")
        }
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw HarnessError.invalidResults(path: url.path, reason: "cannot read it: \(error.localizedDescription)")
        }
        let results: RunResults
        do { results = try JSONDecoder().decode(RunResults.self, from: data) } catch {
            throw HarnessError.invalidResults(path: url.path, reason: "it is not a FrameGate results file (\(Self.describe(error))); regenerate it with `framegate test --html-report DIR`")
        }
        guard results.version == currentVersion else {
            throw HarnessError.invalidResults(path: url.path, reason: "version \(results.version) is not \(currentVersion); regenerate it with this framegate")
        }
        return results
    }

    static func describe(_ error: Error) -> String {
        switch error {
        case let DecodingError.keyNotFound(key, context):
            return "missing \((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))"
        case let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context):
            return "wrong type at \(context.codingPath.map(\.stringValue).joined(separator: ".")): \(context.debugDescription)"
        case let DecodingError.dataCorrupted(context):
            return context.debugDescription
        default:
            return "\(error)"
        }
    }
}

public struct RunInfo: Codable, Sendable, Equatable {
    public var mode: HarnessMode
    /// `I/N`, or nil for a whole run.
    public var shard: String?
    public var summary: HarnessEvent.TestSuiteSummary
    /// nil when the run wrote no HTML report (nothing read it).
    public var environment: RunEnvironment?
}

public struct OutcomeRecord: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable {
        case failed, passed, updated, skipped
        var rank: Int { switch self { case .failed: 0; case .passed: 1; case .updated: 2; case .skipped: 3 } }
    }

    public struct Failure: Codable, Sendable, Equatable {
        public var stage: HarnessStage
        public var reason: String
    }

    public struct Stage: Codable, Sendable, Equatable {
        public var stage: HarnessStage
        public var passed: Bool
    }

    public var fixture: String
    public var mode: HarnessMode
    public var status: Status
    public var skipped: String?
    public var failures: [Failure]
    public var warnings: [String]
    /// Every stage that ran, with its verdict (render first).
    public var stages: [Stage]
    public var seconds: Double
    public var details: FixtureDetails?

    public init(_ outcome: FixtureOutcome, mode: HarnessMode) {
        fixture = outcome.fixture
        self.mode = mode
        status = outcome.skipped != nil ? .skipped : !outcome.failures.isEmpty ? .failed : outcome.updated ? .updated : .passed
        skipped = outcome.skipped
        failures = outcome.failures.map { Failure(stage: $0.stage, reason: $0.reason) }
        warnings = outcome.warnings
        seconds = (outcome.seconds * 1000).rounded() / 1000
        details = outcome.details
        let failed = Set(outcome.failures.map(\.stage))
        let ran: [HarnessStage] = outcome.skipped != nil ? [] : [.render] + (outcome.details?.checked ?? []) + outcome.failures.map(\.stage)
        var seen = Set<HarnessStage>()
        stages = ran.filter { seen.insert($0).inserted }.map { Stage(stage: $0, passed: !failed.contains($0)) }
    }

    var fixtureOutcome: FixtureOutcome {
        var outcome = FixtureOutcome(fixture: fixture)
        outcome.skipped = skipped
        outcome.failures = failures.map { ($0.stage, $0.reason) }
        outcome.warnings = warnings
        outcome.updated = status == .updated
        outcome.seconds = seconds
        outcome.details = details
        return outcome
    }
}
