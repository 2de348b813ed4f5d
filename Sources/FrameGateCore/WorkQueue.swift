import Dispatch

/// A serial queue of its own thread for blocking work — libav encode and decode, PNG decode, file I/O,
/// waiting on a child process — so none of it occupies the cooperative pool, whose few threads (one per
/// core) must stay free to drive the browser. It is also a `SerialExecutor`: an actor that owns a
/// libav object runs every method here (`unownedExecutor`), and the object never crosses threads.
public final class WorkQueue: SerialExecutor {
    private let queue: DispatchQueue

    public init(label: String) { queue = DispatchQueue(label: "framegate.\(label)") }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedSerialExecutor()) }
    }

    public func asUnownedSerialExecutor() -> UnownedSerialExecutor { UnownedSerialExecutor(ordinary: self) }

    /// Runs `body` on this queue and returns its result to the awaiting task.
    public func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body() }) }
        }
    }
}
