import XCTest
import FrameGateTestSupport
import FrameGateMedia
@testable import FrameGateHarness
import FrameGateCore

/// AtomicPublish, digests.json and png-sequence comparison.
final class FilesTests: XCTestCase {
    func testAtomicWriteReplacesAndLeavesNoTemp() throws {
        let scratch = try Scratch()
        let target = scratch.file("sub/out.json")
        try AtomicPublish.write(Data("one".utf8), to: target)
        try AtomicPublish.write(Data("two".utf8), to: target)
        XCTAssertEqual(try String(contentsOf: target, encoding: .utf8), "two")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: scratch.file("sub").path), ["out.json"])
    }

    func testDirectoryReplaceIsAllOrNothing() throws {
        let scratch = try Scratch()
        let baseline = scratch.file("baselines/fx")
        try AtomicPublish.replaceDirectory(at: baseline) { dir in
            try Data("old".utf8).write(to: dir.appendingPathComponent("output.mp4"))
        }
        XCTAssertEqual(try String(contentsOf: baseline.appendingPathComponent("output.mp4"), encoding: .utf8), "old")

        // A build that fails half-way leaves the old directory exactly as it was, and no debris.
        struct Interrupted: Error {}
        XCTAssertThrowsError(try AtomicPublish.replaceDirectory(at: baseline) { dir in
            try Data("new".utf8).write(to: dir.appendingPathComponent("output.mp4"))
            throw Interrupted()
        })
        XCTAssertEqual(try String(contentsOf: baseline.appendingPathComponent("output.mp4"), encoding: .utf8), "old")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: scratch.file("baselines").path), ["fx"])

        try AtomicPublish.replaceDirectory(at: baseline) { dir in
            try Data("new".utf8).write(to: dir.appendingPathComponent("output.mp4"))
            try Data("<html/>".utf8).write(to: dir.appendingPathComponent("compiled.html"))
        }
        XCTAssertEqual(try String(contentsOf: baseline.appendingPathComponent("output.mp4"), encoding: .utf8), "new")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: baseline.path).sorted(), ["compiled.html", "output.mp4"])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: scratch.file("baselines").path), ["fx"])
    }

    func testRecoveryAfterACrashBetweenRenames() throws {
        let scratch = try Scratch()
        // The state a crash between "rename old away" and "rename new in" leaves behind.
        try scratch.write("old", to: "baselines/.fx.old-1234/output.mp4")
        try scratch.write("partial", to: "baselines/.fx.new-1234/output.mp4")
        let baseline = scratch.file("baselines/fx")
        XCTAssertTrue(try AtomicPublish.recoverInterruptedReplace(at: baseline))
        XCTAssertEqual(try String(contentsOf: baseline.appendingPathComponent("output.mp4"), encoding: .utf8), "old")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: scratch.file("baselines").path), ["fx"])
        XCTAssertFalse(try AtomicPublish.recoverInterruptedReplace(at: baseline))
    }

    func testDigestsFormatAndMatchCount() throws {
        let scratch = try Scratch()
        let a = String(repeating: "a", count: 64), b = String(repeating: "b", count: 64), c = String(repeating: "c", count: 64)
        let url = scratch.file("digests.json")
        try FrameDigests(frames: [a, b, c]).write(to: url)
        let text = try String(contentsOf: url, encoding: .utf8)
        XCTAssertTrue(text.contains("\"frames\""))
        let loaded = try FrameDigests.load(contentsOf: url)
        XCTAssertEqual(loaded.frames, [a, b, c])

        let same = DigestReport.compare(rendered: loaded, baseline: loaded)
        XCTAssertEqual(same.matched, 3); XCTAssertEqual(same.total, 3); XCTAssertNil(same.firstMismatch)
        let one = DigestReport.compare(rendered: FrameDigests(frames: [a, c, c]), baseline: loaded)
        XCTAssertEqual(one.matched, 2); XCTAssertEqual(one.firstMismatch, 1)
        let short = DigestReport.compare(rendered: FrameDigests(frames: [a, b]), baseline: loaded)
        XCTAssertEqual(short.matched, 2); XCTAssertEqual(short.total, 3); XCTAssertEqual(short.firstMismatch, 2)

        try scratch.write("{\"frames\": [\"XYZ\"]}", to: "bad.json")
        XCTAssertThrowsError(try FrameDigests.load(contentsOf: scratch.file("bad.json"))) { error in
            XCTAssertTrue("\(error)".contains("frames[0]"))
        }
        try scratch.write("[]", to: "bad2.json")
        XCTAssertThrowsError(try FrameDigests.load(contentsOf: scratch.file("bad2.json")))
    }

    func testPNGSequenceByteEquality() throws {
        let scratch = try Scratch()
        for n in 1...3 {
            try scratch.write("frame \(n)", to: "r/\(OutputFormat.pngSequenceFileName(frame: n))")
            try scratch.write("frame \(n)", to: "b/\(OutputFormat.pngSequenceFileName(frame: n))")
        }
        try scratch.write("sidecar", to: "r/audio.m4a")
        var report = try PNGSequenceComparison.compare(rendered: scratch.file("r"), baseline: scratch.file("b"))
        XCTAssertTrue(report.passed)
        XCTAssertEqual(report.matchedCount, 3)

        try scratch.write("changed", to: "r/frame_000002.png")
        report = try PNGSequenceComparison.compare(rendered: scratch.file("r"), baseline: scratch.file("b"))
        XCTAssertFalse(report.passed)
        XCTAssertEqual(report.mismatchedFrames, [2])

        try scratch.write("frame 2", to: "r/frame_000002.png")
        try scratch.write("frame 4", to: "b/frame_000004.png")
        report = try PNGSequenceComparison.compare(rendered: scratch.file("r"), baseline: scratch.file("b"))
        XCTAssertFalse(report.passed, "a count mismatch fails even when every common frame matches")
        XCTAssertEqual(report.mismatchedFrames, [])
        XCTAssertTrue(report.reason!.contains("rendered 3 frames, baseline has 4"))

        try scratch.write("frame 9", to: "r/frame_000009.png")
        XCTAssertThrowsError(try PNGSequenceComparison.compare(rendered: scratch.file("r"), baseline: scratch.file("b"))) { error in
            XCTAssertTrue("\(error)".contains("expected frame 4 but found frame_000009.png"), "\(error)")
        }
    }
}
