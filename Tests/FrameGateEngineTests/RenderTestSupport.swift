import FrameGateBrowser
import FrameGateMedia
import Foundation
import XCTest
@testable import FrameGateEngine
import FrameGateCore

// Shared by the Render*Tests: a project written into a temp dir, an output dir beside it, and the
// independent references (ffprobe, a hand-written MP4 box walker) the render's output is checked against.

/// A project directory plus a separate output directory, both removed when the test ends.
final class RenderSandbox {
    let project: TestProject
    let outputs: URL

    init(_ files: [String: String]) throws {
        project = try TestProject(files)
        outputs = FileManager.default.temporaryDirectory.appendingPathComponent("fg-render-out-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: outputs, withIntermediateDirectories: true)
    }

    var dir: URL { project.dir }

    func write(_ path: String, data: Data) throws {
        let url = project.dir.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }

    func output(_ name: String) -> URL { outputs.appendingPathComponent(name) }

    /// Renders the project with `config` to outputs/name.
    func render(_ config: RenderConfig = RenderConfig(), to name: String,
                browserOptions: BrowserOptions = BrowserOptions(),
                observer: @escaping RenderObserver = { _ in }) async throws -> RenderResult {
        try await Renderer(config: config, browserOptions: browserOptions, observer: observer)
            .render(projectDir: project.dir, to: output(name))
    }

    deinit { try? FileManager.default.removeItem(at: outputs) }
}

/// A composition page: root `main` of the given size and duration, margins off.
func compositionPage(width: Int = 160, height: Int = 90, duration: Double, rootAttributes: String = "",
                 style: String = "", body: String, script: String = "") -> String {
    """
    <!doctype html>
    <html><head><meta charset="utf-8"><style>
    html, body { margin: 0; padding: 0; background: rgb(0,0,255); overflow: hidden; }
    #root { position: relative; width: \(width)px; height: \(height)px; overflow: hidden; }
    \(style)
    </style></head>
    <body><div id="root" data-composition-id="main" data-width="\(width)" data-height="\(height)" data-duration="\(duration)" \(rootAttributes)>
    \(body)
    </div>
    <script>
    \(script)
    </script>
    </body></html>
    """
}

/// A box whose colour changes every frame (CSS animation over the whole duration), so frame digests differ.
func animatedBox(duration: Double) -> (style: String, body: String) {
    ("""
     #mover { position: absolute; left: 0; top: 0; width: 40px; height: 40px; background: rgb(255,0,0);
              animation: slide \(duration)s linear both; }
     @keyframes slide { from { transform: translateX(0px); background: rgb(255,0,0); }
                        to { transform: translateX(120px); background: rgb(0,255,0); } }
     """,
     "<div id=\"mover\"></div>")
}

// MARK: - Generated media

enum GeneratedMedia {
    /// 16-bit PCM mono WAV of a sine at `frequency`, amplitude 0.5.
    static func toneWAV(frequency: Double = 1000, sampleRate: Int = 48_000, seconds: Double) -> Data {
        let count = Int((seconds * Double(sampleRate)).rounded())
        var data = Data()
        func le32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
        func le16(_ v: UInt16) { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
        data.append(contentsOf: Array("RIFF".utf8)); le32(UInt32(36 + count * 2))
        data.append(contentsOf: Array("WAVE".utf8))
        data.append(contentsOf: Array("fmt ".utf8)); le32(16); le16(1); le16(1)
        le32(UInt32(sampleRate)); le32(UInt32(sampleRate * 2)); le16(2); le16(16)
        data.append(contentsOf: Array("data".utf8)); le32(UInt32(count * 2))
        for i in 0..<count {
            let value = 0.5 * sin(2 * Double.pi * frequency * Double(i) / Double(sampleRate))
            le16(UInt16(bitPattern: Int16((value * 32767).rounded())))
        }
        return data
    }

    /// Source frame i of the index clip: a flat colour that encodes i.
    static func indexColour(_ i: Int) -> (r: Int, g: Int, b: Int) { (6 * i, 255 - 6 * i, 128) }

    /// A ProRes 4444 clip (near-lossless, so the colours survive) whose frame i is `indexColour(i)`.
    static func writeIndexClip(to url: URL, frames: Int = 40, size: Int = 64, fps: Int = 30) throws {
        let writer = try MediaWriter(url: url, container: .mov,
                                     video: VideoEncoderSettings(codec: .prores, width: size, height: size,
                                                                 frameRate: FrameRate(fps), quality: .high),
                                     audio: nil)
        for i in 0..<frames {
            let c = indexColour(i)
            try writer.appendVideo(RGBAFrame(width: size, height: size, fill: (UInt8(c.r), UInt8(c.g), UInt8(c.b), 255)))
        }
        try writer.finish()
    }

    /// The index clip frame whose colour is nearest to the pixel, and how far off it is (max channel error).
    static func nearestIndex(r: UInt8, g: UInt8, b: UInt8, frames: Int = 40) -> (index: Int, error: Int) {
        (0..<frames).map { i -> (Int, Int) in
            let c = indexColour(i)
            return (i, max(abs(Int(r) - c.r), abs(Int(g) - c.g), abs(Int(b) - c.b)))
        }.min { $0.1 < $1.1 }!
    }
}

// MARK: - Reading outputs

enum OutputReader {
    static func videoFrames(_ url: URL) throws -> [RGBAFrame] {
        let decoder = try VideoDecoder(url: url, format: .rgba)
        var frames: [RGBAFrame] = []
        while let frame = try decoder.nextFrame() { frames.append(frame.rgba!) }
        return frames
    }

