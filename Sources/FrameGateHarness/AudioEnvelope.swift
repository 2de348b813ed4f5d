/// The RMS envelope of DESIGN.md's audio metric: mono 16 kHz samples, window 2048, hop 1024.
public enum AudioEnvelope {
    public static let sampleRate = 16_000
    public static let window = 2048
    public static let hop = 1024

    /// One RMS value per full window starting at 0, hop, 2·hop, …; a tail shorter than a window is
    /// dropped (it would weigh a partial window like a full one).
    public static func rms(_ samples: [Float], window: Int = window, hop: Int = hop) -> [Double] {
        guard samples.count >= window else { return [] }
        let count = (samples.count - window) / hop + 1
        var envelope = [Double](repeating: 0, count: count)
        samples.withUnsafeBufferPointer { s in
            for w in 0..<count {
                var sum: Double = 0
                let start = w * hop
                for i in start..<(start + window) {
                    let v = Double(s[i])
                    sum += v * v
                }
                envelope[w] = (sum / Double(window)).squareRoot()
            }
        }
        return envelope
    }

    /// One s16 LSB (1/32768 ≈ −90.3 dBFS): an envelope that never reaches it is digital silence.
    public static let silenceThreshold = 1.0 / 32768.0

    public static func isSilent(_ envelope: [Double]) -> Bool {
        envelope.allSatisfy { $0 < silenceThreshold }
    }
}
