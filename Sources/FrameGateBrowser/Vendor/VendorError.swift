import Foundation
import FrameGateCore

/// Failures of `framegate vendor` (downloading) and of serving locked remote URLs (the store).
public enum VendorError: CodedError, Equatable {
    /// The store holds a file for a locked URL whose bytes no longer hash to the lock's SHA-256.
    case assetMismatch(url: String, expected: String, actual: String, file: String, lock: String)
    /// No store holds the file of a locked URL.
    case assetMissing(url: String, sha256: String, searched: [String], lock: String)
    /// framegate.lock.json cannot be read as a lock.
    case invalidLock(path: String, reason: String)
    /// The server answered 4xx/5xx.
    case httpStatus(url: String, status: Int, fetchedFrom: String)
    /// Connection refused, DNS failure, TLS failure…
    case transport(url: String, reason: String)
    /// No complete answer within `--timeout` seconds.
    case timeout(url: String, seconds: Double)
    /// A `--mirror` that is not ORIGIN=BASEURL.
    case invalidMirror(String)

    public var code: ErrorCode {
        switch self {
        case .assetMismatch: return .vendoredAssetMismatch
        case .assetMissing: return .vendoredAssetMissing
        case .invalidLock, .invalidMirror: return .invalidArgument
        case .httpStatus, .transport: return .vendorFetchFailed
        case .timeout: return .vendorFetchTimeout
        }
    }

    public var message: String {
        switch self {
        case let .assetMismatch(url, expected, actual, file, lock):
            return "the vendored copy of \(url) (\(file)) has SHA-256 \(actual), but \(lock) locks \(expected); the store was changed or corrupted — delete that file and run `framegate vendor` on the project again"
        case let .assetMissing(url, sha256, searched, lock):
            return "\(url) is locked in \(lock) (SHA-256 \(sha256)) but no store holds it (looked in \(searched.joined(separator: ", "))); run `framegate vendor` on the project, or set FRAMEGATE_VENDOR_STORE to the shared store it was vendored into"
        case let .invalidLock(path, reason):
            return "\(path) is not a FrameGate lock (\(reason)); delete it and run `framegate vendor` on the project to write it again"
        case let .httpStatus(url, status, fetchedFrom):
            let from = fetchedFrom == url ? "" : " (fetched from \(fetchedFrom))"
            return "downloading \(url)\(from) failed with HTTP \(status); fix the URL in the composition or the server, then run `framegate vendor` again"
        case let .transport(url, reason):
            return "cannot download \(url): \(reason); check the URL, the network or a --mirror for its origin"
        case let .timeout(url, seconds):
            return "downloading \(url) took longer than \(BrowserError.format(seconds)) s; raise --timeout or fix the server"
        case let .invalidMirror(text):
            return "--mirror takes ORIGIN=BASEURL, e.g. https://cdn.example.com=https://mirror.corp/cdn (got \(text))"
        }
    }
}
