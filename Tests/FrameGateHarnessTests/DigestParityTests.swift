import XCTest
import FrameGateTestSupport
import FrameGateMedia
@testable import FrameGateHarness
import FrameGateCore

/// Issue 13: in distributed-simulated mode a frame whose capture digest differs from the in-process
/// baseline fails the fixture, unless meta.json opts out with a reason.
final class DigestParityTests: XCTestCase {
    private func fixture(optOut: String? = nil) -> Fixture {
        let meta = FixtureMeta(name: "f", minPsnr: 30, maxFrameFailures: 0, minAudioCorrelation: 0.9, maxAudioLagWindows: 3,
                               digestParityOptOut: optOut, renderConfig: FixtureRenderConfig(fps: FrameRate(30)))
        return Fixture(id: "f", directory: URL(fileURLWithPath: "/nonexistent/f"), meta: meta, isInDistributedGroup: true)
    }
    private let a = String(repeating: "a", count: 64), b = String(repeating: "b", count: 64)

    func testADifferingFrameFailsDistributedModeNamingIt() {
        let report = DigestReport.compare(rendered: FrameDigests(frames: [a, a, b, a]), baseline: FrameDigests(frames: [a, a, a, a]))
        var outcome = FixtureOutcome(fixture: "f")
        FixtureCheck.checkDigestParity(fixture(), report: report, mode: .distributedSimulated, into: &outcome)
        XCTAssertEqual(outcome.failures.map(\.stage), [.digests])
        XCTAssertTrue(outcome.failures.first?.reason.hasPrefix("frame 2 is the first") ?? false, "\(outcome.failures)")

        // Controls: equal digests pass; in-process mode keeps reporting only; an opt-out turns it into a warning.
        var equal = FixtureOutcome(fixture: "f")
        let same = DigestReport.compare(rendered: FrameDigests(frames: [a, a]), baseline: FrameDigests(frames: [a, a]))
        FixtureCheck.checkDigestParity(fixture(), report: same, mode: .distributedSimulated, into: &equal)
        XCTAssertTrue(equal.passed)
        var inProcess = FixtureOutcome(fixture: "f")
        FixtureCheck.checkDigestParity(fixture(), report: report, mode: .inProcess, into: &inProcess)
        XCTAssertTrue(inProcess.passed)
        var optedOut = FixtureOutcome(fixture: "f")
        FixtureCheck.checkDigestParity(fixture(optOut: "reads a live clock on purpose"), report: report, mode: .distributedSimulated, into: &optedOut)
        XCTAssertTrue(optedOut.passed)
        XCTAssertTrue(optedOut.warnings.first?.contains("reads a live clock on purpose") ?? false, "\(optedOut.warnings)")
    }

    func testAFrameCountDifferenceFailsToo() {
        let report = DigestReport.compare(rendered: FrameDigests(frames: [a, a]), baseline: FrameDigests(frames: [a, a, a]))
        var outcome = FixtureOutcome(fixture: "f")
        FixtureCheck.checkDigestParity(fixture(), report: report, mode: .distributedSimulated, into: &outcome)
        XCTAssertTrue(outcome.failures.first?.reason.hasPrefix("frame 2 is the first") ?? false, "\(outcome.failures)")
    }

    func testMetaTakesTheOptOutAndTheEnvironmentAndRefusesAnEmptyReason() throws {
        func meta(_ extra: String, renderConfig: String = #"{"fps": 30}"#) throws -> FixtureMeta {
            let text = #"{"name": "f", "description": "", "tags": [], "minPsnr": 30, "maxFrameFailures": 0, "minAudioCorrelation": 0.9, "maxAudioLagWindows": 3, "renderConfig": \#(renderConfig)\#(extra)}"#
            return try FixtureMeta.parse(Data(text.utf8), file: "meta.json")
        }
        XCTAssertEqual(try meta(#", "digestParityOptOut": "why""#).digestParityOptOut, "why")
        let configured = try meta("", renderConfig: #"{"fps": 30, "timezone": "Asia/Kolkata", "locale": "de-DE"}"#)
        XCTAssertEqual(configured.renderConfig.timezone, "Asia/Kolkata")
        XCTAssertEqual(configured.renderConfig.locale, "de-DE")
        XCTAssertNil(try meta("").digestParityOptOut)
        XCTAssertThrowsError(try meta(#", "digestParityOptOut": " ""#)) { error in
            XCTAssertTrue("\(error)".contains("digestParityOptOut"), "\(error)")
        }
        XCTAssertThrowsError(try FixtureRender.renderConfig(meta("", renderConfig: #"{"fps": 30, "timezone": "Nowhere/Else"}"#))) { error in
            XCTAssertTrue("\(error)".contains("Nowhere/Else"), "\(error)")
        }
    }
}
