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
    /// Every frame's score, in frame order (the report's per-frame chart); already computed for the check.
    public var scores: [FrameScore] = []
}

/// The localized measure's settings (meta.json `tileSize`, `minTilePsnr`).
public struct TileOptions: Sendable, Equatable {
    /// Tile edge in luma pixels (even).
    public var size: Int
    /// dB; every tile of every frame must reach it.
    public var minPsnr: Double
    /// 8-bit levels; no tile's mean difference in any plane may exceed it (a colour or level shift).
    public var maxBias: Double

    public static let defaultSize = 16
    /// Chosen on the mutation corpus and the distributed renders of the corpus (README "What the gate
    /// checks"): regressions ≤ 12.3 dB in their worst tile, benign variations ≥ 28.6 dB; colour shift 11.1
    /// levels of bias, benign ≤ 2.91.
    public static let defaultMinPsnr = 20.0
    public static let defaultMaxBias = 5.0

    public init(size: Int = defaultSize, minPsnr: Double = defaultMinPsnr, maxBias: Double = defaultMaxBias) {
        self.size = size; self.minPsnr = minPsnr; self.maxBias = maxBias
    }

    /// The defaults for a fixture's `minPsnr`: in full (20 dB, 5 levels) at the seed's 30 dB and above; a
    /// fixture that accepts lossier frames (minPsnr below 30) accepts proportionally larger local errors —
    /// the tile floor 10 dB under minPsnr, the bias limit scaled like the error amplitude (×10^(Δ/20)).
    public init(forMinPsnr minPsnr: Double) {
        let below = max(0, 30 - minPsnr)
        self.init(size: Self.defaultSize, minPsnr: min(Self.defaultMinPsnr, minPsnr - 10),
                  maxBias: Self.defaultMaxBias * pow(10, below / 20))
    }

    /// Whether a frame pair passes the localized measure.
    func passes(_ difference: FrameDifference) -> Bool {
        difference.worstTilePSNR >= minPsnr && difference.worstTileBias <= maxBias
    }
}

