import FrameGateMedia
import FrameGateCore

/// Refusals of the planDir contract (DESIGN.md "Distributed contract"); each names what to fix.
public enum DistributedError: CodedError {
    case missingArtifact(path: String)
    case missingEnvironmentSnapshot(path: String)
    case planHashMismatch(expected: String, actual: String)
    case chunkIndexOutOfRange(index: Int, count: Int)
    case libavVersionMismatch(plan: String, worker: String)
    case browserVersionMismatch(plan: String, worker: String)
    case formatNotSupported(String)
    case planTooLarge(bytes: Int64, limit: Int64)
    case durationOutOfRange(Double)
    case chunkMismatch(String)
    case chunkFailed(index: Int, reason: String)
    case invalidPlan(path: String, reason: String)
    /// A chunk whose bytes or plan do not match its receipt (flipped bytes, truncated, another plan's).
    case chunkCorrupt(path: String, reason: String)

    public var code: ErrorCode {
        switch self {
        case .missingArtifact: return .missingPlanArtifact
        case .missingEnvironmentSnapshot: return .missingRuntimeEnvSnapshot
        case .planHashMismatch: return .planHashMismatch
        case .chunkIndexOutOfRange: return .chunkIndexOutOfRange
        case .libavVersionMismatch: return .libavVersionMismatch
        case .browserVersionMismatch: return .browserVersionMismatch
        case .formatNotSupported: return .formatNotSupportedInDistributed
        case .planTooLarge: return .planTooLarge
        case .durationOutOfRange: return .durationOutOfRange
        case .invalidPlan: return .invalidArgument
        case .chunkMismatch: return .invalidArgument
        case .chunkFailed: return .chunkRenderFailed
        case .chunkCorrupt: return .chunkCorrupt
        }
    }

    public var message: String {
        switch self {
        case let .missingArtifact(path):
            return "the plan is missing \(path); re-run `framegate plan` into a fresh --plan-dir"
        case let .missingEnvironmentSnapshot(path):
            return "\(path) has no environment snapshot; re-run `framegate plan` with this FrameGate version"
        case let .planHashMismatch(expected, actual):
            return "planDir contents changed since planning (planHash \(expected.prefix(12))…, on disk \(actual.prefix(12))…); re-run `framegate plan` — never edit a planDir"
        case let .chunkIndexOutOfRange(index, count):
            return "chunk \(index) does not exist; this plan has chunks 0…\(count - 1)"
        case let .libavVersionMismatch(plan, worker):
            return "the plan was made with libav \(plan) but this worker has \(worker); run every worker on the planner's image"
        case let .browserVersionMismatch(plan, worker):
            return "the plan was made with browser \(plan) but this worker has \(worker); run every worker on the planner's image"
        case let .formatNotSupported(reason):
            return "\(reason); render this composition in-process (`framegate render` without --distributed)"
        case let .planTooLarge(bytes, limit):
            return "the plan would hold \(bytes / 1_048_576) MiB, over the \(limit / 1_048_576) MiB cap; move large unused files out of the project"
        case let .durationOutOfRange(seconds):
            return "composition duration \(seconds) s is out of range for distributed rendering (must be > 0 and ≤ 24 h)"
        case let .chunkMismatch(reason): return reason
        case let .chunkFailed(index, reason): return "chunk \(index) failed twice: \(reason)"
        case let .invalidPlan(path, reason):
            return "\(path) is not a valid plan file (\(reason)); re-run `framegate plan` into a fresh --plan-dir — never edit a planDir"
        case let .chunkCorrupt(path, reason):
            return "chunk \(path) cannot be trusted: \(reason); re-render it with `framegate render-chunk` from this planDir"
        }
    }
}
