import FrameGateDistributed
import FrameGateEngine
import FrameGateMedia
import Foundation
import XCTest
import FrameGateTestSupport
import FrameGateCore

/// plan → render-chunk → assemble keeps alpha in mov (ProRes 4444) and webm (VP9 + Matroska AlphaMode), in
/// every chunk, and the chunk digests (RGBA with alpha) equal the in-process render's.
final class DistributedTransparencyTests: XCTestCase {
    /// 160×90, 0.5 s: nothing painted at (70, 5); a green square moving right under (130, 30) from frame 0.
    private func project(in scratch: Scratch, background: String) throws -> URL {
        // The colour fills a full-frame layer: html/body/root backgrounds are cleared for alpha outputs.
        try scratch.write(compositionPage(duration: 0.5, background: "transparent", style: """
            #backdrop { position: absolute; inset: 0; background: \(background); }
            #solid { position: absolute; left: 110px; top: 10px; width: 40px; height: 40px; background: rgb(0,200,0);
                     animation: nudge 0.5s linear both; }
            @keyframes nudge { to { transform: translateX(8px); } }
            """, body: "<div id=\"backdrop\"></div><div id=\"solid\"></div>"), to: "\(background)/index.html")
        return scratch.file(background)
    }

    /// Every frame's alpha at (x, y), decoded by FrameGate and by ffmpeg (libvpx-vp9 for webm), and the key
    /// frames FrameGate's RGBA decode reports (libvpx-vp9 flags every frame; they come from the packets).
    private func alphaColumn(_ url: URL, x: Int, y: Int, webm: Bool) throws -> (own: [UInt8], ffmpeg: [UInt8], keyframes: [Int]) {
        let decoder = try VideoDecoder(url: url, format: .rgba)
        var own: [UInt8] = [], keyframes: [Int] = []
        while let frame = try decoder.nextFrame() {
            own.append(frame.rgba!.pixel(x: x, y: y).a)
            if frame.isKeyframe { keyframes.append(frame.index) }
        }
        let data = try Reference.runData("ffmpeg", ["-hide_banner", "-v", "error"] + (webm ? ["-c:v", "libvpx-vp9"] : [])
                                         + ["-i", url.path, "-f", "rawvideo", "-pix_fmt", "rgba", "-"])
        let frameBytes = 160 * 90 * 4
        let ffmpeg = stride(from: 0, to: data.count, by: frameBytes).map { data[data.startIndex + $0 + (y * 160 + x) * 4 + 3] }
        return (own, ffmpeg, keyframes)
    }

    func testChunkedMovAndWebmKeepAlpha() async throws {
        let scratch = try Scratch()
        let transparent = try project(in: scratch, background: "transparent")
        let opaque = try project(in: scratch, background: "rgb(0,0,255)")
        for format in [OutputFormat.mov, .webm] {
            let ext = format.container!.rawValue
            var config = plainRender()
            config.format = format
            let planDir = scratch.file("plan-\(ext)")
            let manifest = try await Planner.plan(projectDir: transparent, config: PlanConfig(render: config, chunkSize: 8), planDir: planDir)
            XCTAssertEqual(manifest.chunkCount, 2)
            let chunks = (0..<2).map { scratch.file("chunks-\(ext)/chunk_\($0).\(ext)") }
            for index in 0..<2 {
                let result = try await renderChunkProcess(planDir: planDir, index: index, output: chunks[index])
                XCTAssertEqual(result.status, 0, result.stderr)
            }
            let output = scratch.file("out/distributed.\(ext)")
            let assembled = try await Assembler.assemble(planDir: planDir, chunks: chunks, output: output)
            XCTAssertEqual(assembled.frameCount, 15)

            let clear = try alphaColumn(output, x: 70, y: 5, webm: format == .webm)
            let solid = try alphaColumn(output, x: 130, y: 30, webm: format == .webm)
            for (reader, values) in [("FrameGate", clear.own), ("ffmpeg", clear.ffmpeg)] {
                XCTAssertEqual(values, Array(repeating: 0, count: 15), "\(ext) read by \(reader): transparent in both chunks")
            }
            for (reader, values) in [("FrameGate", solid.own), ("ffmpeg", solid.ffmpeg)] {
                XCTAssertEqual(values, Array(repeating: 255, count: 15), "\(ext) read by \(reader): the square is opaque")
            }
            if format == .webm {
                // One closed GOP per chunk, seen by the alpha decoder and by the probe alike.
                XCTAssertEqual(clear.keyframes, [0, 8])
                XCTAssertEqual(try MediaProbe.probe(output).videoStream?.keyframes, [0, 8])
                // The track header's AlphaMode element (ID 0x53C0, one byte, value 1) and the tag ffprobe shows.
                let header = [UInt8](try Data(contentsOf: output).prefix(4096))
                XCTAssertTrue(header.indices.contains { header[$0...].starts(with: [0x53, 0xC0, 0x81, 0x01]) },
                              "the assembled track keeps Matroska AlphaMode")
                let stream = try XCTUnwrap(try Reference.stream(output, type: "video"))
                XCTAssertEqual(stream["tags"]?["ALPHA_MODE"]?.stringValue, "1")
            }
            // Digests are over RGBA with alpha, and a chunk's frames are the in-process render's.
            let inProcess = try await Renderer(config: config).render(projectDir: transparent, to: scratch.file("in-process.\(ext)"))
            XCTAssertEqual(assembled.digests, inProcess.digests)

            // Control: the same composition over an opaque page background, in one chunk, is opaque there.
            let controlPlan = scratch.file("plan-opaque-\(ext)")
            try await Planner.plan(projectDir: opaque, config: PlanConfig(render: config, chunkSize: 15), planDir: controlPlan)
            let controlChunk = scratch.file("chunks-opaque-\(ext)/chunk_0.\(ext)")
            try await ChunkRenderer.renderChunk(planDir: controlPlan, index: 0, output: controlChunk)
            let controlOut = scratch.file("out/opaque.\(ext)")
            try await Assembler.assemble(planDir: controlPlan, chunks: [controlChunk], output: controlOut)
            let control = try alphaColumn(controlOut, x: 70, y: 5, webm: format == .webm)
            XCTAssertEqual(control.own, Array(repeating: 255, count: 15), "\(ext): opaque background → alpha 255")
            XCTAssertEqual(control.ffmpeg, Array(repeating: 255, count: 15), "\(ext): opaque background → alpha 255 (ffmpeg)")
        }
    }
}
