import FrameGateMedia
import Foundation
import XCTest
import FrameGateTestSupport
@testable import FrameGateBrowser

/// Compositions are offline and confined to their directory; broken ones fail with their code.
final class RefusalTests: XCTestCase {
    private let options = CaptureOptions(width: 160, height: 90)

    private func open(_ project: TestProject, entry: String = "index.html") async throws -> CaptureSession {
        let browser = try await BrowserPool.shared.get()
        return try await CaptureSession.open(browser: browser, project: ProjectSource(root: project.root, entryPath: entry), options: options)
    }

    func testRemoteScriptIsBlockedAndNamed() async throws {
        let project = try TestProject(["index.html": page(body: "", script: "") + #"<script src="https://cdn.example.com/gsap.min.js"></script>"#])
        let error = await expectCode(.networkAccessBlocked) { try await self.open(project) }
        XCTAssertTrue(error?.message.contains("https://cdn.example.com/gsap.min.js") == true, "\(String(describing: error))")
    }

    func testFetchDuringASeekFailsTheNextCall() async throws {
        let html = page(body: "", script: "setTimeout(() => fetch('http://127.0.0.1:9/track').catch(() => {}), 500);")
        let project = try TestProject(["index.html": html])
        let session = try await open(project)
        _ = try await session.capture()
        let error = await expectCode(.networkAccessBlocked) {
            try await session.seek(to: 1)
            _ = try await session.capture()
        }
        XCTAssertTrue(error?.message.contains("http://127.0.0.1:9/track") == true, "\(String(describing: error))")
        await session.close()
    }

    func testParentDirectoryAssetIsOutsideTheProject() async throws {
        let project = try TestProject(["index.html": page(body: #"<img src="../secret.png">"#)], in: "project")
        try "secret".write(to: project.root.deletingLastPathComponent().appendingPathComponent("secret.png"), atomically: true, encoding: .utf8)
        let error = await expectCode(.assetOutsideProject) { try await self.open(project) }
        XCTAssertTrue(error?.message.contains("secret.png") == true, "\(String(describing: error))")
    }

    func testSymlinkPointingOutIsOutsideTheProject() async throws {
        let project = try TestProject(["index.html": page(body: #"<img src="assets/logo.png">"#)], in: "project")
        let outside = project.root.deletingLastPathComponent().appendingPathComponent("outside.png")
        try "not yours".write(to: outside, atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(at: project.root.appendingPathComponent("assets"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: project.root.appendingPathComponent("assets/logo.png"), withDestinationURL: outside)
        let error = await expectCode(.assetOutsideProject) { try await self.open(project) }
        XCTAssertTrue(error?.message.contains("assets/logo.png") == true, "\(String(describing: error))")
    }

    func testAssetsInsideTheProjectAreServedWithTheirTypeAndMissingOnesAre404() async throws {
        let html = page(body: #"<div id="t" class="box" style="left:0;top:0;width:160px;height:90px"></div>"#) +
            #"<link rel="stylesheet" href="css/style.css"><script src="js/app.js"></script>"#
        let project = try TestProject([
            "index.html": html,
            "css/style.css": "#t { background: rgb(0, 128, 0); }",
            "js/app.js": "window.appLoaded = document.currentScript.src;",
            "data/info.json": #"{"n": 42}"#,
        ])
        let session = try await open(project)
        let pixel = try await session.capture().image.rgb(80, 45)
        XCTAssertEqual(pixel, [0, 128, 0])
        let loaded = try await session.evaluate("window.appLoaded")
        XCTAssertEqual(loaded, #""https://composition.invalid/project/js/app.js""#)
        let json = try await session.evaluate("fetch('data/info.json').then(r => r.headers.get('content-type') + ' ' + r.status)")
        XCTAssertEqual(json, #""application/json; charset=utf-8 200""#)
        let missing = try await session.evaluate("fetch('nope.txt').then(r => r.status)")
        XCTAssertEqual(missing, "404")
        // …and a missing asset fails the render rather than leaving a broken image or an empty fetch behind.
        let error = await expectCode(.assetNotFound) { try await session.seek(to: 0.1) }
        XCTAssertTrue(error?.message.contains("nope.txt") ?? false, "\(String(describing: error))")
        await session.close()
    }

    /// One project snapshot in every mode: what a plan drops (dist/, output/, …) is not served in-process either.
    func testAMissingImageOrOneOutsideTheSnapshotIsAnErrorNotABrokenImage() async throws {
        let png = Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")!
        for (reference, expected) in [("img/logo.png", nil), ("dist/logo.png", "dist/"), ("gone.png", "does not exist")] as [(String, String?)] {
            let project = try TestProject(["index.html": page(body: #"<img src="\#(reference)">"#)])
            for directory in ["img", "dist"] {
                try FileManager.default.createDirectory(at: project.root.appendingPathComponent(directory), withIntermediateDirectories: true)
                try png.write(to: project.root.appendingPathComponent("\(directory)/logo.png"))
            }
            guard let expected else {
                let session = try await open(project)   // control: the same image inside the snapshot loads
                await session.close()
                continue
            }
            let error = await expectCode(.assetNotFound) { try await self.open(project) }
            XCTAssertTrue(error?.message.contains(expected) ?? false, "\(reference): \(String(describing: error))")
        }
    }

    func testEntryHTMLOverrideIsServedInsteadOfTheFile() async throws {
        let project = try TestProject(["index.html": page(body: "", script: "window.which = 'file';")])
        let browser = try await BrowserPool.shared.get()
        let source = ProjectSource(root: project.root, entryPath: "index.html",
                                   entryHTML: page(body: "", script: "window.which = 'compiled';"))
        let session = try await CaptureSession.open(browser: browser, project: source, options: options)
        let which = try await session.evaluate("window.which")
        XCTAssertEqual(which, #""compiled""#)
        await session.close()
    }

    func testThrowingScriptIsAScriptErrorWithItsLocation() async throws {
        let project = try TestProject(["index.html": page(body: "", script: "\n\nthrow new Error('boom at load');")])
        let error = await expectCode(.compositionScriptError) { try await self.open(project) }
        XCTAssertTrue(error?.message.contains("boom at load") == true, "\(String(describing: error))")
        XCTAssertTrue(error?.message.contains("https://composition.invalid/project/index.html:") == true, "\(String(describing: error))")
    }

    func testTimerThatThrowsDuringASeekIsAScriptError() async throws {
        let project = try TestProject(["index.html": page(body: "", script: "setTimeout(() => { throw new TypeError('late boom'); }, 2000);")])
        let session = try await open(project)
        try await session.seek(to: 1)
        let error = await expectCode(.compositionScriptError) { try await session.seek(to: 2.5) }
        XCTAssertTrue(error?.message.contains("late boom") == true, "\(String(describing: error))")
        await session.close()
    }

    func testMissingEntryIsCompositionNotFound() async throws {
        let project = try TestProject(["other.html": "<html></html>"])
        let error = await expectCode(.compositionNotFound) { try await self.open(project) }
        XCTAssertTrue(error?.message.contains("index.html") == true, "\(String(describing: error))")
    }

    func testSeekThatNeverSettlesIsASeekTimeout() async throws {
        // A timeline that blocks the page for 5 s of real time once t >= 1 (past the 1 s seek timeout and the
        // 1 s the page then gets to say what it waits for).
        let html = page(body: "", script: """
            window.__timelines = { main: { totalTime(t) { if (t >= 1) { const end = __hf.realNow() + 5000; while (__hf.realNow() < end) {} } } } };
            """)
        let project = try TestProject(["index.html": html])
        let browser = try await BrowserPool.shared.get()
        let session = try await CaptureSession.open(browser: browser, project: project.source,
                                                    options: CaptureOptions(width: 160, height: 90, seekTimeout: 1))
        try await session.seek(to: 0.5)
        let error = await expectCode(.seekTimeout) { try await session.seek(to: 1) }
        XCTAssertTrue(error?.message.contains("t=1") == true, "\(String(describing: error))")
        XCTAssertTrue(error?.message.contains("still running and the page does not answer") == true, "a busy page, not a wait: \(String(describing: error))")
        await session.close()
    }
}

/// A browser killed mid-session fails the next call with BROWSER_CRASHED and is still reaped.
final class CrashTests: XCTestCase {
    func testKilledBrowserFailsPendingAndLaterCalls() async throws {
        let browser = try await Browser.launch()
        let project = try TestProject(["index.html": page(body: "")])
        let session = try await CaptureSession.open(browser: browser, project: project.source, options: CaptureOptions(width: 160, height: 90))
        _ = try await session.capture()
        let pid = browser.pid
        kill(pid, SIGKILL)
        let error = await expectCode(.browserCrashed) {
            for index in 0..<100 {
                try await session.seek(to: Double(index) / 30)
                _ = try await session.capture()
            }
        }
        XCTAssertTrue(error?.message.contains("signal 9") == true || error?.message.contains("pipe") == true, "\(String(describing: error))")
        await session.close()
        await browser.close()
        XCTAssertEqual(kill(pid, 0), -1, "the killed browser must have been reaped")
    }
}
