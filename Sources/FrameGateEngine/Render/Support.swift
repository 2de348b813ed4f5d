import Foundation
import FrameGateCore

/// Times each stage and reports its start and end to the observer.
struct StageClock {
    let observer: RenderObserver
    private(set) var finished: [(stage: RenderStage, seconds: Double)] = []

    init(observer: @escaping RenderObserver) { self.observer = observer }

    mutating func run<T>(_ stage: RenderStage, _ body: () async throws -> T) async rethrows -> T {
        observer(.stageStarted(stage))
        let start = DispatchTime.now()
        let value = try await body()
        record(stage, since: start)
        return value
    }

    private mutating func record(_ stage: RenderStage, since start: DispatchTime) {
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        finished.append((stage, seconds))
        observer(.stageFinished(stage, seconds: seconds))
    }
}

/// Counts frames done across concurrent workers.
final class FrameCounter: Sendable {
    private let done = Locked(0)
    private let total: Int
    private let observer: RenderObserver

    init(total: Int, observer: @escaping RenderObserver) { self.total = total; self.observer = observer }

    /// Reports under the lock: two workers finishing frames at once must not deliver "15" before "14",
    /// or the last event an observer sees would fall short of the total.
    func increment() {
        done.withLock { done in
            done += 1
            observer(.framesDone(done: done, total: total))
        }
    }
}

/// Reports each distinct warning once, however many workers (pages) meet it.
final class WarningOnce: Sendable {
    private let seen = Locked(Set<String>())
    private let observer: RenderObserver

    init(observer: @escaping RenderObserver) { self.observer = observer }

    func emit(_ text: String) {
        seen.withLock { seen in
            if seen.insert(text).inserted { observer(.warning(text)) }
        }
    }
}
