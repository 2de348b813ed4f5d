import Foundation
import XCTest
import FrameGateTestSupport
@testable import FrameGateMedia

/// Bad input must be MEDIA_DECODE_FAILED naming the file, never a crash.
final class BadInputTests: XCTestCase {
    private func assertDecodeFailed(_ url: URL, mentioning reason: String? = nil, _ body: () throws -> Void,
                                    file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try body(), file: file, line: line) { error in
            guard let error = error as? MediaError else { return XCTFail("not a MediaError: \(error)", file: file, line: line) }
            XCTAssertEqual(error.code, .mediaDecodeFailed, file: file, line: line)
            XCTAssertTrue(error.message.contains(url.path), "message does not name the file: \(error.message)", file: file, line: line)
            if let reason {
                XCTAssertTrue(error.message.contains(reason), "message lacks '\(reason)': \(error.message)", file: file, line: line)
            }
            XCTAssertTrue(error.description.hasPrefix("error[MEDIA_DECODE_FAILED]: "), file: file, line: line)
        }
    }

    func testMissingFile() throws {
        let missing = URL(fileURLWithPath: "/nonexistent/dir/clip.mp4")
        assertDecodeFailed(missing, mentioning: "No such file") { _ = try VideoDecoder(url: missing) }
        assertDecodeFailed(missing) { _ = try MediaProbe.probe(missing) }
        assertDecodeFailed(missing) { _ = try AudioDecoder.decode(missing, sampleRate: 16_000, channels: 1) }
    }

    func testCorruptBytes() throws {
        let dir = try Scratch()
        let junk = dir.file("junk.mp4")
        var generator = SystemRandomNumberGenerator()
        try Data((0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }).write(to: junk)
        assertDecodeFailed(junk) { _ = try VideoDecoder(url: junk) }
        assertDecodeFailed(junk) { _ = try MediaProbe.probe(junk) }
    }

    func testTruncatedFile() throws {
        let dir = try Scratch()
        let clip = dir.file("clip.mp4")
        // Without faststart the moov box is at the end, so cutting the file in half loses the index.
        try Reference.ffmpeg(["-f", "lavfi", "-i", "testsrc2=size=64x48:rate=25:duration=1", "-c:v", "libx264", clip.path])
        let bytes = try Data(contentsOf: clip)
        let truncated = dir.file("truncated.mp4")
        try bytes.prefix(bytes.count / 2).write(to: truncated)
        assertDecodeFailed(truncated) { _ = try VideoDecoder(url: truncated) }
        assertDecodeFailed(truncated) { _ = try MediaProbe.probe(truncated) }
    }

    func testCorruptedVideoPayload() throws {
        let dir = try Scratch()
        let clip = dir.file("clip.mp4")
        try Reference.ffmpeg(["-f", "lavfi", "-i", "testsrc2=size=64x48:rate=25:duration=1", "-c:v", "libx264",
                              "-movflags", "+faststart", clip.path])
        var bytes = [UInt8](try Data(contentsOf: clip))
        // Keep the index intact but cut the media data short: packets the index promises are missing.
        bytes.removeLast(bytes.count / 3)
        let damaged = dir.file("damaged.mp4")
        try Data(bytes).write(to: damaged)
        assertDecodeFailed(damaged) {
            let decoder = try VideoDecoder(url: damaged)
            while try decoder.nextFrame() != nil {}
        }
    }

    func testAudioOnlyFileHasNoVideoStream() throws {
        let dir = try Scratch()
        let tone = dir.file("tone.m4a")
        try Reference.ffmpeg(["-f", "lavfi", "-i", "sine=frequency=440:duration=0.2", "-c:a", "aac", tone.path])
        assertDecodeFailed(tone, mentioning: "no video stream") { _ = try VideoDecoder(url: tone) }
    }

    func testVideoOnlyFileHasNoAudioStream() throws {
        let dir = try Scratch()
        let clip = dir.file("clip.mp4")
        try Reference.ffmpeg(["-f", "lavfi", "-i", "testsrc2=size=64x48:rate=25:duration=0.2", "-c:v", "libx264", clip.path])
        XCTAssertFalse(try AudioDecoder.hasAudio(clip))
        assertDecodeFailed(clip, mentioning: "no audio stream") { _ = try AudioDecoder.decode(clip, sampleRate: 16_000, channels: 1) }
    }
}
