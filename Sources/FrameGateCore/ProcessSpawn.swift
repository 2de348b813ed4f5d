import Foundation

/// posix_spawn with the child's descriptors wired and its signals reset: the one way FrameGate starts another
/// program (the browser, BrowserProcess; a chunk worker, ChildProcess). Stdin and stdout are /dev/null unless
/// given; SIGPIPE, SIGINT and SIGTERM are default in the child, and no signal is blocked.
public enum ProcessSpawn {
    /// Why a pipe or a spawn failed (strerror), for the caller to wrap in its own coded error.
    public struct Failure: Error, Sendable { public let reason: String }

    /// A pipe whose ends are close-on-exec and above fd 10, so a dup2 onto a low fd in the child never has
    /// source == target (which would leave FD_CLOEXEC set and the descriptor closed at exec).
    public static func pipe() throws(Failure) -> (read: Int32, write: Int32) {
        var fds: [Int32] = [0, 0]
        guard Glibc.pipe(&fds) == 0 else { throw Failure(reason: "pipe: \(String(cString: strerror(errno)))") }
        let read = fcntl(fds[0], F_DUPFD_CLOEXEC, 10), write = fcntl(fds[1], F_DUPFD_CLOEXEC, 10)
        close(fds[0]); close(fds[1])
        return (read, write)
    }

    /// Starts `executable` with `descriptors` (parent fd → child fd) and returns its pid. `environment` nil:
    /// this process's. `newProcessGroup`: the child leads a group of its own (so its own children can be
    /// signalled with it).
    public static func spawn(_ executable: String, _ arguments: [String], descriptors: [(parent: Int32, child: Int32)],
                             environment: [String: String]? = nil, newProcessGroup: Bool = false) throws(Failure) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        let given = Set(descriptors.map(\.child))
        if !given.contains(0) { posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0) }
        if !given.contains(1) { posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0) }
        for (parent, child) in descriptors { posix_spawn_file_actions_adddup2(&actions, parent, child) }

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
        var flags = POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK
        if newProcessGroup {
            posix_spawnattr_setpgroup(&attributes, 0)
            flags |= POSIX_SPAWN_SETPGROUP
        }
        posix_spawnattr_setflags(&attributes, Int16(flags))

        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?]? = environment.map { $0.map { strdup("\($0.key)=\($0.value)") } + [nil] }
        defer { argv.forEach { free($0) }; envp?.forEach { free($0) } }
        var pid: pid_t = 0
        let status = envp.map { envp in posix_spawn(&pid, executable, &actions, &attributes, argv, envp) }
            ?? posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        guard status == 0 else { throw Failure(reason: String(cString: strerror(status))) }
        return pid
    }
}
