import FrameGateMedia
import Foundation
import XCTest
@testable import FrameGateBrowser

final class DebugDump: XCTestCase {
    func testDump() async throws {
        guard ProcessInfo.processInfo.environment["FG_DUMP"] != nil else { return }
        let browser = try await BrowserPool.shared.get()
        let project = try TestProject(["index.html": VideoOverlayTests.html])
        let session = try await CaptureSession.open(browser: browser, project: project.source, options: CaptureOptions(width: 160, height: 90))
        try await session.showVideoFrame(elementId: "timed", frame: VideoOverlayTests.halves(width: 20, height: 20))
        try await session.seek(to: 1.5)
        print(try await session.evaluate("(() => { const c = document.querySelector('[data-hf-overlay=timed]'); return [c.outerHTML, getComputedStyle(c).visibility, c.getBoundingClientRect().toJSON()] })()"))
    }
}
