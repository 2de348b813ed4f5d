import Foundation
import XCTest
import FrameGateTestSupport
@testable import FrameGateMedia

final class PNGEncoderTests: XCTestCase {
    func testEncodeThenDecodeIsTheIdentity() throws {
        let encoder = try PNGEncoder()
        let decoder = try PNGDecoder()
        var frame = SyntheticVideo.frame(7, width: 37, height: 21)
        // Exercise alpha too: PNG must keep it exactly.
        for i in stride(from: 3, to: frame.pixels.count, by: 4) { frame.pixels[i] = UInt8(i % 256) }
        let png = try encoder.encode(frame)
        XCTAssertEqual(Array(png.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        XCTAssertEqual(try decoder.decode(png), frame)
        // A different size reuses the same encoder; the same picture gives the same bytes.
        let small = SyntheticVideo.frame(1, width: 8, height: 6)
        XCTAssertEqual(try decoder.decode(try encoder.encode(small)), small)
        XCTAssertEqual(try encoder.encode(frame), png)
    }

    func testFFmpegReadsTheSamePixels() throws {
        let dir = try Scratch()
        let frame = SyntheticVideo.frame(3, width: 16, height: 8)
        let url = dir.file("f.png")
        try PNGEncoder().encode(frame).write(to: url)
        let raw = try Reference.runData("ffmpeg", ["-v", "error", "-i", url.path, "-f", "rawvideo", "-pix_fmt", "rgba", "-"])
        XCTAssertEqual([UInt8](raw), frame.pixels)
    }

    func testLibAVVersionNamesEveryLibrary() {
        let version = LibAVVersion.string
        for library in ["avformat", "avcodec", "avutil", "swscale", "swresample"] {
            XCTAssertNotNil(version.range(of: "\(library) \\d+\\.\\d+\\.\\d+", options: .regularExpression), version)
        }
        XCTAssertTrue(version.contains("avcodec 59."), version)
    }
}
