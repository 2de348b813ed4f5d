import FrameGateMedia
import Foundation
import XCTest
import FrameGateTestSupport
@testable import FrameGateEngine

/// RenderConfig.variables reaches the page: an override shows in the pixels, its absence gives the default.
final class RenderVariablesTests: XCTestCase {
    func testOverrideChangesPixelsAndDefaultRendersOtherwise() async throws {
        let sandbox = try RenderSandbox([
            "index.html": compositionPage(
                duration: 0.2,
                rootAttributes: ##"data-composition-variables='[{"id":"accent","type":"color","default":"#ff0000"},{"id":"size","type":"number","default":40}]'"##,
                style: "#swatch { position: absolute; left: 10px; top: 10px; width: 40px; height: 40px; }",
                body: "<div id=\"swatch\"></div>",
                script: """
                var v = window.__hyperframes.getVariables();
                var s = document.getElementById('swatch');
                s.style.background = v.accent;
                s.style.width = v.size + 'px';
                """),
        ])
        let plain = try await sandbox.render(RenderConfig(format: .pngSequence), to: "default")
        let overridden = try await sandbox.render(RenderConfig(format: .pngSequence, variables: ["accent": .string("#00ff00")]),
                                                  to: "override")
        let defaultFrames = try OutputReader.pngFrames(plain.output)
        let overrideFrames = try OutputReader.pngFrames(overridden.output)
        XCTAssertEqual(defaultFrames.count, 6)
        XCTAssertEqual(overrideFrames.count, 6)
        for (a, b) in zip(defaultFrames, overrideFrames) {
            let (d, o) = (a.pixel(x: 30, y: 30), b.pixel(x: 30, y: 30))
            XCTAssertEqual([d.r, d.g, d.b], [255, 0, 0], "default accent")
            XCTAssertEqual([o.r, o.g, o.b], [0, 255, 0], "overridden accent")
            // The variable not overridden keeps its default (40 px wide) in both renders.
            for frame in [a, b] {
                XCTAssertNotEqual(frame.pixel(x: 45, y: 30).b, 255, "swatch covers x = 45")
                XCTAssertEqual(frame.pixel(x: 55, y: 30).b, 255, "background at x = 55")
            }
        }
        XCTAssertNotEqual(plain.digests, overridden.digests)
    }
}
