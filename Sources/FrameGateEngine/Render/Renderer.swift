import FrameGateBrowser
import FrameGateMedia
import Foundation
import FrameGateCore

/// The in-process render: compile → probe → capture+encode (pipelined, N workers) → audio → mux.
/// The CLI, the harness and the distributed planner use this same API.
public struct Renderer: Sendable {
    public var config: RenderConfig
    public var browserOptions: BrowserOptions
    public var observer: RenderObserver

    public init(config: RenderConfig, browserOptions: BrowserOptions = BrowserOptions(),
                observer: @escaping RenderObserver = { _ in }) {
        self.config = config
        self.browserOptions = browserOptions
        self.observer = observer
    }

    public func render(projectDir: URL, to output: URL) async throws -> RenderResult {
        try config.validate()
        try OutputAssembler.checkOutput(output, format: config.format, protecting: [.init(projectDir, role: "the project directory")])
        var clock = StageClock(observer: observer)
        let workDir = try TemporaryDirectory(prefix: "framegate-render")
        defer { workDir.remove() }

        // Compile, mix and mux read files and run libav: they block, so they run on a queue of their own,
        // never on a cooperative-pool thread (which capture needs to drive the browsers).
        let media = WorkQueue(label: "render-media")
        let (composition, vendored) = try await clock.run(.compile) {
            try await media.run {
                let vendored = try vendoredAssets(projectDir: projectDir)
                return (try compile(projectDir: projectDir, remoteMedia: .locked(vendored)), vendored)
            }
        }
        let timeline = try await clock.run(.probe) { try await probe(composition, projectDir: projectDir, vendored: vendored) }

        let segments = planSegments(timeline, workDir: workDir.url)
        let digests = try await clock.run(.capture) {
            try await capture(segments: segments, job: captureJob(composition, projectDir: projectDir, vendored: vendored),
                              total: timeline.frames.count)
        }

        let audioURL = workDir.url.appendingPathComponent(config.format.audioFileName)
        let hasAudio = AudioStage.hasAudio(composition)
        if hasAudio {
            try await clock.run(.audio) {
                try await media.run { [config] in
                    let mix = try AudioStage.mix(composition, media: MediaFiles(projectRoot: projectDir, vendored: vendored),
                                                 duration: timeline.duration)
                    try AudioStage.write(mix, frames: timeline.frames, frameRate: config.fps,
                                         codec: config.format.audioCodec, container: config.format.audioContainer, to: audioURL)
                }
            }
        }

        try await clock.run(.mux) {
            try await media.run { [config] in
                try OutputAssembler.assemble(segments: segments, audio: hasAudio ? audioURL : nil,
                                             format: config.format, workDir: workDir.url, to: output)
            }
        }

        return RenderResult(output: output, frameCount: timeline.frames.count, firstFrame: timeline.frames.lowerBound,
                            duration: config.fps.duration(ofFrames: timeline.frames.count),
                            width: composition.width, height: composition.height, hasAudio: hasAudio,
                            digests: digests, stageSeconds: clock.finished, compiledHTML: composition.html)
    }

    // MARK: Stages

    /// `remoteMedia`: the vendored assets a remote `<video>`/`<audio>` src is answered from (a render), or
    /// `.list` (vendoring).
    public func compile(projectDir: URL, remoteMedia: RemoteMediaPolicy = .locked(.none)) throws -> CompiledComposition {
        try CompositionCompiler.compile(projectDir: projectDir,
                                        options: CompileOptions(entryPath: config.entryPath, variables: config.variables,
                                                                remoteMedia: remoteMedia, assetRoots: config.assetRoots),
                                        hasAudio: { try AudioDecoder.hasAudio($0) })
    }

    /// The project's locked remote URLs, found in the shared store (FRAMEGATE_VENDOR_STORE) or the
    /// project's own and verified against framegate.lock.json: once per render, before any page loads.
    public func vendoredAssets(projectDir: URL) throws -> VendoredAssets {
        try VendoredAssets.load(projectDir: projectDir, stores: VendorStore.searchPath(projectDir: projectDir))
    }

    /// The composition's length in time and frames, with `--frames` applied.
    public func probe(_ composition: CompiledComposition, projectDir: URL, vendored: VendoredAssets) async throws -> Timeline {
        var duration = composition.duration
        if duration == nil {
            duration = try await runtimeDuration(composition, projectDir: projectDir, vendored: vendored)
        }
        guard let duration, duration.isFinite else { throw RenderError.durationUnknown(config.entryPath) }
        guard duration > 0, duration <= 86_400 else { throw RenderError.durationOutOfRange(duration) }
        let total = config.fps.frameCount(forDuration: duration)
        var frames = 0..<total
        if let requested = config.frameRange {
            guard requested.upperBound <= total else {
                throw RenderError.invalidConfig("--frames \(requested.lowerBound):\(requested.upperBound) goes past the composition's \(total) frames; give A:B with B ≤ \(total)")
            }
            frames = requested
        }
        return Timeline(duration: duration, totalFrames: total, frames: frames)
    }

