import Foundation
import XCTest
import FrameGateCore

/// ChildProcess: exit status and stderr, a child killed by a signal, and SIGTERM on cancellation.
final class ChildProcessTests: XCTestCase {
    let shell = URL(fileURLWithPath: "/bin/sh")

    func testStatusAndStderrAreThoseOfTheChild() async throws {
        let failed = try await ChildProcess.run(shell, ["-c", "echo out; echo \"err $FG_TEST\" >&2; exit 3"], environment: ["FG_TEST": "given"])
        XCTAssertEqual(failed.status, 3)
        XCTAssertEqual(failed.stderr, "err given\n", "stdout is not collected; the environment is passed on")
        let fine = try await ChildProcess.run(shell, ["-c", "exit 0"])
        XCTAssertEqual(fine.status, 0, "control")
        let killed = try await ChildProcess.run(shell, ["-c", "kill -9 $$"])
        XCTAssertEqual(killed.status, 128 + SIGKILL)
    }

    func testCancellingTheTaskTerminatesTheChild() async throws {
        let marker = FileManager.default.temporaryDirectory.appendingPathComponent("fg-child-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: marker) }
        let shell = self.shell
        let task = Task {
            try await ChildProcess.run(shell, ["-c", "trap 'echo terminated > \(marker.path); exit 143' TERM; echo started > \(marker.path); while :; do sleep 0.05; done"])
        }
        while (try? String(contentsOf: marker, encoding: .utf8)) != "started\n" { try await Task.sleep(for: .milliseconds(20)) }
        task.cancel()
        let result = try await task.value
        XCTAssertEqual(result.status, 143)
        XCTAssertEqual(try String(contentsOf: marker, encoding: .utf8), "terminated\n")
    }

    func testAMissingProgramIsAnIOError() async {
        do {
            _ = try await ChildProcess.run(URL(fileURLWithPath: "/nonexistent/framegate"), [])
            XCTFail("expected an error")
        } catch let error as CoreError {
            XCTAssertEqual(error.code, .ioFailed)
            XCTAssertTrue(error.description.contains("/nonexistent/framegate"), error.description)
        } catch { XCTFail("\(error)") }
    }
}
