import Foundation
import XCTest
import FrameGateTestSupport
import FrameGateMedia
@testable import FrameGateHarness

/// environment.json and `framegate env`: what a baseline was made with, and failures explained by it.
final class EnvironmentTests: XCTestCase {
    func testFailuresNameTheChangedComponentAndTheSummaryGroupsThem() throws {
        let workspace = try HarnessWorkspace()
        for id in ["alpha", "beta"] { try workspace.writeTiny(id, TinyFixture()) }
        XCTAssertEqual(try workspace.test(["--update"]).status, 0)
        let recorded = try ["alpha", "beta"].map { try BaselineEnvironment.load(contentsOf: environmentURL(workspace, $0)) }
        // Both fixtures now fail: another box colour.
        for id in ["alpha", "beta"] {
            try workspace.edit("fixtures/\(id)/src/index.html", replacing: "#f4a261", with: "#2a9d8f")
        }

        // Control: the true environment → failures without an environment explanation.
        let control = try workspace.test([])
        XCTAssertEqual(control.status, 1, control.description)
        XCTAssertEqual(control.failedStages("alpha"), ["visual"], control.stderr)
        XCTAssertFalse(control.stderr.contains("baseline made with"), control.stderr)
        XCTAssertFalse(control.stderr.contains("environment change"), control.stderr)
        XCTAssertEqual((control.summary?["environmentChanges"] as? [Any])?.count, 0, control.stdout)

        // The baselines claim another chromium: each failure says so, and the summary makes it one event.
        for (index, id) in ["alpha", "beta"].enumerated() {
            var edited = recorded[index]
            edited.chromium = "1.0.0-test"
            try edited.fileData().write(to: environmentURL(workspace, id))
        }
        let run = try workspace.test([])
        XCTAssertEqual(run.status, 1, run.description)
        let current = recorded[0].chromium
        for id in ["alpha", "beta"] {
            XCTAssertTrue(run.stderr.contains("FAIL \(id) [visual]:") && run.stderr.contains("(baseline made with chromium 1.0.0-test, this run \(current))"),
                          run.stderr)
        }
        XCTAssertTrue(run.stderr.contains("2 failures share one environment change: chromium 1.0.0-test → \(current) (alpha, beta)"), run.stderr)
        let groups = try XCTUnwrap(run.summary?["environmentChanges"] as? [[String: Any]], run.stdout)
        XCTAssertEqual(groups.count, 1)
        XCTAssertEqual(groups.first?["changes"] as? [String], ["chromium 1.0.0-test → \(current)"])
        XCTAssertEqual(groups.first?["fixtures"] as? [String], ["alpha", "beta"])
    }

    private func environmentURL(_ workspace: HarnessWorkspace, _ id: String) -> URL {
        workspace.baseline(id).appendingPathComponent("environment.json")
    }

    func testEnvCommandPrintsTheEnvironmentAsTheBaselineType() throws {
        let run = try runProcess(try framegateBinary(), ["env"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let environment = try JSONDecoder().decode(BaselineEnvironment.self, from: Data(run.stdout.utf8))
        XCTAssertNotNil(environment.chromium.range(of: #"^\d+\.\d+\.\d+\.\d+$"#, options: .regularExpression), environment.chromium)
        XCTAssertEqual(environment.libav, Dictionary(uniqueKeysWithValues: LibAVVersion.libraries.map { ($0.name, $0.version) }))
        XCTAssertNil(environment.renderSeconds)
        XCTAssertFalse(environment.fonts.isEmpty, "the generic families are drawn with some font")
        for font in environment.fonts where font.file != nil {
            XCTAssertTrue(FileManager.default.fileExists(atPath: font.file!), font.file!)
            XCTAssertEqual(font.sha256?.count, 64)
        }
    }

    func testFontIndexReadsNamesFromTheFontFiles() throws {
        let directory = URL(fileURLWithPath: "/usr/share/fonts/truetype/dejavu")
        try XCTSkipUnless(FileManager.default.fileExists(atPath: directory.appendingPathComponent("DejaVuSans.ttf").path))
        let index = FontFileIndex(scanning: [directory])
        XCTAssertEqual(index.files(family: "DejaVu Sans", postScriptName: "DejaVuSans-Bold"), [directory.appendingPathComponent("DejaVuSans-Bold.ttf").path])
        // Without a PostScript name, every face of the family.
        XCTAssertTrue(index.files(family: "DejaVu Sans Mono", postScriptName: "").contains(directory.appendingPathComponent("DejaVuSansMono.ttf").path))
        // Control: an unknown face matches nothing.
        XCTAssertEqual(index.files(family: "No Such Family", postScriptName: "NoSuch-Regular"), [])
    }

    func testChangesNameEachDifferingComponent() {
        let font = BaselineEnvironment.Font(family: "DejaVu Sans", postScriptName: "DejaVuSans", webFont: false, file: "/f.ttf",
                                            sha256: String(repeating: "a", count: 64))
        let base = BaselineEnvironment(chromium: "147.0.1", libav: ["avcodec": "59.1.100"], framegate: "e/1", fonts: [font],
                                       platform: .init(os: "Linux", osVersion: "6.1", arch: "x86_64"), renderSeconds: 1)
        var same = base
        same.renderSeconds = 9
        same.platform.osVersion = "6.8"
        XCTAssertEqual(same.changes(since: base), [], "render time and kernel release are not explanations")
        var other = base
        other.chromium = "148.0.2"
        other.libav["avcodec"] = "60.0.100"
        other.fonts[0].sha256 = String(repeating: "b", count: 64)
        XCTAssertEqual(other.changes(since: base).map(\.transition), [
            "chromium 147.0.1 → 148.0.2", "libav avcodec 59.1.100 → 60.0.100",
            "font DejaVu Sans (DejaVuSans) sha256 aaaaaaaaaaaa → sha256 bbbbbbbbbbbb",
        ])
    }
}
