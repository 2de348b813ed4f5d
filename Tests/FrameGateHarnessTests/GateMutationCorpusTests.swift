import Foundation
import XCTest
import FrameGateTestSupport

/// Issue 15 "A mutation corpus in the project": the corpus compositions are rendered once into baselines
/// (`framegate test --update` in a temp workspace); each row then copies a fixture under its own id with a
/// baseline mutated by ffmpeg the way a regression changes output, and ONE `framegate test` run, with the seed
/// system's thresholds, must fail every regression and pass every benign variation and the untouched pair.
/// The table (verdict, stages, lowest frame and tile PSNR, findings) is printed.
final class GateMutationCorpusTests: XCTestCase {
    func testEveryRegressionIsCaughtAndBenignVariationsPass() throws {
        let workspace = try HarnessWorkspace()
        try GateCorpus.write(workspace, id: "gate-640", large: false)
        try GateCorpus.write(workspace, id: "gate-1080", large: true)
        let update = try workspace.test(["--update"])
        XCTAssertEqual(update.status, 0, update.description)

        let rows = GateMutation.all
        XCTAssertGreaterThanOrEqual(rows.filter(\.regression).count, 14)
        // Each row is its own fixture: the base's source under the row's id, and a mutated baseline.
        for row in rows {
            let fixture = workspace.fixtureDirectory(row.id)
            try FileManager.default.copyItem(at: workspace.fixtureDirectory(row.base), to: fixture)
            try workspace.edit("fixtures/\(row.id)/meta.json", replacing: "\"name\": \"\(row.base)\"", with: "\"name\": \"\(row.id)\"")
            try FileManager.default.copyItem(at: workspace.baseline(row.base), to: workspace.baseline(row.id))
            let output = workspace.baseline(row.id).appendingPathComponent("output.mp4")
            let original = workspace.baseline(row.base).appendingPathComponent("output.mp4")
            try FileManager.default.removeItem(at: output)
            try Reference.ffmpeg(["-i", original.path] + row.arguments + [output.path])
            XCTAssertFalse(FileManager.default.contentsEqual(atPath: output.path, andPath: original.path), row.id)
        }

        let run = try workspace.test([])
        var table = ["row                          expect  result  stages                lowest dB  tile dB  bias  findings"]
        var caught = 0, falseAlarms = 0
        for id in ["gate-640", "gate-1080"] + rows.map(\.id) {
            let row = rows.first { $0.id == id }
            let regression = row?.regression ?? false
            let stages = run.failedStages(id)
            let failed = !stages.isEmpty
            if regression && failed { caught += 1 }
            if !regression && failed { falseAlarms += 1 }
            let visual = run.event("visual_comparison_complete", fixture: id)
            let audio = run.event("audio_comparison_complete", fixture: id)
            let findings = ((visual?["findings"] as? [String]) ?? []) + ((audio?["findings"] as? [String]) ?? [])
            let seedAudio = (audio?["correlation"] as? Double).map { String(format: "corr %.4f", $0) } ?? ""
            let lowest = (visual?["lowestPsnr"] as? Double).map { String(format: "%9.2f", $0) } ?? "        ∞"
            let tile = (visual?["lowestTilePsnr"] as? Double).map { String(format: "%7.2f", $0) } ?? "      ∞"
            let bias = (visual?["highestTileBias"] as? Double).map { String(format: "%6.2f", $0) } ?? "     -"
            table.append(id.padding(toLength: 29, withPad: " ", startingAt: 0)
                + (regression ? "fail    " : "pass    ") + (failed ? (regression ? "CAUGHT  " : "FALSE!  ") : (regression ? "MISSED  " : "pass    "))
                + stages.sorted().joined(separator: ",").padding(toLength: 22, withPad: " ", startingAt: 0)
                + lowest + "  " + tile + bias + "  " + ([seedAudio] + findings.prefix(3)).filter { !$0.isEmpty }.joined(separator: "; "))
            XCTAssertEqual(failed, regression, "\(id): stages \(stages)\n\(run.stderr)")
            XCTAssertEqual(stages.contains("render"), false, id)
        }
        let regressions = rows.filter(\.regression).count
        table.append("caught \(caught) of \(regressions) regressions; \(falseAlarms) false alarm(s) on \(rows.count - regressions + 2) benign rows")
        print("\n" + table.joined(separator: "\n") + "\n")
        XCTAssertEqual(caught, regressions)
        XCTAssertEqual(falseAlarms, 0)
        XCTAssertEqual(run.status, 1)
    }
}
