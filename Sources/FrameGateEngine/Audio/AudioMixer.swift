import FrameGateMedia

/// Sums placed sources into one buffer. Every time is converted to a sample position once, by rounding
/// time·rate to the nearest integer, and samples are summed in placement order, so the same placements
/// always produce bit-identical output.
public enum AudioMixer {
    public static func mix(_ placements: [AudioPlacement], duration: Double, sampleRate: Int = 48_000, channels: Int = 2) -> AudioBuffer {
        let outFrames = max(0, frames(duration, sampleRate))
        var out = [Float](repeating: 0, count: outFrames * channels)
        for p in placements {
            add(p, into: &out, outFrames: outFrames, sampleRate: sampleRate, channels: channels)
        }
        for k in out.indices { out[k] = min(max(out[k], -1), 1) }
        return AudioBuffer(sampleRate: sampleRate, channels: channels, samples: out)
    }

    static func frames(_ seconds: Double, _ rate: Int) -> Int {
        Int((seconds * Double(rate)).rounded(.toNearestOrAwayFromZero))
    }

    private static func add(_ p: AudioPlacement, into out: inout [Float], outFrames: Int, sampleRate: Int, channels: Int) {
        let source = p.source
        guard source.channels > 0 else { return }
        assert(source.sampleRate == sampleRate, "AudioPlacement sources must already be at the mix rate")
        let sourceFrames = source.frameCount
        let trim = min(max(0, frames(p.mediaStart, sampleRate)), sourceFrames)
        let region = sourceFrames - trim
        guard region > 0 else { return }
        let startFrame = frames(p.start, sampleRate)
        var length: Int
        if let d = p.duration {
            length = max(0, frames(d, sampleRate))
        } else {
            length = p.loop ? outFrames - startFrame : region
        }
        if !p.loop { length = min(length, region) }
        // Only the part of [startFrame, startFrame + length) that falls inside the mix is rendered.
        let first = max(0, -startFrame)
        let last = min(length, outFrames - startFrame)
        guard first < last else { return }
        let gain = Float(p.volume)
        let sourceChannels = source.channels
        source.samples.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for i in first..<last {
                    let s = trim + (p.loop ? i % region : i)
                    let o = (startFrame + i) * channels
                    let base = s * sourceChannels
                    for c in 0..<channels {
                        // A source with fewer channels (mono) feeds its last channel to the remaining outputs.
                        dst[o + c] += src[base + min(c, sourceChannels - 1)] * gain
                    }
                }
            }
        }
    }
}
