import FrameGateDistributed
import FrameGateEngine
import FrameGateMedia
import Foundation
import XCTest
import FrameGateTestSupport

/// Issue 5 "Retries are idempotent", and the chunk renderer's environment discipline.
final class RetryTests: XCTestCase {
    func testRetriedAndConcurrentChunkRendersAreByteIdentical() async throws {
        let scratch = try Scratch()
        let project = try seamProject(in: scratch, duration: 1, clickAt: 0.5)
        let planDir = scratch.file("plan")
        try await Planner.plan(projectDir: project, config: PlanConfig(render: plainRender(), chunkSize: 10), planDir: planDir)

        // The same chunk twice, one after the other, to different paths.
        let first = scratch.file("a/chunk.mp4"), second = scratch.file("b/chunk.mp4")
        for url in [first, second] {
            let result = try await renderChunkProcess(planDir: planDir, index: 1, output: url)
            XCTAssertEqual(result.status, 0, result.stderr)
        }
        // A retry over an existing chunk (the worker died after publishing; the scheduler runs it again).
        let overwritten = try await renderChunkProcess(planDir: planDir, index: 1, output: first)
        XCTAssertEqual(overwritten.status, 0, overwritten.stderr)

        // Two workers racing on the same chunk and the same output path.
        let shared = scratch.file("shared/chunk.mp4")
        async let x = renderChunkProcess(planDir: planDir, index: 1, output: shared)
        async let y = renderChunkProcess(planDir: planDir, index: 1, output: shared)
        let (rx, ry) = try await (x, y)
        XCTAssertEqual(rx.status, 0, rx.stderr)
        XCTAssertEqual(ry.status, 0, ry.stderr)

        let digests = try [first, second, shared].map(fileDigest)
        XCTAssertEqual(Set(digests).count, 1, "chunk bytes differ between renders: \(digests)")
        let receipts = try [first, second, shared].map { try fileDigest(ChunkReceipt.url(for: $0)) }
        XCTAssertEqual(Set(receipts).count, 1, "receipts differ between renders")
        let receipt = try JSONDecoder().decode(ChunkReceipt.self, from: Data(contentsOf: ChunkReceipt.url(for: shared)))
        XCTAssertEqual(receipt.index, 1)
        XCTAssertEqual(receipt.start, 10)
        XCTAssertEqual(receipt.end, 20)
        XCTAssertEqual(receipt.digests.count, 10)

        // A chunk is one closed GOP: a keyframe at its first frame only.
        let info = try MediaProbe.probe(shared, countFrames: true)
        XCTAssertEqual(info.videoStream?.frameCount, 10)
        XCTAssertEqual(info.videoStream?.keyframes, [0])

        for dir in ["a", "b", "shared"] {
            XCTAssertEqual(leftovers(in: scratch.file(dir)), [], "work directories left in \(dir)/")
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: scratch.file(dir).path).sorted(),
                           ["chunk.mp4", "chunk.mp4.chunk.json"])
        }
    }

    // MARK: environment

    private static let pinned = ["TZ", "LANG", "LC_ALL"]

    private func snapshot() -> [String: String?] {
        Dictionary(uniqueKeysWithValues: Self.pinned.map { name in (name, getenv(name).map { String(cString: $0) }) })
    }

    /// Puts this test process's variables into a known, non-pinned state and back afterwards.
    private func withForeignEnvironment(_ body: () async throws -> Void) async rethrows {
        let original = snapshot()
        setenv("TZ", "America/New_York", 1)
        unsetenv("LANG")
        setenv("LC_ALL", "POSIX", 1)
        defer {
            for (name, value) in original {
                if let value { setenv(name, value, 1) } else { unsetenv(name) }
            }
        }
        try await body()
    }

    private let foreign: [String: String?] = ["TZ": "America/New_York", "LANG": nil, "LC_ALL": "POSIX"]

    /// Time zone and locale go to the page through the DevTools protocol (issue 13): render-chunk never
    /// changes the process environment, so the browser starts under the host's own.
    func testRenderChunkLeavesTheProcessEnvironmentAlone() async throws {
        let scratch = try Scratch()
        let project = try seamProject(in: scratch, duration: 0.5, clickAt: nil, tone: false)
        let planDir = scratch.file("plan")
        try await Planner.plan(projectDir: project, config: PlanConfig(render: plainRender()), planDir: planDir)
        let spy = try BrowserSpy()
        try await withForeignEnvironment {
            try await ChunkRenderer.renderChunk(planDir: planDir, index: 0, output: scratch.file("out/c.mp4"), browserOptions: spy.options)
            XCTAssertEqual(snapshot(), foreign, "render-chunk must restore TZ, LANG and LC_ALL after success")
        }
        XCTAssertEqual(spy.launches, ["launch TZ=America/New_York LANG=<unset> LC_ALL=POSIX"], "the browser runs under the host's environment")
    }

    func testEnvironmentIsRestoredAfterAFailedRender() async throws {
        let scratch = try Scratch()
        let project = try seamProject(in: scratch, duration: 0.5, clickAt: nil, tone: false)
        let planDir = scratch.file("plan")
        try await Planner.plan(projectDir: project, config: PlanConfig(render: plainRender()), planDir: planDir)
        let spy = try BrowserSpy(failAlways: true)
        let output = scratch.file("out/c.mp4")
        await withForeignEnvironment {
            do {
                try await ChunkRenderer.renderChunk(planDir: planDir, index: 0, output: output, browserOptions: spy.options)
                XCTFail("the browser cannot start, so the chunk must fail")
            } catch {}
            XCTAssertEqual(snapshot(), foreign, "render-chunk must restore TZ, LANG and LC_ALL after failure")
        }
        XCTAssertEqual(spy.launches.count, 1, "the failure came from inside the render")
        XCTAssertFalse(FileManager.default.fileExists(atPath: output.path))
        XCTAssertEqual(leftovers(in: output.deletingLastPathComponent()), [])
    }

    func testEnvironmentIsRestoredAfterConcurrentInProcessChunks() async throws {
        let scratch = try Scratch()
        let project = try seamProject(in: scratch, duration: 0.7, clickAt: nil, tone: false)
        let planDir = scratch.file("plan")
        try await Planner.plan(projectDir: project, config: PlanConfig(render: plainRender(), chunkSize: 10), planDir: planDir)
        let spy = try BrowserSpy()
        try await withForeignEnvironment {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<2 {
                    group.addTask {
                        try await ChunkRenderer.renderChunk(planDir: planDir, index: index, output: scratch.file("out/c\(index).mp4"),
                                                            browserOptions: spy.options)
                    }
                }
                try await group.waitForAll()
            }
            XCTAssertEqual(snapshot(), foreign, "overlapping chunk renders in one process must still restore the environment")
        }
        XCTAssertEqual(spy.launches, Array(repeating: "launch TZ=America/New_York LANG=<unset> LC_ALL=POSIX", count: 2))
    }
}
