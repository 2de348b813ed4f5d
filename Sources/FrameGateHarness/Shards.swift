import Foundation

/// `--shard I/N`: the I-th of N disjoint parts of a fixture selection (1-based, as CI matrices count).
public struct Shard: Equatable, Sendable {
    public var index: Int
    public var count: Int

    /// Parses "I/N" with 1 ≤ I ≤ N; anything else is a usage error whose message names the fix.
    public init(parsing text: String) throws(ShardSpecError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else {
            throw ShardSpecError(given: text, reason: "it is not I/N with whole numbers")
        }
        guard count >= 1 else { throw ShardSpecError(given: text, reason: "N must be at least 1") }
        guard (1...count).contains(index) else {
            throw ShardSpecError(given: text, reason: "I must be between 1 and \(count)")
        }
        self.index = index; self.count = count
    }

    public var description: String { "\(index)/\(count)" }
}

public struct ShardSpecError: Error, Equatable, Sendable {
    public var given: String
    public var reason: String
    public var message: String { "--shard '\(given)' is invalid: \(reason); give I/N with 1 ≤ I ≤ N, e.g. --shard 2/3" }
}

/// Splits fixtures into balanced shards. Each CI job computes the split on its own, so it must depend only
/// on the fixtures and their weights — never on the machine, the order of discovery or the clock.
public enum Shards {
    /// A fixture's cost: its frame count, read from the baseline's digests.json (one entry per frame).
    /// Capture time goes by frame count, so this is the best estimate short of recorded durations.
    /// A fixture without a readable baseline weighs 1 frame; every shard job reads the same files, so the
    /// split stays the same across jobs either way.
    public static func frameCount(of fixture: Fixture, baselines: BaselineStore) -> Int {
        guard let digests = try? FrameDigests.load(contentsOf: baselines.digests(for: fixture)) else { return 1 }
        return max(1, digests.frames.count)
    }

    /// Greedy longest-first: fixtures sorted by weight (heaviest first, ties by id) go one by one into the
    /// lightest bin (ties to the lowest bin). Every fixture lands in exactly one bin. Returns bin `shard.index`
    /// in the order of `fixtures`.
    public static func select(_ fixtures: [Fixture], shard: Shard, weight: (Fixture) -> Int) -> [Fixture] {
        let bins = assign(fixtures.map { ($0.id, weight($0)) }, into: shard.count)
        let chosen = Set(bins[shard.index - 1])
        return fixtures.filter { chosen.contains($0.id) }
    }

    /// The ids in each of `count` bins.
    public static func assign(_ items: [(id: String, weight: Int)], into count: Int) -> [[String]] {
        var bins = [[String]](repeating: [], count: count)
        var totals = [Int](repeating: 0, count: count)
        let ordered = items.sorted { $0.weight != $1.weight ? $0.weight > $1.weight : $0.id < $1.id }
        for item in ordered {
            // min(by:) returns the first minimum, so equal totals go to the lowest bin.
            let bin = totals.indices.min { totals[$0] < totals[$1] }!
            bins[bin].append(item.id)
            totals[bin] += item.weight
        }
        return bins
    }
}
