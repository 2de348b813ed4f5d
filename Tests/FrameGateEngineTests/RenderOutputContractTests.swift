import FrameGateMedia
import Foundation
import XCTest
import FrameGateTestSupport
@testable import FrameGateEngine

/// Issue 4's output contract: 640×360, 2.5 s at 30 fps, a 1 kHz tone placed at 0.5 s for 1 s.
final class RenderOutputContractTests: XCTestCase {
    private static let window = 2048
    private static let rate = 48_000

    func testOutputContract() async throws {
        let sandbox = try RenderSandbox([
            "index.html": compositionPage(width: 640, height: 360, duration: 2.5,
                                          style: "#label { position: absolute; left: 20px; top: 20px; font-size: 40px; color: #fff; }",
                                          body: """
                                          <div id="label">tone</div>
                                          <audio id="tone" src="tone.wav" data-start="0.5" data-duration="1"></audio>
                                          """),
        ])
        try sandbox.write("tone.wav", data: toneWAV(seconds: 2))
        let result = try await sandbox.render(to: "out.mp4")
        let url = result.output

        XCTAssertEqual(result.frameCount, 75)
        XCTAssertEqual(result.digests.count, 75)
        XCTAssertTrue(result.hasAudio)

        // Video, through FrameGateMedia.
        let info = try MediaProbe.probe(url, countFrames: true)
        let video = try XCTUnwrap(info.videoStream)
        XCTAssertEqual(video.codec, "h264")
        XCTAssertEqual(video.frameCount, 75)
        XCTAssertEqual(video.width, 640)
        XCTAssertEqual(video.height, 360)
        XCTAssertEqual(video.pixelFormat, "yuv420p")
        XCTAssertEqual(video.colorPrimaries, "bt709")
        XCTAssertEqual(video.colorTransfer, "bt709")
        XCTAssertEqual(video.colorSpace, "bt709")
        XCTAssertEqual(video.colorRange, "tv")
        XCTAssertTrue(info.faststart)

        // Video, through ffprobe and an independent box walk.
        let probed = try XCTUnwrap(Reference.stream(url, type: "video", countFrames: true))
        XCTAssertEqual(probed.string("codec_name"), "h264")
        XCTAssertEqual(probed.int("nb_read_frames"), 75)
        XCTAssertEqual(probed.string("pix_fmt"), "yuv420p")
        XCTAssertEqual(probed.string("color_primaries"), "bt709")
        XCTAssertEqual(probed.string("color_transfer"), "bt709")
        XCTAssertEqual(probed.string("color_space"), "bt709")
        XCTAssertEqual(probed.string("color_range"), "tv")
        XCTAssertEqual(probed.string("avg_frame_rate"), "30/1")
        XCTAssertEqual(probed.int("has_b_frames"), 0, "DESIGN.md: no B-frames")
        let boxes = try OutputReader.topLevelBoxes(url)
        let moov = try XCTUnwrap(boxes.firstIndex(of: "moov"), "boxes: \(boxes)")
        let mdat = try XCTUnwrap(boxes.firstIndex(of: "mdat"), "boxes: \(boxes)")
        XCTAssertLessThan(moov, mdat, "faststart: moov before mdat; boxes: \(boxes)")

        // Audio length: libav decode and ffprobe's stream duration.
        let audioInfo = try XCTUnwrap(info.audioStream)
        XCTAssertEqual(audioInfo.codec, "aac")
        XCTAssertEqual(audioInfo.sampleRate, 48_000)
        XCTAssertEqual(audioInfo.channels, 2)
        let decoded = try AudioDecoder.decode(url, sampleRate: Self.rate, channels: 1)
        XCTAssertEqual(decoded.duration, 2.5, accuracy: 0.001, "libav-decoded audio length")
        let audioProbe = try XCTUnwrap(Reference.stream(url, type: "audio"))
        XCTAssertEqual(try XCTUnwrap(audioProbe.double("duration")), 2.5, accuracy: 0.001, "ffprobe audio stream duration")

        try assertToneSpans(decoded.samples, from: 0.5, to: 1.5)
    }

    /// Silent before `start` and after `end`, loud between, with each edge inside one window of its time.
    private func assertToneSpans(_ samples: [Float], from start: Double, to end: Double,
                                 file: StaticString = #filePath, line: UInt = #line) throws {
        let windowSeconds = Double(Self.window) / Double(Self.rate)
        let envelope = OutputReader.rmsEnvelope(samples, window: Self.window)
        // The tone is a 0.5-amplitude sine mixed to stereo and decoded to mono: RMS ≈ 0.354.
        let loud = 0.2, quiet = 0.01
        for (w, rms) in envelope.enumerated() {
            let (a, b) = (Double(w) * windowSeconds, Double(w + 1) * windowSeconds)
            if b <= start - windowSeconds || a >= end + windowSeconds {
                XCTAssertLessThan(rms, quiet, "window \(w) [\(a), \(b)) s must be silent", file: file, line: line)
            } else if a >= start + windowSeconds && b <= end - windowSeconds {
                XCTAssertGreaterThan(rms, loud, "window \(w) [\(a), \(b)) s must be loud", file: file, line: line)
            }
        }
        let half = (loud + quiet) / 2
        let first = try XCTUnwrap(envelope.firstIndex { $0 > half }, "no sound at all", file: file, line: line)
        let last = try XCTUnwrap(envelope.lastIndex { $0 > half }, file: file, line: line)
        XCTAssertEqual(Double(first) * windowSeconds, start, accuracy: windowSeconds, "sound starts", file: file, line: line)
        XCTAssertEqual(Double(last + 1) * windowSeconds, end, accuracy: windowSeconds, "sound ends", file: file, line: line)
    }
}
