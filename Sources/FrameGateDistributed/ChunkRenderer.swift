import FrameGateBrowser
import FrameGateEngine
import FrameGateMedia
import Foundation
import FrameGateCore

/// renderChunk(planDir, i, out): validates the plan, captures frames [start, end) at absolute times,
/// encodes one closed GOP, and publishes the chunk with an atomic rename.
public enum ChunkRenderer {
    public struct Validated: Sendable {
        public var manifest: PlanManifest
        public var lock: EncoderLock
        public var chunk: ChunkSpec
        public var composition: CompiledComposition
    }

    /// DESIGN.md order: artifacts, index, versions, planHash — all before a browser starts.
    public static func validate(planDir: URL, index: Int, browserOptions: BrowserOptions = BrowserOptions()) async throws -> Validated {
        // Reading and hashing the planDir block: a queue of their own, not a task thread.
        let files = WorkQueue(label: "chunk-validate")
        let plan = try await files.run { try readPlan(planDir: planDir, index: index) }
        let browser = try await InstalledBrowser.version(browserOptions)
        if plan.manifest.browserVersion != browser || plan.lock.environment?.browserVersion != browser {
            throw DistributedError.browserVersionMismatch(plan: plan.manifest.browserVersion, worker: browser)
        }
        let hash = try await files.run {
            try PlanHash.compute(planDir: planDir, lock: plan.lock, engineVersion: plan.manifest.engineVersion, libavVersion: LibAVVersion.string)
        }
        if hash != plan.manifest.planHash || plan.manifest.engineVersion != EngineVersion.current {
            throw DistributedError.planHashMismatch(expected: plan.manifest.planHash, actual: hash)
        }
        return plan
    }

    /// The plan's artifacts, the chunk index and the libav version, checked in that order.
    private static func readPlan(planDir: URL, index: Int) throws -> Validated {
        let layout = PlanLayout(planDir)
        for url in [layout.manifest, layout.encoder, layout.chunks, layout.composition] where !exists(url) {
            throw DistributedError.missingArtifact(path: relative(url, to: planDir))
        }
        let manifest = try PlanJSON.decode(PlanManifest.self, from: layout.manifest)
        let lock = try PlanJSON.decode(EncoderLock.self, from: layout.encoder)
        let composition = try PlanJSON.decode(CompiledComposition.self, from: layout.composition)
        let entry = layout.compiled.appendingPathComponent(lock.entryPath)
        if !exists(entry) { throw DistributedError.missingArtifact(path: relative(entry, to: planDir)) }
        if let audio = manifest.audioFile, !exists(planDir.appendingPathComponent(audio)) {
            throw DistributedError.missingArtifact(path: audio)
        }
        if !composition.videoClips.isEmpty && !exists(layout.videos) {
            throw DistributedError.missingArtifact(path: relative(layout.videos, to: planDir))
        }
        guard let environment = lock.environment else {
            throw DistributedError.missingEnvironmentSnapshot(path: relative(layout.encoder, to: planDir))
        }
        let chunks = try PlanJSON.decode([ChunkSpec].self, from: layout.chunks)
        guard chunks.indices.contains(index) else {
            throw DistributedError.chunkIndexOutOfRange(index: index, count: chunks.count)
        }
        let libav = LibAVVersion.string
        if manifest.libavVersion != libav || environment.libavVersion != libav {
            throw DistributedError.libavVersionMismatch(plan: manifest.libavVersion, worker: libav)
        }
        return Validated(manifest: manifest, lock: lock, chunk: chunks[index], composition: composition)
    }

    /// Renders chunk `index` to `output` (a file, or a directory for png-sequence). Returns its receipt.
    /// `onWarning`: each of the page's warning lines (FrameRangeRenderer), once.
    @discardableResult
    public static func renderChunk(planDir: URL, index: Int, output: URL,
                                   browserOptions: BrowserOptions = BrowserOptions(),
                                   onWarning: @escaping @Sendable (String) -> Void = { _ in }) async throws -> ChunkReceipt {
        // The output is checked before validation even asks the browser binary for its version.
        let protected = [OutputPath.Protected(planDir, role: "the planDir")]
        if let manifest = try? PlanJSON.decode(PlanManifest.self, from: PlanLayout(planDir).manifest) {
            try OutputAssembler.checkOutput(output, format: manifest.format, protecting: protected)
        }
        let plan = try await validate(planDir: planDir, index: index, browserOptions: browserOptions)
        try OutputAssembler.checkOutput(output, format: plan.lock.format, protecting: protected)

        let parent = output.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        let work = try TemporaryDirectory(prefix: ".chunk-\(index).work", in: parent)
        defer { work.remove() }

        let layout = PlanLayout(planDir)
        let html = try String(contentsOf: layout.compiled.appendingPathComponent(plan.lock.entryPath), encoding: .utf8)
        // Locked remote URLs come from the planDir alone: a worker needs no store of its own.
        let vendored = try await WorkQueue(label: "chunk-vendor").run {
            try VendoredAssets.load(projectDir: layout.compiled, stores: [VendorStore(root: layout.vendor)])
        }
        let job = CaptureJob(projectRoot: layout.compiled, entryPath: plan.lock.entryPath, compiledHTML: html,
                             width: plan.lock.width, height: plan.lock.height, frameRate: plan.lock.fps,
                             videoClips: plan.composition.videoClips,
                             browserOptions: browserOptions,
                             environment: plan.lock.environment?.page ?? PageEnvironment(), vendored: vendored,
                             transparentBackground: plan.lock.format.keepsAlpha)
        let staged: URL
        let segmentOutput: SegmentOutput
        if let codec = plan.lock.codec, let container = plan.lock.format.container {
            staged = work.url.appendingPathComponent("chunk.\(container.rawValue)")
            let settings = VideoEncoderSettings(codec: codec, width: plan.lock.width, height: plan.lock.height,
                                                frameRate: plan.lock.fps, quality: plan.lock.quality,
                                                chunkGOP: plan.chunk.frames.count)
            segmentOutput = .encoded(url: staged, container: container, settings: settings)
        } else {
            staged = work.url.appendingPathComponent("frames")
            segmentOutput = .pngSequence(directory: staged, firstFrame: plan.chunk.start)
        }
        let digests = try await FrameRangeRenderer.render(job: job, segments: [Segment(frames: plan.chunk.frames, output: segmentOutput)],
                                                          observer: { event in
            if let notice = event.notice { FileHandle.standardError.write(Data((notice + "\n").utf8)) }
        }, onWarning: onWarning)

        // Hashing the chunk and publishing it block: a queue of their own, not a task thread.
        return try await WorkQueue(label: "chunk-publish").run {
            let receipt = ChunkReceipt(index: index, start: plan.chunk.start, end: plan.chunk.end,
                                       planHash: plan.manifest.planHash, sha256: try ChunkDigest.of(staged), digests: digests)
            try PlanJSON.encode(receipt).write(to: work.url.appendingPathComponent("receipt.json"))
            try OutputAssembler.publishFile(staged, to: output)
            try OutputAssembler.publishFile(work.url.appendingPathComponent("receipt.json"), to: ChunkReceipt.url(for: output))
            return receipt
        }
    }

    static func exists(_ url: URL) -> Bool { FileManager.default.fileExists(atPath: url.path) }

    static func relative(_ url: URL, to root: URL) -> String {
        let base = root.standardizedFileURL.path + "/"
        let path = url.standardizedFileURL.path
        return path.hasPrefix(base) ? String(path.dropFirst(base.count)) : path
    }
}
