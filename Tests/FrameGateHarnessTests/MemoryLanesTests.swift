import Foundation
import XCTest
import FrameGateTestSupport
@testable import FrameGateHarness

/// Two fixtures at a time, but never two heavy ones (frame area × encoder): the harness's peak memory.
final class MemoryLanesTests: XCTestCase {
    func testTheCorpusHeavyFixturesAreTheLargeFrameAndTheVP9Ones() throws {
        let repository = HarnessWorkspace.repository
        let fixtures = try FixtureDiscovery.discover(in: repository.appendingPathComponent("fixtures")).fixtures
        let lanes = MemoryLanes(fixtures, baselines: BaselineStore(root: repository.appendingPathComponent("baselines")))
        let heavy = zip(fixtures, lanes.heavy).filter { $0.1 }.map { $0.0.id }
        // perf: 1280×720 H.264; subcomposition and transparent-webm: 640×360 VP9 (with alpha). Control: the
        // 640×360 H.264 and ProRes fixtures (transparent-mov) are light.
        XCTAssertEqual(heavy, ["perf", "subcomposition", "transparent-webm"])
        XCTAssertTrue(fixtures.contains { $0.id == "transparent-mov" })
    }

    func testAHeavyFixtureWaitsForTheOtherHeavyOneButLightOnesDoNot() {
        let lanes = MemoryLanes(heavy: [true, true, false, false])
        XCTAssertEqual(lanes.next(from: [0, 1, 2, 3], heavyRunning: 0), 0)
        XCTAssertEqual(lanes.next(from: [1, 2, 3], heavyRunning: 1), 2, "the second heavy one is passed over")
        XCTAssertEqual(lanes.next(from: [1], heavyRunning: 1), nil, "nothing may start beside the heavy one")
        XCTAssertEqual(lanes.next(from: [1], heavyRunning: 0), 1)
    }
}
