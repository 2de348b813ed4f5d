import Foundation
import XCTest
import FrameGateCore
import FrameGateTestSupport
@testable import FrameGateEngine

/// A page warning met while frames are drawn (not at load): an element drawn stretched with drawElementImage
/// from t = 0.1 s. The render reports it once, however many workers meet it, and goes on.
final class PageWarningRenderTests: XCTestCase {
    private func sandbox(pinned: Bool) throws -> RenderSandbox {
        let clone = layoutSubtreeClonePage(pinned: pinned, drawFrom: 0.1)
        return try RenderSandbox(["index.html": compositionPage(duration: 0.2, style: clone.style, body: clone.body, script: clone.script)])
    }

    private func warnings(_ log: EventLog<RenderEvent>) -> [String] {
        log.events.compactMap { if case let .warning(text) = $0 { return text } else { return nil } }
    }

    func testAStretchedDrawDuringTheRenderIsReportedOnce() async throws {
        let log = EventLog<RenderEvent>()
        let result = try await sandbox(pinned: false).render(RenderConfig(workers: 2, segmentFrames: 3), to: "out.mp4",
                                                              observer: log.observer)
        XCTAssertEqual(result.frameCount, 6)
        let said = warnings(log)
        XCTAssertEqual(said.count, 1, "\(said)")
        XCTAssertTrue(said.first?.hasPrefix("warning[ELEMENT_DRAWN_SCALED]: the page drew <section id=\"scene-clone\">") ?? false, "\(said)")
    }

    func testControlAPinnedCloneIsNotReported() async throws {
        let log = EventLog<RenderEvent>()
        _ = try await sandbox(pinned: true).render(RenderConfig(workers: 2, segmentFrames: 3), to: "out.mp4", observer: log.observer)
        XCTAssertEqual(warnings(log), [])
    }
}
