import FrameGateBrowser
import FrameGateDistributed
import FrameGateEngine
import FrameGateMedia
import Foundation
import XCTest
import FrameGateTestSupport
import FrameGateCore

/// Issue 13's "Must show", for each of the five compositions that keep state or read clocks (the corpus's
/// fixtures/distributed/state-*): two renders are byte-identical (one of them in a process whose host TZ is
/// not UTC); `--workers 2` equals 1 worker on every frame; a distributed render in separate processes, the
/// planner and the chunk workers each under a different host TZ, equals the in-process render on every frame.
final class StatefulCompositionTests: XCTestCase {
    func testAccumulatingCanvas() async throws { try await checkEveryMode("state-canvas") }
    func testDtIntegratedParticles() async throws { try await checkEveryMode("state-particles") }
    func testRandomTimers() async throws { try await checkEveryMode("state-timers") }
    func testIntlAndDateText() async throws { try await checkEveryMode("state-intl-text") }
    func testLocalTimeText() async throws { try await checkEveryMode("state-local-time") }

    /// Controls: the same checks can fail. Without pre-roll a second worker differs from one worker; the
    /// local-time text depends on the time zone the render asks for.
    func testControlsWithoutPreRollOrWithAnotherTimeZoneTheFramesDiffer() async throws {
        let canvas = try StateFixture("state-canvas")
        var cold = canvas.config
        cold.environment.preRoll = .never
        let scratch = try Scratch()
        let one = try await Renderer(config: cold).render(projectDir: canvas.source, to: scratch.file("one.mp4"))
        cold.workers = 2
        let two = try await Renderer(config: cold).render(projectDir: canvas.source, to: scratch.file("two.mp4"))
        let firstDifference = zip(one.digests, two.digests).enumerated().first { $0.element.0 != $0.element.1 }?.offset
        XCTAssertNotNil(firstDifference, "without pre-roll the second worker's first frame shows no history")

        let clock = try StateFixture("state-local-time")
        var utc = clock.config
        utc.environment.timezone = "UTC"
        utc.frameRange = 0..<1
        var kolkata = clock.config
        kolkata.frameRange = 0..<1
        let a = try await Renderer(config: utc).render(projectDir: clock.source, to: scratch.file("utc.mp4"))
        let b = try await Renderer(config: kolkata).render(projectDir: clock.source, to: scratch.file("kolkata.mp4"))
        XCTAssertNotEqual(a.digests, b.digests, "the page's zone is the render's, so changing it changes the text")
    }

    /// `framegate check`'s verdicts: the accumulating canvas keeps state, the timeline-driven counter is seek-pure.
    func testCheckTellsStatefulFromSeekPure() async throws {
        let canvas = try StateFixture("state-canvas")
        let stateful = try await SeekPurityCheck.run(projectDir: canvas.source, config: canvas.config, frames: [20, 50])
        XCTAssertFalse(stateful.seekPure)
        XCTAssertEqual(stateful.firstDifferingFrame, 20)
        XCTAssertTrue(stateful.registersPerFrameWork)
        XCTAssertEqual(stateful.replayedFrames, 49, "frames 0…19 and 21…49 replayed on the warm page")
        XCTAssertNotNil(stateful.replayMillisecondsPerFrame)

        let root = URL(fileURLWithPath: "\(#filePath)").deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let counter = root.appendingPathComponent("fixtures/distributed/seam-counter/src")
        let pure = try await SeekPurityCheck.run(projectDir: counter, config: RenderConfig(fps: FrameRate(30)), frames: [20, 50])
        XCTAssertTrue(pure.seekPure, pure.verdict)
        XCTAssertFalse(pure.registersPerFrameWork)
        XCTAssertTrue(pure.verdict.hasPrefix("seek-pure"), pure.verdict)
    }

