import Foundation
import XCTest
import FrameGateTestSupport

/// Issue 6 "Catching a regression": baselines written by `framegate test --update`, then mutated in a temp
/// copy with the ffmpeg CLI (an independent tool), make `framegate test` exit 1 and write the artifacts.
final class RunRegressionTests: XCTestCase {
    /// 3 s so the audio has more than 32 envelope windows to correlate; 10 fps keeps it to 30 frames.
    static let fixture = TinyFixture(duration: 3, clicks: TinyFixture.clickPattern)
    static let frames = 30
    static let boxFromFrame = 15

    func testMutatedBaselinesFailWithArtifactsAndTheUntouchedCopyPasses() throws {
        let workspace = try HarnessWorkspace()
        try workspace.writeTiny("boxed", Self.fixture)
        try workspace.writeTiny("shifted", Self.fixture)

        let update = try workspace.test(["--update"])
        XCTAssertEqual(update.status, 0, update.description)
        for id in ["boxed", "shifted"] {
            XCTAssertEqual(try Reference.frameCount(workspace.baseline(id).appendingPathComponent("output.mp4")), Self.frames)
        }

        // The untouched copy passes.
        let clean = try workspace.test([])
        XCTAssertEqual(clean.status, 0, clean.description)
        XCTAssertEqual(clean.summaryCount("passed"), 2, clean.description)
        XCTAssertFalse(FileManager.default.fileExists(atPath: workspace.failures("boxed").appendingPathComponent("visual-failures.json").path))

        try drawBoxOnSecondHalf(workspace.baseline("boxed").appendingPathComponent("output.mp4"))
        try shiftAudio(workspace.baseline("shifted").appendingPathComponent("output.mp4"), by: 0.7)

        let run = try workspace.test([])
        XCTAssertEqual(run.status, 1, run.description)
        XCTAssertEqual(run.summaryCount("failed"), 2)
        XCTAssertEqual(run.summaryCount("passed"), 0)
        XCTAssertEqual(run.failuresByStage("visual"), 1)
        XCTAssertEqual(run.failuresByStage("audio"), 1)

        try checkBoxedFailure(run, failures: workspace.failures("boxed"))
        try checkShiftedFailure(run, failures: workspace.failures("shifted"))
    }

    /// Lossless re-encode (qp 0, yuv420p) so only the boxed frames differ; the audio packets are copied.
    func drawBoxOnSecondHalf(_ video: URL) throws {
        let mutated = video.deletingLastPathComponent().appendingPathComponent("mutated.mp4")
        try Reference.ffmpeg(["-i", video.path,
                    "-vf", "drawbox=x=60:y=20:w=60:h=50:color=red@1:t=fill:enable='gte(n,\(Self.boxFromFrame))'",
                    "-c:v", "libx264", "-qp", "0", "-pix_fmt", "yuv420p", "-c:a", "copy", mutated.path])
        XCTAssertEqual(try Reference.frameCount(mutated), Self.frames, "the mutation must keep every frame")
        try FileManager.default.removeItem(at: video)
        try FileManager.default.moveItem(at: mutated, to: video)
    }

    /// The audio delayed by `seconds` (0.7 s ≈ 11 envelope windows, past the fixture's 3), trimmed back to
    /// 3 s so stream parity still holds; the video packets are copied.
    func shiftAudio(_ video: URL, by seconds: Double) throws {
        let mutated = video.deletingLastPathComponent().appendingPathComponent("mutated.mp4")
        let delay = Int(seconds * 1000)
        try Reference.ffmpeg(["-i", video.path, "-c:v", "copy", "-af", "adelay=\(delay)|\(delay),atrim=end=3",
                    "-c:a", "aac", "-b:a", "192k", mutated.path])
        try FileManager.default.removeItem(at: video)
        try FileManager.default.moveItem(at: mutated, to: video)
    }

