import Foundation
import XCTest
import FrameGateTestSupport
@testable import FrameGateMedia

func tone(frequency: Double, seconds: Double, rate: Int = 48_000, channels: Int = 2) -> AudioBuffer {
    let count = Int((seconds * Double(rate)).rounded())
    var samples = [Float](repeating: 0, count: count * channels)
    for i in 0..<count {
        let value = Float(0.5 * sin(2 * Double.pi * frequency * Double(i) / Double(rate)))
        for c in 0..<channels { samples[i * channels + c] = value }
    }
    return AudioBuffer(sampleRate: rate, channels: channels, samples: samples)
}

/// Seconds of audio ffprobe decodes: the end of the last decoded frame (pts + duration) minus the
/// start of the first, from `-show_frames` (a real decode, with the container's edit list applied).
func ffprobeDecodedAudioSpan(_ url: URL) throws -> Double {
    let text = try Reference.run("ffprobe", ["-v", "error", "-select_streams", "a:0", "-show_entries",
                                             "frame=pts_time,pkt_duration_time", "-of", "csv=p=0", url.path])
    let rows = text.split(separator: "\n").map { $0.split(separator: ",").compactMap { Double($0) } }.filter { $0.count == 2 }
    guard let first = rows.first, let last = rows.last else { return -1 }
    return last[0] + last[1] - first[0]
}

final class AudioEncodeTests: XCTestCase {
    /// The written file must decode to exactly `seconds` (± 1 ms) through libav and through ffprobe.
    func assertAudioLasts(_ url: URL, _ seconds: Double, file: StaticString = #filePath, line: UInt = #line) throws {
        let decoded = try AudioDecoder.decode(url, sampleRate: 48_000, channels: 2)
        XCTAssertEqual(decoded.duration, seconds, accuracy: 0.001, "libav decode", file: file, line: line)
        let stream = try Reference.probe(url, stream: "a:0", entries: "duration")
        let streamDuration = try Double(stream["duration"] ?? "") ?? Reference.formatDuration(url)
        XCTAssertEqual(streamDuration, seconds, accuracy: 0.001,
                       "ffprobe stream duration", file: file, line: line)
        XCTAssertEqual(try ffprobeDecodedAudioSpan(url), seconds, accuracy: 0.001, "ffprobe decoded frames", file: file, line: line)
        let probed = try MediaProbe.probe(url)
        XCTAssertEqual(probed.audioStream?.duration ?? -1, seconds, accuracy: 0.001, "MediaProbe", file: file, line: line)
        XCTAssertEqual(Double(probed.audioStream?.sampleCount ?? 0), seconds * 48_000, accuracy: 48, "MediaProbe samples", file: file, line: line)
    }

    func testAACIsPaddedToTheRequestedDuration() throws {
        let dir = try Scratch()
        let url = dir.file("tone.m4a")
        try AudioFileWriter.write(tone(frequency: 1000, seconds: 1.5), to: url, container: .m4a,
                                  settings: AudioEncoderSettings(), duration: 2.0)
        try assertAudioLasts(url, 2.0)
        let reference = try Reference.probe(url, stream: "a:0", entries: "codec_name,sample_rate,channels")
        XCTAssertEqual(reference["codec_name"], "aac")
        XCTAssertEqual(reference["sample_rate"], "48000")
        XCTAssertEqual(reference["channels"], "2")
        // The tone occupies the first 1.5 s and silence the rest.
        let decoded = try AudioDecoder.decode(url, sampleRate: 48_000, channels: 1)
        let loud = decoded.samples[24_000..<48_000].map { abs($0) }.max() ?? 0
        let quiet = decoded.samples[(48_000 * 3 / 2 + 2400)...].map { abs($0) }.max() ?? 1
        XCTAssertGreaterThan(loud, 0.3)
        XCTAssertLessThan(quiet, 0.01)
    }

    func testAACIsTrimmedToTheRequestedDuration() throws {
        let dir = try Scratch()
        let url = dir.file("long.m4a")
        try AudioFileWriter.write(tone(frequency: 440, seconds: 3), to: url, container: .m4a,
                                  settings: AudioEncoderSettings(), duration: 1.234)
        try assertAudioLasts(url, 1.234)
    }

    func testOpusWebMIsPaddedToTheRequestedDuration() throws {
        let dir = try Scratch()
        let url = dir.file("tone.webm")
        try AudioFileWriter.write(tone(frequency: 1000, seconds: 1.5), to: url, container: .webm,
                                  settings: AudioEncoderSettings(codec: .opus), duration: 2.0)
        let decoded = try AudioDecoder.decode(url, sampleRate: 48_000, channels: 2)
        XCTAssertEqual(decoded.duration, 2.0, accuracy: 0.001)
        XCTAssertEqual(try Reference.probe(url, stream: "a:0", entries: "codec_name")["codec_name"], "opus")
        XCTAssertEqual(try Reference.decodedAudioDuration(url), 2.0, accuracy: 0.001)
    }

    func testMismatchedPCMIsRefused() throws {
        let dir = try Scratch()
        XCTAssertThrowsError(try AudioFileWriter.write(tone(frequency: 440, seconds: 0.1, rate: 44_100), to: dir.file("x.m4a"),
                                                       container: .m4a, settings: AudioEncoderSettings(), duration: nil)) { error in
            XCTAssertEqual((error as? MediaError)?.code, .mediaEncodeFailed)
        }
    }
}
