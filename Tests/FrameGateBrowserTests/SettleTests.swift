import FrameGateMedia
import XCTest
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
        let error = await assertCode(.assetNotFound) {
            try await CaptureSession.open(browser: try await BrowserPool.shared.get(), project: broken.source,
                                          options: CaptureOptions(width: 160, height: 90))
        }
        XCTAssertTrue(error?.message.contains("gone.png") ?? false, "\(String(describing: error))")
    }
}
