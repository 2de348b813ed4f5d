import XCTest
import FrameGateTestSupport
@testable import FrameGateEngine
import FrameGateMedia

final class CompilerTimingTests: XCTestCase {
    func testRootDiscoveryAndDefaultSize() throws {
        let p = try TestProject(["index.html": page(#"<div class="wrap"><div id="stage" data-composition-id="main" data-duration="4"><p data-start="1" data-duration="2" id="t"></p></div></div>"#)])
        let c = try p.compile()
        XCTAssertEqual(c.compositionId, "main")
        XCTAssertEqual(c.width, 1920)
        XCTAssertEqual(c.height, 1080)
        XCTAssertEqual(c.duration, 4)
        XCTAssertEqual(c.timedElements.map(\.id), ["t"], "the root itself is not a timed element")
    }

    func testExplicitSizeAndDataRoot() throws {
        let p = try TestProject(["index.html": page(#"<div data-root="true" id="r" data-width="640" data-height="360"></div>"#)])
        let c = try p.compile()
        XCTAssertEqual([c.width, c.height], [640, 360])
        XCTAssertEqual(c.compositionId, "r")
        XCTAssertNil(c.duration)
    }

    func testNoRootIsCompositionNotFound() throws {
        let p = try TestProject(["index.html": page("<div data-start=0>hi</div>")])
        let error = compileError { try p.compile() }
        XCTAssertEqual(error?.code, .compositionNotFound)
        XCTAssertTrue(error?.message.contains("index.html") ?? false)
        XCTAssertTrue(error?.message.contains("data-composition-id") ?? false)
        let missing = compileError { try p.compile(CompileOptions(entryPath: "other.html")) }
        XCTAssertEqual(missing?.code, .compositionNotFound)
        XCTAssertTrue(missing?.message.contains("other.html") ?? false)
    }

    func testZeroAndNegativeDurationsAreRejected() throws {
        for (markup, value) in [(#"<div id="r" data-composition-id="m" data-duration="0"></div>"#, "0"),
                                (#"<div data-composition-id="m"><p id="bad" data-start="1" data-duration="-2"></p></div>"#, "-2"),
                                (#"<div data-composition-id="m"><p id="bad" data-duration="soon"></p></div>"#, "soon")] {
            let p = try TestProject(["index.html": page(markup)])
            let error = compileError { try p.compile() }
            XCTAssertEqual(error?.code, .durationOutOfRange, markup)
            XCTAssertTrue(error?.message.contains("\"\(value)\"") ?? false, error?.message ?? "")
        }
    }

    func testClipReferencesResolveTransitivelyWithOffsets() throws {
        let p = try TestProject(["index.html": page("""
        <div data-composition-id="m" data-duration="20">
          <div id="intro" data-start="1" data-duration="2"></div>
          <div id="scene-2" data-start="intro" data-duration="3"></div>
          <div id="overlap" data-start="scene-2 - 0.5" data-duration="1"></div>
          <div id="gap" data-start="overlap+1.25" data-duration="1"></div>
          <div id="late" data-start="gap"></div>
        </div>
        """)])
        let c = try p.compile()
        XCTAssertEqual(c.timed("intro")?.start, 1)
        XCTAssertEqual(c.timed("scene-2")?.start, 3)
        XCTAssertEqual(c.timed("scene-2")?.end, 6)
        XCTAssertEqual(c.timed("overlap")?.start, 5.5)
        XCTAssertEqual(c.timed("gap")?.start, 7.75)
        XCTAssertEqual(c.timed("late")?.start, 8.75)
        XCTAssertNil(c.timed("late")?.end)
        // Stamped into the HTML for the runtime: absolute start and end; the authored attributes stay as written.
        let tag = try XCTUnwrap(c.startTag(id: "overlap"))
        XCTAssertEqual(tag.value("data-fg-start"), "5.5")
        XCTAssertEqual(tag.value("data-fg-end"), "6.5")
        XCTAssertEqual(tag.value("data-start"), "scene-2 - 0.5")
        XCTAssertNil(c.startTag(id: "late")?.value("data-fg-end"), "no duration, no end stamp")
        XCTAssertEqual(c.startTag(id: "late")?.value("data-fg-start"), "8.75")
    }

    func testHyphenatedIdIsNotSubtraction() throws {
        let p = try TestProject(["index.html": page("""
        <div data-composition-id="m"><div id="a" data-start="0" data-duration="1"></div>
        <div id="a-1" data-start="0" data-duration="4"></div><div id="x" data-start="a-1"></div><div id="y" data-start="a-1 - 1"></div></div>
        """)])
        let c = try p.compile()
        XCTAssertEqual(c.timed("x")?.start, 4, "`a-1` is an id here")
        XCTAssertEqual(c.timed("y")?.start, 3)
    }

    func testUnknownReferenceAndOpenEndedReferenceAreErrors() throws {
        let unknown = try TestProject(["index.html": page(#"<div data-composition-id="m"><div id="x" data-start="nope + 1"></div></div>"#)])
        let e1 = compileError { try unknown.compile() }
        XCTAssertEqual(e1?.code, .invalidComposition)
        XCTAssertTrue(e1?.message.contains("nope") ?? false, e1?.message ?? "")
        let open = try TestProject(["index.html": page(#"<div data-composition-id="m"><div id="a" data-start="1"></div><div id="x" data-start="a"></div></div>"#)])
        let e2 = compileError { try open.compile() }
        XCTAssertTrue(e2?.message.contains("no data-duration") ?? false, e2?.message ?? "")
    }

    func testReferenceCycleIsNamed() throws {
        let p = try TestProject(["index.html": page(#"<div data-composition-id="m"><div id="a" data-start="b" data-duration="1"></div><div id="b" data-start="a + 1" data-duration="1"></div></div>"#)])
        let error = compileError { try p.compile() }
        XCTAssertEqual(error?.code, .invalidComposition)
        XCTAssertEqual(error, .circularClipReference(cycle: ["a", "b", "a"]))
    }

    func testFloatingSumsAreStampedRounded() throws {
        let p = try TestProject(["index.html": page(#"<div data-composition-id="m"><div id="a" data-start="0.1" data-duration="0.2"></div></div>"#)])
        let c = try p.compile()
        XCTAssertEqual(c.startTag(id: "a")?.value("data-fg-end"), "0.3")
        XCTAssertEqual(c.timed("a")?.end, 0.3)
    }

    func testMediaClipsAndAttributes() throws {
        let p = try TestProject([
            "index.html": page("""
            <div data-composition-id="m" data-duration="5">
              <audio id="music" src="media/tone.wav" data-start="intro" data-duration="2" data-playback-start="0.25" data-volume="9" loop></audio>
              <div id="intro" data-start="0.5" data-duration="1"></div>
              <audio data-start="1" muted><source src="media/tone.wav"></audio>
            </div>
            """),
            "media/tone.wav": "not really audio",
        ])
        let c = try p.compile()
        XCTAssertEqual(c.audioClips.count, 2)
        let music = c.audioClips[0]
        XCTAssertEqual(music, MediaClip(id: "music", kind: .audio, src: "media/tone.wav", start: 1.5, duration: 2, mediaStart: 0.25,
                                        volume: 3.98, loop: true, muted: false, hasAudio: nil, objectFit: nil))
        XCTAssertEqual(c.audioClips[1].id, "fg-audio-1", "media without an id get a stable one")
        XCTAssertTrue(c.audioClips[1].muted)
        XCTAssertNotNil(c.startTag(id: "fg-audio-1"))
        XCTAssertEqual(c.assets, ["media/tone.wav"])
    }

    func testMissingMediaFileIsAnError() throws {
        let p = try TestProject(["index.html": page(#"<div data-composition-id="m"><video id="v" src="nope.mp4"></video></div>"#)])
        let error = compileError { try p.compile() }
        XCTAssertEqual(error?.code, .invalidComposition)
        XCTAssertTrue(error?.message.contains("nope.mp4") ?? false)
    }

    func testDeterministicOutput() throws {
        let p = try TestProject([
            "index.html": page(#"<div data-composition-id="m" data-duration="6" data-composition-variables='[{"id":"b","type":"number","default":1},{"id":"a","type":"string","default":"x"}]'><div id="h1" data-composition-src="s.html" data-start="1"></div><div id="h2" data-composition-src="s.html" data-start="h1"></div><audio src="t.wav" data-start="h2 - 0.5"></audio></div>"#),
            "s.html": "<template><style>.t { color: red }</style><div data-composition-id=\"s\" data-duration=\"2\"><p id=\"t\" class=\"t\" data-start=\"0.5\" data-duration=\"1\">x</p></div></template>",
            "t.wav": "x",
        ])
        let a = try p.compile(CompileOptions(variables: ["a": .string("y"), "b": .number(2)]))
        let b = try p.compile(CompileOptions(variables: ["b": .number(2), "a": .string("y")]))
        XCTAssertEqual(Array(a.html.utf8), Array(b.html.utf8))
        XCTAssertEqual(a.timedElements, b.timedElements)
        XCTAssertEqual(a.assets, b.assets)
    }
}
