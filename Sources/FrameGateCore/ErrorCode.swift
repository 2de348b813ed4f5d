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
    case assetNotFound = "ASSET_NOT_FOUND"
    case compositionNotFound = "COMPOSITION_NOT_FOUND"
    case compositionScriptError = "COMPOSITION_SCRIPT_ERROR"
    case seekTimeout = "SEEK_TIMEOUT"
    case browserCrashed = "BROWSER_CRASHED"
    case mediaDecodeFailed = "MEDIA_DECODE_FAILED"
    case browserNotFound = "BROWSER_NOT_FOUND"
    case outputPathRefused = "OUTPUT_PATH_REFUSED"
    case chunkCorrupt = "CHUNK_CORRUPT"
    case baselinesLocked = "BASELINES_LOCKED"
    // Codes beyond DESIGN.md's list, for failures it does not name.
    case mediaEncodeFailed = "MEDIA_ENCODE_FAILED"
    case unsupportedCodec = "UNSUPPORTED_CODEC"
    case invalidComposition = "INVALID_COMPOSITION"
    case invalidArgument = "INVALID_ARGUMENT"
    case browserProtocolError = "BROWSER_PROTOCOL_ERROR"
    case chunkRenderFailed = "CHUNK_RENDER_FAILED"
    case ioFailed = "IO_FAILED"
    case vendoredAssetMismatch = "VENDORED_ASSET_MISMATCH"
    case vendoredAssetMissing = "VENDORED_ASSET_MISSING"
    case vendorFetchFailed = "VENDOR_FETCH_FAILED"
    case vendorFetchTimeout = "VENDOR_FETCH_TIMEOUT"
    /// `renderConfig.hdr`: FrameGate renders SDR (BT.709) only.
    case hdrNotSupported = "HDR_NOT_SUPPORTED"
    /// The page asked for a WebGPU adapter: FrameGate's browser has none (its canvas would stay empty).
    case webGPUNotSupported = "WEBGPU_NOT_SUPPORTED"
    /// A media, image or font file is a Git LFS pointer, not the file it stands for.
    case assetLFSPointer = "ASSET_LFS_POINTER"
    /// A warning only: the page drew an element stretched with drawElementImage (FrameGateBrowser.PageWarnings).
    case elementDrawnScaled = "ELEMENT_DRAWN_SCALED"
    case internalError = "INTERNAL"
}

/// DESIGN.md's exit statuses, one table for every command.
public enum ExitStatus: Int32, Sendable, CaseIterable {
    case success = 0
    /// `framegate test`: a fixture failed its checks.
    case fixtureFailed = 1
    /// The command line, a fixture's meta.json or another configuration is wrong: nothing was rendered.
    case usage = 2
    /// A render or runtime failure.
    case failure = 3
    case interrupted = 130
    case terminated = 143
}

extension ErrorCode {
    /// The one mapping from a code to the process's exit status. Usage and configuration errors are
    /// the user's to fix before anything runs (2); everything else failed while working (3).
    public var exitStatus: ExitStatus {
        switch self {
        case .invalidArgument, .formatNotSupportedInDistributed, .outputPathRefused, .baselinesLocked, .hdrNotSupported:
            return .usage
        case .missingPlanArtifact, .planHashMismatch, .chunkIndexOutOfRange, .libavVersionMismatch,
             .browserVersionMismatch, .missingRuntimeEnvSnapshot, .planTooLarge, .durationOutOfRange,
             .networkAccessBlocked, .assetOutsideProject, .assetNotFound, .compositionNotFound, .compositionScriptError,
             .seekTimeout, .browserCrashed, .browserProtocolError, .mediaDecodeFailed, .unsupportedCodec, .mediaEncodeFailed, .invalidComposition,
             .chunkRenderFailed, .ioFailed, .internalError, .browserNotFound, .chunkCorrupt,
             .vendoredAssetMismatch, .vendoredAssetMissing, .vendorFetchFailed, .vendorFetchTimeout, .assetLFSPointer,
             .webGPUNotSupported, .elementDrawnScaled:
            return .failure
        }
    }
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

/// Failures of the shared file helpers (atomic publishing, temporary directories).
public enum CoreError: CodedError, Equatable {
    case io(path: String, reason: String)

    public var code: ErrorCode { .ioFailed }
    public var message: String {
        switch self {
        case let .io(path, reason): return "\(path): \(reason)"
        }
    }
}
