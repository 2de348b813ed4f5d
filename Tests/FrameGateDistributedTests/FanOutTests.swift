import FrameGateDistributed
import FrameGateEngine
import FrameGateMedia
import Foundation
import XCTest
import FrameGateTestSupport

/// `framegate render --distributed N` (plan → N `render-chunk` processes → assemble) and the
/// png-sequence merge.
final class FanOutTests: XCTestCase {
    func testDistributedCLIMatchesInProcessAndRetriesAFailedChunk() async throws {
        let scratch = try Scratch()
        let project = try seamProject(in: scratch, duration: 1, clickAt: 1.0 / 3)   // 30 frames: 3 chunks of 10; click on the seam at 10
        // The first browser session any worker starts dies at once: a real failed attempt, with no hook in the product.
        let spy = try BrowserSpy(failFirstLaunches: 1)
        let output = scratch.file("out/distributed.mp4")
        let result = try await runProcess(try framegateBinary(), ["render", project.path, "-o", output.path, "--distributed", "2"],
                                          environment: ["FRAMEGATE_CHROME": spy.executable.path, "TZ": "Asia/Tokyo"])
        XCTAssertEqual(result.status, 0, result.stderr)
        for stage in ["plan", "chunks", "assemble", "total"] {
            XCTAssertTrue(result.stderr.contains("  \(stage) "), "the command reports its \(stage) seconds: \(result.stderr)")
        }
        XCTAssertTrue(result.stderr.contains("rendered 30 frames in 3 chunks"), result.stderr)
        XCTAssertEqual(spy.launches.count, 4, "3 chunks plus one retry of the chunk whose browser died: \(spy.lines)")
        // Time zone and locale reach the page through the DevTools protocol: the worker's process environment is
        // left as the host set it (and the frames below still equal the in-process render's).
        XCTAssertTrue(spy.launches.allSatisfy { $0.hasPrefix("launch TZ=Asia/Tokyo ") }, "\(spy.launches)")

        let inProcess = try await Renderer(config: plainRender()).render(projectDir: project, to: scratch.file("in-process.mp4"))
        let psnrs = try framePSNRs(scratch.file("in-process.mp4"), output)
        XCTAssertEqual(psnrs.count, inProcess.frameCount)
        for (frame, psnr) in psnrs.enumerated() {
            XCTAssertGreaterThanOrEqual(psnr, 50, "frame \(frame): \(psnr) dB")
        }
        let a = try decodeAudio(scratch.file("in-process.mp4")), b = try decodeAudio(output)
        XCTAssertEqual(a.samples.count, b.samples.count)
        XCTAssertEqual(zip(a.samples, b.samples).map { abs($0 - $1) }.max() ?? 1, 0, accuracy: 1e-4)

        let info = try MediaProbe.probe(output, countFrames: true)
        XCTAssertTrue(info.faststart, "assemble applies faststart")
        XCTAssertEqual(info.videoStream?.keyframes, [0, 10, 20], "one closed GOP per chunk")
        XCTAssertEqual(leftovers(in: output.deletingLastPathComponent()), [])
    }

    func testAChunkThatFailsTwiceFailsTheRenderAndNamesIt() async throws {
        let scratch = try Scratch()
        let project = try seamProject(in: scratch, duration: 0.3, clickAt: nil, tone: false)   // 9 frames: one chunk
        let spy = try BrowserSpy(failAlways: true)
        let output = scratch.file("out/never.mp4")
        let result = try await runProcess(try framegateBinary(), ["render", project.path, "-o", output.path, "--distributed", "2"],
                                          environment: ["FRAMEGATE_CHROME": spy.executable.path])
        XCTAssertEqual(result.status, 3)
        XCTAssertTrue(result.stderr.contains("error[CHUNK_RENDER_FAILED]: chunk 0 failed twice"), result.stderr)
        XCTAssertEqual(spy.launches.count, 2, "one attempt and one retry")
        XCTAssertFalse(FileManager.default.fileExists(atPath: output.path))
        XCTAssertEqual(leftovers(in: scratch.file("out")), [])
    }

    func testPNGSequenceChunksMergeWithContinuousNumbering() async throws {
        let scratch = try Scratch()
        let project = try seamProject(in: scratch, duration: 1, clickAt: 0.5)
        var config = plainRender()
        config.format = .pngSequence
        let planDir = scratch.file("plan")
        let manifest = try await Planner.plan(projectDir: project, config: PlanConfig(render: config, chunkSize: 12), planDir: planDir)
        XCTAssertEqual(manifest.chunkCount, 3)

        let chunks = (0..<3).map { scratch.file("chunks/chunk_\($0)") }
        for index in 0..<3 {
            let result = try await renderChunkProcess(planDir: planDir, index: index, output: chunks[index])
            XCTAssertEqual(result.status, 0, result.stderr)
        }
        // Each chunk directory numbers its own frames from 1.
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: chunks[2].path).sorted(),
                       (1...6).map(OutputFormat.pngSequenceFileName(frame:)))

        let output = scratch.file("out/frames")
        let assembled = try await Assembler.assemble(planDir: planDir, chunks: chunks, output: output)
        XCTAssertEqual(assembled.frameCount, 30)
        let names = try FileManager.default.contentsOfDirectory(atPath: output.path).sorted()
        XCTAssertEqual(names, ["audio.m4a"] + (1...30).map(OutputFormat.pngSequenceFileName(frame:)))

        // Frame N holds the composition's frame N−1: the pixels equal the in-process sequence's, in order.
        let inProcess = try await Renderer(config: config).render(projectDir: project, to: scratch.file("in-process-frames"))
        let decoder = try PNGDecoder()
        for number in 1...30 {
            let frame = try decoder.decode(fileAt: output.appendingPathComponent(OutputFormat.pngSequenceFileName(frame: number)))
            XCTAssertEqual(frame.digest, inProcess.digests[number - 1], "frame_\(number) holds the wrong frame")
            XCTAssertEqual(frame.digest, assembled.digests[number - 1])
        }
        XCTAssertEqual(try decodeAudio(output.appendingPathComponent("audio.m4a")).frameCount, 48_000)
        XCTAssertEqual(leftovers(in: scratch.file("out")), [])
    }
}
