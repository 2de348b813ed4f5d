import FrameGateMedia
import Foundation
import XCTest
import FrameGateTestSupport
@testable import FrameGateEngine

/// Every output format renders, and probes as what it claims to be (FrameGateMedia and ffprobe agree).
final class RenderFormatTests: XCTestCase {
    private static let frames = 30

    private func sandbox(audio: Bool) throws -> RenderSandbox {
        let box = animatedBox(duration: 1)
        let sandbox = try RenderSandbox([
            "index.html": compositionPage(duration: 1, style: box.style,
                                          body: box.body + (audio ? "<audio id=\"tone\" src=\"tone.wav\" data-start=\"0.2\"></audio>" : "")),
        ])
        if audio { try sandbox.write("tone.wav", data: toneWAV(seconds: 0.5)) }
        return sandbox
    }

    private struct Expected {
        var format: OutputFormat
        var codec: VideoCodec?
        var file: String
        var formatName: String
        var videoCodec: String
        var audioCodec: String
    }

    func testEveryEncodedFormatRendersAndProbes() async throws {
        let sandbox = try sandbox(audio: true)
        let cases = [
            Expected(format: .mp4, codec: .h264, file: "out-h264.mp4", formatName: "mov,mp4,m4a,3gp,3g2,mj2", videoCodec: "h264", audioCodec: "aac"),
            Expected(format: .mp4, codec: .h265, file: "out-h265.mp4", formatName: "mov,mp4,m4a,3gp,3g2,mj2", videoCodec: "hevc", audioCodec: "aac"),
            Expected(format: .mov, codec: nil, file: "out.mov", formatName: "mov,mp4,m4a,3gp,3g2,mj2", videoCodec: "prores", audioCodec: "aac"),
            Expected(format: .webm, codec: nil, file: "out.webm", formatName: "matroska,webm", videoCodec: "vp9", audioCodec: "opus"),
        ]
        var digests: [[String]] = []
        for expected in cases {
            let result = try await sandbox.render(RenderConfig(format: expected.format, codec: expected.codec, quality: .draft),
                                                  to: expected.file)
            let label = expected.file
            digests.append(result.digests)
            XCTAssertEqual(result.output, sandbox.output(expected.file))

            let info = try MediaProbe.probe(result.output, countFrames: true)
            XCTAssertEqual(info.formatName, expected.formatName, label)
            let video = try XCTUnwrap(info.videoStream, label)
            XCTAssertEqual(video.codec, expected.videoCodec, label)
            XCTAssertEqual(video.frameCount, Self.frames, label)
            XCTAssertEqual(video.width, 160, label)
            XCTAssertEqual(video.height, 90, label)
            XCTAssertEqual(info.audioStream?.codec, expected.audioCodec, label)
            XCTAssertEqual(info.audioStream?.sampleRate, 48_000, label)
            if expected.format != .webm { XCTAssertTrue(info.faststart, "\(label): moov before mdat") }

            let probe = try Reference.probeJSON(result.output, countFrames: true)
            let probedVideo = try XCTUnwrap(probe.streams.first { $0.string("codec_type") == "video" }, label)
            XCTAssertEqual(probedVideo.string("codec_name"), expected.videoCodec, label)
            XCTAssertEqual(probedVideo.int("nb_read_frames"), Self.frames, label)
            XCTAssertEqual(probedVideo.int("width"), 160, label)
            XCTAssertEqual(probedVideo.int("height"), 90, label)
            let probedAudio = try XCTUnwrap(probe.streams.first { $0.string("codec_type") == "audio" }, label)
            XCTAssertEqual(probedAudio.string("codec_name"), expected.audioCodec, label)
            // The decoded audio covers the video's second (Opus pre-skip/padding within a few ms).
            let audio = try AudioDecoder.decode(result.output, sampleRate: 48_000, channels: 2)
            XCTAssertEqual(audio.duration, 1.0, accuracy: expected.format == .webm ? 0.01 : 0.001, label)
        }
        // The captured pixels do not depend on the format.
        XCTAssertTrue(digests.allSatisfy { $0 == digests[0] })
        XCTAssertEqual(Set(digests[0]).count, Self.frames)
    }

    func testPNGSequenceWithAudioSidecar() async throws {
        let sandbox = try sandbox(audio: true)
        let result = try await sandbox.render(RenderConfig(format: .pngSequence), to: "frames")
        let listing = try OutputReader.sequence(result.output)
        XCTAssertEqual(listing.frames, (1...Self.frames).map { String(format: "frame_%06d.png", $0) })
        XCTAssertEqual(listing.others, ["audio.m4a"])

        // Each PNG holds exactly the captured pixels of its frame.
        let frames = try OutputReader.pngFrames(result.output)
        XCTAssertEqual(frames.map(\.width), Array(repeating: 160, count: Self.frames))
        XCTAssertEqual(frames.map(\.height), Array(repeating: 90, count: Self.frames))
        XCTAssertEqual(frames.map(\.digest), result.digests)

        let sidecar = result.output.appendingPathComponent("audio.m4a")
        let info = try MediaProbe.probe(sidecar)
        XCTAssertEqual(info.audioStream?.codec, "aac")
        XCTAssertNil(info.videoStream)
        let probed = try XCTUnwrap(Reference.stream(sidecar, type: "audio"))
        XCTAssertEqual(probed.string("codec_name"), "aac")
        XCTAssertEqual(try XCTUnwrap(probed.double("duration")), 1.0, accuracy: 0.001)
    }

    func testPNGSequenceWithoutAudioHasNoSidecar() async throws {
        let sandbox = try sandbox(audio: false)
        let result = try await sandbox.render(RenderConfig(format: .pngSequence), to: "frames")
        let listing = try OutputReader.sequence(result.output)
        XCTAssertEqual(listing.frames.count, Self.frames)
        XCTAssertEqual(listing.others, [])
        XCTAssertFalse(result.hasAudio)
    }
}
