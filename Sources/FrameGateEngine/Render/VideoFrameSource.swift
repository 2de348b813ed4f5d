import FrameGateMedia
import Foundation

/// Supplies the source frame a `<video>` shows at composition time t. The browser never plays media:
/// FrameGate decodes the clip itself so every process shows the same pixels at the same time.
final class VideoFrameSource {
    let clip: MediaClip
    private let url: URL
    private let frameRate: FrameRate
    private var decoder: VideoDecoder?
    private var current: DecodedVideoFrame?
    private var sourceFrameCount: Int?

    init(clip: MediaClip, projectRoot: URL, frameRate: FrameRate) {
        self.clip = clip
        self.url = projectRoot.appendingPathComponent(clip.src)
        self.frameRate = frameRate
    }

    /// Whether the clip is on screen at t (the element's own timing window, by the rule runtime.js applies).
    func isActive(at time: Double) -> Bool { clip.isActive(at: time) }

    /// DESIGN.md: the frame at t is floor((t − start)·fps + 1e-9) render-rate frames past data-media-start;
    /// it maps to the source frame on screen at that media time. Loops wrap back to data-media-start;
    /// without loop, past the end the last frame holds. The source's length is learnt when decoding first
    /// runs dry, so the clip is decoded once, never probed by a separate pass.
    func frame(at time: Double) throws -> RGBAFrame? {
        guard isActive(at: time) else { return nil }
        let step = Int(((time - clip.start) * frameRate.value + 1e-9).rounded(.down))
        let mediaTime = clip.mediaStart + frameRate.time(ofFrame: step)
        let sourceRate = try openedDecoder().frameRate
        let target = Self.index(of: mediaTime, rate: sourceRate)
        let first = Self.index(of: clip.mediaStart, rate: sourceRate)
        if let count = sourceFrameCount {
            guard count > 0 else { return nil }
            return try decodedFrame(at: wrapped(target, first: first, count: count))?.rgba
        }
        guard let decoded = try decodedFrame(at: target) else { return nil }
        if decoded.index == target { return decoded.rgba }
        // The source ended before `target`; its length is now known.
        return try decodedFrame(at: wrapped(target, first: first, count: sourceFrameCount ?? decoded.index + 1))?.rgba
    }

    private func wrapped(_ target: Int, first: Int, count: Int) -> Int {
        guard target >= count else { return target }
        let start = min(first, count - 1)
        return clip.loop ? start + (target - start) % max(1, count - start) : count - 1
    }

    private static func index(of mediaTime: Double, rate: FrameRate) -> Int {
        Int((mediaTime * rate.value + 1e-6).rounded(.down))
    }

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
