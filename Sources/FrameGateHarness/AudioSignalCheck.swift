import Foundation

/// The audio checks beyond the seed's envelope correlation, on stereo 48 kHz float PCM of both files:
/// timing (offset), level (integrated and short-term loudness, BS.1770), each channel (a swapped, silent or
/// changed channel), dropouts and clicks. Each failure is a finding in words ("audio 6.0 dB quieter",
/// "right channel silent from 1.20 s", "dropout 1.00–1.20 s", "audio 150 ms late").
public struct AudioSignalReport: Codable, Equatable, Sendable {
    /// ms; positive = the rendered audio is late. nil when the envelopes have no shape to align.
    public var offsetMs: Double?
    public var renderedLoudness: Double?
    public var baselineLoudness: Double?
    /// LU, rendered − baseline integrated loudness.
    public var loudnessDelta: Double?
    /// LU, the largest |difference| of aligned short-term (3 s) loudness.
    public var maxShortTermDelta: Double?
    /// Per channel: envelope correlation at the offset, and level difference (dB).
    public var channels: [ChannelReport]
    public var findings: [String]
    public var passed: Bool { findings.isEmpty }

    public struct ChannelReport: Codable, Equatable, Sendable {
        public var channel: String
        public var correlation: Double?
        public var levelDeltaDb: Double?
    }
}

/// Tolerances (meta.json `maxLoudnessDeltaLu`, `maxAudioOffsetMs`; the rest are fixed).
public struct AudioSignalOptions: Sendable, Equatable {
    public var maxLoudnessDeltaLu: Double
    public var maxShortTermDeltaLu: Double
    public var maxOffsetMs: Double
    /// Per-channel envelope correlation floor: the fixture's minAudioCorrelation.
    public var minChannelCorrelation: Double
    /// ± search range for the offset, seconds.
    public var searchSeconds: Double

    public static let defaultMaxLoudnessDeltaLu = 1.0
    public static let defaultMaxOffsetMs = 40.0

    public init(maxLoudnessDeltaLu: Double = defaultMaxLoudnessDeltaLu, maxShortTermDeltaLu: Double = 2.0,
                maxOffsetMs: Double = defaultMaxOffsetMs, minChannelCorrelation: Double = 0.9, searchSeconds: Double = 2) {
        self.maxLoudnessDeltaLu = maxLoudnessDeltaLu; self.maxShortTermDeltaLu = maxShortTermDeltaLu
        self.maxOffsetMs = maxOffsetMs; self.minChannelCorrelation = minChannelCorrelation; self.searchSeconds = searchSeconds
    }
}

public enum AudioSignalCheck {
    public static let sampleRate = 48_000
    public static let channels = 2
    /// Dropout/click analysis window: 10 ms.
    static let shortWindow = 480
    /// Per-channel correlation window: 50 ms (long enough that codec noise does not decide it).
    static let channelWindow = 2400
    /// A window is a dropout when the baseline is above this (dBFS RMS) and the render 30 dB below it.
    static let audibleDb = -50.0, dropoutDropDb = 30.0
    /// A click: a rendered 10 ms peak 12 dB above the baseline's and above −30 dBFS.
    static let clickRiseDb = 12.0, clickFloorDb = -30.0

