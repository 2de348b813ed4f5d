import Foundation

/// The output of `framegate compare --json`:
/// `{"checkpoints":[{"frame":i,"time":t,"psnr":x}], "audio":{"correlation":c,"lagWindows":l}}`.
/// psnr is null for identical frames; correlation/lagWindows are null when no correlation exists
/// (one file has audio, the other none, or the audio is too short).
public struct CompareSummary: Codable, Equatable, Sendable {
    public struct Entry: Codable, Equatable, Sendable {
        public var frame: Int
        public var time: Double
        public var psnr: Double?

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(frame, forKey: .frame); try c.encode(time, forKey: .time); try c.encode(psnr, forKey: .psnr)
        }
    }

    public struct Audio: Codable, Equatable, Sendable {
        public var correlation: Double?
        public var lagWindows: Int?

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(correlation, forKey: .correlation); try c.encode(lagWindows, forKey: .lagWindows)
        }
    }

    public var checkpoints: [Entry]
    public var audio: Audio
    /// Every-frame check and audio signal findings: shown in the table; the JSON line keeps the seed's shape.
    public var frames: FrameCheck?
    public var audioSignal: AudioSignalReport?

    private enum CodingKeys: String, CodingKey { case checkpoints, audio }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(checkpoints, forKey: .checkpoints); try c.encode(audio, forKey: .audio)
    }

    public init(_ report: ComparisonReport) {
        checkpoints = report.visual.checkpoints.map { Entry(frame: $0.frame, time: $0.time, psnr: $0.psnr) }
        audio = Audio(correlation: report.audio.correlation, lagWindows: report.audio.lagWindows)
        frames = report.visual.frames
        audioSignal = report.audio.signal
    }

    /// One JSON line with the keys in the documented order (checkpoints, then audio; frame, time, psnr).
    /// Written by hand because Foundation's encoder on Linux does not keep key order.
    public func jsonLine() -> String {
        func number(_ value: Double?) -> String {
            guard let value, value.isFinite else { return "null" }
            return "\(value)" // Swift's shortest round-trip form is valid JSON
        }
        let entries = checkpoints.map { "{\"frame\":\($0.frame),\"time\":\(number($0.time)),\"psnr\":\(number($0.psnr))}" }
        let lag = audio.lagWindows.map(String.init) ?? "null"
        return "{\"checkpoints\":[\(entries.joined(separator: ","))],\"audio\":{\"correlation\":\(number(audio.correlation)),\"lagWindows\":\(lag)}}"
    }

    /// A readable table for terminals.
    public func table() -> String {
        var lines = ["  k   frame     time      psnr (dB)"]
        for (k, entry) in checkpoints.enumerated() {
            let psnr = entry.psnr.map { String(format: "%9.3f", $0) } ?? "identical"
            lines.append(String(format: "%3d  %6d  %7.3f  ", k, entry.frame, entry.time) + psnr)
        }
        let finite = checkpoints.compactMap(\.psnr)
        if let lowest = finite.min() {
            lines.append(String(format: "lowest psnr %.3f dB; %d of %d checkpoints identical", lowest,
                                checkpoints.count - finite.count, checkpoints.count))
        } else {
            lines.append("all \(checkpoints.count) checkpoints identical")
        }
        if let correlation = audio.correlation, let lag = audio.lagWindows {
            lines.append(String(format: "audio correlation %.4f at lag %d windows", correlation, lag))
        } else {
            lines.append("audio correlation: none (one file has no audio, or the audio is too short)")
        }
        if let frames {
            lines.append("every frame: \(frames.framesCompared) compared, \(frames.failedFrames) failed; lowest frame psnr "
                + (frames.lowestFramePsnr.map { String(format: "%.3f dB", $0) } ?? "∞") + ", lowest \(frames.tileSize)px-tile psnr "
                + (frames.lowestTilePsnr.map { String(format: "%.3f dB", $0) } ?? "∞")
                + String(format: " (tile threshold %.1f dB)", frames.minTilePsnr))
            lines += frames.findings.map { "  visual: " + $0.description }
        }
        if let signal = audioSignal {
            if let r = signal.renderedLoudness, let b = signal.baselineLoudness {
                lines.append(String(format: "audio loudness %.2f vs %.2f LUFS", r, b)
                    + (signal.offsetMs.map { String(format: "; offset %.0f ms", $0) } ?? ""))
            }
            lines += signal.findings.map { "  audio: " + $0 }
        }
        return lines.joined(separator: "\n")
    }
}

