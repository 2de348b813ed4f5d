import Foundation
import XCTest
import FrameGateBrowser
import FrameGateTestSupport
@testable import FrameGateHarness

/// `framegate test --html-report DIR`: a run with one failing fixture writes a report that FrameGate's own
/// browser layer opens from the directory alone (every other request blocked) with its images loaded and
/// one chart point per frame; an external reference injected into it is caught.
final class HTMLReportTests: XCTestCase {
    /// 3 s at 10 fps: 30 frames each; clicks for the audio envelopes (3 s: enough windows to correlate).
    static let fixture = TinyFixture(duration: 3, clicks: TinyFixture.clickPattern)

    /// "good" passes; "changed" has another box colour (visual) and a click moved (audio).
    static func failingRun() throws -> (HarnessWorkspace, HarnessRun, URL) {
        let workspace = try HarnessWorkspace()
        try workspace.writeTiny("good", fixture)
        try workspace.writeTiny("changed", fixture)
        let update = try workspace.test(["--update"])
        XCTAssertEqual(update.status, 0, update.description)
        try workspace.edit("fixtures/changed/src/index.html", replacing: "background: #f4a261", with: "background: #2a9d8f")
        try workspace.edit("fixtures/changed/src/index.html", replacing: "data-start=\"1.2\"", with: "data-start=\"1.6\"")
        let report = workspace.root.appendingPathComponent("report")
        let run = try workspace.test(["--sequential", "--html-report", report.path])
        return (workspace, run, report)
    }

    func testReportOfAFailingRunOpensOfflineWithImagesAndAPointPerFrame() async throws {
        let (workspace, run, report) = try Self.failingRun()
        XCTAssertEqual(run.status, 1, run.description)
        XCTAssertTrue(run.stderr.contains("HTML report: \(report.path)/index.html"), run.stderr)

        // results.json: failing first, every frame in the series, image paths relative to the report.
        let results = try RunResults.load(from: report)
        XCTAssertEqual(results.outcomes.map(\.fixture), ["changed", "good"])
        XCTAssertEqual(results.outcomes.map(\.status), [.failed, .passed])
        let changed = try XCTUnwrap(results.outcomes.first?.details)
        let good = try XCTUnwrap(results.outcomes.last?.details)
        XCTAssertEqual(changed.visual?.psnr.count, 30)
        XCTAssertEqual(good.visual?.psnr.count, 30, "a passing fixture has its per-frame series too")
        XCTAssertEqual(good.visual?.failing, [])
        XCTAssertFalse(changed.visual?.failing.isEmpty ?? true)
        XCTAssertFalse(changed.images.isEmpty)
        XCTAssertTrue(good.images.isEmpty)
        for set in changed.images {
            for path in [set.expected, set.actual, set.diff!] {
                XCTAssertTrue(path.hasPrefix("changed/in-process/"), path)
                XCTAssertTrue(FileManager.default.fileExists(atPath: report.appendingPathComponent(path).path), path)
            }
        }
        XCTAssertEqual(results.outcomes.first?.stages.map(\.stage), [.render, .compiledHtml, .visual, .audio, .streamParity])
        XCTAssertNotNil(results.runs.first?.environment?.chromium)
        XCTAssertFalse(changed.audio?.rendered.isEmpty ?? true)
        XCTAssertFalse(changed.audio?.marked.isEmpty ?? true, "the moved click is marked: \(String(describing: changed.audio))")
        XCTAssertEqual(good.audio?.marked, [])

        // The page, through the browser layer: the report directory is the "project", index.html its entry.
        let browser = try await Browser.launch()
        do {
            let session = try await CaptureSession.open(browser: browser, project: ProjectSource(root: report),
                                                        options: CaptureOptions(width: 1100, height: 1700))
            let state = try await session.evaluate("""
            (async () => {
              const imgs = Array.from(document.querySelectorAll('img'));
              await Promise.all(imgs.map(i => i.complete ? 0 : new Promise(r => { i.onload = i.onerror = r; })));
              return {
                first: document.querySelector('section.fixture').id,
                images: imgs.map(i => ({ cls: i.className, width: i.naturalWidth })),
                charts: Array.from(document.querySelectorAll('svg.chart.frames')).map(s => ({
                  frames: Number(s.dataset.frames),
                  psnr: s.querySelector('polyline.psnr').points.numberOfItems,
                  tile: s.querySelector('polyline.tile').points.numberOfItems })),
                audio: document.querySelectorAll('svg.chart.audio').length,
                marked: document.querySelectorAll('svg.chart.audio rect.marked').length,
                environment: document.querySelector('section.environment').textContent.includes('Chromium')
              };
            })()
            """)
            // Two views to look at: the top (overview, the failing fixture's chart and images) and the
            // failing fixture's audio envelopes followed by the passing fixture.
            var shots: [String] = [try await session.screenshot()]
            _ = try await session.evaluate("document.querySelector('.audio').scrollIntoView()")
            shots.append(try await session.screenshot())
            let requests = await session.requests
            await session.close()
            for (index, shot) in shots.enumerated() {
                let file = FileManager.default.temporaryDirectory.appendingPathComponent("framegate-html-report-\(index + 1).png")
                try XCTUnwrap(Data(base64Encoded: shot)).write(to: file)
                print("HTML report screenshot: \(file.path)")
            }

            let page = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(state.utf8)) as? [String: Any], state)
            XCTAssertEqual(page["first"] as? String, "fx-changed-in-process", "failing fixtures first")
            let images = try XCTUnwrap(page["images"] as? [[String: Any]])
            // expected, actual, diff + the swipe's two, per failed frame.
            XCTAssertEqual(images.count, changed.images.count * 5, state)
            for kind in ["expected", "actual", "diff"] {
                XCTAssertEqual(images.filter { $0["cls"] as? String == kind }.count, changed.images.count, kind)
            }
            XCTAssertTrue(images.allSatisfy { ($0["width"] as? Int ?? 0) == 160 }, "every image loaded: \(images)")
            let charts = try XCTUnwrap(page["charts"] as? [[String: Any]])
            XCTAssertEqual(charts.count, 2, "one per fixture, the passing one included")
            for chart in charts {
                XCTAssertEqual(chart["frames"] as? Int, 30)
                XCTAssertEqual(chart["psnr"] as? Int, 30)
                XCTAssertEqual(chart["tile"] as? Int, 30)
            }
            XCTAssertEqual(page["audio"] as? Int, 2)
            XCTAssertGreaterThan(page["marked"] as? Int ?? 0, 0)
            XCTAssertEqual(page["environment"] as? Bool, true)

