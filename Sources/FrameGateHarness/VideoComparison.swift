import Foundation
import FrameGateMedia
import FrameGateCore

/// The frames of a failed checkpoint, kept for the failure artifacts.
public struct FailedCheckpointFrames: Sendable {
    public var checkpoint: CheckpointResult
    public var actual: DecodedVideoFrame
    public var expected: DecodedVideoFrame
}

/// How a check reached its numbers. Reported so a fast path is never mistaken for a decode.
public enum ComparisonMethod: String, Codable, Sendable {
    /// Both files decoded and measured.
    case decoded
    /// Same decoder input (codec parameters and every packet): identical output, nothing decoded. Frame
    /// existence comes from the packet count (one frame per packet for the codec).
    case packetIdentical = "packet-identical"
    /// Same decoder input, but the codec may not give one frame per packet: the baseline alone is decoded
    /// to find which checkpoint frames exist.
    case packetIdenticalFramesDecoded = "packet-identical-frames-decoded"
    /// Packets identical up to some frame: frames before it are identical without measuring; both files
    /// are decoded and the later checkpoints measured.
    case packetPrefixDecoded = "packet-prefix+decoded"
    /// Audio: same decoder input; the baseline alone is decoded and the metric taken against itself.
    case packetIdenticalBaselineDecoded = "packet-identical-baseline-decoded"
    /// No comparison input (a side without audio).
    case none
}

public struct VideoComparisonResult: Sendable {
    public var report: VisualReport
    public var failedFrames: [FailedCheckpointFrames]
    public var method: ComparisonMethod
    /// The frame both files were decoded from (0 unless an identical packet prefix let decoding start
    /// at a later clean start point); nil when nothing was decoded.
    public var decodedFrom: Int?
}

public enum VideoComparison {
    /// PSNR at the 100 checkpoints of `duration` (D). Both files are decoded once, forward, in lockstep,
    /// as yuv420p at the baseline's size; only the checkpoint frames are requested, and decoding stops
    /// at the last checkpoint. Lockstep keeps two frames in memory instead of 2 × 100.
    /// `retainFailedFrames` keeps the frame pairs of that many failed checkpoints for the artifacts.
    public static func compare(rendered: URL, baseline: URL, duration: Double, fps: FrameRate?, threshold: Double,
                               maxFrameFailures: Int, retainFailedFrames: Int = 0)
        throws -> (report: VisualReport, failedFrames: [FailedCheckpointFrames]) {
        let result = try compareDetailed(rendered: rendered, baseline: baseline, duration: duration, fps: fps,
                                         threshold: threshold, maxFrameFailures: maxFrameFailures,
                                         retainFailedFrames: retainFailedFrames)
        return (result.report, result.failedFrames)
    }