    public static func compare(rendered: [Float], baseline: [Float], options: AudioSignalOptions) -> AudioSignalReport {
        var findings: [String] = []
        let r = split(rendered), b = split(baseline)

        // Offset at 10 ms resolution, from the summed channel envelopes (the seed's Pearson, lag search).
        let re = envelope(mix(r), window: shortWindow), be = envelope(mix(b), window: shortWindow)
        let maxLag = Int(options.searchSeconds * Double(sampleRate) / Double(shortWindow))
        var lagWindows = 0
        var offsetMs: Double?
        if !AudioCorrelation.isFlat(re) || !AudioCorrelation.isFlat(be),
           let best = AudioCorrelation.best(rendered: re, baseline: be, maxLag: maxLag), best.correlation > 0.5 {
            lagWindows = best.lag
            offsetMs = Double(best.lag * shortWindow) * 1000 / Double(sampleRate)
            if abs(offsetMs!) > options.maxOffsetMs {
                findings.append(String(format: "audio %.0f ms %@", abs(offsetMs!), best.lag > 0 ? "late" : "early"))
            }
        }
        let lag = lagWindows * shortWindow

        // Level.
        let rl = Loudness.measure(rendered, sampleRate: sampleRate, channels: channels)
        let bl = Loudness.measure(baseline, sampleRate: sampleRate, channels: channels)
        var delta: Double?
        if let ri = rl.integrated, let bi = bl.integrated {
            delta = ri - bi
            if abs(ri - bi) > options.maxLoudnessDeltaLu {
                findings.append(String(format: "audio %.1f dB %@ (%.1f vs %.1f LUFS)", abs(ri - bi), ri < bi ? "quieter" : "louder", ri, bi))
            }
        }
        var maxShort: Double?, worstAt = 0.0
        let shortLag = Int((Double(lag) / Double(sampleRate) / Loudness.subBlockSeconds).rounded())
        for (i, baselineValue) in bl.shortTerm.enumerated() {
            let j = i + shortLag
            guard let baselineValue, baselineValue > audibleDb, j >= 0, j < rl.shortTerm.count else { continue }
            let difference = abs((rl.shortTerm[j] ?? -120) - baselineValue)
            if difference > (maxShort ?? -1) { maxShort = difference; worstAt = Double(i) * Loudness.subBlockSeconds }
        }
        if let maxShort, maxShort > options.maxShortTermDeltaLu, delta.map({ abs($0) <= options.maxLoudnessDeltaLu }) ?? true {
            findings.append(String(format: "short-term level differs by %.1f LU in the 3 s from %.1f s", maxShort, worstAt))
        }

        // Each channel: its envelope against the baseline's same channel, at the offset.
        var channelReports: [AudioSignalReport.ChannelReport] = []
        let names = ["left", "right"]
        let channelCount = min(r.count, b.count)
        let re50 = r.map { envelope($0, window: channelWindow) }, be50 = b.map { envelope($0, window: channelWindow) }
        let channelLag = Int((Double(lag) / Double(channelWindow)).rounded())
        func correlation(_ rc: [Double], _ bc: [Double]) -> Double? {
            let lo = max(0, -channelLag), hi = min(bc.count, rc.count - channelLag)
            guard hi - lo > 1, !(AudioCorrelation.isFlat(rc) && AudioCorrelation.isFlat(bc)) else { return nil }
            return AudioCorrelation.pearson(rc, from: lo + channelLag, bc, from: lo, count: hi - lo)
        }
        let straight = (0..<channelCount).map { correlation(re50[$0], be50[$0]) }
        // Swapped: each rendered channel matches the baseline's other one, and not its own.
        let swapped = channelCount == 2
            && (0..<2).allSatisfy { (straight[$0] ?? 1) < options.minChannelCorrelation }
            && (0..<2).allSatisfy { (correlation(re50[$0], be50[1 - $0]) ?? 0) >= options.minChannelCorrelation }
        if swapped { findings.append("left and right channels swapped") }
        var dropoutWindows: [WindowStates] = [], reverseWindows: [WindowStates] = []
        for c in 0..<channelCount {
            let rLevel = rms(r[c]), bLevel = rms(b[c])
            let levelDelta = rLevel > 0 && bLevel > 0 ? 20 * log10(rLevel / bLevel) : nil
            channelReports.append(.init(channel: c < names.count ? names[c] : "channel \(c)", correlation: straight[c],
                                        levelDeltaDb: levelDelta))
            // Dropouts, per channel, at the offset, in both directions (the baseline may be the one that lost it).
            let rs = envelope(r[c], window: shortWindow), bs = envelope(b[c], window: shortWindow)
            let states = dropoutStates(lost: rs, kept: bs, lag: lagWindows)
            dropoutWindows.append(states)
            reverseWindows.append(dropoutStates(lost: bs, kept: rs, lag: -lagWindows))
            let lostSomewhere = states.filter { $0 > 0 }.count >= 2 || reverseWindows[c].filter { $0 > 0 }.count >= 2
            if !swapped, let value = straight[c], value < options.minChannelCorrelation, !lostSomewhere {
                findings.append(String(format: "%@ channel differs (envelope correlation %.3f)", channelReports[c].channel, value))
            }
        }
        if swapped { dropoutWindows = []; reverseWindows = [] }
        findings += dropouts(dropoutWindows, names: names, suffix: "")
        findings += dropouts(reverseWindows, names: names, suffix: " in the baseline (the render has sound there)")
        if !swapped { findings += clicks(r, b, lagWindows: lagWindows) }
        return AudioSignalReport(offsetMs: offsetMs, renderedLoudness: rl.integrated, baselineLoudness: bl.integrated,
                                 loudnessDelta: delta, maxShortTermDelta: maxShort, channels: channelReports, findings: findings)
    }

    /// Per 10 ms window: 1 = the render is silent where the baseline is audible, −1 = both agree that
    /// something is audible, 0 = the baseline is silent there (no evidence either way).
    typealias WindowStates = [Int8]

