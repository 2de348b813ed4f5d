import FrameGateMedia
import Foundation
import XCTest
import FrameGateTestSupport
@testable import FrameGateEngine

/// mov, webm and png-sequence keep the composition's alpha; mp4 is opaque over white. Each output is read
/// by FrameGate's own decoders and by ffmpeg (libvpx-vp9 for webm: the only ffmpeg decoder of VP9 alpha).
final class TransparencyTests: XCTestCase {
    /// Nothing painted at `clear`; an opaque green square at `solid`; a 50 % red box at `half`.
    static let clear = (x: 70, y: 5), solid = (x: 130, y: 30), half = (x: 30, y: 65)

    /// `background` fills a full-frame layer under the shapes (html/body/root backgrounds are cleared for
    /// alpha outputs, as HyperFrames does, so an opaque control paints a layer of its own).
    private func sandbox(background: String) throws -> RenderSandbox {
        try RenderSandbox(["index.html": compositionPage(duration: 0.5, background: "transparent", style: """
            #backdrop { position: absolute; inset: 0; background: \(background); }
            #solid { position: absolute; left: 110px; top: 10px; width: 40px; height: 40px; background: rgb(0,200,0); }
            #half { position: absolute; left: 10px; top: 50px; width: 40px; height: 30px; background: rgba(255,0,0,0.5); }
            """, body: "<div id=\"backdrop\"></div><div id=\"solid\"></div><div id=\"half\"></div>")])
    }

    private typealias Pixel = (r: UInt8, g: UInt8, b: UInt8, a: UInt8)

    /// Frame 0 of an output as RGBA, through FrameGate's decoders.
    private func ownFrame(_ url: URL, format: OutputFormat) throws -> RGBAFrame {
        if format == .pngSequence {
            return try PNGDecoder().decode(fileAt: url.appendingPathComponent(OutputFormat.pngSequenceFileName(frame: 1)))
        }
        let frame = try XCTUnwrap(try VideoDecoder(url: url, format: .rgba).nextFrame())
        return try XCTUnwrap(frame.rgba)
    }

    /// Frame 0 of an output as RGBA, through ffmpeg.
    private func ffmpegFrame(_ url: URL, format: OutputFormat) throws -> RGBAFrame {
        let input = format == .pngSequence ? url.appendingPathComponent(OutputFormat.pngSequenceFileName(frame: 1)) : url
        let decoder = format == .webm ? ["-c:v", "libvpx-vp9"] : []
        let data = try Reference.runData("ffmpeg", ["-hide_banner", "-v", "error"] + decoder
                                         + ["-i", input.path, "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgba", "-"])
        return RGBAFrame(width: 160, height: 90, pixels: [UInt8](data))
    }

    private func alphas(_ frame: RGBAFrame) -> [UInt8] { stride(from: 3, to: frame.pixels.count, by: 4).map { frame.pixels[$0] } }

    func testTransparentOutputsKeepAlphaAndOpaqueOnesDoNot() async throws {
        let transparent = try sandbox(background: "transparent")
        let opaque = try sandbox(background: "rgb(0,0,255)")
        for format in [OutputFormat.mov, .webm, .pngSequence] {
            let name = format == .pngSequence ? "frames" : "out.\(format.container!.rawValue)"
            let clearResult = try await transparent.render(RenderConfig(format: format), to: "clear-" + name)
            let opaqueResult = try await opaque.render(RenderConfig(format: format), to: "opaque-" + name)
            for (reader, read) in [("FrameGate", ownFrame), ("ffmpeg", ffmpegFrame)] {
                let label = "\(format.rawValue) read by \(reader)"
                let frame = try read(clearResult.output, format)
                XCTAssertEqual(frame.pixel(x: Self.clear.x, y: Self.clear.y).a, 0, "\(label): nothing painted → alpha 0")
                XCTAssertEqual(frame.pixel(x: Self.solid.x, y: Self.solid.y).a, 255, "\(label): opaque square → alpha 255")
                let halfAlpha = Int(frame.pixel(x: Self.half.x, y: Self.half.y).a)
                XCTAssertLessThanOrEqual(abs(halfAlpha - 128), 3, "\(label): rgba(…, 0.5) → alpha ≈ 128, got \(halfAlpha)")
                // Control: the same shapes over an opaque page background are opaque everywhere.
                let control = try read(opaqueResult.output, format)
                XCTAssertEqual(alphas(control).min(), 255, "\(label): opaque background → alpha 255 everywhere")
                XCTAssertGreaterThanOrEqual(control.pixel(x: Self.clear.x, y: Self.clear.y).b, 250, "\(label): the blue background shows")
            }
        }
    }

