import FrameGateBrowser
import FrameGateMedia
import Foundation
import FrameGateCore

/// Everything one browser worker needs to draw frames. In-process workers and distributed chunks
/// both build one, so a frame's pixels cannot depend on which path rendered it.
public struct CaptureJob: Sendable {
    public var projectRoot: URL
    public var entryPath: String
    public var compiledHTML: String
    public var width: Int
    public var height: Int
    public var frameRate: FrameRate
    public var videoClips: [MediaClip]
    public var imageFormat: CaptureImageFormat
    public var browserOptions: BrowserOptions
    /// The page's environment (time zone, locale) and pre-roll policy: the same in every mode.
    public var environment: PageEnvironment
    /// The locked remote URLs, verified once per render (VendoredAssets.load) before any worker starts.
    public var vendored: VendoredAssets
    /// The output keeps alpha (`OutputFormat.keepsAlpha`): capture over a transparent default background.
    public var transparentBackground: Bool
    /// Folders outside `projectRoot` its symlinks may point into (in-process renders; a plan has none).
    public var assetRoots: [URL]

    public init(projectRoot: URL, entryPath: String, compiledHTML: String, width: Int, height: Int,
                frameRate: FrameRate, videoClips: [MediaClip],
                imageFormat: CaptureImageFormat = .png, browserOptions: BrowserOptions = BrowserOptions(),
                environment: PageEnvironment = PageEnvironment(), vendored: VendoredAssets = .none,
                transparentBackground: Bool = false, assetRoots: [URL] = []) {
        self.projectRoot = projectRoot; self.entryPath = entryPath; self.compiledHTML = compiledHTML
        self.width = width; self.height = height; self.frameRate = frameRate
        self.videoClips = videoClips; self.imageFormat = imageFormat; self.browserOptions = browserOptions
        self.environment = environment
        self.vendored = vendored
        self.transparentBackground = transparentBackground
        self.assetRoots = assetRoots
    }

    /// What every page of this job loads.
    public var projectSource: ProjectSource {
        ProjectSource(root: projectRoot, entryPath: entryPath, entryHTML: compiledHTML, vendored: vendored,
                      assetRoots: assetRoots)
    }

    /// The capture settings every worker of this job uses.
    public var captureOptions: CaptureOptions {
        CaptureOptions(width: width, height: height, imageFormat: imageFormat,
                       timezone: environment.timezone, locale: environment.locale, preRoll: environment.preRoll,
                       transparentBackground: transparentBackground)
    }
}

/// Where a run of frames goes: an independently decodable encoded file, or numbered PNGs.
public enum SegmentOutput: Sendable {
    case encoded(url: URL, container: ContainerFormat, settings: VideoEncoderSettings)
    /// Frame i is written as frame_NNNNNN.png with NNNNNN = i − firstFrame + 1.
    case pngSequence(directory: URL, firstFrame: Int)
}

public struct Segment: Sendable {
    public var frames: Range<Int>
    public var output: SegmentOutput
    public init(frames: Range<Int>, output: SegmentOutput) { self.frames = frames; self.output = output }
}

public enum FrameRangeRenderer {
    /// Renders every segment with one browser, in order. Returns the frame digests in frame order.
    /// A segment that does not follow the previous one starts with the pre-roll (CaptureSession), so its
    /// frames equal a render from frame 0 whichever worker draws them.
    /// `onFrame` is called once per frame written (progress); `observer` hears `.captureFallback`;
    /// `onWarning` gets each of the page's warning lines (CaptureSession.warnings) once: those of the load
    /// before the first frame, those met while rendering (a stretched drawElementImage) after the last.
    public static func render(job: CaptureJob, segments: [Segment], observer: @escaping RenderObserver = { _ in },
                              onWarning: @escaping @Sendable (String) -> Void = { _ in },
                              onFrame: @escaping @Sendable () -> Void = {}) async throws -> [String] {
        let (browser, session) = try await open(job: job, observer: observer)
        do {
            let digests = try await render(job: job, segments: segments, session: session,
                                           onWarning: onWarning, onFrame: onFrame)
            await session.close()
            await browser.close()
            return digests
        } catch {
            await session.close()
            await browser.close()
            throw error
        }
    }

    /// A browser with the job's page loaded (CapturePage: with the begin-frame fallback, which the observer
    /// hears as `.captureFallback`).
    public static func open(job: CaptureJob, observer: @escaping RenderObserver = { _ in }) async throws -> (Browser, CaptureSession) {
        try await CapturePage.open(job.browserOptions, project: job.projectSource, options: job.captureOptions) { reason in
            observer(.captureFallback(reason: reason))
        }
    }

