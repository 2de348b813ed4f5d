import Foundation
import XCTest
import FrameGateTestSupport
@testable import FrameGateMedia
import FrameGateCore

/// Chunks encoded with the chunk GOP and joined without re-encoding behave like one encode.
final class ClosedGOPTests: XCTestCase {
    let width = 64, height = 48

    func encodeChunks(_ codec: VideoCodec, _ container: ContainerFormat, rate: FrameRate, in dir: Scratch) throws -> [URL] {
        try (0..<3).map { chunk in
            let url = dir.file("chunk\(chunk).\(container.rawValue)")
            let settings = VideoEncoderSettings(codec: codec, width: width, height: height, frameRate: rate, chunkGOP: 20)
            let writer = try MediaWriter(url: url, container: container, video: settings, audio: nil)
            for i in (chunk * 20)..<(chunk * 20 + 20) { try writer.appendVideo(SyntheticVideo.frame(i, width: width, height: height)) }
            try writer.finish()
            return url
        }
    }

    func assertJoinedChunks(_ codec: VideoCodec, _ container: ContainerFormat, rate: FrameRate = FrameRate(30),
                            file: StaticString = #filePath, line: UInt = #line) throws {
        let dir = try Scratch()
        let chunks = try encodeChunks(codec, container, rate: rate, in: dir)
        // ProRes is intra-only: every frame is a keyframe, which trivially satisfies the chunk rules.
        let intraOnly = codec == .prores
        for chunk in chunks {
            XCTAssertEqual(try MediaProbe.probe(chunk).videoStream?.keyframes, intraOnly ? Array(0..<20) : [0], "one IDR per chunk", file: file, line: line)
        }
        let expectedKeyframes = intraOnly ? Array(0..<60) : [0, 20, 40]
        let joined = dir.file("joined.\(container.rawValue)")
        try Remux.concatenate(chunks, to: joined, container: container)

        let info = try MediaProbe.probe(joined)
        let video = try XCTUnwrap(info.videoStream, file: file, line: line)
        XCTAssertEqual(video.frameCount, 60, file: file, line: line)
        XCTAssertEqual(video.keyframes, expectedKeyframes, file: file, line: line)
        XCTAssertEqual(info.faststart, container != .webm, file: file, line: line)
        XCTAssertEqual(video.duration, rate.duration(ofFrames: 60), accuracy: container == .webm ? 0.002 : 1e-6, file: file, line: line)

        // Frames decode in order with continuous timestamps, and each is the source frame it should be.
        let decoder = try VideoDecoder(url: joined, format: .yuv420p)
        let converter = try RGBAConverter(width: width, height: height)
        var count = 0
        while let frame = try decoder.nextFrame() {
            XCTAssertEqual(frame.time, rate.time(ofFrame: frame.index), accuracy: 0.0015, "time of frame \(frame.index)", file: file, line: line)
            let source = try converter.yuv420p(SyntheticVideo.frame(frame.index, width: width, height: height))
            XCTAssertGreaterThan(psnr(source, frame.planes), 30, "frame \(frame.index) is not source frame \(frame.index)", file: file, line: line)
            count += 1
        }
        XCTAssertEqual(count, 60, file: file, line: line)

        // ffprobe, independently: 60 frames, keyframes at 0, 20, 40, no decode errors.
        let reference = try Reference.probe(joined, stream: "v:0", entries: "nb_read_frames", countFrames: true)
        XCTAssertEqual(reference["nb_read_frames"], "60", file: file, line: line)
        let flags = try Reference.run("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "frame=key_frame",
                                                  "-of", "csv=p=0", joined.path])
        let keys = flags.split(separator: "\n").enumerated().filter { $0.element.hasPrefix("1") }.map(\.offset)
        XCTAssertEqual(keys, expectedKeyframes, file: file, line: line)
        _ = try Reference.run("ffmpeg", ["-v", "error", "-xerror", "-i", joined.path, "-f", "null", "-"])
    }

    func testH264ChunksJoinIntoSixtyFramesWithKeyframesAt0_20_40() throws {
        try assertJoinedChunks(.h264, .mp4)
    }

    func testH264AtNTSCRate() throws {
        try assertJoinedChunks(.h264, .mp4, rate: FrameRate(30000, 1001))
    }

    func testH265Chunks() throws {
        try assertJoinedChunks(.h265, .mp4)
    }

    func testProResChunks() throws {
        try assertJoinedChunks(.prores, .mov, rate: FrameRate(24))
    }

    func testVP9Chunks() throws {
        try assertJoinedChunks(.vp9, .webm)
    }

    func testMismatchedChunkIsRefusedByName() throws {
        let dir = try Scratch()
        let a = dir.file("a.mp4"), b = dir.file("b.mp4")
        for (url, size) in [(a, 64), (b, 32)] {
            let writer = try MediaWriter(url: url, container: .mp4,
                                         video: VideoEncoderSettings(codec: .h264, width: size, height: 48, frameRate: FrameRate(30)), audio: nil)
            try writer.appendVideo(RGBAFrame(width: size, height: 48))
            try writer.finish()
        }
        XCTAssertThrowsError(try Remux.concatenate([a, a, b], to: dir.file("out.mp4"), container: .mp4)) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains(b.path), message)
            XCTAssertTrue(message.contains("32x48"), message)
        }
        XCTAssertThrowsError(try Remux.concatenate([], to: dir.file("out.mp4"), container: .mp4))
    }

    /// The chunk GOP itself: a fixed keyint and no scene-cut keyframes, even across a hard cut.
    func keyframes(_ codec: VideoCodec, _ container: ContainerFormat, chunkGOP: Int?) throws -> [Int] {
        let dir = try Scratch()
        let url = dir.file("cut.\(container.rawValue)")
        let settings = VideoEncoderSettings(codec: codec, width: width, height: height, frameRate: FrameRate(30), chunkGOP: chunkGOP)
        let writer = try MediaWriter(url: url, container: container, video: settings, audio: nil)
        var generator = SeededRandom(seed: 7)
        for i in 0..<60 {
            if i < 30 {
                try writer.appendVideo(SyntheticVideo.frame(i, width: width, height: height))
            } else {
                // A hard cut to unrelated noise: what scene-cut detection would turn into a keyframe.
                let noise = (0..<(width * height * 4)).map { $0 % 4 == 3 ? UInt8(255) : UInt8(truncatingIfNeeded: generator.next()) }
                try writer.appendVideo(RGBAFrame(width: width, height: height, pixels: noise))
            }
        }
        try writer.finish()
        return try XCTUnwrap(try MediaProbe.probe(url).videoStream?.keyframes)
    }

    func testChunkGOPIgnoresSceneCuts() throws {
        // Control: without the chunk GOP, x264 puts a keyframe at the cut, so the assertion below can fail.
        XCTAssertTrue(try keyframes(.h264, .mp4, chunkGOP: nil).contains(30))
        XCTAssertEqual(try keyframes(.h264, .mp4, chunkGOP: 20), [0, 20, 40])
        XCTAssertEqual(try keyframes(.h265, .mp4, chunkGOP: 20), [0, 20, 40])
        XCTAssertEqual(try keyframes(.vp9, .webm, chunkGOP: 20), [0, 20, 40])
    }
}
