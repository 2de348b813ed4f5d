import FrameGateMedia

/// One of the 100 visual checkpoints: time t_k and the frame index it maps to.
public struct Checkpoint: Codable, Equatable, Sendable {
    /// k, 0…99.
    public var index: Int
    public var time: Double
    public var frame: Int
}

public enum Checkpoints {
    public static let count = 100

    /// DESIGN.md: t_k = max(0, D − 1/fps)·k/100 for k = 0…99, frame = round(t_k·fps), D the shorter video
    /// stream duration. All 100 are kept even when several map to one frame (short videos), so every
    /// report has the same shape and the failure count is always out of 100.
    public static func make(duration: Double, fps: FrameRate) -> [Checkpoint] {
        let span = max(0, duration - 1 / fps.value)
        return (0..<count).map { k in
            let time = span * Double(k) / Double(count)
            // Rounded through num/den so 30000/1001 maps the same way as the decoder's timestamps.
            let frame = Int((time * Double(fps.numerator) / Double(fps.denominator)).rounded())
            return Checkpoint(index: k, time: time, frame: frame)
        }
    }
}
