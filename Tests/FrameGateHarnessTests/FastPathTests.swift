import XCTest
import FrameGateTestSupport
import FrameGateMedia
@testable import FrameGateHarness
import FrameGateCore

/// The comparison's fast paths (packet identity, identical packet prefix, concurrent decode) against
/// the plain method: full decode of both files, one after the other.
final class FastPathTests: XCTestCase {
    /// Same video as the baseline except one frame (60, a checkpoint: round(119·50/100)) carries a box.
    /// ultrafast has no lookahead, so the packets before the changed frame stay byte-identical.
    static func oneFrameChanged() throws -> (base: URL, changed: URL) {
        let x264 = ReferencePair.x264 + ["-preset", "ultrafast", "-g", "30", "-threads", "1", "-crf", "20", "-an"]
        let base = try ReferencePair.file("onechange-base.mp4", ReferencePair.video + x264)
        let changed = try ReferencePair.file("onechange-changed.mp4", ReferencePair.video
            + ["-vf", "drawbox=x=100:y=100:w=200:h=120:color=red:t=fill:enable='eq(n,60)'"] + x264)
        return (base, changed)
    }

    func plain(_ rendered: URL, _ baseline: URL, _ options: ComparisonOptions = ComparisonOptions()) throws -> ComparisonReport {
        try Comparison.compareVideosKeepingFrames(rendered: rendered, baseline: baseline, options: options,
                                                  usePacketIdentity: false, concurrent: false).report
    }

    func testPacketIdenticalCopySkipsDecodingAndIsInfinite() throws {
        let baseline = try ReferencePair.baseline()
        let copy = ReferencePair.directory.appendingPathComponent("fastpath-copy.mp4")
        try? FileManager.default.removeItem(at: copy)
        try FileManager.default.copyItem(at: baseline, to: copy)
        let report = try Comparison.compareVideos(rendered: copy, baseline: baseline, options: ComparisonOptions(minPsnr: 60))
        XCTAssertEqual(report.visualMethod, .packetIdentical)
        XCTAssertEqual(report.audio.method, .packetIdenticalBaselineDecoded)
        XCTAssertEqual(report.visual.checkpoints.count, 100)
        XCTAssertTrue(report.visual.checkpoints.allSatisfy { $0.psnr == nil && $0.missing == nil && $0.passed })
        XCTAssertTrue(report.passed)
        // Same verdict and audio numbers as decoding everything.
        let slow = try plain(copy, baseline, ComparisonOptions(minPsnr: 60))
        XCTAssertEqual(slow.visualMethod, .decoded)
        XCTAssertEqual(slow.visual.checkpoints, report.visual.checkpoints)
        XCTAssertEqual(slow.audio.correlation, report.audio.correlation)
        XCTAssertEqual(slow.audio.lagWindows, report.audio.lagWindows)
        XCTAssertEqual(slow.audio.residualRmsDb, report.audio.residualRmsDb)
        // And the JSON says which way it went.
        let json = String(decoding: try JSONEncoder().encode(report), as: UTF8.self)
        XCTAssertTrue(json.contains("\"visualMethod\":\"packet-identical\""), json)
    }

    func testLossyPairIsNotPacketIdentical() throws {
        let report = try Comparison.compareVideos(rendered: try ReferencePair.rendered(), baseline: try ReferencePair.baseline(),
                                                  options: ComparisonOptions())
        XCTAssertEqual(report.visualMethod, .decoded)
        XCTAssertTrue(report.visual.checkpoints.allSatisfy { $0.psnr != nil })
    }

