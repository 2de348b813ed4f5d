import Foundation
import FrameGateMedia

/// The frames of a failed checkpoint, kept for the failure artifacts.
public struct FailedCheckpointFrames: Sendable {
    public var checkpoint: CheckpointResult
    public var actual: DecodedVideoFrame
    public var expected: DecodedVideoFrame
}

public enum VideoComparison {
    /// PSNR at the 100 checkpoints of `duration` (D). Both files are decoded once, forward, in lockstep,
    /// as yuv420p at the baseline's size; only the checkpoint frames are requested, and decoding stops
    /// at the last checkpoint. Lockstep keeps two frames in memory instead of 2 × 100.
    /// `retainFailedFrames` keeps the frame pairs of that many failed checkpoints for the artifacts.
    public static func compare(rendered: URL, baseline: URL, duration: Double, fps: FrameRate?, threshold: Double,
                               maxFrameFailures: Int, retainFailedFrames: Int = 0)
        throws -> (report: VisualReport, failedFrames: [FailedCheckpointFrames]) {
        let expectedDecoder = try VideoDecoder(url: baseline, format: .yuv420p)
        // Byte-identical files: decode the baseline alone (frames must still exist) and skip PSNR.
        let identical = FileIdentity.sameBytes(rendered, baseline)
        let actualDecoder = identical ? nil : try VideoDecoder(url: rendered, format: .yuv420p,
                                                               width: expectedDecoder.width, height: expectedDecoder.height)
        let rate = fps ?? expectedDecoder.frameRate
        let checkpoints = Checkpoints.make(duration: duration, fps: rate)

        var actualSource = actualDecoder.map { FrameSource(decoder: $0) }
        var expectedSource = FrameSource(decoder: expectedDecoder)
        var results: [CheckpointResult] = []
        var failedFrames: [FailedCheckpointFrames] = []
        var previous: (frame: Int, psnr: Double?, missing: FrameSide?)?

        for checkpoint in checkpoints {
            // Several checkpoints map to one frame in short videos; measure it once.
            if let previous, previous.frame == checkpoint.frame {
                results.append(result(checkpoint, psnr: previous.psnr, missing: previous.missing, threshold: threshold))
                continue
            }
            let expected = try expectedSource.frame(checkpoint.frame)
            let actual = actualSource == nil ? expected : try actualSource!.frame(checkpoint.frame)
            let missing: FrameSide?
            switch (actual == nil, expected == nil) {
            case (true, true): missing = .both
            case (true, false): missing = .rendered
            case (false, true): missing = .baseline
            case (false, false): missing = nil
            }
            var psnr: Double?
            if !identical, let actual, let expected { psnr = PSNR.measure(actual, expected).finitePSNR }
            let entry = result(checkpoint, psnr: psnr, missing: missing, threshold: threshold)
            results.append(entry)
            previous = (checkpoint.frame, psnr, missing)
            if !entry.passed, failedFrames.count < retainFailedFrames, let actual, let expected {
                failedFrames.append(FailedCheckpointFrames(checkpoint: entry, actual: actual, expected: expected))
            }
        }
        let report = VisualReport(duration: duration, fps: rate.description, width: expectedDecoder.width,
                                  height: expectedDecoder.height, threshold: threshold,
                                  maxFrameFailures: maxFrameFailures, checkpoints: results)
        return (report, failedFrames)
    }

    static func result(_ checkpoint: Checkpoint, psnr: Double?, missing: FrameSide?, threshold: Double) -> CheckpointResult {
        // psnr nil without a missing frame means identical (+∞), which passes any threshold.
        let passed = missing == nil && (psnr.map { $0 >= threshold } ?? true)
        return CheckpointResult(index: checkpoint.index, frame: checkpoint.frame, time: checkpoint.time,
                                psnr: psnr, missing: missing, passed: passed)
    }

    /// Forward-only access by decode index that remembers the end of the stream.
    struct FrameSource {
        let decoder: VideoDecoder
        var ended = false

        mutating func frame(_ index: Int) throws -> DecodedVideoFrame? {
            guard !ended else { return nil }
            guard let frame = try decoder.frame(at: index) else { ended = true; return nil }
            return frame
        }
    }
}
