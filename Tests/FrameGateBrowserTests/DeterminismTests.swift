import FrameGateMedia
import XCTest
import FrameGateTestSupport
@testable import FrameGateBrowser
import FrameGateCore

/// The same frame, whichever process renders it and whatever was rendered before, has one digest.
final class DeterminismTests: XCTestCase {
    // Text, gradients, transforms, a canvas full of Math.random and crypto.getRandomValues, and a
    // CSS animation: the things most likely to differ between processes or seek histories.
    static let html = page(width: 320, height: 180, duration: 2, style: """
        @keyframes spin { from { transform: rotate(0deg); } to { transform: rotate(360deg); } }
        #title { left: 10px; top: 10px; font: 24px sans-serif; color: rgb(20,40,200); animation: spin 2s linear infinite; }
        #grad { left: 200px; top: 100px; width: 100px; height: 60px; background: linear-gradient(45deg, red, blue); border-radius: 12px; }
        #noise { position: absolute; left: 0; top: 60px; }
        """, body: """
        <div id="title" class="box">FrameGate ✓</div>
        <div id="grad" class="box"></div>
        <canvas id="noise" width="180" height="110"></canvas>
        """, script: """
        const ctx = document.getElementById('noise').getContext('2d');
        function draw(ts) {
          ctx.clearRect(0, 0, 180, 110);
          const bytes = new Uint8Array(3);
          for (let i = 0; i < 40; i++) {
            crypto.getRandomValues(bytes);
            ctx.fillStyle = `rgb(${bytes[0]},${bytes[1]},${Math.floor(Math.random() * 255)})`;
            ctx.fillRect(Math.random() * 160, Math.random() * 90, 20, 20);
          }
          requestAnimationFrame(draw);
        }
        requestAnimationFrame(draw);
        """)

    func testSameFrameInTwoProcessesAndAfterSeekingBackHasOneDigest() async throws {
        let project = try TestProject(["index.html": Self.html])
        let options = CaptureOptions(width: 320, height: 180)
        var digestsPerProcess: [[String]] = []
        let fps = FrameRate(30)
        let frames = [0, 7, 20, 45]
        for _ in 0..<2 {
            let browser = try await Browser.launch()
            let session = try await CaptureSession.open(browser: browser, project: project.source, options: options)
            var digests: [String] = []
            for index in frames {
                try await session.seek(to: fps.time(ofFrame: index))
                digests.append(try await session.capture(index: index).digest)
            }
            // Backwards to an earlier frame, then forwards again: the same pixels.
            try await session.seek(to: fps.time(ofFrame: 3))
            _ = try await session.capture()
            try await session.seek(to: fps.time(ofFrame: 20))
            let again = try await session.capture().digest
            XCTAssertEqual(again, digests[2], "frame 20 after seeking back to 3 and forward again")
            digestsPerProcess.append(digests)
            await session.close()
            await browser.close()
        }
        XCTAssertEqual(digestsPerProcess[0], digestsPerProcess[1], "the same frames in two browser processes")
        // The digests must depend on time, or the equalities above would prove nothing.
        XCTAssertEqual(Set(digestsPerProcess[0]).count, frames.count)
    }

    func testRandomnessIsSeededByFrameTime() async throws {
        let browser = try await BrowserPool.shared.get()
        let project = try TestProject(["index.html": page(body: "")])
        let session = try await CaptureSession.open(browser: browser, project: project.source, options: CaptureOptions(width: 160, height: 90))
        try await session.seek(to: 1.5)
        let first = try await session.evaluate("[Math.random(), Math.random(), Array.from(crypto.getRandomValues(new Uint8Array(4)))]")
        try await session.seek(to: 0.25)
        let other = try await session.evaluate("Math.random()")
        try await session.seek(to: 1.5)
        let second = try await session.evaluate("[Math.random(), Math.random(), Array.from(crypto.getRandomValues(new Uint8Array(4)))]")
        XCTAssertEqual(first, second)
        XCTAssertFalse(first.contains(other))
        await session.close()
    }

    func testTimelinesAreSeekedRelativeToTheirHostsStart() async throws {
        let browser = try await BrowserPool.shared.get()
        // A GSAP-shaped timeline per composition: totalTime(t) records the local time it was given.
        let html = page(duration: 5, body: """
            <div id="h" data-fg-host="h" data-start="2" data-duration="3" data-fg-start="2" data-fg-end="5">
              <div id="scene__h" data-composition-id="scene__h" data-fg-offset="2"></div>
            </div>
            """, script: """
            function timeline() {
              return { t: null, paused: false, pause() { this.paused = true; }, totalTime(t) { this.t = t; }, totalDuration() { return 2.5; } };
            }
            window.__timelines = { main: timeline(), scene__h: timeline() };
            """)
        let project = try TestProject(["index.html": html])
        let session = try await CaptureSession.open(browser: browser, project: project.source, options: CaptureOptions(width: 160, height: 90))
        try await session.seek(to: 3.25)
        let times = try await session.evaluate("[__timelines.main.t, __timelines.scene__h.t, __timelines.scene__h.paused]")
        XCTAssertEqual(times, "[3.25,1.25,true]")
        await session.close()
    }

    /// A scaling transform animation: a composited layer would be rastered at a scale that depends on the
    /// frames drawn before, so a chunk starting at frame 40 would not match a render that ran from frame 0.
    func testAFrameDoesNotDependOnTheFramesRenderedBeforeIt() async throws {
        // The waapi fixture: four WAAPI animations, one scaling, at 24 fps, where frame 43 used to differ.
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../fixtures/waapi/src/index.html").standardizedFileURL
        let html = try String(contentsOf: fixture, encoding: .utf8)
        let project = try TestProject(["index.html": html])
        let options = CaptureOptions(width: 640, height: 360)
        let fps = FrameRate(24)
        let target = 43

        let browser = try await Browser.launch()
        defer { Task { await browser.close() } }
        let continuous = try await CaptureSession.open(browser: browser, project: project.source, options: options)
        let collected = Locked<[String]>([])
        try await continuous.captureFrames(0..<(target + 1), frameRate: fps) { frame in collected.withLock { $0.append(frame.digest) } }
        let fromStart = collected.withLock { digests in defer { digests = [] }; return digests }
        await continuous.close()

        let direct = try await CaptureSession.open(browser: browser, project: project.source, options: options)
        try await direct.captureFrames(40..<(target + 1), frameRate: fps) { frame in collected.withLock { $0.append(frame.digest) } }
        let fromChunk = collected.value
        await direct.close()

        XCTAssertEqual(Array(fromStart[40...]), fromChunk, "frames 40…43 differ between a run from frame 0 and one from frame 40")
        XCTAssertEqual(Set(fromChunk).count, fromChunk.count, "the animation must change every frame for this to prove anything")
    }
}