    func testOneChangedFrameTakesTheDecodePathAndIsFinite() throws {
        let (base, changed) = try Self.oneFrameChanged()
        let packets = try XCTUnwrap(try PacketReader.compare(changed, base).video)
        XCTAssertFalse(packets.isIdentical)
        let difference = try XCTUnwrap(packets.firstDifference)
        XCTAssertGreaterThan(difference, 0, "the frames before the change encode identically")
        XCTAssertLessThanOrEqual(difference, 60)

        // GOP 30: IDR frames at 0 and 30 precede the change, so both files decode from frame 30.
        XCTAssertEqual(packets.cleanStarts, [0, 30])
        let direct = try VideoComparison.compareDetailed(rendered: changed, baseline: base, duration: 4, fps: FrameRate(30),
                                                         threshold: 40, maxFrameFailures: 0)
        XCTAssertEqual(direct.decodedFrom, 30)

        let report = try Comparison.compareVideos(rendered: changed, baseline: base, options: ComparisonOptions(minPsnr: 40))
        XCTAssertEqual(report.visualMethod, .packetPrefixDecoded)
        XCTAssertEqual(report.visual.checkpoints, direct.report.checkpoints)
        let changedCheckpoint = try XCTUnwrap(report.visual.checkpoints.first { $0.frame == 60 })
        let psnr = try XCTUnwrap(changedCheckpoint.psnr, "the changed frame must be measured, not taken as identical")
        XCTAssertLessThan(psnr, 40)
        XCTAssertFalse(changedCheckpoint.passed)
        XCTAssertTrue(report.visual.checkpoints.filter { $0.frame < difference }.allSatisfy(\.isIdentical))
        // Exactly what decoding both files from the start gives.
        let slow = try plain(changed, base, ComparisonOptions(minPsnr: 40))
        XCTAssertEqual(slow.visual.checkpoints, report.visual.checkpoints)
        let reference = try ReferencePair.ffmpegPSNR(main: changed, reference: base)
        XCTAssertEqual(psnr, try XCTUnwrap(reference[60]), accuracy: 0.05)
    }

    func testIdenticalPacketsStillNeedTheCheckpointFrames() throws {
        // D claims 8 s of a 4 s file: checkpoints past frame 119 do not exist in either file.
        let baseline = try ReferencePair.baseline()
        let result = try VideoComparison.compareDetailed(rendered: baseline, baseline: baseline, duration: 8,
                                                         fps: FrameRate(30), threshold: 30, maxFrameFailures: 100)
        XCTAssertEqual(result.method, .packetIdentical)
        let missing = result.report.checkpoints.filter { $0.missing != nil }
        XCTAssertEqual(missing.first?.frame, 120) // round(239·50/100): the first checkpoint past frame 119
        XCTAssertEqual(missing.count, 50)
        XCTAssertTrue(missing.allSatisfy { $0.missing == .both && !$0.passed })
        XCTAssertTrue(result.report.checkpoints.filter { $0.frame < 120 }.allSatisfy(\.isIdentical))
        XCTAssertFalse(result.report.passed, "missing frames fail whatever maxFrameFailures allows")
    }

    func testTruncatedRenderIsMissingFramesOnThePrefixPath() throws {
        let baseline = try ReferencePair.baseline()
        let truncated = try ReferencePair.file("fastpath-truncated.mp4", ["-i", baseline.path, "-c", "copy", "-frames:v", "90"])
        let packets = try XCTUnwrap(try PacketReader.compare(truncated, baseline).video)
        XCTAssertEqual(packets.matchingPrefix, 90)
        XCTAssertEqual(packets.firstDifference, 90)
        let result = try VideoComparison.compareDetailed(rendered: truncated, baseline: baseline, duration: 4,
                                                         fps: FrameRate(30), threshold: 30, maxFrameFailures: 100)
        XCTAssertEqual(result.method, .packetPrefixDecoded)
        XCTAssertEqual(result.report.checkpoints.filter { $0.missing == .rendered }.map(\.frame).first, 90)
        XCTAssertTrue(result.report.checkpoints.allSatisfy { $0.frame < 90 ? $0.isIdentical : $0.missing == .rendered })
        XCTAssertFalse(result.report.passed)
    }

    func testConcurrentDecodeGivesTheSameNumbersAsSequential() throws {
        let baseline = try ReferencePair.baseline(), rendered = try ReferencePair.rendered()
        let options = ComparisonOptions(minPsnr: 38, minAudioCorrelation: 0.9, retainFailedFrames: 5)
        let sequential = try Comparison.compareVideosKeepingFrames(rendered: rendered, baseline: baseline, options: options,
                                                                   usePacketIdentity: false, concurrent: false)
        let concurrent = try Comparison.compareVideosKeepingFrames(rendered: rendered, baseline: baseline, options: options,
                                                                   usePacketIdentity: false, concurrent: true)
        XCTAssertEqual(concurrent.report.visual.checkpoints, sequential.report.visual.checkpoints)
        XCTAssertEqual(concurrent.report.audio, sequential.report.audio)
        // Distinct numbers per checkpoint, so a reordering of frames between the threads would show.
        XCTAssertGreaterThan(Set(sequential.report.visual.checkpoints.compactMap(\.psnr)).count, 50)
        XCTAssertEqual(concurrent.failedFrames.map(\.checkpoint), sequential.failedFrames.map(\.checkpoint))
        XCTAssertEqual(concurrent.failedFrames.map(\.actual.planes), sequential.failedFrames.map(\.actual.planes))
    }
}
