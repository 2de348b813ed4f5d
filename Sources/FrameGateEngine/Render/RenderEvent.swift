import Foundation

public enum RenderStage: String, Sendable, Codable, CaseIterable {
    case compile, probe, capture, audio, mux
}

/// Progress of a render, for progress bars, JSON event streams and the harness.
public enum RenderEvent: Sendable {
    case stageStarted(RenderStage)
    case stageFinished(RenderStage, seconds: Double)
    /// Frames captured and encoded so far, summed over every worker.
    case framesDone(done: Int, total: Int)
    /// Something the render went on past that the user must hear about (CaptureSession.warnings): a
    /// sub-composition script that threw inside its error boundary, an element drawn stretched. Each
    /// distinct one once.
    case warning(String)
    /// A worker's browser failed the begin-frame probe; it captures with Page.captureScreenshot instead.
    case captureFallback(reason: String)
}

extension RenderEvent {
    /// The one stderr line an event warrants whatever the output mode, or nil (progress is drawn, not logged).
    public var notice: String? {
        guard case let .captureFallback(reason) = self else { return nil }
        return "framegate: begin-frame capture unavailable, capturing with Page.captureScreenshot instead: \(reason)"
    }
}

public typealias RenderObserver = @Sendable (RenderEvent) -> Void

/// What a finished render reports.
public struct RenderResult: Sendable {
    public var output: URL
    public var frameCount: Int
    public var firstFrame: Int
    public var duration: Double
    public var width: Int
    public var height: Int
    public var hasAudio: Bool
    /// SHA-256 of each captured frame's RGBA pixels, in frame order.
    public var digests: [String]
    public var stageSeconds: [(stage: RenderStage, seconds: Double)]
    public var compiledHTML: String
}
