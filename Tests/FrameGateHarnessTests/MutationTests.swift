import Foundation
import XCTest
import FrameGateTestSupport
import FrameGateCore

/// Issue 7 "Mutation tests": copies of corpus fixtures and their committed baselines in a temp directory.
/// The untouched copy passes; then each FIXTURE (never the baseline) is mutated the way a regression in the
/// engine would change it, and `framegate test` must fail each one at the right stage.
final class MutationTests: XCTestCase {
    static let corpus = ["css-keyframes", "audio-cuts", "subcomposition", "variables"]

    func testEachCorpusMutationFailsAtItsStageAndTheUntouchedCopyPasses() throws {
        let untouched = try HarnessWorkspace(), mutated = try HarnessWorkspace()
        for id in Self.corpus {
            try untouched.copyCorpus(id)
            try mutated.copyCorpus(id)
        }
        try mutate(mutated)

        // The two copies are independent runs; side by side they take the time of one.
        let results = Locked<[Int: Result<ProcessResult, Error>]>([:])
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            let result = Result { try (index == 0 ? untouched : mutated).testProcess([]) }
            results.withLock { $0[index] = result }
        }
        let clean = HarnessRun(try XCTUnwrap(results.value[0]).get()), run = HarnessRun(try XCTUnwrap(results.value[1]).get())

        XCTAssertEqual(clean.status, 0, clean.description)
        XCTAssertEqual(clean.summaryCount("total"), 4)
        XCTAssertEqual(clean.summaryCount("passed"), 4, clean.description)

        XCTAssertEqual(run.status, 1, run.description)
        XCTAssertEqual(run.summaryCount("total"), 4)
        XCTAssertEqual(run.summaryCount("failed"), 4, run.description)
        XCTAssertEqual(run.summaryCount("passed"), 0)
        XCTAssertEqual(run.failuresByStage("render"), 0, run.stderr)

        // Shifted animation → visual, and only visual (markup ids and timing are unchanged).
        XCTAssertEqual(run.failedStages("css-keyframes"), ["visual"], run.stderr)
        let shifted = try XCTUnwrap(run.event("visual_comparison_complete", fixture: "css-keyframes"))
        XCTAssertEqual(shifted["passed"] as? Bool, false)
        XCTAssertGreaterThan(shifted["failedCheckpoints"] as? Int ?? 0, 0)
        XCTAssertTrue(FileManager.default.fileExists(
            atPath: mutated.failures("css-keyframes").appendingPathComponent("visual-failures.json").path))

        // Removed audio → audio: the baseline has sound, the render has none. (Dropping the <audio> ids also
        // changes compiled.html, which may fail too; the audio verdict is what this mutation proves.)
        XCTAssertTrue(run.failedStages("audio-cuts").contains("audio"), run.stderr)
        let audio = try XCTUnwrap(run.event("audio_comparison_complete", fixture: "audio-cuts"))
        XCTAssertEqual(audio["passed"] as? Bool, false)
        XCTAssertEqual(audio["renderedHasAudio"] as? Bool, false)
        XCTAssertEqual(audio["baselineHasAudio"] as? Bool, true)
        XCTAssertTrue(FileManager.default.fileExists(
            atPath: mutated.failures("audio-cuts").appendingPathComponent("audio-failures.json").path))

        // Changed sub-composition → compiled.html names the missing id.
        XCTAssertTrue(run.failedStages("subcomposition").contains("compiled_html"), run.stderr)
        XCTAssertTrue(run.stderr.split(separator: "\n").contains { $0.hasPrefix("FAIL subcomposition [compiled_html]") && $0.contains("badge") },
                      run.stderr)

        // Dropped frame → the frame count differs (png-sequence here; mp4 in RunFrameCountTests).
        XCTAssertEqual(run.failedStages("variables"), ["png_sequence"], run.stderr)
        let sequence = try XCTUnwrap(run.event("visual_comparison_complete", fixture: "variables"))
        XCTAssertEqual(sequence["passed"] as? Bool, false)
        XCTAssertEqual(sequence["renderedFrames"] as? Int, 29)
        XCTAssertEqual(sequence["baselineFrames"] as? Int, 30)
        XCTAssertEqual(sequence["reason"] as? String, "rendered 29 frames, baseline has 30")

        let stagesOf = { (stage: String) in Self.corpus.filter { run.failedStages($0).contains(stage) }.count }
        for stage in ["visual", "audio", "compiled_html", "png_sequence", "stream_parity"] {
            XCTAssertEqual(run.failuresByStage(stage), stagesOf(stage), "failuresByStage[\(stage)] vs the FAIL lines")
        }
        XCTAssertEqual(run.failuresByStage("audio"), 1)
        XCTAssertEqual(run.failuresByStage("png_sequence"), 1)
    }

    /// Each mutation edits the fixture the way an engine regression would change its output.
    func mutate(_ workspace: HarnessWorkspace) throws {
        // A shifted animation: #slide starts 0.5 s later.
        try workspace.edit("fixtures/css-keyframes/src/index.html",
                           replacing: "cubic-bezier(.5,0,.2,1) 0.25s both", with: "cubic-bezier(.5,0,.2,1) 0.75s both")
        // Removed audio: every <audio> element deleted.
        let cuts = workspace.fixtures.appendingPathComponent("audio-cuts/src/index.html")
        let cutsHTML = try String(contentsOf: cuts, encoding: .utf8)
        let withoutAudio = cutsHTML.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.contains("<audio") }.joined(separator: "\n")
        XCTAssertNotEqual(withoutAudio, cutsHTML)
        XCTAssertFalse(withoutAudio.contains("<audio"))
        try Data(withoutAudio.utf8).write(to: cuts)
        // A changed sub-composition: card.html loses its #badge element.
        try workspace.edit("fixtures/subcomposition/src/card.html",
                           replacing: "<div id=\"badge\"", with: "<div data-note=\"badge removed\"")
        // A dropped frame: the duration one frame (1/30 s) shorter.
        try workspace.edit("fixtures/variables/src/index.html",
                           replacing: "data-duration=\"1\"", with: "data-duration=\"0.9666667\"")
    }
}
