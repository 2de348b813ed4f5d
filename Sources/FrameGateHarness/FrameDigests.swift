import Foundation
import FrameGateCore

/// `baselines/<name>/digests.json`: `{"frames": ["<sha256 hex>", ...]}`, one entry per output frame in
/// frame order (entry 0 = frame 0), each the lowercase hex SHA-256 of the frame's decoded RGBA pixels as
/// captured (`RGBAFrame.digest`), i.e. before encoding — so it is exact even for lossy formats.
public struct FrameDigests: Codable, Equatable, Sendable {
    public var frames: [String]

    public init(frames: [String]) { self.frames = frames }

    public static func load(contentsOf url: URL) throws -> FrameDigests {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw HarnessError.invalidDigests(path: url.path, reason: "cannot read it (\(error.localizedDescription))")
        }
        let digests: FrameDigests
        do { digests = try JSONDecoder().decode(FrameDigests.self, from: data) } catch {
            throw HarnessError.invalidDigests(path: url.path, reason: "not the expected JSON shape")
        }
        if let bad = digests.frames.firstIndex(where: { !isDigest($0) }) {
            throw HarnessError.invalidDigests(path: url.path, reason: "frames[\(bad)] is not 64 lowercase hex characters")
        }
        return digests
    }

    public func write(to url: URL) throws {
        try AtomicPublish.write(HarnessJSON.fileData(self), to: url)
    }

    static func isDigest(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}

/// Exact per-frame digest agreement (reported; gating on it is opt-in).
public struct DigestReport: Codable, Equatable, Sendable {
    /// Frames i < min(counts) whose digests are equal.
    public var matched: Int
    /// The baseline's frame count: "matched of total".
    public var total: Int
    public var renderedCount: Int
    /// The first frame index that differs (including a count difference), nil when all match.
    public var firstMismatch: Int?
    public var allMatch: Bool { firstMismatch == nil }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(matched, forKey: .matched)
        try c.encode(total, forKey: .total)
        try c.encode(renderedCount, forKey: .renderedCount)
        try c.encode(firstMismatch, forKey: .firstMismatch)
    }

    public static func compare(rendered: FrameDigests, baseline: FrameDigests) -> DigestReport {
        let common = min(rendered.frames.count, baseline.frames.count)
        var matched = 0
        var first: Int?
        for i in 0..<common {
            if rendered.frames[i] == baseline.frames[i] { matched += 1 } else if first == nil { first = i }
        }
        if first == nil, rendered.frames.count != baseline.frames.count { first = common }
        return DigestReport(matched: matched, total: baseline.frames.count, renderedCount: rendered.frames.count,
                            firstMismatch: first)
    }
}
