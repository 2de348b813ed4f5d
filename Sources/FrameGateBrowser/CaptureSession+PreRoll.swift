import Foundation
import FrameGateCore

extension CaptureSession {
    /// Frames replayed per protocol call: small enough that one call stays well inside the seek timeout.
    static let preRollBatch = 120

    /// Brings the page to the state a render from frame 0 has just before it captures frame `index`.
    ///
    /// A page that registered per-frame work (rAF callbacks, timers) may keep state across frames — a canvas
    /// that accumulates, particles integrated with the rAF time step. For such a page the clock is moved
    /// through every earlier frame time in order, without waiting for paint and without capturing (the
    /// pre-roll), from where this session's clock is now, or from a reloaded page when the capture went
    /// backwards. A page that is a pure function of time is seeked straight to the frame.
    func prepareToCapture(frame index: Int, frameRate: FrameRate) async throws {
        let position = clockFrame
        if position == index - 1 { return } // contiguous: the page is exactly where a render from 0 is
        let replay: Bool
        switch options.preRoll {
        case .never: replay = false
        case .always: replay = true
        case .automatic: replay = try await registersPerFrameWork()
        }
        guard replay else { return }
        let started = DispatchTime.now().uptimeNanoseconds
        var from = (position ?? Int.max) + 1
        if from > index {
            // Behind us (or unknown): only a fresh page has the history of a render from 0.
            try await navigate()
            preRollStats.reloads += 1
            from = 0
        }
        var next = from
        while next < index {
            let batch = next..<min(index, next + Self.preRollBatch)
            let times = batch.map { frameRate.time(ofFrame: $0) }
            let list = times.map { String($0) }.joined(separator: ",")
            do {
                _ = try await evaluateRaw("window.__hf.replay([\(list)])", timeout: options.seekTimeout * 4)
            } catch let error as BrowserError {
                if case .callTimeout = error, connection.currentFailure == nil {
                    throw BrowserError.seekTimeout(time: times.last ?? 0, seconds: options.seekTimeout * 4, stall: await seekStall())
                }
                throw events.firstFailure ?? error
            }
            try throwIfFailed()
            next = batch.upperBound
        }
        clockFrame = index - 1
        preRollStats.frames += index - from
        preRollStats.seconds += Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
    }

    /// `__hf.keepsState`: whether the page registered requestAnimationFrame callbacks or timers.
    public func registersPerFrameWork() async throws -> Bool {
        try await evaluateRaw("window.__hf.keepsState")["value"]?.boolValue ?? false
    }
}
