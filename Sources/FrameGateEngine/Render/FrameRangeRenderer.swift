import FrameGateBrowser
import FrameGateMedia
import Foundation

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

    public init(projectRoot: URL, entryPath: String, compiledHTML: String, width: Int, height: Int,
                frameRate: FrameRate, videoClips: [MediaClip],
                imageFormat: CaptureImageFormat = .png, browserOptions: BrowserOptions = BrowserOptions()) {
        self.projectRoot = projectRoot; self.entryPath = entryPath; self.compiledHTML = compiledHTML
        self.width = width; self.height = height; self.frameRate = frameRate
        self.videoClips = videoClips; self.imageFormat = imageFormat; self.browserOptions = browserOptions
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
        var options = CaptureOptions(width: job.width, height: job.height)
        options.imageFormat = job.imageFormat
        let session = try await CaptureSession.open(
            browser: browser,
            project: ProjectSource(root: job.projectRoot, entryPath: job.entryPath, entryHTML: job.compiledHTML),
            options: options)
        let videos = job.videoClips.map { VideoFrameSource(clip: $0, projectRoot: job.projectRoot, frameRate: job.frameRate) }
        var digests: [String] = []
        do {
            for segment in segments {
                let sink = try FrameSink(segment.output)
                let collector = DigestCollector()
                try await session.captureFrames(segment.frames, frameRate: job.frameRate, beforeCapture: { _, time in
                    for video in videos where video.isActive(at: time) {
                        if let frame = try video.frame(at: time) {
                            try await session.showVideoFrame(elementId: video.clip.id, frame: frame)
                        }
                    }
                }, consume: { captured in
                    try sink.append(captured.image, frameIndex: captured.index)
                    collector.append(captured.digest)
                    onFrame()
                })
                try sink.finish()
                digests += collector.digests
            }
        } catch {
            await session.close()
            throw error
        }
        await session.close()
        return digests
    }
}

/// Frames are consumed on the capture pipeline's task; this keeps their digests in arrival (frame) order.
final class DigestCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []
    func append(_ digest: String) { lock.lock(); stored.append(digest); lock.unlock() }
    var digests: [String] { lock.lock(); defer { lock.unlock() }; return stored }
}

/// Writes captured frames to a segment's output.
final class FrameSink: @unchecked Sendable {
    private let output: SegmentOutput
    private var writer: MediaWriter?
    private var pngEncoder: PNGEncoder?

    init(_ output: SegmentOutput) throws {
        self.output = output
        switch output {
        case let .encoded(url, container, settings):
            writer = try MediaWriter(url: url, container: container, video: settings, audio: nil)
        case let .pngSequence(directory, _):
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            pngEncoder = try PNGEncoder()
        }
    }

    func append(_ frame: RGBAFrame, frameIndex: Int) throws {
        if let writer { try writer.appendVideo(frame); return }
        guard case let .pngSequence(directory, firstFrame) = output, let pngEncoder else { return }
        let url = directory.appendingPathComponent(PNGSequence.fileName(number: frameIndex - firstFrame + 1))
        do { try pngEncoder.encode(frame).write(to: url) } catch let error as MediaError { throw error } catch {
            throw RenderError.io(path: url.path, reason: error.localizedDescription)
        }
    }

    func finish() throws { try writer?.finish() }
}

public enum PNGSequence {
    /// 1-based, six digits: frame_000001.png.
    public static func fileName(number: Int) -> String { String(format: "frame_%06d.png", number) }
}
