/// One compared frame: the whole-frame PSNR, the localized measure and the time check.
public struct FrameScore: Codable, Equatable, Sendable {
    public var frame: Int
    /// dB; nil = identical (+∞) or missing.
    public var psnr: Double?
    /// Worst tile's PSNR, dB; nil = identical.
    public var tilePsnr: Double?
    /// The largest mean difference of a tile in any plane (8-bit levels).
    public var tileBias: Double
    /// Where the worst tile is.
    public var worstTile: PixelRect?
    /// Bounding box of the tiles below the tile threshold.
    public var changedRegion: PixelRect?
    /// +1: the rendered frame matches the baseline's previous frame (content late); −1: it matches the
    /// baseline's next frame (content early); nil: no better match than its own frame.
    public var shift: Int?
    /// Which file repeats its previous frame here while the other moves on (a frozen frame).
    public var repeats: FrameSide?
    public var missing: FrameSide?
    public var passed: Bool

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(frame, forKey: .frame)
        try c.encode(psnr, forKey: .psnr)
        try c.encode(tilePsnr, forKey: .tilePsnr)
        try c.encode((tileBias * 100).rounded() / 100, forKey: .tileBias)
        try c.encodeIfPresent(worstTile, forKey: .worstTile)
        try c.encodeIfPresent(changedRegion, forKey: .changedRegion)
        try c.encodeIfPresent(shift, forKey: .shift)
        try c.encodeIfPresent(repeats, forKey: .repeats)
        try c.encodeIfPresent(missing, forKey: .missing)
        try c.encode(passed, forKey: .passed)
    }
}

/// What kind of change a run of failing frames is, in words a reviewer can act on.
public struct VisualFinding: Codable, Equatable, Sendable {
    public enum Kind: String, Codable, Sendable {
        case localChange = "local-change"
        case flash = "flash"
        case frameChange = "frame-change"
        case late, early
        case frozenFrame = "frozen-frame"
        case missingFrames = "missing-frames"
    }
    public var kind: Kind
    public var fromFrame: Int
    public var toFrame: Int
    public var region: PixelRect?
    public var description: String
}

/// The every-frame check: each frame must reach the PSNR threshold and the tile threshold, and match the
/// baseline's frame at its own index better than the neighbouring ones.
public struct FrameCheck: Codable, Equatable, Sendable {
    public var framesCompared: Int
    public var failedFrames: Int
    public var missingFrames: Int
    public var minTilePsnr: Double
    public var maxTileBias: Double
    public var tileSize: Int
    public var lowestFramePsnr: Double?
    public var lowestTilePsnr: Double?
    public var highestTileBias: Double
    /// Up to 10 frames with the lowest tile PSNR, worst first.
    public var worstFrames: [FrameScore]
    /// The first 100 failing frames, in order.
    public var failures: [FrameScore]
    public var findings: [VisualFinding]

    public static let reportedWorst = 10
    public static let reportedFailures = 100
    /// A neighbouring baseline frame explains a rendered frame when it matches it this much better (dB).
    public static let timingMarginDb = 3.0
    /// Two consecutive frames of one file this close are the same picture (a repeat).
    public static let repeatPsnr = 50.0

    public init(scores: [FrameScore], tiles: TileOptions, width: Int, height: Int) {
        minTilePsnr = tiles.minPsnr; maxTileBias = tiles.maxBias; tileSize = tiles.size
        framesCompared = scores.filter { $0.missing == nil }.count
        missingFrames = scores.filter { $0.missing != nil }.count
        let failing = scores.filter { !$0.passed }
        failedFrames = failing.count
        lowestFramePsnr = scores.compactMap(\.psnr).min()
        lowestTilePsnr = scores.compactMap(\.tilePsnr).min()
        highestTileBias = scores.map(\.tileBias).max() ?? 0
        worstFrames = Array(scores.filter { $0.tilePsnr != nil }
            .sorted { ($0.tilePsnr!, $0.frame) < ($1.tilePsnr!, $1.frame) }.prefix(Self.reportedWorst))
        failures = Array(failing.prefix(Self.reportedFailures))
        findings = FrameFindings.classify(scores, width: width, height: height)
    }
}

