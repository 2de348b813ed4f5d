import Foundation
import XCTest
import FrameGateTestSupport
@testable import FrameGateHarness

/// `framegate test --junit PATH`: a JUnit file that a schema validator (xmllint, libxml2-utils from
/// ci/setup) accepts, one testcase per fixture with its failures and skips, read back with XPath.
final class JUnitReportTests: XCTestCase {
    private func xmllint() throws -> String {
        let path = "/usr/bin/xmllint"
        guard FileManager.default.isExecutableFile(atPath: path) else {
            XCTFail("xmllint is missing; run ci/setup (it installs libxml2-utils)")
            throw NSError(domain: "JUnitReportTests", code: 1)
        }
        return path
    }

    private func schema(in scratch: Scratch) throws -> URL {
        try scratch.write(JUnitSchema.xsd, to: "junit.xsd")
    }

    private func validate(_ xml: URL, schema: URL) throws -> ProcessResult {
        try runProcess(try xmllint(), ["--noout", "--schema", schema.path, xml.path])
    }

    private func xpath(_ expression: String, _ xml: URL) throws -> String {
        let result = try runProcess(try xmllint(), ["--xpath", expression, xml.path])
        XCTAssertEqual(result.status, 0, "\(expression): \(result.stderr)")
        // xmllint ends its answer with one newline of its own.
        return result.stdout.hasSuffix("\n") ? String(result.stdout.dropLast()) : result.stdout
    }

    func testReportOfAFailingASkippedAndAPassingFixtureValidates() throws {
        let workspace = try HarnessWorkspace()
        // 24 fps renders on the distributed path; 25 fps is skipped there with a reason.
        try workspace.writeTiny("good", TinyFixture(fps: "24"))
        try workspace.writeTiny("changed", TinyFixture(fps: "24"))
        try workspace.writeTiny("odd-rate", TinyFixture(fps: "25"))
        try workspace.writeTiny("unbaselined", TinyFixture(fps: "24"))
        let update = try workspace.test(["--update", "good", "changed"])
        XCTAssertEqual(update.status, 0, update.description)
        try workspace.edit("fixtures/changed/src/index.html", replacing: "background: #f4a261", with: "background: #2a9d8f")

        let report = workspace.root.appendingPathComponent("reports/junit.xml")
        let run = try workspace.test(["--mode=distributed-simulated", "--junit", report.path])
        XCTAssertEqual(run.status, 1, run.description)

        let xsd = try schema(in: workspace.scratch)
        let valid = try validate(report, schema: xsd)
        let written = try String(contentsOf: report, encoding: .utf8)
        XCTAssertEqual(valid.status, 0, "\(valid.stderr)\n\(written)")
        // Published whole: no staged sibling is left beside it.
        XCTAssertEqual(try workspace.entries(report.deletingLastPathComponent()), ["junit.xml"])

        // Counts agree with the run's own summary event.
        for (attribute, key) in [("tests", "total"), ("failures", "failed"), ("skipped", "skipped")] {
            XCTAssertEqual(try xpath("string(/testsuites/testsuite/@\(attribute))", report), run.summaryCount(key).map(String.init),
                           attribute)
        }
        XCTAssertEqual(try xpath("count(//testcase)", report), "4")
        XCTAssertEqual(try xpath("count(//testcase[@classname='distributed-simulated'])", report), "4")

        // The passing fixture: no children, a real duration.
        XCTAssertEqual(try xpath("count(//testcase[@name='good']/*)", report), "0")
        XCTAssertGreaterThan(Double(try xpath("string(//testcase[@name='good']/@time)", report)) ?? 0, 0)
        // The changed fixture: one failure per stage the log names, each with its reason.
        let stages = run.failedStages("changed")
        XCTAssertFalse(stages.isEmpty, run.stderr)
        XCTAssertEqual(try xpath("count(//testcase[@name='changed']/failure)", report), "\(stages.count)")
        for stage in stages {
            let message = try xpath("string(//testcase[@name='changed']/failure[@type='\(stage)']/@message)", report)
            XCTAssertFalse(message.isEmpty, stage)
            XCTAssertTrue(run.stderr.contains("FAIL changed [\(stage)]: \(message)"), "\(stage): \(message)")
        }
        // The missing baseline: a render-stage failure that says how to fix it.
        XCTAssertEqual(try xpath("string(//testcase[@name='unbaselined']/failure/@type)", report), "render")
        XCTAssertTrue(try xpath("string(//testcase[@name='unbaselined']/failure/@message)", report).contains("no baseline"))
        // The skip carries its reason.
        XCTAssertEqual(try xpath("count(//testcase[@name='odd-rate']/failure)", report), "0")
        XCTAssertTrue(try xpath("string(//testcase[@name='odd-rate']/skipped/@message)", report).contains("not one of 24, 30, 60"))

        // Controls: the schema does reject malformed variants of this very file.
        let text = written
        let malformed: [(String, String)] = [
            ("a testcase without classname", text.replacingOccurrences(of: "classname=\"distributed-simulated\" ", with: "")),
            ("a skip element misnamed", text.replacingOccurrences(of: "<skipped ", with: "<skip ")),
            ("a negative time", text.replacingOccurrences(of: "<testcase name=\"good\" classname=\"distributed-simulated\" time=\"",
                                                          with: "<testcase name=\"good\" classname=\"distributed-simulated\" time=\"-")),
            ("a raw ampersand", text.replacingOccurrences(of: "<testsuites name=\"framegate test\"", with: "<testsuites name=\"a & b\"")),
        ]
        for (what, variant) in malformed {
            XCTAssertNotEqual(variant, text, "\(what): the mutation changed nothing")
            let bad = try workspace.scratch.write(variant, to: "malformed.xml")
            XCTAssertNotEqual(try validate(bad, schema: xsd).status, 0, "\(what) passed validation")
        }
    }

