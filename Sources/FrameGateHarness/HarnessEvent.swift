import FrameGateMedia
import Foundation

public enum HarnessMode: String, Codable, Sendable, CaseIterable {
    case inProcess = "in-process"
    case distributedSimulated = "distributed-simulated"

    /// Distributed modes apply the 10 dB pathology floor and refuse --update.
    public var isDistributed: Bool { self == .distributedSimulated }
}

/// The stages a fixture can fail at; the suite summary counts failures per stage.
public enum HarnessStage: String, Codable, Sendable, CaseIterable {
    /// Rendering itself threw (engine/distributed error).
    case render
    case compiledHtml = "compiled_html"
    case visual
    case audio
    case streamParity = "stream_parity"
    /// png-sequence byte comparison.
    case pngSequence = "png_sequence"
    /// Distributed modes: a capture digest differs from the in-process baseline (unless the fixture opts out).
    case digests
}

/// One line of `framegate test`'s stdout: a JSON object with `"event"` naming the case and the payload's
/// fields beside it (sorted keys, optional fields present as null). Field reference:
///
/// - `test_start`: fixture, mode, format, fps.
/// - `test_skipped`: fixture, mode, reason.
/// - `visual_comparison_complete`: fixture, mode, kind (`psnr` | `png-sequence`), passed, reason;
///   psnr: threshold, checkpoints, failedCheckpoints, missingCheckpoints, maxFrameFailures, lowestPsnr
///   (null = every frame identical), framesCompared, failedFrames, minTilePsnr, lowestTilePsnr, maxTileBias,
///   highestTileBias, worstFrames,
///   findings (the kind of each change, in words); png-sequence: framesCompared, mismatchedFrames, renderedFrames,
///   baselineFrames; both: digestsMatched / digestsTotal (null when no digests.json).
/// - `audio_comparison_complete`: fixture, mode, passed, reason, correlation, lagWindows, residualRmsDb,
///   minCorrelation, maxLagWindows, renderedHasAudio, baselineHasAudio, offsetMs, renderedLoudness,
///   baselineLoudness, loudnessDelta, findings.
/// - `test_suite_summary`: mode, total, passed, failed, skipped, failuresByStage (every `HarnessStage`
///   as a key), durationSeconds, environmentChanges (`[{changes, fixtures}]`: failures whose baselines were
///   made in another environment, grouped by the exact change; [] when none).
public enum HarnessEvent: Encodable, Sendable {
    case testStart(TestStart)
    case testSkipped(TestSkipped)
    case visualComparisonComplete(VisualComparisonComplete)
    case audioComparisonComplete(AudioComparisonComplete)
    case testSuiteSummary(TestSuiteSummary)

    public var name: String {
        switch self {
        case .testStart: return "test_start"
        case .testSkipped: return "test_skipped"
        case .visualComparisonComplete: return "visual_comparison_complete"
        case .audioComparisonComplete: return "audio_comparison_complete"
        case .testSuiteSummary: return "test_suite_summary"
        }
    }

    private struct EventKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: EventKey.self)
        try container.encode(name, forKey: EventKey(stringValue: "event"))
        switch self {
        case let .testStart(payload): try payload.encode(to: encoder)
        case let .testSkipped(payload): try payload.encode(to: encoder)
        case let .visualComparisonComplete(payload): try payload.encode(to: encoder)
        case let .audioComparisonComplete(payload): try payload.encode(to: encoder)
        case let .testSuiteSummary(payload): try payload.encode(to: encoder)
        }
    }

    /// The event as one JSON line (no trailing newline).
    public func jsonLine() throws -> String { try HarnessJSON.line(self) }
}

extension HarnessEvent {
    public struct TestStart: Codable, Equatable, Sendable {
        public var fixture: String
        public var mode: HarnessMode
        public var format: OutputFormat
        public var fps: String

        public init(fixture: String, mode: HarnessMode, format: OutputFormat, fps: String) {
            self.fixture = fixture; self.mode = mode; self.format = format; self.fps = fps
        }
    }

    public struct TestSkipped: Codable, Equatable, Sendable {
        public var fixture: String
        public var mode: HarnessMode
        public var reason: String

        public init(fixture: String, mode: HarnessMode, reason: String) {
            self.fixture = fixture; self.mode = mode; self.reason = reason
        }
    }

