import XCTest
import FrameGateTestSupport
@testable import FrameGateMedia
import CLibAV

/// Demux-only packet comparison, on files made with the ffmpeg CLI.
final class PacketReaderTests: XCTestCase {
    static let scratch = try! Scratch()

    static func make(_ name: String, _ arguments: [String]) throws -> URL {
        let url = scratch.file(name)
        if !FileManager.default.fileExists(atPath: url.path) { try Reference.ffmpeg(arguments + [url.path]) }
        return url
    }

    static let source = ["-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30:duration=2",
                         "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=2"]
    static let x264 = ["-c:v", "libx264", "-preset", "ultrafast", "-bf", "0", "-pix_fmt", "yuv420p", "-threads", "1"]

    func baseline() throws -> URL { try Self.make("base.mp4", Self.source + Self.x264 + ["-crf", "20", "-c:a", "aac", "-b:a", "128k"]) }

    func testCopyIsIdenticalInEveryStream() throws {
        let base = try baseline()
        let copy = Self.scratch.file("copy.mp4")
        try? FileManager.default.removeItem(at: copy)
        try FileManager.default.copyItem(at: base, to: copy)
        let result = try PacketReader.compare(copy, base)
        let video = try XCTUnwrap(result.video), audio = try XCTUnwrap(result.audio)
        XCTAssertTrue(video.isIdentical)
        XCTAssertTrue(video.packetsAreFrames, "h264 without B-frames: one frame per packet")
        XCTAssertEqual(video.matchingPrefix, 60)
        XCTAssertEqual(video.keyframes.first, 0)
        XCTAssertTrue(audio.isIdentical)
        let frames = try Reference.probe(base, stream: "v:0", entries: "nb_read_frames", countFrames: true)["nb_read_frames"]
        XCTAssertEqual(frames, "60", "ffprobe agrees on the frame count the packets stand for")
    }

    func testRemuxWithNewAudioKeepsVideoIdentical() throws {
        let base = try baseline()
        let remuxed = try Self.make("remux.mp4", ["-i", base.path, "-c:v", "copy", "-c:a", "aac", "-b:a", "64k"])
        let result = try PacketReader.compare(remuxed, base)
        XCTAssertEqual(result.video?.isIdentical, true)
        XCTAssertEqual(result.audio?.isIdentical, false)
    }

    func testDifferentEncodeDiffersFromTheFirstPacket() throws {
        let base = try baseline()
        let other = try Self.make("crf35.mp4", Self.source + Self.x264 + ["-crf", "35", "-c:a", "aac", "-b:a", "128k"])
        let video = try XCTUnwrap(try PacketReader.compare(other, base).video)
        XCTAssertEqual(video.firstDifference, 0)
        XCTAssertEqual(video.matchingPrefix, 0)
        XCTAssertFalse(video.isIdentical)
    }

    func testMissingStreamAndTruncation() throws {
        let base = try baseline()
        let silent = try Self.make("noaudio.mp4", ["-i", base.path, "-c", "copy", "-an"])
        let result = try PacketReader.compare(silent, base)
        XCTAssertNil(result.audio, "no audio stream on one side: nothing to compare")
        XCTAssertEqual(result.video?.isIdentical, true)
        let cut = try Self.make("cut.mp4", ["-i", base.path, "-c", "copy", "-an", "-frames:v", "45"])
        let video = try XCTUnwrap(try PacketReader.compare(cut, base).video)
        XCTAssertEqual(video.matchingPrefix, 45)
        XCTAssertEqual(video.firstDifference, 45, "the missing packets are the difference")
    }
}

/// Clean start points: a key flag alone is not enough for H.264; the packet must hold an IDR slice.
final class RandomAccessTests: XCTestCase {
    func cleanStart(_ codec: AVCodecID, extradata: [UInt8], payload: [UInt8], key: Bool) -> Bool {
        var parameters = AVCodecParameters()
        parameters.codec_id = codec
        return extradata.withUnsafeBufferPointer { extra in
            parameters.extradata = UnsafeMutablePointer(mutating: extra.baseAddress)
            parameters.extradata_size = Int32(extra.count)
            let access = RandomAccess(parameters: parameters)
            return payload.withUnsafeBufferPointer { data in
                var packet = AVPacket()
                packet.data = UnsafeMutablePointer(mutating: data.baseAddress)
                packet.size = Int32(data.count)
                packet.flags = key ? AV_PKT_FLAG_KEY : 0
                return access.isCleanStart(packet)
            }
        }
    }

    func testH264NeedsAnIDRSlice() {
        let avcC: [UInt8] = [1, 0x64, 0, 0x1f, 0xff, 0xe1, 0, 0] // 4-byte NAL lengths
        let sei: [UInt8] = [0, 0, 0, 2, 0x06, 0x05]
        let idr: [UInt8] = [0, 0, 0, 3, 0x65, 0x88, 0x84]
        let nonIDR: [UInt8] = [0, 0, 0, 3, 0x41, 0x9a, 0x00]
        XCTAssertTrue(cleanStart(AV_CODEC_ID_H264, extradata: avcC, payload: sei + idr, key: true))
        XCTAssertFalse(cleanStart(AV_CODEC_ID_H264, extradata: avcC, payload: sei + nonIDR, key: true), "I/P slice flagged key")
        XCTAssertFalse(cleanStart(AV_CODEC_ID_H264, extradata: avcC, payload: idr, key: false))
        // Annex B (no avcC): start codes.
        XCTAssertTrue(cleanStart(AV_CODEC_ID_H264, extradata: [], payload: [0, 0, 0, 1, 0x65, 0x88], key: true))
        XCTAssertFalse(cleanStart(AV_CODEC_ID_H264, extradata: [], payload: [0, 0, 0, 1, 0x41, 0x9a], key: true))
    }

    func testIntraOnlyAndVP9() {
        XCTAssertTrue(cleanStart(AV_CODEC_ID_PRORES, extradata: [], payload: [1, 2, 3], key: false))
        XCTAssertTrue(cleanStart(AV_CODEC_ID_VP9, extradata: [], payload: [1, 2, 3], key: true))
        XCTAssertFalse(cleanStart(AV_CODEC_ID_VP9, extradata: [], payload: [1, 2, 3], key: false))
        XCTAssertFalse(cleanStart(AV_CODEC_ID_MPEG4, extradata: [], payload: [1, 2, 3], key: true), "unknown codec: never")
    }
}
