import FrameGateMedia
import Foundation

/// png-sequence outputs: `frame_000001.png` … (1-based, ≥ 6 digits), compared byte for byte.
public struct PNGSequenceReport: Codable, Equatable, Sendable {
    public var renderedCount: Int
    public var baselineCount: Int
    /// Frames (1-based numbers, as in the file names) present in both whose bytes differ.
    public var mismatchedFrames: [Int]
    public var matchedCount: Int
    public var passed: Bool
    public var reason: String?

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(renderedCount, forKey: .renderedCount)
        try c.encode(baselineCount, forKey: .baselineCount)
        try c.encode(mismatchedFrames, forKey: .mismatchedFrames)
        try c.encode(matchedCount, forKey: .matchedCount)
        try c.encode(passed, forKey: .passed)
        try c.encode(reason, forKey: .reason)
    }
}

public enum PNGSequenceComparison {

    /// The frame files of a sequence directory, in order. Other files (the audio.m4a sidecar) are
    /// ignored; a gap in the numbering is an error, since it would shift every later comparison.
    public static func frameFiles(in directory: URL) throws -> [URL] {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: directory.path) } catch {
            throw HarnessError.invalidPNGSequence(path: directory.path, reason: "cannot list it (\(error.localizedDescription))")
        }
        var numbered: [(Int, String)] = []
        for name in names {
            guard name.hasPrefix("frame_"), name.hasSuffix(".png") else { continue }
            let digits = name.dropFirst("frame_".count).dropLast(".png".count)
            guard digits.count >= 6, digits.allSatisfy(\.isASCII), let number = Int(digits), number >= 1 else { continue }
            numbered.append((number, name))
        }
        numbered.sort { $0.0 < $1.0 }
        for (position, entry) in numbered.enumerated() where entry.0 != position + 1 {
            throw HarnessError.invalidPNGSequence(path: directory.path,
                                                  reason: "expected frame \(position + 1) but found \(entry.1)")
        }
        return numbered.map { directory.appendingPathComponent($0.1) }
    }

    public static func compare(rendered: URL, baseline: URL) throws -> PNGSequenceReport {
        let renderedFiles = try frameFiles(in: rendered)
        let baselineFiles = try frameFiles(in: baseline)
        var mismatched: [Int] = []
        var matched = 0
        for (number, pair) in zip(renderedFiles, baselineFiles).enumerated() {
            let a = try read(pair.0), b = try read(pair.1)
            if a == b { matched += 1 } else { mismatched.append(number + 1) }
        }
        var reasons: [String] = []
        if renderedFiles.count != baselineFiles.count {
            reasons.append("rendered \(renderedFiles.count) frames, baseline has \(baselineFiles.count)")
        }
        if !mismatched.isEmpty {
            reasons.append("\(mismatched.count) frame(s) differ (first: \(OutputFormat.pngSequenceFileName(frame: mismatched[0])))")
        }
        return PNGSequenceReport(renderedCount: renderedFiles.count, baselineCount: baselineFiles.count,
                                 mismatchedFrames: mismatched, matchedCount: matched, passed: reasons.isEmpty,
                                 reason: reasons.isEmpty ? nil : reasons.joined(separator: "; "))
    }

    static func read(_ url: URL) throws -> Data {
        do { return try Data(contentsOf: url) } catch {
            throw HarnessError.io(path: url.path, reason: error.localizedDescription)
        }
    }
}
