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
        // Pipes are created close-on-exec and moved above fd 10, so the dup2 onto 3/4 in the child
        // never has source == target (which would leave FD_CLOEXEC set and the pipe closed at exec).
        func pipePair() throws -> (read: Int32, write: Int32) {
            var fds: [Int32] = [0, 0]
            guard pipe(&fds) == 0 else {
                throw BrowserError.launchFailed(executable: executable, reason: "pipe: \(String(cString: strerror(errno)))", stderrTail: "")
            }
            let read = fcntl(fds[0], F_DUPFD_CLOEXEC, 10), write = fcntl(fds[1], F_DUPFD_CLOEXEC, 10)
            close(fds[0]); close(fds[1])
            return (read, write)
        }
        let commands = try pipePair(), messages = try pipePair(), errors = try pipePair()

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, errors.write, 2)
        posix_spawn_file_actions_adddup2(&actions, commands.read, 3)
        posix_spawn_file_actions_adddup2(&actions, messages.write, 4)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Own process group: close() can take the zygote, GPU and renderer children down with the browser.
        posix_spawnattr_setpgroup(&attributes, 0)
        var defaultSignals = sigset_t()
        sigemptyset(&defaultSignals)
        sigaddset(&defaultSignals, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaultSignals)
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        close(commands.read); close(messages.write); close(errors.write)
        guard status == 0 else {
            close(commands.write); close(messages.read); close(errors.read)
            throw BrowserError.launchFailed(executable: executable, reason: String(cString: strerror(status)), stderrTail: "")
        }
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
