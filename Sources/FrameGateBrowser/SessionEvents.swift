import Foundation

/// What the page's protocol events tell a session, collected on the reader thread: the first
/// fatal problem (blocked URL, escaped asset, script error, crash) and whether the load finished.
/// Capture calls check it, so a failure recorded between calls fails the next one.
final class SessionEvents: @unchecked Sendable {
    private let lock = NSLock()
    private var failure: BrowserError?
    private var loaded = false

    func record(_ error: BrowserError) {
        lock.lock(); defer { lock.unlock() }
        if failure == nil { failure = error }
    }

    var firstFailure: BrowserError? {
        lock.lock(); defer { lock.unlock() }
        return failure
    }

    func markLoaded() {
        lock.lock(); defer { lock.unlock() }
        loaded = true
    }

    func resetLoad() {
        lock.lock(); defer { lock.unlock() }
        loaded = false
    }

    var isLoaded: Bool {
        lock.lock(); defer { lock.unlock() }
        return loaded
    }
}
