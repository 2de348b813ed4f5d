import FrameGateMedia
import XCTest
import FrameGateTestSupport
@testable import FrameGateBrowser
import FrameGateCore

/// A seek that waits on the page: readiness gates opened by the page's own timers or animation frames, live
/// maps that must hold every tile at each seek, iframes that go away while a seek waits for them, and
/// SEEK_TIMEOUT naming what it waited for.
final class ReadinessClockTests: XCTestCase {
    private func open(_ files: [String: String], seekTimeout: Double = 10) async throws -> (TestProject, CaptureSession) {
        let project = try TestProject(files)
        let session = try await CaptureSession.open(browser: try await BrowserPool.shared.get(), project: project.source,
                                                    options: CaptureOptions(width: 160, height: 90, seekTimeout: seekTimeout))
        return (project, session)
    }

    /// A map in `__hfGoogleMaps` (or not) that reports 'tilesloaded' from `opener`, which paints the box green
    /// and records the clock it saw.
    private func mapPage(registered: Bool, opener: String) -> String {
        page(body: #"<div id="b" class="box" style="left:0;top:0;width:160px;height:90px;background:rgb(255,0,0)"></div>"#, script: """
            const waiting = [];
            window.map = { addListener(event, cb) { if (event === 'tilesloaded') { if (window.loaded) cb(); else waiting.push(cb); } return { remove() {} }; } };
            function open() {
              window.loaded = true;
              window.openedAt = performance.now();
              document.getElementById('b').style.background = 'rgb(0,255,0)';
              waiting.splice(0).forEach((cb) => cb());
            }
            \(opener)
            \(registered ? "window.__hfGoogleMaps = [window.map];" : "")
            """)
    }

    func testAGateOpenedByATimerRunsThatTimerAheadWithTheClockHeld() async throws {
        let (_, session) = try await open(["index.html": mapPage(registered: true, opener: "setTimeout(open, 150);")])
        // open() ran during the load's seek to 0, before its due time, while the clock read 0.
        let frame = try await session.capture().image
        XCTAssertEqual(frame.rgb(80, 45), [0, 255, 0], "captured after the gate opened")
        let seen = try await session.evaluate("[window.openedAt, window.__hf.time, window.__hf.readinessTicks]")
        XCTAssertEqual(seen, "[0,0,9]", "the timer's callback saw t = 0; 150 ms of timers is 9 ticks of 1/60 s")
        await session.close()
    }

    func testControlWithoutAGateTheTimerRunsAtItsOwnTime() async throws {
        let (_, session) = try await open(["index.html": mapPage(registered: false, opener: "setTimeout(open, 150);")])
        var frame = try await session.capture().image
        XCTAssertEqual(frame.rgb(80, 45), [255, 0, 0], "nothing waits: the timer has not run at t = 0")
        try await session.seek(to: 0.2)
        frame = try await session.capture().image
        XCTAssertEqual(frame.rgb(80, 45), [0, 255, 0])
        let seen = try await session.evaluate("[window.openedAt, window.__hf.readinessTicks]")
        XCTAssertEqual(seen, "[150,0]", "it ran at its due time, and no readiness tick ran")
        await session.close()
    }

    /// Frames i… of a page whose gate a timer opened equal the same frames of a render from frame 0: the ticks
    /// run at the load's seek in every session, and the pre-roll replays the rest.
    func testACaptureStartedMidwayEqualsTheCaptureFromZero() async throws {
        let opener = """
            setTimeout(() => {
              open();
              let x = 0;
              setInterval(() => { x += 10; document.getElementById('b').style.width = x + 'px'; }, 100);
            }, 150);
            """
        func digests(_ range: Range<Int>) async throws -> [String] {
            let (project, session) = try await open(["index.html": mapPage(registered: true, opener: opener)])
            let found = Locked<[String]>([])
            try await session.captureFrames(range, frameRate: FrameRate(30)) { frame in found.withLock { $0.append(frame.digest) } }
            await session.close()
            withExtendedLifetime(project) {}
            return found.withLock { $0 }
        }
        let full = try await digests(0..<16)
        let midway = try await digests(12..<16)
        XCTAssertEqual(Array(full[12...]), midway)
        XCTAssertNotEqual(full[12], full[15], "control: the interval moves the box between those frames")
    }

    func testAGateOpenedByAnimationFramesIsRunAheadToo() async throws {
        let opener = "let frames = 0; (function tick() { if (++frames === 3) open(); else requestAnimationFrame(tick); })();"
        let (_, session) = try await open(["index.html": mapPage(registered: true, opener: opener)])
        let frame = try await session.capture().image
        XCTAssertEqual(frame.rgb(80, 45), [0, 255, 0])
        let ticks = try await session.evaluate("window.__hf.readinessTicks")
        XCTAssertEqual(ticks, "1", "the seek's own frame ran the second animation frame, one tick the third")
        await session.close()
    }

    func testAGateThatNeverOpensTimesOutNamingIt() async throws {
        let (_, session) = try await open(["index.html": mapPage(registered: false, opener: "")], seekTimeout: 2)
        _ = try await session.evaluate("window.__hfGoogleMaps = [window.map], 1") // registered after the load's seek
        let error = await expectCode(.seekTimeout) { try await session.seek(to: 0.5) }
        XCTAssertTrue(error?.message.contains("waiting for __hfGoogleMaps[0] 'tilesloaded'") == true, "\(String(describing: error))")
        await session.close()
    }

    /// html2canvas renders from a clone iframe and removes it when done: a seek waiting for that iframe ends.
    private func iframePage(removed: Bool) -> String {
        page(body: #"<iframe id="f" src="child.html" style="position:absolute;left:0;top:0;width:80px;height:90px;border:0"></iframe>"#, script: """
            window.addEventListener('hf-seek', (e) => {
              if (e.detail.time === 0 || !\(removed)) return;
              // A real load, finished while the seek waits for the iframe: then the iframe goes.
              const img = new Image();
              img.onload = () => document.getElementById('f').remove();
              img.src = 'dot.svg';
            });
            """)
    }
    private let child = """
        <!doctype html><html><body><script>
        window.addEventListener('hf-seek', (e) => { if (e.detail.time > 0) e.detail.waitUntil(new Promise(() => {})); });
        </script></body></html>
        """
    private let dot = #"<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>"#

    func testAnIframeRemovedWhileASeekWaitsForItEndsTheWait() async throws {
        let (project, session) = try await open(["index.html": iframePage(removed: true), "child.html": child, "dot.svg": dot], seekTimeout: 5)
        try await session.seek(to: 0.5)
        let gone = try await session.evaluate("document.getElementById('f') === null")
        XCTAssertEqual(gone, "true")
        await session.close()
        withExtendedLifetime(project) {} // dot.svg is loaded during the seek
    }

    func testControlAnIframeThatStaysIsWaitedForAndNamed() async throws {
        let (project, session) = try await open(["index.html": iframePage(removed: false), "child.html": child, "dot.svg": dot], seekTimeout: 2)
        let error = await expectCode(.seekTimeout) { try await session.seek(to: 0.5) }
        XCTAssertTrue(error?.message.contains("iframe #f: 1 promise(s) passed to the hf-seek event's waitUntil()") == true, "\(String(describing: error))")
        await session.close()
        withExtendedLifetime(project) {}
    }

    /// A live map shaped like MapLibre's (loaded / isStyleLoaded / areTilesLoaded / redraw): its style settles
    /// from a 50 ms timer after style.json arrives, and each of its four tiles (quarters of the frame, drawn green
    /// when loaded) is fetched and decoded (createImageBitmap) when a draw finds it missing, then drawn from an
    /// animation frame, as MapLibre does. `stuck`: the last tile never finishes.
    private func livePage(registered: Bool, stuck: Bool = false) -> String {
        let quarters = (0..<4).map { i in
            #"<div id="q\#(i)" class="box" style="left:\#((i % 2) * 80)px;top:\#((i / 2) * 45)px;width:80px;height:45px;background:rgb(255,0,0)"></div>"#
        }.joined()
        return page(body: quarters, script: """
            const tiles = {};
            window.map = {
              styleLoaded: false,
              loaded() { return this.styleLoaded && this.areTilesLoaded(); },
              isStyleLoaded() { return this.styleLoaded; },
              areTilesLoaded() { return Object.values(tiles).every((tile) => tile.state === 'loaded'); },
              redraw() { this.draw(); },
              draw() {
                if (!this.styleLoaded) return;
                for (let i = 0; i < 4; i++) {
                  let tile = tiles[i];
                  if (!tile) {
                    tile = tiles[i] = { state: 'loading' };
                    if (\(stuck) && i === 3) continue;
                    fetch('tile' + i + '.txt').then((r) => r.text()).then(() => createImageBitmap(new ImageData(2, 2)))
                      .then(() => { tile.state = 'loaded'; requestAnimationFrame(() => window.map.draw()); });
                  }
                  if (tile.state === 'loaded') document.getElementById('q' + i).style.background = 'rgb(0,255,0)';
                }
              },
            };
            fetch('style.json').then((r) => r.json()).then(() => setTimeout(() => {
              window.map.styleLoaded = true;
              requestAnimationFrame(() => window.map.draw());
            }, 50));
            \(registered ? "window.__hfMaplibre = [window.map];" : "")
            """)
    }
    private func liveFiles(registered: Bool, stuck: Bool = false) -> [String: String] {
        var files = ["index.html": livePage(registered: registered, stuck: stuck), "style.json": "{}"]
        for i in 0..<4 { files["tile\(i).txt"] = "tile \(i)" }
        return files
    }

    func testALiveMapIsCapturedWithEveryTileAtTheFirstFrame() async throws {
        let (project, session) = try await open(liveFiles(registered: true))
        let frame = try await session.capture().image
        for (x, y) in [(40, 22), (120, 22), (40, 67), (120, 67)] {
            XCTAssertEqual(frame.rgb(x, y), [0, 255, 0], "tile at (\(x), \(y)) drawn at t = 0")
        }
        let seen = try await session.evaluate("[window.map.styleLoaded, window.__hf.time, window.__hf.readinessTicks > 0]")
        XCTAssertEqual(seen, "[true,0,true]", "the style's timer (due at 50 ms) ran ahead with the clock held at 0")
        await session.close()
        withExtendedLifetime(project) {}
    }

    func testControlAnUnregisteredMapShowsWhateverHadArrived() async throws {
        let (project, session) = try await open(liveFiles(registered: false))
        let frame = try await session.capture().image
        XCTAssertEqual(frame.rgb(40, 22), [255, 0, 0], "nothing waits for it: its style timer has not even run at t = 0")
        await session.close()
        withExtendedLifetime(project) {}
    }

    func testALiveMapWhoseTileNeverLoadsTimesOutNamingIt() async throws {
        // The load's own seek to 0 waits for it.
        let error = await expectCode(.seekTimeout) {
            let (project, session) = try await self.open(self.liveFiles(registered: true, stuck: true), seekTimeout: 2)
            await session.close()
            withExtendedLifetime(project) {}
        }
        XCTAssertTrue(error?.message.contains("__hfMaplibre[0] to load its tiles") == true, "\(String(describing: error))")
    }
}
