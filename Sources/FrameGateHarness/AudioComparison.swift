import Foundation
import FrameGateCore
import FrameGateMedia

/// The audio check's result. `correlation` and `lagWindows` are nil only when no correlation could be
/// computed (a side has no audio stream, or the audio is too short for a > 32-window overlap).
public struct AudioReport: Codable, Equatable, Sendable {
    public var renderedHasAudio: Bool
    public var baselineHasAudio: Bool
    public var correlation: Double?
    public var lagWindows: Int?
    public var overlapWindows: Int?
    /// See `AudioResidual`; nil when either side has no audible audio.
    public var residualRmsDb: Double?
    public var minCorrelation: Double
    public var maxLagWindows: Int
    public var maxResidualRmsDb: Double?
    public var passed: Bool
    /// Why it failed, or how a trivial pass came about ("both silent").
    public var reason: String?
    /// How the numbers were reached (nil in reports written before methods were recorded).
    public var method: ComparisonMethod? = nil
    /// Offset, level, channels, dropouts and clicks (nil when not measured: a side without audio, or
    /// identical decoder input).
    public var signal: AudioSignalReport? = nil

    public func encode(to encoder: Encoder) throws {
        // Explicit nulls: consumers read a fixed set of keys.
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(renderedHasAudio, forKey: .renderedHasAudio)
        try c.encode(baselineHasAudio, forKey: .baselineHasAudio)
        try c.encode(correlation, forKey: .correlation)
        try c.encode(lagWindows, forKey: .lagWindows)
        try c.encode(overlapWindows, forKey: .overlapWindows)
        try c.encode(residualRmsDb, forKey: .residualRmsDb)
        try c.encode(minCorrelation, forKey: .minCorrelation)
        try c.encode(maxLagWindows, forKey: .maxLagWindows)
        try c.encode(maxResidualRmsDb, forKey: .maxResidualRmsDb)
        try c.encode(passed, forKey: .passed)
        try c.encode(reason, forKey: .reason)
        try c.encodeIfPresent(method, forKey: .method)
        try c.encodeIfPresent(signal, forKey: .signal)
    }

    /// Adds the signal checks' verdict to the seed's.
    mutating func apply(_ signal: AudioSignalReport) {
        self.signal = signal
        guard !signal.passed else { return }
        passed = false
        reason = ([reason].compactMap { $0 } + signal.findings).joined(separator: "; ")
    }
}

public enum AudioComparison {
    /// Decodes both files' first audio stream to mono 16 kHz s16 and compares them. A file without an
    /// audio stream is passed as "no audio".
    /// `packets`: the files' audio packet comparison, when known. Identical decoder input decodes to
    /// identical samples, so only the baseline is decoded and the metric is taken on it against itself
    /// (the exact numbers a full decode gives, including the silent and too-short rules).
    /// Otherwise both files are decoded, on two threads when `concurrent`.
    public static func compare(rendered: URL, baseline: URL, minCorrelation: Double, maxLagWindows: Int,
                               maxResidualRmsDb: Double?, renderedHasAudio: Bool? = nil,
                               baselineHasAudio: Bool? = nil, packets: StreamPacketComparison? = nil,
                               concurrent: Bool = true, signal: AudioSignalOptions? = nil) throws -> AudioReport {
        let renderedHas = try renderedHasAudio ?? AudioDecoder.hasAudio(rendered)
        let baselineHas = try baselineHasAudio ?? AudioDecoder.hasAudio(baseline)
        if renderedHas, baselineHas, let packets, packets.isIdentical {
            let b = try monoSamples(baseline, hasAudio: true)
            var report = compare(rendered: b, baseline: b, minCorrelation: minCorrelation, maxLagWindows: maxLagWindows,
                                 maxResidualRmsDb: maxResidualRmsDb)
            report.method = .packetIdenticalBaselineDecoded
            return report
        }
        var r: Result<[Float]?, Error> = .success(nil), b: Result<[Float]?, Error> = .success(nil)
        var rs: Result<[Float]?, Error> = .success(nil), bs: Result<[Float]?, Error> = .success(nil)
        let measureSignal = signal != nil && renderedHas && baselineHas
        if concurrent && renderedHas && baselineHas {
            // Two decodes at once. The harness calls this from its comparison queue, never from the
            // cooperative pool, so blocking here holds no task thread.
            let decoded = Locked<[Int: Result<[Float]?, Error>]>([:])
            DispatchQueue.concurrentPerform(iterations: 2) { i in
                let url = i == 0 ? rendered : baseline
                let result = Result { try monoSamples(url, hasAudio: true) }
                let stereo = Result { measureSignal ? try signalSamples(url) : nil }
                decoded.withLock { $0[i] = result; $0[i + 2] = stereo }
            }
            r = decoded.value[0] ?? .success(nil)
            b = decoded.value[1] ?? .success(nil)
            rs = decoded.value[2] ?? .success(nil)
            bs = decoded.value[3] ?? .success(nil)
        } else {
            r = Result { try monoSamples(rendered, hasAudio: renderedHas) }
            b = Result { try monoSamples(baseline, hasAudio: baselineHas) }
            rs = Result { measureSignal ? try signalSamples(rendered) : nil }
            bs = Result { measureSignal ? try signalSamples(baseline) : nil }
        }
        var report = compare(rendered: try r.get(), baseline: try b.get(), minCorrelation: minCorrelation,
                             maxLagWindows: maxLagWindows, maxResidualRmsDb: maxResidualRmsDb)
        if let signal, let renderedStereo = try rs.get(), let baselineStereo = try bs.get(),
           report.correlation != nil || report.reason == nil {
            report.apply(AudioSignalCheck.compare(rendered: renderedStereo, baseline: baselineStereo, options: signal))
        }
        report.method = renderedHas || baselineHas ? .decoded : ComparisonMethod.none
        return report
    }

