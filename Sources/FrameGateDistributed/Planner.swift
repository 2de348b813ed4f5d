import FrameGateBrowser
import FrameGateEngine
import FrameGateMedia
import Foundation
import FrameGateCore

/// plan(projectDir, config, planDir): everything a worker needs, frozen and hashed.
public enum Planner {
    /// Top-level project entries never copied into compiled/ (matched relative to the project root only); the
    /// asset server refuses the same set in-process, so every mode sees one snapshot.
    static var skippedEntries: Set<String> { ProjectSource.excludedTopLevelEntries }

    @discardableResult
    public static func plan(projectDir: URL, config: PlanConfig, planDir: URL,
                            browserOptions: BrowserOptions = BrowserOptions()) async throws -> PlanManifest {
        try config.validate()
        // A planDir is a directory FrameGate fills: never an existing file, a non-empty directory, the
        // project or anything inside or around it (the planner copies the project into it).
        try OutputPath.check(planDir, label: "--plan-dir", kind: .directory(reusable: { _ in false }),
                             protecting: [.init(projectDir, role: "the project directory")])
        StaleLitter.sweep(in: planDir.deletingLastPathComponent(), prefixes: [".\(planDir.lastPathComponent).planning-"])
        let renderer = Renderer(config: config.render, browserOptions: browserOptions)
        // Copying the project, hashing it and mixing the audio block: a queue of their own, not a task thread.
        let files = WorkQueue(label: "plan")
        let (composition, vendored) = try await files.run {
            let vendored = try renderer.vendoredAssets(projectDir: projectDir)
            return (try renderer.compile(projectDir: projectDir, remoteMedia: .locked(vendored)), vendored)
        }
        let timeline: Timeline
        do { timeline = try await renderer.probe(composition, projectDir: projectDir, vendored: vendored) } catch let error as RenderError {
            if case let .durationOutOfRange(seconds) = error { throw DistributedError.durationOutOfRange(seconds) }
            throw error
        }
        let browserVersion = try await InstalledBrowser.version(browserOptions)
        return try await files.run {
            try build(projectDir: projectDir, config: config, planDir: planDir, composition: composition,
                      vendored: vendored, timeline: timeline, browserVersion: browserVersion)
        }
    }

    /// Writes the planDir beside its destination and renames it into place (blocking file and libav work).
    private static func build(projectDir: URL, config: PlanConfig, planDir: URL, composition: CompiledComposition,
                              vendored: VendoredAssets, timeline: Timeline, browserVersion: String) throws -> PlanManifest {
        let libav = LibAVVersion.string

        // Build beside the target and rename at the end: a refusal or crash leaves no partial planDir.
        let parent = planDir.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        let staging = try TemporaryDirectory(prefix: ".\(planDir.lastPathComponent).planning", in: parent)
        do {
            let layout = PlanLayout(staging.url)
            try copyProject(projectDir, to: layout.compiled, limit: config.sizeLimit, assetRoots: config.render.assetRoots)
            try write(Data(composition.html.utf8), to: layout.compiled.appendingPathComponent(config.render.entryPath))
            // The lock came with the project (compiled/framegate.lock.json); its verified files, and only
            // those, go to vendor/: a worker with no store renders from the planDir, and planHash covers both.
            try copyVendored(vendored, to: VendorStore(root: layout.vendor))

            let chunkSize = config.chunkSize ?? RenderConfig.defaultSegmentFrames(totalFrames: timeline.frames.count)
            let chunks = stride(from: timeline.frames.lowerBound, to: timeline.frames.upperBound, by: chunkSize)
                .enumerated().map { ChunkSpec(index: $0.offset, start: $0.element, end: min($0.element + chunkSize, timeline.frames.upperBound)) }
            let environment = EnvironmentSnapshot(engineVersion: EngineVersion.current, libavVersion: libav,
                                                  browserVersion: browserVersion, page: config.render.environment)
            let lock = EncoderLock(fps: config.render.fps, width: composition.width, height: composition.height,
                                   format: config.render.format, codec: config.render.resolvedCodec,
                                   quality: config.render.quality, chunkSize: chunkSize,
                                   maxParallelChunks: config.maxParallelChunks, entryPath: config.render.entryPath,
                                   variablesJSON: config.render.variables.map { JSONValue.object($0).canonicalJSON },
                                   environment: environment)
            try write(PlanJSON.encode(composition), to: layout.composition)
            try write(PlanJSON.encode(lock), to: layout.encoder)
            try write(PlanJSON.encode(chunks), to: layout.chunks)
            if !composition.videoClips.isEmpty { try write(PlanJSON.encode(composition.videoClips), to: layout.videos) }

            let hasAudio = AudioStage.hasAudio(composition)
            var audioFile: String?
            if hasAudio {
                let name = config.render.format.audioFileName
                let mix = try AudioStage.mix(composition, media: MediaFiles(projectRoot: projectDir, vendored: vendored),
                                             duration: timeline.duration)
                try AudioStage.write(mix, frames: timeline.frames, frameRate: config.render.fps,
                                     codec: config.render.format.audioCodec,
                                     container: config.render.format.audioContainer,
                                     to: staging.url.appendingPathComponent(name))
                audioFile = name
            }

            let size = try directorySize(staging.url)
            if size > config.sizeLimit { throw DistributedError.planTooLarge(bytes: size, limit: config.sizeLimit) }

            let hash = try PlanHash.compute(planDir: staging.url, lock: lock, engineVersion: EngineVersion.current, libavVersion: libav)
            let manifest = PlanManifest(protocolVersion: PlanManifest.currentProtocol, planHash: hash,
                                        engineVersion: EngineVersion.current, libavVersion: libav,
                                        browserVersion: browserVersion, fps: config.render.fps,
                                        width: composition.width, height: composition.height,
                                        format: config.render.format, codec: config.render.resolvedCodec,
                                        totalFrames: timeline.frames.count, chunkCount: chunks.count,
                                        duration: config.render.fps.duration(ofFrames: timeline.frames.count),
                                        hasAudio: hasAudio, audioFile: audioFile)
            try write(PlanJSON.encode(manifest), to: layout.manifest)
            // planDir is absent or an empty directory here (requireEmpty): the swap replaces nothing of the user's.
            try AtomicPublish.publish(staging.url, to: planDir)
            return manifest
        } catch {
            staging.remove()
            throw error
        }
    }

