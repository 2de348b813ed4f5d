import FrameGateMedia
import XCTest
import FrameGateTestSupport
@testable import FrameGateBrowser

/// What HyperFrames compositions expect of the runtime: the timeline registry before any script, layout from
/// data attributes, the library adapters' per-seek hooks, and iframes that follow the composition clock.
final class HyperFramesRuntimeTests: XCTestCase {
    private func open(_ files: [String: String]) async throws -> (TestProject, CaptureSession) {
        let project = try TestProject(files)
        let session = try await CaptureSession.open(browser: try await BrowserPool.shared.get(), project: project.source,
                                                    options: CaptureOptions(width: 160, height: 90))
        return (project, session)
    }

    func testTheTimelineRegistryExistsBeforeAnyPageScript() async throws {
        let html = page(body: #"<div id="b" class="box" style="left:0;top:0;width:10px;height:90px;background:rgb(255,0,0)"></div>"#, script: """
            window.registryType = typeof window.__timelines;
            window.__timelines['main'] = { pause() {}, totalTime(t) { document.getElementById('b').style.left = (t * 100) + 'px'; } };
            """).replacingOccurrences(of: "<head>", with: "<head><script>window.firstSaw = typeof window.__timelines;</script>")
        let (_, session) = try await open(["index.html": html])
        let first = try await session.evaluate("window.firstSaw")
        XCTAssertEqual(first, #""object""#, "the very first page script sees it")
        try await session.seek(to: 1.5)
        let frame = try await session.capture().image
        XCTAssertEqual(frame.rgb(150, 45), [255, 0, 0], "the timeline was seeked: the bar moved to x = 150")
        XCTAssertEqual(frame.rgb(5, 45), [255, 255, 255], "control: it left x = 0")
        await session.close()
    }

    /// HyperFrames' forced-render nudge: each seek is totalTime(t, false), then (t + 0.001, true) and (t, true), so a
    /// zero-duration tween at exactly t (GSAP's tl.set(el, …, 0)) is rendered at frame t. Control: a timeline holding a
    /// zero-duration tween with a callback is seeked once (the nudge would fire the callback twice).
    func testEachSeekNudgesTheTimelineForwardAndBackUnlessItHoldsAZeroDurationCallback() async throws {
        let html = page(body: "", script: """
            const recorder = (children) => ({ calls: [], pause() {}, duration() { return 2; }, getChildren() { return children; },
                                              totalTime(t, suppress) { this.calls.push([t, suppress]); return this; } });
            window.plain = recorder([{ vars: { x: 1 }, duration() { return 0; } }, { vars: { onComplete() {} }, duration() { return 1; } }]);
            window.withCall = recorder([{ vars: { onStart() {} }, totalDuration() { return 0; } }]);
            window.__timelines['main'] = window.plain;
            window.__timelines['other'] = window.withCall;
            // An author's own timeline object (no GSAP children): seeked once, not nudged.
            window.own = { calls: [], totalTime(t, suppress) { this.calls.push([t, suppress]); } };
            window.__timelines['own'] = window.own;
            """)
        let (_, session) = try await open(["index.html": html])
        _ = try await session.evaluate("window.plain.calls = []; window.withCall.calls = []; window.own.calls = []")
        try await session.seek(to: 0.5)
        let plain = try await session.evaluate("window.plain.calls")
        XCTAssertEqual(plain, "[[0.5,false],[0.501,true],[0.5,true]]")
        let withCall = try await session.evaluate("window.withCall.calls")
        XCTAssertEqual(withCall, "[[0.5,false]]")
        let own = try await session.evaluate("window.own.calls")
        XCTAssertEqual(own, "[[0.5,false]]")
        await session.close()
    }

    func testARegistryAssignedAsAnArrayIsKeyedAsHyperFramesKeysIt() async throws {
        let html = page(body: "", script: "window.__timelines = [{ pause() {}, totalTime() {}, duration() { return 3; } }];")
        let (_, session) = try await open(["index.html": html])
        let keys = try await session.evaluate("Object.keys(window.__timelines)")
        XCTAssertEqual(keys, #"["main"]"#, "one timeline: the root's")
        await session.close()
    }

    func testARootSizedOnlyByDataAttributesIsLaidOutAtThatSize() async throws {
        let html = """
            <!doctype html><html><head><style>body { background: rgb(0,0,255); } #root { overflow: hidden; background: rgb(255,0,0); }
            #clip { background: rgb(0,255,0); }</style></head><body>
            <div id="root" data-composition-id="main" data-width="160" data-height="90" data-duration="2">
            <div id="clip" data-start="1" data-duration="1" data-fg-start="1" data-fg-end="2" data-width="40" data-height="30"></div></div></body></html>
            """ // stamped as the compiler stamps it (this test loads the page without compiling it)
        let (_, session) = try await open(["index.html": html])
        var frame = try await session.capture().image
        XCTAssertEqual(frame.rgb(0, 0), [255, 0, 0], "no body margin: the root starts at the corner")
        XCTAssertEqual(frame.rgb(150, 80), [255, 0, 0], "the root fills its data-width × data-height")
        try await session.seek(to: 1.5)
        frame = try await session.capture().image
        XCTAssertEqual(frame.rgb(10, 10), [0, 255, 0], "a timed clip with no CSS size: its data size, at the root's corner")
        XCTAssertEqual(frame.rgb(60, 50), [255, 0, 0], "control: only 40 × 30")
        await session.close()
    }

    func testHfSeekCarriesTheTimeAndItsWaitUntilIsAwaitedBeforeCapture() async throws {
        let html = page(body: #"<div id="b" class="box" style="left:0;top:0;width:160px;height:90px"></div>"#, script: """
            window.seen = [];
            window.addEventListener('hf-seek', (e) => {
              window.seen.push(e.detail.time);
              // The colour lands a few microtasks later: only an awaited waitUntil makes the capture show it.
              e.detail.waitUntil(Promise.resolve().then(() => Promise.resolve()).then(() => {
                document.getElementById('b').style.background = e.detail.time > 1 ? 'rgb(0,255,0)' : 'rgb(255,0,0)';
              }));
              window.lateCall = (() => { try { e.detail.waitUntil(Promise.resolve()); return 'accepted'; } catch (x) { return 'refused'; } });
            });
            """)
        let (_, session) = try await open(["index.html": html])
        try await session.seek(to: 1.25)
        let frame = try await session.capture().image
        XCTAssertEqual(frame.rgb(80, 45), [0, 255, 0])
        try await session.seek(to: 1.25) // the same time again: HyperFrames dispatches once per distinct time
        let seen = try await session.evaluate("window.seen")
        XCTAssertEqual(seen, "[0,1.25]")
        let three = try await session.evaluate("[window.__hfThreeTime, window.__hfTypegpuTime]")
        XCTAssertEqual(three, "[1.25,1.25]")
        let late = try await session.evaluate("window.lateCall()")
        XCTAssertEqual(late, #""refused""#, "waitUntil only from inside the listener")
        await session.close()
    }

    func testARejectedWaitUntilFailsTheSeek() async throws {
        let html = page(body: "", script: """
            window.addEventListener('hf-seek', (e) => { if (e.detail.time > 0) e.detail.waitUntil(Promise.reject(new Error('gpu lost'))); });
            """)
        let (_, session) = try await open(["index.html": html])
        let error = await expectCode(.compositionScriptError) { try await session.seek(to: 0.5) }
        XCTAssertTrue(error?.message.contains("gpu lost") ?? false, error?.message ?? "")
        await session.close()
    }

    func testAnimeInstancesAreSeekedInMilliseconds() async throws {
        let html = page(body: "", script: """
            window.__hfAnime = [{ seek(ms) { window.animeAt = ms; }, pause() {} }];
            """)
        let (_, session) = try await open(["index.html": html])
        try await session.seek(to: 0.75)
        let at = try await session.evaluate("window.animeAt")
        XCTAssertEqual(at, "750")
        await session.close()
    }

    func testASameOriginIframeFollowsTheCompositionClock() async throws {
        let site = """
            <!doctype html><html><body style="margin:0"><div id="d" style="width:160px;height:90px"></div><script>
            function frame(ms) {
              window.lastFrame = ms;
              window.lastRandom = Math.random();
              document.getElementById('d').style.background = ms >= 1000 ? 'rgb(0,255,0)' : 'rgb(255,0,0)';
              requestAnimationFrame(frame);
            }
            requestAnimationFrame(frame);
            </script></body></html>
            """
        let html = page(body: #"<iframe src="site.html" width="160" height="90" style="position:absolute;left:0;top:0;border:0"></iframe>"#)
        let (_, session) = try await open(["index.html": html, "site.html": site])
        let keepsState = try await session.evaluate("window.__hf.keepsState")
        XCTAssertEqual(keepsState, "true", "the iframe's rAF loop makes the composition stateful (pre-roll)")
        try await session.seek(to: 1.5)
        let frame = try await session.capture().image
        XCTAssertEqual(frame.rgb(80, 45), [0, 255, 0], "the iframe's rAF ran at 1500 ms")
        let clock = try await session.evaluate("(() => { const w = document.querySelector('iframe').contentWindow; return [w.lastFrame, w.performance.now(), w.Date.now() - Date.UTC(2024, 0, 1)]; })()")
        XCTAssertEqual(clock, "[1500,1500,1500]")
        // Seeded like the page: the same time gives the same numbers, another time others.
        let first = try await session.evaluate("document.querySelector('iframe').contentWindow.lastRandom")
        try await session.seek(to: 0.5)
        try await session.seek(to: 1.5)
        let again = try await session.evaluate("document.querySelector('iframe').contentWindow.lastRandom")
        XCTAssertEqual(first, again)
        await session.close()
    }

    func testVariablesDeclaredOnHtmlAreDefaults() async throws {
        let html = page(body: "").replacingOccurrences(of: "<html>", with: #"<html data-composition-variables='[{"id":"a","default":1},{"id":"b","default":2}]'>"#)
            .replacingOccurrences(of: #"data-composition-id="main""#, with: #"data-composition-id="main" data-composition-variables='[{"id":"b","default":3}]'"#)
        let (_, session) = try await open(["index.html": html])
        let variables = try await session.evaluate("window.__hyperframes.getVariables()")
        XCTAssertEqual(variables, #"{"a":1,"b":3}"#, "the root's later declaration wins")
        await session.close()
    }
}
