import FrameGateBrowser
import FrameGateEngine
import FrameGateMedia
import Foundation
import FrameGateCore

/// `framegate render --distributed N`: plan, then `framegate render-chunk` as separate OS processes, N at
/// a time (exactly what a cluster worker runs, no shared memory), then assemble. A failed chunk is
/// retried once; a second failure fails the render and names the chunk.
public enum ProcessFanOut {
    public struct Result: Sendable {
        public var output: URL
        public var manifest: PlanManifest
        public var digests: [String]
        public var planSeconds: Double
        public var chunkSeconds: Double
        public var assembleSeconds: Double
    }

    public static func render(projectDir: URL, config: PlanConfig, output: URL, processes: Int,
                              workerExecutable: URL, keepPlanDir: URL? = nil,
                              onChunkDone: @escaping @Sendable (Int, Int) -> Void = { _, _ in }) async throws -> Result {
        try OutputAssembler.checkOutput(output, format: config.render.format, protecting: [.init(projectDir, role: "the project directory")])
        let scratch = try TemporaryDirectory(prefix: "framegate-distributed")
        defer { scratch.remove() }
        let planDir = keepPlanDir ?? scratch.url.appendingPathComponent("plan")

        var clock = DispatchTime.now()
        let manifest = try await Planner.plan(projectDir: projectDir, config: config, planDir: planDir)
        let planSeconds = lap(&clock)

        let chunkDir = scratch.url.appendingPathComponent("chunks")
        try FileManager.default.createDirectory(at: chunkDir, withIntermediateDirectories: true)
        let ext = manifest.format == .pngSequence ? "" : ".\(manifest.format.rawValue)"
        let chunkURLs = (0..<manifest.chunkCount).map { chunkDir.appendingPathComponent(String(format: "chunk_%05d%@", $0, ext)) }
        let parallel = max(1, min(processes, config.maxParallelChunks))
        let counter = Counter()
        try await withThrowingTaskGroup(of: Void.self) { group in
            var next = 0
            func launch() {
                let index = next
                next += 1
                group.addTask {
                    try await renderWithRetry(index: index, planDir: planDir, output: chunkURLs[index], executable: workerExecutable)
                    onChunkDone(counter.increment(), manifest.chunkCount)
                }
            }
            while next < min(parallel, chunkURLs.count) { launch() }
            while try await group.next() != nil {
                if next < chunkURLs.count { launch() }
            }
        }
        let chunkSeconds = lap(&clock)
        let assembled = try await Assembler.assemble(planDir: planDir, chunks: chunkURLs, output: output)
        let assembleSeconds = lap(&clock)
        return Result(output: output, manifest: manifest, digests: assembled.digests,
                      planSeconds: planSeconds, chunkSeconds: chunkSeconds, assembleSeconds: assembleSeconds)
    }

    static func renderWithRetry(index: Int, planDir: URL, output: URL, executable: URL) async throws {
        var failure = ""
        for _ in 0..<2 {
            let (status, stderr) = try await runProcess(executable, ["render-chunk", "--plan-dir", planDir.path,
                                                                     "--chunk", String(index), "-o", output.path])
            if status == 0 { return }
            failure = "exit \(status): \(stderr.suffix(2000))"
            // Refusals of the plan itself will not succeed on a retry.
            if status == 3, ErrorCode.allCases.contains(where: { stderr.contains("error[\($0.rawValue)]") && isPlanRefusal($0) }) { break }
        }
        throw DistributedError.chunkFailed(index: index, reason: failure.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    private static func isPlanRefusal(_ code: ErrorCode) -> Bool {
        [.missingPlanArtifact, .planHashMismatch, .chunkIndexOutOfRange, .libavVersionMismatch,
         .browserVersionMismatch, .missingRuntimeEnvSnapshot].contains(code)
    }

    /// Runs a worker process to its end (ChildProcess: SIGTERM when the awaiting task is cancelled, because
    /// another chunk failed or the render was interrupted, so no worker outlives the render that started it).
    static func runProcess(_ executable: URL, _ arguments: [String]) async throws -> (Int32, String) {
        // The worker ends itself if this process dies without ending it (SIGKILL).
        try await ChildProcess.run(executable, arguments, environment: [SignalExit.parentVariable: String(getpid())])
    }

    private static func lap(_ clock: inout DispatchTime) -> Double {
        let now = DispatchTime.now()
        defer { clock = now }
        return Double(now.uptimeNanoseconds - clock.uptimeNanoseconds) / 1e9
    }
}

private final class Counter: Sendable {
    private let count = Locked(0)
    func increment() -> Int { count.withLock { $0 += 1; return $0 } }
}
