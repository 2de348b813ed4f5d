import FrameGateMedia
import XCTest
import FrameGateTestSupport
@testable import FrameGateBrowser
import FrameGateCore

final class CaptureMethodTests: XCTestCase {
    func testMethodComesFromTheEnvironment() throws {
        XCTAssertEqual(try CaptureMethod.resolve(environment: ["FRAMEGATE_CAPTURE": "screenshot"]), .screenshot)
        XCTAssertEqual(try CaptureMethod.resolve(environment: ["FRAMEGATE_CAPTURE": "begin-frame"]), .beginFrame)
        XCTAssertEqual(try CaptureMethod.resolve(environment: [:]), .beginFrame, "begin-frame capture is Linux's default")
        XCTAssertThrowsError(try CaptureMethod.resolve(environment: ["FRAMEGATE_CAPTURE": "fast"])) { error in
            XCTAssertEqual((error as? BrowserError)?.code, .invalidArgument)
            XCTAssertTrue((error as? BrowserError)?.message.contains("FRAMEGATE_CAPTURE=fast") == true)
        }
    }

    /// Both methods draw the same still page (axis-aligned boxes and text): the fallback shows what the
    /// fast path shows. The control: a page that differs is told apart.
    func testBothMethodsCaptureTheSamePixels() async throws {
        let html = page(width: 160, height: 90, duration: 1, style: "#a { left: 10px; top: 10px; width: 50px; height: 30px; background: rgb(10, 200, 90); }",
                        body: "<div id=\"a\" class=\"box\"></div>")
        let other = html.replacingOccurrences(of: "rgb(10, 200, 90)", with: "rgb(10, 200, 91)")
        var digests: [String] = []
        for (method, source) in [(CaptureMethod.screenshot, html), (.beginFrame, html), (.beginFrame, other)] {
            let browser = try await Browser.launch(BrowserOptions(capture: method))
            XCTAssertEqual(browser.capture, method)
            do {
                let project = try TestProject(["index.html": source])
                let session = try await CaptureSession.open(browser: browser, project: project.source, options: CaptureOptions(width: 160, height: 90))
                try await session.seek(to: 0.5)
                digests.append(try await session.capture().digest)
                await session.close()
            }
            await browser.close()
        }
        XCTAssertEqual(digests[0], digests[1], "screenshot and begin-frame capture agree")
        XCTAssertNotEqual(digests[1], digests[2])
    }
}
