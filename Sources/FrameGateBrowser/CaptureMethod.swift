import Foundation

/// How a page's frames are produced and read back.
public enum CaptureMethod: String, Sendable, Equatable, CaseIterable {
    /// Begin-frame control: FrameGate issues every compositor frame itself
    /// (`HeadlessExperimental.beginFrame`), one per video frame, and the screenshot comes back with that
    /// frame. No real animation frames are waited for, and a frame the compositor reports as undamaged
    /// is not read back at all (a held frame). Linux headless shell only.
    case beginFrame = "begin-frame"
    /// The browser produces frames on its own clock; after each seek the runtime waits for two of them
    /// and FrameGate reads the surface with `Page.captureScreenshot`. Works everywhere; the fallback
    /// when begin-frame control is unavailable or wedged, and `FRAMEGATE_CAPTURE=screenshot`.
    case screenshot

    /// Environment variable that picks the method for every browser FrameGate launches (measurement,
    /// and a way out should begin-frame control misbehave on some browser build).
    public static let environmentVariable = "FRAMEGATE_CAPTURE"

    /// `FRAMEGATE_CAPTURE` if set, else the platform's default: begin-frame control on Linux (the headless
    /// shell's fast, deterministic path: every determinism check holds on the corpus and on HyperFrames'
    /// compositions, README "Where this differs from DESIGN.md"), screenshots elsewhere. A browser whose
    /// compositor fails the begin-frame probe falls back to screenshots by itself.
    public static func resolve(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> CaptureMethod {
        if let given = environment[environmentVariable], !given.isEmpty {
            guard let method = CaptureMethod(rawValue: given) else {
                throw BrowserError.invalidEnvironment(detail: "\(environmentVariable)=\(given) is not a capture method; use \(allCases.map(\.rawValue).joined(separator: " or ")), or unset it")
            }
            return method
        }
        #if os(Linux)
        return .beginFrame
        #else
        return .screenshot
        #endif
    }

    /// Flags this method adds to `BrowserOptions.deterministicFlags`. `--deterministic-mode` turns on
    /// begin-frame control and the compositor settings it needs; the rest are spelled out because the
    /// DevTools documentation names them, and so that they hold even if the implied set changes.
    var browserFlags: [String] {
        switch self {
        case .screenshot:
            return []
        case .beginFrame:
            return [
                "--deterministic-mode",
                "--enable-begin-frame-control",
                "--run-all-compositor-stages-before-draw",
                "--disable-new-content-rendering-timeout",
                "--disable-threaded-animation",
                "--disable-threaded-scrolling",
                "--disable-checker-imaging",
                "--disable-image-animation-resync",
            ]
        }
    }
}
