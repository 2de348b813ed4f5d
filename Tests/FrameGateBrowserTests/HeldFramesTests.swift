import FrameGateMedia
import XCTest
import FrameGateTestSupport
@testable import FrameGateBrowser
import FrameGateCore

/// Held frames (begin-frame capture): a frame the compositor did not redraw is passed on as the previous
/// one without read-back. It must be exactly what reading it back gives.
final class HeldFramesTests: XCTestCase {
    /// Moves for its first 10 frames at 30 fps (a CSS animation and a canvas), then holds still.
    static let html = page(width: 320, height: 180, duration: 1, style: """
        @keyframes slide { from { transform: translateX(0px) rotate(0deg); } to { transform: translateX(200px) rotate(15deg); } }
        #mover { left: 0; top: 60px; width: 40px; height: 40px; background: rgb(200, 30, 30); animation: slide 0.3s linear forwards; }
        canvas { left: 0; top: 0; }
        """, body: """
        <canvas id="c" class="box" width="320" height="40"></canvas><div id="mover" class="box"></div>
        """, script: """
        var ctx = document.getElementById('c').getContext('2d');
        window.__timelines = { main: { totalTime: function (t) {
          var x = Math.min(t, 0.3) * 1000;
          ctx.fillStyle = 'rgb(255,255,255)'; ctx.fillRect(0, 0, 320, 40);
          ctx.fillStyle = 'rgb(20,120,220)'; ctx.fillRect(x, 5, 20, 30);
        } } };
        """)

    func capture(_ ranges: [Range<Int>], hold: Bool, between: ((CaptureSession) async throws -> Void)? = nil) async throws -> ([CapturedFrame], Int) {
        // Held frames exist only under begin-frame control, which is opt-in: a browser of that kind.
        let browser = try await Browser.launch(BrowserOptions(capture: .beginFrame))
        let project = try TestProject(["index.html": Self.html])
        let session = try await CaptureSession.open(browser: browser, project: project.source,
                                                    options: CaptureOptions(width: 320, height: 180, holdFrames: hold))
        let frames = Locked<[CapturedFrame]>([])
        for (number, range) in ranges.enumerated() {
            if number > 0, let between { try await between(session) }
            try await session.captureFrames(range, frameRate: FrameRate(30)) { frame in frames.withLock { $0.append(frame) } }
        }
        let held = await session.heldFrames
        await session.close()
        await browser.close()
        return (frames.value, held)
    }

    func testHeldFramesEqualCapturedFrames() async throws {
        let (held, heldCount) = try await capture([0..<30], hold: true)
        let (forced, forcedCount) = try await capture([0..<30], hold: false)
        XCTAssertEqual(held.map(\.index), Array(0..<30))
        XCTAssertEqual(held.map(\.digest), forced.map(\.digest), "a held frame's digest is what a capture gives")
        for (a, b) in zip(held, forced) { XCTAssertEqual(a.image.pixels, b.image.pixels, "frame \(a.index)") }
        XCTAssertEqual(forcedCount, 0)
        XCTAssertEqual(forced.filter(\.held).count, 0)
        // Frames 9…29 are one still picture: all but the first one or two after the motion are held.
        XCTAssertGreaterThanOrEqual(heldCount, 15)
        XCTAssertEqual(held.filter(\.held).count, heldCount)
        XCTAssertTrue(held.prefix(9).allSatisfy { !$0.held }, "the moving frames are read back")
        XCTAssertEqual(Set(forced.prefix(10).map(\.digest)).count, 10, "the first 10 frames differ (the control is not trivially still)")
        XCTAssertEqual(Set(forced.suffix(20).map(\.digest)).count, 1, "the last 20 frames are one picture")
    }

    /// A range that continues the previous call may hold its first frame; the result is the same.
    func testContinuedRangesHoldAcrossCalls() async throws {
        let (split, splitHeld) = try await capture([0..<15, 15..<30], hold: true)
        let (whole, _) = try await capture([0..<30], hold: false)
        XCTAssertEqual(split.map(\.digest), whole.map(\.digest))
        XCTAssertTrue(split[15].held, "frame 15 continues a still run")
        XCTAssertGreaterThanOrEqual(splitHeld, 15)
    }

    /// Control: the page changes between two calls at a still time (not through a seek): the next frame
    /// is not held, and shows the change.
    func testAChangedPageIsNotHeld() async throws {
        let (frames, _) = try await capture([20..<25, 25..<30], hold: true) { session in
            _ = try await session.evaluate("document.getElementById('mover').style.background = 'rgb(0, 160, 0)'")
        }
        XCTAssertEqual(frames.map(\.index), Array(20..<30))
        XCTAssertTrue(frames[1..<5].contains(where: \.held), "still frames before the change are held")
        XCTAssertFalse(frames[5].held, "the frame after the change is read back")
        XCTAssertNotEqual(frames[5].digest, frames[4].digest)
        let (forced, _) = try await capture([20..<25, 25..<30], hold: false) { session in
            _ = try await session.evaluate("document.getElementById('mover').style.background = 'rgb(0, 160, 0)'")
        }
        XCTAssertEqual(frames.map(\.digest), forced.map(\.digest))
    }

    /// Control: a page that moves every frame holds nothing.
    func testAMovingPageHoldsNothing() async throws {
        // Held frames exist only under begin-frame control, which is opt-in: a browser of that kind.
        let browser = try await Browser.launch(BrowserOptions(capture: .beginFrame))
        let project = try TestProject(["index.html": CaptureFramesTests.html])
        let session = try await CaptureSession.open(browser: browser, project: project.source, options: CaptureOptions(width: 320, height: 180))
        let frames = Locked<[CapturedFrame]>([])
        try await session.captureFrames(0..<20, frameRate: FrameRate(30)) { frame in frames.withLock { $0.append(frame) } }
        let held = await session.heldFrames
        await session.close()
        await browser.close()
        XCTAssertEqual(held, 0)
        XCTAssertEqual(Set(frames.value.map(\.digest)).count, 20)
    }
}
