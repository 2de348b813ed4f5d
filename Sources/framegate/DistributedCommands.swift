import ArgumentParser
import FrameGateDistributed
import FrameGateEngine
import FrameGateMedia
import Foundation
import FrameGateCore

struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Freeze a composition into a planDir that any worker can render chunks of.")

    @Argument(help: "The project directory.")
    var projectDir: String

    @Option(help: "Where to write the plan: a new or empty directory outside the project (anything else is refused with OUTPUT_PATH_REFUSED).")
    var planDir: String

    @OptionGroup var options: RenderOptions

    @Option(help: "Frames per chunk (default max(10, ceil(frames/16))).")
    var chunkSize: Int?

    @Option(help: "How many chunks may render at once.")
    var maxParallelChunks: Int = 16

    func run() async throws {
        let config = PlanConfig(render: try options.config(), chunkSize: chunkSize, maxParallelChunks: maxParallelChunks)
        let manifest = try await Planner.plan(projectDir: URL(fileURLWithPath: projectDir), config: config,
                                              planDir: URL(fileURLWithPath: planDir))
        writeStderr("planned \(manifest.totalFrames) frames in \(manifest.chunkCount) chunks → \(planDir) (planHash \(manifest.planHash.prefix(12))…)\n")
    }
}

struct RenderChunkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render-chunk",
        abstract: "Render one chunk of a plan (what each cluster worker runs).")

    @Option(help: "The planDir written by `framegate plan`.")
    var planDir: String

    @Option(help: "The chunk index, 0-based.")
    var chunk: Int

    @Option(name: .shortAndLong, help: "The chunk file to write (a directory for png-sequence).")
    var output: String

    func run() async throws {
        let receipt = try await ChunkRenderer.renderChunk(planDir: URL(fileURLWithPath: planDir), index: chunk,
                                                          output: URL(fileURLWithPath: output),
                                                          onWarning: { writeStderr($0 + "\n") })
        writeStderr("chunk \(receipt.index): frames \(receipt.start)..<\(receipt.end) → \(output)\n")
    }
}

struct AssembleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assemble",
        abstract: "Join a plan's chunks, in order, into the final output without re-encoding.")

    @Option(help: "The planDir written by `framegate plan`.")
    var planDir: String

    @Option(name: .shortAndLong, help: "The output file (a directory for png-sequence).")
    var output: String

    @Option(help: "Audio to mux instead of the plan's own mix.")
    var audio: String?

    @Argument(help: "The chunk files, in chunk order.")
    var chunks: [String]

    func run() async throws {
        let result = try await Assembler.assemble(planDir: URL(fileURLWithPath: planDir),
                                            chunks: chunks.map { URL(fileURLWithPath: $0) },
                                            audio: audio.map { URL(fileURLWithPath: $0) },
                                            output: URL(fileURLWithPath: output))
        writeStderr("assembled \(result.frameCount) frames → \(output)\n")
    }
}

enum DistributedRenderCommand {
    static func run(project: URL, output: URL, config: RenderConfig, processes: Int, json: Bool) async throws {
        guard (1...256).contains(processes) else { throw ValidationError("--distributed takes a process count from 1 to 256 (got \(processes))") }
        // Workers run this same binary, so a cluster worker and a local fan-out execute identical code.
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let result = try await ProcessFanOut.render(projectDir: project, config: PlanConfig(render: config),
                                                    output: output, processes: processes, workerExecutable: executable) { done, total in
            if json { printJSONLine(["event": "chunk_done", "chunks": JSONValue(done), "total": JSONValue(total)]) }
            else if isatty(STDERR_FILENO) == 1 { writeStderr("\rchunks \(done)/\(total)") }
            else { writeStderr("chunk done (\(done)/\(total))\n") }
        }
        let total = result.planSeconds + result.chunkSeconds + result.assembleSeconds
        if json {
            printJSONLine(["event": "render_complete", "output": JSONValue(output.path),
                           "frames": JSONValue(result.manifest.totalFrames), "chunks": JSONValue(result.manifest.chunkCount),
                           "stageSeconds": ["plan": JSONValue(result.planSeconds), "chunks": JSONValue(result.chunkSeconds),
                                            "assemble": JSONValue(result.assembleSeconds)]])
            return
        }
        let lines = [
            "\nrendered \(result.manifest.totalFrames) frames in \(result.manifest.chunkCount) chunks (\(processes) processes) → \(output.path)",
            ProgressReporter.row("plan", result.planSeconds),
            ProgressReporter.row("chunks", result.chunkSeconds),
            ProgressReporter.row("assemble", result.assembleSeconds) + String(format: " (%.1f%% of total)", total > 0 ? 100 * result.assembleSeconds / total : 0),
            ProgressReporter.row("total", total),
        ]
        writeStderr(lines.joined(separator: "\n") + "\n")
    }
}
