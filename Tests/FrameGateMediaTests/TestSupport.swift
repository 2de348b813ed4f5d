import Foundation
import XCTest
@testable import FrameGateMedia

/// A scratch directory removed when the test ends.
final class ScratchDirectory: Sendable {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("fg-media-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func file(_ name: String) -> URL { url.appendingPathComponent(name) }
}

/// ffmpeg and ffprobe are independent references in tests only; the product never runs them.
enum Reference {
    @discardableResult
    static func run(_ tool: String, _ arguments: [String]) throws -> String {
        String(decoding: try runData(tool, arguments), as: UTF8.self)
    }

    static func runData(_ tool: String, _ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/\(tool)")
        process.arguments = arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw NSError(domain: tool, code: Int(process.terminationStatus),
                          userInfo: [NSLocalizedDescriptionKey: String(decoding: errorData, as: UTF8.self)])
        }
        return data
    }

    static func ffmpeg(_ arguments: [String]) throws {
        try run("ffmpeg", ["-hide_banner", "-v", "error", "-y"] + arguments)
    }

    /// `ffprobe -show_entries` for one stream as key → value.
    static func probe(_ url: URL, stream: String, entries: String, countFrames: Bool = false) throws -> [String: String] {
        var arguments = ["-v", "error", "-select_streams", stream, "-show_entries", "stream=\(entries)",
                         "-of", "default=noprint_wrappers=1"]
        if countFrames { arguments.insert("-count_frames", at: 0) }
        let text = try run("ffprobe", arguments + [url.path])
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { values[parts[0]] = parts[1] }
        }
        return values
    }

    static func formatDuration(_ url: URL) throws -> Double {
        let text = try run("ffprobe", ["-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", url.path])
        return Double(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    /// Seconds of audio ffmpeg decodes from the first audio stream (counted samples / rate).
    static func decodedAudioDuration(_ url: URL) throws -> Double {
        let pcm = try runData("ffmpeg", ["-hide_banner", "-v", "error", "-i", url.path, "-map", "0:a:0",
                                         "-f", "s16le", "-ac", "1", "-ar", "48000", "-"])
        return Double(pcm.count / 2) / 48000
    }
}

/// Synthetic test pictures: a gradient that moves with the frame index plus the index drawn as
/// binary blocks, so every frame differs and a swapped or dropped frame is visible.
enum SyntheticVideo {
    static func frame(_ index: Int, width: Int, height: Int) -> RGBAFrame {
        var pixels = [UInt8](repeating: 255, count: width * height * 4)
        for y in 0..<height {
            for x in 0..<width {
                let i = (y * width + x) * 4
                pixels[i] = UInt8((x * 255 / max(1, width - 1) + index * 4) & 0xFF)
                pixels[i + 1] = UInt8((y * 255 / max(1, height - 1) + index * 2) & 0xFF)
                pixels[i + 2] = UInt8(((x + y) * 2 + index * 6) & 0xFF)
            }
        }
        // The counter: 8 bits as 6×6 blocks along the top, white for 1, black for 0.
        for bit in 0..<8 {
            let on = (index >> bit) & 1 == 1
            for y in 2..<min(8, height) {
                for x in (2 + bit * 7)..<(8 + bit * 7) where x < width {
                    let i = (y * width + x) * 4
                    pixels[i] = on ? 255 : 0; pixels[i + 1] = on ? 255 : 0; pixels[i + 2] = on ? 255 : 0
                }
            }
        }
        return RGBAFrame(width: width, height: height, pixels: pixels)
    }
}

/// PSNR as DESIGN.md defines it: MSE per plane, sample-count weighted mean over Y, U, V.
func psnr(_ a: [[UInt8]], _ b: [[UInt8]]) -> Double {
    var squared = 0.0, count = 0
    for (pa, pb) in zip(a, b) {
        for (x, y) in zip(pa, pb) { let d = Double(x) - Double(y); squared += d * d }
        count += pa.count
    }
    let mse = squared / Double(count)
    return mse == 0 ? .infinity : 10 * log10(255 * 255 / mse)
}
