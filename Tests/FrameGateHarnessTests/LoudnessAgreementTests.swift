import XCTest
import FrameGateTestSupport
import FrameGateMedia
@testable import FrameGateHarness

/// Integrated loudness (our BS.1770 in Swift) against ffmpeg's ebur128 filter on the same files.
final class LoudnessAgreementTests: XCTestCase {
    /// Stereo programmes of different shapes: a steady tone, a modulated one with silent gaps (exercises both
    /// gates), noise with different channels, and the same modulated one 6 dB down.
    static let sources = [
        ("steady", "aevalsrc=0.3*sin(2*PI*1000*t)|0.3*sin(2*PI*1000*t):s=48000:d=5", [String]()),
        ("gapped", "aevalsrc=0.5*sin(2*PI*440*t)*(0.55+0.45*sin(2*PI*1.3*t))*lt(mod(t\\,2)\\,1.4)|0.2*sin(2*PI*150*t):s=48000:d=6", []),
        ("noise", "anoisesrc=c=pink:a=0.2:d=5:r=48000:s=7", ["-ac", "2"]),
        ("gapped-6dB", "aevalsrc=0.5*sin(2*PI*440*t)*(0.55+0.45*sin(2*PI*1.3*t))*lt(mod(t\\,2)\\,1.4)|0.2*sin(2*PI*150*t):s=48000:d=6",
         ["-af", "volume=-6dB"]),
    ]

    func testIntegratedLoudnessAgreesWithFFmpegEbur128() throws {
        var measured: [String: Double] = [:]
        for (name, source, extra) in Self.sources {
            let file = try ReferencePair.file("loudness-\(name).m4a", ["-f", "lavfi", "-i", source] + extra
                + ["-c:a", "aac", "-b:a", "192k"])
            let reference = try ffmpegIntegratedLoudness(file)
            let audio = try AudioDecoder.decode(file, sampleRate: 48_000, channels: 2, format: .float)
            let ours = try XCTUnwrap(Loudness.measure(audio.samples, sampleRate: 48_000, channels: 2).integrated, name)
            XCTAssertEqual(ours, reference, accuracy: 0.1, "\(name): ours \(ours) LUFS, ebur128 \(reference) LUFS")
            measured[name] = ours
            print(String(format: "loudness %@: ours %.3f LUFS, ffmpeg ebur128 %.3f LUFS (Δ %.3f)", name, ours, reference, ours - reference))
        }
        // Not trivially equal: the files are at different levels, and −6 dB reads as 6 LU less.
        XCTAssertEqual((measured["gapped"] ?? 0) - (measured["gapped-6dB"] ?? 0), 6, accuracy: 0.1)
        XCTAssertGreaterThan(abs((measured["steady"] ?? 0) - (measured["noise"] ?? 0)), 1)
    }

    /// The last integrated value ebur128 reports, at full precision (metadata, not the rounded summary).
    func ffmpegIntegratedLoudness(_ url: URL) throws -> Double {
        let result = try runProcess("/usr/bin/ffmpeg", ["-hide_banner", "-nostats", "-i", url.path, "-af",
                                                        "ebur128=metadata=1,ametadata=mode=print:key=lavfi.r128.I:file=-",
                                                        "-f", "null", "-"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let values = result.stdout.split(separator: "\n").compactMap { line -> Double? in
            guard line.hasPrefix("lavfi.r128.I=") else { return nil }
            return Double(line.dropFirst("lavfi.r128.I=".count))
        }
        return try XCTUnwrap(values.last, "no lavfi.r128.I in ffmpeg's output: \(result.stdout.prefix(300)) \(result.stderr.suffix(300))")
    }
}