    public struct VisualComparisonComplete: Codable, Equatable, Sendable {
        public var fixture: String
        public var mode: HarnessMode
        public var kind: String
        public var passed: Bool
        public var reason: String?
        public var threshold: Double?
        public var checkpoints: Int?
        public var failedCheckpoints: Int?
        public var missingCheckpoints: Int?
        public var maxFrameFailures: Int?
        public var lowestPsnr: Double?
        public var framesCompared: Int?
        public var mismatchedFrames: Int?
        public var renderedFrames: Int?
        public var baselineFrames: Int?
        public var digestsMatched: Int?
        public var digestsTotal: Int?
        /// The every-frame check (psnr kind): frames compared and failed, the localized measure, the worst
        /// frames and what kind of change each failing run is (`framesCompared` is shared with png-sequence).
        public var failedFrames: Int?
        public var minTilePsnr: Double?
        public var lowestTilePsnr: Double?
        public var maxTileBias: Double?
        public var highestTileBias: Double?
        public var worstFrames: [FrameScore]?
        public var findings: [String]?

        public init(fixture: String, mode: HarnessMode, visual: VisualReport, digests: DigestReport?) {
            self.fixture = fixture; self.mode = mode; kind = "psnr"; passed = visual.passed; reason = visual.reason
            threshold = visual.threshold; checkpoints = visual.checkpoints.count; failedCheckpoints = visual.failedCount
            missingCheckpoints = visual.missingCount; maxFrameFailures = visual.maxFrameFailures
            lowestPsnr = visual.lowestPSNR
            digestsMatched = digests?.matched; digestsTotal = digests?.total
            if let frames = visual.frames {
                framesCompared = frames.framesCompared; failedFrames = frames.failedFrames
                minTilePsnr = frames.minTilePsnr; lowestTilePsnr = frames.lowestTilePsnr
                maxTileBias = frames.maxTileBias; highestTileBias = (frames.highestTileBias * 100).rounded() / 100
                worstFrames = frames.worstFrames; findings = frames.findings.map { $0.description }
            }
        }

        public init(fixture: String, mode: HarnessMode, pngSequence: PNGSequenceReport, digests: DigestReport?) {
            self.fixture = fixture; self.mode = mode; kind = "png-sequence"; passed = pngSequence.passed
            reason = pngSequence.reason
            framesCompared = min(pngSequence.renderedCount, pngSequence.baselineCount)
            mismatchedFrames = pngSequence.mismatchedFrames.count
            renderedFrames = pngSequence.renderedCount; baselineFrames = pngSequence.baselineCount
            digestsMatched = digests?.matched; digestsTotal = digests?.total
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(fixture, forKey: .fixture); try c.encode(mode, forKey: .mode); try c.encode(kind, forKey: .kind)
            try c.encode(passed, forKey: .passed); try c.encode(reason, forKey: .reason)
            if kind == "psnr" {
                try c.encode(threshold, forKey: .threshold); try c.encode(checkpoints, forKey: .checkpoints)
                try c.encode(failedCheckpoints, forKey: .failedCheckpoints)
                try c.encode(missingCheckpoints, forKey: .missingCheckpoints)
                try c.encode(maxFrameFailures, forKey: .maxFrameFailures); try c.encode(lowestPsnr, forKey: .lowestPsnr)
                try c.encode(framesCompared, forKey: .framesCompared); try c.encode(failedFrames, forKey: .failedFrames)
                try c.encode(minTilePsnr, forKey: .minTilePsnr); try c.encode(lowestTilePsnr, forKey: .lowestTilePsnr)
                try c.encode(maxTileBias, forKey: .maxTileBias); try c.encode(highestTileBias, forKey: .highestTileBias)
                try c.encode(worstFrames, forKey: .worstFrames); try c.encode(findings, forKey: .findings)
            } else {
                try c.encode(framesCompared, forKey: .framesCompared); try c.encode(mismatchedFrames, forKey: .mismatchedFrames)
                try c.encode(renderedFrames, forKey: .renderedFrames); try c.encode(baselineFrames, forKey: .baselineFrames)
            }
            try c.encode(digestsMatched, forKey: .digestsMatched); try c.encode(digestsTotal, forKey: .digestsTotal)
        }
    }

