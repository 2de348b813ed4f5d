/// Why a seek did not finish in time, as the page answers when asked right after the timeout.
public enum SeekStall: Sendable, Equatable {
    /// The page did not answer at all: its main thread is still running a script (an endless loop?).
    case scriptRunning
    /// The seek waits on the page for this (a readiness gate, waitUntil promises, fonts, images, …).
    case waiting(for: String)
    /// The page answered but waits for nothing FrameGate tracks (a promise of its own in the seek chain?).
    case unknown

    /// The middle of the SEEK_TIMEOUT message: what was waited on, and the fix.
    var explanation: String {
        switch self {
        case .scriptRunning:
            return "a composition script is still running and the page does not answer (an endless loop?); fix the script"
        case let .waiting(what):
            return "the page was still waiting for \(what); make it finish (or remove the wait), or fix the asset it waits for"
        case .unknown:
            return "the page answers but the seek is still waiting on a promise of the page's own (did a script wrap window.__hf.seek?); fix the script"
        }
    }
}
