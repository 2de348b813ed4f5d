import FrameGateBrowser
import FrameGateDistributed
import FrameGateEngine
import FrameGateMedia
import Foundation

/// What rendering a fixture produced, whichever mode made it.
public struct RenderedFixture: Sendable {
    public var output: URL
    public var compiledHTML: String
    public var digests: [String]
    public var format: OutputFormat
}

/// Renders a fixture through the engine's public API: the same calls the CLI makes.
public enum FixtureRender {
    /// Why distributed mode cannot run this fixture, or nil when it can (DESIGN.md / issue 6 skip rules).
    public static func distributedSkipReason(_ meta: FixtureMeta) -> String? {
        PlanConfig.unsupportedReason(fps: meta.renderConfig.fps, hdr: meta.renderConfig.hdr ?? false)
    }

    public static func renderConfig(_ meta: FixtureMeta) throws -> RenderConfig {
        let config = meta.renderConfig
        var render = RenderConfig(fps: config.fps)
        render.format = config.effectiveFormat
        render.codec = config.codec
        render.workers = config.workers ?? 1
        render.hdr = config.hdr ?? false
        render.variables = config.variables
        render.environment.timezone = config.timezone ?? render.environment.timezone
        render.environment.locale = config.locale ?? render.environment.locale
        try render.environment.validate()
        return render
    }

    public static func render(_ fixture: Fixture, mode: HarnessMode, workDir: URL,
                              browserOptions: BrowserOptions = BrowserOptions(),
                              observer: @escaping RenderObserver = { _ in }) async throws -> RenderedFixture {
        let format = fixture.meta.renderConfig.effectiveFormat
        let output = workDir.appendingPathComponent(format.baselineOutputName)
        var config = try renderConfig(fixture.meta)
        config.assetRoots = (fixture.meta.renderConfig.assetRoots ?? []).map {
            URL(fileURLWithPath: $0, relativeTo: fixture.directory).standardizedFileURL
        }
        switch mode {
        case .inProcess:
            let result = try await Renderer(config: config, browserOptions: browserOptions, observer: observer)
                .render(projectDir: fixture.sourceDirectory, to: output)
            return RenderedFixture(output: output, compiledHTML: result.compiledHTML, digests: result.digests, format: format)
        case .distributedSimulated:
            let planDir = workDir.appendingPathComponent("plan")
            let plan = PlanConfig(render: config, chunkSize: fixture.meta.renderConfig.chunkSize,
                                  maxParallelChunks: fixture.meta.renderConfig.maxParallelChunks ?? 16)
            let manifest = try await Planner.plan(projectDir: fixture.sourceDirectory, config: plan, planDir: planDir,
                                                  browserOptions: browserOptions)
            let chunkDir = workDir.appendingPathComponent("chunks")
            var chunks: [URL] = []
            for index in 0..<manifest.chunkCount {
                let suffix = format == .pngSequence ? "" : ".\(format.rawValue)"
                let chunk = chunkDir.appendingPathComponent(String(format: "chunk_%05d%@", index, suffix))
                try await ChunkRenderer.renderChunk(planDir: planDir, index: index, output: chunk, browserOptions: browserOptions)
                chunks.append(chunk)
            }
            let assembled = try await Assembler.assemble(planDir: planDir, chunks: chunks, output: output)
            let entry = try readCompiledEntry(planDir: planDir, config: config)
            return RenderedFixture(output: output, compiledHTML: entry, digests: assembled.digests, format: format)
        }
    }

    private static func readCompiledEntry(planDir: URL, config: RenderConfig) throws -> String {
        let url = PlanLayout(planDir).compiled.appendingPathComponent(config.entryPath)
        do { return try String(contentsOf: url, encoding: .utf8) } catch {
            throw HarnessError.io(path: url.path, reason: error.localizedDescription)
        }
    }
}
