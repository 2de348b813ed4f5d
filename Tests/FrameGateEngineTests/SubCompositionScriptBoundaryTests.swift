import FrameGateMedia
import Foundation
import XCTest
import FrameGateCore
import FrameGateTestSupport
@testable import FrameGateEngine

/// HyperFrames runs each sub-composition script inside an error boundary: one that throws is reported and
/// the page renders on. FrameGate does the same and says so (a warning naming the file and the error); the
/// host page's own script errors still fail the render.
final class SubCompositionScriptBoundaryTests: XCTestCase {
    /// A panel (red) that its script paints `colour`, then `after` runs.
    private func panel(_ id: String, colour: String, after: String = "") -> String {
        """
        <template><div data-composition-id="\(id)" data-width="80" data-height="90" data-duration="1">
          <div id="panel" style="position:absolute;left:0;top:0;width:80px;height:90px;background:rgb(255,0,0)"></div>
        </div></template>
        <script>
          document.getElementById("panel").style.background = "\(colour)";
          \(after)
        </script>
        """
    }

    private func sandbox(hostScript: String = "") throws -> RenderSandbox {
        try RenderSandbox([
            "broken.html": panel("broken", colour: "rgb(255,255,0)", after: "document.getElementById('missing').appendChild(document.createElement('i'));"),
            "fine.html": panel("fine", colour: "rgb(0,255,0)"),
            "index.html": compositionPage(duration: 0.2, body: """
                <div id="left" data-composition-src="broken.html" data-start="0" style="position:absolute;left:0;top:0;width:80px;height:90px"></div>
                <div id="right" data-composition-src="fine.html" data-start="0" style="position:absolute;left:80px;top:0;width:80px;height:90px"></div>
                """, script: hostScript),
        ])
    }

    private func warnings(_ log: EventLog<RenderEvent>) -> [String] {
        log.events.compactMap { if case let .warning(text) = $0 { return text } else { return nil } }
    }

    func testAThrowingSubCompositionScriptIsReportedAndTheRenderGoesOn() async throws {
        let box = try sandbox()
        let log = EventLog<RenderEvent>()
        // Two workers: both pages meet the failure; it is reported once.
        let result = try await box.render(RenderConfig(workers: 2, segmentFrames: 3), to: "out.mp4", observer: log.observer)
        XCTAssertEqual(result.frameCount, 6)

        let said = warnings(log)
        XCTAssertEqual(said.count, 1, "\(said)")
        let warning = said.first ?? ""
        XCTAssertTrue(warning.hasPrefix("warning[COMPOSITION_SCRIPT_ERROR]: "), warning)
        XCTAssertTrue(warning.contains("broken.html (host #left)"), warning)
        XCTAssertTrue(warning.contains("TypeError: Cannot read properties of null (reading 'appendChild')"), warning)
        XCTAssertTrue(warning.contains("index.html:"), "the throwing line: \(warning)")
        XCTAssertFalse(warning.contains("fine.html"), warning)

        for frame in [0, 5] {
            let pixels = try OutputReader.videoFrames(box.output("out.mp4"))[frame]
            let left = pixels.pixel(x: 40, y: 45), right = pixels.pixel(x: 120, y: 45)
            // What the broken script did before it threw stays (yellow), as in HyperFrames; the next script ran.
            XCTAssertTrue(left.r > 200 && left.g > 200 && left.b < 60, "left \(left)")
            XCTAssertTrue(right.r < 60 && right.g > 200 && right.b < 60, "right \(right)")
        }
    }

    /// Control: with no failing script there is no warning; the host page's own error has no boundary.
    func testNoWarningWithoutAFailureAndTheHostPagesOwnErrorStillFails() async throws {
        let clean = try RenderSandbox([
            "fine.html": panel("fine", colour: "rgb(0,255,0)"),
            "index.html": compositionPage(duration: 0.1, body: #"<div id="right" data-composition-src="fine.html" data-start="0"></div>"#),
        ])
        let log = EventLog<RenderEvent>()
        _ = try await clean.render(to: "clean.mp4", observer: log.observer)
        XCTAssertEqual(warnings(log), [])

        let host = try sandbox(hostScript: "document.getElementById('nowhere').appendChild(document.createElement('i'));")
        let error = await expectCode(.compositionScriptError) { try await host.render(to: "host.mp4") }
        XCTAssertTrue("\(error.map { $0.message } ?? "")".contains("Cannot read properties of null"), "\(String(describing: error))")
    }

    func testTheWrapperCatchesAndReportsWithTheHostId() {
        let wrapped = SubCompositionExpander.scopedScript("x()", hostId: "h1", compositions: [:])
        XCTAssertTrue(wrapped.contains(#"function(){try{(function(__fgScope)"#), wrapped)
        XCTAssertTrue(wrapped.hasSuffix(#"catch(__fgError){window.__hf.subCompositionScriptFailed("h1",__fgError);}});"#), wrapped)
    }
}
