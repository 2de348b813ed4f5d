import Foundation

/// An exclusive advisory lock (flock) on a directory itself, held for the life of this object or until
/// the process dies: the kernel releases it on exit, so a killed holder never leaves a stale lock, and
/// no lock file is left in the directory.
public final class DirectoryLock: Sendable {
    private let descriptor: Int32
    public let directory: URL

    private init(descriptor: Int32, directory: URL) { self.descriptor = descriptor; self.directory = directory }

    /// Takes the lock at once, or returns `.failure` when another process (or another lock object of
    /// this process) holds it.
    public static func tryAcquire(_ directory: URL) throws -> Result<DirectoryLock, Held> {
        try AtomicPublish.createDirectory(directory)
        let fd = open(directory.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw CoreError.io(path: directory.path, reason: "cannot open for locking: \(String(cString: strerror(errno)))") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            return .failure(Held())
        }
        return .success(DirectoryLock(descriptor: fd, directory: directory))
    }

    public struct Held: Error, Sendable {}

    deinit { close(descriptor) }
}
