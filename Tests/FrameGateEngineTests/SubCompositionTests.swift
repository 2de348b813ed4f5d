import XCTest
import FrameGateTestSupport
@testable import FrameGateEngine

final class SubCompositionTests: XCTestCase {
    private let card = """
    <!doctype html><html><head>
    <style>
      .title, h1 > span { color: red; background: url(img/bg.png); }
      @media (min-width: 100px) { #title { font-size: 2em } }
      @keyframes spin { from { transform: rotate(0) } to { transform: rotate(1turn) } }
      @font-face { font-family: X; src: url(fonts/x.woff2); }
      body { margin: 0 }
    </style>
    <script>window.cardLoaded = (window.cardLoaded || 0) + 1;</script>
    </head><body>
    <template>
      <div data-composition-id="card" data-duration="3">
        <h1 id="title" class="title" data-start="0.5" data-duration="1">Hi <img src="img/logo.png"></h1>
        <p id="after" data-start="title + 0.25" data-duration="1"><label for="title">x</label></p>
      </div>
    </template>
    </body></html>
    """

    private func project() throws -> TestProject {
        try TestProject([
            "index.html": page("""
            <div id="root" data-composition-id="main" data-duration="10">
              <div id="a" data-composition-src="comps/card.html" data-start="1"></div>
              <div id="b" data-composition-src="./comps/card.html" data-start="a + 0.5" data-duration="2"></div>
            </div>
            """),
            "comps/card.html": card,
            "comps/img/logo.png": "png",
            "comps/img/bg.png": "png",
            "comps/fonts/x.woff2": "font",
        ])
    }

