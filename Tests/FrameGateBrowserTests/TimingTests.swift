import FrameGateMedia
import XCTest
import FrameGateTestSupport
@testable import FrameGateBrowser
import FrameGateCore

/// Every time-driven mechanism of the runtime, on one 160×90 page, checked against its maths at
/// the frames (30 fps) where the value changes. Pages here are written as the compiler emits them:
/// timing is what the `data-fg-*` stamps say; the runtime never interprets `data-start` itself.
final class TimingTests: XCTestCase {
    static let html = page(style: """
        @keyframes ramp { from { background-color: rgb(0,0,0); } to { background-color: rgb(200,0,0); } }
        #ramp { left: 0; top: 0; width: 40px; height: 45px; animation: ramp 2s linear forwards; }
        #late-ramp { left: 0; top: 45px; width: 40px; height: 45px; animation: ramp 2s linear forwards; }
        #waapi { left: 40px; top: 0; width: 40px; height: 45px; }
        #cv { position: absolute; left: 80px; top: 0; width: 40px; height: 45px; }
        #timer { left: 120px; top: 0; width: 40px; height: 45px; background: rgb(0,0,0); }
        #a { left: 40px; top: 45px; width: 30px; height: 45px; background: rgb(255,0,0); }
        #b { left: 70px; top: 45px; width: 30px; height: 45px; background: rgb(0,255,0); }
        #parent { left: 100px; top: 45px; width: 60px; height: 45px; }
        #child { position: absolute; left: 0; top: 0; width: 60px; height: 45px; background: rgb(0,0,255); visibility: visible; }
        """, body: """
        <div id="ramp" class="box"></div>
        <div id="late-ramp" class="box" data-start="1" data-fg-start="1"></div>
        <div id="waapi" class="box"></div>
        <canvas id="cv" width="40" height="45"></canvas>
        <div id="timer" class="box"></div>
        <div id="a" class="box" data-start="0.5" data-duration="1" data-fg-start="0.5" data-fg-end="1.5"></div>
        <div id="b" class="box" data-start="a + 0.5" data-duration="0.5" data-fg-start="2" data-fg-end="2.5"></div>
        <div id="parent" class="box" data-start="3" data-duration="0.5" data-fg-start="3" data-fg-end="3.5"><div id="child"></div></div>
        <div id="unstamped" class="box" data-start="9" data-duration="0.1"></div>
        """, script: """
        document.getElementById('waapi').animate(
          [{ backgroundColor: 'rgb(0,0,0)' }, { backgroundColor: 'rgb(0,200,0)' }],
          { duration: 1000, delay: 500, fill: 'both', easing: 'linear' });
        const ctx = document.getElementById('cv').getContext('2d');
        function draw(ts) {
          ctx.fillStyle = 'rgb(0,0,' + Math.min(255, Math.round(ts / 10)) + ')';
          ctx.fillRect(0, 0, 40, 45);
          requestAnimationFrame(draw);
        }
        requestAnimationFrame(draw);
        setTimeout(() => { document.getElementById('timer').style.background = 'rgb(255,255,0)'; }, 1000);
        """)

