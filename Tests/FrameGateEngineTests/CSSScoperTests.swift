import XCTest
import FrameGateTestSupport
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

    func testKeyframesAndCompositionIdsAreRenamedPerInstance() {
        let scoper = CSSScoper(scope: #"[data-fg-host="h"]"#, renamedCompositions: ["card": "card__h"],
                               renamedKeyframes: ["run": "run__h", "fade": "fade__h"])
        let css = #"@keyframes run { to { left: 9px } } @-webkit-keyframes "fade" { to { opacity: 0 } } "#
            + #"[data-composition-id="card"] .s { animation: run 1s linear, fade 2s; -webkit-animation-name: fade } "#
            + #".t { animation-name: spin; transition: run 1s }"#
        let expected = #"@keyframes run__h { to { left: 9px } } @-webkit-keyframes fade__h { to { opacity: 0 } } "#
            + #"[data-fg-host="h"] [data-composition-id="card__h"] .s { animation: run__h 1s linear, fade__h 2s; -webkit-animation-name: fade__h } "#
            + #"[data-fg-host="h"] .t { animation-name: spin; transition: run 1s }"#
        XCTAssertEqual(scoper.scopeStylesheet(css), expected, "keyframes the stylesheet does not define (spin) and other properties keep their names")
        XCTAssertEqual(scoper.renameAnimations(in: "left: 0; animation: 1s run infinite"), "left: 0; animation: 1s run__h infinite")
        XCTAssertEqual(CSSScoper.keyframeNames(in: css), ["run", "fade"])
    }
}
