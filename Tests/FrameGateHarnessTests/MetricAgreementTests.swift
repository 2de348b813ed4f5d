import XCTest
import FrameGateTestSupport
import FrameGateMedia
@testable import FrameGateHarness
import FrameGateCore

/// The comparison on real files, against ffmpeg's psnr filter as the independent reference.
final class MetricAgreementTests: XCTestCase {
    func testPSNRAgreesWithFFmpegAtEveryCheckpoint() throws {
        let baseline = try ReferencePair.baseline(), rendered = try ReferencePair.rendered()
        // The localized measure is off here: crf 35 against crf 18 is far lossier than encoder jitter, and a
        // few of its 16 px tiles fall apart (FrameCheckTests and the mutation corpus cover the measure).
        let report = try Comparison.compareVideos(rendered: rendered, baseline: baseline,
                                                  options: ComparisonOptions(minPsnr: 20, minAudioCorrelation: 0.9,
                                                                             tiles: TileOptions(minPsnr: 0, maxBias: 255)))
        let reference = try ReferencePair.ffmpegPSNR(main: rendered, reference: baseline)
        XCTAssertEqual(reference.count, 120, "ffmpeg compared 4 s × 30 fps")

        XCTAssertEqual(report.visual.checkpoints.count, 100)
        XCTAssertEqual(report.visual.duration, 4, accuracy: 0.05)
        XCTAssertEqual(report.visual.checkpoints.last?.frame, 118)
        for checkpoint in report.visual.checkpoints {
            let expected = try XCTUnwrap(reference[checkpoint.frame], "ffmpeg has no frame \(checkpoint.frame)")
            let ours = try XCTUnwrap(checkpoint.psnr, "frame \(checkpoint.frame) reported identical; ffmpeg says \(expected)")
            XCTAssertEqual(ours, expected, accuracy: 0.05, "checkpoint \(checkpoint.index), frame \(checkpoint.frame)")
        }
        // Not a trivial pair: crf 35 vs 18 is lossy but recognisable.
        let lowest = try XCTUnwrap(report.visual.lowestPSNR)
        XCTAssertGreaterThan(lowest, 20)
        XCTAssertLessThan(lowest, 45)
        XCTAssertTrue(report.visual.passed, report.visual.reason ?? "")
        // Every frame agrees too: the worst frames' PSNR is ffmpeg's for those frames.
        let frames = try XCTUnwrap(report.visual.frames)
        XCTAssertEqual(frames.framesCompared, 120)
        for worst in frames.worstFrames {
            XCTAssertEqual(try XCTUnwrap(worst.psnr), try XCTUnwrap(reference[worst.frame]), accuracy: 0.05, "frame \(worst.frame)")
        }

        // The audio is the same AAC encode of the same tone: correlation 1 at lag 0, parity fine.
        XCTAssertEqual(report.audio.correlation ?? 0, 1, accuracy: 1e-6)
        XCTAssertEqual(report.audio.lagWindows, 0)
        XCTAssertTrue(report.audio.passed)
        XCTAssertTrue(report.parity.passed)
        XCTAssertTrue(report.passed)
    }

    func testIdenticalFilesAreInfiniteEverywhere() throws {
        let baseline = try ReferencePair.baseline()
        let report = try Comparison.compareVideos(rendered: baseline, baseline: baseline, options: ComparisonOptions(minPsnr: 60))
        XCTAssertTrue(report.visual.checkpoints.allSatisfy { $0.isIdentical && $0.passed })
        XCTAssertNil(report.visual.lowestPSNR)
        XCTAssertEqual(report.audio.correlation, 1)
        XCTAssertTrue(report.passed)
    }

    func testSameFramesInDifferentFilesAreInfiniteThroughPSNR() throws {
        // Same video bitstream, different audio bitrate: the files differ, so frames are decoded and
        // measured, and every one is identical.
        let baseline = try ReferencePair.baseline()
        let remuxed = try ReferencePair.file("remuxed.mp4", ["-i", baseline.path, "-c:v", "copy", "-c:a", "aac", "-b:a", "96k"])
        XCTAssertFalse(FileIdentity.sameBytes(remuxed, baseline))
        let copy = ReferencePair.directory.appendingPathComponent("copy.mp4")
        try? FileManager.default.removeItem(at: copy)
        try FileManager.default.copyItem(at: baseline, to: copy)
        XCTAssertTrue(FileIdentity.sameBytes(copy, baseline))
        for rendered in [remuxed, copy] {
            let report = try Comparison.compareVideos(rendered: rendered, baseline: baseline, options: ComparisonOptions(minPsnr: 60))
            XCTAssertEqual(report.visual.checkpoints.count, 100)
            XCTAssertTrue(report.visual.checkpoints.allSatisfy { $0.isIdentical && $0.passed }, rendered.lastPathComponent)
            XCTAssertGreaterThan(report.audio.correlation ?? 0, 0.99)
        }
    }

