import Foundation
import XCTest
import FrameGateTestSupport

/// `framegate test` output: line-delimited JSON events on stdout, the human log on stderr; name and tag
/// filters; `--sequential` gives the verdicts of the parallel run, one fixture at a time.
final class RunEventsTests: XCTestCase {
    func testEventsFiltersAndSequentialVerdicts() throws {
        let workspace = try HarnessWorkspace()
        try workspace.writeTiny("alpha", TinyFixture(tags: ["slow", "css"]))
        try workspace.writeTiny("beta", TinyFixture(tags: ["css"]))
        try workspace.writeTiny("gamma", TinyFixture(tags: ["seams"]), distributed: true)
        try workspace.scratch.write("not a fixture", to: "fixtures/notes/README.md")
        let update = try workspace.test(["--update"])
        XCTAssertEqual(update.status, 0, update.description)
        XCTAssertEqual(update.summaryCount("passed"), 3)
        // gamma regresses: its box changes colour after its baseline was taken.
        try workspace.writeTiny("gamma", TinyFixture(tags: ["seams"], boxColor: "#e63946"), distributed: true)

        let parallel = try workspace.test([])
        XCTAssertEqual(parallel.status, 1, parallel.description)
        assertStreams(parallel, fixtures: ["alpha", "beta", "gamma"])
        XCTAssertTrue(parallel.stderr.contains("warning: \(workspace.fixtures.path)/notes is not a fixture"), parallel.stderr)
        XCTAssertTrue(parallel.stderr.contains("2 at a time"), parallel.stderr)
        XCTAssertEqual(verdicts(parallel), ["alpha": true, "beta": true, "gamma": false])
        let summary = try XCTUnwrap(parallel.summary)
        XCTAssertEqual(summary["mode"] as? String, "in-process")
        XCTAssertEqual(summary["total"] as? Int, 3)
        XCTAssertEqual(summary["passed"] as? Int, 2)
        XCTAssertEqual(summary["failed"] as? Int, 1)
        XCTAssertEqual(summary["skipped"] as? Int, 0)
        XCTAssertTrue(summary["durationSeconds"] is Double)
        let stages = try XCTUnwrap(summary["failuresByStage"] as? [String: Int])
        XCTAssertEqual(Set(stages.keys), ["render", "compiled_html", "visual", "audio", "stream_parity", "png_sequence", "digests"])
        XCTAssertEqual(stages["visual"], 1)
        XCTAssertEqual(stages.values.reduce(0, +), 1)

        let sequential = try workspace.test(["--sequential"])
        XCTAssertEqual(sequential.status, 1, sequential.description)
        assertStreams(sequential, fixtures: ["alpha", "beta", "gamma"])
        XCTAssertTrue(sequential.stderr.contains("1 at a time"), sequential.stderr)
        XCTAssertEqual(verdicts(sequential), verdicts(parallel))
        XCTAssertEqual(sequential.summary?["failuresByStage"] as? [String: Int], stages)
        // One at a time: each fixture's events are contiguous, in fixture order.
        let order = sequential.events.filter { $0["event"] as? String != "test_suite_summary" }.compactMap { $0["fixture"] as? String }
        XCTAssertEqual(order, ["alpha", "alpha", "alpha", "beta", "beta", "beta", "gamma", "gamma", "gamma"])

        let excluded = try workspace.test(["--exclude-tags", "slow,seams"])
        XCTAssertEqual(excluded.status, 0, excluded.description)
        XCTAssertEqual(Set(excluded.events("test_start").compactMap { $0["fixture"] as? String }), ["beta"])
        XCTAssertEqual(excluded.summaryCount("total"), 1)

        let named = try workspace.test(["gamma", "alpha"])
        XCTAssertEqual(named.status, 1, named.description)
        XCTAssertEqual(Set(named.events("test_start").compactMap { $0["fixture"] as? String }), ["alpha", "gamma"])
        XCTAssertEqual(verdicts(named), ["alpha": true, "gamma": false])

        let namedAndExcluded = try workspace.test(["alpha", "beta", "--exclude-tags=slow"])
        XCTAssertEqual(namedAndExcluded.status, 0, namedAndExcluded.description)
        XCTAssertEqual(namedAndExcluded.events("test_start").compactMap { $0["fixture"] as? String }, ["beta"])
    }

    /// Every stdout line is a JSON event; the human log is on stderr and never on stdout.
    func assertStreams(_ run: HarnessRun, fixtures: [String], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(run.unparsedLines, [], "stdout must be JSON lines only", file: file, line: line)
        XCTAssertTrue(run.stdout.hasSuffix("}\n"), file: file, line: line)
        let names = Set(run.events.compactMap { $0["event"] as? String })
        XCTAssertEqual(names, ["test_start", "visual_comparison_complete", "audio_comparison_complete", "test_suite_summary"],
                       file: file, line: line)
        for id in fixtures {
            for name in ["test_start", "visual_comparison_complete", "audio_comparison_complete"] {
                XCTAssertEqual(run.events(name, fixture: id).count, 1, "\(name) for \(id)", file: file, line: line)
            }
            let start = run.event("test_start", fixture: id)
            XCTAssertEqual(start?["mode"] as? String, "in-process", file: file, line: line)
            XCTAssertEqual(start?["format"] as? String, "mp4", file: file, line: line)
            XCTAssertEqual(start?["fps"] as? String, "10", file: file, line: line)
            XCTAssertTrue(run.stderr.contains("PASS \(id) (") || run.stderr.contains("FAIL \(id) ["), run.stderr,
                          file: file, line: line)
        }
        XCTAssertEqual(run.events("test_suite_summary").count, 1, file: file, line: line)
        XCTAssertEqual(run.events.last?["event"] as? String, "test_suite_summary", file: file, line: line)
        XCTAssertFalse(run.stdout.contains("PASS") || run.stdout.contains("FAIL") || run.stdout.contains("peak RSS"),
                       file: file, line: line)
        XCTAssertTrue(run.stderr.contains("in-process: \(fixtures.count) total"), run.stderr, file: file, line: line)
    }

    /// Fixture → passed, from the visual and audio events.
    func verdicts(_ run: HarnessRun) -> [String: Bool] {
        var result: [String: Bool] = [:]
        for event in run.events where ["visual_comparison_complete", "audio_comparison_complete"].contains(event["event"] as? String) {
            guard let id = event["fixture"] as? String, let passed = event["passed"] as? Bool else { continue }
            result[id] = (result[id] ?? true) && passed
        }
        return result
    }
}
