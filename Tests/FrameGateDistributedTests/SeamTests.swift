import FrameGateDistributed
import FrameGateEngine
import FrameGateMedia
import Foundation
import XCTest
import FrameGateTestSupport

/// Issue 5 "Chunks match in-process": the seam composition in 4 chunks, each a separate OS process,
/// against the in-process render of the same run.
final class SeamTests: XCTestCase {
    func testChunksRenderedAsSeparateProcessesMatchTheInProcessRender() async throws {
        let scratch = try Scratch()
        let project = try seamProject(in: scratch, duration: 2, clickAt: 0.5)   // 0.5 s = frame 15, the first seam

        // The in-process render encodes closed GOPs of the same length as the chunks (with default settings
        // both are max(10, ceil(frames/16))). Two GOP layouts of this particle noise at CRF 18 differ by
        // ~40 dB, which is encoder noise, not a seam defect — the digests below prove the pixels.
        var config = plainRender()
        config.segmentFrames = 15
        let inProcess = try await Renderer(config: config).render(projectDir: project, to: scratch.file("in-process.mp4"))
        XCTAssertEqual(inProcess.digests.count, 60)

        let planDir = scratch.file("plan")
        let manifest = try await Planner.plan(projectDir: project, config: PlanConfig(render: plainRender(), chunkSize: 15), planDir: planDir)
        XCTAssertEqual(manifest.chunkCount, 4)
        XCTAssertEqual(manifest.totalFrames, 60)

        let chunkDir = scratch.file("chunks")
        let chunks = (0..<4).map { chunkDir.appendingPathComponent("chunk_\($0).mp4") }
        let results = try await withThrowingTaskGroup(of: (Int, ProcessResult).self) { group in
            for index in 0..<4 {
                group.addTask { (index, try await renderChunkProcess(planDir: planDir, index: index, output: chunks[index])) }
            }
            var all: [Int: ProcessResult] = [:]
            for try await (index, result) in group { all[index] = result }
            return all
        }
        for (index, result) in results.sorted(by: { $0.key < $1.key }) {
            XCTAssertEqual(result.status, 0, "render-chunk \(index) failed: \(result.stderr)")
        }

        let assembled = try await Assembler.assemble(planDir: planDir, chunks: chunks, output: scratch.file("distributed.mp4"))

        // Identical capture digests for every frame: receipts against the in-process render.
        XCTAssertEqual(assembled.digests.count, 60)
        for frame in 0..<60 where assembled.digests[frame] != inProcess.digests[frame] {
            XCTFail("frame \(frame) (chunk \(frame / 15)) captured different pixels in its chunk process")
        }
        // The frames are not all alike: the test would catch a composition that stopped animating.
        XCTAssertEqual(Set(inProcess.digests).count, 60)

        // ≥ 50 dB on every frame against the in-process encode.
        let psnrs = try framePSNRs(scratch.file("in-process.mp4"), scratch.file("distributed.mp4"))
        XCTAssertEqual(psnrs.count, 60)
        for (frame, psnr) in psnrs.enumerated() {
            XCTAssertGreaterThanOrEqual(psnr, 50, "frame \(frame): \(psnr) dB")
        }
        print("seam test: min PSNR \(psnrs.min() ?? 0) dB; \(psnrs.filter(\.isInfinite).count)/60 frames identical")

        try assertSameAudio(scratch.file("in-process.mp4"), scratch.file("distributed.mp4"), clickAt: 0.5, duration: 2)
        XCTAssertEqual(leftovers(in: chunkDir), [])
        XCTAssertEqual(leftovers(in: scratch.url), [])
    }

    /// The distributed audio equals the in-process audio, the click sits at the same sample (on the seam),
    /// and the tone never drops out (a gap at a seam would show as a silent window).
    private func assertSameAudio(_ reference: URL, _ candidate: URL, clickAt: Double, duration: Double) throws {
        let a = try decodeAudio(reference), b = try decodeAudio(candidate)
        XCTAssertEqual(a.frameCount, b.frameCount)
        XCTAssertEqual(b.frameCount, Int(duration * 48_000), "the track is exactly frameCount/fps long")
        var worst: Float = 0
        for i in 0..<min(a.samples.count, b.samples.count) { worst = max(worst, abs(a.samples[i] - b.samples[i])) }
        XCTAssertLessThanOrEqual(worst, 1e-4, "largest sample difference \(worst)")

        func peak(_ buffer: AudioBuffer) -> Int {
            var best = 0
            for i in 0..<buffer.frameCount where abs(buffer.samples[i * 2]) > abs(buffer.samples[best * 2]) { best = i }
            return best
        }
        let expected = Int(clickAt * 48_000)
        XCTAssertEqual(peak(a), peak(b), "the click's energy must be at the same sample")
        XCTAssertLessThan(abs(peak(b) - expected), 96, "click peak at sample \(peak(b)), placed at \(expected)")
        XCTAssertGreaterThan(abs(b.samples[peak(b) * 2]), 0.5, "the click is audible")
        print("seam test: click peak at sample \(peak(b)) (placed at \(expected)); max |Δ| = \(worst)")

        let window = 480   // 10 ms
        for start in stride(from: 960, to: b.frameCount - 960 - window, by: window) {
            var energy: Float = 0
            for i in start..<start + window { energy += b.samples[i * 2] * b.samples[i * 2] }
            let rms = (energy / Float(window)).squareRoot()
            XCTAssertGreaterThan(rms, 0.1, "audio drops out at \(Double(start) / 48_000) s (rms \(rms))")
        }
    }
}
