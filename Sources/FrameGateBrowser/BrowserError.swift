import Foundation
import FrameGateMedia
import FrameGateCore

/// Every failure of the browser layer, each mapped to a stable DESIGN.md code.
public enum BrowserError: CodedError, Equatable {
    /// No browser binary: FRAMEGATE_CHROME unset/wrong and nothing on PATH.
    case executableNotFound(searched: [String])
    /// posix_spawn failed, or the browser exited before answering.
    case launchFailed(executable: String, reason: String, stderrTail: String)
    /// The browser process (or the page's renderer) died or closed the pipe.
    case crashed(context: String, stderrTail: String)
    /// The browser did not answer one protocol call in time: treated as hung (a crash in all but name).
    case callTimeout(method: String, seconds: Double, stderrTail: String)
    /// The browser answered a protocol call with an error.
    case protocolError(method: String, message: String)
    case networkAccessBlocked(url: String)
    /// An http(s) URL that is not in the project's framegate.lock.json.
    case remoteNotLocked(url: String, project: String)
    case assetOutsideProject(path: String, resolved: String)
    /// A local asset the page asked for is not in the project snapshot (missing, or in a directory plans drop).
    case assetNotFound(path: String, reason: String)
    case scriptError(message: String, location: String)
    /// A seek (or a pre-roll batch ending at `time`) did not finish; `stall` says what it was waiting for.
    case seekTimeout(time: Double, seconds: Double, stall: SeekStall)
    case compositionNotFound(detail: String)
    case elementNotFound(id: String)
    case captureFailed(reason: String)
    /// The time zone or locale the render asked for does not exist.
    case invalidEnvironment(detail: String)
    /// The page opened alert()/confirm()/prompt()/beforeunload: it would block every later seek.
    case dialogOpened(type: String, message: String)
    /// The page navigated away from the composition (location.reload(), location.href = …, a form).
    case navigated(url: String)
    /// The page asked for a WebGPU adapter, which this browser cannot give (`UnsupportedFeatures`).
    case webGPUUnavailable
    /// Begin-frame capture's session-start probe failed: the compositor did not draw a frame on request.
    /// Renders fall back to `CaptureMethod.screenshot`; other callers report it.
    case frameControlUnavailable(reason: String)

    public var code: ErrorCode {
        switch self {
        case .executableNotFound: return .browserNotFound
        case .launchFailed, .crashed, .callTimeout: return .browserCrashed
        case .dialogOpened, .navigated: return .compositionScriptError
        case .protocolError, .frameControlUnavailable: return .browserProtocolError
        case .elementNotFound: return .invalidComposition
        case .networkAccessBlocked, .remoteNotLocked: return .networkAccessBlocked
        case .assetOutsideProject: return .assetOutsideProject
        case .assetNotFound: return .assetNotFound
        case .scriptError: return .compositionScriptError
        case .seekTimeout: return .seekTimeout
        case .compositionNotFound: return .compositionNotFound
        case .captureFailed: return .mediaDecodeFailed
        case .invalidEnvironment: return .invalidArgument
        case .webGPUUnavailable: return .webGPUNotSupported
        }
    }

    public var message: String {
        switch self {
        case let .executableNotFound(searched):
            return "chromium-headless-shell is not installed (looked for \(searched.joined(separator: ", "))); install it (`apt-get install chromium-headless-shell`, or run ci/setup) or set FRAMEGATE_CHROME to the browser's path"
        case let .launchFailed(executable, reason, tail):
            return "cannot start \(executable): \(reason)" + Self.tail(tail)
        case let .crashed(context, tail):
            return "the browser crashed or exited \(context); re-run, and check the composition for runaway memory or scripts" + Self.tail(tail)
        case let .callTimeout(method, seconds, tail):
            return "the browser did not answer \(method) within \(Self.format(seconds)) s and is treated as hung" + Self.tail(tail)
        case let .protocolError(method, message):
            return "the browser refused \(method): \(message)"
        case let .networkAccessBlocked(url):
            return "the composition requested \(url); compositions are offline: copy the asset into the project and use a relative path"
        case let .remoteNotLocked(url, project):
            return "the composition requested \(url), which is not in \(project)/\(VendorLock.fileName); compositions render offline: run `framegate vendor \(project)` to download and lock it, or copy the asset into the project and use a relative path"
        case let .assetOutsideProject(path, resolved):
            return "asset \(path) resolves to \(resolved), outside the project directory; keep every asset inside the project (no ../ escapes), or allow the folder a symlink points into with --asset-root DIR (renderConfig.assetRoots)"
        case let .scriptError(message, location):
            return "a composition script threw \(message) at \(location); fix the script"
        case let .seekTimeout(time, seconds, stall):
            return "seeking to t=\(Self.format(time)) s did not settle within \(Self.format(seconds)) s: \(stall.explanation)"
        case let .compositionNotFound(detail):
            return "composition not found: \(detail)"
        case let .elementNotFound(id):
            return "no <video id=\"\(id)\"> in the page; check the element id"
        case let .captureFailed(reason):
            return "cannot decode the captured frame: \(reason)"
        case let .assetNotFound(path, reason):
            return "the page asked for \(path), which \(reason); add the file to the project or fix the reference"
        case let .invalidEnvironment(detail):
            return detail
        case let .dialogOpened(type, message):
            return "the composition opened a \(type) dialog (\"\(message.prefix(80))\"); compositions cannot show alert(), confirm(), prompt() or beforeunload dialogs — remove the call"
        case let .frameControlUnavailable(reason):
            return "begin-frame capture does not work with this browser (\(reason)); set \(CaptureMethod.environmentVariable)=screenshot to capture with Page.captureScreenshot"
        case let .navigated(url):
            return "the composition navigated away (to \(url)); compositions must not reload or change location — remove location.reload()/location.href/form submissions"
        case .webGPUUnavailable:
            return "the composition asked for a WebGPU adapter (navigator.gpu.requestAdapter()); FrameGate's browser has none, so its WebGPU canvas would render empty; draw with WebGL or a 2D canvas instead"
        }
    }

    static func tail(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? "" : "\n--- browser stderr (tail) ---\n" + trimmed
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.4g", value)
    }
}
