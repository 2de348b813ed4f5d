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
        let browser = try await InstalledBrowser.version(browserOptions)
        if manifest.browserVersion != browser || environment.browserVersion != browser {
            throw DistributedError.browserVersionMismatch(plan: manifest.browserVersion, worker: browser)
        }
        let hash = try PlanHash.compute(planDir: planDir, lock: lock, engineVersion: manifest.engineVersion, libavVersion: libav)
        if hash != manifest.planHash || manifest.engineVersion != EngineVersion.current {
            throw DistributedError.planHashMismatch(expected: manifest.planHash, actual: hash)
        }
        return Validated(manifest: manifest, lock: lock, chunk: chunks[index], composition: composition)
    }

    /// Renders chunk `index` to `output` (a file, or a directory for png-sequence). Returns its receipt.
    @discardableResult
    public static func renderChunk(planDir: URL, index: Int, output: URL,
                                   browserOptions: BrowserOptions = BrowserOptions()) async throws -> ChunkReceipt {
        // The output is checked before validation even asks the browser binary for its version.
        let protected = [OutputPath.Protected(planDir, role: "the planDir")]
        if let manifest = try? PlanJSON.decode(PlanManifest.self, from: PlanLayout(planDir).manifest) {
            try OutputAssembler.checkOutput(output, format: manifest.format, protecting: protected)
        }
        let plan = try await validate(planDir: planDir, index: index, browserOptions: browserOptions)
        try OutputAssembler.checkOutput(output, format: plan.lock.format, protecting: protected)
        let environment = EnvironmentOverride(plan.lock.environment?.variables ?? [:])
        defer { environment.restore() }

        let parent = output.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        let work = try TemporaryDirectory(prefix: ".chunk-\(index).work", in: parent)
        defer { work.remove() }

        let layout = PlanLayout(planDir)
        let html = try String(contentsOf: layout.compiled.appendingPathComponent(plan.lock.entryPath), encoding: .utf8)
        let job = CaptureJob(projectRoot: layout.compiled, entryPath: plan.lock.entryPath, compiledHTML: html,
                             width: plan.lock.width, height: plan.lock.height, frameRate: plan.lock.fps,
                             videoClips: plan.composition.videoClips,
                             browserOptions: browserOptions)
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
        let digests = try await FrameRangeRenderer.render(job: job, segments: [Segment(frames: plan.chunk.frames, output: segmentOutput)])

        let receipt = ChunkReceipt(index: index, start: plan.chunk.start, end: plan.chunk.end,
                                   planHash: plan.manifest.planHash, sha256: try ChunkDigest.of(staged), digests: digests)
        try PlanJSON.encode(receipt).write(to: work.url.appendingPathComponent("receipt.json"))
        try OutputAssembler.publishFile(staged, to: output)
        try OutputAssembler.publishFile(work.url.appendingPathComponent("receipt.json"), to: ChunkReceipt.url(for: output))
        return receipt
    }

    static func exists(_ url: URL) -> Bool { FileManager.default.fileExists(atPath: url.path) }

    static func relative(_ url: URL, to root: URL) -> String {
        let base = root.standardizedFileURL.path + "/"
        let path = url.standardizedFileURL.path
        return path.hasPrefix(base) ? String(path.dropFirst(base.count)) : path
    }
}

/// Sets the plan's pinned variables for the browsers this process starts, and puts the old values back.
/// The environment is process-wide, so overlapping renders in one process share one override: the first
/// saves the original values and only the last to finish restores them (otherwise a later render would
/// save the pinned values as "original" and leave them behind).
final class EnvironmentOverride {
    private struct Shared: Sendable {
        var active = 0
        var saved: [String: String?] = [:]
    }

    private static let shared = Locked(Shared())
    private var released = false

    init(_ variables: [String: String]) {
        Self.shared.withLock { shared in
            for (name, value) in variables {
                if !shared.saved.keys.contains(name) {
                    // updateValue, not subscript assignment: a nil (unset) original must be stored, not dropped.
                    let original: String? = getenv(name).map { String(cString: $0) }
                    shared.saved.updateValue(original, forKey: name)
                }
                setenv(name, value, 1)
            }
            shared.active += 1
        }
    }

    func restore() {
        guard !released else { return }
        released = true
        Self.shared.withLock { shared in
            shared.active -= 1
            guard shared.active == 0 else { return }
            for (name, value) in shared.saved {
                if let value { setenv(name, value, 1) } else { unsetenv(name) }
            }
            shared.saved = [:]
        }
    }
}
