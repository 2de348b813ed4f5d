import Foundation
import XCTest
import FrameGateTestSupport

/// `--mode=distributed-simulated` skips what the distributed path cannot render, with the reason, and
/// counts skips apart from passes; a fixture it can render goes through plan → chunks → assemble and passes.
final class RunDistributedSkipTests: XCTestCase {
    func testNTSCHDRAndOddRatesAreSkippedWithAReasonAndCountedApart() throws {
        let workspace = try HarnessWorkspace()
        // 24 fps, 1 s: three chunks at the default chunk size (10).
        try workspace.writeTiny("plain", TinyFixture(fps: "24"), distributed: true)
        try workspace.writeTiny("ntsc", TinyFixture(fps: "30000/1001"))
        try workspace.writeTiny("hdr", TinyFixture(fps: "30", hdr: true))
        try workspace.writeTiny("pal", TinyFixture(fps: "25"))
        let update = try workspace.test(["--update", "plain"])
        XCTAssertEqual(update.status, 0, update.description)

        let run = try workspace.test(["--mode=distributed-simulated"])
        XCTAssertEqual(run.status, 0, run.description)
        XCTAssertEqual(run.summary?["mode"] as? String, "distributed-simulated")
        XCTAssertEqual(run.summaryCount("total"), 4)
        XCTAssertEqual(run.summaryCount("passed"), 1)
        XCTAssertEqual(run.summaryCount("skipped"), 3)
        XCTAssertEqual(run.summaryCount("failed"), 0)

        let reasons: [String: String] = ["ntsc": "30000/1001", "hdr": "hdr: true", "pal": "not one of 24, 30, 60"]
        for (id, expected) in reasons {
            let skipped = try XCTUnwrap(run.event("test_skipped", fixture: id), run.stdout)
            XCTAssertEqual(skipped["mode"] as? String, "distributed-simulated")
            XCTAssertTrue((skipped["reason"] as? String ?? "").contains(expected), "\(id): \(skipped)")
            XCTAssertTrue(run.stderr.contains("SKIP \(id): "), run.stderr)
            XCTAssertTrue(run.events("visual_comparison_complete", fixture: id).isEmpty, "a skipped fixture is not compared")
            XCTAssertFalse(FileManager.default.fileExists(atPath: workspace.baseline(id).path), "no baseline was needed")
        }
        XCTAssertTrue(run.events("test_skipped", fixture: "plain").isEmpty)
        let visual = try XCTUnwrap(run.event("visual_comparison_complete", fixture: "plain"), run.stdout)
        XCTAssertEqual(visual["passed"] as? Bool, true)
        XCTAssertEqual(visual["threshold"] as? Double, 30, "max(minPsnr 30, the 10 dB floor)")
        XCTAssertEqual(visual["digestsMatched"] as? Int, 24, "distributed capture gives the in-process digests")
        XCTAssertEqual(visual["digestsTotal"] as? Int, 24)
    }
}
