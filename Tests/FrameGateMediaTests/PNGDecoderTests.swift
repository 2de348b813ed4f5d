import Foundation
import XCTest
import FrameGateTestSupport
@testable import FrameGateMedia

final class PNGDecoderTests: XCTestCase {
    func testDecodesAnFFmpegWrittenPNGToExactPixels() throws {
        let dir = try Scratch()
        let png = dir.file("red.png")
        // ffmpeg is a reference only: it turns known raw RGB bytes into a PNG the decoder must read back exactly.
        let raw = try dir.write(Data((0..<(32 * 16)).flatMap { _ in [UInt8(255), 128, 0] }), to: "red.rgb")
        try Reference.ffmpeg(["-f", "rawvideo", "-pix_fmt", "rgb24", "-s", "32x16", "-i", raw.path,
                              "-frames:v", "1", "-pix_fmt", "rgb24", png.path])

        let frame = try PNGDecoder().decode(fileAt: png)
        XCTAssertEqual(frame.width, 32)
        XCTAssertEqual(frame.height, 16)
        let p = frame.pixel(x: 5, y: 7)
        XCTAssertEqual([p.r, p.g, p.b, p.a], [255, 128, 0, 255])
    }

    /// One decoder serves a whole render: each image must decode on its own, never blended with the last.
    func testOneDecoderDecodesSuccessiveImagesIndependently() throws {
        let encoder = try PNGEncoder()
        let decoder = try PNGDecoder()
        for shade in [UInt8(16), 40, 16, 200] {
            let source = RGBAFrame(width: 8, height: 4, fill: (shade, 20, 24, 255))
            let decoded = try decoder.decode(try encoder.encode(source))
            XCTAssertEqual(decoded.pixel(x: 3, y: 2).r, shade, "image with red \(shade) was blended with the one before")
            XCTAssertTrue(decoded == source, "image with red \(shade) decoded differently")
        }
    }

    /// The RGBA path copies rows in one piece when libav's rows are tightly packed (64 px = 256 bytes) and
    /// row by row when libav pads them (33 px = 132 bytes): both must give back every pixel in its place.
    func testRGBARoundTripIsExactWithAndWithoutRowPadding() throws {
        let encoder = try PNGEncoder()
        let decoder = try PNGDecoder()
        for width in [64, 33] {
            let height = 9
            // Every byte differs from its neighbours, so a row shifted or read with the wrong stride shows.
            let rowBytes = width * 4
            let pixels: [UInt8] = (0..<(rowBytes * height)).map { i in UInt8(truncatingIfNeeded: i &* 7 &+ i / rowBytes) }
            let source = RGBAFrame(width: width, height: height, pixels: pixels)
            let decoded = try decoder.decode(try encoder.encode(source))
            XCTAssertEqual(decoded.width, width)
            XCTAssertEqual(decoded.height, height)
            XCTAssertTrue(decoded == source, "a \(width)×\(height) RGBA image did not decode to its own pixels")
        }
    }

    /// An opaque page's screenshot is an RGB PNG: converted to RGBA (alpha 255) pixel for pixel, every row.
    func testRGBImageConvertsToExactRGBA() throws {
        let dir = try Scratch()
        let (width, height) = (33, 9)
        let rowBytes = width * 3
        let rgb: [UInt8] = (0..<(rowBytes * height)).map { i in UInt8(truncatingIfNeeded: i &* 5 &+ i / rowBytes) }
        let raw = try dir.write(Data(rgb), to: "varied.rgb")
        let png = dir.file("varied.png")
        try Reference.ffmpeg(["-f", "rawvideo", "-pix_fmt", "rgb24", "-s", "\(width)x\(height)", "-i", raw.path,
                              "-frames:v", "1", "-pix_fmt", "rgb24", png.path])
        let decoded = try PNGDecoder().decode(fileAt: png)
        var expected: [UInt8] = []
        for pixel in stride(from: 0, to: rgb.count, by: 3) {
            expected += [rgb[pixel], rgb[pixel + 1], rgb[pixel + 2], 255]
        }
        XCTAssertTrue(decoded == RGBAFrame(width: width, height: height, pixels: expected),
                      "an RGB PNG did not decode to its own pixels with alpha 255")
    }

    func testRejectsBytesThatAreNotPNG() throws {
        XCTAssertThrowsError(try PNGDecoder().decode(Data("not a png".utf8), label: "junk")) { error in
            XCTAssertEqual((error as? MediaError)?.code, .mediaDecodeFailed)
        }
    }

    func testSHA256MatchesKnownVector() {
        XCTAssertEqual(SHA256Digest.hex(of: Array("abc".utf8)),
                       "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
