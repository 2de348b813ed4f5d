import Foundation
import FrameGateCore

/// What the page's protocol events tell a session, collected on the reader thread: the first
/// fatal problem (blocked URL, escaped asset, script error, crash), whether the load finished, and the
/// warnings (sub-composition scripts that failed inside their error boundary, PageWarnings' reports).
/// Capture calls check it, so a failure recorded between calls fails the next one.
final class SessionEvents: Sendable {
    private struct State: Sendable {
        var failure: BrowserError?
        var loaded = false
        var requests: [PageRequest] = []
        var warnings: [String] = []
    }

    private let state = Locked(State())

    func record(_ error: BrowserError) {
        state.withLock { if $0.failure == nil { $0.failure = error } }
    }

    var firstFailure: BrowserError? { state.withLock { $0.failure } }
    func record(_ request: PageRequest) { state.withLock { $0.requests.append(request) } }
    var requests: [PageRequest] { state.withLock { $0.requests } }
    /// A reload runs the same scripts again: each distinct warning is kept once, in the order first seen.
    func record(warning: String) {
        state.withLock { if !$0.warnings.contains(warning) { $0.warnings.append(warning) } }
    }
    var warnings: [String] { state.withLock { $0.warnings } }
    func markLoaded() { state.withLock { $0.loaded = true } }
    func resetLoad() { state.withLock { $0.loaded = false } }
    var isLoaded: Bool { state.withLock { $0.loaded } }
}
