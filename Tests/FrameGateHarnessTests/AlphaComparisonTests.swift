import Foundation
import XCTest
import FrameGateTestSupport
import FrameGateMedia
import FrameGateCore
@testable import FrameGateHarness

/// The visual check compares the alpha plane when the baseline has one: a render that lost its transparency
/// (same colours, alpha 255) fails, although its Y, U and V planes equal the baseline's.
final class AlphaComparisonTests: XCTestCase {
    private static let frames = 10, width = 96, height = 64

    /// A box moving right over nothing (RGBA 0,0,0,0); `opaque` writes the same colours with alpha 255.
    private func write(_ url: URL, codec: VideoCodec, container: ContainerFormat, opaque: Bool) throws {
        let writer = try MediaWriter(url: url, container: container,
                                     video: VideoEncoderSettings(codec: codec, width: Self.width, height: Self.height,
                                                                 frameRate: FrameRate(30), quality: .standard),
                                     audio: nil)
        for i in 0..<Self.frames {
            var frame = RGBAFrame(width: Self.width, height: Self.height, fill: (0, 0, 0, opaque ? 255 : 0))
            for y in 16..<48 {
                for x in (4 + 4 * i)..<(36 + 4 * i) {
                    let o = (y * Self.width + x) * 4
                    frame.pixels[o] = 230; frame.pixels[o + 1] = 120; frame.pixels[o + 2] = 40; frame.pixels[o + 3] = 255
                }
            }
            try writer.appendVideo(frame)
        }
        try writer.finish()
    }

    private func compare(_ rendered: URL, _ baseline: URL) throws -> VisualReport {
        try VideoComparison.compareDetailed(rendered: rendered, baseline: baseline, duration: Double(Self.frames) / 30,
                                            fps: FrameRate(30), threshold: 34, maxFrameFailures: 0,
                                            usePacketIdentity: false).report
    }

    /// psnr_avg per frame (0-based) from ffmpeg's psnr filter with both inputs as yuva420p.
    private func ffmpegAlphaPSNR(_ main: URL, _ reference: URL, vp9: Bool) throws -> [Int: Double] {
        let decoder = vp9 ? ["-c:v", "libvpx-vp9"] : []
        let stats = main.deletingLastPathComponent().appendingPathComponent("psnr-\(main.lastPathComponent).log")
        try Reference.ffmpeg(decoder + ["-i", main.path] + decoder + ["-i", reference.path, "-lavfi",
                             "[0:v]format=yuva420p[a];[1:v]format=yuva420p[b];[a][b]psnr=stats_file=\(stats.path)", "-f", "null", "-"])
        var result: [Int: Double] = [:]
        for line in try String(contentsOf: stats, encoding: .utf8).split(separator: "\n") {
            let fields = Dictionary(line.split(separator: " ").compactMap { field -> (String, String)? in
                let parts = field.split(separator: ":", maxSplits: 1).map(String.init)
                return parts.count == 2 ? (parts[0], parts[1]) : nil
            }, uniquingKeysWith: { a, _ in a })
            if let n = fields["n"].flatMap({ Int($0) }), let psnr = fields["psnr_avg"].flatMap({ Double($0) }) { result[n - 1] = psnr }
        }
        return result
    }

    func testLostAlphaFailsAndKeptAlphaPasses() throws {
        let scratch = try Scratch()
        for (codec, container) in [(VideoCodec.prores, ContainerFormat.mov), (.vp9, .webm)] {
            let ext = container.rawValue
            let baseline = scratch.file("baseline.\(ext)"), same = scratch.file("same.\(ext)"), lost = scratch.file("lost.\(ext)")
            try write(baseline, codec: codec, container: container, opaque: false)
            try write(same, codec: codec, container: container, opaque: false)
            try write(lost, codec: codec, container: container, opaque: true)
            XCTAssertTrue(try VideoDecoder(url: baseline, format: .yuv420p).hasAlpha, ext)

            let kept = try compare(same, baseline)
            XCTAssertTrue(kept.passed, "\(ext): the same transparent frames pass: \(kept.reason ?? "")")
            let dropped = try compare(lost, baseline)
            XCTAssertFalse(dropped.passed, "\(ext): a render that lost its alpha fails")
            XCTAssertLessThan(dropped.lowestPSNR ?? .infinity, 34, ext)

            // The alpha PSNR is ffmpeg's psnr filter's psnr_avg over yuva420p (Y, U, V and A).
            let reference = try ffmpegAlphaPSNR(lost, baseline, vp9: codec == .vp9)
            for checkpoint in dropped.checkpoints {
                let expected = try XCTUnwrap(reference[checkpoint.frame], "\(ext) frame \(checkpoint.frame)")
                XCTAssertEqual(try XCTUnwrap(checkpoint.psnr), expected, accuracy: 0.05, "\(ext) frame \(checkpoint.frame)")
            }

            // The colour planes alone cannot see it: yuv420p decodes of the two are the same picture.
            let colourA = try XCTUnwrap(try VideoDecoder(url: lost, format: .yuv420p).nextFrame())
            let colourB = try XCTUnwrap(try VideoDecoder(url: baseline, format: .yuv420p).nextFrame())
            XCTAssertGreaterThan(PSNR.measure(colourA, colourB).psnr, 45, "\(ext): Y, U, V agree; only alpha differs")
            let alphaA = try XCTUnwrap(try VideoDecoder(url: lost, format: .yuva420p).nextFrame())
            let alphaB = try XCTUnwrap(try VideoDecoder(url: baseline, format: .yuva420p).nextFrame())
            XCTAssertEqual(alphaA.planes[3].min(), 255, "\(ext): the opaque render decodes with alpha 255")
            XCTAssertEqual(alphaB.planes[3][0], 0, "\(ext): the baseline is transparent in the corner")
        }
    }
}
