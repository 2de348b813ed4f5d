import Foundation

/// What this process must undo if it is interrupted: staged outputs and temporary directories to remove,
/// browser process groups and worker processes to end. A signal arrives for the whole process, so this
/// list is process-wide by nature; everything else in FrameGate owns its cleanup locally (defer/catch),
/// and this is only the last resort `SignalExit` runs before exiting 130/143.
public enum ProcessCleanup {
    private struct State: Sendable {
        var paths: Set<String> = []
        /// Process groups led by a browser: killed outright (they hold no state of ours).
        var groups: Set<Int32> = []
        /// FrameGate worker processes: asked to stop (SIGTERM) so they clean up after themselves.
        var workers: Set<Int32> = []
    }

    private static let state = Locked(State())

    public static func register(path url: URL) { state.withLock { _ = $0.paths.insert(url.path) } }
    public static func unregister(path url: URL) { state.withLock { _ = $0.paths.remove(url.path) } }
    public static func register(processGroup pid: Int32) { state.withLock { _ = $0.groups.insert(pid) } }
    public static func unregister(processGroup pid: Int32) { state.withLock { _ = $0.groups.remove(pid) } }
    public static func register(worker pid: Int32) { state.withLock { _ = $0.workers.insert(pid) } }
    public static func unregister(worker pid: Int32) { state.withLock { _ = $0.workers.remove(pid) } }

    /// Ends workers (SIGTERM, then SIGKILL after `grace` seconds) and browsers (SIGKILL to the group),
    /// then removes every registered path. Safe to call from any thread.
    public static func runAll(grace: Double = 5) {
        let snapshot = state.withLock { current -> State in
            let copy = current
            current = State()
            return copy
        }
        for pid in snapshot.workers { kill(pid, SIGTERM) }
        for group in snapshot.groups { kill(-group, SIGKILL) }
        let deadline = Date().addingTimeInterval(grace)
        // Wait for the killed browsers too: a profile directory removed while they still exit can be
        // written again by a dying helper process.
        while (snapshot.workers.contains(where: { isAlive($0) }) || snapshot.groups.contains(where: { kill(-$0, 0) == 0 })),
              Date() < deadline { usleep(20_000) }
        for pid in snapshot.workers where isAlive(pid) { kill(pid, SIGKILL) }
        // Longest first, so a staged file inside a registered directory goes before its directory.
        for path in snapshot.paths.sorted(by: { $0.count > $1.count }) {
            try? FileManager.default.removeItem(atPath: path)
        }
    }

    /// True while `pid` names a process that has not been reaped (a zombie counts as gone).
    public static func isAlive(_ pid: Int32) -> Bool {
        guard pid > 0, kill(pid, 0) == 0 || errno == EPERM else { return false }
        // A zombie still answers kill(0); /proc says whether it is really running.
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return true }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        return fields.first != "Z"
    }
}

/// SIGINT and SIGTERM: clean up (ProcessCleanup) and exit 130 or 143. Installed once by the executable.
public enum SignalExit {
    private static let received = Locked<Int32?>(nil)

    /// Called by the main path before it reports and exits: while a signal is being handled the
    /// failures it causes (a killed browser, a vanished temp dir) are not the outcome, so this waits
    /// for the signal handler to exit with 130/143 instead.
    public static func yieldToSignal() {
        guard received.value != nil else { return }
        while true { sleep(1) }
    }

    /// Keeps the dispatch sources alive for the life of the process; returns them so the caller owns them.
    /// A worker process started by another FrameGate (`render --distributed`) stops, cleaning up, when
    /// that parent disappears, even by SIGKILL: it is re-parented, and `getppid()` changes.
    public static let parentVariable = "FRAMEGATE_PARENT_PID"

    public static func watchParent(environment: [String: String] = ProcessInfo.processInfo.environment) -> (any DispatchSourceTimer)? {
        guard let text = environment[parentVariable], let parent = Int32(text), parent == getppid() else { return nil }
        let timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "framegate.parent-watch"))
        timer.schedule(deadline: .now() + 0.5, repeating: 0.5)
        timer.setEventHandler {
            guard getppid() != parent else { return }
            received.withLock { $0 = SIGTERM }
            ProcessCleanup.runAll()
            exit(ExitStatus.terminated.rawValue)
        }
        timer.resume()
        return timer
    }

    public static func install(onSignal: @escaping @Sendable (Int32) -> Void = { _ in }) -> [any DispatchSourceSignal] {
        let queue = DispatchQueue(label: "framegate.signals")
        return [(SIGINT, ExitStatus.interrupted), (SIGTERM, ExitStatus.terminated)].map { signalNumber, status in
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
            source.setEventHandler {
                received.withLock { $0 = signalNumber }
                onSignal(signalNumber)
                ProcessCleanup.runAll()
                exit(status.rawValue)
            }
            source.resume()
            return source
        }
    }
}

/// Litter of runs that were killed (SIGKILL, power loss) before they could clean up: hidden staging
/// siblings and temporary directories named with their owner's pid. Only entries whose owning process
/// is gone are removed, so a live run's files are never touched.
public enum StaleLitter {
    /// Removes entries of `directory` named `<prefix><pid>-<token>` for one of `prefixes`, whose process
    /// `pid` no longer runs. Returns the removed names.
    @discardableResult
    public static func sweep(in directory: URL, prefixes: [String]) -> [String] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return [] }
        var removed: [String] = []
        for entry in entries {
            guard let prefix = prefixes.first(where: { entry.hasPrefix($0) }),
                  let pid = ownerPID(entry, prefix: prefix), pid != getpid(), !ProcessCleanup.isAlive(pid) else { continue }
            if (try? FileManager.default.removeItem(at: directory.appendingPathComponent(entry))) != nil { removed.append(entry) }
        }
        return removed
    }

    /// The pid in `<prefix>…-<pid>-<UUID>` (TemporaryDirectory) or `<prefix><pid>-<token>` (staging).
    static func ownerPID(_ name: String, prefix: String) -> Int32? {
        if name.count > 37, UUID(uuidString: String(name.suffix(36))) != nil {
            let head = name.dropLast(37)
            guard let dash = head.lastIndex(of: "-"), let pid = Int32(head[head.index(after: dash)...]), pid > 1 else { return nil }
            return pid
        }
        let rest = name.dropFirst(prefix.count)
        guard let dash = rest.firstIndex(of: "-"), let pid = Int32(rest[..<dash]), pid > 1 else { return nil }
        return pid
    }

    /// FrameGate's own temporary directories (`framegate-*` in the temp dir) left by dead runs. Browser
    /// profile directories of older versions carry no pid; those are removed only after a day.
    public static func sweepTemporaryDirectory(_ temp: URL = FileManager.default.temporaryDirectory) {
        let prefixes = ["framegate-render-", "framegate-distributed-", "framegate-test-", "framegate-chrome-",
                        "framegate-video-"]
        sweep(in: temp, prefixes: prefixes)
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: temp.path) else { return }
        let dayAgo = Date().addingTimeInterval(-86_400)
        for entry in entries where entry.hasPrefix("framegate-chrome-") {
            let url = temp.appendingPathComponent(entry)
            if let modified = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date, modified < dayAgo {
                try? FileManager.default.removeItem(at: url)
            }
        }
    }
}
