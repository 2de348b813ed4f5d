import Foundation
import XCTest
import FrameGateTestSupport
@testable import FrameGateHarness

/// `framegate test --list` and `--shard I/N`: what would run, split deterministically and balanced.
final class ShardListTests: XCTestCase {
    private func lines(_ text: String) -> [String] { text.split(separator: "\n").map(String.init) }

    func testListPrintsTheSelectionOnePerLineAndRendersNothing() throws {
        let workspace = try HarnessWorkspace()
        try workspace.writeTiny("alpha", TinyFixture())
        try workspace.writeTiny("beta", TinyFixture(tags: ["slow"]))
        try workspace.writeTiny("gamma", TinyFixture(), distributed: true)
        let before = try workspace.tree(workspace.root)

        let all = try workspace.test(["--list"])
        XCTAssertEqual(all.status, 0, all.description)
        XCTAssertEqual(lines(all.stdout), ["alpha", "beta", "gamma"])
        XCTAssertEqual(lines(try workspace.test(["--list", "--exclude-tags", "slow"]).stdout), ["alpha", "gamma"])
        XCTAssertEqual(lines(try workspace.test(["--list", "gamma", "beta"]).stdout), ["beta", "gamma"])
        // Nothing rendered: no run started, no baseline written (none exist, so a run would have failed), no
        // failures/ directory, not a byte changed.
        XCTAssertFalse(all.stderr.contains("framegate test:"), all.stderr)
        XCTAssertTrue(all.events.isEmpty, "--list prints names, not events: \(all.stdout)")
        XCTAssertEqual(try workspace.tree(workspace.root), before)
        // Control: the same selection without --list runs and fails for want of baselines.
        let run = try workspace.test(["alpha"])
        XCTAssertEqual(run.status, 1, run.description)
        XCTAssertTrue(run.stderr.contains("FAIL alpha"), run.stderr)
        // A name that matches nothing is still a usage error under --list.
        let unknown = try workspace.test(["--list", "delta"])
        XCTAssertEqual(unknown.status, 2, unknown.description)
        XCTAssertTrue(unknown.stderr.contains("error[INVALID_ARGUMENT]: "), unknown.stderr)
    }

    /// The repository's real corpus: the three shards of 3 partition it, every fixture exactly once, and the
    /// split is balanced by frame count within the greedy bound (max − min ≤ the heaviest fixture).
    func testThreeShardsOfTheCorpusCoverEveryFixtureExactlyOnce() throws {
        let repository = HarnessWorkspace.repository
        let binary = try framegateBinary()
        func list(_ extra: [String]) throws -> [String] {
            let run = try runProcess(binary, ["test", "--fixtures", repository.appendingPathComponent("fixtures").path,
                                              "--baselines", repository.appendingPathComponent("baselines").path, "--list"] + extra)
            XCTAssertEqual(run.status, 0, run.stderr)
            return lines(run.stdout)
        }
        let everything = try list([])
        XCTAssertGreaterThanOrEqual(everything.count, 10, "the corpus should have been listed: \(everything)")
        let shards = try (1...3).map { try list(["--shard", "\($0)/3"]) }
        XCTAssertEqual(shards.flatMap { $0 }.sorted(), everything.sorted(), "the shards must partition the corpus")
        XCTAssertEqual(Set(shards.flatMap { $0 }).count, everything.count, "a fixture landed in two shards")
        for shard in shards { XCTAssertFalse(shard.isEmpty, "\(shards)") }
        // Deterministic: the same shard computed again is the same list.
        XCTAssertEqual(try list(["--shard", "2/3"]), shards[1])

        // Balance, with frame counts read independently of the harness (the digests.json entry count).
        func frames(_ id: String) throws -> Int {
            let url = repository.appendingPathComponent("baselines/\(id)/digests.json")
            let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any]
            return (object?["frames"] as? [Any])?.count ?? 0
        }
        let totals = try shards.map { try $0.map(frames).reduce(0, +) }
        let heaviest = try everything.map(frames).max() ?? 0
        XCTAssertLessThanOrEqual(totals.max()! - totals.min()!, heaviest, "unbalanced shards: \(totals)")
        // A single shard is the whole corpus.
        XCTAssertEqual(try list(["--shard", "1/1"]), everything)
    }

    func testBadShardValuesAreUsageErrors() throws {
        let workspace = try HarnessWorkspace()
        try workspace.writeTiny("alpha", TinyFixture())
        for value in ["0/3", "4/3", "x", "1/0", "1/3/3", "/3", "-1/3"] {
            // The `=` spelling, so "-1/3" is a value and not taken for an option.
            let run = try workspace.test(["--list", "--shard=\(value)"])
            XCTAssertEqual(run.status, 2, "\(value): \(run.description)")
            XCTAssertTrue(run.stderr.hasPrefix("error[INVALID_ARGUMENT]: "), "\(value): \(run.stderr)")
            XCTAssertTrue(run.stderr.contains("--shard '\(value)' is invalid"), "\(value): \(run.stderr)")
            XCTAssertEqual(run.stdout, "", value)
        }
        // Control: the edge values that are valid.
        for value in ["1/3", "3/3", "1/1"] {
            let run = try workspace.test(["--list", "--shard", value])
            XCTAssertEqual(run.status, 0, "\(value): \(run.description)")
        }
    }

    func testGreedyAssignmentIsBalancedAndBreaksTiesByName() {
        // 10 and 9 go to different bins; each 1 then goes to the lighter bin (at 10 all, the lower one).
        let bins = Shards.assign([("c", 1), ("a", 10), ("e", 1), ("b", 9), ("d", 1)], into: 2)
        XCTAssertEqual(bins, [["a", "d"], ["b", "c", "e"]])
        // Equal weights: alphabetical round-robin, independent of the input order.
        XCTAssertEqual(Shards.assign([("z", 5), ("y", 5), ("x", 5)], into: 3), [["x"], ["y"], ["z"]])
        XCTAssertEqual(Shards.assign([("x", 5), ("z", 5), ("y", 5)], into: 3), [["x"], ["y"], ["z"]])
        // More shards than fixtures: the extra shards are empty, nothing is duplicated.
        XCTAssertEqual(Shards.assign([("only", 3)], into: 3), [["only"], [], []])
    }
}
