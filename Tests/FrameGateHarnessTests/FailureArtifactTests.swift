import XCTest
import FrameGateTestSupport
import FrameGateMedia
@testable import FrameGateHarness

final class FailureArtifactTests: XCTestCase {
    /// A regression: a box drawn on the second half of the frames, audio 1 s late and 1 s short. The
    /// visual check fails on the boxed checkpoints only, and every failed check leaves its artifacts.
    func testVisualAudioAndParityArtifacts() throws {
        let baseline = try ReferencePair.baseline()
        let boxed = try ReferencePair.file("boxed.mp4", ReferencePair.video + ReferencePair.tone + ReferencePair.x264
            + ["-vf", "drawbox=x=100:y=80:w=240:h=160:color=red@1:t=fill:enable='gte(t,2)'", "-crf", "18",
               "-af", "adelay=1000:all=1,atrim=0:3", "-c:a", "aac"])
        let options = ComparisonOptions(minPsnr: 30, maxFrameFailures: 5, minAudioCorrelation: 0.99, maxAudioLagWindows: 3,
                                        retainFailedFrames: FailureArtifacts.maxImagePairs)
        let outcome = try Comparison.compareVideosKeepingFrames(rendered: boxed, baseline: baseline, options: options)
        let visual = outcome.report.visual
        XCTAssertFalse(visual.passed)
        // Checkpoints at t ≥ 2 s (frame ≥ 60) are boxed; the ones before are not.
        XCTAssertTrue(visual.checkpoints.filter { $0.frame < 60 }.allSatisfy(\.passed))
        XCTAssertTrue(visual.checkpoints.filter { $0.frame >= 60 }.allSatisfy { !$0.passed })
        XCTAssertEqual(outcome.failedFrames.count, 10)
        XCTAssertFalse(outcome.report.parity.passed, "3 s of audio against 4 s of video")
        XCTAssertFalse(outcome.report.audio.passed, "audio 1 s late, beyond ±3 windows")

        let scratch = try Scratch()
        let artifacts = FailureArtifacts(directory: scratch.file("fixture/failures"))
        let written = try artifacts.write(outcome)
        let names = Set(written.map(\.lastPathComponent))
        XCTAssertTrue(names.contains("visual-failures.json"))
        XCTAssertTrue(names.contains("stream-parity-failure.json"))
        XCTAssertTrue(names.contains("audio-failures.json"), "the late audio does not correlate within ±3 windows")

        // The images are of the worst failing frames (lowest worst-tile PSNR, ties earliest), in frame order.
        let failing = try XCTUnwrap(visual.frames?.failures)
        XCTAssertGreaterThan(failing.count, 10, "more failing frames than images, so the choice matters")
        let worst = failing.sorted { ($0.tilePsnr ?? .infinity, $0.frame) < ($1.tilePsnr ?? .infinity, $1.frame) }.prefix(10)
        XCTAssertEqual(outcome.failedFrames.map(\.checkpoint.frame), worst.map(\.frame).sorted())
        let firstFailed = outcome.failedFrames.first!.checkpoint.frame
        for prefix in ["actual", "expected", "diff"] {
            let url = scratch.file("fixture/failures/\(prefix)_\(firstFailed).png")
            let image = try PNGDecoder().decode(try Data(contentsOf: url), label: url.path)
            XCTAssertEqual(image.width, 640); XCTAssertEqual(image.height, 360)
        }
        XCTAssertEqual(written.filter { $0.pathExtension == "png" }.count, 30)

        // The diff heatmap is black outside the box and bright inside it.
        let diff = try PNGDecoder().decode(try Data(contentsOf: scratch.file("fixture/failures/diff_\(firstFailed).png")))
        XCTAssertLessThan(Int(diff.pixel(x: 500, y: 300).r), 64)
        XCTAssertEqual(diff.pixel(x: 200, y: 150).r, 255)
        // The actual frame shows the red box; the expected one does not.
        let actual = try PNGDecoder().decode(try Data(contentsOf: scratch.file("fixture/failures/actual_\(firstFailed).png")))
        let red = actual.pixel(x: 200, y: 150)
        XCTAssertGreaterThan(Int(red.r), 200); XCTAssertLessThan(Int(red.g), 60); XCTAssertLessThan(Int(red.b), 60)

        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: scratch.file("fixture/failures/visual-failures.json"))) as! [String: Any]
        XCTAssertEqual(json["failedCount"] as? Int, visual.failedCount)
        XCTAssertEqual((json["failedCheckpoints"] as? [Any])?.count, visual.failedCount)
        XCTAssertEqual((json["images"] as? [Any])?.count, 10)
        let parity = try JSONSerialization.jsonObject(with: Data(contentsOf: scratch.file("fixture/failures/stream-parity-failure.json"))) as! [String: Any]
        XCTAssertEqual(parity["passed"] as? Bool, false)

        // No temp files left behind by the atomic writes.
        let entries = try FileManager.default.contentsOfDirectory(atPath: scratch.file("fixture/failures").path)
        XCTAssertFalse(entries.contains { $0.hasPrefix(".") })

        try artifacts.clear()
        XCTAssertFalse(FileManager.default.fileExists(atPath: scratch.file("fixture/failures").path))
    }

    func testPassingComparisonWritesNothing() throws {
        let baseline = try ReferencePair.baseline()
        let outcome = try Comparison.compareVideosKeepingFrames(rendered: baseline, baseline: baseline,
                                                                options: ComparisonOptions(minPsnr: 40, retainFailedFrames: 10))
        let scratch = try Scratch()
        XCTAssertEqual(try FailureArtifacts(directory: scratch.file("failures")).write(outcome), [])
        XCTAssertFalse(FileManager.default.fileExists(atPath: scratch.file("failures").path))
    }

    func testHeatmapColours() {
        let map = FrameImages.heatmap([0, 0, 0, 0], [0, 16, 32, 200], width: 4, height: 1)
        XCTAssertEqual(map.pixel(x: 0, y: 0).r, 0); XCTAssertEqual(map.pixel(x: 0, y: 0).g, 0)   // equal: black
        XCTAssertEqual(map.pixel(x: 1, y: 0).g, 0); XCTAssertGreaterThan(map.pixel(x: 1, y: 0).r, 100) // small: dark red
        XCTAssertEqual(map.pixel(x: 2, y: 0).r, 255); XCTAssertLessThan(map.pixel(x: 2, y: 0).g, 10)  // 32: red
        XCTAssertEqual(map.pixel(x: 3, y: 0).r, 255); XCTAssertEqual(map.pixel(x: 3, y: 0).g, 255)     // large: yellow
    }

    func testYUVToRGBAMatchesBT709TVRange() {
        // Y=235, U=V=128 is white; Y=16 black; BT.709 red (R'G'B' 255,0,0) is Y=63, U=102, V=240.
        func convert(_ y: UInt8, _ u: UInt8, _ v: UInt8) -> (UInt8, UInt8, UInt8) {
            let frame = DecodedVideoFrame(index: 0, time: 0, isKeyframe: true, format: .yuv420p, width: 2, height: 2,
                                          planes: [[y, y, y, y], [u], [v]])
            let p = FrameImages.rgba(fromYUV420: frame).pixel(x: 1, y: 1)
            return (p.r, p.g, p.b)
        }
        XCTAssertTrue(convert(235, 128, 128) == (255, 255, 255))
        XCTAssertTrue(convert(16, 128, 128) == (0, 0, 0))
        let red = convert(63, 102, 240)
        XCTAssertGreaterThan(red.0, 250); XCTAssertLessThan(red.1, 5); XCTAssertLessThan(red.2, 5)
    }
}
