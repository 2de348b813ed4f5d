import XCTest
import FrameGateTestSupport
@testable import FrameGateEngine

final class HTMLTokenizerTests: XCTestCase {
    private func startTags(_ html: String) -> [HTMLStartTag] {
        HTMLTokenizer.tokenize(Array(html.utf8)).compactMap { if case let .startTag(t) = $0 { return t }; return nil }
    }

    func testAttributesQuotedUnquotedBooleanAndCaseInsensitive() {
        let tags = startTags(#"<DIV ID="a" Data-Start=1.5 class='x y' hidden data-x = "q&amp;r" data-y=&#65;>"#)
        XCTAssertEqual(tags.count, 1)
        let t = tags[0]
        XCTAssertEqual(t.name, "div")
        XCTAssertEqual(t.rawName, "DIV")
        XCTAssertEqual(t.value("id"), "a")
        XCTAssertEqual(t.value("data-start"), "1.5")
        XCTAssertEqual(t.value("class"), "x y")
        XCTAssertNotNil(t.attribute("hidden"))
        XCTAssertNil(t.attribute("hidden")?.value)
        XCTAssertEqual(t.value("data-x"), "q&r")
        XCTAssertEqual(t.value("data-y"), "A")
    }

    func testDuplicateAttributeKeepsFirst() {
        XCTAssertEqual(startTags(#"<p id=a id=b>"#).first?.value("id"), "a")
    }

    func testRangesCoverTheTagExactly() {
        let html = #"ab<img src="x.png"/>cd"#
        let tokens = HTMLTokenizer.tokenize(Array(html.utf8))
        guard case let .startTag(t) = tokens[1] else { return XCTFail("\(tokens)") }
        XCTAssertEqual(String(decoding: Array(html.utf8)[t.range], as: UTF8.self), #"<img src="x.png"/>"#)
        XCTAssertTrue(t.selfClosing)
        XCTAssertEqual(tokens[0], .text(0..<2))
    }

    func testRawTextElementsHideMarkup() {
        let html = #"<script>if (a < b && "</div>") { x = "<p id=no>"; }</script><p id="yes">"#
        let tags = startTags(html)
        XCTAssertEqual(tags.map(\.name), ["script", "p"])
        XCTAssertEqual(tags[1].value("id"), "yes")
        // `</scriptx` does not close a script; `</SCRIPT >` does.
        XCTAssertEqual(startTags("<script>a</scriptx><b></SCRIPT ><i>").map(\.name), ["script", "i"])
        XCTAssertEqual(startTags("<style>p > a { x: '<b>' }</style><em>").map(\.name), ["style", "em"])
    }

    func testTemplateContentIsMarkup() {
        let doc = HTMLDocument("<template><div id=inner></div></template>")
        XCTAssertEqual(doc.elements.map(\.name), ["template", "div"])
        XCTAssertEqual(doc.elements[1].parent, 0)
    }

    func testCommentsDoctypeAndBogusConstructs() {
        let tokens = HTMLTokenizer.tokenize(Array("<!DOCTYPE html><!-- <div id=c> --><!--><?xml x?><div>a < b</div>".utf8))
        var kinds: [String] = []
        for t in tokens {
            switch t {
            case .doctype: kinds.append("doctype")
            case .comment: kinds.append("comment")
            case let .startTag(s): kinds.append("<" + s.name)
            case let .endTag(n, _): kinds.append("/" + n)
            case .text: kinds.append("text")
            }
        }
        XCTAssertEqual(kinds, ["doctype", "comment", "comment", "comment", "<div", "text", "/div"])
    }

    func testUnterminatedTagIsText() {
        XCTAssertTrue(startTags(#"<div id="open"#).isEmpty)
    }

    func testTreeVoidImplicitCloseAndContentRanges() {
        let html = "<ul><li>a<li>b</ul><p>x<div id=d>y</div><br><svg><rect/><circle/></svg>"
        let doc = HTMLDocument(html)
        let names = doc.elements.map(\.name)
        XCTAssertEqual(names, ["ul", "li", "li", "p", "div", "br", "svg", "rect", "circle"])
        XCTAssertEqual(doc.elements[2].parent, 0, "second li closes the first")
        XCTAssertEqual(doc.elements[4].parent, nil, "div closes the open p")
        XCTAssertEqual(doc.text(doc.elements[4].content), "y")
        XCTAssertEqual(doc.elements[8].parent, 6, "self-closing rect inside svg is empty, so circle is its sibling")
    }
}
