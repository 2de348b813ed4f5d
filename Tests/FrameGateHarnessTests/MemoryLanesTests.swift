import Foundation
import XCTest
import FrameGateTestSupport
@testable import FrameGateHarness

/// Two fixtures at a time, within a memory budget (frame area × encoder): the harness's peak memory.
final class MemoryLanesTests: XCTestCase {
    func testTheCorpusEstimatesFollowFrameAreaAndEncoder() throws {
        let repository = HarnessWorkspace.repository
        let fixtures = try FixtureDiscovery.discover(in: repository.appendingPathComponent("fixtures")).fixtures
        let lanes = MemoryLanes(fixtures, baselines: BaselineStore(root: repository.appendingPathComponent("baselines")))
        let estimate = { (id: String) in lanes.estimates[try XCTUnwrap(fixtures.firstIndex { $0.id == id })] }
        // 640×360 H.264, 1280×720 H.264 (four times the area), 640×360 VP9.
        XCTAssertEqual(try estimate("gsap-timeline"), 46)
        XCTAssertEqual(try estimate("perf"), 94)
        XCTAssertEqual(try estimate("subcomposition"), 166)
        XCTAssertEqual(lanes.solitary.map { fixtures[$0].id }, ["subcomposition", "transparent-webm"])
        // perf fits beside a light fixture; a VP9 one fits beside nothing (control: two light ones fit).
        let (perf, light, vp9) = (try estimate("perf"), try estimate("gsap-timeline"), try estimate("subcomposition"))
        XCTAssertLessThanOrEqual(perf + light, MemoryLanes.budgetMiB)
        XCTAssertGreaterThan(vp9 + light, MemoryLanes.budgetMiB)
        XCTAssertLessThanOrEqual(light + light, MemoryLanes.budgetMiB)
    }

    func testAFixtureStartsOnlyWhenItFitsBesideThoseRunning() {
        let lanes = MemoryLanes(estimates: [166, 94, 46, 46])
        XCTAssertEqual(lanes.next(from: [0, 1, 2, 3], running: []), 0, "anything starts when nothing runs")
        XCTAssertEqual(lanes.next(from: [1, 2, 3], running: [0]), nil, "nothing fits beside the VP9 one")
        XCTAssertEqual(lanes.next(from: [1, 2, 3], running: [2]), 1, "perf fits beside a light one")
        XCTAssertEqual(lanes.next(from: [2, 3], running: [1]), 2)
        XCTAssertEqual(MemoryLanes(estimates: [300]).next(from: [0], running: []), 0, "too large for the budget: alone")
    }
}
