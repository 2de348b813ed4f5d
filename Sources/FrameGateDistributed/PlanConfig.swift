import FrameGateEngine
import FrameGateMedia
import FrameGateCore

/// A render configuration plus the distributed knobs.
public struct PlanConfig: Sendable {
    public var render: RenderConfig
    /// Frames per chunk; nil: max(10, ceil(frames/16)).
    public var chunkSize: Int?
    public var maxParallelChunks: Int
    /// planDir size cap (DESIGN.md: 2 GiB).
    public var sizeLimit: Int64

    public static let supportedRates: Set<Int> = [24, 30, 60]

    public init(render: RenderConfig, chunkSize: Int? = nil, maxParallelChunks: Int = 16,
                sizeLimit: Int64 = 2 * 1_073_741_824) {
        self.render = render; self.chunkSize = chunkSize
        self.maxParallelChunks = maxParallelChunks; self.sizeLimit = sizeLimit
    }

    /// Why a composition at this rate (and HDR setting) cannot be chunked, or nil when it can. The planner
    /// refuses with it; the harness skips distributed fixtures with it.
    public static func unsupportedReason(fps: FrameRate, hdr: Bool) -> String? {
        if fps.denominator != 1 {
            return "fps \(fps) has a denominator other than 1; distributed rendering takes integer rates 24, 30 or 60 only"
        }
        if !supportedRates.contains(fps.numerator) { return "fps \(fps) is not one of 24, 30, 60" }
        if hdr { return "hdr: true cannot be rendered in chunks" }
        return nil
    }

    /// The refusals that need no file: checked before anything is written.
    public func validate() throws {
        if let reason = Self.unsupportedReason(fps: render.fps, hdr: render.hdr) {
            throw DistributedError.formatNotSupported(reason)
        }
        if let chunkSize, chunkSize < 1 {
            throw RenderError.invalidConfig("--chunk-size must be at least 1 (got \(chunkSize))")
        }
        if maxParallelChunks < 1 || maxParallelChunks > 1024 {
            throw RenderError.invalidConfig("--max-parallel-chunks must be from 1 to 1024 (got \(maxParallelChunks))")
        }
        var checked = render
        checked.hdr = false
        try checked.validate()
    }
}
