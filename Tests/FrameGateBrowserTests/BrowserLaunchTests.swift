import FrameGateMedia
import XCTest
import FrameGateTestSupport
@testable import FrameGateBrowser

final class BrowserLaunchTests: XCTestCase {
    func testLaunchReportsVersionAndCloseReapsTheProcess() async throws {
        let browser = try await Browser.launch()
        let version = await browser.version
        XCTAssertTrue(version.hasPrefix("HeadlessChrome/"), version)
        let pid = browser.pid
        XCTAssertEqual(kill(pid, 0), 0, "browser should be alive before close")
        await browser.close()
        // Reaped: the pid no longer names a process (not even a zombie).
        XCTAssertEqual(kill(pid, 0), -1)
        XCTAssertEqual(errno, ESRCH)
    }

    func testDroppedBrowserIsKilledAndReaped() async throws {
        var browser: Browser? = try await Browser.launch()
        let pid = browser!.pid
        XCTAssertEqual(kill(pid, 0), 0)
        browser = nil
        XCTAssertNil(browser)
        var gone = false
        for _ in 0..<250 where !gone {
            gone = kill(pid, 0) == -1 && errno == ESRCH
            if !gone { try await Task.sleep(nanoseconds: 20_000_000) }
        }
        XCTAssertTrue(gone, "a browser dropped without close() must be killed and reaped")
    }

    func testMissingExecutableIsReportedWithTheFix() async throws {
        do {
            _ = try await Browser.launch(BrowserOptions(executable: "/nonexistent/chrome"))
            XCTFail("launch should fail")
        } catch let error as BrowserError {
            XCTAssertEqual(error.code, .browserNotFound)
            XCTAssertTrue(error.message.contains("/nonexistent/chrome"), error.message)
            XCTAssertTrue(error.message.contains("install"), error.message)
        }
    }

    func testExecutableResolutionPrefersTheEnvironmentVariable() throws {
        let options = BrowserOptions()
        XCTAssertEqual(try options.resolveExecutable(environment: ["FRAMEGATE_CHROME": "/bin/true", "PATH": "/usr/bin"]), "/bin/true")
        // A variable naming nothing is BROWSER_NOT_FOUND up front, not a crash after a failed spawn.
        XCTAssertThrowsError(try options.resolveExecutable(environment: ["FRAMEGATE_CHROME": "/opt/x/chrome", "PATH": "/usr/bin"])) { error in
            XCTAssertEqual((error as? BrowserError)?.code, .browserNotFound)
        }
        XCTAssertEqual(try options.resolveExecutable(environment: ["PATH": "/usr/bin"]), "/usr/bin/chromium-headless-shell")
        XCTAssertThrowsError(try options.resolveExecutable(environment: ["PATH": "/nonexistent"]))
    }
}