            // Nothing left the report's directory: every request was a file in it.
            XCTAssertFalse(requests.isEmpty)
            let outside = requests.filter { $0.outcome != .served && $0.outcome != .passThrough }
            XCTAssertEqual(outside, [], "\(requests)")
            let served = Set(requests.filter { $0.outcome == .served }.map { URL(string: $0.url)!.lastPathComponent })
            XCTAssertEqual(served, Set(["index.html"] + changed.images.flatMap { [$0.expected, $0.actual, $0.diff!] }
                .map { URL(fileURLWithPath: $0).lastPathComponent }))

            // Control: the same report with one external image is caught leaving.
            let leaking = workspace.root.appendingPathComponent("leaking")
            try FileManager.default.copyItem(at: report, to: leaking)
            let index = leaking.appendingPathComponent("index.html")
            let html = try String(contentsOf: index, encoding: .utf8)
            try Data(html.replacingOccurrences(of: "<header>", with: "<header><img src=\"https://example.invalid/x.png\">").utf8)
                .write(to: index)
            let error = await expectCode(.networkAccessBlocked) {
                let session = try await CaptureSession.open(browser: browser, project: ProjectSource(root: leaking),
                                                            options: CaptureOptions(width: 1100, height: 1700))
                await session.close()
            }
            XCTAssertTrue(error?.message.contains("https://example.invalid/x.png") ?? false, "\(String(describing: error))")
        } catch {
            await browser.close()
            throw error
        }
        await browser.close()
    }

    /// A directory that holds something other than a report is refused before anything renders.
    func testReportDirectoryOfOtherFilesIsRefused() throws {
        let workspace = try HarnessWorkspace()
        try workspace.writeTiny("good", TinyFixture())
        let occupied = workspace.root.appendingPathComponent("occupied")
        try FileManager.default.createDirectory(at: occupied, withIntermediateDirectories: true)
        try Data("mine".utf8).write(to: occupied.appendingPathComponent("notes.txt"))
        let run = try workspace.test(["--html-report", occupied.path])
        XCTAssertEqual(run.status, 2, run.description)
        XCTAssertTrue(run.stderr.contains("error[OUTPUT_PATH_REFUSED]"), run.stderr)
        XCTAssertEqual(try workspace.entries(occupied), ["notes.txt"])
        XCTAssertTrue(run.events("test_start").isEmpty, "refused before rendering")
        // Control: an empty directory is fine (the fixture has no baseline, so the run fails, but it reports).
        let empty = workspace.root.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let reported = try workspace.test(["--html-report", empty.path])
        XCTAssertEqual(reported.status, 1, reported.description)
        XCTAssertEqual(try workspace.entries(empty), ["index.html", "results.json"])
    }
}
