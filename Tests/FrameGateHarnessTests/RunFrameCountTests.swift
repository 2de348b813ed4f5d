import Foundation
import XCTest
import FrameGateTestSupport

/// A dropped frame in a video output. Checkpoints span only the shorter file, so before the frame-count
/// check in FixtureCheck a render (or baseline) one frame short passed every checkpoint.
final class RunFrameCountTests: XCTestCase {
    func testOneFrameShortOnEitherSideIsAFrameCountFailure() throws {
        let workspace = try HarnessWorkspace()
        try workspace.writeTiny("short-render", TinyFixture())
        try workspace.writeTiny("short-baseline", TinyFixture())
        let update = try workspace.test(["--update"])
        XCTAssertEqual(update.status, 0, update.description)
        let clean = try workspace.test([])
        XCTAssertEqual(clean.status, 0, clean.description)

        // The fixture loses its last frame (1 s → 0.9 s at 10 fps)...
        try workspace.edit("fixtures/short-render/src/index.html",
                           replacing: "data-duration=\"1.0\"", with: "data-duration=\"0.9\"")
        // ...and a baseline loses its last frame (packets copied, nothing re-encoded).
        let baseline = workspace.baseline("short-baseline").appendingPathComponent("output.mp4")
        let trimmed = workspace.root.appendingPathComponent("trimmed.mp4")
        try Reference.ffmpeg(["-i", baseline.path, "-frames:v", "9", "-c", "copy", trimmed.path])
        XCTAssertEqual(try Reference.frameCount(trimmed), 9)
        try FileManager.default.removeItem(at: baseline)
        try FileManager.default.moveItem(at: trimmed, to: baseline)

        let run = try workspace.test([])
        XCTAssertEqual(run.status, 1, run.description)
        XCTAssertEqual(run.summaryCount("failed"), 2)
        XCTAssertEqual(run.failuresByStage("visual"), 2)
        for (id, reason) in [("short-render", "frame count: rendered 9 frames, baseline has 10"),
                             ("short-baseline", "frame count: rendered 10 frames, baseline has 9")] {
            XCTAssertEqual(run.failedStages(id), ["visual"], run.stderr)
            let visual = try XCTUnwrap(run.event("visual_comparison_complete", fixture: id))
            XCTAssertEqual(visual["passed"] as? Bool, false)
            XCTAssertEqual(visual["missingCheckpoints"] as? Int, 0, "every checkpoint of the shorter file exists")
            XCTAssertTrue((visual["reason"] as? String ?? "").contains(reason), "\(visual)")
            XCTAssertTrue(run.stderr.contains("FAIL \(id) [visual]: \(reason)"), run.stderr)
        }
    }
}
