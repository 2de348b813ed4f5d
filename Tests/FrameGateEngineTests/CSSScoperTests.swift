import XCTest
@testable import FrameGateEngine

final class CSSScoperTests: XCTestCase {
    private let scoper = CSSScoper(scope: "[data-fg-host=\"h\"]", renamedIds: ["t": "t__h"])

    func testCommaListsSplitOnlyAtTopLevel() {
        XCTAssertEqual(scoper.scopeSelectorList(#":is(a, b) > c, [title="x,y"]"#),
                       #"[data-fg-host="h"] :is(a, b) > c, [data-fg-host="h"] [title="x,y"]"#)
    }

    func testNestedAtRulesCommentsAndStrings() {
        let css = #"/* a { } */ @supports (display:grid) { @media print { #t, .u { content: "}" } } } @import url(x.css); @keyframes k { 50% { opacity: 0 } } html body .x { y: 1 }"#
        let expected = #"/* a { } */ @supports (display:grid) { @media print { [data-fg-host="h"] #t__h, [data-fg-host="h"] .u { content: "}" } } } @import url(x.css); @keyframes k { 50% { opacity: 0 } } [data-fg-host="h"] .x { y: 1 }"#
        XCTAssertEqual(scoper.scopeStylesheet(css), expected)
    }

    func testIdsInAttributeSelectorsAreNotRenamed() {
        XCTAssertEqual(scoper.scopeSelectorList(##"a[href="#t"] #t:hover"##), ##"[data-fg-host="h"] a[href="#t"] #t__h:hover"##)
    }
}
