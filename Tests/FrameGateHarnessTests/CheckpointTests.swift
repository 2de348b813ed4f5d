import XCTest
import FrameGateTestSupport
import FrameGateMedia
@testable import FrameGateHarness
import FrameGateCore

final class CheckpointTests: XCTestCase {
    /// D = 2 s at 30 fps: span = 2 − 1/30 = 59/30 s; t_k = span·k/100; frame = round(59k/100).
    func testTwoSecondsAtThirtyFPS() {
        let checkpoints = Checkpoints.make(duration: 2, fps: FrameRate(30))
        XCTAssertEqual(checkpoints.count, 100)
        XCTAssertEqual(checkpoints[0].frame, 0)
        XCTAssertEqual(checkpoints[0].time, 0)
        XCTAssertEqual(checkpoints[1].frame, 1)          // 0.59 → 1
        XCTAssertEqual(checkpoints[50].frame, 30)        // 29.5 → 30 (half away from zero)
        XCTAssertEqual(checkpoints[99].frame, 58)        // 58.41 → 58
        XCTAssertEqual(checkpoints[99].time, 59.0 / 30.0 * 0.99, accuracy: 1e-12)
        XCTAssertEqual(checkpoints.map(\.index), Array(0..<100))
    }

    func testShortVideoKeepsAllHundredCheckpoints() {
        // 5 frames at 30 fps: many checkpoints share a frame; none is dropped and none exceeds frame 4.
        let checkpoints = Checkpoints.make(duration: 5.0 / 30.0, fps: FrameRate(30))
        XCTAssertEqual(checkpoints.count, 100)
        XCTAssertEqual(Set(checkpoints.map(\.frame)), [0, 1, 2, 3, 4])
        XCTAssertEqual(checkpoints.map(\.frame), checkpoints.map(\.frame).sorted())
    }

    func testDurationShorterThanOneFrameGivesFrameZero() {
        let checkpoints = Checkpoints.make(duration: 0.01, fps: FrameRate(30))
        XCTAssertTrue(checkpoints.allSatisfy { $0.frame == 0 && $0.time == 0 })
    }

    func testNTSCRate() {
        // 10 s at 30000/1001: span = 10 − 1001/30000; last frame = round(0.99·span·29.97) = round(295.7…) = 296.
        let checkpoints = Checkpoints.make(duration: 10, fps: FrameRate(30000, 1001))
        let span = 10 - 1001.0 / 30000
        XCTAssertEqual(checkpoints[99].frame, Int((span * 0.99 * 30000 / 1001).rounded()))
        XCTAssertEqual(checkpoints[99].frame, 296)
    }

    func testVisualReportCountsFailuresAndMissing() {
        func entry(_ k: Int, psnr: Double?, missing: FrameSide? = nil, threshold: Double = 30) -> CheckpointResult {
            VideoComparison.result(Checkpoint(index: k, time: Double(k), frame: k), psnr: psnr, missing: missing, threshold: threshold)
        }
        // Identical (nil) passes; 29.9 fails against 30; 30 passes (≥).
        let entries = [entry(0, psnr: nil), entry(1, psnr: 29.9), entry(2, psnr: 30), entry(3, psnr: 45)]
        XCTAssertEqual(entries.map(\.passed), [true, false, true, true])
        let within = VisualReport(duration: 1, fps: "30", width: 2, height: 2, threshold: 30, maxFrameFailures: 1, checkpoints: entries)
        XCTAssertTrue(within.passed)
        XCTAssertEqual(within.failedCount, 1)
        XCTAssertEqual(within.lowestPSNR, 29.9)
        let strict = VisualReport(duration: 1, fps: "30", width: 2, height: 2, threshold: 30, maxFrameFailures: 0, checkpoints: entries)
        XCTAssertFalse(strict.passed)

        // A missing frame fails the check even when maxFrameFailures would allow it.
        let missing = entries + [entry(4, psnr: nil, missing: .rendered)]
        XCTAssertFalse(missing.last!.passed)
        let report = VisualReport(duration: 1, fps: "30", width: 2, height: 2, threshold: 30, maxFrameFailures: 50, checkpoints: missing)
        XCTAssertFalse(report.passed)
        XCTAssertEqual(report.missingCount, 1)
        XCTAssertTrue(report.reason?.contains("missing") ?? false)
    }

    func testPathologyFloor() {
        XCTAssertEqual(ComparisonOptions(minPsnr: 5, pathologyFloor: false).threshold, 5)
        XCTAssertEqual(ComparisonOptions(minPsnr: 5, pathologyFloor: true).threshold, 10)
        XCTAssertEqual(ComparisonOptions(minPsnr: 30, pathologyFloor: true).threshold, 30)
    }
}
