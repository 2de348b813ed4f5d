import FrameGateDistributed
import FrameGateEngine
import FrameGateMedia
import Foundation
import XCTest
import FrameGateTestSupport
import FrameGateCore

/// Issue 5 "Every refusal is coded": each case gives its code, starts no browser where the issue says the
/// check comes first, and leaves nothing behind.
final class RefusalTests: XCTestCase {
    private var scratch: Scratch!
    private var spy: BrowserSpy!
    private var planDir: URL!
    private var output: URL { scratch.file("out/chunk.mp4") }

    override func setUp() async throws {
        scratch = try Scratch()
        spy = try BrowserSpy()
        let project = try seamProject(in: scratch, duration: 1, clickAt: 0.5)
        planDir = scratch.file("plan")
        try await Planner.plan(projectDir: project, config: PlanConfig(render: plainRender(), chunkSize: 10),
                               planDir: planDir, browserOptions: spy.options)
        XCTAssertEqual(spy.launches, [], "planning a composition with a declared duration starts no browser session")
        try FileManager.default.removeItem(at: spy.log)
    }

    override func tearDown() { scratch = nil; spy = nil }

    // MARK: render-chunk

    func testTamperedIndexHTMLIsAPlanHashMismatch() async throws {
        try Data("<!doctype html><p>changed</p>".utf8).write(to: planDir.appendingPathComponent("compiled/index.html"))
        await refuse(.planHashMismatch)
        XCTAssertEqual(spy.lines, ["version"], "only the browser's --version was read")
    }

    func testAnAddedFileIsAPlanHashMismatch() async throws {
        try Data("x".utf8).write(to: planDir.appendingPathComponent("compiled/extra.js"))
        await refuse(.planHashMismatch)
    }

    func testDeletedChunksJSONIsAMissingArtifact() async throws {
        try FileManager.default.removeItem(at: planDir.appendingPathComponent("meta/chunks.json"))
        let error = await refuse(.missingPlanArtifact, index: 99)   // artifacts come before the index check
        XCTAssertTrue(error?.message.contains("meta/chunks.json") ?? false, error?.message ?? "")
        XCTAssertEqual(spy.lines, [], "no browser process of any kind")
    }

    func testDeletedAudioIsAMissingArtifact() async throws {
        try FileManager.default.removeItem(at: planDir.appendingPathComponent("audio.m4a"))
        let error = await refuse(.missingPlanArtifact)
        XCTAssertTrue(error?.message.contains("audio.m4a") ?? false, error?.message ?? "")
    }

    func testChunk99IsOutOfRange() async throws {
        // Tampered too: the index check comes before the hash.
        try Data("<p>changed</p>".utf8).write(to: planDir.appendingPathComponent("compiled/index.html"))
        let error = await refuse(.chunkIndexOutOfRange, index: 99)
        XCTAssertTrue(error?.message.contains("0…2") ?? false, error?.message ?? "")
        XCTAssertEqual(spy.lines, [])
        await refuse(.chunkIndexOutOfRange, index: -1)
    }

    func testAnotherLibAVVersionIsRefused() async throws {
        try editJSON("plan.json") { $0["libavVersion"] = "libavcodec 60.3.100, libavformat 60.3.100, libavutil 58.2.100" }
        try Data("<p>changed</p>".utf8).write(to: planDir.appendingPathComponent("compiled/index.html"))   // versions before hash
        let error = await refuse(.libavVersionMismatch)
        XCTAssertTrue(error?.message.contains("libavcodec 60.3.100") ?? false, error?.message ?? "")
        XCTAssertEqual(spy.lines, [])
    }

    func testAnotherBrowserVersionIsRefused() async throws {
        try editJSON("plan.json") { $0["browserVersion"] = "Chromium 1.0.0.0" }
        let error = await refuse(.browserVersionMismatch)
        XCTAssertTrue(error?.message.contains("Chromium 1.0.0.0") ?? false, error?.message ?? "")
        XCTAssertEqual(spy.lines, ["version"])
    }

    func testEncoderJSONWithoutTheEnvironmentSnapshotIsRefused() async throws {
        // Editing encoder.json also changes planHash; the snapshot is a plan artifact (step 1 of issue 5's
        // order), so its code wins over the hash (step 4).
        try editJSON("meta/encoder.json") { $0["environment"] = nil }
        let error = await refuse(.missingRuntimeEnvSnapshot)
        XCTAssertTrue(error?.message.contains("meta/encoder.json") ?? false, error?.message ?? "")
        XCTAssertEqual(spy.lines, [])
    }

    func testTheWorkerProcessPrintsTheCodeAndExitsWith3() async throws {
        try Data("<p>changed</p>".utf8).write(to: planDir.appendingPathComponent("compiled/index.html"))
        let result = try await renderChunkProcess(planDir: planDir, index: 0, output: output,
                                                  environment: ["FRAMEGATE_CHROME": spy.executable.path])
        XCTAssertEqual(result.status, 3)
        XCTAssertTrue(result.stderr.contains("error[PLAN_HASH_MISMATCH]:"), result.stderr)
        XCTAssertEqual(spy.launches, [])
        XCTAssertFalse(FileManager.default.fileExists(atPath: output.path))
        XCTAssertEqual(leftovers(in: output.deletingLastPathComponent()), [])
    }

    // MARK: assemble