    static func render(job: CaptureJob, segments: [Segment], session: CaptureSession,
                       onWarning: @escaping @Sendable (String) -> Void = { _ in },
                       onFrame: @escaping @Sendable () -> Void) async throws -> [String] {
        let loadWarnings = session.warnings
        loadWarnings.forEach(onWarning)
        let media = MediaFiles(projectRoot: job.projectRoot, vendored: job.vendored)
        let videos = try job.videoClips.map { VideoFrameSource(clip: $0, file: try media.url(for: $0), frameRate: job.frameRate) }
        let videoHandoff = VideoHandoff(videos: videos, session: session)
        // A segment's encoder holds its last frames (x264's lookahead is longer than a segment) and encodes
        // them when the segment is finished: about a segment's worth of encode work, which used to stop the
        // browser at every segment boundary. The flush is now queued on the worker's encode queue and the
        // browser goes on to the next segment; that segment's frames queue up behind the flush (its encoder
        // opens at its first frame), so one encoder at a time is alive, as before, and the capture runs
        // ahead by what the frame pipe holds.
        let encodeQueue = WorkQueue(label: "encode")
        var flushing: Task<[String], Error>?
        var digests: [String] = []
        do {
            for segment in segments {
                try Task.checkCancellation()
                let sink = FrameSink(segment.output, queue: encodeQueue)
                let last = segment.frames.upperBound - 1
                try await session.captureFrames(segment.frames, frameRate: job.frameRate, beforeCapture: { index, _ in
                    // Within a segment the next frame follows with no reload: its video frames can be staged now.
                    try await videoHandoff.show(atFrame: index, stageNext: index < last)
                }, consume: { captured in
                    try await sink.append(captured.image, frameIndex: captured.index, digest: captured.digest, held: captured.held)
                    onFrame()
                })
                // The previous flush ran before this segment's first frame (one serial queue): already done.
                if let previous = flushing { digests += try await previous.value }
                flushing = await sink.finishLater()
            }
            if let last = flushing {
                flushing = nil
                digests += try await last.value
            }
            await videoHandoff.finish()
            session.warnings.dropFirst(loadWarnings.count).forEach(onWarning)
        } catch {
            await videoHandoff.finish()
            // A queued flush finishes before the caller closes the session and removes its work directory.
            if let flushing { _ = try? await flushing.value }
            throw error
        }
        return digests
    }
}

/// Writes captured frames to a segment's output and keeps their digests in arrival (frame) order.
/// An actor on the worker's encode queue: the libav encoder (or PNG encoder) it owns runs there, off the
/// cooperative pool, and never crosses threads. The segments of one worker share that serial queue, so a
/// segment's frames are encoded after the previous segment's flush, never beside it.
actor FrameSink {
    private let queue: WorkQueue
    nonisolated var unownedExecutor: UnownedSerialExecutor { queue.asUnownedSerialExecutor() }

    private let output: SegmentOutput
    private var opened = false
    private var writer: MediaWriter?
    private var pngEncoder: PNGEncoder?
    /// The last PNG written (PNG-sequence output), written again for a held frame.
    private var lastPNG: Data?
    private var digests: [String] = []

    /// Opens nothing yet: the output opens at the first frame, on the queue, after whatever the queue
    /// is still doing for the previous segment.
    init(_ output: SegmentOutput, queue: WorkQueue) {
        self.output = output
        self.queue = queue
    }

    private func openOutput() throws {
        opened = true
        switch output {
        case let .encoded(url, container, settings):
            writer = try MediaWriter(url: url, container: container, video: settings, audio: nil)
        case let .pngSequence(directory, _):
            try AtomicPublish.createDirectory(directory)
            pngEncoder = try PNGEncoder()
        }
    }

    /// `held`: the frame equals the previous one appended, so the encoder gets that picture again as
    /// it is (no colour conversion) and a PNG sequence gets the same file bytes.
    func append(_ frame: RGBAFrame, frameIndex: Int, digest: String, held: Bool = false) throws {
        if !opened { try openOutput() }
        let repeatsPrevious = held && !digests.isEmpty
        digests.append(digest)
        if let writer {
            if repeatsPrevious { try writer.repeatVideo() } else { try writer.appendVideo(frame) }
            return
        }
        guard case let .pngSequence(directory, firstFrame) = output, let pngEncoder else { return }
        let url = directory.appendingPathComponent(OutputFormat.pngSequenceFileName(frame: frameIndex - firstFrame + 1))
        do {
            let png = try repeatsPrevious ? lastPNG ?? pngEncoder.encode(frame) : pngEncoder.encode(frame)
            lastPNG = png
            try png.write(to: url)
        } catch let error as MediaError { throw error } catch {
            throw RenderError.io(path: url.path, reason: error.localizedDescription)
        }
    }

    /// Queues the flush behind the frames already queued and returns without waiting for it; the task
    /// gives the segment's frame digests once the encoder is flushed and the file finished.
    func finishLater() -> Task<[String], Error> {
        // Created here, the task runs on this actor's executor: enqueued now, behind this call, before
        // anything the next segment queues.
        Task { try self.finish() }
    }

    private func finish() throws -> [String] {
        if !opened { try openOutput() }
        try writer?.finish()
        writer = nil
        return digests
    }
}
