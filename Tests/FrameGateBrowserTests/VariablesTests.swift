import FrameGateMedia
import XCTest
import FrameGateTestSupport
@testable import FrameGateBrowser

final class VariablesTests: XCTestCase {
    /// The compiler puts `window.__hfVariables` (defaults merged with overrides) first in <head>; here, overrides only.
    static func html(overrides: String? = nil) -> String {
        let page = Self.page
        guard let overrides else { return page }
        return page.replacingOccurrences(of: "<head>", with: "<head><script>window.__hfVariables = \(overrides);</script>")
    }

    static let page = FrameGateBrowserTests.page(rootAttributes: """
        data-composition-variables='[{"id":"color","type":"color","default":"rgb(255,0,0)"},{"id":"title","type":"string","default":"Hi"}]'
        """, body: """
        <div id="swatch" class="box" style="left:0;top:0;width:160px;height:90px"></div>
        """, script: """
        const vars = window.__hyperframes.getVariables();
        document.getElementById('swatch').style.background = vars.color;
        document.getElementById('swatch').textContent = vars.title;
        """)

    func testOverrideChangesThePixelsAndMergesWithDefaults() async throws {
        let browser = try await BrowserPool.shared.get()
        let project = try TestProject(["index.html": Self.html()])

        let plain = try await CaptureSession.open(browser: browser, project: project.source, options: CaptureOptions(width: 160, height: 90))
        let plainPixel = try await plain.capture().image.rgb(150, 80)
        XCTAssertEqual(plainPixel, [255, 0, 0])
        let plainVariables = try await plain.evaluate("window.__hyperframes.getVariables()")
        XCTAssertEqual(plainVariables, #"{"color":"rgb(255,0,0)","title":"Hi"}"#)
        await plain.close()

        let overriddenProject = try TestProject(["index.html": Self.html(overrides: #"{"color":"rgb(0,0,255)"}"#)])
        let overridden = try await CaptureSession.open(browser: browser, project: overriddenProject.source,
                                                       options: CaptureOptions(width: 160, height: 90))
        let overriddenPixel = try await overridden.capture().image.rgb(150, 80)
        XCTAssertEqual(overriddenPixel, [0, 0, 255])
        let overriddenVariables = try await overridden.evaluate("window.__hyperframes.getVariables()")
        XCTAssertEqual(overriddenVariables, #"{"color":"rgb(0,0,255)","title":"Hi"}"#)
        let description = try await overridden.describe()
        XCTAssertEqual(description.variablesJSON, #"{"color":"rgb(0,0,255)","title":"Hi"}"#)
        await overridden.close()
    }
}
