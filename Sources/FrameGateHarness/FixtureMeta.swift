import FrameGateMedia
import FrameGateCore

/// A fixture's meta.json (DESIGN.md "Fixtures and baselines"). Load it through
/// `FixtureMeta.load(contentsOf:)`, which validates every field; the synthesized `Decodable`
/// is only for round-tripping already valid files.
public struct FixtureMeta: Codable, Equatable, Sendable {
    public var name: String
    public var description: String
    public var tags: [String]
    /// dB; a checkpoint passes at psnr ≥ threshold (see `ComparisonOptions.threshold`).
    public var minPsnr: Double
    /// How many of the 100 checkpoints may fail.
    public var maxFrameFailures: Int
    /// 0…1.
    public var minAudioCorrelation: Double
    /// ≥ 1; the ± lag range, in envelope windows (hop 1024 samples at 16 kHz = 64 ms).
    public var maxAudioLagWindows: Int
    /// dBFS; when set, the residual RMS at the best lag must be ≤ this.
    public var maxAudioResidualRmsDb: Double?
    /// Why this fixture's distributed render may differ from the in-process baseline frame by frame. Without
    /// it, distributed-simulated mode fails the fixture at the first frame whose capture digest differs.
    public var digestParityOptOut: String?
    /// dB; the worst tile of every frame must reach it (default `TileOptions.defaultMinPsnr`).
    public var minTilePsnr: Double?
    /// 8-bit levels; no tile's mean difference may exceed it (default `TileOptions.defaultMaxBias`).
    public var maxTileBias: Double?
    /// Luma pixels, even, 8…256 (default `TileOptions.defaultSize`).
    public var tileSize: Int?
    /// LU; integrated loudness may differ by at most this (default 1).
    public var maxLoudnessDeltaLu: Double?
    /// ms; the audio may be offset by at most this (default 40).
    public var maxAudioOffsetMs: Double?
    public var renderConfig: FixtureRenderConfig

    public init(name: String, description: String = "", tags: [String] = [], minPsnr: Double,
                maxFrameFailures: Int, minAudioCorrelation: Double, maxAudioLagWindows: Int,
                maxAudioResidualRmsDb: Double? = nil, digestParityOptOut: String? = nil, minTilePsnr: Double? = nil,
                maxTileBias: Double? = nil, tileSize: Int? = nil, maxLoudnessDeltaLu: Double? = nil,
                maxAudioOffsetMs: Double? = nil, renderConfig: FixtureRenderConfig) {
        self.name = name; self.description = description; self.tags = tags; self.minPsnr = minPsnr
        self.maxFrameFailures = maxFrameFailures; self.minAudioCorrelation = minAudioCorrelation
        self.maxAudioLagWindows = maxAudioLagWindows; self.maxAudioResidualRmsDb = maxAudioResidualRmsDb
        self.digestParityOptOut = digestParityOptOut
        self.minTilePsnr = minTilePsnr; self.maxTileBias = maxTileBias; self.tileSize = tileSize
        self.maxLoudnessDeltaLu = maxLoudnessDeltaLu; self.maxAudioOffsetMs = maxAudioOffsetMs
        self.renderConfig = renderConfig
    }
}

public struct FixtureRenderConfig: Codable, Equatable, Sendable {
    /// meta.json gives an integer (30) or a "num/den" string ("30000/1001").
    public var fps: FrameRate
    public var format: OutputFormat?
    public var codec: VideoCodec?
    public var workers: Int?
    public var hdr: Bool?
    /// Render-time variable overrides, passed to the page as `window.__hfVariables`.
    public var variables: [String: JSONValue]?
    public var chunkSize: Int?
    public var maxParallelChunks: Int?
    /// IANA time zone and BCP 47 locale of the page (default UTC, en-US).
    public var timezone: String?
    public var locale: String?
    /// Folders outside the fixture's src/ its symlinks may point into, relative to the fixture directory
    /// (`--asset-root`).
    public var assetRoots: [String]?

    public init(fps: FrameRate, format: OutputFormat? = nil, codec: VideoCodec? = nil,
                workers: Int? = nil, hdr: Bool? = nil, variables: [String: JSONValue]? = nil,
                chunkSize: Int? = nil, maxParallelChunks: Int? = nil) {
        self.fps = fps; self.format = format; self.codec = codec; self.workers = workers; self.hdr = hdr
        self.variables = variables; self.chunkSize = chunkSize; self.maxParallelChunks = maxParallelChunks
    }

    /// The format the fixture renders to when it does not say.
    public var effectiveFormat: OutputFormat { format ?? .mp4 }
}
