import ArgumentParser
import Foundation
import FrameGateHarness
import FrameGateMedia
import FrameGateCore

/// `framegate compare RENDERED BASELINE`: the harness's metrics on any two video files.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare a rendered video with a baseline: every frame (PSNR, worst tile, time), the 100 checkpoints, and audio (correlation, offset, loudness, channels)."
    )

    @Argument(help: "The rendered video file.")
    var rendered: String

    @Argument(help: "The baseline video file (its size and frame rate are the reference).")
    var baseline: String

    @Option(help: "Checkpoint frame rate: N or num/den (default: the baseline's frame rate).")
    var fps: String?

    @Option(name: .customLong("max-audio-lag-windows"), help: "Audio lag search range in ±windows (≥ 1).")
    var maxAudioLagWindows: Int = 10

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func validate() throws {
        if let fps, FrameRate(parsing: fps) == nil {
            throw ValidationError("--fps '\(fps)' is not a positive integer or num/den")
        }
        guard maxAudioLagWindows >= 1 else { throw ValidationError("--max-audio-lag-windows must be at least 1") }
    }

    func run() throws {
        let options = ComparisonOptions(fps: fps.flatMap(FrameRate.init(parsing:)), maxAudioLagWindows: maxAudioLagWindows)
        let renderedURL = URL(fileURLWithPath: rendered), baselineURL = URL(fileURLWithPath: baseline)
        let report = try Comparison.compareVideos(rendered: renderedURL, baseline: baselineURL, options: options)
        // A missing frame has no PSNR; printing null would read as "identical".
        for (side, url) in [(FrameSide.rendered, renderedURL), (.baseline, baselineURL)] {
            let missing = report.visual.checkpoints.filter { $0.missing == side || $0.missing == .both }.map(\.frame)
            if !missing.isEmpty {
                throw HarnessError.missingCheckpointFrames(path: url.path, frames: Array(Set(missing)).sorted())
            }
        }
        let summary = CompareSummary(report)
        print(json ? summary.jsonLine() : summary.table())
    }
}
