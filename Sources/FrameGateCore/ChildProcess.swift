import Foundation

/// Runs another program to its end: ProcessSpawn, its stderr collected through a pipe, waitpid. Used for
/// the `render-chunk` workers of `render --distributed`. Not Foundation's `Process`: its monitor thread
/// crashed a `render --distributed 2` parent with signal 11 (inside `Process.setup`'s closure) in one
/// benchmark run, and a renderer must not die of its child bookkeeping.
public enum ChildProcess {
    /// The exit status (128 + the signal for a child killed by one, as a shell reports it) and everything
    /// the child wrote to stderr. Stdout goes to /dev/null. When the awaiting task is cancelled the child
    /// gets SIGTERM, so no worker outlives the task that started it. `environment` is added to this
    /// process's. The child is registered with ProcessCleanup while it runs.
    public static func run(_ executable: URL, _ arguments: [String], environment: [String: String] = [:]) async throws -> (status: Int32, stderr: String) {
        let pid: pid_t, read: Int32
        do throws(ProcessSpawn.Failure) {
            let errors = try ProcessSpawn.pipe()
            read = errors.read
            let merged = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            do {
                pid = try ProcessSpawn.spawn(executable.path, arguments, descriptors: [(errors.write, 2)], environment: merged)
            } catch {
                close(errors.write); close(errors.read)
                throw error
            }
            close(errors.write)
        } catch {
            throw CoreError.io(path: executable.path, reason: "cannot start it: \(error.reason)")
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
