import Foundation
import FrameGateCore
import XCTest

/// Runs `body`, which must throw a CodedError — with `code` when one is given — and returns it.
@discardableResult
public func expectCode<T>(_ code: ErrorCode? = nil, file: StaticString = #filePath, line: UInt = #line,
                          _ body: () async throws -> T) async -> (any CodedError)? {
    let expected = code.map { "error[\($0.rawValue)]" } ?? "a coded error"
    do {
        _ = try await body()
        XCTFail("expected \(expected), but it succeeded", file: file, line: line)
    } catch let error as any CodedError {
        if let code { XCTAssertEqual(error.code, code, "\(error)", file: file, line: line) }
        return error
    } catch {
        XCTFail("expected \(expected), got \(error)", file: file, line: line)
    }
    return nil
}

/// Collects events (a render observer's, say) from any thread.
public final class EventLog<Event: Sendable>: Sendable {
    private let stored = Locked<[Event]>([])

    public init() {}

    public func append(_ event: Event) { stored.withLock { $0.append(event) } }
    public var events: [Event] { stored.value }
    public var observer: @Sendable (Event) -> Void { { [self] in append($0) } }
}
