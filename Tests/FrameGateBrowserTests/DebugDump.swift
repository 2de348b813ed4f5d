import FrameGateMedia
import Foundation
import XCTest
@testable import FrameGateBrowser

final class DebugDump: XCTestCase {
    func testDump() async throws {
        guard ProcessInfo.processInfo.environment["FG_DUMP"] != nil else { return }
        let browser = try await BrowserPool.shared.get()
        let project = try TestProject(["index.html": TimingTests.html])
        let session = try await CaptureSession.open(browser: browser, project: project.source, options: CaptureOptions(width: 160, height: 90))
        for i in [15, 30] {
            try await session.seek(to: Double(i) / 30)
            let b64 = try await session.screenshot()
            try Data(base64Encoded: b64)!.write(to: URL(fileURLWithPath: "/tmp/fg_dump_\(i).png"))
            for _ in 0..<4 { let f = try await session.capture(); print("size", f.image.width, f.image.height, f.image.rgb(20, 20), f.image.rgb(60,20), f.image.rgb(100,20)) }
        }
        print(try await session.evaluate("[performance.now(), getComputedStyle(document.getElementById('ramp')).backgroundColor, document.getAnimations().map(a=>a.currentTime+':'+a.playState)]"))
    }
}
