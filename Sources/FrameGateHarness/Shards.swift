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

    /// Each fixture's cost in milliseconds of render: the `renderSeconds` its baseline's environment.json
    /// recorded; a fixture without one is estimated from its frame count at the selection's recorded
    /// milliseconds per frame (total recorded time over those fixtures' frames). With no recorded time at
    /// all, the weights are frame counts, as before the record existed. Only committed files are read, so
    /// every shard job computes the same weights.
    public static func weights(_ fixtures: [Fixture], baselines: BaselineStore) -> [String: Int] {
        var frames: [String: Int] = [:]
        var recorded: [String: Double] = [:]
        for fixture in fixtures {
            frames[fixture.id] = frameCount(of: fixture, baselines: baselines)
            if let seconds = (try? baselines.loadEnvironment(for: fixture))??.renderSeconds, seconds > 0 {
                recorded[fixture.id] = seconds
            }
        }
        guard !recorded.isEmpty else { return frames }
        // Summed in fixture order: a dictionary's order differs between processes, and a float sum with it.
        let withTime = fixtures.filter { recorded[$0.id] != nil }
        let recordedFrames = withTime.reduce(0) { $0 + (frames[$1.id] ?? 1) }
        let msPerFrame = withTime.reduce(0.0) { $0 + recorded[$1.id]! } * 1000 / Double(max(1, recordedFrames))
        return Dictionary(uniqueKeysWithValues: fixtures.map { fixture in
            let ms = recorded[fixture.id].map { $0 * 1000 } ?? Double(frames[fixture.id] ?? 1) * msPerFrame
            return (fixture.id, max(1, Int(ms.rounded())))
        })
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
