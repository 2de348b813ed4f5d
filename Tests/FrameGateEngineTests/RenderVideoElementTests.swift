import FrameGateMedia
import Foundation
import XCTest
import FrameGateTestSupport
@testable import FrameGateEngine

/// `<video>` frames come from FrameGate's own decode: rendered frame k shows source frame
/// floor((t_k − start)·fps + 1e-9) + round(mediaStart·fps), wrapped by `loop`, held past the end.
final class RenderVideoElementTests: XCTestCase {
    private static let fps = 30
    private static let clipFrames = 40
    private static let background: (r: UInt8, g: UInt8, b: UInt8) = (0, 0, 255)

    private struct Placement {
        var id: String
        var x: Int
        var start: Double
        var mediaStart: Double
        var duration: Double?
        var loop: Bool

        /// The source frame the spec says is on screen at frame k, or nil when the video is hidden.
        func expectedSource(frame k: Int, fps: Int, clipFrames: Int) -> Int? {
            let t = Double(k) / Double(fps)
            guard t + 1e-9 >= start else { return nil }
            if let duration, t >= start + duration - 1e-9 { return nil }
            let first = Int((mediaStart * Double(fps)).rounded())
            let index = Int(((t - start) * Double(fps) + 1e-9).rounded(.down)) + first
            if index < clipFrames { return index }
            return loop ? first + (index - first) % (clipFrames - first) : clipFrames - 1
        }
    }

    func testVideoFramesFollowTimeMediaStartLoopAndHold() async throws {
        let placements = [
            // Starts late, trimmed: hidden before 0.2 s, then 15, 16, … 39, then holds 39 to the end.
            Placement(id: "late", x: 0, start: 0.2, mediaStart: 0.5, duration: nil, loop: false),
            // Loops the last 10 source frames: 30…39, 30…39, …
            Placement(id: "looped", x: 55, start: 0, mediaStart: 1.0, duration: nil, loop: true),
            // A start between frames (0.25 s: first shown at frame 8) and an end (1.25 s).
            Placement(id: "windowed", x: 110, start: 0.25, mediaStart: 0.1, duration: 1.0, loop: false),
        ]
        let videos = placements.map { p in
            "<video id=\"\(p.id)\" src=\"clip.mov\" style=\"left: \(p.x)px\" data-start=\"\(p.start)\" data-media-start=\"\(p.mediaStart)\""
                + (p.duration.map { " data-duration=\"\($0)\"" } ?? "") + (p.loop ? " loop" : "") + " muted></video>"
        }.joined(separator: "\n")
        let sandbox = try RenderSandbox([
            "index.html": compositionPage(duration: 2, style: "video { position: absolute; top: 0; width: 50px; height: 90px; object-fit: fill; }",
                                          body: videos),
        ])
        try GeneratedMedia.writeIndexClip(to: sandbox.dir.appendingPathComponent("clip.mov"), frames: Self.clipFrames)

        // png-sequence: the captured pixels exactly, so the only colour error is the source clip's own.
        let result = try await sandbox.render(RenderConfig(format: .pngSequence), to: "frames")
        let frames = try OutputReader.pngFrames(result.output)
        XCTAssertEqual(frames.count, 60)

        var seen: [String: Set<Int>] = [:]
        for (k, frame) in frames.enumerated() {
            for p in placements {
                let pixel = frame.pixel(x: p.x + 25, y: 45)
                guard let expected = p.expectedSource(frame: k, fps: Self.fps, clipFrames: Self.clipFrames) else {
                    XCTAssertEqual([pixel.r, pixel.g, pixel.b], [Self.background.r, Self.background.g, Self.background.b],
                                   "frame \(k): #\(p.id) must not be shown")
                    continue
                }
                let nearest = GeneratedMedia.nearestIndex(r: pixel.r, g: pixel.g, b: pixel.b, frames: Self.clipFrames)
                XCTAssertEqual(nearest.index, expected, "frame \(k): #\(p.id) shows source frame \(nearest.index), expected \(expected) (pixel \(pixel))")
                XCTAssertLessThanOrEqual(nearest.error, 2, "frame \(k): #\(p.id) colour \(pixel) is not a clean source frame")
                seen[p.id, default: []].insert(expected)
            }
        }
        // The expectations themselves cover what they claim: trim, wrap and hold all happen in this render.
        XCTAssertEqual(seen["late"], Set(15...39))
        XCTAssertEqual(seen["looped"], Set(30...39))
        XCTAssertEqual(seen["windowed"], Set(3...32))
    }

    /// A video centred in a flex row is drawn in its own box from the first frame on. Before, the first frame's
    /// overlay canvas entered the row in flow, squeezing the video beside it, and was drawn shrunk at the left
    /// edge. Control: the background left and right of the box stays the background on every frame.
    func testTheFirstFrameOfAVideoInAFlexRowIsDrawnInItsBox() async throws {
        let sandbox = try RenderSandbox([
            "index.html": compositionPage(duration: 0.1, style: """
                #row { position: absolute; inset: 0; display: flex; justify-content: center; align-items: center; }
                #row video { width: 80px; height: 46px; object-fit: fill; }
                """, body: #"<div id="row"><video id="v" src="clip.mov" data-start="0" muted></video></div>"#),
        ])
        try GeneratedMedia.writeIndexClip(to: sandbox.dir.appendingPathComponent("clip.mov"), frames: 10)
        let result = try await sandbox.render(RenderConfig(format: .pngSequence), to: "frames")
        let frames = try OutputReader.pngFrames(result.output)
        XCTAssertEqual(frames.count, 3)
        for (k, frame) in frames.enumerated() {
            for x in [42, 80, 117] {  // inside the box 40..<120 (rows 22..<68)
                let p = frame.pixel(x: x, y: 45)
                XCTAssertLessThanOrEqual(GeneratedMedia.nearestIndex(r: p.r, g: p.g, b: p.b, frames: 10).error, 12, "frame \(k), x \(x): \(p) is not the clip")
            }
            for x in [20, 140] {
                let p = frame.pixel(x: x, y: 45)
                XCTAssertTrue(p.r < 20 && p.g < 20 && p.b > 235, "frame \(k), x \(x): \(p) is not the background")
            }
        }
    }
}
