import Foundation

/// ITU-R BS.1770-4 / EBU R128 loudness of interleaved PCM: K-weighting (a high shelf and a high-pass
/// biquad, coefficients derived for the sample rate the way libebur128 and ffmpeg's ebur128 filter derive
/// them), mean square per 100 ms sub-block per channel, 400 ms momentary blocks (75 % overlap) gated at
/// −70 LUFS absolute and −10 LU relative for the integrated value, and 3 s short-term values every 100 ms.
/// Channels are weighted 1 (mono, stereo; surround weights are not needed by FrameGate's stereo mix).
public struct Loudness: Equatable, Sendable {
    /// LUFS; nil when no block passes the absolute gate (silence).
    public var integrated: Double?
    /// LUFS of each 3 s window, one per 100 ms from 3 s on (−∞ → nil for silent windows).
    public var shortTerm: [Double?]

    public static let subBlockSeconds = 0.1
    public static let absoluteGate = -70.0

    public static func measure(_ samples: [Float], sampleRate: Int, channels: Int) -> Loudness {
        let subBlocks = subBlockPowers(samples, sampleRate: sampleRate, channels: channels)
        // Momentary blocks: 4 sub-blocks, hop 1.
        var blocks: [Double] = []
        if subBlocks.count >= 4 {
            for i in 0...(subBlocks.count - 4) { blocks.append(subBlocks[i..<(i + 4)].reduce(0, +) / 4) }
        }
        let absolute = blocks.filter { loudness($0) > absoluteGate }
        var integrated: Double?
        if !absolute.isEmpty {
            let relativeGate = loudness(absolute.reduce(0, +) / Double(absolute.count)) - 10
            let gated = absolute.filter { loudness($0) > relativeGate }
            if !gated.isEmpty { integrated = loudness(gated.reduce(0, +) / Double(gated.count)) }
        }
        var shortTerm: [Double?] = []
        if subBlocks.count >= 30 {
            var window = subBlocks[0..<30].reduce(0, +)
            for i in 0...(subBlocks.count - 30) {
                if i > 0 { window += subBlocks[i + 29] - subBlocks[i - 1] }
                let value = loudness(max(0, window) / 30)
                shortTerm.append(value.isFinite ? value : nil)
            }
        }
        return Loudness(integrated: integrated, shortTerm: shortTerm)
    }

    /// −0.691 + 10·log10(Σ channel mean squares).
    static func loudness(_ power: Double) -> Double { power > 0 ? -0.691 + 10 * log10(power) : -.infinity }

    /// The K-weighted mean square of each complete 100 ms sub-block, summed over channels.
    static func subBlockPowers(_ samples: [Float], sampleRate: Int, channels: Int) -> [Double] {
        let frames = samples.count / max(1, channels)
        let length = Int((Double(sampleRate) * subBlockSeconds).rounded())
        guard length > 0, frames >= length else { return [] }
        let count = frames / length
        var powers = [Double](repeating: 0, count: count)
        let filter = KWeighting(sampleRate: Double(sampleRate))
        for channel in 0..<channels {
            var state = KWeighting.State()
            samples.withUnsafeBufferPointer { s in
                for block in 0..<count {
                    var sum = 0.0
                    for frame in (block * length)..<((block + 1) * length) {
                        let y = filter.apply(Double(s[frame * channels + channel]), &state)
                        sum += y * y
                    }
                    powers[block] += sum / Double(length)
                }
            }
        }
        return powers
    }
}

/// The two K-weighting biquads of BS.1770 for a sample rate.
struct KWeighting {
    struct State { var x1 = 0.0, x2 = 0.0, y1 = 0.0, y2 = 0.0, u1 = 0.0, u2 = 0.0, z1 = 0.0, z2 = 0.0 }
    let b: (Double, Double, Double), a: (Double, Double)    // shelf
    let hb: (Double, Double, Double), ha: (Double, Double)  // high-pass

    init(sampleRate: Double) {
        // Pre-filter (high shelf): f0 ≈ 1681.97 Hz, gain ≈ +4 dB, Q ≈ 0.7072.
        var f0 = 1681.974450955533, q = 0.7071752369554196
        let gain = 3.999843853973347
        var k = tan(Double.pi * f0 / sampleRate)
        let vh = pow(10, gain / 20), vb = pow(vh, 0.4996667741545416)
        var a0 = 1 + k / q + k * k
        b = ((vh + vb * k / q + k * k) / a0, 2 * (k * k - vh) / a0, (vh - vb * k / q + k * k) / a0)
        a = (2 * (k * k - 1) / a0, (1 - k / q + k * k) / a0)
        // RLB high-pass: f0 ≈ 38.14 Hz, Q ≈ 0.5003.
        f0 = 38.13547087602444; q = 0.5003270373238773
        k = tan(Double.pi * f0 / sampleRate)
        a0 = 1 + k / q + k * k
        hb = (1, -2, 1)
        ha = (2 * (k * k - 1) / a0, (1 - k / q + k * k) / a0)
    }

    func apply(_ x: Double, _ s: inout State) -> Double {
        let y = b.0 * x + b.1 * s.x1 + b.2 * s.x2 - a.0 * s.y1 - a.1 * s.y2
        s.x2 = s.x1; s.x1 = x; s.y2 = s.y1; s.y1 = y
        let z = hb.0 * y + hb.1 * s.u1 + hb.2 * s.u2 - ha.0 * s.z1 - ha.1 * s.z2
        s.u2 = s.u1; s.u1 = y; s.z2 = s.z1; s.z1 = z
        return z
    }
}
