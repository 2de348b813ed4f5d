import FrameGateBrowser
import FrameGateMedia
import Foundation
import FrameGateCore

/// Every choice a render makes. The CLI, the harness and the distributed planner all build one of these.
public struct RenderConfig: Sendable, Codable, Equatable {
    public var fps: FrameRate
    public var format: OutputFormat
    public var codec: VideoCodec?
    public var quality: Quality
    /// Browsers capturing in parallel, each a contiguous run of segments.
    public var workers: Int
    /// Variable overrides, parsed where they entered (CLI `--variables`, meta.json `renderConfig.variables`);
    /// the compiler checks them against the composition's declarations.
    public var variables: [String: JSONValue]?
    /// Render only frames [A, B) of the composition.
    public var frameRange: Range<Int>?
    public var entryPath: String
    public var hdr: Bool
    /// Frames per independently encoded segment; nil derives it from the frame count alone
    /// (never from `workers`, so every worker count produces the same bytes).
    public var segmentFrames: Int?
    public var jpegQuality: Int?
    /// Time zone, locale and pre-roll of every page (default UTC, en-US, automatic pre-roll).
    public var environment: PageEnvironment
    /// Folders outside the project that its symlinks may point into (`--asset-root`, meta.json
    /// `renderConfig.assetRoots`); a plan copies the files it uses from them, so workers never need them.
    public var assetRoots: [URL] = []

    public init(fps: FrameRate = FrameRate(30), format: OutputFormat = .mp4, codec: VideoCodec? = nil,
                quality: Quality = .standard, workers: Int = 1, variables: [String: JSONValue]? = nil,
                frameRange: Range<Int>? = nil, entryPath: String = "index.html", hdr: Bool = false,
                segmentFrames: Int? = nil, jpegQuality: Int? = nil, environment: PageEnvironment = PageEnvironment()) {
        self.fps = fps; self.format = format; self.codec = codec; self.quality = quality
        self.workers = workers; self.variables = variables; self.frameRange = frameRange
        self.entryPath = entryPath; self.hdr = hdr; self.segmentFrames = segmentFrames; self.jpegQuality = jpegQuality
        self.environment = environment
    }

    public var resolvedCodec: VideoCodec? { codec ?? format.defaultCodec }

    /// Checks combinations before any work starts, so a bad flag costs nothing.
    public func validate() throws {
        // Each worker is a browser: more than 64 on one machine only thrashes it.
        if workers < 1 || workers > 64 { throw RenderError.invalidConfig("--workers must be from 1 to 64 (got \(workers))") }
        if let codec, !format.allowedCodecs.contains(codec) {
            let allowed = format.allowedCodecs.map(\.rawValue).joined(separator: ", ")
            throw RenderError.invalidConfig("codec \(codec.rawValue) cannot go in \(format.rawValue); use \(allowed.isEmpty ? "no --codec" : allowed)")
        }
        if hdr { throw RenderError.hdrNotSupported }
        if let range = frameRange, range.lowerBound < 0 || range.isEmpty {
            throw RenderError.invalidConfig("--frames \(range.lowerBound):\(range.upperBound) is empty or negative; give A:B with 0 ≤ A < B")
        }
        if let segmentFrames, segmentFrames < 1 { throw RenderError.invalidConfig("segment size must be at least 1 frame") }
        for root in assetRoots {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw RenderError.invalidConfig("asset root \(root.path) is not a directory; give --asset-root (renderConfig.assetRoots) an existing folder")
            }
        }
        try environment.validate()
    }

    /// DESIGN.md's chunk default, also used for in-process segments so both paths share a GOP layout.
    public static func defaultSegmentFrames(totalFrames: Int) -> Int {
        max(10, Int((Double(totalFrames) / 16).rounded(.up)))
    }
}
