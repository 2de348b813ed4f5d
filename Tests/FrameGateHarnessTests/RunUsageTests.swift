import Foundation
import XCTest
import FrameGateTestSupport

/// Usage and configuration errors of `framegate test`: exit 2, a message that names the problem, and no
/// fixture run (no browser, no baseline touched).
final class RunUsageTests: XCTestCase {
    /// One exit-status table for every command: an argument the parser refuses is a coded usage error (2),
    /// never ArgumentParser's 64; a coded error keeps its code's status.
    func testArgumentErrorsExit2WithACodeInEveryCommand() throws {
        let binary = try framegateBinary()
        for arguments in [["render", "p", "-o", "x.mp4", "--fps", "abc"], ["render"], ["test", "--mode", "sideways"],
                          ["compare", "a.mp4"], ["probe"], ["plan", "p", "--plan-dir", "d", "--fps", "0"],
                          ["render-chunk", "--plan-dir", "d", "--chunk", "x", "-o", "o.mp4"], ["no-such-command"]] {
            let run = try runProcess(binary, arguments)
            XCTAssertEqual(run.status, 2, "\(arguments): \(run.stderr)")
            XCTAssertTrue(run.stderr.hasPrefix("error[INVALID_ARGUMENT]: "), "\(arguments): \(run.stderr)")
        }
        // Control: a coded runtime failure keeps status 3, and help is not an error.
        let missing = try runProcess(binary, ["probe", "/no/such/file.mp4"])
        XCTAssertEqual(missing.status, 3, missing.stderr)
        XCTAssertTrue(missing.stderr.hasPrefix("error[MEDIA_DECODE_FAILED]: ") || missing.stderr.hasPrefix("error[IO_FAILED]: "), missing.stderr)
        let help = try runProcess(binary, ["render", "--help"])
        XCTAssertEqual(help.status, 0)
        XCTAssertTrue(help.stdout.contains("USAGE"), help.stdout)
    }

    func testUpdateIsRefusedInDistributedModeInEitherSpelling() throws {
        let workspace = try HarnessWorkspace()
        try workspace.writeTiny("tiny", TinyFixture())
        try workspace.scratch.write("an existing baseline", to: "baselines/tiny/output.mp4")
        let before = try workspace.tree(workspace.root)

        for arguments in [["--update", "--mode=distributed-simulated"], ["--mode", "distributed-simulated", "--update"],
                          ["tiny", "--mode=distributed-simulated", "--update", "--sequential"]] {
            let run = try workspace.test(arguments)
            XCTAssertEqual(run.status, 2, "\(arguments): \(run.description)")
            XCTAssertTrue(run.stderr.contains("--update is refused in distributed-simulated mode"), run.stderr)
            XCTAssertTrue(run.stderr.contains("baselines are generated in-process only"), run.stderr)
            // Refused at argument parsing: no fixture started (so no browser), nothing on stdout.
            XCTAssertEqual(run.stdout, "", "\(arguments)")
            XCTAssertFalse(run.stderr.contains("framegate test:"), "the runner must not have started: \(run.stderr)")
            XCTAssertEqual(try workspace.tree(workspace.root), before, "\(arguments) changed files")
        }
        // --update in-process gets past argument parsing (to fixture selection, which fails here without a render).
        let inProcessUpdate = try workspace.test(["--update", "--mode=in-process", "no-such-fixture"])
        XCTAssertEqual(inProcessUpdate.status, 2)
        XCTAssertFalse(inProcessUpdate.stderr.contains("refused"), inProcessUpdate.stderr)
        XCTAssertTrue(inProcessUpdate.stderr.contains("no fixture named 'no-such-fixture'; no fixture has a similar name; available fixtures: tiny"),
                      inProcessUpdate.stderr)
    }

    func testBadMetaJSONNamesTheFieldAndExitsTwo() throws {
        let cases: [(find: String, replace: String, field: String, given: String)] = [
            ("\"fps\": 10", "\"fps\": \"quick\"", "renderConfig.fps", "\"quick\""),
            ("\"fps\": 10", "\"fps\": 29.97", "renderConfig.fps", "29.97"),
            ("\"minPsnr\": 30.0", "\"minPsnr\": \"high\"", "minPsnr", "\"high\""),
            ("\"maxAudioLagWindows\": 3", "\"maxAudioLagWindows\": 0", "maxAudioLagWindows", "0"),
            ("\"renderConfig\": {", "\"renderConfig\": { \"format\": \"gif\",", "renderConfig.format", "\"gif\""),
            ("\"maxFrameFailures\": 0", "\"maxFrameFailure\": 0", "maxFrameFailure", "an unknown field"),
        ]
        for testCase in cases {
            let workspace = try HarnessWorkspace()
            try workspace.writeTiny("good", TinyFixture())
            try workspace.writeTiny("bad", TinyFixture())
            try workspace.edit("fixtures/bad/meta.json", replacing: testCase.find, with: testCase.replace)
            let run = try workspace.test([])
            XCTAssertEqual(run.status, 2, "\(testCase.field): \(run.description)")
            let meta = workspace.fixtures.appendingPathComponent("bad/meta.json").path
            XCTAssertTrue(run.stderr.contains("error[INVALID_ARGUMENT]: \(meta): field '\(testCase.field)' is invalid: given \(testCase.given)"),
                          run.stderr)
            XCTAssertTrue(run.stderr.contains("allowed: "), run.stderr)
            XCTAssertEqual(run.stdout, "", "no fixture may run when a meta.json is invalid")
        }
    }

    func testDuplicateFixtureIdsNameBothDirectories() throws {
        let workspace = try HarnessWorkspace()
        try workspace.writeTiny("a", TinyFixture())
        try workspace.writeTiny("a", TinyFixture(), distributed: true)
        let run = try workspace.test([])
        XCTAssertEqual(run.status, 2, run.description)
        let first = workspace.fixtures.appendingPathComponent("a").path
        let second = workspace.fixtures.appendingPathComponent("distributed/a").path
        XCTAssertTrue(run.stderr.contains("fixture id 'a' is defined twice: \(first) and \(second)"), run.stderr)
        XCTAssertEqual(run.stdout, "")
    }

    func testMissingFixturesDirectoryExitsTwo() throws {
        let workspace = try HarnessWorkspace()
        try FileManager.default.removeItem(at: workspace.fixtures)
        let run = try workspace.test([])
        XCTAssertEqual(run.status, 2, run.description)
        XCTAssertTrue(run.stderr.contains("fixtures directory \(workspace.fixtures.path) does not exist"), run.stderr)
    }

    func testDirectoriesThatAreNotFixturesAreWarnedAboutNotFatal() throws {
        let workspace = try HarnessWorkspace()
        try workspace.scratch.write("notes", to: "fixtures/notes/README.md")
        try workspace.scratch.write("{}", to: "fixtures/distributed/half/meta.json")
        let run = try workspace.test([])
        XCTAssertEqual(run.status, 0, run.description)
        XCTAssertTrue(run.stderr.contains("warning: \(workspace.fixtures.path)/notes is not a fixture (no meta.json and src/index.html); skipped"),
                      run.stderr)
        XCTAssertTrue(run.stderr.contains("warning: \(workspace.fixtures.path)/distributed/half is not a fixture (no src/index.html); skipped"),
                      run.stderr)
        XCTAssertEqual(run.summaryCount("total"), 0)
    }
}
