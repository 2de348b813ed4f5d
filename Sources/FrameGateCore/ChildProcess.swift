import Foundation

/// Runs another program to its end: posix_spawn, its stderr collected through a pipe, waitpid. Used for
/// the `render-chunk` workers of `render --distributed`. Not Foundation's `Process`: its monitor thread
/// crashed a `render --distributed 2` parent with signal 11 (inside `Process.setup`'s closure) in one
/// benchmark run, and a renderer must not die of its child bookkeeping.
public enum ChildProcess {
    /// The exit status (128 + the signal for a child killed by one, as a shell reports it) and everything
    /// the child wrote to stderr. Stdout goes to /dev/null. When the awaiting task is cancelled the child
    /// gets SIGTERM, so no worker outlives the task that started it. `environment` is added to this
    /// process's. The child is registered with ProcessCleanup while it runs.
    public static func run(_ executable: URL, _ arguments: [String], environment: [String: String] = [:]) async throws -> (status: Int32, stderr: String) {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw CoreError.io(path: executable.path, reason: "pipe: \(String(cString: strerror(errno)))") }
        // Close-on-exec and above fd 10, so the child's dup2 onto fd 2 never has source == target.
        let read = fcntl(fds[0], F_DUPFD_CLOEXEC, 10), write = fcntl(fds[1], F_DUPFD_CLOEXEC, 10)
        close(fds[0]); close(fds[1])

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, write, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaultSignals = sigset_t()
        sigemptyset(&defaultSignals)
        for signal in [SIGPIPE, SIGINT, SIGTERM] { sigaddset(&defaultSignals, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaultSignals)
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let merged = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable.path] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { argv.forEach { free($0) }; envp.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable.path, &actions, &attributes, argv, envp)
        close(write)
        guard spawned == 0 else {
            close(read)
            throw CoreError.io(path: executable.path, reason: "cannot start it: \(String(cString: strerror(spawned)))")
        }
        ProcessCleanup.register(worker: pid)
        let child = pid
        let reaped = Locked(false) // no SIGTERM to a pid that may already belong to another process
        return try await withTaskCancellationHandler {
            // Reading to EOF and reaping block: a thread of their own, off the cooperative pool.
            try await WorkQueue(label: "child-\(child)").run {
                var collected = Data()
                var buffer = [UInt8](repeating: 0, count: 65536)
                while true {
                    let count = buffer.withUnsafeMutableBytes { Foundation.read(read, $0.baseAddress, $0.count) }
                    if count > 0 { collected.append(contentsOf: buffer[0..<count]); continue }
                    if count < 0 && errno == EINTR { continue }
                    break
                }
                close(read)
                var status: Int32 = 0
                // Wait for the exit without reaping (the pid stays the zombie's, so a SIGTERM now is harmless),
                // then reap under the lock that cancellation checks.
                var info = siginfo_t()
                while waitid(P_PID, id_t(child), &info, WEXITED | WNOWAIT) == -1 && errno == EINTR {}
                reaped.withLock { done in
                    while waitpid(child, &status, 0) == -1 && errno == EINTR {}
                    done = true
                }
                ProcessCleanup.unregister(worker: child)
                let exit = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
                return (exit, String(decoding: collected, as: UTF8.self))
            }
        } onCancel: {
            reaped.withLock { done in if !done { kill(child, SIGTERM) } }
        }
    }
}
