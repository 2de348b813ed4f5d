import Foundation
import XCTest
import FrameGateTestSupport
@testable import FrameGateHarness

/// `framegate test --update`: a failed update leaves the old baseline byte-identical; a successful one
/// replaces output, compiled.html, digests.json and environment.json together; no temp siblings are left behind.
final class RunUpdateTests: XCTestCase {
    func testFailedUpdateKeepsTheBaselineAndASuccessfulOneReplacesIt() throws {
        let workspace = try HarnessWorkspace()
        try workspace.writeTiny("tiny", TinyFixture())
        let first = try workspace.test(["--update"])
        XCTAssertEqual(first.status, 0, first.description)
        XCTAssertTrue(first.stderr.contains("UPDATED tiny"), first.stderr)
        let original = try workspace.tree(workspace.baselines)
        XCTAssertEqual(Set(original.keys), ["tiny/output.mp4", "tiny/compiled.html", "tiny/digests.json", "tiny/environment.json"])
        XCTAssertEqual(try FrameDigests.load(contentsOf: workspace.baseline("tiny").appendingPathComponent("digests.json")).frames.count, 10)

        // A render that fails: the page script throws.
        try workspace.writeTiny("tiny", TinyFixture(extraMarkup: "<script>throw new Error('regression under test');</script>"))
        let failed = try workspace.test(["--update"])
        XCTAssertEqual(failed.status, 1, failed.description)
        XCTAssertEqual(failed.failedStages("tiny"), ["render"], failed.stderr)
        XCTAssertEqual(failed.failuresByStage("render"), 1)
        XCTAssertEqual(try workspace.tree(workspace.baselines), original, "a failed update must leave the baseline byte-identical")
        XCTAssertEqual(try workspace.entries(workspace.baselines), ["tiny"], "no temp siblings")
        // The change report says the fixture failed, and why.
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: workspace.changeReport.appendingPathComponent("changes.json"))) as? [String: Any]
        let entry = (report?["fixtures"] as? [[String: Any]])?.first
        XCTAssertEqual(entry?["status"] as? String, "failed", "\(String(describing: report))")
        XCTAssertTrue((entry?["reason"] as? String ?? "").contains("regression under test"), "\(String(describing: entry))")

        // A successful update of a changed fixture replaces the three rendered files (environment.json is
        // rewritten too, but may hold the same values).
        try workspace.writeTiny("tiny", TinyFixture(boxColor: "#2a9d8f"))
        let second = try workspace.test(["--update"])
        XCTAssertEqual(second.status, 0, second.description)
        let replaced = try workspace.tree(workspace.baselines)
        XCTAssertEqual(Set(replaced.keys), Set(original.keys))
        for file in original.keys where !file.hasSuffix("environment.json") { XCTAssertNotEqual(replaced[file], original[file], "\(file) was not replaced") }
        XCTAssertTrue(String(decoding: replaced["tiny/compiled.html"]!, as: UTF8.self).contains("#2a9d8f"))
        XCTAssertEqual(try workspace.entries(workspace.baselines), ["tiny"], "no temp siblings")
        XCTAssertEqual(try workspace.entries(workspace.baseline("tiny")), ["compiled.html", "digests.json", "environment.json", "output.mp4"])

        // The new baseline is the one the fixture is now checked against.
        let check = try workspace.test([])
        XCTAssertEqual(check.status, 0, check.description)
    }

    /// The store itself failing half-way (the output copy throws after the new directory was created).
    func testBaselineStoreFailingMidwayLeavesTheOldBaseline() throws {
        let workspace = try HarnessWorkspace()
        try workspace.writeTiny("tiny", TinyFixture())
        for (name, text) in [("output.mp4", "old video"), ("compiled.html", "<p>old</p>"), ("digests.json", "{\"frames\":[]}")] {
            try workspace.scratch.write(text, to: "baselines/tiny/\(name)")
        }
        let before = try workspace.tree(workspace.baselines)
        let fixture = try XCTUnwrap(try FixtureDiscovery.discover(in: workspace.fixtures).fixtures.first)
        let rendered = RenderedFixture(output: workspace.root.appendingPathComponent("vanished.mp4"), compiledHTML: "<p>new</p>",
                                       digests: [], format: .mp4)
        XCTAssertThrowsError(try BaselineStore(root: workspace.baselines).update(fixture, with: rendered)) { error in
            XCTAssertTrue("\(error)".contains("vanished.mp4") || "\(error)".contains(".tiny.new-"), "\(error)")
        }
        XCTAssertEqual(try workspace.tree(workspace.baselines), before)
        XCTAssertEqual(try workspace.entries(workspace.baselines), ["tiny"])
    }
}
