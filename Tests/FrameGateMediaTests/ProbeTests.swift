import Foundation
import XCTest
@testable import FrameGateMedia

/// MediaProbe against ffprobe, run as an independent reference.
final class ProbeTests: XCTestCase {
    /// Frame count (ffprobe -count_frames), duration, size and codec of the video stream must agree.
    func assertAgreesWithFFprobe(_ url: URL, file: StaticString = #filePath, line: UInt = #line) throws -> MediaInfo {
        let info = try MediaProbe.probe(url)
        let video = try XCTUnwrap(info.videoStream, file: file, line: line)
        let reference = try Reference.probe(url, stream: "v:0", entries: "codec_name,width,height,pix_fmt,nb_read_frames,duration",
                                            countFrames: true)
        XCTAssertEqual(video.codec, reference["codec_name"], file: file, line: line)
        XCTAssertEqual(video.width.map(String.init), reference["width"], file: file, line: line)
        XCTAssertEqual(video.height.map(String.init), reference["height"], file: file, line: line)
        XCTAssertEqual(video.pixelFormat, reference["pix_fmt"], file: file, line: line)
        XCTAssertEqual(String(video.frameCount), reference["nb_read_frames"], file: file, line: line)
        // webm has no per-stream duration; there the container duration is the reference.
        let referenceDuration = try Double(reference["duration"] ?? "") ?? Reference.formatDuration(url)
        XCTAssertEqual(video.duration, referenceDuration, accuracy: 0.0015, file: file, line: line)
        XCTAssertEqual(info.duration, try Reference.formatDuration(url), accuracy: 0.0015, file: file, line: line)
        return info
    }

    func testFFmpegH264ClipWithAudio() throws {
        let dir = try ScratchDirectory()
        let clip = dir.file("clip.mp4")
        try Reference.ffmpeg(["-f", "lavfi", "-i", "testsrc2=size=64x48:rate=30000/1001:duration=1",
                              "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=1",
                              "-c:v", "libx264", "-g", "12", "-bf", "0", "-c:a", "aac", "-shortest", clip.path])
        let info = try assertAgreesWithFFprobe(clip)
        let video = try XCTUnwrap(info.videoStream)
        XCTAssertEqual(video.fps, "30000/1001")
        XCTAssertEqual(video.keyframes, [0, 12, 24])
        XCTAssertFalse(info.faststart)
        let audio = try XCTUnwrap(info.audioStream)
        XCTAssertEqual(audio.codec, "aac")
        XCTAssertEqual(audio.sampleRate, 48_000)
        XCTAssertEqual(audio.channels, 1)
        XCTAssertGreaterThan(audio.sampleCount ?? 0, 47_000)
    }
}
