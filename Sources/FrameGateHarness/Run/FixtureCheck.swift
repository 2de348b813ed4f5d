import FrameGateEngine
import FrameGateMedia
import Foundation

/// The verdict on one fixture in one mode.
public struct FixtureOutcome: Sendable {
    public var fixture: String
    public var skipped: String?
    /// Each failed stage with its reason.
    public var failures: [(stage: HarnessStage, reason: String)] = []
    public var warnings: [String] = []
    public var updated = false
    /// Wall-clock seconds the fixture took, from its start to its verdict (skips and early failures included).
    public var seconds: Double = 0
    /// A failed check: how this run's environment differs from the one the baseline was made in (empty
    /// when it is the same or the baseline has no environment.json).
    public var environmentChanges: [EnvironmentChange] = []
    /// --update: what the update did (the change report's entry).
    public var change: FixtureChange?
    public var passed: Bool { skipped == nil && failures.isEmpty }
    /// Stage results, series, envelopes and images for the reports; nil unless a report was asked for.
    public var details: FixtureDetails?

    public init(fixture: String) { self.fixture = fixture }
}

/// Compares a rendered fixture with its baseline: compiled HTML structure, visual, audio, stream parity,
/// png-sequence bytes and digests. Failure artifacts go to the fixture's failures/ directory.
public enum FixtureCheck {
    public static func run(_ fixture: Fixture, rendered: RenderedFixture, baselines: BaselineStore, mode: HarnessMode,
                           emit: (HarnessEvent) -> Void, into outcome: inout FixtureOutcome) throws {
        let artifacts = FailureArtifacts(directory: fixture.failuresDirectory)
        try artifacts.clear()

        checkCompiledHTML(fixture, rendered: rendered, baselines: baselines, into: &outcome)
        let digestReport = try digests(fixture, rendered: rendered, baselines: baselines)
        checkDigestParity(fixture, report: digestReport, mode: mode, into: &outcome)
        outcome.details?.checked += [.compiledHtml] + (mode.isDistributed && digestReport != nil ? [.digests] : [])

        if rendered.format == .pngSequence {
            let report = try PNGSequenceComparison.compare(rendered: rendered.output, baseline: baselines.output(for: fixture))
            emit(.visualComparisonComplete(.init(fixture: fixture.id, mode: mode, pngSequence: report, digests: digestReport)))
            if !report.passed {
                outcome.failures.append((.pngSequence, report.reason ?? "png-sequence frames differ"))
                let written = try artifacts.writePNGSequence(report, rendered: rendered.output, baseline: baselines.output(for: fixture))
                outcome.details?.images = FailureArtifacts.imageSets(in: written)
            }
            outcome.details?.checked += [.pngSequence, .audio]
            outcome.details?.visual = FrameSeries(pngSequence: report)
            try checkSidecarAudio(fixture, rendered: rendered, baselines: baselines, mode: mode, emit: emit,
                                  artifacts: artifacts, into: &outcome)
            return
        }

        let options = ComparisonOptions(meta: fixture.meta, pathologyFloor: mode.isDistributed)
        let comparison = try Comparison.compareVideosKeepingFrames(rendered: rendered.output,
                                                                   baseline: baselines.output(for: fixture), options: options)
        let report = comparison.report
        let countProblem = try frameCountMismatch(fixture, rendered: rendered, baselines: baselines)
        var visualEvent = HarnessEvent.VisualComparisonComplete(fixture: fixture.id, mode: mode, visual: report.visual,
                                                                digests: digestReport)
        if let countProblem {
            visualEvent.passed = false
            visualEvent.reason = [report.visual.reason, countProblem].compactMap { $0 }.joined(separator: "; ")
        }
        emit(.visualComparisonComplete(visualEvent))
        emit(.audioComparisonComplete(.init(fixture: fixture.id, mode: mode, audio: report.audio)))
        if !report.visual.passed { outcome.failures.append((.visual, report.visual.reason ?? "visual check failed")) }
        if let countProblem { outcome.failures.append((.visual, countProblem)) }
        if !report.audio.passed { outcome.failures.append((.audio, report.audio.reason ?? "audio check failed")) }
        if !report.parity.passed {
            outcome.failures.append((.streamParity, "audio and video stream durations differ by more than \(report.parity.tolerance) s"))
        }
        let written: [URL] = try report.passed ? [] : artifacts.write(comparison)
        if outcome.details != nil {
            let renderedSamples = try AudioComparison.monoSamples(rendered.output, hasAudio: report.audio.renderedHasAudio)
            let baselineSamples = try AudioComparison.monoSamples(baselines.output(for: fixture), hasAudio: report.audio.baselineHasAudio)
            outcome.details?.checked += [.visual, .audio, .streamParity]
            outcome.details?.visual = FrameSeries(report: report.visual, scores: comparison.frameScores)
            outcome.details?.images = FailureArtifacts.imageSets(in: written)
            outcome.details?.audio = AudioEnvelopes(rendered: renderedSamples, baseline: baselineSamples, report: report.audio)
        }
    }