    /// The capture digest is over RGBA with alpha: the transparent and the opaque page differ in their
    /// digests, and a png-sequence frame re-decoded from disk has exactly the captured digest.
    func testDigestsCoverAlpha() async throws {
        let transparent = try sandbox(background: "transparent")
        let result = try await transparent.render(RenderConfig(format: .pngSequence), to: "frames")
        let decoded = try PNGDecoder().decode(fileAt: result.output.appendingPathComponent(OutputFormat.pngSequenceFileName(frame: 1)))
        XCTAssertEqual(decoded.digest, result.digests[0])
        XCTAssertEqual(decoded.pixel(x: Self.clear.x, y: Self.clear.y).a, 0)
        var opaqueCopy = decoded
        for i in stride(from: 3, to: opaqueCopy.pixels.count, by: 4) { opaqueCopy.pixels[i] = 255 }
        XCTAssertNotEqual(opaqueCopy.digest, result.digests[0], "the digest must change when only alpha changes")
    }

    /// mp4 (H.264) has no alpha: a transparent page is captured over the browser's default white, as in
    /// HyperFrames; the control (mov of the same page) is transparent there.
    func testMP4IsOpaqueOverWhite() async throws {
        let transparent = try sandbox(background: "transparent")
        let result = try await transparent.render(RenderConfig(format: .mp4), to: "out.mp4")
        let frame = try ownFrame(result.output, format: .mp4)
        let pixel = frame.pixel(x: Self.clear.x, y: Self.clear.y)
        XCTAssertEqual(pixel.a, 255)
        XCTAssertGreaterThanOrEqual(min(pixel.r, pixel.g, pixel.b), 250, "white where nothing is painted: \(pixel)")
        XCTAssertEqual(alphas(try ffmpegFrame(result.output, format: .mp4)).min(), 255)
        let mov = try await transparent.render(RenderConfig(format: .mov), to: "out.mov")
        XCTAssertEqual(try ownFrame(mov.output, format: .mov).pixel(x: Self.clear.x, y: Self.clear.y).a, 0)
    }

    /// HyperFrames' rule for alpha outputs: the backgrounds of html, body and each composition root are
    /// cleared (an alpha output is a layer to composite), while every other painted pixel stays. The same
    /// page as mp4 is the control: its blue body and red root show.
    func testPageAndRootBackgroundsAreClearedForAlphaOutputsOnly() async throws {
        let painted = try RenderSandbox(["index.html": compositionPage(duration: 0.5, background: "transparent", style: """
            html, body { background: rgb(0,0,255); }
            #root { background: rgb(255,0,0); }
            #solid { position: absolute; left: 110px; top: 10px; width: 40px; height: 40px; background: rgb(0,200,0); }
            """, body: "<div id=\"solid\"></div>")])
        let webm = try await painted.render(RenderConfig(format: .webm), to: "out.webm")
        let frame = try ownFrame(webm.output, format: .webm)
        XCTAssertEqual(frame.pixel(x: Self.clear.x, y: Self.clear.y).a, 0, "the root's red backdrop is cleared")
        XCTAssertEqual(frame.pixel(x: Self.solid.x, y: Self.solid.y).a, 255, "the square the page paints stays")
        let mp4 = try await painted.render(RenderConfig(format: .mp4), to: "out.mp4")
        let opaque = try ownFrame(mp4.output, format: .mp4).pixel(x: Self.clear.x, y: Self.clear.y)
        XCTAssertGreaterThanOrEqual(opaque.r, 240, "mp4 keeps the root's red: \(opaque)")
        XCTAssertLessThanOrEqual(opaque.b, 20, "mp4 keeps the root's red: \(opaque)")
    }
}
