import Foundation
import XCTest
import FrameGateTestSupport

/// `--asset-root DIR`: a project symlink into DIR is followed (render, check, plan — and the plan carries the
/// files, so workers render without DIR); without it, or with another root, the asset stays refused.
final class AssetRootTests: XCTestCase {
    /// scratch/proj/index.html links shared/brand.css; scratch/proj/shared → ../shared (outside the project).
    private func workspace(symlinked: Bool = true) throws -> (Scratch, URL, URL) {
        let scratch = try Scratch()
        let project = scratch.file("proj"), shared = scratch.file("shared")
        try FileManager.default.createDirectory(at: project, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: shared, withIntermediateDirectories: true)
        try Data("#root { background: rgb(200, 40, 90); }".utf8).write(to: shared.appendingPathComponent("brand.css"))
        let page = compositionPage(duration: 0.5, body: "<p>brand</p>").replacingOccurrences(
            of: "</head>", with: #"<link rel="stylesheet" href="shared/brand.css"></head>"#)
        try Data(page.utf8).write(to: project.appendingPathComponent("index.html"))
        if symlinked {
            try FileManager.default.createSymbolicLink(atPath: project.appendingPathComponent("shared").path, withDestinationPath: "../shared")
        } else {
            try FileManager.default.copyItem(at: shared, to: project.appendingPathComponent("shared"))
        }
        return (scratch, project, shared)
    }

    private func render(_ project: URL, _ output: URL, _ extra: [String] = []) throws -> ProcessResult {
        try runProcess(try framegateBinary(), ["render", project.path, "-o", output.path, "--quality", "draft"] + extra)
    }

    func testASymlinkedFolderIsRefusedUnlessItsRootIsAllowed() throws {
        let (scratch, project, shared) = try workspace()
        let refused = try render(project, scratch.file("refused.mp4"))
        XCTAssertEqual(refused.status, 3, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("error[ASSET_OUTSIDE_PROJECT]"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("--asset-root"), "the message names the fix: \(refused.stderr)")
        let other = try render(project, scratch.file("other.mp4"), ["--asset-root", scratch.file("proj").path])
        XCTAssertTrue(other.stderr.contains("error[ASSET_OUTSIDE_PROJECT]"), "another root does not allow it: \(other.stderr)")

        let allowed = try render(project, scratch.file("allowed.mp4"), ["--asset-root", shared.path])
        XCTAssertEqual(allowed.status, 0, allowed.stderr)
        // The stylesheet was applied: the same bytes as the project holding a copy, and not those of no stylesheet.
        let (copyScratch, copyProject, _) = try workspace(symlinked: false)
        XCTAssertEqual(try render(copyProject, copyScratch.file("copy.mp4")).status, 0)
        let allowedBytes = try Data(contentsOf: scratch.file("allowed.mp4"))
        XCTAssertEqual(allowedBytes, try Data(contentsOf: copyScratch.file("copy.mp4")))
        try FileManager.default.removeItem(at: copyProject.appendingPathComponent("shared/brand.css"))
        try Data("/* empty */".utf8).write(to: copyProject.appendingPathComponent("shared/brand.css"))
        XCTAssertEqual(try render(copyProject, copyScratch.file("plain.mp4")).status, 0)
        XCTAssertNotEqual(allowedBytes, try Data(contentsOf: copyScratch.file("plain.mp4")), "control: the stylesheet matters")

        let check = try runProcess(try framegateBinary(), ["check", project.path, "--asset-root", shared.path])
        XCTAssertEqual(check.status, 0, check.stderr)
        let missing = try render(project, scratch.file("x.mp4"), ["--asset-root", scratch.file("nowhere").path])
        XCTAssertEqual(missing.status, 2, missing.stderr)
        XCTAssertTrue(missing.stderr.contains("error[INVALID_ARGUMENT]: asset root"), missing.stderr)
    }

    func testThePlanCarriesFilesFromAnAllowedRootSoWorkersNeedNoRoot() throws {
        let (scratch, project, shared) = try workspace()
        let planDir = scratch.file("plan")
        let binary = try framegateBinary()
        // Control: without the root the plan leaves the link's files out (as before), and its chunks cannot render.
        let bare = scratch.file("plan-bare")
        let barePlan = try runProcess(binary, ["plan", project.path, "--plan-dir", bare.path, "--quality", "draft"])
        XCTAssertEqual(barePlan.status, 0, barePlan.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: bare.appendingPathComponent("compiled/shared/brand.css").path))
        let bareChunk = try runProcess(binary, ["render-chunk", "--plan-dir", bare.path, "--chunk", "0", "-o", scratch.file("bare.mp4").path])
        XCTAssertEqual(bareChunk.status, 3, bareChunk.stderr)

        let plan = try runProcess(binary, ["plan", project.path, "--plan-dir", planDir.path, "--asset-root", shared.path, "--quality", "draft"])
        XCTAssertEqual(plan.status, 0, plan.stderr)
        let carried = planDir.appendingPathComponent("compiled/shared/brand.css")
        let attributes = try FileManager.default.attributesOfItem(atPath: carried.path)
        XCTAssertEqual(attributes[.type] as? FileAttributeType, .typeRegular, "a copy, not a link out of the plan")
        XCTAssertEqual(try String(contentsOf: carried, encoding: .utf8), "#root { background: rgb(200, 40, 90); }")

        // The worker renders with the root gone, and gives the in-process render's bytes.
        try FileManager.default.copyItem(at: shared, to: scratch.file("shared-kept"))
        try FileManager.default.removeItem(at: shared)
        var chunks: [String] = []
        for index in 0..<2 {
            let chunk = scratch.file("chunk_\(index).mp4")
            let rendered = try runProcess(binary, ["render-chunk", "--plan-dir", planDir.path, "--chunk", "\(index)", "-o", chunk.path])
            XCTAssertEqual(rendered.status, 0, rendered.stderr)
            chunks.append(chunk.path)
        }
        let assembled = try runProcess(binary, ["assemble", "--plan-dir", planDir.path, "-o", scratch.file("assembled.mp4").path] + chunks)
        XCTAssertEqual(assembled.status, 0, assembled.stderr)
        try FileManager.default.moveItem(at: scratch.file("shared-kept"), to: shared)
        let inProcess = try render(project, scratch.file("in-process.mp4"), ["--asset-root", shared.path])
        XCTAssertEqual(inProcess.status, 0, inProcess.stderr)
        XCTAssertEqual(try Data(contentsOf: scratch.file("assembled.mp4")), try Data(contentsOf: scratch.file("in-process.mp4")))
    }
}