    /// The png-sequence's frame files, sorted, and everything else in the directory.
    static func sequence(_ directory: URL) throws -> (frames: [String], others: [String]) {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        return (names.filter { $0.hasPrefix("frame_") && $0.hasSuffix(".png") }, names.filter { !($0.hasPrefix("frame_") && $0.hasSuffix(".png")) })
    }

    static func pngFrames(_ directory: URL) throws -> [RGBAFrame] {
        let decoder = try PNGDecoder()
        return try sequence(directory).frames.map { try decoder.decode(fileAt: directory.appendingPathComponent($0)) }
    }

    /// Top-level ISO-BMFF box types in file order, read independently of FrameGateMedia.
    static func topLevelBoxes(_ url: URL) throws -> [String] {
        let data = try Data(contentsOf: url)
        var boxes: [String] = []
        var offset = 0
        while offset + 8 <= data.count {
            func be(_ at: Int, _ n: Int) -> UInt64 { data[at..<at + n].reduce(0) { $0 << 8 | UInt64($1) } }
            var size = Int(be(offset, 4))
            let type = String(decoding: data[offset + 4..<offset + 8], as: UTF8.self)
            if size == 1 { size = Int(be(offset + 8, 8)) } else if size == 0 { size = data.count - offset }
            boxes.append(type)
            guard size >= 8 else { break }
            offset += size
        }
        return boxes
    }

    /// RMS of each consecutive `window`-sample window of mono samples.
    static func rmsEnvelope(_ samples: [Float], window: Int = 2048) -> [Double] {
        stride(from: 0, to: samples.count - window + 1, by: window).map { start in
            var sum = 0.0
            for s in samples[start..<start + window] { sum += Double(s) * Double(s) }
            return (sum / Double(window)).squareRoot()
        }
    }
}

// MARK: - ffprobe (test-only independent reference; the product never runs it)

enum FFprobe {
    /// `ffprobe -show_streams -show_format` as JSON (with `-count_frames` when asked).
    static func probe(_ url: URL, countFrames: Bool = false) throws -> (streams: [[String: Any]], format: [String: Any]) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/ffprobe")
        process.arguments = ["-v", "error", "-print_format", "json", "-show_streams", "-show_format"]
            + (countFrames ? ["-count_frames"] : []) + [url.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let json = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw NSError(domain: "ffprobe", code: Int(process.terminationStatus),
                          userInfo: [NSLocalizedDescriptionKey: "ffprobe failed on \(url.path)"])
        }
        return (json["streams"] as? [[String: Any]] ?? [], json["format"] as? [String: Any] ?? [:])
    }

    static func stream(_ url: URL, type: String, countFrames: Bool = false) throws -> [String: Any]? {
        try probe(url, countFrames: countFrames).streams.first { $0["codec_type"] as? String == type }
    }
}

extension Dictionary where Key == String, Value == Any {
    func string(_ key: String) -> String? { self[key] as? String }
    func double(_ key: String) -> Double? { (self[key] as? String).flatMap(Double.init) ?? (self[key] as? Double) }
    func int(_ key: String) -> Int? { (self[key] as? Int) ?? (self[key] as? String).flatMap { Int($0) } }
}

// MARK: - Events and errors

/// Collects observer events from any thread.
final class EventLog: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [RenderEvent] = []
    func append(_ event: RenderEvent) { lock.lock(); stored.append(event); lock.unlock() }
    var events: [RenderEvent] { lock.lock(); defer { lock.unlock() }; return stored }
    var observer: RenderObserver { { [self] in append($0) } }
}

/// Runs `body`, expects a CodedError, and returns its code.
func renderErrorCode(_ body: () async throws -> Void, file: StaticString = #filePath, line: UInt = #line) async -> ErrorCode? {
    do {
        try await body()
        XCTFail("expected the render to fail", file: file, line: line)
    } catch let error as CodedError {
        return error.code
    } catch {
        XCTFail("expected a CodedError, got \(error)", file: file, line: line)
    }
    return nil
}
