import Foundation
import XCTest
import FrameGateCore
import FrameGateTestSupport
@testable import FrameGateEngine

/// Compiler behaviour HyperFrames compositions rely on: variables declared on `<html>`, times inside nested
/// sub-compositions, Git LFS pointers named as such, HDR refused with its own code.
final class HyperFramesCompatTests: XCTestCase {
    // MARK: variables on <html>

    private let htmlDeclared = #"""
    <!doctype html><html data-composition-variables='[{"id":"title","type":"string","default":"From html"},{"id":"size","type":"number","default":40}]'>
    <head><meta charset="utf-8"></head><body>
    <div data-composition-id="m" data-composition-variables='[{"id":"size","type":"number","default":64}]'></div></body></html>
    """#

    func testVariablesDeclaredOnHtmlAreDefaultsAndTheRootsLaterDeclarationWins() throws {
        let c = try TestProject(["index.html": htmlDeclared]).compile()
        XCTAssertTrue(c.html.contains(#"window.__hfVariables = {"size":64,"title":"From html"};"#), c.html)
    }

    func testOverridesOfHtmlDeclaredVariablesAreCheckedAgainstThem() throws {
        let p = try TestProject(["index.html": htmlDeclared])
        let c = try p.compile(CompileOptions(variables: ["title": .string("Hi")]))
        XCTAssertTrue(c.html.contains(#""title":"Hi""#), c.html)
        // Control: an undeclared name and a wrong type are still refused, naming what is declared.
        let unknown = compileError { try p.compile(CompileOptions(variables: ["titel": .string("x")])) }
        XCTAssertEqual(unknown?.code, .invalidArgument)
        XCTAssertTrue(unknown?.message.contains("title, size") ?? false, unknown?.message ?? "")
        XCTAssertEqual(compileError { try p.compile(CompileOptions(variables: ["title": .number(1)])) }?.code, .invalidArgument)
    }

    func testMalformedHtmlDeclarationNamesTheHtmlElement() throws {
        let p = try TestProject(["index.html": #"<!doctype html><html data-composition-variables='{"id":"x"}'><body><div data-composition-id="m"></div></body></html>"#])
        let error = compileError { try p.compile() }
        XCTAssertEqual(error?.code, .invalidArgument)
        XCTAssertTrue(error?.message.contains("<html>") ?? false, error?.message ?? "")
    }

    // MARK: nested data-start

    func testChildStartsCountFromTheirOwnSubCompositionAtEveryDepth() throws {
        let p = try TestProject([
            "index.html": page(#"<div data-composition-id="m" data-duration="6"><div id="outer" data-composition-src="a.html" data-start="1" data-duration="4"></div></div>"#),
            // In a.html: a clip at 0.5 and a nested host at 0.25; in b.html: a clip at 0.5.
            "a.html": #"<template><div data-composition-id="a" data-duration="4"><p id="pa" data-start="0.5" data-duration="1"></p><div id="inner" data-composition-src="b.html" data-start="0.25" data-duration="2"></div></div></template>"#,
            "b.html": #"<template><div data-composition-id="b" data-start="0" data-duration="2"><p id="pb" data-start="0.5" data-duration="1"></p></div></template>"#,
        ])
        let c = try p.compile()
        XCTAssertEqual(c.timed("pa__outer")?.start, 1.5, "0.5 into a host that starts at 1")
        XCTAssertEqual(c.timed("inner__outer")?.start, 1.25)
        XCTAssertEqual(c.timed("pb__inner__outer")?.start, 1.75, "0.5 into the nested host (1 + 0.25), not shifted again")
        XCTAssertEqual(c.timed("pb__inner__outer")?.end, 2.75)
        XCTAssertEqual(c.startTag(id: "pb__inner__outer")?.value("data-fg-start"), "1.75")
        XCTAssertEqual(c.startTag(id: "pb__inner__outer")?.value("data-start"), "0.5", "the authored value stays as written")
    }

    /// HyperFrames' media rule inside a host that starts late (host 3–6 s): a video or audio whose authored window
    /// meets the host's window is root-global picture-in-picture (3 stays 3, not 6), one that does not is local
    /// (0 → 3, 0.5 → 3.5 for a 1 s clip); a div at 3 is always local (6); `data-hf-auto-start` is always local.
    func testMediaWhoseWindowMeetsALateHostsWindowKeepsItsAuthoredStart() throws {
        let p = try TestProject([
            "index.html": page(#"<div data-composition-id="m" data-duration="9"><div id="h" data-composition-src="pip.html" data-start="3" data-duration="3"></div></div>"#),
            "pip.html": #"""
            <template><div data-composition-id="pip" data-duration="3">
            <video id="global" src="clip.mp4" data-start="3" data-duration="3"></video>
            <video id="local" src="clip.mp4" data-start="0" data-duration="3"></video>
            <audio id="short" src="tone.wav" data-start="0.5" data-duration="1"></audio>
            <audio id="auto" src="tone.wav" data-start="3" data-duration="3" data-hf-auto-start></audio>
            <div id="label" data-start="3" data-duration="3"></div>
            </div></template>
            """#,
            "clip.mp4": "not really video", "tone.wav": "not really audio",
        ])
        let c = try p.compile(hasAudio: { _ in false })
        XCTAssertEqual(c.timed("global__h")?.start, 3, "its window 3–6 is the host's: root-global")
        XCTAssertEqual(c.timed("global__h")?.end, 6)
        XCTAssertEqual(c.videoClips.first { $0.id == "global__h" }?.start, 3, "the decoded clip follows the same start")
        XCTAssertEqual(c.startTag(id: "global__h")?.value("data-fg-start"), "3")
        // Controls: the local conventions are shifted by the host's start.
        XCTAssertEqual(c.timed("local__h")?.start, 3, "0–3 does not meet 3–6: local, 3 + 0")
        XCTAssertEqual(c.timed("short__h")?.start, 3.5, "0.5–1.5 does not meet 3–6: local")
        XCTAssertEqual(c.audioClips.first { $0.id == "short__h" }?.start, 3.5)
        XCTAssertEqual(c.timed("auto__h")?.start, 6, "a start HyperFrames' compiler wrote is local")
        XCTAssertEqual(c.timed("label__h")?.start, 6, "not media: always local, as HyperFrames' resolveStartForElement")
    }

    func testMediaInAHostAtZeroOrWithoutAnEndFollowsHyperFramesRule() throws {
        let p = try TestProject([
            "index.html": page(#"<div data-composition-id="m" data-duration="9"><div id="z" data-composition-src="s.html" data-start="0"></div><div id="open" data-composition-src="s.html" data-start="2"></div></div>"#),
            // No data-duration on the inner composition either: the host has no end.
            "s.html": #"<template><div data-composition-id="s"><audio id="a" src="tone.wav" data-start="2.5" data-duration="1"></audio><audio id="b" src="tone.wav" data-start="1" data-duration="1"></audio></div></template>"#,
            "tone.wav": "not really audio",
        ])
        let c = try p.compile()
        XCTAssertEqual(c.timed("a__z")?.start, 2.5, "a host at 0 shifts nothing")
        XCTAssertEqual(c.timed("a__open")?.start, 2.5, "no host end: a start at or after the host's is root-global")
        XCTAssertEqual(c.timed("b__open")?.start, 3, "control: a start before the host's is local, 2 + 1")
    }

    // MARK: asset paths in sub-composition files

    func testPlainRelativePathsInASubCompositionMeanASiblingElseTheProjectsAsset() throws {
        let p = try TestProject([
            "index.html": page(#"<div data-composition-id="m" data-duration="2"><div id="s" data-composition-src="compositions/scene.html"></div></div>"#),
            "compositions/scene.html": #"<template><div data-composition-id="scene" data-duration="2"><img id="root-asset" src="assets/logo.png"><img id="sibling" src="icon.png"><img id="up" src="../assets/logo.png"><img id="dot" src="./assets/logo.png"></div></template>"#,
            "assets/logo.png": "png", "compositions/icon.png": "png",
        ])
        let c = try p.compile()
        XCTAssertEqual(c.startTag(id: "root-asset__s")?.value("src"), "assets/logo.png", "no compositions/assets/logo.png: the project's assets/logo.png, as written")
        XCTAssertEqual(c.startTag(id: "sibling__s")?.value("src"), "compositions/icon.png", "a sibling that exists")
        XCTAssertEqual(c.startTag(id: "up__s")?.value("src"), "assets/logo.png")
        XCTAssertEqual(c.startTag(id: "dot__s")?.value("src"), "compositions/assets/logo.png", "explicitly relative: never reinterpreted")
        // Control: once the sibling exists, the same plain path means it.
        try p.write("compositions/assets/logo.png", "png")
        XCTAssertEqual(try p.compile().startTag(id: "root-asset__s")?.value("src"), "compositions/assets/logo.png")
    }

    // MARK: Git LFS pointers

    private let pointer = "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n"

    func testAVideoThatIsAnLFSPointerIsNamed() throws {
        let p = try TestProject(["index.html": page(#"<div data-composition-id="m" data-duration="2"><video id="v" src="media/clip.mp4" data-start="0" data-duration="2"></video></div>"#),
                                 "media/clip.mp4": pointer])
        let error = compileError { try p.compile(hasAudio: { _ in XCTFail("a pointer is never probed"); return false }) }
        XCTAssertEqual(error?.code, .assetLFSPointer)
        XCTAssertEqual(error?.code.exitStatus, .failure)
        XCTAssertTrue(error?.message.contains("media/clip.mp4 is a Git LFS pointer") ?? false, error?.message ?? "")
        XCTAssertTrue(error?.message.contains("git lfs pull") ?? false, error?.message ?? "")
    }

    func testImagesAndFontsThatAreLFSPointersAreNamedAndRealFilesPass() throws {
        let css = "@font-face { font-family: F; src: url(fonts/f.woff2); }"
        let markup = #"<div data-composition-id="m" data-duration="2"><img src="logo.png"></div>"#
        let p = try TestProject(["index.html": page(markup, head: "<style>\(css)</style>"), "logo.png": pointer, "fonts/f.woff2": pointer])
        let error = compileError { try p.compile() }
        XCTAssertEqual(error?.code, .assetLFSPointer)
        XCTAssertTrue(error?.message.hasPrefix("fonts/f.woff2") ?? false, "the first, in path order: \(error?.message ?? "")")
        // Control: the real files (anything not starting with the pointer line) compile.
        try p.write("fonts/f.woff2", data: Data("wOF2 not a pointer".utf8))
        try p.write("logo.png", data: Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        XCTAssertNoThrow(try p.compile())
    }

    /// HyperFrames' hf2550 fixture: the entry file itself is a pointer. Named as such, not "no root element";
    /// control: a real entry without a root is still COMPOSITION_NOT_FOUND.
    func testAnEntryFileThatIsAnLFSPointerIsNamed() throws {
        let p = try TestProject(["index.html": pointer])
        let error = compileError { try p.compile() }
        XCTAssertEqual(error?.code, .assetLFSPointer)
        XCTAssertTrue(error?.message.hasPrefix("index.html") ?? false, error?.message ?? "")
        try p.write("index.html", "<!doctype html><p>no root</p>")
        XCTAssertEqual(compileError { try p.compile() }?.code, .compositionNotFound)
    }

    // MARK: HDR

    func testHDRIsRefusedWithItsOwnCodeAndTheFix() async throws {
        let error = await expectCode(.hdrNotSupported) { try RenderConfig(hdr: true).validate() }
        XCTAssertEqual(error?.code.exitStatus, .usage)
        XCTAssertTrue(error?.message.contains("remove \"hdr\" from renderConfig") ?? false, error?.message ?? "")
        XCTAssertNoThrow(try RenderConfig(hdr: false).validate(), "control: SDR validates")
    }
}