    /// Stereo 48 kHz float, interleaved: the signal checks' input.
    public static func signalSamples(_ url: URL) throws -> [Float] {
        try AudioDecoder.decode(url, sampleRate: AudioSignalCheck.sampleRate, channels: AudioSignalCheck.channels,
                                format: .float).samples
    }

    /// nil when the file has no audio stream.
    public static func monoSamples(_ url: URL, hasAudio: Bool? = nil) throws -> [Float]? {
        guard try hasAudio ?? AudioDecoder.hasAudio(url) else { return nil }
        return try AudioDecoder.decode(url, sampleRate: AudioEnvelope.sampleRate, channels: 1, format: .s16).samples
    }

    /// The metric on decoded mono 16 kHz samples; nil = no audio stream.
    public static func compare(rendered: [Float]?, baseline: [Float]?, minCorrelation: Double, maxLagWindows: Int,
                               maxResidualRmsDb: Double?) -> AudioReport {
        let renderedEnvelope = rendered.map { AudioEnvelope.rms($0) }
        let baselineEnvelope = baseline.map { AudioEnvelope.rms($0) }
        let renderedSilent = renderedEnvelope.map(AudioEnvelope.isSilent) ?? true
        let baselineSilent = baselineEnvelope.map(AudioEnvelope.isSilent) ?? true
        var report = AudioReport(renderedHasAudio: rendered != nil, baselineHasAudio: baseline != nil,
                                 correlation: nil, lagWindows: nil, overlapWindows: nil, residualRmsDb: nil,
                                 minCorrelation: minCorrelation, maxLagWindows: maxLagWindows,
                                 maxResidualRmsDb: maxResidualRmsDb, passed: false, reason: nil)

        switch (baselineSilent, renderedSilent) {
        case (true, true):
            report.correlation = 1; report.lagWindows = 0; report.passed = true
            report.reason = "both silent"
            return report
        case (false, true) where rendered == nil:
            report.reason = "the baseline has audio but the rendered output has no audio stream"
            return report
        case (false, true):
            report.correlation = 0; report.lagWindows = 0
            report.reason = "the baseline has audio but the rendered audio is silent"
            return report
        case (true, false):
            report.correlation = 0; report.lagWindows = 0
            report.reason = "the rendered output has audio but the baseline is silent"
            return report
        case (false, false):
            break
        }

        let re = renderedEnvelope!, be = baselineEnvelope!
        guard let best = AudioCorrelation.best(rendered: re, baseline: be, maxLag: maxLagWindows) else {
            report.reason = "audio too short to correlate: \(re.count) rendered and \(be.count) baseline envelope windows; "
                + "more than \(AudioCorrelation.minimumOverlap) overlapping windows (≈ \(String(format: "%.1f", Double((AudioCorrelation.minimumOverlap + 2) * AudioEnvelope.hop) / Double(AudioEnvelope.sampleRate))) s) are needed"
            return report
        }
        report.correlation = best.correlation
        report.lagWindows = best.lag
        report.overlapWindows = best.overlap
        let residual = AudioResidual.rmsDb(rendered: rendered!, baseline: baseline!, lagSamples: best.lag * AudioEnvelope.hop)
        report.residualRmsDb = residual

        var reasons: [String] = []
        if best.correlation < minCorrelation {
            reasons.append(String(format: "correlation %.4f (best, at lag %d windows within ±%d) is below %.4f",
                                  best.correlation, best.lag, maxLagWindows, minCorrelation))
        }
        if let limit = maxResidualRmsDb, residual > limit {
            reasons.append(String(format: "residual RMS %.1f dBFS exceeds %.1f dBFS", residual, limit))
        }
        report.passed = reasons.isEmpty
        report.reason = reasons.isEmpty ? nil : reasons.joined(separator: "; ")
        return report
    }
}
