import XCTest
import FrameGateTestSupport
@testable import FrameGateHarness

final class EventTests: XCTestCase {
    func object(_ line: String) throws -> [String: Any] {
        XCTAssertFalse(line.contains("\n"))
        return try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
    }

    func testEventsAreOneLineJSONWithEventName() throws {
        let start = try object(HarnessEvent.testStart(.init(fixture: "a", mode: .inProcess, format: .pngSequence, fps: "30")).jsonLine())
        XCTAssertEqual(start["event"] as? String, "test_start")
        XCTAssertEqual(start["mode"] as? String, "in-process")
        XCTAssertEqual(start["format"] as? String, "png-sequence")

        let skipped = try object(HarnessEvent.testSkipped(.init(fixture: "b", mode: .distributedSimulated,
                                                                reason: "fps 30000/1001 has den ≠ 1")).jsonLine())
        XCTAssertEqual(skipped["event"] as? String, "test_skipped")
        XCTAssertEqual(skipped["reason"] as? String, "fps 30000/1001 has den ≠ 1")

        let checkpoints = (0..<100).map {
            VideoComparison.result(Checkpoint(index: $0, time: Double($0) / 30, frame: $0), psnr: $0 == 7 ? 12.5 : nil,
                                   missing: nil, threshold: 30)
        }
        let visual = VisualReport(duration: 4, fps: "30", width: 64, height: 64, threshold: 30, maxFrameFailures: 0, checkpoints: checkpoints)
        let digests = DigestReport(matched: 118, total: 120, renderedCount: 120, firstMismatch: 7)
        let v = try object(HarnessEvent.visualComparisonComplete(.init(fixture: "c", mode: .inProcess, visual: visual,
                                                                       digests: digests)).jsonLine())
        XCTAssertEqual(v["event"] as? String, "visual_comparison_complete")
        XCTAssertEqual(v["failedCheckpoints"] as? Int, 1)
        XCTAssertEqual(v["lowestPsnr"] as? Double, 12.5)
        XCTAssertEqual(v["passed"] as? Bool, false)
        XCTAssertEqual(v["digestsMatched"] as? Int, 118)
        XCTAssertEqual(v["digestsTotal"] as? Int, 120)

        let audio = AudioComparison.compare(rendered: nil, baseline: nil, minCorrelation: 0.9, maxLagWindows: 3, maxResidualRmsDb: nil)
        let a = try object(HarnessEvent.audioComparisonComplete(.init(fixture: "c", mode: .inProcess, audio: audio)).jsonLine())
        XCTAssertEqual(a["event"] as? String, "audio_comparison_complete")
        XCTAssertEqual(a["correlation"] as? Double, 1)
        XCTAssertTrue(a.keys.contains("residualRmsDb"), "optional fields are present as null")
        XCTAssertTrue(a["residualRmsDb"] is NSNull)

        let summary = try object(HarnessEvent.testSuiteSummary(.init(mode: .distributedSimulated, total: 5, passed: 2, failed: 2,
                                                                     skipped: 1, failuresByStage: [.visual: 2, .audio: 1],
                                                                     durationSeconds: 12.5)).jsonLine())
        XCTAssertEqual(summary["event"] as? String, "test_suite_summary")
        XCTAssertEqual(summary["skipped"] as? Int, 1)
        let stages = summary["failuresByStage"] as! [String: Int]
        XCTAssertEqual(stages["visual"], 2)
        XCTAssertEqual(stages["compiled_html"], 0)
        XCTAssertEqual(Set(stages.keys), Set(HarnessStage.allCases.map(\.rawValue)))
    }
}
