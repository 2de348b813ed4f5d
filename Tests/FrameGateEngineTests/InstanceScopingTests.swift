import FrameGateMedia
import XCTest
import FrameGateTestSupport
@testable import FrameGateEngine

/// A sub-composition used twice: each instance has its own composition id (its `window.__timelines` key),
/// its own timeline offset and its own keyframe names, while what its author wrote keeps working.
final class InstanceScopingTests: XCTestCase {
    private func project() throws -> TestProject {
        try TestProject([
            "index.html": page("""
            <div id="root" data-composition-id="main" data-duration="4">
              <div id="one" data-composition-src="badge.html" data-start="0.5" data-duration="2"></div>
              <div id="two" data-composition-src="badge.html" data-start="one + 0.25" data-duration="2"></div>
            </div>
            """, head: "<style>@keyframes pulse { to { opacity: 0 } } #root { animation: pulse 1s }</style>"),
            "badge.html": """
            <!doctype html><html><head><style>
              @keyframes pulse { from { transform: scale(1) } to { transform: scale(2) } }
              [data-composition-id="badge"] .dot { animation: pulse 1s linear both; }
            </style></head><body><template>
            <div id="badge" data-composition-id="badge" data-duration="2">
              <div id="dot" class="dot" style="animation-name: pulse"></div>
            </div>
            </template>
            <script>
              var tl = makeTimeline(document.getElementById('dot'));
              window.__timelines = window.__timelines || {};
              window.__timelines['badge'] = tl;
            </script>
            <script type="module">import x from './x.js';</script>
            </body></html>
            """,
        ])
    }

