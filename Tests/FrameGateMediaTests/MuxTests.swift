import Foundation
import XCTest
import FrameGateTestSupport
@testable import FrameGateMedia
import FrameGateCore

/// Video-only files muxed with audio-only files by packet copy, as `assemble` does.
final class MuxTests: XCTestCase {
    func writeVideo(_ codec: VideoCodec, _ container: ContainerFormat, frames: Int, to url: URL) throws {
        let writer = try MediaWriter(url: url, container: container,
                                     video: VideoEncoderSettings(codec: codec, width: 64, height: 48, frameRate: FrameRate(30)), audio: nil)
        for i in 0..<frames { try writer.appendVideo(SyntheticVideo.frame(i, width: 64, height: 48)) }
        try writer.finish()
    }

    /// Byte offset of a four-character code, found naively (an independent check of the box parser).
    func offset(of fourCC: String, in url: URL) throws -> Int? {
        let bytes = [UInt8](try Data(contentsOf: url)), needle = Array(fourCC.utf8)
        return (0...(bytes.count - 4)).first { bytes[$0..<($0 + 4)].elementsEqual(needle) }
    }

    func testToneOf1_5sPaddedTo2sMuxedWith2sVideoDecodesTo2s() throws {
        let dir = try Scratch()
        let audio = dir.file("audio.m4a"), video = dir.file("video.mp4"), out = dir.file("out.mp4")
        try AudioFileWriter.write(tone(frequency: 1000, seconds: 1.5), to: audio, container: .m4a,
                                  settings: AudioEncoderSettings(), duration: 2.0)
        try writeVideo(.h264, .mp4, frames: 60, to: video)
        try Remux.mux(video: video, audio: audio, to: out, container: .mp4)

        let info = try MediaProbe.probe(out)
        XCTAssertEqual(info.videoStream?.frameCount, 60)
        XCTAssertEqual(info.videoStream?.duration ?? 0, 2.0, accuracy: 1e-6)
        XCTAssertEqual(info.audioStream?.duration ?? 0, 2.0, accuracy: 0.001)
        XCTAssertEqual(info.audioStream?.codec, "aac")
        // libav decode, through FrameGate's decoder.
        let decoded = try AudioDecoder.decode(out, sampleRate: 48_000, channels: 2)
        XCTAssertEqual(decoded.duration, 2.0, accuracy: 0.001)
        // The tone is still a 1 kHz tone after the copy.
        let mono = try AudioDecoder.decode(out, sampleRate: 16_000, channels: 1, format: .s16)
        let second = Array(mono.samples[4000..<20000])
        XCTAssertEqual(zip(second, second.dropFirst()).filter { $0 < 0 && $1 >= 0 }.count, 1000, accuracy: 2)
        // ffprobe, independently: the stream duration and the decoded frames' span.
        XCTAssertEqual(Double(try Reference.probe(out, stream: "a:0", entries: "duration")["duration"] ?? "") ?? 0, 2.0, accuracy: 0.001)
        XCTAssertEqual(try ffprobeDecodedAudioSpan(out), 2.0, accuracy: 0.001)
        XCTAssertTrue(info.faststart)
    }

    func testFaststartPutsMoovBeforeMdat() throws {
        let dir = try Scratch()
        let video = dir.file("video.mp4"), audio = dir.file("a.m4a"), out = dir.file("out.mp4")
        try writeVideo(.h264, .mp4, frames: 10, to: video)
        try AudioFileWriter.write(tone(frequency: 440, seconds: 0.3), to: audio, container: .m4a, settings: AudioEncoderSettings(), duration: nil)
        try Remux.mux(video: video, audio: audio, to: out, container: .mp4)
        for url in [video, audio, out] {
            XCTAssertEqual(TopLevelBoxes.types(of: url).filter { ["ftyp", "moov", "mdat"].contains($0) }, ["ftyp", "moov", "mdat"], url.lastPathComponent)
            XCTAssertLessThan(try XCTUnwrap(offset(of: "moov", in: url)), try XCTUnwrap(offset(of: "mdat", in: url)))
            XCTAssertTrue(try MediaProbe.probe(url).faststart)
        }
        // And the negative case: ffmpeg without +faststart puts moov last.
        let plain = dir.file("plain.mp4")
        try Reference.ffmpeg(["-i", video.path, "-c", "copy", plain.path])
        XCTAssertEqual(TopLevelBoxes.types(of: plain).last, "moov")
        XCTAssertFalse(try MediaProbe.probe(plain).faststart)
    }

    func testProResWithAACInMOV() throws {
        let dir = try Scratch()
        let video = dir.file("v.mov"), audio = dir.file("a.m4a"), out = dir.file("out.mov")
        try writeVideo(.prores, .mov, frames: 15, to: video)
        try AudioFileWriter.write(tone(frequency: 440, seconds: 0.2), to: audio, container: .m4a, settings: AudioEncoderSettings(), duration: 0.5)
        try Remux.mux(video: video, audio: audio, to: out, container: .mov)
        let info = try MediaProbe.probe(out)
        XCTAssertEqual(info.videoStream?.codec, "prores")
        XCTAssertEqual(info.videoStream?.frameCount, 15)
        XCTAssertEqual(info.audioStream?.duration ?? 0, 0.5, accuracy: 0.001)
        XCTAssertTrue(info.faststart)
        XCTAssertEqual(try Reference.probe(out, stream: "v:0", entries: "codec_tag_string")["codec_tag_string"], "ap4h")
    }

    func testVP9WithOpusInWebM() throws {
        let dir = try Scratch()
        let video = dir.file("v.webm"), audio = dir.file("a.webm"), out = dir.file("out.webm")
        try writeVideo(.vp9, .webm, frames: 30, to: video)
        try AudioFileWriter.write(tone(frequency: 440, seconds: 0.7), to: audio, container: .webm,
                                  settings: AudioEncoderSettings(codec: .opus), duration: 1.0)
        try Remux.mux(video: video, audio: audio, to: out, container: .webm)
        let info = try MediaProbe.probe(out)
        XCTAssertEqual(info.videoStream?.codec, "vp9")
        XCTAssertEqual(info.videoStream?.frameCount, 30)
        XCTAssertEqual(info.audioStream?.codec, "opus")
        XCTAssertEqual(try AudioDecoder.decode(out, sampleRate: 48_000, channels: 2).duration, 1.0, accuracy: 0.001)
        XCTAssertEqual(try Reference.decodedAudioDuration(out), 1.0, accuracy: 0.001)
    }

    func testVideoOnlyMuxAndBadAudioInput() throws {
        let dir = try Scratch()
        let video = dir.file("v.mp4"), out = dir.file("out.mp4")
        try writeVideo(.h264, .mp4, frames: 5, to: video)
        try Remux.mux(video: video, audio: nil, to: out, container: .mp4)
        let info = try MediaProbe.probe(out)
        XCTAssertEqual(info.videoStream?.frameCount, 5)
        XCTAssertNil(info.audioStream)
        // A video-only file given as the audio source names that file.
        XCTAssertThrowsError(try Remux.mux(video: video, audio: video, to: dir.file("x.mp4"), container: .mp4)) { error in
            XCTAssertEqual((error as? MediaError)?.code, .mediaDecodeFailed)
            XCTAssertTrue("\(error)".contains(video.path))
        }
        // H.264 cannot go into webm: refused with the codec named.
        XCTAssertThrowsError(try Remux.mux(video: video, audio: nil, to: dir.file("x.webm"), container: .webm)) { error in
            XCTAssertTrue("\(error)".contains("h264"), "\(error)")
        }
    }
}
