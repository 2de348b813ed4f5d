import FrameGateMedia
import FrameGateCore

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
        // span·fps computed as D·fps − 1: D·fps is usually a whole frame count, so exact halves (29.5)
        // stay exact instead of landing a rounding error either side of .5.
        let spanFrames = max(0, duration * Double(fps.numerator) / Double(fps.denominator) - 1)
        return (0..<count).map { k in
            let time = span * Double(k) / Double(count)
            let frame = Int((spanFrames * Double(k) / Double(count)).rounded())
            return Checkpoint(index: k, time: time, frame: frame)
        }
    }
}
