import Foundation
import XCTest
import FrameGateTestSupport
@testable import FrameGateHarness

/// `--shard I/N` balanced by the render seconds baselines recorded in environment.json.
final class ShardDurationTests: XCTestCase {
    private func lines(_ text: String) -> [String] { text.split(separator: "\n").map(String.init) }

    /// a: 10 frames that took 9 s; b, c, d: 10 frames, 1 s each; e: 20 frames, no record (estimated at the
    /// recorded 300 ms per frame: 6 s).
    private func workspace(recordDurations: Bool) throws -> HarnessWorkspace {
        let workspace = try HarnessWorkspace()
        let frames = ["a": 10, "b": 10, "c": 10, "d": 10, "e": 20]
        let seconds = ["a": 9.0, "b": 1.0, "c": 1.0, "d": 1.0]
        for (id, count) in frames {
            try workspace.writeTiny(id, TinyFixture())
            let digest = String(repeating: "0", count: 64)
            try workspace.scratch.write("{\"frames\": [\(Array(repeating: "\"\(digest)\"", count: count).joined(separator: ","))]}",
                                        to: "baselines/\(id)/digests.json")
            if recordDurations, let time = seconds[id] {
                let environment = BaselineEnvironment(chromium: "1", libav: [:], framegate: "e", fonts: [],
                                                      platform: .init(os: "Linux", osVersion: "", arch: "x86_64"),
                                                      renderSeconds: time)
                try environment.fileData().write(to: workspace.baseline(id).appendingPathComponent("environment.json"))
            }
        }
        return workspace
    }

    func testShardsAreBalancedByRecordedDurations() throws {
        let workspace = try workspace(recordDurations: true)
        let fixtures = try FixtureDiscovery.discover(in: workspace.fixtures).fixtures
        XCTAssertEqual(Shards.weights(fixtures, baselines: BaselineStore(root: workspace.baselines)),
                       ["a": 9000, "b": 1000, "c": 1000, "d": 1000, "e": 6000])
        XCTAssertEqual(lines(try workspace.test(["--list", "--shard", "1/2"]).stdout), ["a"])
        XCTAssertEqual(lines(try workspace.test(["--list", "--shard", "2/2"]).stdout), ["b", "c", "d", "e"])
        // Three shards partition the selection: every fixture exactly once, the same on every call.
        let shards = try (1...3).map { lines(try workspace.test(["--list", "--shard", "\($0)/3"]).stdout) }
        XCTAssertEqual(shards.flatMap { $0 }.sorted(), ["a", "b", "c", "d", "e"])
        XCTAssertEqual(shards, [["a"], ["e"], ["b", "c", "d"]])
        XCTAssertEqual(lines(try workspace.test(["--list", "--shard", "3/3"]).stdout), shards[2])
    }

    func testWithoutRecordedDurationsShardsGoByFrameCount() throws {
        let workspace = try workspace(recordDurations: false)
        let fixtures = try FixtureDiscovery.discover(in: workspace.fixtures).fixtures
        XCTAssertEqual(Shards.weights(fixtures, baselines: BaselineStore(root: workspace.baselines)),
                       ["a": 10, "b": 10, "c": 10, "d": 10, "e": 20])
        XCTAssertEqual(lines(try workspace.test(["--list", "--shard", "1/2"]).stdout), ["c", "e"])
        XCTAssertEqual(lines(try workspace.test(["--list", "--shard", "2/2"]).stdout), ["a", "b", "d"])
    }
}
