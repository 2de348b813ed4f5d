import FrameGateMedia
import Foundation
import XCTest
import FrameGateTestSupport
@testable import FrameGateEngine

/// The observer sees every stage start and finish, in pipeline order, and frame progress reaching the total.
final class RenderProgressTests: XCTestCase {
    private enum Mark: Equatable { case start(RenderStage), finish(RenderStage) }

    private func marks(_ events: [RenderEvent]) -> [Mark] {
        events.compactMap { event in
            switch event {
            case let .stageStarted(stage): return .start(stage)
            case let .stageFinished(stage, _): return .finish(stage)
            case .framesDone, .warning, .captureFallback: return nil
            }
        }
    }

    private func framesDone(_ events: [RenderEvent]) -> [(done: Int, total: Int)] {
        events.compactMap { if case let .framesDone(done, total) = $0 { return (done, total) } else { return nil } }
    }

    func testStagesAndFrameProgressWithAudio() async throws {
        let sandbox = try RenderSandbox([
            "index.html": compositionPage(duration: 0.5, body: "<audio id=\"tone\" src=\"tone.wav\" data-start=\"0\"></audio>"),
        ])
        try sandbox.write("tone.wav", data: toneWAV(seconds: 0.5))
        let log = EventLog<RenderEvent>()
        let result = try await sandbox.render(RenderConfig(workers: 2, segmentFrames: 5), to: "out.mp4", observer: log.observer)
        let events = log.events

        let stages: [RenderStage] = [.compile, .probe, .capture, .audio, .mux]
        XCTAssertEqual(marks(events), stages.flatMap { [Mark.start($0), Mark.finish($0)] })
        XCTAssertEqual(result.stageSeconds.map(\.stage), stages)

        // Frame progress happens inside the capture stage, counts every frame once across both workers, and ends at the total.
        let progress = framesDone(events)
        XCTAssertEqual(progress.map(\.done), Array(1...15))
        XCTAssertTrue(progress.allSatisfy { $0.total == 15 })
        let captureStart = try XCTUnwrap(events.firstIndex { if case .stageStarted(.capture) = $0 { return true } else { return false } })
        let captureEnd = try XCTUnwrap(events.firstIndex { if case .stageFinished(.capture, _) = $0 { return true } else { return false } })
        let progressIndices = events.indices.filter { if case .framesDone = events[$0] { return true } else { return false } }
        XCTAssertTrue(progressIndices.allSatisfy { $0 > captureStart && $0 < captureEnd })
    }

    func testNoAudioStageWithoutAudio() async throws {
        let sandbox = try RenderSandbox(["index.html": compositionPage(duration: 0.2, body: "")])
        let log = EventLog<RenderEvent>()
        _ = try await sandbox.render(to: "out.mp4", observer: log.observer)
        let stages: [RenderStage] = [.compile, .probe, .capture, .mux]
        XCTAssertEqual(marks(log.events), stages.flatMap { [Mark.start($0), Mark.finish($0)] })
        XCTAssertEqual(framesDone(log.events).last?.done, 6)
        XCTAssertEqual(framesDone(log.events).last?.total, 6)
    }
}
