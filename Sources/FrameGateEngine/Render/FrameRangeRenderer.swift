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
    /// `onScriptFailure` is called once per sub-composition script that threw inside its error boundary
    /// when the page loaded.
    public static func render(job: CaptureJob, segments: [Segment], observer: @escaping RenderObserver = { _ in },
                              onScriptFailure: @escaping @Sendable (SubCompositionScriptFailure) -> Void = { _ in },
                              onFrame: @escaping @Sendable () -> Void = {}) async throws -> [String] {
        let (browser, session) = try await open(job: job, observer: observer)
        do {
            let digests = try await render(job: job, segments: segments, session: session,
                                           onScriptFailure: onScriptFailure, onFrame: onFrame)
            await session.close()
            await browser.close()
            return digests
        } catch {
            await session.close()
            await browser.close()
            throw error
        }
    }

    /// A browser with the job's page loaded. When begin-frame control fails the session's probe, that
    /// browser cannot take screenshots any more: a second one is launched with `CaptureMethod.screenshot`,
    /// and the observer hears why (the CLI prints one line; the harness logs it).
    public static func open(job: CaptureJob, observer: @escaping RenderObserver = { _ in }) async throws -> (Browser, CaptureSession) {
        let browser = try await Browser.launch(job.browserOptions)
        do {
            return (browser, try await CaptureSession.open(browser: browser, project: job.projectSource, options: job.captureOptions))
        } catch let BrowserError.frameControlUnavailable(reason) {
            await browser.close()
            observer(.captureFallback(reason: reason))
            var options = job.browserOptions
            options.capture = .screenshot
            let fallback = try await Browser.launch(options)
            do {
                return (fallback, try await CaptureSession.open(browser: fallback, project: job.projectSource, options: job.captureOptions))
            } catch {
                await fallback.close()
                throw error
            }
        } catch {
            await browser.close()
            throw error
        }
    }

    static func render(job: CaptureJob, segments: [Segment], session: CaptureSession,
                       onScriptFailure: @escaping @Sendable (SubCompositionScriptFailure) -> Void = { _ in },
                       onFrame: @escaping @Sendable () -> Void) async throws -> [String] {
        session.subCompositionScriptFailures.forEach(onScriptFailure)
        let media = MediaFiles(projectRoot: job.projectRoot, vendored: job.vendored)
        let videos = try job.videoClips.map { VideoFrameSource(clip: $0, file: try media.url(for: $0), frameRate: job.frameRate) }
        var digests: [String] = []
        for segment in segments {
            try Task.checkCancellation()
            let sink = try await FrameSink(segment.output)
            try await session.captureFrames(segment.frames, frameRate: job.frameRate, beforeCapture: { index, _ in
                for video in videos where video.isActive(atFrame: index) {
                    if let frame = try await video.frame(atFrame: index) {
                        try await session.showVideoFrame(elementId: video.clip.id, frame: frame)
                    }
                }
            }, consume: { captured in
                try await sink.append(captured.image, frameIndex: captured.index, digest: captured.digest, held: captured.held)
                onFrame()
            })
            digests += try await sink.finish()
        }
        return digests
    }
}

/// Writes captured frames to a segment's output and keeps their digests in arrival (frame) order.
/// An actor on its own queue: the libav encoder (or PNG encoder) it owns runs there, off the
/// cooperative pool, and never crosses threads.
actor FrameSink {
    private let queue = WorkQueue(label: "encode")
    nonisolated var unownedExecutor: UnownedSerialExecutor { queue.asUnownedSerialExecutor() }

    private let output: SegmentOutput
    private var writer: MediaWriter?
    private var pngEncoder: PNGEncoder?
    /// The last PNG written (PNG-sequence output), written again for a held frame.
    private var lastPNG: Data?
    private var digests: [String] = []

    init(_ output: SegmentOutput) async throws {
        self.output = output
        try openOutput()
    }

    private func openOutput() throws {
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

    /// Flushes the encoder; returns the segment's frame digests.
    func finish() throws -> [String] {
        try writer?.finish()
        return digests
    }
}