    /// Runs with ≥ 2 dropout windows (20 ms), continuing through windows without evidence: in every channel →
    /// "dropout a–b s"; in one channel → "<name> channel silent a–b s" (or "from a s" when it lasts to the end).
    static func dropoutStates(lost: [Double], kept: [Double], lag: Int) -> WindowStates {
        var states = WindowStates(repeating: 0, count: kept.count)
        for i in 0..<kept.count {
            let j = i + lag
            let keptDb = db(kept[i]), lostDb = j >= 0 && j < lost.count ? db(lost[j]) : -200
            if keptDb > audibleDb { states[i] = lostDb < keptDb - dropoutDropDb ? 1 : -1 }
        }
        return states
    }

    static func dropouts(_ windows: [WindowStates], names: [String], suffix: String) -> [String] {
        guard let count = windows.map(\.count).min(), count > 0 else { return [] }
        var findings: [String] = []
        func runs(_ states: [Int8]) -> [Range<Int>] {
            var result: [Range<Int>] = []
            var first: Int?, last = 0, drops = 0
            func close() { if let f = first, drops >= 2 { result.append(f..<(last + 1)) }; first = nil; drops = 0 }
            for (i, state) in states.enumerated() {
                if state < 0 { close() } else if state > 0 { if first == nil { first = i }; last = i; drops += 1 }
            }
            close()
            return result
        }
        let seconds = { (w: Int) in Double(w * shortWindow) / Double(sampleRate) }
        let lastEvidence = (0..<count).last { i in windows.contains { $0[i] != 0 } } ?? count - 1
        let combined: [Int8] = (0..<count).map { i in
            windows.contains { $0[i] < 0 } ? -1 : (windows.contains { $0[i] > 0 } ? 1 : 0)
        }
        let allRuns = runs(combined)
        for run in allRuns { findings.append(String(format: "dropout %.2f–%.2f s", seconds(run.lowerBound), seconds(run.upperBound)) + suffix) }
        for (c, states) in windows.enumerated() where windows.count > 1 {
            let only = (0..<count).map { i in allRuns.contains { $0.contains(i) } ? Int8(0) : states[i] }
            for run in runs(only) {
                let name = c < names.count ? names[c] : "channel \(c)"
                let toEnd = run.upperBound > lastEvidence || !(run.upperBound...lastEvidence).contains { states[$0] < 0 }
                findings.append((toEnd
                    ? String(format: "%@ channel silent from %.2f s", name, seconds(run.lowerBound))
                    : String(format: "%@ channel silent %.2f–%.2f s", name, seconds(run.lowerBound), seconds(run.upperBound))) + suffix)
            }
        }
        return findings
    }

    /// 10 ms windows where the render's peak jumps well above the baseline's.
    static func clicks(_ r: [[Float]], _ b: [[Float]], lagWindows: Int) -> [String] {
        var times: [Double] = []
        for c in 0..<min(r.count, b.count) {
            let rp = peaks(r[c]), bp = peaks(b[c])
            for i in 0..<bp.count {
                let j = i + lagWindows
                guard j >= 0, j < rp.count else { continue }
                let rDb = db(rp[j]), bDb = db(bp[i])
                // Only where the baseline is audible: sound where it is silent is the reverse dropout's finding.
                if bDb > audibleDb, rDb > clickFloorDb, rDb > bDb + clickRiseDb { times.append(Double(i * shortWindow) / Double(sampleRate)) }
            }
        }
        guard let first = times.min() else { return [] }
        return [String(format: "click or spike at %.2f s (%d window(s) of 10 ms)", first, Set(times).count)]
    }

    static func split(_ interleaved: [Float]) -> [[Float]] {
        let frames = interleaved.count / channels
        return (0..<channels).map { c in (0..<frames).map { interleaved[$0 * channels + c] } }
    }

    static func mix(_ channels: [[Float]]) -> [Float] {
        guard let first = channels.first else { return [] }
        var out = first
        for channel in channels.dropFirst() { for i in 0..<min(out.count, channel.count) { out[i] += channel[i] } }
        return out
    }

    /// RMS per non-overlapping window.
    static func envelope(_ samples: [Float], window: Int) -> [Double] {
        AudioEnvelope.rms(samples, window: window, hop: window)
    }

    static func peaks(_ samples: [Float]) -> [Double] {
        stride(from: 0, to: samples.count - shortWindow + 1, by: shortWindow).map { start in
            Double(samples[start..<(start + shortWindow)].reduce(0) { max($0, abs($1)) })
        }
    }

    static func rms(_ samples: [Float]) -> Double {
        guard !samples.isEmpty else { return 0 }
        return (samples.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(samples.count)).squareRoot()
    }

    static func db(_ value: Double) -> Double { value > 0 ? 20 * log10(value) : -200 }
}
