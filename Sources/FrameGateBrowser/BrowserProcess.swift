import Foundation
import FrameGateCore
#if canImport(Glibc)
import Glibc
#endif

/// The chromium child process: spawned with the DevTools pipe on fds 3 (commands in) and 4
/// (messages out), its stderr kept as a rolling tail for crash reports, and always reaped.
final class BrowserProcess: Sendable {
    let pid: pid_t
    /// We write commands here (the browser's fd 3).
    let commandFD: Int32
    /// We read messages here (the browser's fd 4).
    let messageFD: Int32
    let executable: String

    private struct State: Sendable {
        var exitStatus: Int32?
        var exitWaiters: [CheckedContinuation<Void, Never>] = []
        var exitHandlers: [@Sendable () -> Void] = []
        var stderrBuffer: [UInt8] = []
    }

    private let state = Locked(State())
    private static let stderrTailLimit = 4096

    private init(pid: pid_t, commandFD: Int32, messageFD: Int32, stderrFD: Int32, executable: String) {
        self.pid = pid
        self.commandFD = commandFD
        self.messageFD = messageFD
        self.executable = executable
        startStderrReader(stderrFD)
        startReaper()
    }

    deinit {
        close(commandFD)
        close(messageFD)
    }

    static func spawn(executable: String, arguments: [String]) throws -> BrowserProcess {
        func failed(_ reason: String) -> BrowserError { .launchFailed(executable: executable, reason: reason, stderrTail: "") }
        let commands: (read: Int32, write: Int32), messages: (read: Int32, write: Int32), errors: (read: Int32, write: Int32)
        do {
            commands = try ProcessSpawn.pipe(); messages = try ProcessSpawn.pipe(); errors = try ProcessSpawn.pipe()
        } catch { throw failed(error.reason) }
        let pid: pid_t
        do {
            // Own process group: close() can take the zygote, GPU and renderer children down with the browser.
            pid = try ProcessSpawn.spawn(executable, arguments,
                                         descriptors: [(errors.write, 2), (commands.read, 3), (messages.write, 4)],
                                         newProcessGroup: true)
        } catch {
            close(commands.read); close(messages.write); close(errors.write)
            close(commands.write); close(messages.read); close(errors.read)
            throw failed(error.reason)
        }
        close(commands.read); close(messages.write); close(errors.write)
        // A browser that dies must surface as BROWSER_CRASHED on our next write, not kill us with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        return BrowserProcess(pid: pid, commandFD: commands.write, messageFD: messages.read,
                              stderrFD: errors.read, executable: executable)
    }

    /// The last ~4 KB the browser wrote to stderr.
    var stderrTail: String { String(decoding: state.withLock { $0.stderrBuffer }, as: UTF8.self) }

    var hasExited: Bool { state.withLock { $0.exitStatus != nil } }

    var exitDescription: String {
        guard let status = state.withLock({ $0.exitStatus }) else { return "still running" }
        if status & 0x7f == 0 { return "exit status \((status >> 8) & 0xff)" }
        return "signal \(status & 0x7f)"
    }

    /// Runs `handler` once the process has been reaped (immediately if it already was).
    func onExit(_ handler: @escaping @Sendable () -> Void) {
        let exited = state.withLock { state in
            if state.exitStatus == nil { state.exitHandlers.append(handler) }
            return state.exitStatus != nil
        }
        if exited { handler() }
    }

    func waitForExit() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let exited = state.withLock { state in
                if state.exitStatus == nil { state.exitWaiters.append(continuation) }
                return state.exitStatus != nil
            }
            if exited { continuation.resume() }
        }
    }

    /// Waits up to `seconds` for the exit; false when the process is still alive.
    func waitForExit(seconds: Double) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while !hasExited {
            if Date() >= deadline { return false }
            try? await Task.sleep(nanoseconds: 20_000_000)
        }
        return true
    }

    /// SIGKILL to the whole process group (browser + helpers). Safe before reaping: the group id is ours.
    func killGroup() {
        if !hasExited { kill(-pid, SIGKILL); kill(pid, SIGKILL) }
    }

    private func startReaper() {
        let pid = self.pid
        let thread = Thread { [self] in
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
            // Helpers that outlived the browser (renderer, GPU) belong to its group; sweep them.
            kill(-pid, SIGKILL)
            let (waiters, handlers) = state.withLock { state in
                state.exitStatus = status
                defer { state.exitWaiters = []; state.exitHandlers = [] }
                return (state.exitWaiters, state.exitHandlers)
            }
            handlers.forEach { $0() }
            waiters.forEach { $0.resume() }
        }
        thread.name = "framegate.browser.reaper"
        thread.start()
    }

    private func startStderrReader(_ fd: Int32) {
        let thread = Thread { [self] in
            var chunk = [UInt8](repeating: 0, count: 8192)
            while true {
                let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { break }
                let received = chunk[0..<count]
                state.withLock { state in
                    state.stderrBuffer.append(contentsOf: received)
                    if state.stderrBuffer.count > Self.stderrTailLimit {
                        state.stderrBuffer.removeFirst(state.stderrBuffer.count - Self.stderrTailLimit)
                    }
                }
            }
            close(fd)
        }
        thread.name = "framegate.browser.stderr"
        thread.start()
    }
}
