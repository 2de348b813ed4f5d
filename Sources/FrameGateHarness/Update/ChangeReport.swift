import Foundation

/// `--update`'s change report (DIR/changes.json, and DIR/changes.html drawn from it): for each fixture,
/// what the update did to its baseline and, when the render differed, how — measured against the old
/// baseline before it was replaced, with the check path's own comparison.
public struct ChangeReport: Codable, Sendable, Equatable {
    public var fixtures: [FixtureChange]
    public var unchanged: Int
    public var new: Int
    public var changed: Int
    public var failed: Int

    public init(fixtures: [FixtureChange]) {
        self.fixtures = fixtures.sorted { $0.fixture < $1.fixture }
        unchanged = fixtures.filter { $0.status == .unchanged }.count
        new = fixtures.filter { $0.status == .new }.count
        changed = fixtures.filter { $0.status == .changed }.count
        failed = fixtures.filter { $0.status == .failed }.count
    }
}

public struct FixtureChange: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable {
        /// Identical render (BaselineStore.isIdentical): no baseline file touched.
        case unchanged
        /// There was no baseline.
        case new
        /// The render differed; the baseline was replaced.
        case changed
        /// The fixture did not render (or the baseline could not be written): the old baseline is kept.
        case failed
    }

    /// A run of consecutive changed frames, inclusive.
    public struct FrameRange: Codable, Sendable, Equatable {
        public var from: Int
        public var to: Int
    }

    /// Where and how the pictures differ: a finding of the every-frame check, or a most-changed frame.
    public struct Region: Codable, Sendable, Equatable {
        public var fromFrame: Int
        public var toFrame: Int
        public var region: PixelRect?
        public var description: String
    }

    public struct Audio: Codable, Sendable, Equatable {
        public var baselineHasAudio: Bool
        public var renderedHasAudio: Bool
        public var correlation: Double?
        /// Integrated loudness, LUFS, and the difference rendered − baseline (LU).
        public var baselineLoudness: Double?
        public var renderedLoudness: Double?
        public var loudnessDelta: Double?
        public var offsetMs: Double?
        /// The audio check's verdict under the fixture's thresholds.
        public var passesCheck: Bool
    }

    /// Before (the old baseline), after (this render) and their difference heatmap, relative to the report.
    public struct Images: Codable, Sendable, Equatable {
        public var frame: Int
        public var psnr: Double?
        public var tilePsnr: Double?
        public var before: String
        public var after: String
        public var difference: String?
    }

    public var fixture: String
    public var status: Status
    /// `failed`: why.
    public var reason: String?
    /// `unchanged`: true when the baseline lacked environment.json and only that was added.
    public var environmentAdded: Bool?
    public var baselineFrames: Int?
    public var renderedFrames: Int?
    /// Frames whose capture digest differs (a count difference counts every extra or missing frame).
    public var framesChanged: Int?
    public var changedRanges: [FrameRange]?
    public var baselineDuration: Double?
    public var renderedDuration: Double?
    public var compiledHtmlChanged: Bool?
    /// Lowest frame PSNR and lowest 16-px tile PSNR over every frame (dB); nil = no decoded difference.
    public var worstPsnr: Double?
    public var worstTilePsnr: Double?
    public var regions: [Region]?
    public var audio: Audio?
    /// Whether the old baseline would have failed this render under the fixture's thresholds, and why.
    public var wouldFailCheck: Bool?
    public var checkReason: String?
    public var images: [Images]?

    public init(fixture: String, status: Status) { self.fixture = fixture; self.status = status }

    /// A few words for the log line: "changed: 10 of 10 frames", "unchanged, nothing written".
    public var summary: String {
        switch status {
        case .unchanged: return environmentAdded == true ? "unchanged, environment.json added" : "unchanged, nothing written"
        case .new: return "new baseline"
        case .failed: return "failed"
        case .changed:
            guard let count = framesChanged, let total = renderedFrames else { return "changed" }
            return "changed: \(count) of \(total) frames" + (compiledHtmlChanged == true ? ", compiled.html" : "")
        }
    }

    /// Consecutive indices as inclusive runs.
    static func ranges(_ frames: [Int]) -> [FrameRange] {
        var runs: [FrameRange] = []
        for frame in frames.sorted() {
            if let last = runs.last, last.to + 1 == frame { runs[runs.count - 1].to = frame } else { runs.append(.init(from: frame, to: frame)) }
        }
        return runs
    }

    /// The frames whose digests differ between two captures (extra or missing frames included).
    static func changedFrames(baseline: [String], rendered: [String]) -> [Int] {
        (0..<max(baseline.count, rendered.count)).filter { i in
            i >= baseline.count || i >= rendered.count || baseline[i] != rendered[i]
        }
    }
}
