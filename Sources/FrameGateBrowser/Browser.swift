import Foundation
import FrameGateCore

/// One chromium-headless-shell process and its DevTools connection. Pages are opened on it with
/// `CaptureSession.open`. The process is reaped on `close()`, on deinit, and when it crashes.
public actor Browser {
    let process: BrowserProcess
    let connection: CDPConnection
    let options: BrowserOptions
    private let userDataDir: URL
    private var closed = false
    public let version: String
    /// How pages of this browser are captured: fixed at launch (the flags differ).
    public nonisolated let capture: CaptureMethod

    /// The browser's process id (for diagnostics and crash tests).
    public nonisolated var pid: Int32 { process.pid }

    private init(process: BrowserProcess, connection: CDPConnection, options: BrowserOptions, userDataDir: URL,
                 version: String, capture: CaptureMethod) {
        self.process = process
        self.connection = connection
        self.options = options
        self.userDataDir = userDataDir
        self.version = version
        self.capture = capture
    }

    public static func launch(_ options: BrowserOptions = .init()) async throws -> Browser {
        let executable = try options.resolveExecutable()
        let capture = try options.capture ?? CaptureMethod.resolve()
        let userDataDir = FileManager.default.temporaryDirectory
            .appendingPathComponent("framegate-chrome-\(getpid())-\(UUID().uuidString)", isDirectory: true)
        try? FileManager.default.createDirectory(at: userDataDir, withIntermediateDirectories: true)
        ProcessCleanup.register(path: userDataDir)
        let arguments = BrowserOptions.deterministicFlags(userDataDir: userDataDir.path) + capture.browserFlags + options.extraArguments
        let process: BrowserProcess
        do {
            process = try BrowserProcess.spawn(executable: executable, arguments: arguments)
        } catch {
            try? FileManager.default.removeItem(at: userDataDir)
            ProcessCleanup.unregister(path: userDataDir)
            throw error
        }
        // An interrupted FrameGate kills the browser's whole process group (SignalExit).
        ProcessCleanup.register(processGroup: process.pid)
        let connection = CDPConnection(process: process)
        do {
            let info = try await connection.call("Browser.getVersion", timeout: options.callTimeout)
            return Browser(process: process, connection: connection, options: options, userDataDir: userDataDir,
                           version: info["product"]?.stringValue ?? "unknown", capture: capture)
        } catch {
            process.killGroup()
            await process.waitForExit()
            try? FileManager.default.removeItem(at: userDataDir)
            Self.forget(process, userDataDir)
            throw BrowserError.launchFailed(executable: executable, reason: "\(error)", stderrTail: process.stderrTail)
        }
    }

    /// Asks the browser to quit, kills its process group if it has not within 2 s, and waits for the reap.
    public func close() async {
        guard !closed else { return }
        closed = true
        if !process.hasExited {
            _ = try? await connection.call("Browser.close", timeout: 2)
            if !(await process.waitForExit(seconds: 2)) { process.killGroup() }
        }
        await process.waitForExit()
        try? FileManager.default.removeItem(at: userDataDir)
        Self.forget(process, userDataDir)
    }

    private static func forget(_ process: BrowserProcess, _ userDataDir: URL) {
        ProcessCleanup.unregister(processGroup: process.pid)
        ProcessCleanup.unregister(path: userDataDir)
    }

    deinit {
        // The reaper thread owns the wait; killing here guarantees there is something to reap.
        if !closed {
            process.killGroup()
            let dir = userDataDir
            let pid = process.pid
            process.onExit {
                try? FileManager.default.removeItem(at: dir)
                ProcessCleanup.unregister(processGroup: pid)
                ProcessCleanup.unregister(path: dir)
            }
        }
    }

    /// Opens a blank page target and attaches to it in flattened mode; returns (targetId, sessionId).
    func openPage() async throws -> (target: String, session: String) {
        // Under begin-frame control the page draws only when FrameGate sends it a BeginFrame.
        let created = try await connection.call("Target.createTarget", [
            "url": "about:blank", "enableBeginFrameControl": JSONValue(capture == .beginFrame),
        ], timeout: options.callTimeout)
        guard let target = created["targetId"]?.stringValue else {
            throw BrowserError.protocolError(method: "Target.createTarget", message: "no targetId")
        }
        let attached = try await connection.call("Target.attachToTarget", ["targetId": JSONValue(target), "flatten": true], timeout: options.callTimeout)
        guard let session = attached["sessionId"]?.stringValue else {
            throw BrowserError.protocolError(method: "Target.attachToTarget", message: "no sessionId")
        }
        return (target, session)
    }

    func closePage(target: String) async {
        _ = try? await connection.call("Target.closeTarget", ["targetId": JSONValue(target)], timeout: 5)
    }
}
