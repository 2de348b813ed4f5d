import Foundation
import XCTest
import FrameGateTestSupport
@testable import FrameGateMedia
import FrameGateCore

final class DecodeTests: XCTestCase {
    func testDecodesAnFFmpegClipFrameByFrame() throws {
        let dir = try Scratch()
        let clip = dir.file("bars.mp4")
        try Reference.ffmpeg(["-f", "lavfi", "-i", "testsrc2=size=64x48:rate=25:duration=1", "-c:v", "libx264",
                              "-pix_fmt", "yuv420p", "-g", "10", clip.path])
        let decoder = try VideoDecoder(url: clip, format: .rgba)
        XCTAssertEqual(decoder.frameRate, FrameRate(25))
        var count = 0, keyframes: [Int] = []
        while let frame = try decoder.nextFrame() {
            XCTAssertEqual(frame.index, count)
            XCTAssertEqual(frame.time, Double(count) / 25, accuracy: 1e-6)
            XCTAssertEqual(frame.planes[0].count, 64 * 48 * 4)
            if frame.isKeyframe { keyframes.append(frame.index) }
            count += 1
        }
        XCTAssertEqual(count, 25)
        XCTAssertEqual(keyframes, [0, 10, 20])
    }

    func testScalesToARequestedSizeAndYUV() throws {
        let dir = try Scratch()
        let clip = dir.file("bars.mp4")
        try Reference.ffmpeg(["-f", "lavfi", "-i", "testsrc2=size=64x48:rate=25:duration=0.4", "-c:v", "libx264", clip.path])
        let decoder = try VideoDecoder(url: clip, format: .yuv420p, width: 33, height: 17)
        let frame = try XCTUnwrap(try decoder.frame(at: 3))
        XCTAssertEqual(frame.index, 3)
        XCTAssertEqual(frame.planes.map(\.count), [33 * 17, 17 * 9, 17 * 9])
        XCTAssertThrowsError(try decoder.frame(at: 1))
        XCTAssertNil(try decoder.frame(at: 99))
    }

    func testAudioIsResampledToMono16kS16WithTheToneIntact() throws {
        let dir = try Scratch()
        let tone = dir.file("tone.m4a")
        try Reference.ffmpeg(["-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=44100:duration=1.5",
                              "-ac", "2", "-c:a", "aac", "-b:a", "192k", tone.path])
        let buffer = try AudioDecoder.decode(tone, sampleRate: 16_000, channels: 1, format: .s16)
        XCTAssertEqual(buffer.sampleRate, 16_000)
        XCTAssertEqual(buffer.channels, 1)
        XCTAssertEqual(buffer.frameCount, 24_000, accuracy: 16)  // 1.5 s ± 1 ms
        // A 1 kHz tone crosses zero upwards 1000 times a second; count over the steady middle second.
        let middle = Array(buffer.samples[4000..<20000])
        let crossings = zip(middle, middle.dropFirst()).filter { $0 < 0 && $1 >= 0 }.count
        XCTAssertEqual(crossings, 1000, accuracy: 2)
        XCTAssertGreaterThan(middle.map { abs($0) }.max() ?? 0, 0.05)

        let stereo = try AudioDecoder.decode(tone, sampleRate: 48_000, channels: 2, format: .float, maxDuration: 0.5)
        XCTAssertEqual(stereo.frameCount, 24_000)
        XCTAssertEqual(stereo.samples.count, 48_000)
        XCTAssertTrue(try AudioDecoder.hasAudio(tone))
    }
}