    /// Checkpoints span only the shorter of the two videos, so a render that dropped (or gained) a frame at
    /// the end would otherwise pass. The counts come from the video streams' durations (container metadata,
    /// nothing decoded) at the fixture's rate, so a tampered file on either side is caught too.
    static func frameCountMismatch(_ fixture: Fixture, rendered: RenderedFixture, baselines: BaselineStore) throws -> String? {
        let rate = fixture.meta.renderConfig.fps
        func frames(_ url: URL) throws -> Int? {
            try MediaProbe.probe(url, countFrames: false).videoStream.map { rate.frameCount(forDuration: $0.duration) }
        }
        guard let renderedCount = try frames(rendered.output), let baselineCount = try frames(baselines.output(for: fixture)),
              renderedCount != baselineCount else { return nil }
        return "frame count: rendered \(renderedCount) frames, baseline has \(baselineCount)"
    }

    /// Structural compare of compiled.html: a missing id or a timing change is an error, an extra id a warning.
    static func checkCompiledHTML(_ fixture: Fixture, rendered: RenderedFixture, baselines: BaselineStore,
                                  into outcome: inout FixtureOutcome) {
        guard let baselineHTML = try? String(contentsOf: baselines.compiledHTML(for: fixture), encoding: .utf8) else {
            outcome.failures.append((.compiledHtml, "baseline \(baselines.compiledHTML(for: fixture).path) is missing; run `framegate test --update \(fixture.id)`"))
            return
        }
        let differences = CompiledStructure.compare(baseline: CompiledStructure.parse(html: baselineHTML),
                                                    actual: CompiledStructure.parse(html: rendered.compiledHTML))
        for difference in differences {
            switch difference.severity {
            case .error: outcome.failures.append((.compiledHtml, difference.message))
            case .warning: outcome.warnings.append("compiled.html: \(difference.message)")
            }
        }
    }

    static func digests(_ fixture: Fixture, rendered: RenderedFixture, baselines: BaselineStore) throws -> DigestReport? {
        let url = baselines.digests(for: fixture)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        return DigestReport.compare(rendered: FrameDigests(frames: rendered.digests), baseline: try FrameDigests.load(contentsOf: url))
    }

    /// A distributed render must capture exactly the in-process baseline's pixels, frame by frame (the
    /// baselines are in-process renders), unless meta.json's `digestParityOptOut` says why not.
    static func checkDigestParity(_ fixture: Fixture, report: DigestReport?, mode: HarnessMode,
                                  into outcome: inout FixtureOutcome) {
        guard mode.isDistributed, let report, let first = report.firstMismatch else { return }
        if let reason = fixture.meta.digestParityOptOut {
            outcome.warnings.append("digests: frame \(first) differs from the in-process baseline (\(report.matched)/\(report.total) match); not gated: \(reason)")
            return
        }
        outcome.failures.append((.digests, "frame \(first) is the first whose capture digest differs from the in-process baseline (\(report.matched)/\(report.total) frames match, \(report.renderedCount) rendered); a distributed render must equal the in-process one — or give meta.json a \"digestParityOptOut\" reason"))
    }

    /// png-sequence sound lives in an audio.m4a sidecar; compare it like any other audio track.
    static func checkSidecarAudio(_ fixture: Fixture, rendered: RenderedFixture, baselines: BaselineStore, mode: HarnessMode,
                                  emit: (HarnessEvent) -> Void, artifacts: FailureArtifacts, into outcome: inout FixtureOutcome) throws {
        let renderedAudio = rendered.output.appendingPathComponent("audio.m4a")
        let baselineAudio = baselines.output(for: fixture).appendingPathComponent("audio.m4a")
        let manager = FileManager.default
        let renderedHas = manager.fileExists(atPath: renderedAudio.path)
        let baselineHas = manager.fileExists(atPath: baselineAudio.path)
        var report = AudioComparison.compare(
            rendered: renderedHas ? try AudioComparison.monoSamples(renderedAudio) : nil,
            baseline: baselineHas ? try AudioComparison.monoSamples(baselineAudio) : nil,
            minCorrelation: fixture.meta.minAudioCorrelation, maxLagWindows: fixture.meta.maxAudioLagWindows,
            maxResidualRmsDb: fixture.meta.maxAudioResidualRmsDb)
        if renderedHas, baselineHas, let signal = ComparisonOptions(meta: fixture.meta, pathologyFloor: false).audioSignal {
            report.apply(AudioSignalCheck.compare(rendered: try AudioComparison.signalSamples(renderedAudio),
                                                  baseline: try AudioComparison.signalSamples(baselineAudio), options: signal))
        }
        emit(.audioComparisonComplete(.init(fixture: fixture.id, mode: mode, audio: report)))
        if !report.passed {
            outcome.failures.append((.audio, report.reason ?? "audio check failed"))
            _ = try artifacts.writeAudio(report)
        }
        if outcome.details != nil {
            let renderedSamples = try AudioComparison.monoSamples(renderedAudio, hasAudio: renderedHas)
            let baselineSamples = try AudioComparison.monoSamples(baselineAudio, hasAudio: baselineHas)
            outcome.details?.audio = AudioEnvelopes(rendered: renderedSamples, baseline: baselineSamples, report: report)
        }
    }
}
