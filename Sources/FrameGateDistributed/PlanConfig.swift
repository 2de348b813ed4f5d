import FrameGateEngine
import FrameGateMedia

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

    /// The refusals that need no file: checked before anything is written.
    public func validate() throws {
        let fps = render.fps
        if fps.denominator != 1 && !fps.isIntegral {
            throw DistributedError.formatNotSupported("fps \(fps) is a fractional rate; distributed rendering takes 24, 30 or 60")
        }
        let rate = fps.numerator / fps.denominator
        if !Self.supportedRates.contains(rate) {
            throw DistributedError.formatNotSupported("fps \(fps) is not one of 24, 30, 60")
        }
        if render.hdr { throw DistributedError.formatNotSupported("HDR output cannot be chunked") }
        if let chunkSize, chunkSize < 1 {
            throw DistributedError.formatNotSupported("--chunk-size must be at least 1 (got \(chunkSize))")
        }
        if maxParallelChunks < 1 {
            throw DistributedError.formatNotSupported("--max-parallel-chunks must be at least 1 (got \(maxParallelChunks))")
        }
        var checked = render
        checked.hdr = false
        try checked.validate()
    }
}
