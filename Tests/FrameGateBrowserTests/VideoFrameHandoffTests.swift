import FrameGateMedia
import Foundation
import XCTest
import FrameGateTestSupport
@testable import FrameGateBrowser

/// How a decoded video frame reaches the page: a raw RGBA file selected into the runtime's file input.
final class VideoFrameHandoffTests: XCTestCase {
    /// A 64×32 video box filled 1:1 by the frame, so the capture shows the frame's pixels unscaled.
    static let html = page(width: 64, height: 32, style: "#v { left: 0; top: 0; width: 64px; height: 32px; object-fit: fill; }",
                           body: #"<video id="v" class="box"></video>"#)

    /// Every pixel different (opaque: the page is captured without alpha).
    static func gradient(seed: Int) -> RGBAFrame {
        var frame = RGBAFrame(width: 64, height: 32)
        for y in 0..<32 {
            for x in 0..<64 {
                let i = (y * 64 + x) * 4
                frame.pixels[i] = UInt8((x * 4 + seed) & 255)
                frame.pixels[i + 1] = UInt8((y * 8 + seed * 3) & 255)
                frame.pixels[i + 2] = UInt8((x * y + seed * 7) & 255)
            }
        }
        return frame
    }

    /// The 64×32 page, loaded in a session of the shared browser (the project lives as long as the caller keeps it).
    static func openPage() async throws -> (TestProject, CaptureSession) {
        let browser = try await BrowserPool.shared.get()
        let project = try TestProject(["index.html": html])
        let session = try await CaptureSession.open(browser: browser, project: project.source, options: CaptureOptions(width: 64, height: 32))
        return (project, session)
    }

    func testPagePaintsTheFileBytesExactlyAndNoFileOutlivesItsFrame() async throws {
        let (project, session) = try await Self.openPage()
        defer { withExtendedLifetime(project) {} }
        try await session.seek(to: 0)
        for seed in [0, 1] {
            let sent = Self.gradient(seed: seed)
            try await session.showVideoFrame(elementId: "v", frame: sent)
            let captured = try await session.capture().image
            XCTAssertEqual(captured.pixels, sent.pixels, "frame \(seed) reaches the screen byte for byte")
            let files = await session.videoFrameFiles
            let directory = try XCTUnwrap(files?.directoryURL)
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), [], "the page has read the file; it is gone")
        }
        let files = await session.videoFrameFiles
        let directory = try XCTUnwrap(files?.directoryURL)
        await session.close()
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory.path), "closing the session removes its frame directory")
    }

    /// A reload (pre-roll going backwards) gives the page a new runtime and file input; the next frame still arrives.
    func testFramesStillArriveAfterTheCompositionReloads() async throws {
        let (project, session) = try await Self.openPage()
        defer { withExtendedLifetime(project) {} }
        try await session.showVideoFrame(elementId: "v", frame: Self.gradient(seed: 2))
        try await session.navigate()
        let sent = Self.gradient(seed: 3)
        try await session.showVideoFrame(elementId: "v", frame: sent)
        let captured = try await session.capture().image
        XCTAssertEqual(captured.pixels, sent.pixels)
        await session.close()
    }

    /// A staged frame (handed over while the previous frame is captured) changes nothing on screen until it
    /// is shown; then it is drawn byte for byte, once. Control: the frame shown before stays on screen while staged.
    func testAStagedFrameIsInvisibleUntilShownAndThenDrawnExactlyOnce() async throws {
        let (project, session) = try await Self.openPage()
        defer { withExtendedLifetime(project) {} }
        try await session.seek(to: 0)
        let shown = Self.gradient(seed: 5), staged = Self.gradient(seed: 6)
        try await session.showVideoFrame(elementId: "v", frame: shown)
        try await session.stageVideoFrame(elementId: "v", frame: staged)
        let whileStaged = try await session.capture().image
        XCTAssertEqual(whileStaged.pixels, shown.pixels, "staging must not change what is on screen")
        let drawn = try await session.showStagedVideoFrame(elementId: "v", width: 64, height: 32)
        XCTAssertTrue(drawn)
        let afterShow = try await session.capture().image
        XCTAssertEqual(afterShow.pixels, staged.pixels, "the staged frame reaches the screen byte for byte")
        // Shown once: a second show finds nothing staged, says so, and leaves the screen as it is.
        let again = try await session.showStagedVideoFrame(elementId: "v", width: 64, height: 32)
        XCTAssertFalse(again)
        await session.close()
    }

    /// A reload gives the page a new runtime: what was staged in the old one is gone, and the page says so.
    /// Control: without the reload, the same stage is drawn; a stage of another size is not.
    func testAReloadForgetsAStagedFrame() async throws {
        let (project, session) = try await Self.openPage()
        defer { withExtendedLifetime(project) {} }
        try await session.stageVideoFrame(elementId: "v", frame: Self.gradient(seed: 7))
        let otherSize = try await session.showStagedVideoFrame(elementId: "v", width: 32, height: 32)
        XCTAssertFalse(otherSize, "a frame of another size is not drawn")
        try await session.stageVideoFrame(elementId: "v", frame: Self.gradient(seed: 7))
        let control = try await session.showStagedVideoFrame(elementId: "v", width: 64, height: 32)
        XCTAssertTrue(control, "control: staged in the page as loaded")
        try await session.stageVideoFrame(elementId: "v", frame: Self.gradient(seed: 9))
        try await session.navigate()
        let afterReload = try await session.showStagedVideoFrame(elementId: "v", width: 64, height: 32)
        XCTAssertFalse(afterReload)
        await session.close()
    }

    /// The page says whether an element's overlay shows the pixels handed over with a key: yes for the last
    /// ones, no for another key, and no once the element was replaced by a new one with the same id.
    func testThePageSaysWhetherAnOverlayStillShowsAKeyedFrame() async throws {
        let (project, session) = try await Self.openPage()
        defer { withExtendedLifetime(project) {} }
        try await session.showVideoFrame(elementId: "v", frame: Self.gradient(seed: 8), key: 12)
        let shows = try await session.isShowingVideoFrame(elementId: "v", key: 12)
        XCTAssertTrue(shows, "control: the overlay shows frame 12")
        let other = try await session.isShowingVideoFrame(elementId: "v", key: 13)
        XCTAssertFalse(other)
        _ = try await session.evaluate("(() => { const old = document.getElementById('v'); const fresh = old.cloneNode(); old.replaceWith(fresh); return true; })()")
        let replaced = try await session.isShowingVideoFrame(elementId: "v", key: 12)
        XCTAssertFalse(replaced, "a new element with the same id has no overlay yet")
        await session.close()
    }

    /// A file whose size does not match the frame is refused by the page, naming both sizes.
    func testAFileOfTheWrongSizeIsRefused() async throws {
        let (project, session) = try await Self.openPage()
        defer { withExtendedLifetime(project) {} }
        // Control: the right size is accepted.
        try await session.showVideoFrame(elementId: "v", frame: Self.gradient(seed: 4))
        // The file still selected holds 64×32 pixels; a page asked for 65×32 must not paint it.
        let error = await expectCode(.compositionScriptError) { _ = try await session.evaluate("window.__hf.stageVideoFrame('v', 65, 32)") }
        XCTAssertTrue(error?.message.contains("expected 8320 (65x32 RGBA)") ?? false, error?.message ?? "no error")
        await session.close()
    }
}
