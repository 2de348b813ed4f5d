import FrameGateMedia
import Foundation
import XCTest
import FrameGateTestSupport
import FrameGateCore
@testable import FrameGateEngine

/// RenderConfig.frameRange (--frames A:B) renders exactly frames [A, B) of the composition.
final class RenderFrameRangeTests: XCTestCase {
    func testFrameRangeRendersOnlyThoseFrames() async throws {
        let box = animatedBox(duration: 1)
        let sandbox = try RenderSandbox([
            "index.html": compositionPage(duration: 1, style: box.style, body: box.body),
        ])
        let full = try await sandbox.render(RenderConfig(format: .pngSequence), to: "full")
        XCTAssertEqual(full.digests.count, 30)
        XCTAssertEqual(Set(full.digests).count, 30, "every frame differs, so a shifted range shows")

        let part = try await sandbox.render(RenderConfig(format: .pngSequence, frameRange: 10..<20), to: "part")
        XCTAssertEqual(part.frameCount, 10)
        XCTAssertEqual(part.firstFrame, 10)
        XCTAssertEqual(part.digests, Array(full.digests[10..<20]))
        // Written from frame_000001.png, each file the frame it should be.
        let listing = try OutputReader.sequence(part.output)
        XCTAssertEqual(listing.frames, (1...10).map { String(format: "frame_%06d.png", $0) })
        XCTAssertEqual(try OutputReader.pngFrames(part.output).map(\.digest), Array(full.digests[10..<20]))

        // Encoded, up to the last frame: the file holds frames 25…29.
        let encoded = try await sandbox.render(RenderConfig(format: .mp4, frameRange: 25..<30), to: "tail.mp4")
        XCTAssertEqual(encoded.digests, Array(full.digests[25..<30]))
        XCTAssertEqual(try MediaProbe.probe(encoded.output).videoStream?.frameCount, 5)
        // Past the end is refused (issue 14: never clamped silently), before anything is written.
        do {
            _ = try await sandbox.render(RenderConfig(format: .mp4, frameRange: 25..<40), to: "past.mp4")
            XCTFail("a range past the last frame must be refused")
        } catch let error as CodedError {
            XCTAssertEqual(error.code, .invalidArgument)
            XCTAssertTrue(error.message.contains("30 frames"), error.message)
        }
    }

    func testFrameRangeStartingPastTheEndIsRefused() async throws {
        let sandbox = try RenderSandbox(["index.html": compositionPage(duration: 1, body: "")])
        let code = await expectCode {
            _ = try await sandbox.render(RenderConfig(frameRange: 30..<40), to: "none.mp4")
        }?.code
        XCTAssertEqual(code, .invalidArgument)
        XCTAssertFalse(FileManager.default.fileExists(atPath: sandbox.output("none.mp4").path))
    }
}
