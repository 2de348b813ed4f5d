import XCTest
import FrameGateTestSupport
@testable import FrameGateHarness

/// `framegate compare`, run as the built executable (swift test builds it beside the test bundle).
final class CompareCommandTests: XCTestCase {
    var executable: URL { get throws { try framegateBinary() } }

    func testJSONShape() throws {
        let baseline = try ReferencePair.baseline(), rendered = try ReferencePair.rendered()
        let result = try runProcess(executable, ["compare", rendered.path, baseline.path, "--json", "--max-audio-lag-windows", "4"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let root = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(Set(root.keys), ["checkpoints", "audio"])
        let checkpoints = try XCTUnwrap(root["checkpoints"] as? [[String: Any]])
        XCTAssertEqual(checkpoints.count, 100)
        for entry in checkpoints {
            XCTAssertEqual(Set(entry.keys), ["frame", "time", "psnr"])
            XCTAssertTrue(entry["psnr"] is Double, "lossy pair: every psnr is a number")
        }
        XCTAssertEqual(checkpoints.last?["frame"] as? Int, 118)
        let audio = try XCTUnwrap(root["audio"] as? [String: Any])
        XCTAssertEqual(Set(audio.keys), ["correlation", "lagWindows"])
        XCTAssertEqual(audio["correlation"] as? Double ?? 0, 1, accuracy: 1e-6)
        XCTAssertEqual(audio["lagWindows"] as? Int, 0)
        // Documented key order.
        XCTAssertTrue(result.stdout.hasPrefix("{\"checkpoints\":[{\"frame\":0,\"time\":"), result.stdout)
    }

    func testIdenticalFramesPrintNull() throws {
        let baseline = try ReferencePair.baseline()
        let result = try runProcess(executable, ["compare", baseline.path, baseline.path, "--json", "--fps", "30"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let root = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let checkpoints = try XCTUnwrap(root["checkpoints"] as? [[String: Any]])
        XCTAssertTrue(checkpoints.allSatisfy { $0["psnr"] is NSNull })
    }

    func testTableWithoutJSON() throws {
        let result = try runProcess(executable, ["compare", try ReferencePair.rendered().path, try ReferencePair.baseline().path])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("lowest psnr"))
        XCTAssertTrue(result.stdout.contains("audio correlation 1.0000 at lag 0"))
    }

    func testErrorsAreCodedWithExitThree() throws {
        let result = try runProcess(executable, ["compare", "/nonexistent/r.mp4", try ReferencePair.baseline().path, "--json"])
        XCTAssertEqual(result.status, 3)
        XCTAssertTrue(result.stderr.hasPrefix("error[MEDIA_DECODE_FAILED]: "), result.stderr)
        XCTAssertTrue(result.stderr.contains("/nonexistent/r.mp4"))
        XCTAssertEqual(result.stdout, "")
    }
}
