import Foundation
import FrameGateCore

/// A sub-composition's inline script that threw while it ran. HyperFrames runs each such script inside an
/// error boundary and renders on (compositionScoping `__hfRun`: `console.error` and continue); FrameGate
/// does the same, but never silently: each failure becomes a warning every render prints.
public struct SubCompositionScriptFailure: Sendable, Hashable, Codable {
    /// The instance's host element id (`data-fg-host`).
    public var host: String
    /// The sub-composition file, relative to the entry (the host's `data-composition-src`).
    public var file: String
    /// The exception, e.g. "TypeError: Cannot read properties of null (reading 'appendChild')".
    public var message: String
    /// url:line:column of the throwing frame, when the stack names one.
    public var location: String

    public init(host: String, file: String, message: String, location: String) {
        self.host = host; self.file = file; self.message = message; self.location = location
    }

    /// The warning line (stderr, JSON events): the code the error would have had, the file, the error, the fix.
    public var warning: String {
        let place = location.isEmpty ? "" : " at \(location)"
        let name = file.isEmpty ? "of the sub-composition in #\(host)" : "of sub-composition \(file) (host #\(host))"
        return "warning[\(ErrorCode.compositionScriptError.rawValue)]: a script \(name) threw \(message)\(place); "
            + "rendering went on without what it would have built, as HyperFrames does; fix the script"
    }
}

/// The binding through which runtime.js (`__hf.subCompositionScriptFailed`) reports a failure.
enum ScriptBoundary {
    static let bindingName = "__framegateSubCompositionScriptFailed"

    /// The failure a `Runtime.bindingCalled` event reports, or nil when the event is another binding's.
    static func failure(method: String, params: JSONValue) -> SubCompositionScriptFailure? {
        guard let payload = PageBindings.payload(of: bindingName, method: method, params: params) else { return nil }
        guard let decoded = try? JSONDecoder().decode(SubCompositionScriptFailure.self, from: Data(payload.utf8)) else {
            return SubCompositionScriptFailure(host: "?", file: "", message: payload, location: "")
        }
        return decoded
    }
}
