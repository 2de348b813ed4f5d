import Foundation
import XCTest
import FrameGateTestSupport
@testable import FrameGateHarness

/// `framegate test --update`: no churn for an identical render, a change report for a changed one, and
/// environment.json recorded beside the baseline.
final class UpdateChangeReportTests: XCTestCase {
    /// Bytes and modification time of every file under `directory`.
    private func snapshot(_ workspace: HarnessWorkspace, _ directory: URL) throws -> [String: (Data, Date)] {
        var result: [String: (Data, Date)] = [:]
        for (path, data) in try workspace.tree(directory) {
            let attributes = try FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent(path).path)
            result[path] = (data, try XCTUnwrap(attributes[.modificationDate] as? Date))
        }
        return result
    }

    private func changes(_ workspace: HarnessWorkspace) throws -> [String: [String: Any]] {
        let data = try Data(contentsOf: workspace.changeReport.appendingPathComponent("changes.json"))
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let fixtures = try XCTUnwrap(object["fixtures"] as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: fixtures.map { ($0["fixture"] as! String, $0) })
    }

    func testChangedFixtureIsReportedAndEveryOtherBaselineKeepsBytesAndMtime() throws {
        let workspace = try HarnessWorkspace()
        try workspace.writeTiny("alpha", TinyFixture())
        try workspace.writeTiny("beta", TinyFixture(boxColor: "#e76f51"))
        let first = try workspace.test(["--update"])
        XCTAssertEqual(first.status, 0, first.description)
        XCTAssertEqual(try changes(workspace)["alpha"]?["status"] as? String, "new")
        let before = try snapshot(workspace, workspace.baselines)
        XCTAssertEqual(Set(before.keys), ["alpha/output.mp4", "alpha/compiled.html", "alpha/digests.json", "alpha/environment.json",
                                          "beta/output.mp4", "beta/compiled.html", "beta/digests.json", "beta/environment.json"])

        // A deliberate change to alpha only: its box colour.
        try workspace.edit("fixtures/alpha/src/index.html", replacing: "#f4a261", with: "#2a9d8f")
        let second = try workspace.test(["--update"])
        XCTAssertEqual(second.status, 0, second.description)
        XCTAssertTrue(second.stderr.contains("UPDATED beta") && second.stderr.contains("unchanged, nothing written"), second.stderr)
        XCTAssertTrue(second.stderr.contains("change report: \(workspace.changeReport.path)/changes.html"), second.stderr)
        let after = try snapshot(workspace, workspace.baselines)
        XCTAssertEqual(Set(after.keys), Set(before.keys))
        for (path, old) in before where path.hasPrefix("beta/") {
            XCTAssertEqual(after[path]?.0, old.0, "\(path) bytes changed")
            XCTAssertEqual(after[path]?.1, old.1, "\(path) was rewritten")
        }
        // Control: the changed fixture's files did change.
        for name in ["output.mp4", "compiled.html", "digests.json"] {
            XCTAssertNotEqual(after["alpha/\(name)"]?.0, before["alpha/\(name)"]?.0, name)
            XCTAssertNotEqual(after["alpha/\(name)"]?.1, before["alpha/\(name)"]?.1, name)
        }

        let report = try changes(workspace)
        XCTAssertEqual(report["beta"]?["status"] as? String, "unchanged")
        let alpha = try XCTUnwrap(report["alpha"])
        XCTAssertEqual(alpha["status"] as? String, "changed")
        XCTAssertEqual(alpha["framesChanged"] as? Int, 10, "the box is on every frame")
        XCTAssertEqual(alpha["compiledHtmlChanged"] as? Bool, true)
        let worst = try XCTUnwrap(alpha["worstPsnr"] as? Double)
        let worstTile = try XCTUnwrap(alpha["worstTilePsnr"] as? Double)
        XCTAssertLessThan(worstTile, worst, "a local change is worse in its worst tile than over the frame")
        XCTAssertLessThan(worstTile, 30)
        XCTAssertEqual((alpha["changedRanges"] as? [[String: Int]])?.first, ["from": 0, "to": 9])
        XCTAssertFalse((alpha["regions"] as? [Any] ?? []).isEmpty, "\(alpha)")
        XCTAssertEqual((alpha["baselineDuration"] as? Double), 1.0)
        let images = try XCTUnwrap(alpha["images"] as? [[String: Any]])
        XCTAssertEqual(images.count, ChangeMeasure.imageFrames)
        for image in images {
            for key in ["before", "after", "difference"] {
                let path = try XCTUnwrap(image[key] as? String)
                XCTAssertTrue(path.hasPrefix("images/alpha/"), path)
                XCTAssertTrue(FileManager.default.fileExists(atPath: workspace.changeReport.appendingPathComponent(path).path), path)
            }
        }
        let html = try String(contentsOf: workspace.changeReport.appendingPathComponent("changes.html"), encoding: .utf8)
        XCTAssertTrue(html.contains("<section id=\"alpha\">") && html.contains("src=\"images/alpha/before_"), html)
        XCTAssertFalse(html.contains("http:") || html.contains("https:") || html.contains("<script"), "self-contained")
        XCTAssertFalse(html.contains("<section id=\"beta\">"), "unchanged fixtures are listed, not detailed")
    }

    /// With --html-report, the change report is a section of the HTML report (and its images come along);
    /// control: a checking run's report has no such section.
    func testTheChangeReportIsASectionOfTheHTMLReport() throws {
        let workspace = try HarnessWorkspace()
        try workspace.writeTiny("alpha", TinyFixture())
        XCTAssertEqual(try workspace.test(["--update"]).status, 0)
        try workspace.edit("fixtures/alpha/src/index.html", replacing: "#f4a261", with: "#2a9d8f")
        let report = workspace.root.appendingPathComponent("report")
        let run = try workspace.test(["--update", "--html-report", report.path])
        XCTAssertEqual(run.status, 0, run.description)
        let page = try String(contentsOf: report.appendingPathComponent("index.html"), encoding: .utf8)
        XCTAssertTrue(page.contains("<section id=\"baseline-changes\">"), page)
        XCTAssertTrue(page.contains("1 changed, 0 new, 0 unchanged, 0 failed"), page)
        XCTAssertTrue(page.contains("href=\"changes/changes.html\""), page)
        let changes = try String(contentsOf: report.appendingPathComponent("changes/changes.html"), encoding: .utf8)
        let image = try XCTUnwrap(changes.range(of: "src=\"images/alpha/before_"))
        XCTAssertFalse(image.isEmpty)
        XCTAssertFalse(try FileManager.default.contentsOfDirectory(atPath: report.appendingPathComponent("changes/images/alpha").path).isEmpty)

        let checking = try workspace.test(["--html-report", report.path])
        XCTAssertEqual(checking.status, 0, checking.description)
        let plain = try String(contentsOf: report.appendingPathComponent("index.html"), encoding: .utf8)
        XCTAssertFalse(plain.contains("baseline-changes"), "a checking run has no change section")
    }

    func testUpdatingAnUnchangedFixtureTwiceTouchesNoFile() throws {
        let workspace = try HarnessWorkspace()
        // Text, so the render uses a font file that environment.json must name.
        try workspace.writeTiny("tiny", TinyFixture(extraMarkup: "<p style=\"position:absolute;top:0;font:16px sans-serif;color:#fff\">Hi 42</p>"))
        XCTAssertEqual(try workspace.test(["--update"]).status, 0)
        let created = try snapshot(workspace, workspace.baselines)
        for round in 1...2 {
            let run = try workspace.test(["--update"])
            XCTAssertEqual(run.status, 0, run.description)
            XCTAssertTrue(run.stderr.contains("unchanged, nothing written"), run.stderr)
            let now = try snapshot(workspace, workspace.baselines)
            XCTAssertEqual(Set(now.keys), Set(created.keys))
            for (path, old) in created { XCTAssertEqual(now[path]?.1, old.1, "round \(round): \(path) was rewritten") }
            XCTAssertEqual(try workspace.entries(workspace.baselines), ["tiny"], "no staging litter")
        }

        // environment.json: parses as the type, with the font file the text was drawn with and its digest.
        let environmentURL = workspace.baseline("tiny").appendingPathComponent("environment.json")
        var environment = try BaselineEnvironment.load(contentsOf: environmentURL)
        XCTAssertFalse(environment.chromium.isEmpty)
        XCTAssertNotNil(environment.libav["avcodec"])
        XCTAssertGreaterThan(environment.renderSeconds ?? 0, 0)
        let font = try XCTUnwrap(environment.fonts.first { $0.file != nil }, "\(environment.fonts)")
        let reference = try runProcess("/usr/bin/sha256sum", [font.file!])
        XCTAssertEqual(font.sha256, String(reference.stdout.prefix(64)))

        // environment.json is not part of "identical": a baseline made with another chromium whose pixels this
        // render reproduces is left alone, its record included.
        environment.chromium = "1.0.0-test"
        try environment.fileData().write(to: environmentURL)
        let recorded = try snapshot(workspace, workspace.baselines)
        let again = try workspace.test(["--update"])
        XCTAssertTrue(again.stderr.contains("unchanged, nothing written"), again.stderr)
        let kept = try snapshot(workspace, workspace.baselines)
        for (path, old) in recorded {
            XCTAssertEqual(kept[path]?.0, old.0, path)
            XCTAssertEqual(kept[path]?.1, old.1, path)
        }

        // A baseline made before the record: an identical update adds environment.json and nothing else.
        try FileManager.default.removeItem(at: environmentURL)
        let others = try snapshot(workspace, workspace.baselines)
        let adding = try workspace.test(["--update"])
        XCTAssertTrue(adding.stderr.contains("unchanged, environment.json added"), adding.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: environmentURL.path))
        let now = try snapshot(workspace, workspace.baselines)
        for (path, old) in others { XCTAssertEqual(now[path]?.1, old.1, "\(path) was rewritten") }
    }

    /// `--update NAME` renders and updates only that fixture, even when another one changed too.
    func testUpdateOfNamedFixturesLeavesTheOthersAlone() throws {
        let workspace = try HarnessWorkspace()
        for id in ["alpha", "beta"] { try workspace.writeTiny(id, TinyFixture()) }
        XCTAssertEqual(try workspace.test(["--update"]).status, 0)
        let before = try snapshot(workspace, workspace.baselines)
        for id in ["alpha", "beta"] { try workspace.edit("fixtures/\(id)/src/index.html", replacing: "#f4a261", with: "#2a9d8f") }
        let run = try workspace.test(["--update", "alpha"])
        XCTAssertEqual(run.status, 0, run.description)
        XCTAssertTrue(run.stderr.contains("framegate test: 1 fixture(s)"), run.stderr)
        XCTAssertFalse(run.stderr.contains("beta"), run.stderr)
        XCTAssertEqual(Array(try changes(workspace).keys), ["alpha"])
        let after = try snapshot(workspace, workspace.baselines)
        for (path, old) in before where path.hasPrefix("beta/") { XCTAssertEqual(after[path]?.1, old.1, path) }
        // Control: the named fixture was updated.
        XCTAssertNotEqual(after["alpha/digests.json"]?.0, before["alpha/digests.json"]?.0)
    }

    func testUnknownFixtureNameListsCloseNames() throws {
        let workspace = try HarnessWorkspace()
        try workspace.writeTiny("gsap-timeline", TinyFixture())
        try workspace.writeTiny("waapi", TinyFixture())
        let run = try workspace.test(["--update", "gsap-timline"])
        XCTAssertEqual(run.status, 2, run.description)
        XCTAssertTrue(run.stderr.hasPrefix("error[INVALID_ARGUMENT]: no fixture named 'gsap-timline'; did you mean gsap-timeline?"), run.stderr)
        XCTAssertEqual(try workspace.entries(workspace.baselines), [], "nothing rendered or written")
        // The change report never lands on the user's files: a directory holding anything else, or the
        // fixtures directory itself, is refused before anything renders.
        try workspace.scratch.write("notes", to: "mine/notes.txt")
        for target in [workspace.root.appendingPathComponent("mine"), workspace.fixtures] {
            let refused = try workspace.test(["--update", "waapi", "--change-report", target.path])
            XCTAssertEqual(refused.status, 2, refused.description)
            XCTAssertTrue(refused.stderr.hasPrefix("error[OUTPUT_PATH_REFUSED]: refusing to write \(target.path)"), refused.stderr)
        }
        XCTAssertEqual(try workspace.entries(workspace.baselines), [], "nothing rendered or written")
        XCTAssertEqual(try workspace.entries(workspace.root.appendingPathComponent("mine")), ["notes.txt"])
        // Control: a name far from every fixture suggests none.
        XCTAssertEqual(FixtureNames.close(to: "zzzzzz", in: ["gsap-timeline", "waapi"]), [])
        XCTAssertEqual(FixtureNames.close(to: "wapi", in: ["gsap-timeline", "waapi"]), ["waapi"])
    }
}