    /// Copies the project (a self-contained bundle), refusing before it copies more than `limit` bytes.
    /// Files a project symlink reaches in an allowed asset root (`--asset-root`) are copied as regular files,
    /// so the plan carries them and no worker needs that root.
    static func copyProject(_ project: URL, to destination: URL, limit: Int64, assetRoots: [URL] = []) throws {
        let manager = FileManager.default
        let root = project.resolvingSymlinksInPath().standardizedFileURL
        let allowed = assetRoots.map { $0.resolvingSymlinksInPath().standardizedFileURL.path }
        var total: Int64 = 0
        var copies: [(URL, URL)] = []
        let entries = try manager.contentsOfDirectory(atPath: root.path).filter { !skippedEntries.contains($0) }
        for entry in entries {
            let source = root.appendingPathComponent(entry)
            for file in try regularFiles(under: source) {
                // A symlink that leaves the project is an asset the worker must never see, unless its root is allowed.
                let real = file.resolvingSymlinksInPath()
                let inAllowedRoot = allowed.contains { real.path.hasPrefix($0 == "/" ? "/" : $0 + "/") }
                guard real.path.hasPrefix(root.path + "/") || inAllowedRoot else { continue }
                let relative = String(file.path.dropFirst(root.path.count + 1))
                total += Int64((try? manager.attributesOfItem(atPath: real.path)[.size] as? NSNumber)??.int64Value ?? 0)
                if total > limit { throw DistributedError.planTooLarge(bytes: total, limit: limit) }
                copies.append((inAllowedRoot ? real : file, destination.appendingPathComponent(relative)))
            }
        }
        for (source, target) in copies {
            try manager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try manager.copyItem(at: source, to: target)
        }
    }

    static func copyVendored(_ vendored: VendoredAssets, to store: VendorStore) throws {
        for asset in Set(vendored.assets.values.map(\.sha256)).sorted() {
            let source = vendored.assets.values.first { $0.sha256 == asset }!.file
            let target = store.file(sha256: asset)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: source, to: target)
        }
    }

    /// Files below `url` (or `url` itself), with symlinks that stay inside the project followed as files.
    private static func regularFiles(under url: URL) throws -> [URL] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else { return [] }
        if !isDirectory.boolValue { return [url] }
        let children = try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
        return try children.flatMap { try regularFiles(under: url.appendingPathComponent($0)) }
    }

    static func directorySize(_ url: URL) throws -> Int64 {
        try PlanHash.files(in: url).reduce(Int64(0)) { sum, relative in
            let attributes = try FileManager.default.attributesOfItem(atPath: url.appendingPathComponent(relative).path)
            return sum + ((attributes[.size] as? NSNumber)?.int64Value ?? 0)
        }
    }

    static func write(_ data: Data, to url: URL) throws {
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url, options: .atomic)
        } catch {
            throw DistributedError.invalidPlan(path: url.path, reason: error.localizedDescription)
        }
    }
}
