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
    /// `onFrame` is called once per frame written (progress).
    public static func render(job: CaptureJob, segments: [Segment],
                              onFrame: @escaping @Sendable () -> Void = {}) async throws -> [String] {
        let browser = try await Browser.launch(job.browserOptions)
        do {
            let digests = try await render(job: job, segments: segments, browser: browser, onFrame: onFrame)
            await browser.close()
            return digests
        } catch {
            await browser.close()
            throw error
        }
    }

    static func render(job: CaptureJob, segments: [Segment], browser: Browser,
                       onFrame: @escaping @Sendable () -> Void) async throws -> [String] {
        let options = job.captureOptions
        let session = try await CaptureSession.open(
            browser: browser,
            project: job.projectSource,
            options: options)
        let media = MediaFiles(projectRoot: job.projectRoot, vendored: job.vendored)
        let videos = try job.videoClips.map { VideoFrameSource(clip: $0, file: try media.url(for: $0), frameRate: job.frameRate) }
        do {
            // A segment's encoder holds its last frames (x264's lookahead is longer than a segment) and
            // encodes them when it is finished: about a segment's worth of encode work. That flush runs
            // beside the capture of the next segment, on the finished sink's own queue, instead of
            // stopping the browser; at most one segment flushes at a time, and digests stay in order.
            let digests = try await withThrowingTaskGroup(of: [String].self) { flushing in
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
                        try await sink.append(captured.image, frameIndex: captured.index, digest: captured.digest)
                        onFrame()
                    })
                    if let previous = try await flushing.next() { digests += previous }
                    flushing.addTask { try await sink.finish() }
                }
                if let last = try await flushing.next() { digests += last }
                return digests
            }
            await session.close()
            return digests
        } catch {
            await session.close()
            throw error
        }
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

    func append(_ frame: RGBAFrame, frameIndex: Int, digest: String) throws {
        digests.append(digest)
        if let writer { try writer.appendVideo(frame); return }
        guard case let .pngSequence(directory, firstFrame) = output, let pngEncoder else { return }
        let url = directory.appendingPathComponent(OutputFormat.pngSequenceFileName(frame: frameIndex - firstFrame + 1))
        do { try pngEncoder.encode(frame).write(to: url) } catch let error as MediaError { throw error } catch {
            throw RenderError.io(path: url.path, reason: error.localizedDescription)
        }
    }

    /// Flushes the encoder; returns the segment's frame digests.
    func finish() throws -> [String] {
        try writer?.finish()
        return digests
    }
}
