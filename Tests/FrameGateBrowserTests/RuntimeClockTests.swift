import FrameGateMedia
import XCTest
import FrameGateTestSupport
@testable import FrameGateBrowser
import FrameGateCore

/// No real clock, one environment, seeds that follow the callback (issue 13).
final class RuntimeClockTests: XCTestCase {
    private func open(_ html: String, options: CaptureOptions = CaptureOptions(width: 160, height: 90)) async throws -> CaptureSession {
        let project = try TestProject(["index.html": html])
        return try await CaptureSession.open(browser: try await BrowserPool.shared.get(), project: project.source, options: options)
    }

    func testEveryClockReadsCompositionTime() async throws {
        let session = try await open(page(body: "", script: """
            document.addEventListener('probe', (e) => { window.stamp = e.timeStamp; });
            """))
        try await session.seek(to: 1.5)
        let epoch = 1_704_067_200_000.0 // 2024-01-01T00:00:00Z
        func number(_ expression: String) async throws -> Double {
            let json = try await session.evaluate(expression)
            return try XCTUnwrap(Double(json), "\(expression) → \(json)")
        }
        let utc = "{timeZone: 'UTC', hour: '2-digit', minute: '2-digit', second: '2-digit', fractionalSecondDigits: 3, hourCycle: 'h23'}"
        let formatted = try await session.evaluate("new Intl.DateTimeFormat('en-US', \(utc)).format()")
        XCTAssertEqual(formatted, "\"00:00:01.500\"", "Intl format() without a date formats composition now")
        let parts = try await session.evaluate("new Intl.DateTimeFormat('en-US', \(utc)).formatToParts().map(p => p.value).join('')")
        XCTAssertEqual(parts, "\"00:00:01.500\"")
        let performanceOrigin = try await number("performance.timeOrigin")
        XCTAssertEqual(performanceOrigin, epoch)
        let timeline = try await number("document.timeline.currentTime")
        XCTAssertEqual(timeline, 1500)
        let stamp = try await number("document.dispatchEvent(new Event('probe')), window.stamp")
        XCTAssertEqual(stamp, 1500)
        let localeTime = try await session.evaluate("new Date().toLocaleTimeString('en-US', {timeZone: 'UTC'})")
        XCTAssertEqual(localeTime, "\"12:00:01 AM\"")
        // Control: a date given explicitly is still formatted as given.
        let explicit = try await session.evaluate("new Intl.DateTimeFormat('en-US', \(utc)).format(\(epoch) + 3723004)")
        XCTAssertEqual(explicit, "\"01:02:03.004\"")
        await session.close()
    }

    func testTimeZoneAndLocaleComeFromTheRenderNotTheHost() async throws {
        let probe = "[new Date(0).getTimezoneOffset(), Intl.DateTimeFormat().resolvedOptions().timeZone, navigator.language, (1234.5).toLocaleString()]"
        let plain = try await open(page(body: ""))
        let defaults = try await plain.evaluate(probe)
        XCTAssertEqual(defaults, #"[0,"UTC","en-US","1,234.5"]"#, "default UTC / en-US whatever TZ the host has")
        await plain.close()

        let kolkata = try await open(page(body: ""), options: CaptureOptions(width: 160, height: 90, timezone: "Asia/Kolkata", locale: "de-DE"))
        let overridden = try await kolkata.evaluate(probe)
        // ICU names the zone by its canonical alias.
        XCTAssertTrue([#"[-330,"Asia/Kolkata","de-DE","1.234,5"]"#, #"[-330,"Asia/Calcutta","de-DE","1.234,5"]"#].contains(overridden), overridden)
        await kolkata.close()
    }

    func testAnUnknownTimeZoneIsRefusedNamingIt() async throws {
        let project = try TestProject(["index.html": page(body: "")])
        let browser = try await BrowserPool.shared.get()
        let error = await expectCode(.invalidArgument) {
            try await CaptureSession.open(browser: browser, project: project.source,
                                          options: CaptureOptions(width: 160, height: 90, timezone: "Mars/Olympus"))
        }
        XCTAssertTrue(error?.message.contains("Mars/Olympus") ?? false, "\(String(describing: error))")
    }

    /// Intervals caught up by one long seek draw the same numbers as intervals run one frame at a time.
    func testTimerCallbacksUseTheRandomStateOfTheirOwnDueTime() async throws {
        let html = page(body: "", script: """
            window.log = [];
            setInterval(() => { window.log.push(Math.random()); }, 100);
            """)
        let jump = try await open(html)
        try await jump.seek(to: 1.0)
        let caughtUp = try await jump.evaluate("JSON.stringify(window.log)")
        await jump.close()

        let stepped = try await open(html)
        for frame in 1...30 { try await stepped.seek(to: FrameRate(30).time(ofFrame: frame)) }
        let oneByOne = try await stepped.evaluate("JSON.stringify(window.log)")
        await stepped.close()

        XCTAssertEqual(caughtUp, oneByOne)
        let values = try JSONDecoder().decode([Double].self, from: Data(try JSONDecoder().decode(String.self, from: Data(caughtUp.utf8)).utf8))
        XCTAssertEqual(values.count, 10)
        XCTAssertEqual(Set(values).count, 10, "each callback draws its own number")
    }

    func testARunawayTimerLoopFailsTheSeekInsteadOfStoppingQuietly() async throws {
        // The loop starts at 0.2 s, so the page loads; the seek past it must fail.
        let runaway = try await open(page(body: "", script: "setTimeout(() => setTimeout(function again() { setTimeout(again, 0); }, 0), 200);"))
        let error = await expectCode(.compositionScriptError) { try await runaway.seek(to: 0.5) }
        XCTAssertTrue(error?.message.contains("timer callbacks") ?? false, "\(String(describing: error))")
        await runaway.close()
        // Control: a timer chain with a real delay seeks fine.
        let paced = try await open(page(body: "", script: "window.n = 0; setTimeout(function again() { window.n++; setTimeout(again, 1); }, 0);"))
        try await paced.seek(to: 0.5)
        let count = try await paced.evaluate("window.n")
        XCTAssertEqual(count, "501")
        await paced.close()
    }
}
