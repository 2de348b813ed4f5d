import Foundation
import XCTest
import FrameGateTestSupport
@testable import FrameGateMedia
import FrameGateCore

/// Synthetic RGBA frames through each encoder and back through the decoder.
final class EncodeRoundTripTests: XCTestCase {
    static let width = 160, height = 90

    func encode(_ codec: VideoCodec, container: ContainerFormat, frames: Int, rate: FrameRate = FrameRate(30),
                quality: Quality = .standard, to url: URL) throws {
        let settings = VideoEncoderSettings(codec: codec, width: Self.width, height: Self.height, frameRate: rate, quality: quality)
        let writer = try MediaWriter(url: url, container: container, video: settings, audio: nil)
        for i in 0..<frames { try writer.appendVideo(SyntheticVideo.frame(i, width: Self.width, height: Self.height)) }
        try writer.finish()
    }

    /// Worst per-frame PSNR in yuv420p (DESIGN.md's metric) against the source frames converted by the
    /// encoder's own converter, so only the codec's loss is measured; and the decoded frame count.
    func decodedPSNR(_ url: URL) throws -> (count: Int, worst: Double) {
        let decoder = try VideoDecoder(url: url, format: .yuv420p)
        let converter = try RGBAConverter(width: Self.width, height: Self.height)
        var count = 0, worst = Double.infinity
        while let frame = try decoder.nextFrame() {
            let source = try converter.yuv420p(SyntheticVideo.frame(frame.index, width: Self.width, height: Self.height))
            worst = min(worst, psnr(source, frame.planes))
            count += 1
        }
        return (count, worst)
    }

    func testH264AtCRF18KeepsEveryFrameAbove40dB() throws {
        let dir = try Scratch()
        let clip = dir.file("h264.mp4")
        try encode(.h264, container: .mp4, frames: 30, to: clip)
        let result = try decodedPSNR(clip)
        XCTAssertEqual(result.count, 30)
        print("h264 crf18 worst-frame PSNR \(result.worst) dB")
        XCTAssertGreaterThanOrEqual(result.worst, 40)
    }

    /// Colours survive BT.709 tv-range encoding as ffmpeg (an independent decoder) reads the tags back.
    func testFlatColoursDecodeBackThroughFFmpeg() throws {
        let dir = try Scratch()
        let clip = dir.file("flat.mp4")
        let colours: [(UInt8, UInt8, UInt8)] = [(200, 100, 50), (16, 180, 240), (255, 255, 255), (0, 0, 0)]
        let writer = try MediaWriter(url: clip, container: .mp4,
                                     video: VideoEncoderSettings(codec: .h264, width: 64, height: 48, frameRate: FrameRate(30)), audio: nil)
        for c in colours { try writer.appendVideo(RGBAFrame(width: 64, height: 48, fill: (c.0, c.1, c.2, 255))) }
        try writer.finish()
        let raw = [UInt8](try Reference.runData("ffmpeg", ["-v", "error", "-i", clip.path, "-f", "rawvideo", "-pix_fmt", "rgb24", "-"]))
        XCTAssertEqual(raw.count, colours.count * 64 * 48 * 3)
        for (index, c) in colours.enumerated() {
            let centre = index * 64 * 48 * 3 + (24 * 64 + 32) * 3
            for (got, want) in zip(raw[centre..<(centre + 3)], [c.0, c.1, c.2]) {
                XCTAssertEqual(Int(got), Int(want), accuracy: 4, "frame \(index)")
            }
        }
    }
}
