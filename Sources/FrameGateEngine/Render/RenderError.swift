import FrameGateMedia
import FrameGateCore

/// Failures of the render pipeline itself; browser, compiler and media errors pass through unchanged.
public enum RenderError: CodedError {
    case invalidConfig(String)
    case durationUnknown(String)
    case durationOutOfRange(Double)
    case io(path: String, reason: String)
    /// `renderConfig.hdr: true` (HyperFrames renders PQ/HLG 10-bit H.265 BT.2020); FrameGate renders SDR only.
    case hdrNotSupported

    public var code: ErrorCode {
        switch self {
        case .invalidConfig: return .invalidArgument
        case .durationUnknown, .durationOutOfRange: return .durationOutOfRange
        case .io: return .ioFailed
        case .hdrNotSupported: return .hdrNotSupported
        }
    }

    public var message: String {
        switch self {
        case let .invalidConfig(text): return text
        case let .durationUnknown(entry):
            return "\(entry) has no data-duration on its root and the runtime reported none; add data-duration=\"SECONDS\" to the root element"
        case let .durationOutOfRange(seconds):
            return "composition duration \(seconds) s is out of range; it must be > 0 and ≤ 86400 s"
        case let .io(path, reason): return "cannot write \(path): \(reason)"
        case .hdrNotSupported:
            return "renderConfig.hdr is true, but FrameGate renders SDR only (8-bit BT.709), not HDR (10-bit PQ/HLG BT.2020); remove \"hdr\" from renderConfig to render it in SDR"
        }
    }
}
