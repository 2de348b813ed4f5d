import FrameGateBrowser
import Foundation
import FrameGateCore

/// The browser build's version, read from its `--version` without starting a browser session, so a
/// worker can refuse a mismatched plan before it launches anything.
public enum InstalledBrowser {
    /// Runs `--version` and waits for it on a queue of its own: waiting for a process must not hold a task thread.
    public static func version(_ options: BrowserOptions) async throws -> String {
        try await WorkQueue(label: "browser-version").run { try blockingVersion(options) }
    }

    private static func blockingVersion(_ options: BrowserOptions) throws -> String {
        let executable = try options.resolveExecutable()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["--version"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
