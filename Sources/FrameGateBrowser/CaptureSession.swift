import FrameGateMedia
import Foundation
import FrameGateCore

/// One composition loaded in one page of a `Browser`: seek it to exact times and capture frames.
/// Calls are serialised by the actor; nothing but `seek`, `showVideoFrame` and `evaluate` changes the page.
public actor CaptureSession {
    let browser: Browser
    let connection: CDPConnection
    let targetId: String
    let sessionId: String
    let project: ProjectSource
    public let options: CaptureOptions
    let events = SessionEvents()
    let callTimeout: Double
    private var assets: AssetServer?
    private var closed = false
    /// The frame whose time the page's clock was last moved to by `captureFrames` (−1: just loaded, the
    /// clock at 0 as before frame 0); nil after any other seek. The pre-roll replays from here.
    var clockFrame: Int?
    /// What pre-roll has cost this session so far.
    public internal(set) var preRollStats = PreRollStats()
    /// How this session's frames are drawn and read back (its browser's method).
    public nonisolated var capture: CaptureMethod { browser.capture }
    /// Frames `captureFrames` held (begin-frame capture): passed on as the previous frame, not read back.
    public internal(set) var heldFrames = 0
    /// Begin-frame capture's view of the display (`beginFrameCapture`), and the last frame `captureFrames`
    /// passed on: a later call that continues from it may hold its first frame.
    var holdState = HoldState()
    var lastCaptured: CapturedFrame?
    /// The last BeginFrame's `frameTimeTicks` (begin-frame capture): each one must be later.
    var frameTicks = 0.0
    /// Where decoded `<video>` frames are written for the page to read (created at the first one).
    var videoFrameFiles: VideoFrameFiles?
    /// The protocol handle of the runtime's file input for video frames in the loaded page (nil after a load).
    var videoFrameInput: String?

    private init(browser: Browser, connection: CDPConnection, targetId: String, sessionId: String,
                 project: ProjectSource, options: CaptureOptions, callTimeout: Double) {
        self.browser = browser
        self.connection = connection
        self.targetId = targetId
        self.sessionId = sessionId
        self.project = project
        self.options = options
        self.callTimeout = callTimeout
    }

    public static func open(browser: Browser, project: ProjectSource, options: CaptureOptions) async throws -> CaptureSession {
        let page = try await browser.openPage()
        let session = CaptureSession(browser: browser, connection: browser.connection, targetId: page.target,
                                     sessionId: page.session, project: project, options: options,
                                     callTimeout: browser.options.callTimeout)
        do {
            try await session.load()
        } catch {
            await session.close()
            throw error
        }
        return session
    }

    static let runtimeSource: String = {
        guard let url = Bundle.module.url(forResource: "runtime", withExtension: "js"),
              let text = try? String(contentsOf: url, encoding: .utf8) else {
            fatalError("FrameGateBrowser: Resources/runtime.js is missing from the bundle")
        }
        return text
    }()

    private func load() async throws {
        let events = self.events
        let assets = AssetServer(project: project, connection: connection, sessionId: sessionId, events: events)
        self.assets = assets
        let connection = self.connection
        let sessionId = self.sessionId
        connection.setEventHandler(session: sessionId) { method, params in
            switch method {
            case "Fetch.requestPaused":
                assets.handlePaused(params)
            case "Runtime.exceptionThrown":
                if let details = params["exceptionDetails"] {
                    events.record(Self.scriptError(from: details))
                }
            case "Page.loadEventFired":
                events.markLoaded()
            case "Inspector.targetCrashed":
                let crash = BrowserError.crashed(context: "(the page's renderer crashed or ran out of memory)", stderrTail: "")
                events.record(crash)
                connection.failPending(session: sessionId, with: crash)
            case "Page.javascriptDialogOpening":
                events.record(.dialogOpened(type: params["type"]?.stringValue ?? "JavaScript",
                                            message: params["message"]?.stringValue ?? ""))
                // Dismiss it, or the page stays blocked and the pending seek would only time out.
                Task { _ = try? await connection.call("Page.handleJavaScriptDialog", ["accept": false], session: sessionId, timeout: 5) }
            case "Page.frameNavigated":
                // The composition's own load is the only navigation; any later one (reload, location
                // change) of the main frame replaces the composition.
                if events.isLoaded, let frame = params["frame"], frame["parentId"] == nil {
                    events.record(.navigated(url: frame["url"]?.stringValue ?? "?"))
                }
            case "Runtime.bindingCalled", "Log.entryAdded":
                if let failure = ScriptBoundary.failure(method: method, params: params) { events.record(warning: failure.warning) }
                if let warning = PageWarnings.warning(method: method, params: params) { events.record(warning: warning) }
                if let url = OfflineGuard.blockedURL(method: method, params: params) { events.record(.networkAccessBlocked(url: url)) }
                if let unsupported = UnsupportedFeatures.reported(method: method, params: params) { events.record(unsupported) }
            case "FrameGate.browserGone":
                if let failure = connection.currentFailure { events.record(failure) }
            default:
                break
            }
        }
        try await call("Page.enable")
        try await call("Runtime.enable")
        try await call("Inspector.enable")
        for setup in PageBindings.setupCalls + OfflineGuard.setupCalls { try await call(setup.method, setup.params) }
        try await call("Fetch.enable", ["patterns": [["urlPattern": "*", "requestStage": "Request"]]])
        try await call("Emulation.setDeviceMetricsOverride", [
            "width": JSONValue(options.width), "height": JSONValue(options.height), "deviceScaleFactor": 1, "mobile": false,
        ])
        try await call("Emulation.setFocusEmulationEnabled", ["enabled": true])
        // One environment in every mode: the page's time zone and locale never come from the host.
        do {
            try await call("Emulation.setTimezoneOverride", ["timezoneId": JSONValue(options.timezone)])
            try await call("Emulation.setLocaleOverride", ["locale": JSONValue(options.locale)])
        } catch let BrowserError.protocolError(method, message) {
            throw BrowserError.invalidEnvironment(detail: "\(method) refused time zone \(options.timezone) / locale \(options.locale): \(message); use an IANA zone (Europe/Berlin) and a BCP 47 locale (de-DE)")
        }
        // The runtime, before any page script, told where the project is mounted (its asset paths are relative
        // to that). Variables are in the compiled page: the compiler injects them.
        // Under begin-frame control no animation frame runs until FrameGate sends one, so the runtime's
        // seek must not wait for real frames (the BeginFrame that follows draws everything the seek did).
        let installer = "window.__hfMount = \(Self.jsString(PrivateOrigin.mountURL));\n"
            + "window.__hfLocale = \(Self.jsString(options.locale));\n"
            + (capture == .beginFrame ? "window.__hfFrameControl = true;\n" : "")
        try await call("Page.addScriptToEvaluateOnNewDocument", ["source": JSONValue(OfflineGuard.script + UnsupportedFeatures.script + PageWarnings.script + installer + Self.runtimeSource)])
        try await navigate()
        if capture == .beginFrame { try await probeFrameControl() }
    }

    /// Loads (or reloads) the composition and seeks it to 0: a fresh page, as at the start of a render.
    func navigate() async throws {
        events.resetLoad()
        holdState = HoldState()
        lastCaptured = nil
        videoFrameInput = nil
        let navigation = try await call("Page.navigate", ["url": JSONValue(PrivateOrigin.url(forEntry: project.entryPath))])
        if let failure = events.firstFailure { throw failure }
        if let errorText = navigation["errorText"]?.stringValue {
            throw BrowserError.compositionNotFound(detail: "cannot load \(project.entryPath) from \(project.root.path): \(errorText)")
        }
        let deadline = Date().addingTimeInterval(callTimeout)
        while !events.isLoaded {
            if let failure = events.firstFailure ?? connection.currentFailure { throw failure }
            if Date() >= deadline {
                throw BrowserError.callTimeout(method: "Page.navigate (load event)", seconds: callTimeout, stderrTail: "")
            }
            try await Task.sleep(nanoseconds: 5_000_000)
        }
        try throwIfFailed()
        if options.capturesAlpha {
            // After the load: Chromium drops the override on navigation (HyperFrames re-applies it per load
            // too). As HyperFrames does for every alpha output, the page's own backdrop (html, body, each
            // composition root) is cleared too: an alpha output is a layer for compositing, so a full-frame
            // background would hide what it is laid over. Everything else the page paints stays.
            try await call("Emulation.setDefaultBackgroundColorOverride", ["color": ["r": 0, "g": 0, "b": 0, "a": 0]])
            _ = try await evaluateRaw(Self.transparentBackdropScript)
        }
        try await seek(to: 0)
        clockFrame = -1
    }

    /// HyperFrames' rule for alpha outputs: html, body and every `[data-composition-id]` element lose their
    /// background. Appended once per load (idempotent), after the page's own stylesheets so it wins.
    static let transparentBackdropScript = """
    (() => {
      if (document.getElementById("__fg_transparent_backdrop__")) return true;
      const style = document.createElement("style");
      style.id = "__fg_transparent_backdrop__";
      style.textContent = "html,body,[data-composition-id]{background:transparent !important;background-color:transparent !important;background-image:none !important;}";
      (document.head || document.documentElement).appendChild(style);
      return true;
    })()
    """

    // MARK: - Protocol helpers

    @discardableResult
    func call(_ method: String, _ params: JSONValue = [:], timeout: Double? = nil) async throws -> JSONValue {
        try await connection.call(method, params, session: sessionId, timeout: timeout ?? callTimeout)
    }

    /// The first fatal event of this page, else the browser's crash, else nothing.
    func throwIfFailed() throws {
        if let failure = events.firstFailure ?? connection.currentFailure { throw failure }
    }

    static func jsString(_ text: String) -> String {
        JSONValue.string(text).serializedString
    }

    static func scriptError(from details: JSONValue) -> BrowserError {
        let exception = details["exception"]
        let description = exception?["description"]?.stringValue ?? exception?["value"]?.stringValue ?? details["text"]?.stringValue ?? "an exception"
        let message = description.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? description
        let url = details["url"]?.stringValue ?? "<inline>"
        let line = (details["lineNumber"]?.intValue ?? 0) + 1
        let column = (details["columnNumber"]?.intValue ?? 0) + 1
        return .scriptError(message: message, location: "\(url):\(line):\(column)")
    }

    /// Runtime.evaluate with awaitPromise; returns the remote result, throwing the page's exception.
    func evaluateRaw(_ expression: String, timeout: Double? = nil) async throws -> JSONValue {
        let response = try await call("Runtime.evaluate", [
            "expression": JSONValue(expression), "awaitPromise": true, "returnByValue": true,
        ], timeout: timeout)
        if let details = response["exceptionDetails"] { throw Self.scriptError(from: details) }
        return response["result"] ?? [:]
    }

    // MARK: - Public API

    /// Evaluates an expression in the page (awaiting promises) and returns its value as JSON text
    /// ("null" for undefined).
    public func evaluate(_ expression: String) async throws -> String {
        try throwIfFailed()
        let result = try await evaluateRaw(expression)
        guard let value = result["value"] else { return "null" }
        return value.serializedString
    }

    /// The warning lines since the page loaded, in the order first seen: sub-composition scripts that threw
    /// inside their error boundary (ScriptBoundary) and what PageWarnings reports.
    public nonisolated var warnings: [String] { events.warnings }

    public func describe() async throws -> RuntimeReport {
        let json = try await evaluate("window.__hf.describe()")
        if json == "null" {
            throw BrowserError.compositionNotFound(detail: "\(project.entryPath) has no element with data-composition-id (or data-root=\"true\"); mark the composition root")
        }
        do {
            return try JSONDecoder().decode(RuntimeReport.self, from: Data(json.utf8))
        } catch {
            throw BrowserError.protocolError(method: "__hf.describe", message: "unexpected description: \(error)")
        }
    }

    /// Moves the composition to time `t` (seconds) and waits until it has settled.
    public func seek(to time: Double) async throws {
        clockFrame = nil
        try throwIfFailed()
        do {
            let answer = try await evaluateRaw("window.__hf.seek(\(time))", timeout: options.seekTimeout)
            if answer["value"]?.stringValue == "paint" { try await paintShaderTransition() }
        } catch let error as BrowserError {
            // What the page did (crashed, opened a dialog, navigated) explains a timeout or a
            // "target navigated" protocol error better than the error itself.
            if let failure = events.firstFailure ?? connection.currentFailure { throw failure }
            if case let .protocolError(_, message) = error, message.contains("navigated") {
                throw BrowserError.navigated(url: "another page")
            }
            if case .callTimeout = error {
                throw BrowserError.seekTimeout(time: time, seconds: options.seekTimeout, stall: await seekStall())
            }
            throw error
        }
        try throwIfFailed()
    }

    /// Captures the viewport as it is now.
    public func capture(index: Int = 0, time: Double = 0) async throws -> CapturedFrame {
        let encoded = try await screenshot()
        let format = options.imageFormat
        let frame = try await WorkQueue(label: "capture-decode").run {
            try Self.decodeFrame(encoded: encoded, format: format, index: index, time: time)
        }
        try throwIfFailed()
        return frame
    }

    /// The viewport as it is now → the base64 image text exactly as the protocol delivered it (decoded
    /// elsewhere so capture can pipeline): Page.captureScreenshot, or under begin-frame control one
    /// BeginFrame that draws and reads back. Public for the benchmark's bare capture loop, which must
    /// cost what a render's screenshot costs and nothing more.
    public func screenshot() async throws -> String {
        try throwIfFailed()
        if capture == .beginFrame { return try await beginFrameScreenshot() }
        var params = screenshotParams
        params["captureBeyondViewport"] = false
        params["fromSurface"] = true
        let result = try await call("Page.captureScreenshot", .object(params))
        guard let data = result["data"]?.stringValue else { throw BrowserError.captureFailed(reason: "Page.captureScreenshot returned no data") }
        return data
    }

    /// Image format parameters, shared by Page.captureScreenshot and BeginFrame's `screenshot`.
    var screenshotParams: [String: JSONValue] {
        switch options.imageFormat {
        case .png: return ["format": "png", "optimizeForSpeed": true]
        case let .jpeg(quality): return ["format": "jpeg", "quality": JSONValue(max(0, min(100, quality)))]
        }
    }

    /// Decodes one captured image with a decoder of its own: `capture()` takes single frames; a
    /// `captureFrames` run keeps one decoder for all of its frames (`CaptureDecoder`).
    static func decodeFrame(encoded: String, format: CaptureImageFormat, index: Int, time: Double) throws -> CapturedFrame {
        let decoder: ImageDecoder
        do {
            switch format {
            case .png: decoder = try ImageDecoder(format: .png)
            case .jpeg: decoder = try ImageDecoder(format: .jpeg)
            }
        } catch let error as CodedError {
            throw BrowserError.captureFailed(reason: error.message)
        }
        return try decodeFrame(encoded: encoded, decoder: decoder, index: index, time: time)
    }

    /// Base64 → image bytes → RGBA pixels and their digest.
    static func decodeFrame(encoded: String, decoder: ImageDecoder, index: Int, time: Double) throws -> CapturedFrame {
        guard let bytes = Data(base64Encoded: encoded) else { throw BrowserError.captureFailed(reason: "frame \(index): invalid base64") }
        let image: RGBAFrame
        do {
            image = try decoder.decode(bytes, label: "frame \(index)")
        } catch let error as CodedError {
            throw BrowserError.captureFailed(reason: error.message)
        }
        return CapturedFrame(index: index, time: time, image: image, digest: image.digest)
    }

    /// Every request the page made, in order, with how the asset server answered it.
    public var requests: [PageRequest] { events.requests }

    public func close() async {
        guard !closed else { return }
        closed = true
        videoFrameFiles?.remove()
        if connection.currentFailure == nil {
            await browser.closePage(target: targetId)
        }
        connection.setEventHandler(session: sessionId, nil)
    }
}
