import FrameGateMedia
import XCTest
import FrameGateTestSupport
@testable import FrameGateBrowser
import FrameGateCore

/// Settled means settled: what the first capture after a seek shows includes CSS background images and
/// images inside shadow roots, and a missing one is an error rather than an empty box.
final class SettleTests: XCTestCase {
    /// An 8×8 opaque PNG of rgb(200, 30, 40), made with the product's own encoder.
    private func redPNG() throws -> Data {
        try PNGEncoder().encode(RGBAFrame(width: 8, height: 8, fill: (200, 30, 40, 255)))
    }

    func testBackgroundImagesAndShadowRootImagesAreDecodedBeforeTheFirstCapture() async throws {
        let html = page(style: """
            #bg { left: 0; top: 0; width: 80px; height: 90px; background-image: url('red.png'); background-size: cover; }
            #host { position: absolute; left: 80px; top: 0; width: 80px; height: 90px; }
            """, body: #"<div id="bg" class="box"></div><div id="host"></div>"#, script: """
            const shadow = document.getElementById('host').attachShadow({ mode: 'open' });
            shadow.innerHTML = '<img src="red.png" style="width:80px;height:90px;display:block">';
            """)
        let project = try TestProject(["index.html": html])
        try redPNG().write(to: project.root.appendingPathComponent("red.png"))
        let session = try await CaptureSession.open(browser: try await BrowserPool.shared.get(), project: project.source,
                                                    options: CaptureOptions(width: 160, height: 90))
        let image = try await session.capture().image
        XCTAssertEqual(image.rgb(40, 45), [200, 30, 40], "CSS background image")
        XCTAssertEqual(image.rgb(120, 45), [200, 30, 40], "image in a shadow root")
        await session.close()

        // A background image that does not exist fails the render instead of leaving the box empty.
        let broken = try TestProject(["index.html": html.replacingOccurrences(of: "url('red.png')", with: "url('gone.png')")])
        try redPNG().write(to: broken.root.appendingPathComponent("red.png"))
        let error = await expectCode(.assetNotFound) {
            try await CaptureSession.open(browser: try await BrowserPool.shared.get(), project: broken.source,
                                          options: CaptureOptions(width: 160, height: 90))
        }
        XCTAssertTrue(error?.message.contains("gone.png") ?? false, "\(String(describing: error))")
    }
}

/// A canvas fed from an image a script loads: the image's load handler runs before the capture, and at the
/// same frame whether the render started at 0 or midway (pre-roll).
final class ScriptImageTests: XCTestCase {
    func testACanvasFedFromAScriptLoadedImageIsTheSameInEveryMode() async throws {
        let png = try PNGEncoder().encode(RGBAFrame(width: 8, height: 8, fill: (200, 30, 40, 255)))
        let html = page(body: #"<canvas id="c" width="160" height="90"></canvas>"#, script: """
            const ctx = document.getElementById('c').getContext('2d');
            let loaded = 0;
            function load() {
              const img = new Image();
              img.onload = () => { loaded++; ctx.drawImage(img, (loaded * 12) % 150, 10, 8, 8 + loaded); };
              img.src = 'red.png';
            }
            load();
            setInterval(load, 100);   // a new image every 100 ms, drawn where the count of loads says
            """)
        let project = try TestProject(["index.html": html])
        try png.write(to: project.root.appendingPathComponent("red.png"))
        func capture(_ range: Range<Int>) async throws -> [String] {
            let session = try await CaptureSession.open(browser: try await BrowserPool.shared.get(), project: project.source,
                                                        options: CaptureOptions(width: 160, height: 90))
            let digests = Locked<[String]>([])
            try await session.captureFrames(range, frameRate: FrameRate(30)) { frame in digests.withLock { $0.append(frame.digest) } }
            await session.close()
            return digests.withLock { $0 }
        }
        let full = try await capture(0..<16)
        let midway = try await capture(10..<16)
        XCTAssertEqual(midway, Array(full[10..<16]))
        // The first image is drawn before frame 0 is captured.
        let session = try await CaptureSession.open(browser: try await BrowserPool.shared.get(), project: project.source,
                                                    options: CaptureOptions(width: 160, height: 90))
        let image = try await session.capture().image
        XCTAssertEqual(image.rgb(14, 14), [200, 30, 40])
        await session.close()
    }
}
