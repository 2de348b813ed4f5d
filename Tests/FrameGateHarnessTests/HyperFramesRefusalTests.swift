import Foundation
import XCTest
import FrameGateTestSupport

/// Through the real CLI: a Git LFS pointer where a video should be, and `renderConfig.hdr`, are refused with
/// their own codes, exit statuses and fixes, and nothing is written; the controls render.
final class HyperFramesRefusalTests: XCTestCase {
    func testAnLFSPointerVideoIsNamedAndNothingIsWritten() throws {
        let scratch = try Scratch()
        let markup = #"<video id="v" src="clip.mp4" data-start="0" data-duration="1" style="position:absolute;width:80px;height:45px"></video>"#
        let project = try TestProject(["index.html": compositionPage(duration: 1, body: markup),
                                       "clip.mp4": "version https://git-lfs.github.com/spec/v1\noid sha256:00\nsize 1\n"])
        let output = scratch.file("out.mp4")
        let run = try runProcess(try framegateBinary(), ["render", project.dir.path, "-o", output.path, "--quality", "draft"])
        XCTAssertEqual(run.status, 3, run.stderr)
        XCTAssertTrue(run.stderr.contains("error[ASSET_LFS_POINTER]: clip.mp4 is a Git LFS pointer"), run.stderr)
        XCTAssertTrue(run.stderr.contains("git lfs pull"), run.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: output.path))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: scratch.url.path), [], "no staged output left")

        // Control: without the video the same page renders.
        try project.write("index.html", compositionPage(duration: 1, body: "<p>no video</p>"))
        let control = try runProcess(try framegateBinary(), ["render", project.dir.path, "-o", output.path, "--quality", "draft"])
        XCTAssertEqual(control.status, 0, control.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: output.path))
    }

    func testAnHDRFixtureIsRefusedWithHDRNotSupportedAndAnSDRFixtureRenders() throws {
        let workspace = try HarnessWorkspace()
        try workspace.writeTiny("hdr", TinyFixture(fps: "10", hdr: true))
        try workspace.writeTiny("sdr", TinyFixture(fps: "10"))
        let refused = try workspace.test(["--update", "hdr"])
        XCTAssertNotEqual(refused.status, 0, refused.description)
        XCTAssertTrue((refused.stdout + refused.stderr).contains("error[HDR_NOT_SUPPORTED]"), refused.description)
        XCTAssertTrue((refused.stdout + refused.stderr).contains("remove \\\"hdr\\\" from renderConfig") ||
                      (refused.stdout + refused.stderr).contains("remove \"hdr\" from renderConfig"), refused.description)
        XCTAssertFalse(FileManager.default.fileExists(atPath: workspace.baseline("hdr").path), "no baseline written")
        let control = try workspace.test(["--update", "sdr"])
        XCTAssertEqual(control.status, 0, control.description)
        XCTAssertTrue(FileManager.default.fileExists(atPath: workspace.baseline("sdr").path))
    }
}
