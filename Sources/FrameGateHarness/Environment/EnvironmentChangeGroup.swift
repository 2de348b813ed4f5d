import Foundation

/// Failing fixtures whose baselines were made in the same other environment: the suite summary reports
/// them as one event ("12 failures share one environment change: chromium 147.0.1 → 148.0.2").
public struct EnvironmentChangeGroup: Codable, Sendable, Equatable {
    /// The transitions, e.g. "chromium 147.0.1 → 148.0.2", sorted.
    public var changes: [String]
    public var fixtures: [String]

    public init(changes: [String], fixtures: [String]) { self.changes = changes; self.fixtures = fixtures }

    public var line: String {
        let subject = fixtures.count == 1 ? "1 failure has" : "\(fixtures.count) failures share"
        return "\(subject) one environment change: \(changes.joined(separator: "; ")) (\(fixtures.joined(separator: ", ")))"
    }

    /// Failed fixtures grouped by their exact set of changes, largest group first (ties by the changes).
    static func group(_ outcomes: [FixtureOutcome]) -> [EnvironmentChangeGroup] {
        var byChanges: [[String]: [String]] = [:]
        for outcome in outcomes where !outcome.passed && outcome.skipped == nil && !outcome.environmentChanges.isEmpty {
            byChanges[outcome.environmentChanges.map(\.transition).sorted(), default: []].append(outcome.fixture)
        }
        return byChanges.map { EnvironmentChangeGroup(changes: $0.key, fixtures: $0.value.sorted()) }
            .sorted { $0.fixtures.count != $1.fixtures.count ? $0.fixtures.count > $1.fixtures.count
                                                             : $0.changes.lexicographicallyPrecedes($1.changes) }
    }
}
