import FrameGateMedia
import Foundation
import FrameGateCore

/// Supplies the source frame a `<video>` shows at a composition frame. The browser never plays media:
/// FrameGate decodes the clip itself so every process shows the same pixels at the same time.
/// An actor on its own queue: the libav decoder it owns runs there, off the cooperative pool.
actor VideoFrameSource {
    private let queue = WorkQueue(label: "video-decode")
    nonisolated var unownedExecutor: UnownedSerialExecutor { queue.asUnownedSerialExecutor() }

    nonisolated let clip: MediaClip
    private nonisolated let url: URL
    private nonisolated let frameRate: FrameRate
    private var decoder: VideoDecoder?
    private var current: DecodedVideoFrame?
    private var sourceFrameCount: Int?
    /// The composition frame of the last `frame(atFrame:)` call.
    private var requested: Int?

    /// `file`: where the clip's bytes are (MediaFiles: a project file or a vendored one).
    init(clip: MediaClip, file: URL, frameRate: FrameRate) {
        self.clip = clip
        self.url = file
        self.frameRate = frameRate
    }

    /// Whether the clip is on screen at composition frame `index`: the model's visibility rule
    /// (MediaClip.isActive, the one runtime.js applies to the stamps) at that frame's exact time.
    nonisolated func isActive(atFrame index: Int) -> Bool { clip.isActive(at: frameRate.time(ofFrame: index)) }

    /// The first composition frame the clip is on screen at (ignoring its end): steps into the source count from it.
    private nonisolated var firstFrame: Int {
        let index = frameRate.frameIndex(atTime: clip.start)
        return frameRate.time(ofFrame: index) >= clip.start ? index : index + 1
    }

    /// DESIGN.md: the frame shown at composition frame i is the (i − first)-th render-rate step past
    /// data-media-start; it maps to the source frame on screen at that media time. Loops wrap back to
    /// data-media-start; without loop, past the end the last frame holds. The source's length is learnt
    /// when decoding first runs dry, so the clip is decoded once, never probed by a separate pass.
    func frame(atFrame index: Int) throws -> SourceFrame? {
        requested = index
        let frame = try decodedFrame(atFrame: index)
        // The next composition frame's source frame is decoded on this actor's queue while the browser draws
        // and captures this one: the decode leaves the per-frame critical path. Pixels do not depend on it.
        Task { self.decodeAhead(atFrame: index + 1) }
        return frame
    }

    /// Decodes what composition frame `index` will show, so its call finds it ready. Only while no later
    /// frame has been asked for (a late look-ahead would step the stream back); errors are left to that call.
    private func decodeAhead(atFrame index: Int) {
        guard requested == index - 1 else { return }
        _ = try? decodedFrame(atFrame: index)
    }

    /// A source frame as a composition frame shows it: its index in the source, and its pixels.
    struct SourceFrame: Sendable {
        var index: Int
        var rgba: RGBAFrame
    }

    private func decodedFrame(atFrame index: Int) throws -> SourceFrame? {
        guard isActive(atFrame: index) else { return nil }
        let step = index - firstFrame
        let mediaTime = clip.mediaStart + frameRate.time(ofFrame: step)
        let sourceRate = try openedDecoder().frameRate
        let target = Self.index(of: mediaTime, rate: sourceRate)
        let first = Self.index(of: clip.mediaStart, rate: sourceRate)
        if let count = sourceFrameCount {
            guard count > 0 else { return nil }
            return Self.shown(try decodedFrame(at: wrapped(target, first: first, count: count)))
        }
        guard let decoded = try decodedFrame(at: target) else { return nil }
        if decoded.index == target { return Self.shown(decoded) }
        // The source ended before `target`; its length is now known.
        return Self.shown(try decodedFrame(at: wrapped(target, first: first, count: sourceFrameCount ?? decoded.index + 1)))
    }

    private static func shown(_ decoded: DecodedVideoFrame?) -> SourceFrame? {
        guard let decoded, let rgba = decoded.rgba else { return nil }
        return SourceFrame(index: decoded.index, rgba: rgba)
    }

    private func wrapped(_ target: Int, first: Int, count: Int) -> Int {
        guard target >= count else { return target }
        let start = min(first, count - 1)
        return clip.loop ? start + (target - start) % max(1, count - start) : count - 1
    }

    private static func index(of mediaTime: Double, rate: FrameRate) -> Int { rate.frameIndex(atTime: mediaTime) }

    private func openedDecoder() throws -> VideoDecoder {
        if let decoder { return decoder }
        let opened = try VideoDecoder(url: url, format: .rgba)
        decoder = opened
        return opened
    }

    /// The frame with this decode index, or the last frame when the stream ends first.
    private func decodedFrame(at index: Int) throws -> DecodedVideoFrame? {
        if let current, current.index == index { return current }
        if let current, current.index > index {
            // A backwards step (loop wrap, or a new worker range): restart the stream instead of caching every frame.
            decoder = nil
            self.current = nil
        }
        let decoder = try openedDecoder()
        while let next = try decoder.nextFrame() {
            current = next
            if next.index == index { return next }
        }
        sourceFrameCount = (current?.index).map { $0 + 1 } ?? 0
        return current
    }
}
