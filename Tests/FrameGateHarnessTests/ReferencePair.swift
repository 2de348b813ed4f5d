import Foundation
import XCTest
import FrameGateTestSupport
import FrameGateCore

/// Reference media made with the ffmpeg CLI (the independent reference), once per test process.
/// testsrc2 640×360 at 30 fps, 4 s (long enough for > 32 audio envelope windows at every tested lag),
/// with an amplitude-modulated 440 Hz sine, encoded by libx264 at two quality levels.
enum ReferencePair {
    static let directory: URL = {
        // XCTest on Linux has no end-of-run hook, so each run removes the directories of earlier runs
        // whose process is gone.
        let temp = FileManager.default.temporaryDirectory
        for name in (try? FileManager.default.contentsOfDirectory(atPath: temp.path)) ?? []
            where name.hasPrefix("fg-harness-reference-") {
            if let pid = Int32(name.dropFirst("fg-harness-reference-".count)), pid != getpid(), kill(pid, 0) != 0 {
                try? FileManager.default.removeItem(at: temp.appendingPathComponent(name))
            }
        }
        let url = temp.appendingPathComponent("fg-harness-reference-\(getpid())")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    static let video = ["-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30:duration=4"]
    static let tone = ["-f", "lavfi", "-i", "aevalsrc=0.5*sin(2*PI*440*t)*(0.55+0.45*sin(2*PI*1.3*t)):s=48000:d=4"]
    static let x264 = ["-c:v", "libx264", "-pix_fmt", "yuv420p", "-bf", "0"]

    private static let made = Locked<[String: URL]>([:])

    /// A file made once with `arguments` (inputs + codec options) into `name`.
    static func file(_ name: String, _ arguments: [String]) throws -> URL {
        try made.withLock { made in
            if let url = made[name] { return url }
            let url = directory.appendingPathComponent(name)
            try Reference.ffmpeg(arguments + [url.path])
            made[name] = url
            return url
        }
    }

    /// Baseline: crf 18.
    static func baseline() throws -> URL {
        try file("baseline.mp4", video + tone + x264 + ["-crf", "18", "-c:a", "aac", "-b:a", "192k"])
    }

    /// The "render": crf 35 — visibly lossier, same audio.
    static func rendered() throws -> URL {
        try file("rendered.mp4", video + tone + x264 + ["-crf", "35", "-c:a", "aac", "-b:a", "192k"])
    }

    /// ffmpeg's psnr filter over the whole pair: psnr_avg per frame (0-based index; +∞ for "inf").
    static func ffmpegPSNR(main: URL, reference: URL) throws -> [Int: Double] {
        let stats = directory.appendingPathComponent("stats-\(UUID().uuidString).log")
        try Reference.ffmpeg(["-i", main.path, "-i", reference.path, "-lavfi", "[0:v][1:v]psnr=stats_file=\(stats.path)", "-f", "null", "-"])
        var result: [Int: Double] = [:]
        for line in try String(contentsOf: stats, encoding: .utf8).split(separator: "\n") {
            var n: Int?, psnr: Double?
            for field in line.split(separator: " ") {
                let parts = field.split(separator: ":", maxSplits: 1).map(String.init)
                guard parts.count == 2 else { continue }
                if parts[0] == "n" { n = Int(parts[1]) }
                if parts[0] == "psnr_avg" { psnr = parts[1] == "inf" ? .infinity : Double(parts[1]) }
            }
            if let n, let psnr { result[n - 1] = psnr }
        }
        return result
    }
}
