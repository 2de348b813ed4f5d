import Foundation
import FrameGateCore

/// Begin-frame capture (`CaptureMethod.beginFrame`): FrameGate sends the page every compositor frame
/// it draws, with `HeadlessExperimental.beginFrame`.
///
/// Two traps, from the seed system and the DevTools documentation: a BeginFrame whose `frameTimeTicks`
/// equals or precedes the previous one deadlocks the compositor (so every call takes the next tick),
/// and a page that is still initialising may draw without a screenshot (so the first read-back retries).
extension CaptureSession {
    /// The interval reported to the compositor, and the step between BeginFrame ticks (ms). It only
    /// schedules the compositor: the page's clock is the runtime's, moved by seeks.
    static let beginFrameInterval = 1000.0 / 60
    /// BeginFrames a read-back may take while the renderer initialises before the page counts as wedged.
    /// Five were too few for a 1080×1920 page with a full-frame `<video>` (2 of 5 session starts fell back);
    /// an empty answer is retried after a short real pause, as the renderer is still getting ready.
    static let readBackAttempts = 20
    static let readBackRetryPause: Duration = .milliseconds(20)

    /// A compositor frame: what it drew (`hasDamage`) and, when asked for, its pixels.
    struct DrawnFrame {
        var hasDamage: Bool
        var screenshot: String?
    }

    /// Sends one BeginFrame at the next tick; `readBack` asks for a screenshot of the frame it draws.
    func beginFrame(readBack: Bool, timeout: Double? = nil) async throws -> DrawnFrame {
        try throwIfFailed()
        frameTicks += Self.beginFrameInterval
        var params: [String: JSONValue] = ["frameTimeTicks": JSONValue(frameTicks), "interval": JSONValue(Self.beginFrameInterval)]
        if readBack {
            params["screenshot"] = .object(screenshotParams)
            holdState.settled = false // this read-back damages the next frame, and may show another image
        }
        let result = try await call("HeadlessExperimental.beginFrame", .object(params), timeout: timeout)
        try throwIfFailed()
        let data = result["screenshotData"]?.stringValue
        return DrawnFrame(hasDamage: result["hasDamage"]?.boolValue ?? true, screenshot: data.flatMap { $0.isEmpty ? nil : $0 })
    }

    /// One frame drawn and read back (base64 image text), retried while the renderer initialises.
    func beginFrameScreenshot(timeout: Double? = nil) async throws -> String {
        for attempt in 0..<Self.readBackAttempts {
            if attempt > 0 { try await Task.sleep(for: Self.readBackRetryPause) }
            if let data = try await beginFrame(readBack: true, timeout: timeout).screenshot { return data }
        }
        throw BrowserError.captureFailed(reason: "\(Self.readBackAttempts) BeginFrames returned no screenshot")
    }

    /// What the begin-frame loop knows between the frames it captures (`captureFrames`).
    struct HoldState {
        /// The image of the last frame `captureFrames` passed on, exactly as delivered (base64 PNG or JPEG).
        var lastImage: String?
        /// The display shows `lastImage` and no read-back damage is pending: an undamaged BeginFrame
        /// now means the page has not changed.
        var settled = false
        /// Frames the compositor reported damaged although their pixels had not changed.
        var falseAlarms = 0
    }

    /// A page that damages frames without changing them this often is not probed again (each probe
    /// would cost a BeginFrame and hold nothing).
    static let falseAlarmLimit = 2

    /// One frame under begin-frame control: its image, or nil when it is exactly the previous frame
    /// (held: not read back, decoded or digested).
    ///
    /// A page that moves costs one BeginFrame per frame, read back. Once a read-back equals the one
    /// before it (the same bytes from the same encoder: the same pixels, so that frame is held too),
    /// the page is taken to be still: one BeginFrame right away absorbs the damage every read-back
    /// leaves on the next frame (its copy request redraws the surface), and from then on each frame
    /// first asks for a BeginFrame without read-back. No damage means the compositor drew nothing new,
    /// so the display is still the last image: held. Damage means a read-back, and the page moves again.
    /// Exact because nothing but the session's own calls changes the page between frames (the runtime
    /// owns time, timers and animation frames).
    func beginFrameCapture() async throws -> String? {
        guard options.holdFrames else { return try await beginFrameScreenshot() }
        let probing = holdState.settled && holdState.falseAlarms < Self.falseAlarmLimit
        if probing {
            guard try await beginFrame(readBack: false).hasDamage else { return nil }
        }
        let image = try await beginFrameScreenshot()
        guard image == holdState.lastImage else {
            holdState.lastImage = image
            return image
        }
        if probing { holdState.falseAlarms += 1 }
        if holdState.falseAlarms < Self.falseAlarmLimit {
            _ = try await beginFrame(readBack: false)
            holdState.settled = true
        }
        return nil
    }

    /// Under begin-frame control a frame's pixels can depend on the frame the compositor drew before it
    /// (measured on the perf fixture: a chunk's first frame, drawn on a fresh page, differed at the edges
    /// of its rotated tiles from the same frame drawn after its predecessor, at 10 of 16 chunk starts).
    /// So before the first frame of a range that does not continue the last one, the frame before it is
    /// drawn (not read back), as in a render from frame 0. A page that keeps state is only ever moved by
    /// the pre-roll: when that left it just before `index`, it is drawn as it is; otherwise (pre-roll
    /// off) nothing is drawn.
    func drawFrameBefore(_ index: Int, frameRate: FrameRate) async throws {
        guard capture == .beginFrame, index > 0 else { return }
        if clockFrame != index - 1 {
            guard try await !registersPerFrameWork() else { return }
            try await seek(to: frameRate.time(ofFrame: index - 1))
        }
        _ = try await beginFrame(readBack: false)
    }

    /// A page-side shader transition (runtime.js `compositeShaderTransition`) has cloned its scenes and
    /// needs them painted before it draws them through its shader; only BeginFrames paint here. Two frames
    /// (HyperFrames' renderer waits two as well), then the page resolves the transition. The frames drawn
    /// showed the page mid-seek, so the next capture reads back rather than trusting "no damage".
    func paintShaderTransition() async throws {
        for _ in 0..<2 { _ = try await beginFrame(readBack: false, timeout: options.seekTimeout) }
        holdState.settled = false
        _ = try await evaluateRaw("window.__hf.resolveComposite()", timeout: options.seekTimeout)
    }

    /// Session start: one frame of the real compiled page, drawn and read back. A compositor that does
    /// not answer (or draws nothing) within the probe's time is wedged; the caller falls back to
    /// `CaptureMethod.screenshot` with a new browser (this one cannot take screenshots any more).
    func probeFrameControl() async throws {
        let timeout = min(callTimeout, Self.probeTimeout)
        do {
            _ = try await beginFrameScreenshot(timeout: timeout)
        } catch let error as BrowserError {
            switch error {
            case .callTimeout, .captureFailed, .protocolError:
                throw BrowserError.frameControlUnavailable(reason: error.message)
            default:
                throw error
            }
        }
    }

    /// Seconds the session-start probe waits for a BeginFrame (a healthy first frame takes well under 1 s).
    static let probeTimeout = 10.0
}
