import Foundation

/// A browser launched with one page open on it, ready to capture: the one way every command that captures
/// frames (render workers, chunks, `framegate check`) starts, so each gets the begin-frame fallback.
public enum CapturePage {
    /// Launches a browser and opens `project` on it. When begin-frame control fails the session's probe
    /// (a compositor that does not draw), that browser cannot take screenshots any more: it is closed, a
    /// second one is launched with `CaptureMethod.screenshot`, and `onFallback` hears why (the CLI prints
    /// one line; the harness logs it).
    public static func open(_ browserOptions: BrowserOptions, project: ProjectSource, options: CaptureOptions,
                            onFallback: @Sendable (String) -> Void = { _ in }) async throws -> (Browser, CaptureSession) {
        let browser = try await Browser.launch(browserOptions)
        do {
            return (browser, try await CaptureSession.open(browser: browser, project: project, options: options))
        } catch let BrowserError.frameControlUnavailable(reason) {
            await browser.close()
            onFallback(reason)
            var screenshots = browserOptions
            screenshots.capture = .screenshot
            let fallback = try await Browser.launch(screenshots)
            do {
                return (fallback, try await CaptureSession.open(browser: fallback, project: project, options: options))
            } catch {
                await fallback.close()
                throw error
            }
        } catch {
            await browser.close()
            throw error
        }
    }

    /// Options for a session that only loads and seeks (vendor, the runtime's duration, the environment's
    /// fonts) and never reads a frame back: screenshots, so no begin-frame probe and nothing to fall back from.
    public static func withoutCapture(_ browserOptions: BrowserOptions) -> BrowserOptions {
        var options = browserOptions
        options.capture = .screenshot
        return options
    }
}