    func testEachInstanceHasItsOwnTimelineKeyOffsetAndKeyframes() throws {
        let c = try project().compile()
        let doc = HTMLDocument(c.html)
        let roots = doc.elements.filter { $0.value("data-fg-authored-composition-id") == "badge" }
        XCTAssertEqual(roots.map { $0.value("data-composition-id") }, ["badge__one", "badge__two"], "distinct timeline keys")
        XCTAssertEqual(roots.map { $0.value("data-fg-offset") }, ["0.5", "2.75"], "each timeline counts from its own host's start")
        XCTAssertEqual(CompiledStructure.parse(html: c.html).compositionIds, ["main", "badge__one", "badge__two"])

        // Keyframes: each instance defines and uses its own; the host page's `pulse` is untouched.
        XCTAssertTrue(c.html.contains("@keyframes pulse { to { opacity: 0 } } #root { animation: pulse 1s }"), c.html)
        for host in ["one", "two"] {
            XCTAssertTrue(c.html.contains("@keyframes pulse__\(host) { from"), c.html)
            XCTAssertTrue(c.html.contains(#"[data-fg-host="\#(host)"] [data-composition-id="badge__\#(host)"] .dot { animation: pulse__\#(host) 1s linear both; }"#), c.html)
            XCTAssertTrue(c.html.contains(#"id="dot__\#(host)" class="dot" style="animation-name: pulse__\#(host)""#), c.html)
            // The script runs in its instance's scope, where `badge` and `dot` mean this instance's.
            XCTAssertTrue(c.html.contains(#"window.__hf.scope("\#(host)",{"badge":"badge__\#(host)"})"#), c.html)
        }
        XCTAssertEqual(c.html.components(separatedBy: "window.__timelines['badge'] = tl;").count - 1, 2, "the author's code is unchanged")
        XCTAssertTrue(c.html.contains("<script type=\"module\">import x from './x.js';</script>"), "module scripts cannot be wrapped and are not")

        // Timing stamps: each instance's elements are offset by their own host.
        XCTAssertEqual(c.timed("two")?.start, 2.75)
        XCTAssertEqual(c.startTag(id: "badge__two")?.value("data-fg-start"), "2.75")
        XCTAssertEqual(c.timed("badge__one")?.compositionId, "badge__one")
    }

    func testScriptWrapperIsScriptSafe() {
        let wrapped = SubCompositionExpander.scopedScript("x()", hostId: "a\"</script>", compositions: ["c": "c__a"])
        XCTAssertFalse(wrapped.contains("</script>"))
        XCTAssertTrue(wrapped.contains("(function(__fgScope){(function(document,window,gsap){x()\n})"), wrapped)
        XCTAssertTrue(wrapped.hasPrefix(#"(function(run){if(document.readyState==="loading")document.addEventListener("DOMContentLoaded",run)"#), wrapped)
        XCTAssertTrue(wrapped.contains(#"(window.__hf.scope("a\"\u003c/script>",{"c":"c__a"}));}catch(__fgError){"#), wrapped)
    }

    /// An element's own query inside an instance finds the instance's element by the id its author wrote
    /// (HyperFrames keeps authored ids; FrameGate suffixes them): style-18-prod's `container.querySelector("#grid")`.
    /// Before, it returned null and the script threw. Controls: an id the instance lacks stays null, and an
    /// element outside every instance (`body`) is not retried in an instance's names.
    func testAnElementsOwnQueryInsideAnInstanceFindsTheAuthoredId() async throws {
        let sub = """
        <template><div data-composition-id="card" data-width="80" data-height="90" data-duration="1">
          <div id="box" style="position:absolute;left:0;top:0;width:80px;height:45px;background:rgb(255,0,0)"></div>
          <div id="probe" style="position:absolute;left:0;top:45px;width:80px;height:45px;background:rgb(255,0,0)"></div>
        </div></template>
        <script>
          const container = document.querySelector('[data-composition-id="card"]');
          container.querySelector("#box").style.background = "rgb(0,255,0)";
          const confined = container.querySelector("#nope") === null && container.querySelectorAll("#nope").length === 0
            && window.document.body.querySelector("#box") === null && container.querySelectorAll("#box").length === 1;
          container.querySelector("#probe").style.background = confined ? "rgb(0,255,0)" : "rgb(255,0,255)";
        </script>
        """
        let sandbox = try RenderSandbox([
            "card.html": sub,
            "index.html": compositionPage(duration: 0.1, body: """
                <div id="a" data-composition-src="card.html" data-start="0" style="position:absolute;left:0;top:0;width:80px;height:90px"></div>
                <div id="b" data-composition-src="card.html" data-start="0" style="position:absolute;left:80px;top:0;width:80px;height:90px"></div>
                """),
        ])
        _ = try await sandbox.render(RenderConfig(), to: "out.mp4")
        let frame = try OutputReader.videoFrames(sandbox.output("out.mp4"))[0]
        for (x, y) in [(40, 20), (120, 20), (40, 70), (120, 70)] {
            let p = frame.pixel(x: x, y: y)
            XCTAssertTrue(p.r < 60 && p.g > 200 && p.b < 60, "(\(x), \(y)) is \(p): both instances found their own #box, and the controls held")
        }
    }

    /// HyperFrames runs a sub-composition's scripts after the host's own: a host that loads its library at the
    /// end of <body> and then sets `window.__timelines = {}` neither breaks nor wipes what the sub-composition
    /// registers. Before, the sub-composition's script ran in place: `lib` was undefined and its timeline wiped.
    func testSubCompositionScriptsRunAfterTheHostScripts() async throws {
        let sub = """
        <template><div data-composition-id="card" data-width="160" data-height="90" data-duration="1">
          <div id="box" style="position:absolute;left:0;top:0;width:40px;height:40px;background:rgb(255,0,0)"></div>
        </div>
        <script>
          const box = document.getElementById("box");
          window.__timelines["card"] = { duration: () => 1, totalTime(t) { box.style.left = window.lib.px(t) + "px"; return this; },
                                         time(t) { return this.totalTime(t); }, seek(t) { return this.totalTime(t); }, pause() { return this; } };
        </script></template>
        """
        let sandbox = try RenderSandbox([
            "card.html": sub,
            "lib.js": "window.lib = { px: (t) => Math.round(t * 100) };",
            "index.html": compositionPage(duration: 1, body: """
                <div id="host" data-composition-src="card.html" data-start="0" data-duration="1"></div>
                """, script: "window.__timelines = {};").replacingOccurrences(of: "</body>", with: "<script src=\"lib.js\"></script></body>"),
        ])
        let result = try await sandbox.render(RenderConfig(), to: "out.mp4")
        XCTAssertNotEqual(result.digests[0], result.digests[15], "the sub-composition's timeline moves the box")
    }
}
