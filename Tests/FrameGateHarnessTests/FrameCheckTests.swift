import XCTest
import FrameGateTestSupport
import FrameGateMedia
@testable import FrameGateHarness

/// The every-frame check on real files made by ffmpeg: the localized measure, time shifts, findings.
final class FrameCheckTests: XCTestCase {
    /// A flat yuv420p frame with a 160×22 light block (a word) at (x, y), or none.
    func frame(width: Int, height: Int, word: (x: Int, y: Int)?, noise: Bool = false) -> DecodedVideoFrame {
        var luma = [UInt8](repeating: 40, count: width * height)
        if let word {
            for y in word.y..<(word.y + 22) { for x in word.x..<(word.x + 160) where (x / 3 + y / 4) % 2 == 0 { luma[y * width + x] = 230 } }
        }
        if noise { for i in luma.indices { luma[i] = UInt8(Int(luma[i]) + (i * 7 % 3) - 1) } }
        let chroma = [UInt8](repeating: 128, count: ((width + 1) / 2) * ((height + 1) / 2))
        return DecodedVideoFrame(index: 0, time: 0, isKeyframe: true, format: .yuv420p, width: width, height: height,
                                 planes: [luma, chroma, chroma])
    }

    func testAWordOnA1080pFrameFailsTheTileMeasureButNotFramePSNR() {
        let with = frame(width: 1920, height: 1080, word: (400, 900)), without = frame(width: 1920, height: 1080, word: nil)
        let change = FrameDifference.measure(with, without, tileSize: 16, tileThreshold: TileOptions.defaultMinPsnr)
        XCTAssertGreaterThan(change.psnr.psnr, 30, "frame PSNR averages the word away: it passes the seed's 30 dB")
        XCTAssertLessThan(change.worstTilePSNR, TileOptions.defaultMinPsnr)
        let region = try! XCTUnwrap(change.changedRegion)
        XCTAssertTrue(region.x <= 400 && region.y <= 900 && region.x + region.width >= 560 && region.y + region.height >= 922, "\(region)")
        XCTAssertLessThan(region.width, 200)
        // Control: ±1 level of noise everywhere stays far above the tile threshold.
        let noisy = FrameDifference.measure(without, frame(width: 1920, height: 1080, word: nil, noise: true), tileSize: 16,
                                            tileThreshold: TileOptions.defaultMinPsnr)
        XCTAssertGreaterThan(noisy.worstTilePSNR, 45)
        XCTAssertNil(noisy.changedRegion)
        // The frame PSNR is the plain PSNR's.
        XCTAssertEqual(change.psnr.psnr, PSNR.measure(with, without).psnr, accuracy: 1e-9)
    }

    func testOneFrameShiftIsReportedAsLateAndFailsWhileTheUnshiftedCopyPasses() throws {
        let baseline = try ReferencePair.baseline()
        // The render shows each frame one frame later: frame 0 twice, then 0…118.
        let late = try ReferencePair.file("late.mp4", ["-i", baseline.path, "-vf", "tpad=start=1:start_mode=clone,trim=end_frame=120"]
            + ReferencePair.x264 + ["-crf", "12", "-c:a", "copy"])
        let report = try Comparison.compareVideos(rendered: late, baseline: baseline, options: ComparisonOptions(minPsnr: 10))
        let frames = try XCTUnwrap(report.visual.frames)
        XCTAssertFalse(report.visual.passed)
        XCTAssertTrue(frames.findings.contains { $0.kind == .late && $0.fromFrame <= 2 }, "\(frames.findings)")
        XCTAssertTrue(report.visual.reason?.contains("content 1 frame late from frame") ?? false, report.visual.reason ?? "")

        let same = try ReferencePair.file("same-crf12.mp4", ["-i", baseline.path] + ReferencePair.x264 + ["-crf", "12", "-c:a", "copy"])
        let control = try Comparison.compareVideos(rendered: same, baseline: baseline, options: ComparisonOptions(minPsnr: 10))
        XCTAssertTrue(control.visual.passed, control.visual.reason ?? "")
        XCTAssertEqual(control.visual.frames?.framesCompared, 120)
        XCTAssertEqual(control.visual.frames?.findings, [])
    }

    func testFlashAndLocalChangeAreNamed() {
        func score(_ frame: Int, psnr: Double, tile: Double, region: PixelRect?) -> FrameScore {
            FrameScore(frame: frame, psnr: psnr, tilePsnr: tile, tileBias: 0, worstTile: nil, changedRegion: region, shift: nil,
                       repeats: nil, missing: nil,
                       passed: psnr >= 30 && tile >= 25)
        }
        let word = PixelRect(x: 144, y: 288, width: 112, height: 48)
        var scores = (0..<30).map { score($0, psnr: 45, tile: 35, region: nil) }
        scores[7] = score(7, psnr: 12, tile: 6, region: PixelRect(x: 0, y: 0, width: 640, height: 360))
        for f in 20...24 { scores[f] = score(f, psnr: 36, tile: 14, region: word) }
        let findings = FrameFindings.classify(scores, width: 640, height: 360).map(\.description)
        XCTAssertEqual(findings, ["one-frame flash at frame 7 (12.0 dB)", "local change in (144, 288, 112, 48) on frames 20–24"])
        // Control: nothing failing, nothing found.
        XCTAssertEqual(FrameFindings.classify((0..<30).map { score($0, psnr: 45, tile: 35, region: nil) }, width: 640, height: 360), [])
    }
}