    private func checkEveryMode(_ name: String) async throws {
        let fixture = try StateFixture(name)
        let scratch = try Scratch()
        let binary = try framegateBinary()

        // 1. Two renders, byte-identical: one here, one in a `framegate render` process on a host in another zone.
        let first = try await Renderer(config: fixture.config).render(projectDir: fixture.source, to: scratch.file("first.mp4"))
        let second = scratch.file("second.mp4")
        let rerun = try await runProcess(binary, ["render", fixture.source.path, "-o", second.path] + fixture.environmentFlags,
                                         environment: ["TZ": "Australia/Adelaide", "LANG": "fr_FR.UTF-8"])
        XCTAssertEqual(rerun.status, 0, rerun.stderr)
        XCTAssertEqual(try Data(contentsOf: first.output), try Data(contentsOf: second), "\(name): two renders differ")

        // 2. Two workers: the second starts midway through the state, and must show the same frames.
        var twoWorkers = fixture.config
        twoWorkers.workers = 2
        let parallel = try await Renderer(config: twoWorkers).render(projectDir: fixture.source, to: scratch.file("workers2.mp4"))
        assertSameFrames(parallel.digests, first.digests, "\(name): --workers 2 vs 1 worker")
        XCTAssertEqual(try Data(contentsOf: parallel.output), try Data(contentsOf: first.output), "\(name): --workers 2 bytes")

        // 3. Distributed, in separate processes: planner and each chunk worker under their own host TZ.
        let planDir = scratch.file("plan")
        let plan = try await runProcess(binary, ["plan", fixture.source.path, "--plan-dir", planDir.path,
                                                 "--chunk-size", String(fixture.chunkSize)] + fixture.environmentFlags,
                                        environment: ["TZ": "America/Los_Angeles"])
        XCTAssertEqual(plan.status, 0, plan.stderr)
        let manifest = try JSONDecoder().decode(PlanManifest.self, from: Data(contentsOf: planDir.appendingPathComponent("plan.json")))
        XCTAssertGreaterThan(manifest.chunkCount, 2, "\(name): the seams must fall inside the state")
        let zones = ["Asia/Tokyo", "Pacific/Chatham", "Europe/Berlin", "America/St_Johns"]
        var chunks: [URL] = []
        var distributed: [String] = []
        for index in 0..<manifest.chunkCount {
            let chunk = scratch.file(String(format: "chunks/chunk_%05d.mp4", index))
            let result = try await renderChunkProcess(planDir: planDir, index: index, output: chunk,
                                                      environment: ["TZ": zones[index % zones.count]])
            XCTAssertEqual(result.status, 0, result.stderr)
            let receipt = try JSONDecoder().decode(ChunkReceipt.self, from: Data(contentsOf: ChunkReceipt.url(for: chunk)))
            distributed += receipt.digests
            chunks.append(chunk)
        }
        assertSameFrames(distributed, first.digests, "\(name): distributed (separate processes, other host zones) vs in-process")
        let assembled = scratch.file("distributed.mp4")
        let assemble = try await runProcess(binary, ["assemble", "--plan-dir", planDir.path, "-o", assembled.path] + chunks.map(\.path))
        XCTAssertEqual(assemble.status, 0, assemble.stderr)
        XCTAssertEqual(try MediaProbe.probe(assembled, countFrames: true).videoStream?.frameCount, first.frameCount)
    }

    private func assertSameFrames(_ actual: [String], _ expected: [String], _ label: String,
                                  file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(actual.count, expected.count, "\(label): frame count", file: file, line: line)
        if let first = zip(actual, expected).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
            XCTFail("\(label): frame \(first) is the first that differs", file: file, line: line)
        }
    }
}

/// One of the corpus's state fixtures, read from the repository (the same files the harness renders).
struct StateFixture {
    let source: URL
    let chunkSize: Int
    let config: RenderConfig

    init(_ name: String) throws {
        let root = URL(fileURLWithPath: "\(#filePath)").deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let directory = root.appendingPathComponent("fixtures/distributed/\(name)")
        source = directory.appendingPathComponent("src")
        let meta = try XCTUnwrap(JSONValue.parse(String(contentsOf: directory.appendingPathComponent("meta.json"), encoding: .utf8)))
        let render = try XCTUnwrap(meta["renderConfig"])
        chunkSize = try XCTUnwrap(render["chunkSize"]?.intValue)
        var config = RenderConfig(fps: FrameRate(try XCTUnwrap(render["fps"]?.intValue)))
        if let zone = render["timezone"]?.stringValue { config.environment.timezone = zone }
        if let locale = render["locale"]?.stringValue { config.environment.locale = locale }
        self.config = config
    }

    var environmentFlags: [String] { ["--timezone", config.environment.timezone, "--locale", config.environment.locale] }
}