public enum VideoComparison {
    /// Every frame of both files, decoded once, forward, in lockstep (two frames in memory, plus the previous
    /// pair for the time check), as yuv420p (yuva420p when the baseline has alpha) at the baseline's size: frame PSNR, the localized measure and the
    /// ±1-frame neighbour check. The 100 checkpoints of `duration` (D) take their PSNR from the same frames.
    /// `retainFailedFrames` keeps the frame pairs of that many failed frames for the artifacts: those with the
    /// lowest worst-tile PSNR (ties: the earliest), in frame order.
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
                                       concurrent: Bool = true, tiles: TileOptions = TileOptions(),
                                       frameLimit: Int? = nil) throws -> VideoComparisonResult {
        // A baseline with alpha (mov, webm) is compared with its alpha plane: both files as yuva420p (a render
        // that lost its alpha decodes as opaque and differs there). Opaque baselines stay yuv420p.
        let colourOnly = try VideoDecoder(url: baseline, format: .yuv420p)
        let pixelFormat: PixelFormat = colourOnly.hasAlpha ? .yuva420p : .yuv420p
        let expectedDecoder = colourOnly.hasAlpha ? try VideoDecoder(url: baseline, format: pixelFormat) : colourOnly
        let rate = fps ?? expectedDecoder.frameRate
        let checkpoints = Checkpoints.make(duration: duration, fps: rate)
        func finish(_ results: [CheckpointResult], _ failed: [FailedCheckpointFrames], _ method: ComparisonMethod,
                    decodedFrom: Int?, frames: FrameCheck?, scores: [FrameScore]) -> VideoComparisonResult {
            let report = VisualReport(duration: duration, fps: rate.description, width: expectedDecoder.width,
                                      height: expectedDecoder.height, threshold: threshold,
                                      maxFrameFailures: maxFrameFailures, checkpoints: results, frames: frames)
            return VideoComparisonResult(report: report, failedFrames: failed, method: method, decodedFrom: decodedFrom,
                                         scores: scores)
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
            // Every frame is identical; the count is the packet count (one frame per packet) or the checkpoint
            // frames found.
            let count = packets.packetsAreFrames ? packets.matchingPrefix : (existing.max().map { $0 + 1 } ?? 0)
            let scores = (0..<count).map { FrameScore(frame: $0, psnr: nil, tilePsnr: nil, tileBias: 0, worstTile: nil,
                                                      changedRegion: nil, shift: nil, repeats: nil, missing: nil, passed: true) }
            let check = FrameCheck(scores: scores, tiles: tiles,
                                   width: expectedDecoder.width, height: expectedDecoder.height)
            return finish(results, [], method, decodedFrom: method == .packetIdentical ? nil : 0, frames: check, scores: scores)
        }

        // Frames decoded from identical packets, with identical parameters and no reordering, are identical;
        // both files are decoded from the last clean start point in that shared prefix (an IDR frame: what
        // follows it never references what precedes it, so the frames are exactly a full decode's).
        let prefixUsable = packets.map { $0.parametersIdentical && $0.packetsAreFrames } ?? false
        let identicalBelow = prefixUsable ? packets!.matchingPrefix : 0
        let start = prefixUsable ? packets!.cleanStarts.last ?? 0 : 0
        let actualDecoder = try VideoDecoder(url: rendered, format: pixelFormat, width: expectedDecoder.width,
                                             height: expectedDecoder.height, startingAtPacket: start)
        let baselineDecoder = start == 0 ? expectedDecoder
            : try VideoDecoder(url: baseline, format: pixelFormat, startingAtPacket: start)
        // Every frame, by decode index in each file, until either file ends (D is the shorter stream; a
        // count difference is the frame-count check's finding). The bound only guards against a stream that
        // runs far past its declared duration.
        let limit = max(start + 1, frameLimit ?? Int((duration * rate.value).rounded(.up)) + 16)
        let frames = Array(start..<limit)
        let actualStream = CheckpointFrameStream(decoder: actualDecoder, indices: frames, concurrent: concurrent)
        let expectedStream = CheckpointFrameStream(decoder: baselineDecoder, indices: frames, concurrent: concurrent)

        var scores: [FrameScore] = []
        // The worst failing frames seen so far (lowest worst-tile PSNR, then earliest), at most
        // `retainFailedFrames` of them: the artifacts show the frames that fail most, not merely the first.
        var failedFrames: [(rank: (Double, Int), frames: FailedCheckpointFrames)] = []
        var previous: (actual: DecodedVideoFrame, expected: DecodedVideoFrame, direct: Double)?
        var ended: FrameSide?
        func measure(_ a: DecodedVideoFrame, _ b: DecodedVideoFrame) -> FrameDifference {
            FrameDifference.measure(a, b, tileSize: tiles.size, tileThreshold: tiles.minPsnr, maxTileBias: tiles.maxBias)
        }
        func passes(_ d: FrameDifference) -> Bool { Self.passes(d, threshold: threshold, tiles: tiles) }
        while true {
            let actual = try actualStream.next(), expected = try expectedStream.next()
            guard let actual, let expected else {
                ended = actual == nil ? (expected == nil ? .both : .rendered) : .baseline
                break
            }
            let difference = measure(actual, expected)
            var score = FrameScore(frame: actual.index, psnr: difference.psnr.finitePSNR,
                                   tilePsnr: difference.worstTilePSNR.isFinite ? difference.worstTilePSNR : nil,
                                   tileBias: difference.worstTileBias,
                                   worstTile: difference.worstTile, changedRegion: difference.changedRegion, shift: nil,
                                   repeats: nil, missing: nil, passed: true)
            // Time: does the rendered frame match the baseline's previous frame better than its own (late), or
            // did the previous rendered frame match this baseline frame better than its own (early)? A
            // neighbour explains a frame only when it passes every check the frame's own match failed, so a
            // flash next to a similar frame is not mistaken for a shift.
            // "Better by the margin" is a squared-error bound, so a neighbour is ruled out as soon as its partial
            // error passes it; identical frames (error 0) cannot be matched better.
            let samples = Double(actual.planes.reduce(0) { $0 + $1.count })
            let direct = difference.psnr.averageMSE * samples
            func matchesBetter(_ a: DecodedVideoFrame, _ b: DecodedVideoFrame, than error: Double) -> Bool {
                error > 0 && PSNR.sumOfSquaredDifferences(a, b, notAbove: error * Self.marginFactor) != nil
                    && passes(measure(a, b))
            }
            if let previous {
                if matchesBetter(actual, previous.expected, than: direct) { score.shift = 1 }
                if scores[scores.count - 1].shift == nil, matchesBetter(previous.actual, expected, than: previous.direct) {
                    scores[scores.count - 1].shift = -1
                    scores[scores.count - 1].passed = false
                }
            }
            score.passed = passes(difference) && score.shift == nil
            // A failing frame that repeats its predecessor in one file while the other moves on: a frozen frame.
            if !score.passed, score.shift == nil, let previous {
                let renderStill = PSNR.measure(actual, previous.actual).psnr >= FrameCheck.repeatPsnr
                let baselineStill = PSNR.measure(expected, previous.expected).psnr >= FrameCheck.repeatPsnr
                if renderStill != baselineStill { score.repeats = renderStill ? .rendered : .baseline }
            }
            scores.append(score)
            previous = (actual, expected, direct)
            if !score.passed, retainFailedFrames > 0 {
                let rank = (score.tilePsnr ?? .infinity, actual.index)
                let kept = failedFrames.indices.max { failedFrames[$0].rank < failedFrames[$1].rank }
                if failedFrames.count < retainFailedFrames || kept.map({ rank < failedFrames[$0].rank }) == true {
                    let checkpoint = CheckpointResult(index: checkpoints.first { $0.frame == actual.index }?.index ?? -1,
                                                      frame: actual.index, time: Double(actual.index) / rate.value,
                                                      psnr: score.psnr, missing: nil, passed: false)
                    let entry = (rank, FailedCheckpointFrames(checkpoint: checkpoint, actual: actual, expected: expected))
                    if failedFrames.count < retainFailedFrames { failedFrames.append(entry) } else { failedFrames[kept!] = entry }
                }
            }
        }
        let decodedEnd = start + scores.count
        let byFrame = Dictionary(uniqueKeysWithValues: scores.map { ($0.frame, $0) })
        let results = checkpoints.map { checkpoint -> CheckpointResult in
            if checkpoint.frame < start || (checkpoint.frame < identicalBelow && byFrame[checkpoint.frame]?.psnr == nil) {
                return result(checkpoint, psnr: nil, missing: nil, threshold: threshold)
            }
            guard checkpoint.frame < decodedEnd, let score = byFrame[checkpoint.frame] else {
                return result(checkpoint, psnr: nil, missing: ended ?? .both, threshold: threshold)
            }
            return result(checkpoint, psnr: score.psnr, missing: nil, threshold: threshold)
        }
        // Frames before the clean start are identical (same packets): they pass without being decoded.
        let skipped = (0..<start).map { FrameScore(frame: $0, psnr: nil, tilePsnr: nil, tileBias: 0, worstTile: nil,
                                                   changedRegion: nil, shift: nil, repeats: nil, missing: nil, passed: true) }
        let check = FrameCheck(scores: skipped + scores, tiles: tiles,
                               width: expectedDecoder.width, height: expectedDecoder.height)
        let retained = failedFrames.sorted { $0.rank.1 < $1.rank.1 }.map(\.frames)
        return finish(results, retained, identicalBelow > 0 ? .packetPrefixDecoded : .decoded, decodedFrom: start, frames: check,
                      scores: skipped + scores)
    }

    /// The per-frame pass rule: frame PSNR and the localized measure.
    static func passes(_ d: FrameDifference, threshold: Double, tiles: TileOptions) -> Bool {
        d.psnr.psnr >= threshold && tiles.passes(d)
    }

    /// A neighbour matches "better by `FrameCheck.timingMarginDb`" when its squared error is at most this
    /// fraction of the frame's own.
    static let marginFactor = pow(10, -FrameCheck.timingMarginDb / 10)

    static func result(_ checkpoint: Checkpoint, psnr: Double?, missing: FrameSide?, threshold: Double) -> CheckpointResult {
        // psnr nil without a missing frame means identical (+∞), which passes any threshold.
        let passed = missing == nil && (psnr.map { $0 >= threshold } ?? true)
        return CheckpointResult(index: checkpoint.index, frame: checkpoint.frame, time: checkpoint.time,
                                psnr: psnr, missing: missing, passed: passed)
    }
}
