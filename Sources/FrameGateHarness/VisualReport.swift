/// Which file lacks a checkpoint frame.
public enum FrameSide: String, Codable, Sendable {
    case rendered, baseline, both
}

public struct CheckpointResult: Codable, Equatable, Sendable {
    /// k, 0…99.
    public var index: Int
    public var frame: Int
    public var time: Double
    /// dB; nil when the frames are identical (+∞) or when a frame is missing (see `missing`).
    public var psnr: Double?
    /// Set when the frame does not exist in a file: an error, never a pass.
    public var missing: FrameSide?
    public var passed: Bool

    public var isIdentical: Bool { missing == nil && psnr == nil }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(index, forKey: .index)
        try c.encode(frame, forKey: .frame)
        try c.encode(time, forKey: .time)
        try c.encode(psnr, forKey: .psnr) // null = identical
        try c.encodeIfPresent(missing, forKey: .missing)
        try c.encode(passed, forKey: .passed)
    }
}

public struct VisualReport: Codable, Equatable, Sendable {
    /// D: the shorter of the two video stream durations, seconds.
    public var duration: Double
    public var fps: String
    /// The comparison size (the baseline's).
    public var width: Int
    public var height: Int
    public var threshold: Double
    public var maxFrameFailures: Int
    public var checkpoints: [CheckpointResult]
    public var failedCount: Int
    public var missingCount: Int
    /// The lowest finite PSNR over the checkpoints; nil when every compared frame was identical.
    public var lowestPSNR: Double?
    /// The every-frame check (all frames, the localized measure, time); nil in reports of older versions.
    public var frames: FrameCheck?
    public var passed: Bool
    public var reason: String?

    public var failedCheckpoints: [CheckpointResult] { checkpoints.filter { !$0.passed } }

    /// Fills the counts, `passed` and `reason` from `checkpoints`.
    public init(duration: Double, fps: String, width: Int, height: Int, threshold: Double, maxFrameFailures: Int,
                checkpoints: [CheckpointResult], frames: FrameCheck? = nil) {
        self.duration = duration; self.fps = fps; self.width = width; self.height = height
        self.threshold = threshold; self.maxFrameFailures = maxFrameFailures; self.checkpoints = checkpoints
        failedCount = checkpoints.filter { !$0.passed }.count
        missingCount = checkpoints.filter { $0.missing != nil }.count
        lowestPSNR = checkpoints.compactMap(\.psnr).min()
        self.frames = frames
        if missingCount > 0 {
            // Missing frames fail the check whatever maxFrameFailures allows: a truncated render must not pass.
            let frames = checkpoints.filter { $0.missing != nil }.map(\.frame)
            passed = false
            reason = "\(missingCount) checkpoint frame(s) missing (first: frame \(frames[0]))"
        } else if let frames, frames.missingFrames > 0 || frames.failedFrames > maxFrameFailures {
            // Every frame, not a sample: the findings say what kind of change failed it.
            passed = false
            let described = frames.findings.prefix(5).map { $0.description }
            reason = "\(frames.failedFrames) of \(frames.framesCompared) frames failed (at most \(maxFrameFailures) allowed): "
                + described.joined(separator: "; ") + (frames.findings.count > 5 ? "; …" : "")
        } else if failedCount > maxFrameFailures {
            passed = false
            reason = "\(failedCount) of \(checkpoints.count) checkpoints below \(threshold) dB (at most \(maxFrameFailures) allowed)"
        } else {
            passed = true
            reason = nil
        }
    }
}
