import FrameGateBrowser
import FrameGateMedia
import Foundation
import XCTest
import FrameGateTestSupport
@testable import FrameGateEngine
import FrameGateCore

// Shared by the Render*Tests: a project written into a temp dir, an output dir beside it, and the
// independent references (a hand-written MP4 box walker here; ffprobe in FrameGateTestSupport) the
// render's output is checked against.

/// A project directory plus a separate output directory, both removed when the test ends.
final class RenderSandbox {
    let project: TestProject
    private let scratch: Scratch
    var outputs: URL { scratch.url }

    init(_ files: [String: String]) throws {
        project = try TestProject(files)
        scratch = try Scratch()
    }

    var dir: URL { project.dir }

    func write(_ path: String, data: Data) throws { try project.write(path, data: data) }

    func output(_ name: String) -> URL { outputs.appendingPathComponent(name) }

    /// Renders the project with `config` to outputs/name.
    func render(_ config: RenderConfig = RenderConfig(), to name: String,
                browserOptions: BrowserOptions = BrowserOptions(),
                observer: @escaping RenderObserver = { _ in }) async throws -> RenderResult {
        try await Renderer(config: config, browserOptions: browserOptions, observer: observer)
            .render(projectDir: project.dir, to: output(name))
    }
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
