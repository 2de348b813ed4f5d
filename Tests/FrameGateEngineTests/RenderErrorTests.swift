import FrameGateBrowser
import FrameGateMedia
import Foundation
import XCTest
import FrameGateTestSupport
@testable import FrameGateEngine

/// Failed renders report their stable code and leave nothing where the output should be.
final class RenderErrorTests: XCTestCase {
    /// No temp work dir of this process's renders is left behind.
    private func workDirs() throws -> Set<String> {
        let prefix = "framegate-render-\(ProcessInfo.processInfo.processIdentifier)-"
        return Set(try FileManager.default.contentsOfDirectory(atPath: FileManager.default.temporaryDirectory.path)
            .filter { $0.hasPrefix(prefix) })
    }

    /// The most frames any progress event reported done.
    private static func framesDone(_ events: EventLog<RenderEvent>) -> Int {
        events.events.compactMap { event -> Int? in
            if case let .framesDone(done, _) = event { return done }
            return nil
        }.max() ?? 0
    }

    private func assertNothingWritten(_ sandbox: RenderSandbox, file: StaticString = #filePath, line: UInt = #line) throws {
        let left = try FileManager.default.contentsOfDirectory(atPath: sandbox.outputs.path)
        XCTAssertEqual(left, [], "the output directory must stay empty (no output, no .partial file)", file: file, line: line)
    }

    /// A project directory that does not exist is a wrong argument (exit 2), named in the message.
    func testMissingProjectIsAnInvalidArgument() async throws {
        let sandbox = try RenderSandbox([:])
        let missing = sandbox.dir.appendingPathComponent("no-such-project")
        let code = await expectCode {
            _ = try await Renderer(config: RenderConfig()).render(projectDir: missing, to: sandbox.output("out.mp4"))
        }?.code
        XCTAssertEqual(code, .invalidArgument)
        try assertNothingWritten(sandbox)
    }

    func testPageWithoutRootIsCompositionNotFound() async throws {
        let sandbox = try RenderSandbox(["index.html": page("<div data-duration=\"1\">no root here</div>")])
        let code = await expectCode { _ = try await sandbox.render(to: "out.mp4") }?.code
        XCTAssertEqual(code, .compositionNotFound)
        try assertNothingWritten(sandbox)
    }

    /// An impossible config fails before any browser starts: with an executable that cannot launch, a browser
    /// start would fail differently, and the observer would have seen the compile stage begin.
    func testInvalidConfigFailsBeforeAnyBrowserStarts() async throws {
        let sandbox = try RenderSandbox(["index.html": compositionPage(duration: 1, body: "")])
        let events = EventLog<RenderEvent>()
        let code = await expectCode {
            _ = try await sandbox.render(RenderConfig(format: .mov, codec: .h265), to: "out.mov",
                                         browserOptions: BrowserOptions(executable: "/nonexistent/chromium"),
                                         observer: events.observer)
        }?.code
        XCTAssertEqual(code, .invalidArgument)
        XCTAssertTrue(events.events.isEmpty, "no stage may start: \(events.events)")
        try assertNothingWritten(sandbox)

        // The same project with a valid config does reach the browser, which proves the check above means something.
        let launchCode = await expectCode {
            _ = try await sandbox.render(RenderConfig(format: .mov), to: "out.mov",
                                         browserOptions: BrowserOptions(executable: "/nonexistent/chromium"))
        }?.code
        XCTAssertNotNil(launchCode)
        XCTAssertNotEqual(launchCode, .invalidArgument)
        try assertNothingWritten(sandbox)
    }

    /// A failure in the middle of capture, after the first segments were encoded, leaves no output,
    /// no staging file and no work directory.
    func testFailureDuringCaptureLeavesNothingBehind() async throws {
        let box = animatedBox(duration: 1.5)
        let sandbox = try RenderSandbox([
            "index.html": compositionPage(duration: 1.5, style: box.style, body: box.body, script: """
                window.__timelines = window.__timelines || {};
                window.__timelines.main = { seek: function (t) { if (t > 0.9) { throw new Error('late failure at ' + t); } } };
                """),
        ])
        let before = try workDirs()
        let events = EventLog<RenderEvent>()
        let code = await expectCode {
            _ = try await sandbox.render(to: "out.mp4", observer: events.observer)
        }?.code
        XCTAssertEqual(code, .compositionScriptError)
        let framesDone = Self.framesDone(events)
        XCTAssertGreaterThanOrEqual(framesDone, 10, "the failure came after at least one whole segment was written")
        try assertNothingWritten(sandbox)
        XCTAssertEqual(try workDirs(), before, "the render's work directory is removed")
    }

    /// A failed render does not leave a half-written file in place of an existing output either.
    func testFailedRenderKeepsNoPartialFileNextToAnOldOutput() async throws {
        let sandbox = try RenderSandbox(["index.html": page("<p>no root</p>")])
        let old = Data("previous render".utf8)
        try old.write(to: sandbox.output("out.mp4"))
        let code = await expectCode { _ = try await sandbox.render(to: "out.mp4") }?.code
        XCTAssertEqual(code, .compositionNotFound)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: sandbox.outputs.path), ["out.mp4"])
        XCTAssertEqual(try Data(contentsOf: sandbox.output("out.mp4")), old)
    }

    /// When one worker fails, the others stop at their next frame and every browser is reaped: worker 1 fails
    /// at its first frame (t = 10 s) while worker 0 has 300 frames to draw. Without cancellation worker 0
    /// would draw all 300 before the render reports the failure.
    func testOneFailingWorkerStopsTheOthersAndReapsEveryBrowser() async throws {
        let box = animatedBox(duration: 20)
        let sandbox = try RenderSandbox([
            "index.html": compositionPage(duration: 20, style: box.style, body: box.body, script: """
                window.__timelines = window.__timelines || {};
                window.__timelines.main = { seek: function (t) { if (t >= 10) { throw new Error('worker 1 fails at ' + t); } } };
                """),
        ])
        let real = try BrowserOptions().resolveExecutable()
        let launches = sandbox.dir.appendingPathComponent("launches.log")
        let wrapper = sandbox.dir.appendingPathComponent("chromium-logging-pid")
        try "#!/bin/sh\necho $$ >> '\(launches.path)'\nexec '\(real)' \"$@\"\n".write(to: wrapper, atomically: true, encoding: .utf8)
        chmod(wrapper.path, 0o755)

        let events = EventLog<RenderEvent>()
        var config = RenderConfig(workers: 2)
        config.segmentFrames = 30
        let code = await expectCode {
            _ = try await sandbox.render(config, to: "out.mp4", browserOptions: BrowserOptions(executable: wrapper.path),
                                         observer: events.observer)
        }?.code
        XCTAssertEqual(code, .compositionScriptError)
        let framesDone = Self.framesDone(events)
        XCTAssertLessThan(framesDone, 300, "worker 0 must stop when worker 1 fails, not draw its whole range")

        let pids = try String(contentsOf: launches, encoding: .utf8).split(separator: "\n").compactMap { pid_t($0) }
        XCTAssertEqual(pids.count, 2, "one browser per worker")
        for pid in pids {
            XCTAssertTrue(kill(pid, 0) != 0 && errno == ESRCH, "browser \(pid) is still running after the render failed")
        }
        try assertNothingWritten(sandbox)
    }
}
