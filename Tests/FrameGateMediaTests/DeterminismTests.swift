import Foundation
import XCTest
import FrameGateTestSupport
@testable import FrameGateMedia
import FrameGateCore

/// The same frames must give the same bytes: chunks are retried and compared across machines.
final class DeterminismTests: XCTestCase {
    func encodeTwice(_ codec: VideoCodec, _ container: ContainerFormat, chunkGOP: Int? = nil,
                     audio: AudioEncoderSettings? = nil) throws -> (Data, Data) {
        let dir = try Scratch()
        var outputs: [Data] = []
        for run in 0..<2 {
            let url = dir.file("run\(run).\(container.rawValue)")
            let settings = VideoEncoderSettings(codec: codec, width: 64, height: 48, frameRate: FrameRate(30000, 1001), chunkGOP: chunkGOP)
            let writer = try MediaWriter(url: url, container: container, video: settings, audio: audio)
            for i in 0..<12 {
                try writer.appendVideo(SyntheticVideo.frame(i, width: 64, height: 48))
                if let audio { try writer.appendAudio(tone(frequency: 440, seconds: 1001.0 / 30000, rate: audio.sampleRate).samples) }
            }
            try writer.finish()
            outputs.append(try Data(contentsOf: url))
        }
        return (outputs[0], outputs[1])
    }

    func testH264ChunkWithAACIsByteIdentical() throws {
        let (a, b) = try encodeTwice(.h264, .mp4, chunkGOP: 12, audio: AudioEncoderSettings())
        XCTAssertGreaterThan(a.count, 1000)
        XCTAssertEqual(a, b)
    }

    func testH265IsByteIdentical() throws {
        let (a, b) = try encodeTwice(.h265, .mp4, chunkGOP: 12)
        XCTAssertEqual(a, b)
    }

    func testProResIsByteIdentical() throws {
        let (a, b) = try encodeTwice(.prores, .mov, audio: AudioEncoderSettings())
        XCTAssertEqual(a, b)
    }

    func testVP9WithOpusIsByteIdentical() throws {
        let (a, b) = try encodeTwice(.vp9, .webm, chunkGOP: 12, audio: AudioEncoderSettings(codec: .opus))
        XCTAssertEqual(a, b)
    }
}