    func testInlinedTwiceWithDistinctIdsAndOffsets() throws {
        let c = try project().compile()
        XCTAssertEqual(c.subCompositions, ["comps/card.html"])
        let ids = CompiledStructure.parse(html: c.html).elementIds
        XCTAssertEqual(ids, ["root", "a", "title__a", "after__a", "b", "title__b", "after__b"])
        // Host a starts at 1 and takes the card's 3 s; host b starts at a's end + 0.5 = 4.5.
        XCTAssertEqual(c.timed("a")?.end, 4)
        XCTAssertEqual(c.startTag(id: "a")?.value("data-fg-end"), "4", "host inherits the inlined composition's duration")
        XCTAssertNil(c.startTag(id: "a")?.value("data-duration"), "authored attributes stay as written")
        XCTAssertEqual(c.timed("b")?.start, 4.5)
        XCTAssertEqual(c.timed("title__a")?.start, 1.5)
        XCTAssertEqual(c.timed("title__b")?.start, 5)
        // A clip reference inside an instance points at that instance's clip.
        XCTAssertEqual(c.startTag(id: "after__b")?.value("data-start"), "title__b + 0.25")
        XCTAssertEqual(c.timed("after__a")?.start, 2.75)
        XCTAssertEqual(c.timed("after__b")?.start, 6.25)
        XCTAssertEqual(c.timed("title__b")?.compositionId, "card__b")
        XCTAssertEqual(c.timed("b")?.compositionId, "main")
        XCTAssertTrue(c.html.contains(#"<label for="title__b">"#))
        XCTAssertFalse(c.html.contains("<template>"), "template content is unwrapped")
        // Scripts are kept, once per instance, each run in its instance's scope.
        XCTAssertEqual(c.html.components(separatedBy: "window.cardLoaded = (window.cardLoaded || 0) + 1;").count - 1, 2)
        XCTAssertTrue(c.html.contains(#"window.__hf.scope("a",{"card":"card__a"})"#), c.html)
        XCTAssertTrue(c.html.contains(#"window.__hf.scope("b",{"card":"card__b"})"#), c.html)
    }

    func testCSSIsScopedToTheHost() throws {
        let c = try project().compile()
        XCTAssertTrue(c.html.contains(#"<div id="a" data-composition-src="comps/card.html" data-start="1" data-fg-host="a""#), c.html)
        XCTAssertTrue(c.html.contains(#"[data-fg-host="a"] .title, [data-fg-host="a"] h1 > span {"#), c.html)
        XCTAssertTrue(c.html.contains(#"@media (min-width: 100px) { [data-fg-host="b"] #title__b {"#), c.html)
        XCTAssertTrue(c.html.contains("@keyframes spin__a { from { transform: rotate(0) } to { transform: rotate(1turn) } }"))
        XCTAssertTrue(c.html.contains("@keyframes spin__b { from { transform: rotate(0) } to { transform: rotate(1turn) } }"))
        XCTAssertTrue(c.html.contains(#"[data-fg-host="a"] { margin: 0 }"#), "body means the host")
        XCTAssertFalse(c.html.contains("\n      .title"), "no unscoped copy of the rule")
    }

    func testRelativeURLsAreRewrittenToProjectPaths() throws {
        let c = try project().compile()
        XCTAssertTrue(c.html.contains(#"<img src="comps/img/logo.png">"#), c.html)
        XCTAssertTrue(c.html.contains("url(comps/img/bg.png)"))
        XCTAssertTrue(c.html.contains("url(comps/fonts/x.woff2)"), "@font-face is untouched except for its URL")
        XCTAssertEqual(c.assets, ["comps/card.html", "comps/fonts/x.woff2", "comps/img/bg.png", "comps/img/logo.png"])
    }

    func testNestedSubCompositionsComposeOffsets() throws {
        let p = try TestProject([
            "index.html": page(#"<div data-composition-id="main"><section id="outer" data-composition-src="a.html" data-start="2"></section></div>"#),
            "a.html": #"<body><div data-composition-id="a" data-duration="5"><div id="inner" data-composition-src="sub/b.html" data-start="1.5"></div></div></body>"#,
            "sub/b.html": #"<template><div data-composition-id="b" data-duration="1"><i id="leaf" data-start="0.25" data-duration="0.5"></i><img src="../pic.png"></div></template>"#,
            "pic.png": "p",
        ])
        let c = try p.compile()
        XCTAssertEqual(c.timed("inner__outer")?.start, 3.5)
        XCTAssertEqual(c.timed("leaf__inner__outer")?.start, 3.75)
        XCTAssertEqual(c.timed("leaf__inner__outer")?.end, 4.25)
        XCTAssertEqual(c.subCompositions, ["a.html", "sub/b.html"])
        XCTAssertTrue(c.html.contains(#"<img src="pic.png">"#), "URL from sub/b.html resolved against that file")
        XCTAssertTrue(c.html.contains(#"data-fg-host="inner__outer""#))
    }

    func testMissingSubCompositionNamesHostAndPath() throws {
        let p = try TestProject(["index.html": page(#"<div data-composition-id="m"><div id="h" data-composition-src="gone.html"></div></div>"#)])
        let error = compileError { try p.compile() }
        XCTAssertEqual(error?.code, .invalidComposition)
        XCTAssertEqual(error, .missingSubComposition(host: #"<div id="h">"#, path: "gone.html"))
    }

    func testCircularSubCompositionNamesTheCycle() throws {
        let p = try TestProject([
            "index.html": page(#"<div data-composition-id="m"><div data-composition-src="a.html"></div></div>"#),
            "a.html": #"<template><div data-composition-src="b.html"></div></template>"#,
            "b.html": #"<template><div data-composition-src="a.html"></div></template>"#,
        ])
        let error = compileError { try p.compile() }
        XCTAssertEqual(error?.code, .invalidComposition)
        XCTAssertTrue(error?.message.contains("a.html → b.html → a.html") ?? false, error?.message ?? "")
    }

    func testSelfInclusionIsCircular() throws {
        let p = try TestProject(["index.html": page(#"<div data-composition-id="m"><div data-composition-src="index.html"></div></div>"#)])
        XCTAssertEqual(compileError { try p.compile() }, .circularSubComposition(cycle: ["index.html", "index.html"]))
    }
}
