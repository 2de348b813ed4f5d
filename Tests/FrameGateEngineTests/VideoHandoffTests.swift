import FrameGateBrowser
import FrameGateMedia
import Foundation
import XCTest
import FrameGateTestSupport
@testable import FrameGateEngine
import FrameGateCore

/// VideoHandoff stages frame i + 1's video frames while frame i is captured: every frame still shows the
/// source frame it must, the staged ones are drawn from the stage, and a jump is handed over directly.
final class VideoHandoffTests: XCTestCase {
    func testFramesAheadAreStagedAndShownAndAJumpIsHandedOverDirectly() async throws {
        let project = try TestProject([
            "index.html": compositionPage(width: 64, height: 64, duration: 2,
                                          style: "#v { position: absolute; left: 0; top: 0; width: 64px; height: 64px; object-fit: fill; }",
                                          body: #"<video id="v" src="clip.mov" muted></video>"#),
        ])
        let clipURL = project.dir.appendingPathComponent("clip.mov")
        try GeneratedMedia.writeIndexClip(to: clipURL, frames: 40)
        let browser = try await Browser.launch()
        let session = try await CaptureSession.open(browser: browser, project: ProjectSource(root: project.root),
                                                    options: CaptureOptions(width: 64, height: 64))
        let clip = MediaClip(id: "v", kind: .video, src: "clip.mov", start: 0)
        let handoff = VideoHandoff(videos: [VideoFrameSource(clip: clip, file: clipURL, frameRate: FrameRate(30))], session: session)

        func shown(atFrame index: Int, stageNext: Bool) async throws -> Int {
            try await session.seek(to: Double(index) / 30)
            try await handoff.show(atFrame: index, stageNext: stageNext)
            let pixel = try await session.capture().image.pixel(x: 32, y: 32)
            let nearest = GeneratedMedia.nearestIndex(r: pixel.r, g: pixel.g, b: pixel.b, frames: 40)
            XCTAssertLessThanOrEqual(nearest.error, 2, "frame \(index): \(pixel) is not a clean source frame")
            return nearest.index
        }
        // Frames 0-3 in a row: 1, 2 and 3 were staged while the frame before them was captured.
        for index in 0...3 {
            let source = try await shown(atFrame: index, stageNext: index < 3)
            XCTAssertEqual(source, index)
        }
        let staged = await session.videoFramesShownStaged
        XCTAssertEqual(staged, 3)
        // Control: nothing was staged for frame 20 (3 did not stage 4, and 4 is not 20): handed over directly.
        let jumped = try await shown(atFrame: 20, stageNext: true)
        XCTAssertEqual(jumped, 20)
        let afterJump = await session.videoFramesShownStaged
        XCTAssertEqual(afterJump, 3)
        // Frame 20 staged 21, but frame 25 is shown next: the stage for 21 is never drawn.
        let skipped = try await shown(atFrame: 25, stageNext: false)
        XCTAssertEqual(skipped, 25)
        let afterSkip = await session.videoFramesShownStaged
        XCTAssertEqual(afterSkip, 3)
        await handoff.finish()
        await session.close()
        await browser.close()
    }
}
