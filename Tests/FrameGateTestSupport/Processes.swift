import Foundation
import FrameGateCore
import XCTest

/// A finished child process: exit status and both streams as text.
public struct ProcessResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String

    public init(status: Int32, stdout: String, stderr: String) {
        self.status = status; self.stdout = stdout; self.stderr = stderr
    }
}

/// Runs a process to completion, draining both pipes (stderr on a thread of its own, so neither can fill up);
/// `environment` entries are added to this process's.
func runCollecting(_ executable: URL, _ arguments: [String],
                   environment: [String: String] = [:]) throws -> (status: Int32, stdout: Data, stderr: Data) {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if !environment.isEmpty {
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    }
    let output = Pipe(), errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let errorData = Locked(Data())
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
        let data = errors.fileHandleForReading.readDataToEndOfFile()
        errorData.withLock { $0 = data }
        group.leave()
    }
    let data = output.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return (process.terminationStatus, data, errorData.value)
}

/// Runs a process to completion and returns its status and output; a non-zero status is not an error.
public func runProcess(_ executable: URL, _ arguments: [String], environment: [String: String] = [:]) throws -> ProcessResult {
    let (status, stdout, stderr) = try runCollecting(executable, arguments, environment: environment)
    return ProcessResult(status: status, stdout: String(decoding: stdout, as: UTF8.self),
                         stderr: String(decoding: stderr, as: UTF8.self))
}

/// The same, waiting off the cooperative pool, for async tests (several may run side by side).
public func runProcess(_ executable: URL, _ arguments: [String], environment: [String: String] = [:]) async throws -> ProcessResult {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async {
            continuation.resume(with: Result { try runProcess(executable, arguments, environment: environment) })
        }
    }
}

/// The built `framegate` executable. Test targets do not depend on it, so `swift build` (which ci/test runs
/// before `swift test`) must have built it into the products directory that also holds the test bundle.
public func framegateBinary(file: StaticString = #filePath, line: UInt = #line) throws -> URL {
    var candidates: [URL] = []
    for start in [Bundle.main.executableURL, URL(fileURLWithPath: CommandLine.arguments[0])].compactMap({ $0 }) {
        var dir = start.deletingLastPathComponent()
        for _ in 0..<3 {
            candidates.append(dir.appendingPathComponent("framegate"))
            dir = dir.deletingLastPathComponent()
        }
    }
    // The package root, from this file's path (Tests/FrameGateTestSupport/Processes.swift).
    let packageRoot = URL(fileURLWithPath: "\(#filePath)").deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    candidates.append(packageRoot.appendingPathComponent(".build/debug/framegate"))
    if let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) { return found }
    let message = "the framegate executable was not found (looked at \(candidates.map(\.path).joined(separator: ", "))); run `swift build` before `swift test`"
    XCTFail(message, file: file, line: line)
    throw NSError(domain: "FrameGateTestSupport", code: 1, userInfo: [NSLocalizedDescriptionKey: message])
}

/// `runProcess` for a tool named by its path.
public func runProcess(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws -> ProcessResult {
    try runProcess(URL(fileURLWithPath: executable), arguments, environment: environment)
}
