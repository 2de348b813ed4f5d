import FrameGateMedia
import XCTest
import FrameGateTestSupport
@testable import FrameGateBrowser

/// HyperFrames' shader transitions in render mode: they see a render engine's marker, composite in the page
/// through canvas drawElementImage, and are driven through prepare / paint / resolve before each capture.
final class PageCompositorTests: XCTestCase {
    private func open(_ html: String) async throws -> (TestProject, CaptureSession) {
        let project = try TestProject(["index.html": html])
        let session = try await CaptureSession.open(browser: try await BrowserPool.shared.get(), project: project.source,
                                                    options: CaptureOptions(width: 160, height: 90))
        return (project, session)
    }

    /// A stand-in for the library's engine-mode compositor: its seek wrapper marks frames from t = 1 pending;
    /// prepare and resolve record their order, and resolve paints the box green.
    private let compositor = """
        window.calls = [];
        window.sawMarkers = [typeof window.__HF_VIRTUAL_TIME__, window.__HF_PAGE_SIDE_COMPOSITING__];
        window.drawElement = (() => { const c = document.createElement('canvas'); c.setAttribute('layoutsubtree', '');
          return 'layoutSubtree' in c && typeof c.getContext('2d').drawElementImage === 'function'; })();
        const seek = window.__hf.seek;
        window.__hf.seek = function (t) { const done = seek.call(window.__hf, t); window.__hf_page_composite_pending = t >= 1; return done; };
        window.__hf_page_composite_prepare = () => Promise.resolve().then(() => { window.calls.push('prepare'); return true; });
        window.__hf_page_composite_resolve = () => {
          window.calls.push('resolve');
          window.__hf_page_composite_pending = false;
          document.getElementById('b').style.background = 'rgb(0,255,0)';
          return true;
        };
        """

    func testAPendingTransitionIsPreparedThenResolvedBeforeCapture() async throws {
        let html = page(body: #"<div id="b" class="box" style="left:0;top:0;width:160px;height:90px;background:rgb(255,0,0)"></div>"#, script: compositor)
        let (_, session) = try await open(html)
        let markers = try await session.evaluate("[window.sawMarkers, window.drawElement]")
        XCTAssertEqual(markers, #"[["object",true],true]"#, "render mode marker, page-side compositing, drawElementImage")
        try await session.seek(to: 0.5)
        var frame = try await session.capture().image
        XCTAssertEqual(frame.rgb(80, 45), [255, 0, 0], "control: nothing pending, nothing composited")
        var calls = try await session.evaluate("window.calls")
        XCTAssertEqual(calls, "[]")
        try await session.seek(to: 1.2)
        frame = try await session.capture().image
        XCTAssertEqual(frame.rgb(80, 45), [0, 255, 0], "resolved before the capture")
        calls = try await session.evaluate("window.calls")
        XCTAssertEqual(calls, #"["prepare","resolve"]"#)
        await session.close()
    }

    /// drawElementImage into a size other than the element's layout box stretches it: a clone of a scene
    /// sized only by `inset: 0` inside a `<canvas layoutsubtree>` (the shader-transitions build that
    /// page-side-shader-compositor-render-compat carries) is reported once as a warning. Control: the same
    /// clone with an explicit size, drawn twice, reports nothing.
    private func cloneDrawingPage(pinned: Bool) -> String {
        // From 0.1 s: a draw needs the element painted once, which under begin-frame control happens only in a
        // frame FrameGate draws (the session's first, after the load's seek to 0).
        let clone = layoutSubtreeClonePage(pinned: pinned, drawFrom: 0.1)
        return page(style: clone.style, body: clone.body, script: clone.script)
    }

    func testAnElementDrawnStretchedIsAWarningOnce() async throws {
        for pinned in [false, true] {
            let (project, session) = try await open(cloneDrawingPage(pinned: pinned))
            try await session.seek(to: 0.5)
            try await session.seek(to: 1)
            let drawn = try await session.evaluate("window.drawn")
            XCTAssertEqual(drawn, "2", "drawn at both seeks")
            let warnings = session.warnings
            if pinned {
                XCTAssertEqual(warnings, [], "control: laid out at the size it is drawn")
            } else {
                XCTAssertEqual(warnings.count, 1, "\(warnings)")
                let warning = try XCTUnwrap(warnings.first)
                XCTAssertTrue(warning.hasPrefix("warning[ELEMENT_DRAWN_SCALED]: the page drew <section id=\"scene-clone\">"), warning)
                XCTAssertTrue(warning.contains("into 160×90 px with drawElementImage, so it is stretched"), warning)
            }
            await session.close()
            withExtendedLifetime(project) {}
        }
    }

    /// The real thing in small: prepare puts a green scene into a `<canvas layoutsubtree>` over the page,
    /// resolve draws it into that canvas with drawElementImage (which needs it painted first).
    private let paintingCompositor = """
        const staging = document.createElement('canvas');
        staging.width = 160; staging.height = 90;
        staging.setAttribute('layoutsubtree', '');
        staging.style.cssText = 'position:fixed;top:0;left:0;width:160px;height:90px;z-index:10';
        document.body.appendChild(staging);
        const seek = window.__hf.seek;
        window.__hf.seek = function (t) { const done = seek.call(window.__hf, t); window.__hf_page_composite_pending = t >= 1; return done; };
        window.__hf_page_composite_prepare = () => {
          const clone = document.createElement('div');
          clone.style.cssText = 'position:absolute;left:0;top:0;width:160px;height:90px;background:rgb(0,255,0)';
          staging.replaceChildren(clone);
          return Promise.resolve(true);
        };
        window.__hf_page_composite_resolve = () => {
          window.__hf_page_composite_pending = false;
          try {
            staging.getContext('2d').drawElementImage(staging.firstElementChild, 0, 0, 160, 90);
            window.result = 'drawn';
          } catch (e) { window.result = String(e); }
          return true;
        };
        """

    /// Under begin-frame control no frame is drawn unless the renderer sends one: the seek hands the paint
    /// to the renderer (two BeginFrames), then the page resolves. Control: the screenshot path paints by itself.
    func testUnderBeginFrameControlTheRendererPaintsTheTransitionsScenes() async throws {
        for method in [CaptureMethod.beginFrame, .screenshot] {
            let browser = try await Browser.launch(BrowserOptions(capture: method))
            let project = try TestProject(["index.html": page(body: #"<div class="box" style="left:0;top:0;width:160px;height:90px;background:rgb(255,0,0)"></div>"#,
                                                              script: paintingCompositor)])
            let session = try await CaptureSession.open(browser: browser, project: project.source,
                                                        options: CaptureOptions(width: 160, height: 90))
            try await session.seek(to: 1.2)
            let frame = try await session.capture().image
            let result = try await session.evaluate("window.result")
            XCTAssertEqual(result, #""drawn""#, "\(method): the clone was painted before drawElementImage")
            XCTAssertEqual(frame.rgb(80, 45), [0, 255, 0], "\(method)")
            await session.close()
            await browser.close()
        }
    }
}