    func checkBoxedFailure(_ run: HarnessRun, failures: URL) throws {
        XCTAssertEqual(run.failedStages("boxed"), ["visual"], run.stderr)
        let visual = try XCTUnwrap(run.event("visual_comparison_complete", fixture: "boxed"), run.stdout)
        XCTAssertEqual(visual["passed"] as? Bool, false)
        let audio = try XCTUnwrap(run.event("audio_comparison_complete", fixture: "boxed"))
        XCTAssertEqual(audio["passed"] as? Bool, true, "the box leaves the audio alone")

        let report = try jsonObject(failures.appendingPathComponent("visual-failures.json"))
        let failed = try XCTUnwrap(report["failedCheckpoints"] as? [[String: Any]])
        let frames = failed.compactMap { $0["frame"] as? Int }
        XCTAssertEqual(frames.count, failed.count)
        // Frame round(k·29/100) ≥ 15 for k ≥ 51 (k = 50 sits on 14.5): about half the checkpoints.
        XCTAssertTrue((49...50).contains(failed.count), "\(failed.count) failed checkpoints")
        XCTAssertEqual(report["failedCount"] as? Int, failed.count)
        XCTAssertEqual(visual["failedCheckpoints"] as? Int, failed.count)
        XCTAssertTrue(frames.allSatisfy { $0 >= Self.boxFromFrame }, "only boxed frames fail: \(frames)")
        XCTAssertTrue(failed.allSatisfy { ($0["psnr"] as? Double ?? 99) < 30 })

        let images = try XCTUnwrap(report["images"] as? [[String: Any]])
        XCTAssertEqual(images.count, 10, "image triples for the first 10 failed checkpoints")
        // Neighbouring checkpoints can share a frame; each frame gets one triple.
        let distinctFrames = frames.reduce(into: [Int]()) { if $0.last != $1 { $0.append($1) } }
        XCTAssertEqual(images.compactMap { $0["frame"] as? Int }, Array(distinctFrames.prefix(10)))
        for image in images {
            for key in ["actual", "expected", "diff"] {
                let name = try XCTUnwrap(image[key] as? String)
                XCTAssertTrue(name.hasPrefix("\(key)_"), name)
                let data = try Data(contentsOf: failures.appendingPathComponent(name))
                XCTAssertEqual(Array(data.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "\(name) is a PNG")
            }
        }
        // The PNGs show the boxed render and the clean baseline: they differ.
        let first = try XCTUnwrap(images.first)
        XCTAssertNotEqual(try Data(contentsOf: failures.appendingPathComponent(first["actual"] as! String)),
                          try Data(contentsOf: failures.appendingPathComponent(first["expected"] as! String)))
        XCTAssertFalse(FileManager.default.fileExists(atPath: failures.appendingPathComponent("audio-failures.json").path))
    }

    func checkShiftedFailure(_ run: HarnessRun, failures: URL) throws {
        XCTAssertEqual(run.failedStages("shifted"), ["audio"], run.stderr)
        let audio = try XCTUnwrap(run.event("audio_comparison_complete", fixture: "shifted"), run.stdout)
        XCTAssertEqual(audio["passed"] as? Bool, false)
        XCTAssertLessThan(audio["correlation"] as? Double ?? 1, 0.9)
        XCTAssertEqual(audio["renderedHasAudio"] as? Bool, true)
        XCTAssertEqual(audio["baselineHasAudio"] as? Bool, true)
        let visual = try XCTUnwrap(run.event("visual_comparison_complete", fixture: "shifted"))
        XCTAssertEqual(visual["passed"] as? Bool, true, "the video packets were copied")

        let report = try jsonObject(failures.appendingPathComponent("audio-failures.json"))
        XCTAssertEqual(report["passed"] as? Bool, false)
        XCTAssertEqual(report["correlation"] as? Double, audio["correlation"] as? Double)
        XCTAssertFalse(FileManager.default.fileExists(atPath: failures.appendingPathComponent("visual-failures.json").path))
    }
}

func jsonObject(_ url: URL, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
    let data = try Data(contentsOf: url)
    return try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any], file: file, line: line)
}
