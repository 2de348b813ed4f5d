import Foundation
import XCTest
import FrameGateTestSupport
@testable import FrameGateEngine

extension TestProject {
    func compile(_ options: CompileOptions = .init(), hasAudio: (URL) throws -> Bool = { _ in false }) throws -> CompiledComposition {
        try CompositionCompiler.compile(projectDir: dir, options: options, hasAudio: hasAudio)
    }
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
