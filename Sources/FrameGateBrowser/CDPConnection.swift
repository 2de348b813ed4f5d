import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A JSON object from the protocol. The dictionaries hold only JSON values, which are immutable
/// once parsed, so passing them between tasks is safe.
struct JSONObject: @unchecked Sendable {
    var value: [String: Any]
    init(_ value: [String: Any]) { self.value = value }
    subscript(key: String) -> Any? { value[key] }
    func string(_ key: String) -> String? { value[key] as? String }
    func object(_ key: String) -> JSONObject? { (value[key] as? [String: Any]).map(JSONObject.init) }
}

/// The DevTools protocol over `--remote-debugging-pipe`: NUL-delimited JSON, responses matched by
/// id, events dispatched by sessionId (flattened sessions), a deadline per call, and every pending
/// call failed with BROWSER_CRASHED the moment the pipe closes.
final class CDPConnection: @unchecked Sendable {
    typealias EventHandler = @Sendable (_ method: String, _ params: JSONObject) -> Void

    private struct Pending {
        let method: String
        let continuation: CheckedContinuation<JSONObject, Error>
    }

    private let process: BrowserProcess
    private let lock = NSLock()
    private var nextId = 1
    private var pending: [Int: Pending] = [:]
    private var handlers: [String: EventHandler] = [:]   // "" = browser-level events
    private var failure: BrowserError?
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
    var currentFailure: BrowserError? {
        lock.lock(); defer { lock.unlock() }
        return failure
    }

    func setEventHandler(session: String?, _ handler: EventHandler?) {
        lock.lock(); defer { lock.unlock() }
        handlers[session ?? ""] = handler
    }

    /// Sends one command and waits for its result (`timeout` seconds at most).
    func call(_ method: String, _ params: [String: Any] = [:], session: String? = nil, timeout: Double) async throws -> JSONObject {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<JSONObject, Error>) in
            lock.lock()
            if let failure {
                lock.unlock()
                continuation.resume(throwing: failure)
                return
            }
            let id = nextId
            nextId += 1
            pending[id] = Pending(method: method, continuation: continuation)
            lock.unlock()

            timerQueue.asyncAfter(deadline: .now() + timeout) { [weak self] in
                guard let self else { return }
                self.lock.lock()
                let timedOut = self.pending.removeValue(forKey: id)
                self.lock.unlock()
                timedOut?.continuation.resume(throwing: BrowserError.callTimeout(
                    method: method, seconds: timeout, stderrTail: self.process.stderrTail))
            }
            send(id: id, method: method, params: params, session: session)
        }
    }

    /// Sends a command whose answer nobody needs (Fetch replies): failures show up elsewhere.
    func post(_ method: String, _ params: [String: Any] = [:], session: String? = nil) {
        lock.lock()
        let id = nextId
        nextId += 1
        let dead = failure != nil
        lock.unlock()
        if !dead { send(id: id, method: method, params: params, session: session) }
    }

    private func send(id: Int, method: String, params: [String: Any], session: String?) {
        var message: [String: Any] = ["id": id, "method": method, "params": params]
        if let session { message["sessionId"] = session }
        guard var data = try? JSONSerialization.data(withJSONObject: message) else {
            resolve(id: id, with: .failure(BrowserError.protocolError(method: method, message: "parameters are not JSON")))
            return
        }
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

    private func resolve(id: Int, with result: Result<JSONObject, Error>) {
        lock.lock()
        let entry = pending.removeValue(forKey: id)
        lock.unlock()
        entry?.continuation.resume(with: result)
    }

    /// Fails every pending and future call. Called when the pipe closes or the process is reaped.
    func fail(context: String) {
        lock.lock()
        if failure == nil {
            failure = .crashed(context: context, stderrTail: process.stderrTail)
        }
        let error = failure!
        let waiting = pending
        pending = [:]
        let allHandlers = handlers
        lock.unlock()
        waiting.values.forEach { $0.continuation.resume(throwing: error) }
        // Sessions learn of the crash too, so a capture loop that is between calls stops.
        allHandlers.values.forEach { $0("FrameGate.browserGone", JSONObject([:])) }
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
        guard let object = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] else { return }
        if let id = object["id"] as? Int {
            if let error = object["error"] as? [String: Any] {
                lock.lock()
                let method = pending[id]?.method ?? "?"
                lock.unlock()
                let text = (error["message"] as? String ?? "unknown error") + ((error["data"] as? String).map { " (\($0))" } ?? "")
                resolve(id: id, with: .failure(BrowserError.protocolError(method: method, message: text)))
            } else {
                resolve(id: id, with: .success(JSONObject(object["result"] as? [String: Any] ?? [:])))
            }
            return
        }
        guard let method = object["method"] as? String else { return }
        lock.lock()
        let handler = handlers[object["sessionId"] as? String ?? ""]
        lock.unlock()
        handler?(method, JSONObject(object["params"] as? [String: Any] ?? [:]))
    }
}
