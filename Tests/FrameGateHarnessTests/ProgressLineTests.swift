import Foundation
import XCTest
import FrameGateTestSupport

/// `framegate test` on a terminal draws a progress line per fixture (fixture, stage, frames, ETA) that the
/// log lines clear; with stderr not a terminal there is no progress output at all.
final class ProgressLineTests: XCTestCase {
    func testProgressLineOnATerminalOnly() throws {
        let workspace = try HarnessWorkspace()
        try workspace.writeTiny("tty-box", TinyFixture())
        XCTAssertEqual(try workspace.test(["--update"]).status, 0)

        // script(1) gives the run a pseudo-terminal; its stdout/stderr both arrive on script's stdout.
        let command = ([try framegateBinary().path, "test", "--fixtures", workspace.fixtures.path, "--baselines",
                        workspace.baselines.path].map { "'\($0)'" }).joined(separator: " ") + " >/dev/null"
        let terminal = try runProcess("/usr/bin/script", ["-qefc", command, "/dev/null"], environment: HarnessWorkspace.quietGitHub)
        XCTAssertEqual(terminal.status, 0, terminal.stdout + terminal.stderr)
        XCTAssertTrue(terminal.stdout.contains("\u{1B}[Ktty-box capture "), terminal.stdout.debugDescription)
        XCTAssertTrue(terminal.stdout.contains("10/10 frames"), terminal.stdout.debugDescription)
        XCTAssertTrue(terminal.stdout.contains("ETA"), terminal.stdout.debugDescription)
        XCTAssertTrue(terminal.stdout.contains("\u{1B}[KPASS tty-box"), "the log line clears the progress line")

        // Control: stderr a pipe — the log as it always was, no progress line.
        let piped = try workspace.test([])
        XCTAssertEqual(piped.status, 0)
        XCTAssertFalse(piped.stderr.contains("\u{1B}"), piped.stderr.debugDescription)
        XCTAssertFalse(piped.stderr.contains("frames  "), piped.stderr)
        XCTAssertTrue(piped.stderr.contains("PASS tty-box"))
    }
}
