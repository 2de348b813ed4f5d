import FrameGateDistributed
import FrameGateEngine
import FrameGateMedia
import Foundation
import XCTest
import FrameGateTestSupport
import FrameGateCore

/// The planDir contract of DESIGN.md: plan.json fields, a self-contained compiled/, the optional
/// artifacts present exactly when needed, and a planHash a worker recomputes from the bytes on disk.
final class PlanDirTests: XCTestCase {
    func testPlanDirHoldsEverythingAWorkerNeeds() async throws {
        let scratch = try Scratch()
        let project = try seamProject(in: scratch, duration: 1, clickAt: 0.5,
                                      extraBody: "<img id=\"logo\" src=\"assets/logo.svg\" style=\"position:absolute;left:0;top:60px;width:20px\">")
        try scratch.write("<svg xmlns='http://www.w3.org/2000/svg' width='20' height='20'><rect width='20' height='20' fill='red'/></svg>",
                          to: "seam/assets/logo.svg")
        // Skipped at the project root only; a nested directory with the same name is part of the project.
        for path in [".git/HEAD", "node_modules/pkg/index.js", "output/old.mp4", "dist/bundle.js",
                     "assets/output/keep.txt", "assets/dist/keep.txt", "assets/node_modules/keep.txt"] {
            try scratch.write("content of \(path)", to: "seam/\(path)")
        }

        let planDir = scratch.file("plan")
        let config = PlanConfig(render: plainRender(), chunkSize: 12, maxParallelChunks: 3)
        let manifest = try await Planner.plan(projectDir: project, config: config, planDir: planDir)

        // plan.json
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: planDir.appendingPathComponent("plan.json"))) as? [String: Any])
        for key in ["protocolVersion", "planHash", "engineVersion", "libavVersion", "browserVersion", "fps", "width", "height",
                    "format", "totalFrames", "chunkCount", "duration", "hasAudio"] {
            XCTAssertNotNil(json[key], "plan.json lacks \(key)")
        }
        XCTAssertEqual(manifest.protocolVersion, PlanManifest.currentProtocol)
        XCTAssertEqual(manifest.engineVersion, EngineVersion.current)
        XCTAssertEqual(manifest.libavVersion, LibAVVersion.string)
        XCTAssertTrue(manifest.browserVersion.contains("Chrom"), manifest.browserVersion)
        XCTAssertEqual(manifest.fps, FrameRate(30))
        XCTAssertEqual(manifest.width, 160)
        XCTAssertEqual(manifest.height, 90)
        XCTAssertEqual(manifest.format, .mp4)
        XCTAssertEqual(manifest.codec, .h264)
        XCTAssertEqual(manifest.totalFrames, 30)
        XCTAssertEqual(manifest.chunkCount, 3)
        XCTAssertEqual(manifest.duration, 1, accuracy: 1e-9)
        XCTAssertTrue(manifest.hasAudio)
        XCTAssertEqual(manifest.audioFile, "audio.m4a")
        XCTAssertEqual(manifest.planHash.count, 64)

        // meta/
        let chunks = try JSONDecoder().decode([ChunkSpec].self, from: Data(contentsOf: planDir.appendingPathComponent("meta/chunks.json")))
        XCTAssertEqual(chunks.map(\.frames), [0..<12, 12..<24, 24..<30])
        XCTAssertEqual(chunks.map(\.index), [0, 1, 2])
        let lock = try JSONDecoder().decode(EncoderLock.self, from: Data(contentsOf: planDir.appendingPathComponent("meta/encoder.json")))
        XCTAssertEqual(lock.chunkSize, 12)
        XCTAssertEqual(lock.maxParallelChunks, 3)
        XCTAssertEqual(lock.quality, .standard)
        XCTAssertEqual(lock.environment?.page, PageEnvironment(timezone: "UTC", locale: "en-US", preRoll: .automatic))
        XCTAssertEqual(lock.environment?.libavVersion, LibAVVersion.string)
        XCTAssertEqual(lock.environment?.browserVersion, manifest.browserVersion)
        XCTAssertTrue(FileManager.default.fileExists(atPath: planDir.appendingPathComponent("meta/composition.json").path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: planDir.appendingPathComponent("meta/videos.json").path),
                       "no <video>, no videos.json")

        // compiled/: self-contained.
        let compiled = planDir.appendingPathComponent("compiled")
        func has(_ path: String) -> Bool { FileManager.default.fileExists(atPath: compiled.appendingPathComponent(path).path) }
        for kept in ["index.html", "tone.wav", "click.wav", "assets/logo.svg", "assets/output/keep.txt", "assets/dist/keep.txt",
                     "assets/node_modules/keep.txt"] {
            XCTAssertTrue(has(kept), "compiled/ lacks \(kept)")
        }
        for skipped in [".git", "node_modules", "output", "dist"] {
            XCTAssertFalse(has(skipped), "compiled/ must not hold the project's top-level \(skipped)")
        }
        XCTAssertEqual(try Data(contentsOf: compiled.appendingPathComponent("assets/logo.svg")),
                       try Data(contentsOf: project.appendingPathComponent("assets/logo.svg")))
        let compiledHTML = try String(contentsOf: compiled.appendingPathComponent("index.html"), encoding: .utf8)
        XCTAssertEqual(compiledHTML, try Renderer(config: plainRender()).compile(projectDir: project).html,
                       "compiled/index.html is the compiler's output")

        // audio.m4a: the final mix, exactly the composition's length.
        let audio = try decodeAudio(planDir.appendingPathComponent("audio.m4a"))
        XCTAssertEqual(audio.frameCount, 48_000)

        // planHash recomputes equal from the bytes on disk, and moves with any byte.
        XCTAssertEqual(try PlanHash.compute(planDir: planDir, lock: lock, engineVersion: manifest.engineVersion,
                                            libavVersion: manifest.libavVersion), manifest.planHash)
        _ = try await ChunkRenderer.validate(planDir: planDir, index: 2)
        try Data("content of assets/output/keep.txt!".utf8).write(to: compiled.appendingPathComponent("assets/output/keep.txt"))
        XCTAssertNotEqual(try PlanHash.compute(planDir: planDir, lock: lock, engineVersion: manifest.engineVersion,
                                               libavVersion: manifest.libavVersion), manifest.planHash)

        XCTAssertEqual(leftovers(in: scratch.url), [], "no staging directory beside the planDir")
    }

    func testVideosJSONOnlyWithVideoAndAudioOnlyWithSound() async throws {
        let scratch = try Scratch()
        let clip = scratch.file("clip.mp4")
        try Reference.ffmpeg(["-f", "lavfi", "-i", "testsrc=size=64x36:rate=30",
                              "-t", "0.5", "-pix_fmt", "yuv420p", "-c:v", "libx264", clip.path])

        // A muted <video> and no audio: videos.json, but no audio.m4a.
        try seamProject(in: scratch, name: "video", duration: 0.5, clickAt: nil, tone: false,
                        extraBody: "<video id=\"v\" src=\"clip.mp4\" data-start=\"0\" data-duration=\"0.5\" muted style=\"position:absolute;left:0;top:40px;width:64px\"></video>")
        try FileManager.default.copyItem(at: clip, to: scratch.file("video/clip.mp4"))
        let videoPlan = scratch.file("video-plan")
        let withVideo = try await Planner.plan(projectDir: scratch.file("video"), config: PlanConfig(render: plainRender()), planDir: videoPlan)
        XCTAssertFalse(withVideo.hasAudio)
        XCTAssertNil(withVideo.audioFile)
        XCTAssertFalse(FileManager.default.fileExists(atPath: videoPlan.appendingPathComponent("audio.m4a").path))
        let videos = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: videoPlan.appendingPathComponent("meta/videos.json"))) as? [[String: Any]])
        XCTAssertEqual(videos.count, 1)
        XCTAssertEqual(videos.first?["src"] as? String, "clip.mp4")
        XCTAssertTrue(FileManager.default.fileExists(atPath: videoPlan.appendingPathComponent("compiled/clip.mp4").path))

        // Deleting videos.json is then a missing artifact.
        try FileManager.default.removeItem(at: videoPlan.appendingPathComponent("meta/videos.json"))
        await expectCode(.missingPlanArtifact) { try await ChunkRenderer.validate(planDir: videoPlan, index: 0) }

        // Sound and no video: audio.m4a, no videos.json.
        try seamProject(in: scratch, name: "sound", duration: 0.5, clickAt: 0.1, tone: false)
        let soundPlan = scratch.file("sound-plan")
        let withSound = try await Planner.plan(projectDir: scratch.file("sound"), config: PlanConfig(render: plainRender()), planDir: soundPlan)
        XCTAssertTrue(withSound.hasAudio)
        XCTAssertTrue(FileManager.default.fileExists(atPath: soundPlan.appendingPathComponent("audio.m4a").path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: soundPlan.appendingPathComponent("meta/videos.json").path))
    }
}
