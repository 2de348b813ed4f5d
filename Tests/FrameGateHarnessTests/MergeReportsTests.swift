import Foundation
import XCTest
import FrameGateTestSupport
@testable import FrameGateHarness

/// `framegate merge-reports`: shard report directories merge to the unsharded run's totals, a failure in any
/// shard fails the merge (exit 1), and bad input — a missing or malformed results.json, a fixture+mode in
/// two inputs — is a usage error (exit 2) that writes nothing.
final class MergeReportsTests: XCTestCase {
    private func merge(_ arguments: [String]) throws -> ProcessResult {
        try runProcess(try framegateBinary(), ["merge-reports"] + arguments, environment: HarnessWorkspace.quietGitHub)
    }

    private func totals(_ results: RunResults) -> [String] {
        results.summaries.map { "\($0.mode.rawValue) \($0.total) \($0.passed) \($0.failed) \($0.skipped)" }
    }

    func testShardsMergeToTheUnshardedRunAndAFailingShardFailsTheMerge() throws {
        let workspace = try HarnessWorkspace()
        for name in ["alpha", "beta", "gamma"] { try workspace.writeTiny(name, TinyFixture()) }
        XCTAssertEqual(try workspace.test(["--update"]).status, 0)
        let dir = { (name: String) in workspace.root.appendingPathComponent(name) }

        let whole = try workspace.test(["--html-report", dir("whole").path])
        XCTAssertEqual(whole.status, 0, whole.description)
        for shard in 1...2 {
            let run = try workspace.test(["--shard", "\(shard)/2", "--html-report", dir("shard\(shard)").path])
            XCTAssertEqual(run.status, 0, run.description)
        }
        let merged = try merge([dir("shard1").path, dir("shard2").path, "--html-report", dir("merged").path,
                                "--junit", dir("merged.xml").path])
        XCTAssertEqual(merged.status, 0, merged.stderr)
        let unsharded = try RunResults.load(from: dir("whole"))
        let combined = try RunResults.load(from: dir("merged"))
        XCTAssertEqual(totals(combined), totals(unsharded))
        XCTAssertEqual(totals(combined), ["in-process 3 3 0 0"])
        XCTAssertEqual(Set(combined.outcomes.map(\.fixture)), Set(unsharded.outcomes.map(\.fixture)))
        XCTAssertEqual(combined.runs.compactMap(\.shard), ["1/2", "2/2"])
        XCTAssertTrue(merged.stderr.contains("in-process: 3 total, 3 passed, 0 failed, 0 skipped"), merged.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir("merged").appendingPathComponent("index.html").path))
        let junit = try String(contentsOf: dir("merged.xml"), encoding: .utf8)
        XCTAssertTrue(junit.contains("<testsuites name=\"framegate test\" tests=\"3\" failures=\"0\""), junit)

        // A failure in one shard: the merge exits 1 and its report carries the failure's images.
        let listed = try workspace.testProcess(["--list", "--shard", "1/2"])
        let victim = try XCTUnwrap(listed.stdout.split(separator: "\n").first.map(String.init))
        try workspace.edit("fixtures/\(victim)/src/index.html", replacing: "background: #f4a261", with: "background: #2a9d8f")
        let failing = try workspace.test(["--shard", "1/2", "--html-report", dir("shard1").path])
        XCTAssertEqual(failing.status, 1, failing.description)
        let remerged = try merge([dir("shard1").path, dir("shard2").path, "--html-report", dir("merged").path])
        XCTAssertEqual(remerged.status, 1, remerged.stderr)
        XCTAssertTrue(remerged.stderr.contains("in-process: 3 total, 2 passed, 1 failed (visual: 1), 0 skipped"), remerged.stderr)
        let withFailure = try RunResults.load(from: dir("merged"))
        XCTAssertEqual(withFailure.outcomes.first?.fixture, victim)
        let images = try XCTUnwrap(withFailure.outcomes.first?.details?.images)
        XCTAssertFalse(images.isEmpty)
        for set in images {
            XCTAssertTrue(FileManager.default.fileExists(atPath: dir("merged").appendingPathComponent(set.actual).path), set.actual)
        }