    func testThresholdFailuresAndPathologyFloor() throws {
        let baseline = try ReferencePair.baseline(), rendered = try ReferencePair.rendered()
        // 60 dB is above every lossy checkpoint: all 100 fail.
        let strict = try Comparison.compareVideos(rendered: rendered, baseline: baseline,
                                                  options: ComparisonOptions(minPsnr: 60, maxFrameFailures: 99))
        XCTAssertEqual(strict.visual.failedCount, 100)
        XCTAssertFalse(strict.visual.passed)
        XCTAssertFalse(strict.passed)
    }

    func testRenderAtAnotherSizeIsScaledToTheBaseline() throws {
        let baseline = try ReferencePair.baseline()
        let small = try ReferencePair.file("small.mp4", ReferencePair.video + ReferencePair.tone + ReferencePair.x264
            + ["-vf", "scale=320:180", "-crf", "18", "-c:a", "aac"])
        let report = try Comparison.compareVideos(rendered: small, baseline: baseline, options: ComparisonOptions(minPsnr: 15))
        XCTAssertEqual(report.visual.width, 640)
        XCTAssertEqual(report.visual.height, 360)
        XCTAssertTrue(report.visual.checkpoints.allSatisfy { ($0.psnr ?? 0) > 15 && ($0.psnr ?? 99) < 40 })
    }

    func testMissingAudioInRenderFails() throws {
        let baseline = try ReferencePair.baseline()
        let silent = try ReferencePair.file("noaudio.mp4", ReferencePair.video + ReferencePair.x264 + ["-crf", "18"])
        let report = try Comparison.compareVideos(rendered: silent, baseline: baseline, options: ComparisonOptions(minAudioCorrelation: 0))
        XCTAssertFalse(report.audio.renderedHasAudio)
        XCTAssertNil(report.audio.correlation)
        XCTAssertFalse(report.audio.passed)
        XCTAssertFalse(report.passed)
        XCTAssertTrue(report.visual.passed)
    }

    func testAudioShiftedPastTheLagWindowFails() throws {
        let baseline = try ReferencePair.baseline()
        // 0.5 s late = 7.8 windows: outside ±3, inside ±10.
        let shifted = try ReferencePair.file("shifted.mp4", ReferencePair.video + ReferencePair.tone + ReferencePair.x264
            + ["-crf", "18", "-af", "adelay=500:all=1,atrim=0:4", "-c:a", "aac"])
        let narrow = try Comparison.compareVideos(rendered: shifted, baseline: baseline,
                                                  options: ComparisonOptions(minAudioCorrelation: 0.9, maxAudioLagWindows: 3))
        XCTAssertFalse(narrow.audio.passed, "correlation \(String(describing: narrow.audio.correlation))")
        // The seed's metric alone (signal checks off) passes it inside ±10 windows...
        let wide = try Comparison.compareVideos(rendered: shifted, baseline: baseline,
                                                options: ComparisonOptions(minAudioCorrelation: 0.9, maxAudioLagWindows: 10,
                                                                           audioSignal: nil))
        XCTAssertTrue(wide.audio.passed, "correlation \(String(describing: wide.audio.correlation))")
        XCTAssertEqual(wide.audio.lagWindows ?? 0, 8, accuracy: 1)
        // ...and the offset check names what it is.
        let checked = try Comparison.compareVideos(rendered: shifted, baseline: baseline,
                                                   options: ComparisonOptions(minAudioCorrelation: 0.9, maxAudioLagWindows: 10))
        XCTAssertFalse(checked.audio.passed)
        XCTAssertEqual(checked.audio.signal?.offsetMs ?? 0, 500, accuracy: 10)
        XCTAssertTrue(checked.audio.signal?.findings.contains("audio 500 ms late") ?? false, "\(String(describing: checked.audio.signal))")
    }

    func testStreamParityCatchesShortAudio() throws {
        let baseline = try ReferencePair.baseline()
        let shortAudio = try ReferencePair.file("shortaudio.mp4", ReferencePair.video + ReferencePair.tone + ReferencePair.x264
            + ["-crf", "18", "-af", "atrim=0:2.5", "-c:a", "aac"])
        let report = try Comparison.compareVideos(rendered: shortAudio, baseline: baseline, options: ComparisonOptions())
        XCTAssertFalse(report.parity.rendered.passed)
        XCTAssertEqual(report.parity.rendered.difference ?? 0, 1.5, accuracy: 0.1)
        XCTAssertTrue(report.parity.baseline.passed)
        XCTAssertFalse(report.passed)
    }

    func testNoVideoStreamIsAnError() throws {
        let audioOnly = try ReferencePair.file("audio.m4a", ReferencePair.tone + ["-c:a", "aac"])
        XCTAssertThrowsError(try Comparison.compareVideos(rendered: audioOnly, baseline: try ReferencePair.baseline(),
                                                          options: ComparisonOptions())) { error in
            XCTAssertEqual((error as? CodedError)?.code, .mediaDecodeFailed)
        }
    }
}
