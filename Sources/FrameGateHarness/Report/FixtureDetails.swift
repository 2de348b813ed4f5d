import Foundation

/// What the reports (results.json, the HTML report) show of one fixture beyond its verdict: the stages
/// that ran, timings, the per-frame series, both audio envelopes and the failure images. Collected only
/// when a report is asked for (`HarnessOptions.collectDetails`); everything in it was already computed by
/// the check, except the audio envelopes (one more mono decode of each file).
public struct FixtureDetails: Codable, Sendable, Equatable {
    /// The stages whose check ran, in order (render is implied unless the fixture was skipped).
    public var checked: [HarnessStage] = []
    public var renderSeconds: Double?
    public var checkSeconds: Double?
    public var visual: FrameSeries?
    public var audio: AudioEnvelopes?
    /// expected | actual | diff per failed frame: absolute paths while running (the fixture's failures/
    /// directory), paths relative to the report directory in results.json.
    public var images: [ImageSet] = []
    /// meta.json's path relative to the working directory (GitHub annotations point at it).
    public var meta: String?

    public init() {}
}

public struct ImageSet: Codable, Sendable, Equatable {
    public var frame: Int
    public var expected: String
    public var actual: String
    public var diff: String?

    public init(frame: Int, expected: String, actual: String, diff: String?) {
        self.frame = frame; self.expected = expected; self.actual = actual; self.diff = diff
    }

    func mapPaths(_ transform: (String) throws -> String) rethrows -> ImageSet {
        ImageSet(frame: frame, expected: try transform(expected), actual: try transform(actual), diff: try diff.map(transform))
    }
}

/// The visual check over every frame: PSNR and worst-tile PSNR per frame against their thresholds.
public struct FrameSeries: Codable, Sendable, Equatable {
    /// `psnr` (decoded frames) or `png-sequence` (byte comparison: no dB series, `failing` lists the
    /// mismatched frame numbers).
    public var kind: String
    public var threshold: Double?
    public var tileThreshold: Double?
    /// dB per frame (index = frame), rounded to 0.01; null = identical (+∞).
    public var psnr: [Double?]
    public var tilePsnr: [Double?]
    /// The frames that failed.
    public var failing: [Int]
    /// Up to 10 frames with the lowest tile PSNR, worst first.
    public var worstFrames: [Int]
    public var findings: [String]
    public var lowestPsnr: Double?
    public var lowestTilePsnr: Double?
    public var framesCompared: Int

    public init(report: VisualReport, scores: [FrameScore]) {
        kind = "psnr"
        threshold = report.threshold
        tileThreshold = report.frames?.minTilePsnr
        let ordered = scores.sorted { $0.frame < $1.frame }
        psnr = ordered.map { $0.psnr.map(Self.rounded) }
        tilePsnr = ordered.map { $0.tilePsnr.map(Self.rounded) }
        failing = ordered.filter { !$0.passed }.map(\.frame)
        worstFrames = report.frames?.worstFrames.map(\.frame) ?? []
        findings = report.frames?.findings.map(\.description) ?? []
        lowestPsnr = report.frames?.lowestFramePsnr.map(Self.rounded)
        lowestTilePsnr = report.frames?.lowestTilePsnr.map(Self.rounded)
        framesCompared = report.frames?.framesCompared ?? ordered.count
    }

    public init(pngSequence report: PNGSequenceReport) {
        kind = "png-sequence"
        psnr = []; tilePsnr = []
        failing = report.mismatchedFrames
        worstFrames = Array(report.mismatchedFrames.prefix(FrameCheck.reportedWorst))
        findings = report.reason.map { [$0] } ?? []
        framesCompared = min(report.renderedCount, report.baselineCount)
    }

    static func rounded(_ value: Double) -> Double { (value * 100).rounded() / 100 }
}

/// Both files' RMS envelopes (DESIGN.md's audio metric: mono 16 kHz, window 2048, hop 1024) and, when the
/// audio check failed, the windows where they part.
public struct AudioEnvelopes: Codable, Sendable, Equatable {
    public var hopSeconds: Double
    /// RMS per window (full scale 1), rounded to 1e-5; empty when the file has no audio.
    public var rendered: [Double]
    public var baseline: [Double]
    /// Window ranges [from, to] (inclusive) marked as failing.
    public var marked: [[Int]]
    public var passed: Bool
    public var reason: String?
    public var correlation: Double?
    public var lagWindows: Int?

    /// The envelopes part where one is more than this many dB from the other (and either is audible).
    static let partingDb = 6.0
    static let audible = 1e-3

    public init(rendered: [Float]?, baseline: [Float]?, report: AudioReport) {
        hopSeconds = Double(AudioEnvelope.hop) / Double(AudioEnvelope.sampleRate)
        let r = rendered.map { AudioEnvelope.rms($0) } ?? []
        let b = baseline.map { AudioEnvelope.rms($0) } ?? []
        self.rendered = r.map { ($0 * 1e5).rounded() / 1e5 }
        self.baseline = b.map { ($0 * 1e5).rounded() / 1e5 }
        passed = report.passed; reason = report.reason
        correlation = report.correlation.map { ($0 * 1e4).rounded() / 1e4 }; lagWindows = report.lagWindows
        marked = report.passed ? [] : Self.parting(r, b)
    }

    /// Runs of windows where the envelopes differ by more than `partingDb`; the whole span when no single
    /// window does (a lag or a low correlation is a property of the whole track).
    static func parting(_ r: [Double], _ b: [Double]) -> [[Int]] {
        let count = max(r.count, b.count)
        guard count > 0 else { return [] }
        var runs: [[Int]] = []
        for index in 0..<count {
            let x = index < r.count ? r[index] : 0, y = index < b.count ? b[index] : 0
            guard max(x, y) >= audible, abs(20 * log10((x + 1e-5) / (y + 1e-5))) > partingDb else { continue }
            if let last = runs.last, last[1] == index - 1 { runs[runs.count - 1][1] = index } else { runs.append([index, index]) }
        }
        return runs.isEmpty ? [[0, count - 1]] : runs
    }
}
