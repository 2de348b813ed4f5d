import Foundation
import XCTest
import FrameGateTestSupport
@testable import FrameGateMedia
import FrameGateCore

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

/// MediaProbe against ffprobe, run as an independent reference.
final class ProbeTests: XCTestCase {
    func testFFmpegH264ClipWithAudio() throws {
        let dir = try Scratch()
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

/// Files written by MediaWriter, probed by MediaProbe and by ffprobe.
final class WriterProbeTests: XCTestCase {
    let width = 64, height = 48

    func write(_ codec: VideoCodec, _ container: ContainerFormat, frames: Int, rate: FrameRate, to url: URL) throws {
        let writer = try MediaWriter(url: url, container: container,
                                     video: VideoEncoderSettings(codec: codec, width: width, height: height, frameRate: rate), audio: nil)
        for i in 0..<frames { try writer.appendVideo(SyntheticVideo.frame(i, width: width, height: height)) }
        try writer.finish()
    }

    func check(_ codec: VideoCodec, _ container: ContainerFormat, codecName: String, pixelFormat: String,
               rate: FrameRate = FrameRate(30), frames: Int = 24) throws -> MediaInfo {
        let dir = try Scratch()
        let url = dir.file("clip.\(container.rawValue)")
        try write(codec, container, frames: frames, rate: rate, to: url)
        let info = try assertAgreesWithFFprobe(url)
        let video = try XCTUnwrap(info.videoStream)
        XCTAssertEqual(video.codec, codecName)
        XCTAssertEqual(video.pixelFormat, pixelFormat)
        XCTAssertEqual(video.frameCount, frames)
        XCTAssertEqual(video.width, width)
        XCTAssertEqual(video.height, height)
        XCTAssertEqual(video.fps, rate.description)
        XCTAssertEqual(video.colorPrimaries, "bt709")
        XCTAssertEqual(video.colorTransfer, "bt709")
        XCTAssertEqual(video.colorSpace, "bt709")
        XCTAssertEqual(video.colorRange, "tv")
        XCTAssertEqual(video.keyframes?.first, 0)
        XCTAssertEqual(info.faststart, container != .webm)
        return info
    }

    func testH264MP4() throws {
        let info = try check(.h264, .mp4, codecName: "h264", pixelFormat: "yuv420p")
        XCTAssertEqual(info.videoStream?.duration ?? 0, 24.0 / 30, accuracy: 1e-6)
    }

    func testH264MP4AtNTSCRate() throws {
        let info = try check(.h264, .mp4, codecName: "h264", pixelFormat: "yuv420p", rate: FrameRate(30000, 1001), frames: 30)
        XCTAssertEqual(info.videoStream?.duration ?? 0, 30 * 1001 / 30000.0, accuracy: 1e-6)
    }

    func testH265MP4IsTaggedHvc1() throws {
        _ = try check(.h265, .mp4, codecName: "hevc", pixelFormat: "yuv420p")
        let dir = try Scratch()
        let url = dir.file("tag.mp4")
        try write(.h265, .mp4, frames: 4, rate: FrameRate(30), to: url)
        XCTAssertEqual(try Reference.probe(url, stream: "v:0", entries: "codec_tag_string")["codec_tag_string"], "hvc1")
    }

    func testProRes4444MOV() throws {
        // Encoded as yuva444p10le; libav's ProRes decoder reports 4444 streams as 12-bit.
        _ = try check(.prores, .mov, codecName: "prores", pixelFormat: "yuva444p12le")
        let dir = try Scratch()
        let url = dir.file("p.mov")
        try write(.prores, .mov, frames: 2, rate: FrameRate(24), to: url)
        XCTAssertEqual(try Reference.probe(url, stream: "v:0", entries: "profile")["profile"], "4444")
    }

    func testVP9WebM() throws {
        _ = try check(.vp9, .webm, codecName: "vp9", pixelFormat: "yuv420p")
    }

    func testWrongCodecForContainerIsRefusedBeforeWriting() throws {
        let dir = try Scratch()
        let url = dir.file("x.webm")
        XCTAssertThrowsError(try MediaWriter(url: url, container: .webm,
                                             video: VideoEncoderSettings(codec: .h264, width: 64, height: 48, frameRate: FrameRate(30)),
                                             audio: nil)) { error in
            XCTAssertEqual((error as? MediaError)?.code, .mediaEncodeFailed)
            XCTAssertTrue("\(error)".contains("h264"))
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: url.path))
    }

    func testMissingEncoderNamesIt() {
        XCTAssertThrowsError(try EncoderLookup.find("libnosuchcodec")) { error in
            XCTAssertEqual(error as? MediaError, .unsupportedCodec(name: "libnosuchcodec"))
            XCTAssertEqual((error as? MediaError)?.code, .unsupportedCodec)
            XCTAssertTrue("\(error)".contains("libnosuchcodec"))
        }
    }
}
