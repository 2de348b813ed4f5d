import FrameGateMedia
import FrameGateCore

/// Failures of the render pipeline itself; browser, compiler and media errors pass through unchanged.
public enum RenderError: CodedError {
    case invalidConfig(String)
    case durationUnknown(String)
    case durationOutOfRange(Double)
    case io(path: String, reason: String)

    public var code: ErrorCode {
        switch self {
        case .invalidConfig: return .invalidArgument
        case .durationUnknown, .durationOutOfRange: return .durationOutOfRange
        case .io: return .ioFailed
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
        }
    }
}