    public struct AudioComparisonComplete: Codable, Equatable, Sendable {
        public var fixture: String
        public var mode: HarnessMode
        public var passed: Bool
        public var reason: String?
        public var correlation: Double?
        public var lagWindows: Int?
        public var residualRmsDb: Double?
        public var minCorrelation: Double
        public var maxLagWindows: Int
        public var renderedHasAudio: Bool
        public var baselineHasAudio: Bool
        /// The signal checks: offset (ms), integrated loudness of each side (LUFS) and their difference (LU),
        /// and what kind of change each failure is. null when not measured.
        public var offsetMs: Double?
        public var renderedLoudness: Double?
        public var baselineLoudness: Double?
        public var loudnessDelta: Double?
        public var findings: [String]?

        public init(fixture: String, mode: HarnessMode, audio: AudioReport) {
            self.fixture = fixture; self.mode = mode; passed = audio.passed; reason = audio.reason
            correlation = audio.correlation; lagWindows = audio.lagWindows; residualRmsDb = audio.residualRmsDb
            minCorrelation = audio.minCorrelation; maxLagWindows = audio.maxLagWindows
            renderedHasAudio = audio.renderedHasAudio; baselineHasAudio = audio.baselineHasAudio
            offsetMs = audio.signal?.offsetMs; renderedLoudness = audio.signal?.renderedLoudness
            baselineLoudness = audio.signal?.baselineLoudness; loudnessDelta = audio.signal?.loudnessDelta
            findings = audio.signal?.findings
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(fixture, forKey: .fixture); try c.encode(mode, forKey: .mode)
            try c.encode(passed, forKey: .passed); try c.encode(reason, forKey: .reason)
            try c.encode(correlation, forKey: .correlation); try c.encode(lagWindows, forKey: .lagWindows)
            try c.encode(residualRmsDb, forKey: .residualRmsDb); try c.encode(minCorrelation, forKey: .minCorrelation)
            try c.encode(maxLagWindows, forKey: .maxLagWindows)
            try c.encode(renderedHasAudio, forKey: .renderedHasAudio); try c.encode(baselineHasAudio, forKey: .baselineHasAudio)
            try c.encode(offsetMs, forKey: .offsetMs); try c.encode(renderedLoudness, forKey: .renderedLoudness)
            try c.encode(baselineLoudness, forKey: .baselineLoudness); try c.encode(loudnessDelta, forKey: .loudnessDelta)
            try c.encode(findings, forKey: .findings)
        }
    }

    public struct TestSuiteSummary: Codable, Equatable, Sendable {
        public var mode: HarnessMode
        public var total: Int
        public var passed: Int
        public var failed: Int
        public var skipped: Int
        /// Every stage is present, 0 when nothing failed there. A fixture failing two stages counts in both.
        public var failuresByStage: [String: Int]
        public var durationSeconds: Double
        /// Failures whose baselines were made in another environment, grouped by the exact change.
        public var environmentChanges: [EnvironmentChangeGroup]

        public init(mode: HarnessMode, total: Int, passed: Int, failed: Int, skipped: Int,
                    failuresByStage: [HarnessStage: Int], durationSeconds: Double,
                    environmentChanges: [EnvironmentChangeGroup] = []) {
            self.mode = mode; self.total = total; self.passed = passed; self.failed = failed; self.skipped = skipped
            var stages: [String: Int] = [:]
            for stage in HarnessStage.allCases { stages[stage.rawValue] = failuresByStage[stage] ?? 0 }
            self.failuresByStage = stages
            self.durationSeconds = durationSeconds
            self.environmentChanges = environmentChanges
        }

        private enum CodingKeys: String, CodingKey {
            case mode, total, passed, failed, skipped, failuresByStage, durationSeconds, environmentChanges
        }

        /// Summaries written before environmentChanges existed decode with none.
        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            mode = try c.decode(HarnessMode.self, forKey: .mode)
            total = try c.decode(Int.self, forKey: .total)
            passed = try c.decode(Int.self, forKey: .passed)
            failed = try c.decode(Int.self, forKey: .failed)
            skipped = try c.decode(Int.self, forKey: .skipped)
            failuresByStage = try c.decode([String: Int].self, forKey: .failuresByStage)
            durationSeconds = try c.decode(Double.self, forKey: .durationSeconds)
            environmentChanges = try c.decodeIfPresent([EnvironmentChangeGroup].self, forKey: .environmentChanges) ?? []
        }
    }
}