    func testHostileReasonsStayWellFormedAndReadBackExactly() throws {
        let scratch = try Scratch()
        let reason = "frame 3 < 30 dB & \"worst\" tile 'top-left'\nsecond line\u{1}"
        var failed = FixtureOutcome(fixture: "a&b")
        failed.failures = [(.visual, reason)]
        failed.seconds = 1.23456
        var skipped = FixtureOutcome(fixture: "c")
        skipped.skipped = "<no> reason"
        let summary = HarnessEvent.TestSuiteSummary(mode: .inProcess, total: 2, passed: 0, failed: 1, skipped: 1,
                                                     failuresByStage: [.visual: 1], durationSeconds: 2)
        let report = scratch.file("out/junit.xml")
        try JUnitReport.write(SuiteResult(outcomes: [failed, skipped], summary: summary), to: report)
        XCTAssertEqual(try validate(report, schema: try schema(in: scratch)).status, 0)
        XCTAssertEqual(try xpath("string(//testcase[1]/failure/@message)", report),
                       reason.replacingOccurrences(of: "\u{1}", with: "\u{FFFD}"))
        XCTAssertEqual(try xpath("string(//testcase[1]/@name)", report), "a&b")
        XCTAssertEqual(try xpath("string(//testcase[1]/@time)", report), "1.235")
        XCTAssertEqual(try xpath("string(//testcase[2]/skipped/@message)", report), "<no> reason")
        XCTAssertEqual(JUnitReport.seconds(0.0004), "0.000")
        XCTAssertEqual(JUnitReport.seconds(61.5), "61.500")
    }

    /// A report directory that cannot be made is a coded I/O error before anything renders, not a report
    /// lost at the end of a long run.
    func testUnwritableReportPathIsAnIOError() throws {
        let workspace = try HarnessWorkspace()
        try workspace.writeTiny("unbaselined", TinyFixture())
        try workspace.scratch.write("a file, not a directory", to: "blocker")
        let run = try workspace.test(["--junit", workspace.root.appendingPathComponent("blocker/junit.xml").path])
        XCTAssertEqual(run.status, 3, run.description)
        XCTAssertTrue(run.stderr.contains("error[IO_FAILED]: "), run.stderr)
        XCTAssertTrue(run.stderr.contains("blocker"), run.stderr)
        XCTAssertFalse(run.stderr.contains("framegate test:"), "the runner must not have started: \(run.stderr)")
        // Control: a writable path gets the report and the fixture's failure status.
        let good = try workspace.test(["--junit", workspace.root.appendingPathComponent("ok/junit.xml").path])
        XCTAssertEqual(good.status, 1, good.description)
        XCTAssertTrue(FileManager.default.fileExists(atPath: workspace.root.appendingPathComponent("ok/junit.xml").path))
    }
}
