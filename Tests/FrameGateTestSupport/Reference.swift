import Foundation
import FrameGateCore

/// ffmpeg and ffprobe are independent references in tests only; the product never runs them.
public enum Reference {
    /// Runs `/usr/bin/<tool>`; a non-zero exit throws with its stderr. Returns stdout.
    @discardableResult
    public static func run(_ tool: String, _ arguments: [String]) throws -> String {
        String(decoding: try runData(tool, arguments), as: UTF8.self)
    }

    public static func runData(_ tool: String, _ arguments: [String]) throws -> Data {
        let result = try runCollecting(URL(fileURLWithPath: "/usr/bin/\(tool)"), arguments)
        guard result.status == 0 else {
            throw NSError(domain: tool, code: Int(result.status),
                          userInfo: [NSLocalizedDescriptionKey: String(decoding: result.stderr, as: UTF8.self)])
        }
        return result.stdout
    }

    public static func ffmpeg(_ arguments: [String]) throws {
        try run("ffmpeg", ["-hide_banner", "-v", "error", "-y"] + arguments)
    }

    /// `ffprobe -show_entries` for one stream as key → value.
    public static func probe(_ url: URL, stream: String, entries: String, countFrames: Bool = false) throws -> [String: String] {
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

    /// `ffprobe -show_streams -show_format` as JSON (with `-count_frames` when asked).
    public static func probeJSON(_ url: URL, countFrames: Bool = false) throws -> (streams: [JSONValue], format: JSONValue) {
        let data = try runData("ffprobe", ["-v", "error", "-print_format", "json", "-show_streams", "-show_format"]
                                   + (countFrames ? ["-count_frames"] : []) + [url.path])
        let json = try JSONValue(parsing: data)
        return (json["streams"]?.arrayValue ?? [], json["format"] ?? .object([:]))
    }

    /// The first stream of `type` ("video", "audio") in `probeJSON`.
    public static func stream(_ url: URL, type: String, countFrames: Bool = false) throws -> JSONValue? {
        try probeJSON(url, countFrames: countFrames).streams.first { $0.string("codec_type") == type }
    }

    public static func hasAudio(_ url: URL) throws -> Bool {
        let streams = try run("ffprobe", ["-v", "error", "-select_streams", "a", "-show_entries", "stream=index",
                                          "-of", "csv=p=0", url.path])
        return !streams.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
    }

    /// The number of decoded video frames.
    public static func frameCount(_ url: URL) throws -> Int {
        let text = try run("ffprobe", ["-v", "error", "-select_streams", "v:0", "-count_frames",
                                       "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", url.path])
        guard let count = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw NSError(domain: "ffprobe", code: 1, userInfo: [NSLocalizedDescriptionKey: "no frame count for \(url.path): \(text)"])
        }
        return count
    }

    public static func formatDuration(_ url: URL) throws -> Double {
        let text = try run("ffprobe", ["-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", url.path])
        return Double(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    /// Seconds of audio ffmpeg decodes from the first audio stream (counted samples / rate).
    public static func decodedAudioDuration(_ url: URL) throws -> Double {
        let pcm = try runData("ffmpeg", ["-hide_banner", "-v", "error", "-i", url.path, "-map", "0:a:0",
                                         "-f", "s16le", "-ac", "1", "-ar", "48000", "-"])
        return Double(pcm.count / 2) / 48000
    }
}

/// ffprobe's JSON writes some numbers as strings ("duration": "2.000000") and others as numbers ("width": 160);
/// these read a field either way.
extension JSONValue {
    public func string(_ key: String) -> String? { self[key]?.stringValue }
    public func double(_ key: String) -> Double? { self[key]?.doubleValue ?? self[key]?.stringValue.flatMap(Double.init) }
    public func int(_ key: String) -> Int? { self[key]?.intValue ?? self[key]?.stringValue.flatMap { Int($0) } }
}
