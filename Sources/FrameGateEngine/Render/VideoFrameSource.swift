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
    private var layout: (count: Int, rate: FrameRate)?

    init(clip: MediaClip, projectRoot: URL, frameRate: FrameRate) {
        self.clip = clip
        self.url = projectRoot.appendingPathComponent(clip.src)
        self.frameRate = frameRate
    }

    /// Whether the clip is on screen at t (the element's own timing window).
    func isActive(at time: Double) -> Bool {
        guard time + 1e-9 >= clip.start else { return false }
        if let duration = clip.duration { return time < clip.start + duration - 1e-9 }
        return true
    }

    /// DESIGN.md: the frame at t is floor((t − start)·fps + 1e-9) render-rate frames past data-media-start;
    /// it maps to the source frame on screen at that media time. Loops wrap back to data-media-start;
    /// without loop, past the end the last frame holds.
    func frame(at time: Double) throws -> RGBAFrame? {
        guard isActive(at: time) else { return nil }
        let (count, sourceRate) = try sourceLayout()
        guard count > 0 else { return nil }
        let step = Int(((time - clip.start) * frameRate.value + 1e-9).rounded(.down))
        let mediaTime = clip.mediaStart + frameRate.time(ofFrame: step)
        let first = min(count - 1, Self.index(of: clip.mediaStart, rate: sourceRate))
        var target = Self.index(of: mediaTime, rate: sourceRate)
        if target >= count {
            target = clip.loop ? first + (target - first) % max(1, count - first) : count - 1
        }
        return try decodedFrame(at: target)?.rgba
    }

    private static func index(of mediaTime: Double, rate: FrameRate) -> Int {
        Int((mediaTime * rate.value + 1e-6).rounded(.down))
    }

    /// The source's frame count (by decode) and rate, read once per clip.
    private func sourceLayout() throws -> (Int, FrameRate) {
        if let layout { return layout }
        let info = try MediaProbe.probe(url, countFrames: true)
        guard let stream = info.videoStream else {
            throw MediaError.decodeFailed(path: url.path, reason: "no video stream for <video id=\"\(clip.id)\">")
        }
        let rate = stream.fps.flatMap(FrameRate.init(parsing:)) ?? frameRate
        layout = (stream.frameCount, rate)
        return (stream.frameCount, rate)
    }

    private func decodedFrame(at index: Int) throws -> DecodedVideoFrame? {
        if let current, current.index == index { return current }
        if let current, current.index > index {
            // A backwards step (loop wrap, or a new worker range): restart the stream instead of caching every frame.
            decoder = nil
            self.current = nil
        }
        if decoder == nil { decoder = try VideoDecoder(url: url, format: .rgba) }
        while let next = try decoder?.nextFrame() {
            current = next
            if next.index == index { return next }
        }
        return current
    }
}