    func testAssembleWithAMissingChunkNamesIt() async throws {
        let chunkDir = scratch.file("chunks")
        let chunks = (0..<3).map { chunkDir.appendingPathComponent("c\($0).mp4") }
        for index in [0, 2] {
            try await ChunkRenderer.renderChunk(planDir: planDir, index: index, output: chunks[index], browserOptions: spy.options)
        }
        XCTAssertEqual(spy.launches.count, 2, "the spy sees every browser session (so its silence above means something)")
        let final = scratch.file("final/out.mp4")

        let fewer = await expectCode(.invalidArgument) { try await Assembler.assemble(planDir: planDir, chunks: [chunks[0], chunks[2]], output: final) }
        XCTAssertTrue(fewer?.message.contains("missing chunk(s) 1") ?? false, fewer?.message ?? "")

        let absent = await expectCode(.invalidArgument) { try await Assembler.assemble(planDir: planDir, chunks: chunks, output: final) }
        XCTAssertTrue(absent?.message.contains("chunk 1") ?? false, absent?.message ?? "")
        XCTAssertTrue(absent?.message.contains(chunks[1].path) ?? false, absent?.message ?? "")

        let swapped = await expectCode(.invalidArgument) {
            try await Assembler.assemble(planDir: planDir, chunks: [chunks[2], chunks[0], chunks[0]], output: final)
        }
        XCTAssertTrue(swapped?.message.contains("plan order") ?? false, swapped?.message ?? "")

        XCTAssertFalse(FileManager.default.fileExists(atPath: final.path))
        XCTAssertEqual(leftovers(in: final.deletingLastPathComponent()), [])
        XCTAssertEqual(leftovers(in: chunkDir), [])
    }

    // MARK: plan

    func testFPS25And30000Over1001AreRefusedBeforeAnyPlanDirExists() async throws {
        let project = scratch.file("seam")
        for fps in [FrameRate(25), FrameRate(30000, 1001), FrameRate(24000, 1001)] {
            let target = scratch.file("refused-plans/\(fps.numerator)-\(fps.denominator)")
            var config = plainRender()
            config.fps = fps
            await expectCode(.formatNotSupportedInDistributed) {
                try await Planner.plan(projectDir: project, config: PlanConfig(render: config), planDir: target, browserOptions: spy.options)
            }
            XCTAssertFalse(FileManager.default.fileExists(atPath: target.path), "no planDir for fps \(fps)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: scratch.file("refused-plans").path), "not even its parent")
        XCTAssertEqual(spy.lines, [], "refused before anything ran")
    }

    func testFPS25IsRefusedByThePlanCommand() async throws {
        let target = scratch.file("cli-plan")
        let result = try await runProcess(try framegateBinary(), ["plan", scratch.file("seam").path, "--plan-dir", target.path, "--fps", "25"])
        XCTAssertEqual(result.status, 2, "a configuration refusal is a usage error (ErrorCode.exitStatus)")
        XCTAssertTrue(result.stderr.contains("error[FORMAT_NOT_SUPPORTED_IN_DISTRIBUTED]:"), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: target.path))
    }

    func testAZeroDurationCompositionIsOutOfRange() async throws {
        try scratch.write("""
        <!doctype html><html><body><div id="root" data-composition-id="z" data-width="160" data-height="90" data-duration="0"></div></body></html>
        """, to: "zero/index.html")
        let target = scratch.file("zero-plan")
        await expectCode(.durationOutOfRange) {
            try await Planner.plan(projectDir: scratch.file("zero"), config: PlanConfig(render: plainRender()),
                                   planDir: target, browserOptions: spy.options)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: target.path))
        XCTAssertEqual(leftovers(in: scratch.url), [])
        XCTAssertEqual(spy.launches, [])
    }

    func testPlanningIntoANonEmptyDirectoryIsRefusedAndLeavesItAlone() async throws {
        let before = try fileDigest(planDir.appendingPathComponent("plan.json"))
        await expectCode(.outputPathRefused) {
            try await Planner.plan(projectDir: scratch.file("seam"), config: PlanConfig(render: plainRender()), planDir: planDir)
        }
        XCTAssertEqual(try fileDigest(planDir.appendingPathComponent("plan.json")), before)
    }

    // MARK: helpers

    /// renderChunk must refuse with `code`, create no output and leave no work directory.
    @discardableResult
    private func refuse(_ code: ErrorCode, index: Int = 0, file: StaticString = #filePath, line: UInt = #line) async -> CodedError? {
        let error = await expectCode(code, file: file, line: line) {
            try await ChunkRenderer.renderChunk(planDir: planDir, index: index, output: output, browserOptions: spy.options)
        }
        XCTAssertEqual(spy.launches, [], "no browser session may start before validation passes", file: file, line: line)
        XCTAssertFalse(FileManager.default.fileExists(atPath: output.path), file: file, line: line)
        XCTAssertFalse(FileManager.default.fileExists(atPath: ChunkReceipt.url(for: output).path), file: file, line: line)
        XCTAssertEqual(leftovers(in: output.deletingLastPathComponent()), [], file: file, line: line)
        XCTAssertEqual(leftovers(in: scratch.url), [], file: file, line: line)
        return error
    }

    private func editJSON(_ path: String, _ edit: (inout [String: Any]) -> Void) throws {
        let url = planDir.appendingPathComponent(path)
        var object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        edit(&object)
        try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys]).write(to: url)
    }
}
