import Foundation
import FrameGateCore
#if canImport(Glibc)
import Glibc
#endif

/// The DevTools protocol over `--remote-debugging-pipe`: NUL-delimited JSON, responses matched by
/// id, events dispatched by sessionId (flattened sessions), a deadline per call, and every pending
/// call failed with BROWSER_CRASHED the moment the pipe closes.
final class CDPConnection: Sendable {
    typealias EventHandler = @Sendable (_ method: String, _ params: JSONValue) -> Void

    private struct Pending {
        let method: String
        let session: String?
        let continuation: CheckedContinuation<JSONValue, Error>
    }

    private struct State {
        var nextId = 1
        var pending: [Int: Pending] = [:]
        var handlers: [String: EventHandler] = [:]   // "" = browser-level events
        var failure: BrowserError?

        mutating func takeId() -> Int {
            defer { nextId += 1 }
            return nextId
        }
    }

    private let process: BrowserProcess
    private let state = Locked(State())
    // Writes go through one serial queue so a large message (a fulfilled asset) never blocks a
    // cooperative-pool thread and messages never interleave.
    private let writeQueue = DispatchQueue(label: "framegate.cdp.write")
    private let timerQueue = DispatchQueue(label: "framegate.cdp.timers")

    init(process: BrowserProcess) {
        self.process = process
        let thread = Thread { [weak self] in self?.readLoop() }
        thread.name = "framegate.cdp.read"
        thread.start()
        process.onExit { [weak self] in
            self?.fail(context: "(\(process.exitDescription))")
        }
    }

    /// The error every call gets once the browser is gone, or nil while it is alive.
    var currentFailure: BrowserError? { state.withLock { $0.failure } }

    func setEventHandler(session: String?, _ handler: EventHandler?) {
        state.withLock { $0.handlers[session ?? ""] = handler }
    }

    /// Sends one command and waits for its result (`timeout` seconds at most).
    func call(_ method: String, _ params: JSONValue = [:], session: String? = nil, timeout: Double) async throws -> JSONValue {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<JSONValue, Error>) in
            let registered: Result<Int, BrowserError> = state.withLock { state in
                if let failure = state.failure { return .failure(failure) }
                let id = state.takeId()
                state.pending[id] = Pending(method: method, session: session, continuation: continuation)
                return .success(id)
            }
            guard case let .success(id) = registered else {
                if case let .failure(failure) = registered { continuation.resume(throwing: failure) }
                return
            }
            timerQueue.asyncAfter(deadline: .now() + timeout) { [weak self] in
                guard let self else { return }
                let timedOut = self.state.withLock { $0.pending.removeValue(forKey: id) }
                timedOut?.continuation.resume(throwing: BrowserError.callTimeout(
                    method: method, seconds: timeout, stderrTail: self.process.stderrTail))
            }
            send(id: id, method: method, params: params, session: session)
        }
    }

    /// Sends a command whose answer nobody needs (Fetch replies): failures show up elsewhere.
    func post(_ method: String, _ params: JSONValue = [:], session: String? = nil) {
        let id: Int? = state.withLock { $0.failure == nil ? $0.takeId() : nil }
        if let id { send(id: id, method: method, params: params, session: session) }
    }

    private func send(id: Int, method: String, params: JSONValue, session: String?) {
        var message: [String: JSONValue] = ["id": .number(Double(id)), "method": .string(method), "params": params]
        if let session { message["sessionId"] = .string(session) }
        var data = JSONValue.object(message).serialized()
        data.append(0)
        let payload = data, fd = process.commandFD
        writeQueue.async { [weak self] in
            let ok = payload.withUnsafeBytes { raw -> Bool in
                var offset = 0
                while offset < raw.count {
                    let written = write(fd, raw.baseAddress! + offset, raw.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        return false
                    }
                    offset += written
                }
                return true
            }
            if !ok { self?.fail(context: "while sending \(method) (the DevTools pipe is closed)") }
        }
    }

    private func resolve(id: Int, with result: Result<JSONValue, Error>) {
        let entry = state.withLock { $0.pending.removeValue(forKey: id) }
        entry?.continuation.resume(with: result)
    }

    /// Fails the calls waiting on one page session at once (its renderer crashed: they would only time out).
    func failPending(session: String, with error: BrowserError) {
        let waiting = state.withLock { state -> [Pending] in
            let ids = state.pending.filter { $0.value.session == session }.map(\.key)
            return ids.compactMap { state.pending.removeValue(forKey: $0) }
        }
        waiting.forEach { $0.continuation.resume(throwing: error) }
    }

    /// Fails every pending and future call. Called when the pipe closes or the process is reaped.
    func fail(context: String) {
        let stderrTail = process.stderrTail
        let (error, waiting, allHandlers) = state.withLock { state in
            let error = state.failure ?? .crashed(context: context, stderrTail: stderrTail)
            state.failure = error
            let waiting = state.pending
            state.pending = [:]
            return (error, waiting, state.handlers)
        }
        waiting.values.forEach { $0.continuation.resume(throwing: error) }
        // Sessions learn of the crash too, so a capture loop that is between calls stops.
        allHandlers.values.forEach { $0("FrameGate.browserGone", [:]) }
    }

    private func readLoop() {
        let fd = process.messageFD
        var buffer = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var scanFrom = 0
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            buffer.append(contentsOf: chunk[0..<count])
            var start = 0
            while let end = buffer[scanFrom...].firstIndex(of: 0) {
                dispatch(buffer[start..<end])
                start = end + 1
                scanFrom = start
            }
            if start > 0 {
                buffer.removeFirst(start)
                scanFrom = 0
            }
            scanFrom = buffer.count
        }
        // Give the reaper a moment so the message can say how the process ended.
        for _ in 0..<25 where !process.hasExited { usleep(20_000) }
        fail(context: process.hasExited ? "(\(process.exitDescription))" : "(the DevTools pipe closed)")
    }

    private func dispatch(_ bytes: ArraySlice<UInt8>) {
        guard let message = try? JSONValue(parsing: Data(bytes)) else { return }
        if let id = message["id"]?.intValue {
            if let error = message["error"] {
                let method = state.withLock { $0.pending[id]?.method } ?? "?"
                let text = (error["message"]?.stringValue ?? "unknown error") + (error["data"]?.stringValue.map { " (\($0))" } ?? "")
                resolve(id: id, with: .failure(BrowserError.protocolError(method: method, message: text)))
            } else {
                resolve(id: id, with: .success(message["result"] ?? [:]))
            }
            return
        }
        guard let method = message["method"]?.stringValue else { return }
        let handler = state.withLock { $0.handlers[message["sessionId"]?.stringValue ?? ""] }
        handler?(method, message["params"] ?? [:])
    }
}