    /// `compare`, also saying how. `packets` is the files' video packet comparison (read here when nil);
    /// `usePacketIdentity: false` forces decoding everything. `concurrent` decodes the two files on two
    /// threads; the numbers are the same as sequential.
    public static func compareDetailed(rendered: URL, baseline: URL, duration: Double, fps: FrameRate?, threshold: Double,
                                       maxFrameFailures: Int, retainFailedFrames: Int = 0,
                                       packets: StreamPacketComparison? = nil, usePacketIdentity: Bool = true,
                                       concurrent: Bool = true) throws -> VideoComparisonResult {
        let expectedDecoder = try VideoDecoder(url: baseline, format: .yuv420p)
        let rate = fps ?? expectedDecoder.frameRate
        let checkpoints = Checkpoints.make(duration: duration, fps: rate)
        func finish(_ results: [CheckpointResult], _ failed: [FailedCheckpointFrames], _ method: ComparisonMethod,
                    decodedFrom: Int?) -> VideoComparisonResult {
            let report = VisualReport(duration: duration, fps: rate.description, width: expectedDecoder.width,
                                      height: expectedDecoder.height, threshold: threshold,
                                      maxFrameFailures: maxFrameFailures, checkpoints: results)
            return VideoComparisonResult(report: report, failedFrames: failed, method: method, decodedFrom: decodedFrom)
        }

        let packets = usePacketIdentity ? try packets ?? PacketReader.compare(rendered, baseline).video : nil
        let distinctFrames = checkpoints.map(\.frame).reduce(into: [Int]()) { if $0.last != $1 { $0.append($1) } }

        if let packets, packets.isIdentical {
            // Identical decoder input gives identical frames (+∞). Frames must still exist: a short render
            // is missing its late checkpoints, never a pass.
            var existing: Set<Int>
            let method: ComparisonMethod
            if packets.packetsAreFrames {
                existing = Set(distinctFrames.filter { $0 < packets.matchingPrefix })
                method = .packetIdentical
            } else {
                let stream = CheckpointFrameStream(decoder: expectedDecoder, indices: distinctFrames, concurrent: false)
                existing = []
                for frame in distinctFrames { guard try stream.next() != nil else { break }; existing.insert(frame) }
                method = .packetIdenticalFramesDecoded
            }
            let results = checkpoints.map { result($0, psnr: nil, missing: existing.contains($0.frame) ? nil : .both, threshold: threshold) }
            return finish(results, [], method, decodedFrom: method == .packetIdentical ? nil : 0)
        }

        // Frames decoded from identical packets, with identical parameters and no reordering, are identical;
        // both files are decoded from the last clean start point in that shared prefix (an IDR frame: what
        // follows it never references what precedes it, so the frames are exactly a full decode's).
        let prefixUsable = packets.map { $0.parametersIdentical && $0.packetsAreFrames } ?? false
        let identicalBelow = prefixUsable ? packets!.matchingPrefix : 0
        let start = prefixUsable ? packets!.cleanStarts.last ?? 0 : 0
        let measured = distinctFrames.filter { $0 >= identicalBelow }
        let actualDecoder = try VideoDecoder(url: rendered, format: .yuv420p, width: expectedDecoder.width,
                                             height: expectedDecoder.height, startingAtPacket: start)
        let baselineDecoder = start == 0 ? expectedDecoder
            : try VideoDecoder(url: baseline, format: .yuv420p, startingAtPacket: start)
        let actualStream = CheckpointFrameStream(decoder: actualDecoder, indices: measured, concurrent: concurrent)
        let expectedStream = CheckpointFrameStream(decoder: baselineDecoder, indices: measured, concurrent: concurrent)

        var results: [CheckpointResult] = []
        var failedFrames: [FailedCheckpointFrames] = []
        var previous: (frame: Int, psnr: Double?, missing: FrameSide?)?
        for checkpoint in checkpoints {
            // Several checkpoints map to one frame in short videos; measure it once.
            if let previous, previous.frame == checkpoint.frame {
                results.append(result(checkpoint, psnr: previous.psnr, missing: previous.missing, threshold: threshold))
                continue
            }
            if checkpoint.frame < identicalBelow {
                results.append(result(checkpoint, psnr: nil, missing: nil, threshold: threshold))
                previous = (checkpoint.frame, nil, nil)
                continue
            }
            let actual = try actualStream.next()
            let expected = try expectedStream.next()
            let missing: FrameSide?
            switch (actual == nil, expected == nil) {
            case (true, true): missing = .both
            case (true, false): missing = .rendered
            case (false, true): missing = .baseline
            case (false, false): missing = nil
            }
            var psnr: Double?
            if let actual, let expected { psnr = PSNR.measure(actual, expected).finitePSNR }
            let entry = result(checkpoint, psnr: psnr, missing: missing, threshold: threshold)
            results.append(entry)
            previous = (checkpoint.frame, psnr, missing)
            if !entry.passed, failedFrames.count < retainFailedFrames, let actual, let expected {
                failedFrames.append(FailedCheckpointFrames(checkpoint: entry, actual: actual, expected: expected))
            }
        }
        return finish(results, failedFrames, identicalBelow > 0 ? .packetPrefixDecoded : .decoded, decodedFrom: start)
    }

    static func result(_ checkpoint: Checkpoint, psnr: Double?, missing: FrameSide?, threshold: Double) -> CheckpointResult {
        // psnr nil without a missing frame means identical (+∞), which passes any threshold.
        let passed = missing == nil && (psnr.map { $0 >= threshold } ?? true)
        return CheckpointResult(index: checkpoint.index, frame: checkpoint.frame, time: checkpoint.time,
                                psnr: psnr, missing: missing, passed: passed)
    }
}
