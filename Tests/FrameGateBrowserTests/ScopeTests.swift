import FrameGateMedia
import XCTest
import FrameGateTestSupport
@testable import FrameGateBrowser

/// `__hf.scope`: what a sub-composition instance's scripts see, on a page written as the compiler emits a
/// sub-composition used twice (ids and composition ids suffixed `__<host>`, scripts wrapped, stamps).
final class ScopeTests: XCTestCase {
    static func instance(_ host: String, start: Double) -> String {
        let script = """
            var tl = { t: null, paused: false, pause() { this.paused = true; }, totalTime(t) { this.t = t; },
              el: document.getElementById('dot'), count: document.querySelectorAll('.dot').length,
              first: document.querySelector('#badge .dot').id, self: document.querySelector('[data-composition-id="badge"]').id };
            window.__timelines = window.__timelines || {};
            window.__timelines['badge'] = tl;
            window.pageRoot = document.getElementById('root').id;
            """
        return """
            <div id="\(host)" class="box" data-fg-host="\(host)" data-start="\(start)" data-fg-start="\(start)">
              <div id="badge__\(host)" data-composition-id="badge__\(host)" data-fg-authored-composition-id="badge" data-fg-offset="\(start)">
                <div id="dot__\(host)" class="dot"></div>
              </div>
              <script>(function(__fgScope){(function(document,window,gsap){\(script)
            }).call(window,__fgScope.document,__fgScope.window,__fgScope.gsap);})(window.__hf.scope("\(host)",{"badge":"badge__\(host)"}));</script>
            </div>
            """
    }

    func testEachInstanceRegistersItsOwnTimelineAndFindsItsOwnElements() async throws {
        let browser = try await BrowserPool.shared.get()
        let html = page(duration: 5, body: Self.instance("one", start: 0.5) + Self.instance("two", start: 2))
        let project = try TestProject(["index.html": html])
        let session = try await CaptureSession.open(browser: browser, project: project.source, options: CaptureOptions(width: 160, height: 90))
        try await session.seek(to: 3)
        let one = try await session.evaluate("(t => [t.t, t.paused, t.el.id, t.count, t.first, t.self])(__timelines.badge__one)")
        XCTAssertEqual(one, #"[2.5,true,"dot__one",1,"dot__one","badge__one"]"#)
        let two = try await session.evaluate("(t => [t.t, t.el.id, t.count, t.first, t.self])(__timelines.badge__two)")
        XCTAssertEqual(two, #"[1,"dot__two",1,"dot__two","badge__two"]"#)
        let page = try await session.evaluate("[Object.keys(__timelines).sort(), typeof tl, window.pageRoot]")
        XCTAssertEqual(page, #"[["badge__one","badge__two"],"undefined","root"]"#,
                       "no shared \"badge\" key, no leaked globals; names the instance lacks fall back to the page")
        await session.close()
    }
}
