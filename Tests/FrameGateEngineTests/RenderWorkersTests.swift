import FrameGateMedia
import Foundation
import XCTest
import FrameGateTestSupport
@testable import FrameGateEngine

/// `workers: 2` splits the frames across two browsers; the result must not show it.
final class RenderWorkersTests: XCTestCase {
    func testTwoWorkersGiveTheSameDigestsAndBytesAsOne() async throws {
        let box = animatedBox(duration: 1.5)
        let sandbox = try RenderSandbox([
            "index.html": compositionPage(duration: 1.5, style: box.style,
                                          body: box.body + "<audio id=\"tone\" src=\"tone.wav\" data-start=\"0.3\" data-duration=\"0.5\"></audio>"),
        ])
        try sandbox.write("tone.wav", data: toneWAV(seconds: 1))

        let one = try await sandbox.render(RenderConfig(workers: 1), to: "one.mp4")
        let two = try await sandbox.render(RenderConfig(workers: 2), to: "two.mp4")

        XCTAssertEqual(one.digests.count, 45)
        XCTAssertEqual(Set(one.digests).count, 45, "every frame differs, so an order or range mistake shows in the digests")
        XCTAssertEqual(two.digests, one.digests)
        // The split is real: 45 frames make 5 segments, and each of the two workers gets some.
        let segments = Renderer(config: RenderConfig(workers: 2))
            .planSegments(Timeline(duration: 1.5, totalFrames: 45, frames: 0..<45), workDir: sandbox.outputs)
        let runs = Renderer.contiguousRuns(segments, workers: 2)
        XCTAssertEqual(runs.count, 2)
        XCTAssertTrue(runs.allSatisfy { !$0.isEmpty }, "runs: \(runs.map { $0.map(\.frames) })")

        let bytesOne = try Data(contentsOf: one.output)
        let bytesTwo = try Data(contentsOf: two.output)
        XCTAssertEqual(bytesOne.count, bytesTwo.count)
        XCTAssertTrue(bytesOne == bytesTwo, "workers 2 must write byte-identical output to workers 1")

        // And the joined file is whole: every frame decodes, with the audio alongside.
        let info = try MediaProbe.probe(two.output)
        XCTAssertEqual(info.videoStream?.frameCount, 45)
        XCTAssertNotNil(info.audioStream)
    }
}
