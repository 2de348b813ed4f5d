import FrameGateCore

extension CaptureSession {
    /// Seconds the page gets to say what a timed-out seek waits for; a page that cannot answer is busy.
    static let stallQueryTimeout = 1.0

    /// Asks the page what its unfinished seek waits for (`__hf.waitingOn`, kept by the runtime at each wait).
    func seekStall() async -> SeekStall {
        do {
            let result = try await evaluateRaw("window.__hf ? window.__hf.waitingOn : null", timeout: Self.stallQueryTimeout)
            if let what = result["value"]?.stringValue, !what.isEmpty { return .waiting(for: what) }
            return .unknown
        } catch {
            return .scriptRunning
        }
    }
}
