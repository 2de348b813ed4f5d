import FrameGateMedia
import XCTest
import FrameGateTestSupport
@testable import FrameGateBrowser

/// showVideoFrame draws the supplied pixels exactly in the video's box, honouring object-fit,
/// and follows the video's timed visibility.
final class VideoOverlayTests: XCTestCase {
    static let html = page(style: """
        #fill { left: 10px; top: 10px; width: 60px; height: 30px; object-fit: fill; }
        #contain { left: 90px; top: 10px; width: 60px; height: 30px; object-fit: contain; }
        #cover { left: 10px; top: 50px; width: 60px; height: 30px; object-fit: cover; }
        #timed { left: 90px; top: 50px; width: 60px; height: 30px; }
        """, body: """
        <video id="fill" class="box" src="clip.mp4"></video>
        <video id="contain" class="box"></video>
        <video id="cover" class="box"></video>
        <video id="timed" class="box" data-start="1" data-duration="1" data-fg-start="1" data-fg-end="2"></video>
        """)

    /// A w×h frame: left half green, right half blue (so cover/contain crops are visible).
    static func halves(width: Int, height: Int) -> RGBAFrame {
        var frame = RGBAFrame(width: width, height: height, fill: (0, 255, 0, 255))
        for y in 0..<height {
            for x in (width / 2)..<width {
                let i = (y * width + x) * 4
                frame.pixels[i] = 0; frame.pixels[i + 1] = 0; frame.pixels[i + 2] = 255
            }
        }
        return frame
    }

    func testOverlayDrawsSuppliedPixelsInTheVideoBox() async throws {
        let browser = try await BrowserPool.shared.get()
        // The video is never played (FrameGate draws its frames), but the page still requests its file.
        let project = try TestProject(["index.html": Self.html, "clip.mp4": ""])
        let session = try await CaptureSession.open(browser: browser, project: project.source, options: CaptureOptions(width: 160, height: 90))
        let white = [255, 255, 255], green = [0, 255, 0], blue = [0, 0, 255]

        try await session.seek(to: 0)
        let square = Self.halves(width: 20, height: 20)
        for id in ["fill", "contain", "cover", "timed"] {
            try await session.showVideoFrame(elementId: id, frame: square)
        }
        var frame = try await session.capture().image
        // fill: the 20×20 frame stretched to 60×30: green left half, blue right half, nothing outside.
        XCTAssertEqual(frame.rgb(15, 25), green)
        XCTAssertEqual(frame.rgb(65, 25), blue)
        XCTAssertEqual(frame.rgb(5, 25), white)
        XCTAssertEqual(frame.rgb(75, 25), white)
        // contain: a 30×30 square centred in 60×30 (x 105…135): pillarboxed.
        XCTAssertEqual(frame.rgb(100, 25), white)
        XCTAssertEqual(frame.rgb(110, 25), green)
        XCTAssertEqual(frame.rgb(130, 25), blue)
        XCTAssertEqual(frame.rgb(140, 25), white)
        // cover: scaled to 60×60 and centred vertically: the whole box is covered.
        XCTAssertEqual(frame.rgb(12, 52), green)
        XCTAssertEqual(frame.rgb(68, 78), blue)
        // timed video is hidden before its start, and so is its overlay.
        XCTAssertEqual(frame.rgb(120, 65), white)

        try await session.seek(to: 1.5)
        frame = try await session.capture().image
        // (a <video>'s default object-fit is contain: the square sits at x 105…135)
        XCTAssertEqual(frame.rgb(110, 65), green, "timed overlay visible inside [1, 2)")
        XCTAssertEqual(frame.rgb(130, 65), blue)
        XCTAssertEqual(frame.rgb(95, 65), white)

        // A new frame replaces the old one.
        try await session.showVideoFrame(elementId: "fill", frame: RGBAFrame(width: 4, height: 2, fill: (255, 0, 0, 255)))
        frame = try await session.capture().image
        XCTAssertEqual(frame.rgb(15, 25), [255, 0, 0])
        XCTAssertEqual(frame.rgb(65, 25), [255, 0, 0])

        try await session.seek(to: 2)
        frame = try await session.capture().image
        XCTAssertEqual(frame.rgb(120, 65), white, "timed overlay hidden again at its end")

        _ = await expectCode(.invalidComposition) { try await session.showVideoFrame(elementId: "nope", frame: square) }
        await session.close()
    }
}