/// Turns failing frames into findings: runs of shifted frames (late/early/frozen), missing frames, and runs
/// of differing frames (one-frame flash, local change with its region, whole-frame change).
enum FrameFindings {
    /// Shifted runs separated by at most this many unshifted frames are one finding (static stretches in
    /// the content tell nothing about time).
    static let gapTolerance = 3

    static func classify(_ scores: [FrameScore], width: Int, height: Int) -> [VisualFinding] {
        var findings: [VisualFinding] = []
        let missing = scores.filter { $0.missing != nil }
        if let first = missing.first, let last = missing.last {
            findings.append(VisualFinding(kind: .missingFrames, fromFrame: first.frame, toFrame: last.frame, region: nil,
                                          description: "\(missing.count) frame(s) only in the \(first.missing == .rendered ? "baseline" : "render") from frame \(first.frame)"))
        }
        // Time: runs of frames explained by a neighbour.
        var shiftedFrames = Set<Int>()
        for direction in [1, -1] {
            let frames = scores.filter { $0.shift == direction }.map(\.frame)
            for run in runs(frames, gap: gapTolerance) {
                run.forEach { shiftedFrames.insert($0) }
                let from = run.first!, to = run.last!
                if direction == 1, run.count == 1 {
                    findings.append(VisualFinding(kind: .frozenFrame, fromFrame: from, toFrame: to, region: nil,
                                                  description: "frame \(from) shows the baseline's frame \(from - 1) (a frozen or repeated frame)"))
                } else {
                    let word = direction == 1 ? "late" : "early"
                    findings.append(VisualFinding(kind: direction == 1 ? .late : .early, fromFrame: from, toFrame: to, region: nil,
                                                  description: "content 1 frame \(word) from frame \(from)" + (to > from ? " to frame \(to)" : "")))
                }
            }
        }
        // Pixels: the remaining failing frames, in runs of consecutive frames.
        let differing = scores.filter { !$0.passed && $0.missing == nil && !shiftedFrames.contains($0.frame) }
        let byFrame = Dictionary(differing.map { ($0.frame, $0) }, uniquingKeysWith: { a, _ in a })
        for run in runs(differing.map(\.frame), gap: 0) {
            let members = run.compactMap { byFrame[$0] }
            let from = run.first!, to = run.last!
            let range = from == to ? "frame \(from)" : "frames \(from)–\(to)"
            if from == to, let side = members.first?.repeats {
                findings.append(VisualFinding(kind: .frozenFrame, fromFrame: from, toFrame: to, region: nil,
                                              description: "frame \(from) of the \(side == .rendered ? "render" : "baseline") repeats frame \(from - 1) (a frozen frame)"))
                continue
            }
            let region = members.compactMap(\.changedRegion).reduce(nil as PixelRect?) { union, rect in union?.union(rect) ?? rect }
            let lowest = members.compactMap(\.psnr).min()
            let area = region.map { Double($0.width * $0.height) / Double(max(1, width * height)) } ?? 1
            if let region, area < 0.25 {
                findings.append(VisualFinding(kind: .localChange, fromFrame: from, toFrame: to, region: region,
                                              description: "local change in \(region) on \(range)"))
            } else if from == to {
                findings.append(VisualFinding(kind: .flash, fromFrame: from, toFrame: to, region: region,
                                              description: "one-frame flash at frame \(from)"
                                                + (lowest.map { String(format: " (%.1f dB)", $0) } ?? "")))
            } else {
                findings.append(VisualFinding(kind: .frameChange, fromFrame: from, toFrame: to, region: region,
                                              description: "\(range) differ" + (lowest.map { String(format: " (lowest %.1f dB)", $0) } ?? "")))
            }
        }
        return findings.sorted { ($0.fromFrame, $0.toFrame) < ($1.fromFrame, $1.toFrame) }
    }

    /// Sorted frame numbers grouped into runs whose members are at most `gap` + 1 apart.
    static func runs(_ frames: [Int], gap: Int) -> [[Int]] {
        var result: [[Int]] = []
        for frame in frames.sorted() {
            if let last = result.last?.last, frame - last <= gap + 1 { result[result.count - 1].append(frame) } else { result.append([frame]) }
        }
        return result
    }
}
