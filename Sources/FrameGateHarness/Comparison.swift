import Foundation
import FrameGateMedia
import FrameGateCore

public struct ComparisonOptions: Sendable, Equatable {
    /// Checkpoint frame rate; nil uses the baseline's stream frame rate.
    public var fps: FrameRate?
    public var minPsnr: Double
    public var maxFrameFailures: Int
    public var minAudioCorrelation: Double
    public var maxAudioLagWindows: Int
    public var maxAudioResidualRmsDb: Double?
    /// Distributed modes: a checkpoint needs at least 10 dB whatever the fixture says, so a broken
    /// chunk (black or garbage frames) fails even a fixture with a permissive minPsnr.
    public var pathologyFloor: Bool
    /// How many failed frames keep their pixels for `FailureArtifacts` (they cost memory): the worst ones.
    public var retainFailedFrames: Int
    /// The localized visual measure (default: `TileOptions(forMinPsnr: minPsnr)`).
    public var tiles: TileOptions
    /// The audio signal checks (offset, level, channels, dropouts, clicks); nil = the seed's checks only.
    public var audioSignal: AudioSignalOptions?

    public static let pathologyFloorDb = 10.0

    public init(fps: FrameRate? = nil, minPsnr: Double = 0, maxFrameFailures: Int = 0, minAudioCorrelation: Double = 0,
                maxAudioLagWindows: Int = 10, maxAudioResidualRmsDb: Double? = nil, pathologyFloor: Bool = false,
                retainFailedFrames: Int = 0, tiles: TileOptions? = nil,
                audioSignal: AudioSignalOptions? = AudioSignalOptions()) {
        self.fps = fps; self.minPsnr = minPsnr; self.maxFrameFailures = maxFrameFailures
        self.minAudioCorrelation = minAudioCorrelation; self.maxAudioLagWindows = maxAudioLagWindows
        self.maxAudioResidualRmsDb = maxAudioResidualRmsDb; self.pathologyFloor = pathologyFloor
        self.retainFailedFrames = retainFailedFrames
        self.tiles = tiles ?? TileOptions(forMinPsnr: minPsnr)
        var signal = audioSignal
        signal?.minChannelCorrelation = minAudioCorrelation
        self.audioSignal = signal
    }

    /// A fixture's thresholds; `pathologyFloor` is true in distributed modes.
    public init(meta: FixtureMeta, pathologyFloor: Bool, retainFailedFrames: Int = FailureArtifacts.maxImagePairs) {
        self.init(fps: meta.renderConfig.fps, minPsnr: meta.minPsnr, maxFrameFailures: meta.maxFrameFailures,
                  minAudioCorrelation: meta.minAudioCorrelation, maxAudioLagWindows: meta.maxAudioLagWindows,
                  maxAudioResidualRmsDb: meta.maxAudioResidualRmsDb, pathologyFloor: pathologyFloor,
                  retainFailedFrames: retainFailedFrames,
                  tiles: TileOptions(size: meta.tileSize ?? TileOptions.defaultSize,
                                     minPsnr: meta.minTilePsnr ?? TileOptions(forMinPsnr: meta.minPsnr).minPsnr,
                                     maxBias: meta.maxTileBias ?? TileOptions(forMinPsnr: meta.minPsnr).maxBias),
                  audioSignal: AudioSignalOptions(
                      maxLoudnessDeltaLu: meta.maxLoudnessDeltaLu ?? AudioSignalOptions.defaultMaxLoudnessDeltaLu,
                      maxOffsetMs: meta.maxAudioOffsetMs ?? AudioSignalOptions.defaultMaxOffsetMs))
    }

    /// The per-checkpoint PSNR threshold.
    public var threshold: Double { pathologyFloor ? max(minPsnr, Self.pathologyFloorDb) : minPsnr }
}

public struct ComparisonReport: Codable, Equatable, Sendable {
    public var rendered: String
    public var baseline: String
    public var visual: VisualReport
    public var audio: AudioReport
    public var parity: ParityReport
    /// How the visual numbers were reached (`decoded`, `packet-identical`, …); nil in older reports.
    public var visualMethod: ComparisonMethod?
    public var passed: Bool { visual.passed && audio.passed && parity.passed }

    private enum CodingKeys: String, CodingKey { case rendered, baseline, visual, audio, parity, visualMethod, passed }

