import FrameGateBrowser
import FrameGateDistributed
import FrameGateEngine
import FrameGateMedia
import Foundation

/// Where a run happened, as the reports show it: the browser build, libav, FrameGate (the engine version the
/// baselines' environment.json records) and the platform.
/// Kept minimal on purpose: it is the reports' view only (gathered once per run, not per baseline).
public struct RunEnvironment: Codable, Sendable, Equatable {
    public var frameGate: String
    /// `chromium-headless-shell --version`, or why it could not be read.
    public var chromium: String
    public var libav: String
    /// Kernel name, release and machine (uname), and the OS version string.
    public var platform: String

    public init(frameGate: String, chromium: String, libav: String, platform: String) {
        self.frameGate = frameGate; self.chromium = chromium; self.libav = libav; self.platform = platform
    }

    /// Reads each value; a browser that cannot be found is reported as such, never fatal (the run itself
    /// reports that error where it matters).
    public static func gather(browserOptions: BrowserOptions = BrowserOptions()) async -> RunEnvironment {
        let chromium: String
        do { chromium = try await InstalledBrowser.version(browserOptions) } catch { chromium = "unknown (\(error))" }
        return RunEnvironment(frameGate: EngineVersion.current, chromium: chromium, libav: LibAVVersion.string, platform: platform)
    }

    static var platform: String {
        var name = utsname()
        uname(&name)
        func text<T>(_ field: T) -> String {
            withUnsafeBytes(of: field) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        }
        return "\(text(name.sysname)) \(text(name.release)) \(text(name.machine)); \(ProcessInfo.processInfo.operatingSystemVersionString)"
    }
}
