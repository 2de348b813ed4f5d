import Foundation
import XCTest
@testable import FrameGateEngine

/// A throwaway project directory with the given files.
final class TestProject {
    let dir: URL

    init(_ files: [String: String]) throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("fg-compile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (path, text) in files { try write(path, text) }
    }

    func write(_ path: String, _ text: String) throws {
        let url = dir.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func compile(_ options: CompileOptions = .init(), hasAudio: (URL) throws -> Bool = { _ in false }) throws -> CompiledComposition {
        try CompositionCompiler.compile(projectDir: dir, options: options, hasAudio: hasAudio)
    }

    deinit { try? FileManager.default.removeItem(at: dir) }
}

func page(_ body: String, head: String = "") -> String {
    "<!doctype html><html><head><meta charset=\"utf-8\">\(head)</head><body>\(body)</body></html>"
}

/// Asserts `body` throws a CompileError and returns it.
func compileError(_ body: () throws -> Any, file: StaticString = #filePath, line: UInt = #line) -> CompileError? {
    do {
        _ = try body()
        XCTFail("expected a CompileError", file: file, line: line)
    } catch let error as CompileError {
        return error
    } catch {
        XCTFail("expected a CompileError, got \(error)", file: file, line: line)
    }
    return nil
}

extension CompiledComposition {
    func timed(_ id: String) -> TimedElement? { timedElements.first { $0.id == id } }

    /// The start tag of the element with this id, as written in the compiled HTML.
    func startTag(id: String) -> HTMLStartTag? {
        HTMLDocument(html).elements.first { $0.value("id") == id }?.tag
    }
}
