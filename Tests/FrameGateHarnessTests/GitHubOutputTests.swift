import Foundation
import XCTest
import FrameGateTestSupport
@testable import FrameGateHarness

/// GitHub Actions: a step summary table appended to $GITHUB_STEP_SUMMARY and `::error` annotations for the
/// failing fixtures only; no fail-fast (every fixture runs and every failure is listed); the example
/// workflow parses.
final class GitHubOutputTests: XCTestCase {
    func testStepSummaryAndAnnotationsListEveryFailureAndOnlyFailures() throws {
        let workspace = try HarnessWorkspace()
        for name in ["changed", "good", "shifted"] { try workspace.writeTiny(name, TinyFixture()) }
        XCTAssertEqual(try workspace.test(["--update"]).status, 0)
        try workspace.edit("fixtures/changed/src/index.html", replacing: "background: #f4a261", with: "background: #2a9d8f")
        try workspace.edit("fixtures/shifted/src/index.html", replacing: "top: 25px", with: "top: 45px")
        let summary = workspace.root.appendingPathComponent("step-summary.md")
        try Data("earlier step\n".utf8).write(to: summary)

        // Sequential: "changed" fails first, and the run goes on to "good" and "shifted".
        let run = try workspace.test(["--sequential"], environment: ["GITHUB_STEP_SUMMARY": summary.path, "GITHUB_ACTIONS": "true"])
        XCTAssertEqual(run.status, 1, run.description)
        XCTAssertEqual(run.events("test_start").count, 3, "no fail-fast")
        XCTAssertEqual(run.summaryCount("failed"), 2)
        XCTAssertEqual(run.failedStages("changed"), ["visual"])
        XCTAssertEqual(run.failedStages("shifted"), ["visual"])
        XCTAssertTrue(run.stderr.contains("PASS good"), run.stderr)

        let markdown = try String(contentsOf: summary, encoding: .utf8)
        XCTAssertTrue(markdown.hasPrefix("earlier step\n## FrameGate"), "appended, never truncated:\n\(markdown)")
        XCTAssertTrue(markdown.contains("| Fixture | Mode | Status | Stage | Worst PSNR | Time |"), markdown)
        let rows = markdown.split(separator: "\n").filter { $0.hasPrefix("| ") && !$0.hasPrefix("| Fixture") }
        XCTAssertEqual(rows.count, 3, markdown)
        XCTAssertTrue(rows[0].hasPrefix("| changed | in-process | ❌ failed | visual | "), String(rows[0]))
        XCTAssertTrue(rows[1].hasPrefix("| shifted | in-process | ❌ failed | visual | "), String(rows[1]))
        XCTAssertTrue(rows[2].hasPrefix("| good | in-process | passed | — | "), String(rows[2]))
        XCTAssertTrue(rows[0].contains(" dB | "), String(rows[0]))

        let annotations = run.stderr.split(separator: "\n").filter { $0.hasPrefix("::error ") }
        XCTAssertEqual(annotations.count, 2, run.stderr)
        let changed = try XCTUnwrap(annotations.first { $0.contains("changed%2Fmeta.json") || $0.contains("changed/meta.json") })
        XCTAssertTrue(changed.hasPrefix("::error file=\(workspace.fixtures.path)/changed/meta.json,title=FrameGate%3A changed failed (in-process%2C visual)::[visual] "),
                      String(changed))
        XCTAssertFalse(annotations.contains { $0.contains("/good/") }, "a passing fixture has no annotation")
        XCTAssertTrue(run.unparsedLines.isEmpty, "stdout stays JSON events: \(run.unparsedLines)")

        // Control: outside GitHub Actions nothing of this is printed or written.
        let plain = try workspace.test(["--sequential"])
        XCTAssertEqual(plain.status, 1)
        XCTAssertFalse(plain.stderr.contains("::error"), plain.stderr)
    }

    func testWorkflowCommandEscaping() {
        XCTAssertEqual(GitHubOutput.data("50% of\r\nframes"), "50%25 of%0D%0Aframes")
        XCTAssertEqual(GitHubOutput.property("a: b, c%"), "a%3A b%2C c%25")
        XCTAssertEqual(GitHubOutput.data("plain text: kept, as is"), "plain text: kept, as is")
        XCTAssertEqual(GitHubOutput.cell("a|b\nc"), "a\\|b c")
    }

    /// The shipped workflow is valid YAML with the sharded matrix, both modes and the merge job.
    func testExampleWorkflowParses() throws {
        let workflow = HarnessWorkspace.repository.appendingPathComponent(".github/workflows/framegate.yml")
        let script = """
        import json, sys, yaml
        d = yaml.safe_load(open(sys.argv[1]))
        jobs = d["jobs"]
        steps = lambda job: " ".join(str(s.get("run", "")) + str(s.get("uses", "")) for s in jobs[job]["steps"])
        print(json.dumps({"matrix": jobs["test"]["strategy"]["matrix"], "test": steps("test"), "merge": steps("merge"),
                          "needs": jobs["merge"]["needs"]}))
        """
        let result = try runProcess("/usr/bin/python3", ["-c", script, workflow.path])
        XCTAssertEqual(result.status, 0, "python3-yaml is installed by ci/setup: \(result.stderr)")
        let parsed = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let matrix = try XCTUnwrap(parsed["matrix"] as? [String: Any])
        XCTAssertEqual(matrix["shard"] as? [Int], [1, 2, 3])
        XCTAssertEqual(matrix["mode"] as? [String], ["in-process", "distributed-simulated"])
        let test = try XCTUnwrap(parsed["test"] as? String)
        for part in ["ci/setup", "actions/cache", "--shard ${{ matrix.shard }}/3", "--junit", "--html-report", "actions/upload-artifact"] {
            XCTAssertTrue(test.contains(part), part)
        }
        XCTAssertTrue((parsed["merge"] as? String)?.contains("framegate merge-reports") ?? false)
        XCTAssertEqual(parsed["needs"] as? String, "test")
        // Control: the same check fails on a workflow that does not parse.
        let scratch = try Scratch()
        let broken = try scratch.write("jobs: [unclosed", to: "broken.yml")
        XCTAssertNotEqual(try runProcess("/usr/bin/python3", ["-c", script, broken.path]).status, 0)
    }
}