        // The same fixture in two inputs: refused, nothing written.
        let overlapping = try merge([dir("whole").path, dir("shard2").path, "--html-report", dir("overlap").path])
        XCTAssertEqual(overlapping.status, 2, overlapping.stderr)
        XCTAssertTrue(overlapping.stderr.contains("error[INVALID_ARGUMENT]"), overlapping.stderr)
        XCTAssertTrue(overlapping.stderr.contains("is in both"), overlapping.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir("overlap").path))
    }

    /// Both modes merged: one JUnit testsuite per mode, valid against the schema the JUnit tests use.
    func testBothModesMergeIntoOneTestsuitePerMode() throws {
        let workspace = try HarnessWorkspace()
        try workspace.writeTiny("both", TinyFixture(fps: "24"))
        XCTAssertEqual(try workspace.test(["--update"]).status, 0)
        let dir = { (name: String) in workspace.root.appendingPathComponent(name) }
        XCTAssertEqual(try workspace.test(["--html-report", dir("in-process").path]).status, 0)
        let distributed = try workspace.test(["--mode=distributed-simulated", "--html-report", dir("distributed").path])
        XCTAssertEqual(distributed.status, 0, distributed.description)
        let merged = try merge([dir("in-process").path, dir("distributed").path, "--junit", dir("junit.xml").path,
                                "--html-report", dir("merged").path])
        XCTAssertEqual(merged.status, 0, merged.stderr)
        let results = try RunResults.load(from: dir("merged"))
        XCTAssertEqual(totals(results), ["in-process 1 1 0 0", "distributed-simulated 1 1 0 0"])
        XCTAssertEqual(results.outcomes.first { $0.mode == .distributedSimulated }?.stages.map(\.stage),
                       [.render, .compiledHtml, .digests, .visual, .audio, .streamParity])
        let xsd = try workspace.scratch.write(JUnitSchema.xsd, to: "junit.xsd")
        let valid = try runProcess("/usr/bin/xmllint", ["--noout", "--schema", xsd.path, dir("junit.xml").path])
        XCTAssertEqual(valid.status, 0, valid.stderr)
        let junit = try String(contentsOf: dir("junit.xml"), encoding: .utf8)
        XCTAssertTrue(junit.contains("<testsuite name=\"framegate.in-process\" tests=\"1\""), junit)
        XCTAssertTrue(junit.contains("<testsuite name=\"framegate.distributed-simulated\" tests=\"1\""), junit)
        XCTAssertTrue(junit.contains("<testsuites name=\"framegate test\" tests=\"2\" failures=\"0\""), junit)
    }

    func testMissingOrMalformedResultsAreUsageErrors() throws {
        let scratch = try Scratch()
        let missing = scratch.file("nothing-here")
        let run = try merge([missing.path])
        XCTAssertEqual(run.status, 2, run.stderr)
        XCTAssertTrue(run.stderr.contains("error[INVALID_ARGUMENT]: \(missing.path)/results.json: it does not exist"), run.stderr)

        try scratch.write("{\"version\": 1, \"runs\": []}", to: "malformed/results.json")
        let malformed = try merge([scratch.file("malformed").path])
        XCTAssertEqual(malformed.status, 2, malformed.stderr)
        XCTAssertTrue(malformed.stderr.contains("missing outcomes"), malformed.stderr)

        try scratch.write("not json", to: "garbage/results.json")
        XCTAssertEqual(try merge([scratch.file("garbage").path]).status, 2)

        // Control: a well-formed (empty) results file merges and passes.
        try scratch.write("{\"version\": 1, \"runs\": [], \"outcomes\": []}", to: "empty/results.json")
        let empty = try merge([scratch.file("empty").path])
        XCTAssertEqual(empty.status, 0, empty.stderr)
    }
}
