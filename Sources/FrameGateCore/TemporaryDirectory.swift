import Foundation

/// A private working directory, removed by its owner when the work ends. Named
/// `<prefix>-<pid>-<uuid>` so a sweep can tell whose it is.
public struct TemporaryDirectory: Sendable {
    public let url: URL

    public init(prefix: String, in parent: URL = FileManager.default.temporaryDirectory) throws {
        url = parent.appendingPathComponent("\(prefix)-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        try AtomicPublish.createDirectory(url)
        // Removed by `remove()`, or by SignalExit if the process is interrupted first.
        ProcessCleanup.register(path: url)
    }

    public func remove() {
        try? FileManager.default.removeItem(at: url)
        ProcessCleanup.unregister(path: url)
    }
}
