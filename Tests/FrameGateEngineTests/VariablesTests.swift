import FrameGateMedia
import XCTest
import FrameGateTestSupport
@testable import FrameGateEngine

final class VariablesTests: XCTestCase {
    private func project() throws -> TestProject {
        try TestProject(["index.html": #"<!doctype html><html><head><script>window.first = true</script></head><body><div data-composition-id="m" data-composition-variables='[{"id":"title","type":"string","default":"Hello"},{"id":"count","type":"number","default":3},{"id":"one","type":"number","default":1},{"id":"on","type":"boolean","default":false}]'></div></body></html>"#])
    }

    func testDefaultsAndOverridesAreInjectedFirstInHead() throws {
        let c = try project().compile(CompileOptions(variables: ["title": .string("</script><b>Bye")]))
        let expected = #"<head><script data-fg-variables>window.__hfVariables = {"count":3,"on":false,"one":1,"title":"\u003c/script>\u003cb>Bye"};</script><script>window.first"#
        XCTAssertTrue(c.html.contains(expected), c.html)
    }

    func testDefaultsOnly() throws {
        let c = try project().compile()
        XCTAssertTrue(c.html.contains(#"window.__hfVariables = {"count":3,"on":false,"one":1,"title":"Hello"};"#), c.html)
    }

    func testUnknownVariableNamesKeyAndDeclaredIds() throws {
        let error = compileError { try project().compile(CompileOptions(variables: ["titel": .string("x")])) }
        XCTAssertEqual(error?.code, .invalidArgument)
        XCTAssertTrue(error?.message.contains("\"titel\"") ?? false)
        XCTAssertTrue(error?.message.contains("title, count, one, on") ?? false, error?.message ?? "")
    }

    func testWrongTypeIsRejected() throws {
        XCTAssertEqual(compileError { try project().compile(CompileOptions(variables: ["count": .string("many")])) }?.code, .invalidArgument)
        XCTAssertNoThrow(try project().compile(CompileOptions(variables: ["count": .number(4), "on": .bool(true)])))
    }

    func testVariablesAreInjectedOnce() throws {
        let c = try project().compile(CompileOptions(variables: ["count": .number(4)]))
        XCTAssertEqual(c.html.components(separatedBy: "__hfVariables").count - 1, 1, c.html)
        XCTAssertTrue(c.html.contains(#""count":4"#), c.html)
    }

    func testNoDeclarationsNoScript() throws {
        let p = try TestProject(["index.html": page(#"<div data-composition-id="m"></div>"#)])
        XCTAssertFalse(try p.compile().html.contains("__hfVariables"))
    }
}