    public init(rendered: String, baseline: String, visual: VisualReport, audio: AudioReport, parity: ParityReport,
                visualMethod: ComparisonMethod? = nil) {
        self.rendered = rendered; self.baseline = baseline; self.visual = visual; self.audio = audio; self.parity = parity
        self.visualMethod = visualMethod
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        rendered = try c.decode(String.self, forKey: .rendered)
        baseline = try c.decode(String.self, forKey: .baseline)
        visual = try c.decode(VisualReport.self, forKey: .visual)
        audio = try c.decode(AudioReport.self, forKey: .audio)
        parity = try c.decode(ParityReport.self, forKey: .parity)
        visualMethod = try c.decodeIfPresent(ComparisonMethod.self, forKey: .visualMethod)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(rendered, forKey: .rendered)
        try c.encode(baseline, forKey: .baseline)
        try c.encode(visual, forKey: .visual)
        try c.encode(audio, forKey: .audio)
        try c.encode(parity, forKey: .parity)
        try c.encodeIfPresent(visualMethod, forKey: .visualMethod)
        try c.encode(passed, forKey: .passed)
    }
}

/// A report plus the frames the failure artifacts need.
public struct ComparisonOutcome: Sendable {
    public var report: ComparisonReport
    public var failedFrames: [FailedCheckpointFrames]
    /// Every compared frame's score in frame order (PSNR and worst-tile PSNR per frame, for the HTML report).
    public var frameScores: [FrameScore] = []
}

public enum Comparison {
    /// Compares a rendered video file with its baseline: visual checkpoints, audio, stream parity.
    public static func compareVideos(rendered: URL, baseline: URL, options: ComparisonOptions) throws -> ComparisonReport {
        try compareVideosKeepingFrames(rendered: rendered, baseline: baseline, options: options).report
    }

    /// `compareVideos`, also returning the frames of the `options.retainFailedFrames` worst failed frames.
    public static func compareVideosKeepingFrames(rendered: URL, baseline: URL,
                                                  options: ComparisonOptions) throws -> ComparisonOutcome {
        try compareVideosKeepingFrames(rendered: rendered, baseline: baseline, options: options,
                                       usePacketIdentity: true, concurrent: true)
    }

    /// `usePacketIdentity: false` decodes everything even when the files hold the same packets;
    /// `concurrent: false` decodes the two files one after the other. Both exist to check the fast
    /// paths against the plain method; the numbers do not depend on them.
    public static func compareVideosKeepingFrames(rendered: URL, baseline: URL, options: ComparisonOptions,
                                                  usePacketIdentity: Bool, concurrent: Bool) throws -> ComparisonOutcome {
        // Container metadata only (no frame counting): durations for D and for parity, and stream presence.
        let renderedInfo = try MediaProbe.probe(rendered, countFrames: false)
        let baselineInfo = try MediaProbe.probe(baseline, countFrames: false)
        guard let renderedVideo = renderedInfo.videoStream else { throw HarnessError.noVideoStream(path: rendered.path) }
        guard let baselineVideo = baselineInfo.videoStream else { throw HarnessError.noVideoStream(path: baseline.path) }
        // Demux only: which streams hold the same decoder input (usually all of them for a deterministic render).
        let packets = usePacketIdentity ? try PacketReader.compare(rendered, baseline) : nil

        let duration = min(renderedVideo.duration, baselineVideo.duration)
        let frameLimit = options.fps.map { Int((max(renderedVideo.duration, baselineVideo.duration) * $0.value).rounded(.up)) + 16 }
        let visual = try VideoComparison.compareDetailed(rendered: rendered, baseline: baseline, duration: duration,
                                                         fps: options.fps, threshold: options.threshold,
                                                         maxFrameFailures: options.maxFrameFailures,
                                                         retainFailedFrames: options.retainFailedFrames,
                                                         packets: packets?.video, usePacketIdentity: usePacketIdentity,
                                                         concurrent: concurrent, tiles: options.tiles,
                                                         frameLimit: frameLimit)
        let audio = try AudioComparison.compare(rendered: rendered, baseline: baseline,
                                                minCorrelation: options.minAudioCorrelation,
                                                maxLagWindows: options.maxAudioLagWindows,
                                                maxResidualRmsDb: options.maxAudioResidualRmsDb,
                                                renderedHasAudio: renderedInfo.audioStream != nil,
                                                baselineHasAudio: baselineInfo.audioStream != nil,
                                                packets: packets?.audio, concurrent: concurrent,
                                                signal: options.audioSignal)
        let parity = ParityReport(rendered: StreamParity.evaluate(renderedInfo), baseline: StreamParity.evaluate(baselineInfo))
        let report = ComparisonReport(rendered: rendered.path, baseline: baseline.path, visual: visual.report,
                                      audio: audio, parity: parity, visualMethod: visual.method)
        return ComparisonOutcome(report: report, failedFrames: visual.failedFrames, frameScores: visual.scores)
    }
}
