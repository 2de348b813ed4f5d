/// The stable error codes of DESIGN.md. Their raw values are printed as `error[CODE]: message`
/// and are part of the CLI contract: never rename one.
public enum ErrorCode: String, Sendable, CaseIterable, Codable {
    case missingPlanArtifact = "MISSING_PLAN_ARTIFACT"
    case planHashMismatch = "PLAN_HASH_MISMATCH"
    case chunkIndexOutOfRange = "CHUNK_INDEX_OUT_OF_RANGE"
    case libavVersionMismatch = "LIBAV_VERSION_MISMATCH"
    case browserVersionMismatch = "BROWSER_VERSION_MISMATCH"
    case missingRuntimeEnvSnapshot = "MISSING_RUNTIME_ENV_SNAPSHOT"
    case formatNotSupportedInDistributed = "FORMAT_NOT_SUPPORTED_IN_DISTRIBUTED"
    case planTooLarge = "PLAN_TOO_LARGE"
    case durationOutOfRange = "DURATION_OUT_OF_RANGE"
    case networkAccessBlocked = "NETWORK_ACCESS_BLOCKED"
    case assetOutsideProject = "ASSET_OUTSIDE_PROJECT"
    case compositionNotFound = "COMPOSITION_NOT_FOUND"
    case compositionScriptError = "COMPOSITION_SCRIPT_ERROR"
    case seekTimeout = "SEEK_TIMEOUT"
    case browserCrashed = "BROWSER_CRASHED"
    case mediaDecodeFailed = "MEDIA_DECODE_FAILED"
    // Codes beyond DESIGN.md's list, for failures it does not name.
    case mediaEncodeFailed = "MEDIA_ENCODE_FAILED"
    case unsupportedCodec = "UNSUPPORTED_CODEC"
    case invalidComposition = "INVALID_COMPOSITION"
    case invalidArgument = "INVALID_ARGUMENT"
    case chunkRenderFailed = "CHUNK_RENDER_FAILED"
    case ioFailed = "IO_FAILED"
}

/// Every FrameGate error carries a stable code and a message that names the thing and the fix.
/// Each module has its own typed enum conforming to this, so callers can print any of them uniformly.
public protocol CodedError: Error, CustomStringConvertible {
    var code: ErrorCode { get }
    var message: String { get }
}

extension CodedError {
    public var description: String { "error[\(code.rawValue)]: \(message)" }
}
