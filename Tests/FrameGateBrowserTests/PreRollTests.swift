import FrameGateMedia
import XCTest
import FrameGateTestSupport
@testable import FrameGateBrowser
import FrameGateCore

/// A capture that starts at frame k shows what a capture from frame 0 shows (issue 13's pre-roll).
final class PreRollTests: XCTestCase {
    /// Never cleared: each rAF adds a random square and moves a dot by the rAF time step.
    static let accumulating = page(width: 160, height: 90, duration: 2, body: #"<canvas id="c" width="160" height="90"></canvas>"#, script: """
        const ctx = document.getElementById('c').getContext('2d');
        let last = null, x = 0;
        function step(ts) {
          const dt = last === null ? 0 : ts - last; last = ts;
          x = (x + dt * 0.05) % 160;
          ctx.fillStyle = `hsla(${Math.floor(Math.random() * 360)}, 80%, 50%, 0.4)`;
          ctx.fillRect(Math.random() * 150, Math.random() * 80, 10, 10);
          ctx.fillStyle = '#000'; ctx.fillRect(x, 40, 3, 3);
          requestAnimationFrame(step);
        }
        requestAnimationFrame(step);
        """)
    static let pure = page(width: 160, height: 90, duration: 2, body: #"<div id="bar" class="box" style="top:40px;height:10px;background:#036"></div>"#, script: """
        window.__timelines = { main: { totalTime(t) { document.getElementById('bar').style.width = (t * 80) + 'px'; } } };
        """)

    private func capture(_ html: String, _ range: Range<Int>, preRoll: PreRoll = .automatic) async throws -> ([String], PreRollStats) {
        let project = try TestProject(["index.html": html])
        let session = try await CaptureSession.open(browser: try await BrowserPool.shared.get(), project: project.source,
                                                    options: CaptureOptions(width: 160, height: 90, preRoll: preRoll))
        let digests = Locked<[String]>([])
        try await session.captureFrames(range, frameRate: FrameRate(30)) { frame in digests.withLock { $0.append(frame.digest) } }
        let stats = await session.preRollStats
        await session.close()
        return (digests.withLock { $0 }, stats)
    }

    func testAStatefulPageStartedMidwayEqualsTheRenderFromZero() async throws {
        let (full, _) = try await capture(Self.accumulating, 0..<14)
        let (midway, stats) = try await capture(Self.accumulating, 9..<14)
        XCTAssertEqual(midway, Array(full[9..<14]))
        XCTAssertEqual(stats.frames, 9, "frames 0…8 replayed without capture")
        // Control: without the pre-roll the same frames differ, so the equality above is the pre-roll's doing.
        let (cold, coldStats) = try await capture(Self.accumulating, 9..<14, preRoll: .never)
        XCTAssertEqual(coldStats.frames, 0)
        XCTAssertNotEqual(cold[0], full[9])
    }

    func testCapturingBackwardsReloadsAndReplays() async throws {
        let project = try TestProject(["index.html": Self.accumulating])
        let session = try await CaptureSession.open(browser: try await BrowserPool.shared.get(), project: project.source,
                                                    options: CaptureOptions(width: 160, height: 90))
        let digests = Locked<[String]>([])
        try await session.captureFrames(6..<9, frameRate: FrameRate(30)) { frame in digests.withLock { $0.append(frame.digest) } }
        try await session.captureFrames(2..<5, frameRate: FrameRate(30)) { frame in digests.withLock { $0.append(frame.digest) } }
        let stats = await session.preRollStats
        await session.close()
        let (full, _) = try await capture(Self.accumulating, 0..<9)
        XCTAssertEqual(digests.withLock { $0 }, Array(full[6..<9]) + Array(full[2..<5]))
        XCTAssertEqual(stats.reloads, 1)
        XCTAssertEqual(stats.frames, 6 + 2)
    }

    func testAPureFunctionOfTimeSkipsThePreRoll() async throws {
        let (full, _) = try await capture(Self.pure, 0..<12)
        let (midway, stats) = try await capture(Self.pure, 8..<12)
        XCTAssertEqual(midway, Array(full[8..<12]))
        XCTAssertEqual(stats.frames, 0, "no rAF, no timers: nothing to replay")
        let (forced, forcedStats) = try await capture(Self.pure, 8..<12, preRoll: .always)
        XCTAssertEqual(forced, midway)
        XCTAssertEqual(forcedStats.frames, 8)
    }
}
