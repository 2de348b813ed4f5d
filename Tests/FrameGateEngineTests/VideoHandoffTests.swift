@testable import FrameGateBrowser
import FrameGateMedia
import Foundation
import XCTest
import FrameGateTestSupport
@testable import FrameGateEngine
import FrameGateCore

/// VideoHandoff stages frame i + 1's video frames while frame i is captured: every frame still shows the
/// source frame it must, the staged ones are drawn from the stage, and a jump is handed over directly.
final class VideoHandoffTests: XCTestCase {
    /// A 64×64 page showing `clip.mov` (an index clip of 40 frames at `clipFPS`) full size, loaded in a session.
    private struct Page {
        let project: TestProject
        let browser: Browser
        let session: CaptureSession
        let handoff: VideoHandoff

        init(clipFPS: Int) async throws {
            project = try TestProject([
                "index.html": compositionPage(width: 64, height: 64, duration: 2,
                                              style: "#v { position: absolute; left: 0; top: 0; width: 64px; height: 64px; object-fit: fill; }",
                                              body: #"<video id="v" src="clip.mov" muted></video>"#),
            ])
            let clipURL = project.dir.appendingPathComponent("clip.mov")
            try GeneratedMedia.writeIndexClip(to: clipURL, frames: 40, fps: clipFPS)
            browser = try await Browser.launch()
            session = try await CaptureSession.open(browser: browser, project: ProjectSource(root: project.root),
                                                    options: CaptureOptions(width: 64, height: 64))
            let clip = MediaClip(id: "v", kind: .video, src: "clip.mov", start: 0)
            handoff = VideoHandoff(videos: [VideoFrameSource(clip: clip, file: clipURL, frameRate: FrameRate(30))], session: session)
        }

        /// Seeks to frame `index`, shows its video frame and returns the source frame the capture shows.
        func shown(atFrame index: Int, stageNext: Bool) async throws -> Int {
            try await session.seek(to: Double(index) / 30)
            try await handoff.show(atFrame: index, stageNext: stageNext)
            let pixel = try await session.capture().image.pixel(x: 32, y: 32)
            let nearest = GeneratedMedia.nearestIndex(r: pixel.r, g: pixel.g, b: pixel.b, frames: 40)
            XCTAssertLessThanOrEqual(nearest.error, 2, "frame \(index): \(pixel) is not a clean source frame")
            return nearest.index
        }

        func close() async {
            await handoff.finish()
            await session.close()
            await browser.close()
        }
    }

    func testFramesAheadAreStagedAndShownAndAJumpIsHandedOverDirectly() async throws {
        let page = try await Page(clipFPS: 30)
        // Frames 0-3 in a row: 1, 2 and 3 were staged while the frame before them was captured.
        for index in 0...3 {
            let source = try await page.shown(atFrame: index, stageNext: index < 3)
            XCTAssertEqual(source, index)
        }
        let staged = await page.handoff.framesStaged
        XCTAssertEqual(staged, 3)
        // Control: nothing was staged for frame 20 (3 did not stage 4, and 4 is not 20): handed over directly.
        let jumped = try await page.shown(atFrame: 20, stageNext: true)
        XCTAssertEqual(jumped, 20)
        let afterJump = await page.handoff.framesStaged
        XCTAssertEqual(afterJump, 3)
        // Frame 20 staged 21, but frame 25 is shown next: the stage for 21 is never drawn.
        let skipped = try await page.shown(atFrame: 25, stageNext: false)
        XCTAssertEqual(skipped, 25)
        let afterSkip = await page.handoff.framesStaged
        XCTAssertEqual(afterSkip, 3)
        let kept = await page.handoff.framesKept
        XCTAssertEqual(kept, 0, "a 30 fps clip at 30 fps never shows a source frame twice")
        await page.close()
    }

    /// A 15 fps clip at 30 fps shows each source frame on two frames: the second time nothing is handed over,
    /// and every frame still shows the right source frame. After a reload the page has no overlay: the frame is
    /// handed over again (control: the page is asked, not trusted from memory).
    func testASourceFrameOnScreenAlreadyIsNotHandedOverAgain() async throws {
        let page = try await Page(clipFPS: 15)
        for index in 0...7 {
            let source = try await page.shown(atFrame: index, stageNext: index < 7)
            XCTAssertEqual(source, index / 2, "frame \(index)")
        }
        let kept = await page.handoff.framesKept
        XCTAssertEqual(kept, 4, "frames 1, 3, 5 and 7 repeat the source frame before them")
        let staged = await page.handoff.framesStaged
        XCTAssertEqual(staged, 3, "frames 2, 4 and 6 were staged")
        try await page.session.navigate()
        let afterReload = try await page.shown(atFrame: 7, stageNext: false)
        XCTAssertEqual(afterReload, 3)
        let keptAfterReload = await page.handoff.framesKept
        XCTAssertEqual(keptAfterReload, 4, "the reloaded page has no overlay: source frame 3 is handed over again")
        await page.close()
    }
}
