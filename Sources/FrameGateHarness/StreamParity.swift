import Foundation
import FrameGateMedia

/// DESIGN.md stream duration parity: in one file, |video − audio| ≤ 0.5 s.
public struct StreamParityResult: Codable, Equatable, Sendable {
    public var path: String
    public var videoDuration: Double?
    /// nil when the file has no audio stream (nothing to drift against: passes).
    public var audioDuration: Double?
    public var difference: Double?
    public var passed: Bool

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(path, forKey: .path)
        try c.encode(videoDuration, forKey: .videoDuration)
        try c.encode(audioDuration, forKey: .audioDuration)
        try c.encode(difference, forKey: .difference)
        try c.encode(passed, forKey: .passed)
    }
}

public struct ParityReport: Codable, Equatable, Sendable {
    public var tolerance: Double
    public var rendered: StreamParityResult
    public var baseline: StreamParityResult
    public var passed: Bool { rendered.passed && baseline.passed }

    private enum CodingKeys: String, CodingKey { case tolerance, rendered, baseline, passed }

    public init(tolerance: Double = StreamParity.tolerance, rendered: StreamParityResult, baseline: StreamParityResult) {
        self.tolerance = tolerance; self.rendered = rendered; self.baseline = baseline
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        tolerance = try c.decode(Double.self, forKey: .tolerance)
        rendered = try c.decode(StreamParityResult.self, forKey: .rendered)
        baseline = try c.decode(StreamParityResult.self, forKey: .baseline)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(tolerance, forKey: .tolerance)
        try c.encode(rendered, forKey: .rendered)
        try c.encode(baseline, forKey: .baseline)
        try c.encode(passed, forKey: .passed)
    }
}

public enum StreamParity {
    public static let tolerance = 0.5

    public static func evaluate(path: String, videoDuration: Double?, audioDuration: Double?) -> StreamParityResult {
        guard let video = videoDuration, let audio = audioDuration else {
            return StreamParityResult(path: path, videoDuration: videoDuration, audioDuration: audioDuration,
                                      difference: nil, passed: true)
        }
        let difference = abs(video - audio)
        return StreamParityResult(path: path, videoDuration: video, audioDuration: audio, difference: difference,
                                  passed: difference <= tolerance)
    }

    public static func evaluate(_ info: MediaInfo) -> StreamParityResult {
        evaluate(path: info.path, videoDuration: info.videoStream?.duration, audioDuration: info.audioStream?.duration)
    }
}
