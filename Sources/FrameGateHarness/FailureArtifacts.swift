import Foundation
import FrameGateMedia
import FrameGateCore

/// Writes the evidence of a failed check into a fixture's `failures/` directory (git-ignored):
/// `visual-failures.json` + `actual_<frame>.png`, `expected_<frame>.png`, `diff_<frame>.png` for the 10
/// failed frames with the lowest worst-tile PSNR, and the findings (the kind of each change); `audio-failures.json`; `stream-parity-failure.json`;
/// `png-sequence-failures.json` (+ the same image triple for png-sequence frames). Every file is
/// written atomically.
public struct FailureArtifacts {
    public static let maxImagePairs = 10
    public let directory: URL

    public init(directory: URL) { self.directory = directory }

    /// Removes artifacts of an earlier run so the directory only ever describes the latest one.
    public func clear() throws {
        guard FileManager.default.fileExists(atPath: directory.path) else { return }
        do { try FileManager.default.removeItem(at: directory) } catch {
            throw HarnessError.io(path: directory.path, reason: "cannot remove stale failure artifacts: \(error.localizedDescription)")
        }
    }

    /// Writes the artifacts for whatever failed in `outcome`; returns the files written.
    @discardableResult
    public func write(_ outcome: ComparisonOutcome) throws -> [URL] {
        var written: [URL] = []
        if !outcome.report.visual.passed { written += try writeVisual(outcome.report.visual, frames: outcome.failedFrames) }
        if !outcome.report.audio.passed { written.append(try writeAudio(outcome.report.audio)) }
        if !outcome.report.parity.passed { written.append(try writeStreamParity(outcome.report.parity)) }
        return written
    }

    struct VisualFailures: Encodable {
        var threshold: Double
        var maxFrameFailures: Int
        var failedCount: Int
        var missingCount: Int
        var reason: String?
        var failedCheckpoints: [CheckpointResult]
        /// The every-frame check: what kind of change each failing run is, the failing frames (first 100)
        /// and the worst frames by tile PSNR.
        var findings: [VisualFinding]
        var failedFrames: Int?
        var failingFrames: [FrameScore]
        var worstFrames: [FrameScore]
        var images: [ImageTriple]
    }

    struct ImageTriple: Encodable {
        var frame: Int
        var actual: String
        var expected: String
        var diff: String?
    }

    @discardableResult
    public func writeVisual(_ report: VisualReport, frames: [FailedCheckpointFrames]) throws -> [URL] {
        var written: [URL] = []
        var images: [ImageTriple] = []
        let encoder = try PNGEncoder()
        var seen = Set<Int>()
        for pair in frames where images.count < Self.maxImagePairs && seen.insert(pair.checkpoint.frame).inserted {
            let frame = pair.checkpoint.frame
            let triple = ImageTriple(frame: frame, actual: "actual_\(frame).png", expected: "expected_\(frame).png",
                                     diff: "diff_\(frame).png")
            written.append(try writePNG(encoder, FrameImages.rgba(fromYUV420: pair.actual), triple.actual))
            written.append(try writePNG(encoder, FrameImages.rgba(fromYUV420: pair.expected), triple.expected))
            written.append(try writePNG(encoder, FrameImages.heatmap(actual: pair.actual, expected: pair.expected), triple.diff!))
            images.append(triple)
        }
        let summary = VisualFailures(threshold: report.threshold, maxFrameFailures: report.maxFrameFailures,
                                     failedCount: report.failedCount, missingCount: report.missingCount,
                                     reason: report.reason, failedCheckpoints: report.failedCheckpoints,
                                     findings: report.frames?.findings ?? [], failedFrames: report.frames?.failedFrames,
                                     failingFrames: report.frames?.failures ?? [], worstFrames: report.frames?.worstFrames ?? [],
                                     images: images)
        written.append(try writeJSON(summary, "visual-failures.json"))
        return written
    }

    @discardableResult
    public func writeAudio(_ report: AudioReport) throws -> URL {
        try writeJSON(report, "audio-failures.json")
    }

    @discardableResult
    public func writeStreamParity(_ report: ParityReport) throws -> URL {
        try writeJSON(report, "stream-parity-failure.json")
    }

    struct PNGSequenceFailures: Encodable {
        var report: PNGSequenceReport
        var images: [ImageTriple]
    }

    /// png-sequence mismatches: the report plus image triples of the first 10 differing frames (decoded
    /// from the sequence PNGs; no diff image when the two frames differ in size).
    @discardableResult
    public func writePNGSequence(_ report: PNGSequenceReport, rendered: URL, baseline: URL) throws -> [URL] {
        var written: [URL] = []
        var images: [ImageTriple] = []
        let decoder = try PNGDecoder()
        let encoder = try PNGEncoder()
        for number in report.mismatchedFrames.prefix(Self.maxImagePairs) {
            let name = OutputFormat.pngSequenceFileName(frame: number)
            let actual = try decoder.decode(try PNGSequenceComparison.read(rendered.appendingPathComponent(name)),
                                            label: rendered.appendingPathComponent(name).path)
            let expected = try decoder.decode(try PNGSequenceComparison.read(baseline.appendingPathComponent(name)),
                                              label: baseline.appendingPathComponent(name).path)
            var triple = ImageTriple(frame: number, actual: "actual_\(number).png", expected: "expected_\(number).png", diff: nil)
            written.append(try writePNG(encoder, actual, triple.actual))
            written.append(try writePNG(encoder, expected, triple.expected))
            if actual.width == expected.width, actual.height == expected.height {
                triple.diff = "diff_\(number).png"
                let heatmap = FrameImages.heatmap(FrameImages.luma(actual), FrameImages.luma(expected),
                                                  width: actual.width, height: actual.height)
                written.append(try writePNG(encoder, heatmap, triple.diff!))
            }
            images.append(triple)
        }
        written.append(try writeJSON(PNGSequenceFailures(report: report, images: images), "png-sequence-failures.json"))
        return written
    }

    /// The image triples among `written` (as `writeVisual` / `writePNGSequence` name them), by frame.
    public static func imageSets(in written: [URL]) -> [ImageSet] {
        let names = Set(written.map(\.lastPathComponent))
        let directory = written.first?.deletingLastPathComponent()
        return written.compactMap { url -> ImageSet? in
            let name = url.lastPathComponent
            guard name.hasPrefix("actual_"), name.hasSuffix(".png"), let directory,
                  let frame = Int(name.dropFirst("actual_".count).dropLast(".png".count)) else { return nil }
            let path = { (file: String) in directory.appendingPathComponent(file).path }
            return ImageSet(frame: frame, expected: path("expected_\(frame).png"), actual: url.path,
                            diff: names.contains("diff_\(frame).png") ? path("diff_\(frame).png") : nil)
        }
    }

    func writeJSON<T: Encodable>(_ value: T, _ name: String) throws -> URL {
        let url = directory.appendingPathComponent(name)
        try AtomicPublish.write(try HarnessJSON.fileData(value), to: url)
        return url
    }

    func writePNG(_ encoder: PNGEncoder, _ frame: RGBAFrame, _ name: String) throws -> URL {
        let url = directory.appendingPathComponent(name)
        try AtomicPublish.write(try encoder.encode(frame), to: url)
        return url
    }
}
