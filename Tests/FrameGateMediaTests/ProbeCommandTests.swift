import Foundation
import XCTest
import FrameGateTestSupport
@testable import FrameGateMedia
import FrameGateCore

/// `framegate probe FILE`, run as the built executable next to this test bundle.
final class ProbeCommandTests: XCTestCase {
    func run(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        let result = try runProcess(try framegateBinary(), arguments)
        return (result.status, result.stdout, result.stderr)
    }

    func testPrintsStreamsAsJSON() throws {
        let dir = try Scratch()
        let video = dir.file("v.mp4"), audio = dir.file("a.m4a"), clip = dir.file("clip.mp4")
        let writer = try MediaWriter(url: video, container: .mp4,
                                     video: VideoEncoderSettings(codec: .h264, width: 64, height: 48, frameRate: FrameRate(30000, 1001)), audio: nil)
        for i in 0..<9 { try writer.appendVideo(SyntheticVideo.frame(i, width: 64, height: 48)) }
        try writer.finish()
        try AudioFileWriter.write(tone(frequency: 440, seconds: 0.3), to: audio, container: .m4a, settings: AudioEncoderSettings(), duration: 0.3)
        try Remux.mux(video: video, audio: audio, to: clip, container: .mp4)

        let result = try run(["probe", clip.path])
        XCTAssertEqual(result.status, 0, result.err)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
        XCTAssertEqual(json["faststart"] as? Bool, true)
        let streams = try XCTUnwrap(json["streams"] as? [[String: Any]])
        XCTAssertEqual(streams.count, 2)
        let video0 = streams[0], audio1 = streams[1]
        XCTAssertEqual(video0["type"] as? String, "video")
        XCTAssertEqual(video0["codec"] as? String, "h264")
        XCTAssertEqual(video0["frameCount"] as? Int, 9)
        XCTAssertEqual(video0["width"] as? Int, 64)
        XCTAssertEqual(video0["height"] as? Int, 48)
        XCTAssertEqual(video0["pixelFormat"] as? String, "yuv420p")
        XCTAssertEqual(video0["fps"] as? String, "30000/1001")
        XCTAssertEqual(video0["duration"] as? Double ?? 0, 9 * 1001 / 30000.0, accuracy: 1e-6)
        XCTAssertEqual(audio1["type"] as? String, "audio")
        XCTAssertEqual(audio1["codec"] as? String, "aac")
        XCTAssertEqual(audio1["duration"] as? Double ?? 0, 0.3, accuracy: 0.001)
        // Keys are sorted, so the output is stable text.
        let topKeys = result.out.split(separator: "\n").filter { $0.hasPrefix("  \"") }.map { $0.split(separator: "\"")[1] }
        XCTAssertEqual(topKeys, topKeys.sorted())
    }

    func testMissingFileExitsWithCode3() throws {
        let result = try run(["probe", "/nonexistent/clip.mp4"])
        XCTAssertEqual(result.status, 3)
        XCTAssertTrue(result.err.hasPrefix("error[MEDIA_DECODE_FAILED]: "), result.err)
        XCTAssertTrue(result.err.contains("/nonexistent/clip.mp4"))
        XCTAssertEqual(result.out, "")
    }
}