    func testEveryTimeSourceMatchesItsMathsAtTheFramesWhereItChanges() async throws {
        let browser = try await BrowserPool.shared.get()
        let project = try TestProject(["index.html": Self.html])
        let session = try await CaptureSession.open(browser: browser, project: project.source,
                                                    options: CaptureOptions(width: 160, height: 90))
        let fps = FrameRate(30)
        // Ascending, so the one-shot timer is crossed exactly once between frames 29 and 30.
        for index in [0, 3, 14, 15, 22, 29, 30, 44, 45, 59, 60, 74, 75, 90, 91, 105] {
            let t = fps.time(ofFrame: index)
            try await session.seek(to: t)
            let frame = try await session.capture(index: index, time: t).image
            let ms = Double(index) * 1000 / 30

            // Linear CSS ramp 0 → 200 over 2 s, and the same ramp on an element that starts at 1 s.
            assertChannel(frame.rgb(20, 20)[0], 200 * min(t / 2, 1), "ramp red at frame \(index)")
            // (before its start it is hidden, so the white page shows through)
            if index < 30 {
                XCTAssertEqual(frame.rgb(20, 70), [255, 255, 255], "late ramp hidden at frame \(index)")
            } else {
                assertChannel(frame.rgb(20, 70)[0], 200 * min((t - 1) / 2, 1), "late ramp red at frame \(index)")
            }
            // WAAPI 0 → 200 green over 1 s after a 0.5 s delay.
            assertChannel(frame.rgb(60, 20)[1], 200 * min(max(t - 0.5, 0), 1), "waapi green at frame \(index)")
            // Canvas drawn from the rAF timestamp (ms / 10).
            XCTAssertEqual(frame.rgb(100, 20), [0, 0, min(255, Int((ms / 10).rounded()))], "rAF canvas at frame \(index)")
            // setTimeout(…, 1000) has fired from frame 30 (t = 1 s) on, never before.
            XCTAssertEqual(frame.rgb(140, 20), index >= 30 ? [255, 255, 0] : [0, 0, 0], "timer at frame \(index)")
            // a: [0.5, 1.5); b starts at the end of a + 0.5: [2.0, 2.5).
            XCTAssertEqual(frame.rgb(55, 70), (15..<45).contains(index) ? [255, 0, 0] : [255, 255, 255], "a at frame \(index)")
            XCTAssertEqual(frame.rgb(85, 70), (60..<75).contains(index) ? [0, 255, 0] : [255, 255, 255], "b at frame \(index)")
            // A hidden timed parent hides a child that declares visibility: visible. Visible in [3, 3.5).
            XCTAssertEqual(frame.rgb(130, 70), (90..<105).contains(index) ? [0, 0, 255] : [255, 255, 255], "child at frame \(index)")
        }
        let now = try await session.evaluate("[performance.now(), Date.now(), new Date().toISOString()]")
        XCTAssertEqual(now, "[3500,1704067203500,\"2024-01-01T00:00:03.500Z\"]")
        // An element the compiler did not stamp is not timed: authored data-start alone means nothing to the runtime.
        let unstamped = try await session.evaluate("document.getElementById('unstamped').hasAttribute('data-hf-hidden')")
        XCTAssertEqual(unstamped, "false")
        await session.close()
    }

    func testReportTakesTheDurationFromStampsAndTimelines() async throws {
        let browser = try await BrowserPool.shared.get()
        // No root data-duration: the latest stamped end (4.5) or timeline end (offset 2 + 3 = 5) wins.
        let html = page(width: 320, height: 180, body: """
            <div id="intro" data-start="0" data-duration="2" data-fg-start="0" data-fg-end="2"></div>
            <div id="next" data-start="intro + 1" data-duration="1.5" data-fg-start="3" data-fg-end="4.5"></div>
            <div id="raw" data-start="9" data-duration="9"></div>
            <div id="h" data-fg-host="h" data-fg-start="2"><div data-composition-id="card__h" data-fg-offset="2"></div></div>
            """, script: """
            window.__timelines = { 'card__h': { totalDuration() { return 3; } } };
            """).replacingOccurrences(of: #"data-duration="4.0" "#, with: "")
        let project = try TestProject(["index.html": html])
        let session = try await CaptureSession.open(browser: browser, project: project.source,
                                                    options: CaptureOptions(width: 320, height: 180))
        let report = try await session.describe()
        XCTAssertEqual(report.compositionId, "main")
        XCTAssertEqual(report.duration, 5)
        XCTAssertEqual(report.timelines, ["card__h"])
        XCTAssertNil(report.variablesJSON.flatMap { $0 == "{}" ? nil : $0 })
        await session.close()
    }

    func testPageWithoutRootIsCompositionNotFound() async throws {
        let browser = try await BrowserPool.shared.get()
        let project = try TestProject(["index.html": "<html><body>nothing</body></html>"])
        let session = try await CaptureSession.open(browser: browser, project: project.source,
                                                    options: CaptureOptions(width: 160, height: 90))
        _ = await expectCode(.compositionNotFound) { try await session.describe() }
        await session.close()
    }

    private func assertChannel(_ actual: Int, _ exact: Double, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        // Integral predictions must match exactly; others may round either way by one step.
        let tolerance = exact == exact.rounded() ? 0.0 : 1.0
        XCTAssertLessThanOrEqual(abs(Double(actual) - exact), tolerance, "\(what): got \(actual), maths says \(exact)", file: file, line: line)
    }
}