    private func runtimeDuration(_ composition: CompiledComposition, projectDir: URL, vendored: VendoredAssets) async throws -> Double? {
        let browser = try await Browser.launch(CapturePage.withoutCapture(browserOptions))
        do {
            let session = try await CaptureSession.open(
                browser: browser,
                project: ProjectSource(root: projectDir, entryPath: config.entryPath, entryHTML: composition.html,
                                       vendored: vendored, assetRoots: config.assetRoots),
                options: CaptureOptions(width: composition.width, height: composition.height,
                                        timezone: config.environment.timezone, locale: config.environment.locale))
            let duration = try await session.describe().duration
            await session.close()
            await browser.close()
            return duration
        } catch {
            await browser.close()
            throw error
        }
    }

    func captureJob(_ composition: CompiledComposition, projectDir: URL, vendored: VendoredAssets) -> CaptureJob {
        CaptureJob(projectRoot: projectDir, entryPath: config.entryPath, compiledHTML: composition.html,
                   width: composition.width, height: composition.height, frameRate: config.fps,
                   videoClips: composition.videoClips,
                   imageFormat: config.jpegQuality.map { .jpeg(quality: $0) } ?? .png,
                   browserOptions: browserOptions, environment: config.environment, vendored: vendored,
                   transparentBackground: config.format.keepsAlpha, assetRoots: config.assetRoots)
    }

    /// Fixed-size segments, each an independent closed GOP, so any worker count yields the same bytes.
    func planSegments(_ timeline: Timeline, workDir: URL) -> [Segment] {
        let size = config.segmentFrames ?? RenderConfig.defaultSegmentFrames(totalFrames: timeline.frames.count)
        return stride(from: timeline.frames.lowerBound, to: timeline.frames.upperBound, by: size).enumerated().map { number, start in
            let frames = start..<min(start + size, timeline.frames.upperBound)
            return Segment(frames: frames, output: segmentOutput(number: number, frames: frames, workDir: workDir,
                                                                 firstFrame: timeline.frames.lowerBound))
        }
    }

    private func segmentOutput(number: Int, frames: Range<Int>, workDir: URL, firstFrame: Int) -> SegmentOutput {
        guard let container = config.format.container, let codec = config.resolvedCodec else {
            return .pngSequence(directory: workDir.appendingPathComponent("frames"), firstFrame: firstFrame)
        }
        let url = workDir.appendingPathComponent(String(format: "segment_%05d.%@", number, container.rawValue))
        return .encoded(url: url, container: container, settings: encoderSettings(codec: codec, gop: frames.count))
    }

    public func encoderSettings(codec: VideoCodec, gop: Int, width: Int = 0, height: Int = 0) -> VideoEncoderSettings {
        VideoEncoderSettings(codec: codec, width: width, height: height, frameRate: config.fps,
                             quality: config.quality, chunkGOP: gop)
    }

    /// Splits the segments into contiguous runs, one per worker, and captures them in parallel.
    private func capture(segments: [Segment], job: CaptureJob, total: Int) async throws -> [String] {
        let sized = segments.map { segment -> Segment in
            guard case let .encoded(url, container, settings) = segment.output else { return segment }
            var fitted = settings
            fitted.width = job.width
            fitted.height = job.height
            return Segment(frames: segment.frames, output: .encoded(url: url, container: container, settings: fitted))
        }
        let runs = Self.contiguousRuns(sized, workers: min(config.workers, max(1, sized.count)))
        let progress = FrameCounter(total: total, observer: observer)
        let warnings = WarningOnce(observer: observer)
        return try await withThrowingTaskGroup(of: (Int, [String]).self) { group in
            for (worker, run) in runs.enumerated() where !run.isEmpty {
                group.addTask {
                    (worker, try await FrameRangeRenderer.render(job: job, segments: run, observer: observer,
                                                                 onWarning: warnings.emit) { progress.increment() })
                }
            }
            var byWorker: [Int: [String]] = [:]
            for try await (worker, digests) in group { byWorker[worker] = digests }
            return byWorker.keys.sorted().flatMap { byWorker[$0]! }
        }
    }

    /// Runs of consecutive segments with frame counts as even as the segment boundaries allow.
    static func contiguousRuns(_ segments: [Segment], workers: Int) -> [[Segment]] {
        let total = segments.reduce(0) { $0 + $1.frames.count }
        var runs: [[Segment]] = Array(repeating: [], count: workers)
        var assigned = 0
        for segment in segments {
            let worker = min(workers - 1, assigned * workers / max(1, total))
            runs[worker].append(segment)
            assigned += segment.frames.count
        }
        return runs
    }
}

/// The composition's length: the whole composition, and the frames this render covers.
public struct Timeline: Sendable, Equatable {
    public var duration: Double
    public var totalFrames: Int
    public var frames: Range<Int>
}
