import Foundation
import FrameGateMedia
import XCTest
import FrameGateTestSupport

/// One bad input or fault of the catalogue: the command, what must come out, and what may change.
struct CatalogueRow {
    var name: String
    /// Arguments after `framegate`; `@W` expands to the workspace, `@T` to the row's temp directory.
    var arguments: [String]
    var status: Int32
    /// The code of the `error[CODE]` line; nil for a success row.
    var code: String?
    /// Paths (relative to the workspace) the row may create or replace; everything else must be unchanged.
    var outputs: [String] = []
    var environment: [String: String] = [:]
    var fault: CatalogueFault? = nil
    /// Run before the command (creates the row's own inputs inside the workspace: they become "user files").
    var prepare: ((URL) throws -> Void)? = nil
    /// Extra assertions on the finished run (stderr text, files); throw or return a problem to fail the row.
    var check: ((CatalogueResult) -> String?)? = nil
    /// Run after the command with the same temp directory (e.g. the next run that sweeps a killed run's
    /// litter); it must exit 0, and the leftover checks apply after it.
    var followUp: [String]? = nil
}

enum CatalogueFault {
    /// Deliver `signal` once the row's browser (or chunk worker) is running.
    case signal(Int32, waitFor: String)
    /// SIGKILL the row's browser once it is running.
    case killBrowser
    /// SIGKILL the renderer process of the row's browser (what an out-of-memory page amounts to).
    case killRenderer
    /// SIGKILL FrameGate itself (nothing can clean up) once `waitFor` is running.
    case killSelf(waitFor: String)
}

struct CatalogueResult {
    var status: Int32
    var stderr: String
    var workspace: URL
    var seconds: Double
}

/// Runs rows through the real `framegate` executable and checks the promises every row must keep: the
/// documented exit status and code, every error line coded, no browser or worker process left running,
/// no `framegate-*` temporary directory, no staged/partial file anywhere in the workspace, and every
/// pre-existing file of the workspace unchanged except the row's declared outputs.
final class CatalogueRunner {
    let workspace: URL
    let scratch: URL
    let executable: String

    init(workspace: URL, scratch: URL, executable: String) {
        self.workspace = workspace; self.scratch = scratch; self.executable = executable
    }

    /// Returns the problems of the row (empty: the row passed).
    func run(_ row: CatalogueRow) throws -> (problems: [String], seconds: Double) {
        let temp = scratch.appendingPathComponent("tmp-\(row.name)")
        try? FileManager.default.removeItem(at: temp)
        try FileManager.default.createDirectory(at: temp, withIntermediateDirectories: true)
        try row.prepare?(workspace)
        let before = try Self.snapshot(workspace)
        let arguments = row.arguments.map {
            $0.replacingOccurrences(of: "@W", with: workspace.path).replacingOccurrences(of: "@T", with: temp.path)
        }
        let started = Date()
        let (status, stderr) = try execute(arguments, temp: temp, environment: row.environment, fault: row.fault)
        let seconds = Date().timeIntervalSince(started)
        var problems: [String] = []
        if let followUp = row.followUp {
            // The killed run's workers must notice on their own before the next run starts.
            if let leftover = Self.processesMentioning(temp.path) { problems.append("process left running after the kill: \(leftover)") }
            let next = followUp.map { $0.replacingOccurrences(of: "@W", with: workspace.path).replacingOccurrences(of: "@T", with: temp.path) }
            let (nextStatus, nextErrors) = try execute(next, temp: temp, environment: row.environment, fault: nil)
            if nextStatus != 0 { problems.append("the follow-up run exited \(nextStatus): \(nextErrors.suffix(300))") }
        }
        if status != row.status { problems.append("exit \(status), expected \(row.status)") }
        let errorLines = stderr.split(separator: "\n").filter { $0.lowercased().hasPrefix("error") }
        if let code = row.code {
            if !errorLines.contains(where: { $0.hasPrefix("error[\(code)]: ") }) { problems.append("no error[\(code)] line") }
        } else if !errorLines.isEmpty {
            problems.append("unexpected error line")
        }
        if let uncoded = errorLines.first(where: { !$0.hasPrefix("error[") }) { problems.append("uncoded error line: \(uncoded)") }
        if let leftover = Self.processesMentioning(temp.path) { problems.append("process left running: \(leftover)") }
        let litter = (try? FileManager.default.contentsOfDirectory(atPath: temp.path))?.filter { $0.hasPrefix("framegate-") } ?? []
        if !litter.isEmpty { problems.append("temporary directories left: \(litter)") }
        let after = try Self.snapshot(workspace)
        // Staging named with this test process's pid stands for a live run's files (kept on purpose).
        let partial = after.keys.filter { path in Self.stagingMarkers.contains { path.contains($0) } && !path.contains("-\(getpid())-") }
        if !partial.isEmpty { problems.append("staged/partial files left: \(partial.sorted().prefix(3))") }
        let allowed = { (path: String) in row.outputs.contains { path == $0 || path.hasPrefix($0 + "/") || path.hasPrefix($0 + ".chunk.json") } }
        let changed = Set(before.keys).union(after.keys).filter { before[$0] != after[$0] && !allowed($0) }
        if !changed.isEmpty { problems.append("user files changed: \(changed.sorted().prefix(4))") }
        if let extra = row.check?(CatalogueResult(status: status, stderr: stderr, workspace: workspace, seconds: seconds)) {
            problems.append(extra)
        }
        if !problems.isEmpty { problems.append("stderr: \(stderr.split(separator: "\n").filter { $0.hasPrefix("error") }.prefix(2).joined(separator: " | "))") }
        try? FileManager.default.removeItem(at: temp)
        return (problems, seconds)
    }

    static let stagingMarkers = [".partial-", ".tmp-", ".work-", ".planning-", ".assemble-", ".new-", ".old-"]

    private func execute(_ arguments: [String], temp: URL, environment: [String: String],
                         fault: CatalogueFault?) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = workspace
        var env = ProcessInfo.processInfo.environment
        env["TMPDIR"] = temp.path
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let log = scratch.appendingPathComponent("stderr-\(UUID().uuidString).txt")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardError = handle
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        if let fault { inject(fault, into: process, temp: temp) }
        process.waitUntilExit()
        try handle.close()
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(at: log)
        return (process.terminationStatus, text)
    }

    private func inject(_ fault: CatalogueFault, into process: Process, temp: URL) {
        let deadline = Date().addingTimeInterval(60)
        switch fault {
        case let .killSelf(waitFor):
            while process.isRunning, Date() < deadline, Self.pids(matching: waitFor, and: temp.path).isEmpty { usleep(50_000) }
            usleep(800_000)
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        case let .signal(number, waitFor):
            while process.isRunning, Date() < deadline, Self.pids(matching: waitFor, and: temp.path).isEmpty { usleep(50_000) }
            usleep(800_000)
            if process.isRunning { kill(process.processIdentifier, number) }
        case .killBrowser, .killRenderer:
            var browsers: [Int32] = []
            while process.isRunning, Date() < deadline {
                browsers = Self.pids(matching: "--remote-debugging-pipe", and: temp.path)
                if !browsers.isEmpty { break }
                usleep(50_000)
            }
            usleep(1_500_000)
            if case .killRenderer = fault {
                let renderers = browsers.flatMap { Self.descendants(of: $0) }.filter { pid in
                    let raw = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") ?? Data()
                    return String(decoding: raw, as: UTF8.self).contains("--type=renderer")
                }
                for pid in renderers { kill(pid, SIGKILL) }
            } else {
                for pid in browsers { kill(pid, SIGKILL) }
            }
        }
    }

    /// Every process below `root` in the process tree.
    static func descendants(of root: Int32) -> [Int32] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        var parent: [Int32: Int32] = [:]
        for entry in entries {
            guard let pid = Int32(entry), let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { continue }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 1, let ppid = Int32(fields[1]) { parent[pid] = ppid }
        }
        return parent.keys.filter { pid in
            var current = parent[pid]
            while let p = current, p > 1 { if p == root { return true }; current = parent[p] }
            return false
        }
    }

    /// Processes whose command line contains both strings.
    static func pids(matching a: String, and b: String) -> [Int32] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        return entries.compactMap { entry -> Int32? in
            guard let pid = Int32(entry),
                  let raw = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline") else { return nil }
            let line = String(decoding: raw.map { $0 == 0 ? 32 : $0 }, as: UTF8.self)
            return line.contains(a) && line.contains(b) ? pid : nil
        }
    }

    /// A live (non-zombie) process mentioning `path`, after giving exiting ones 3 s.
    static func processesMentioning(_ path: String) -> String? {
        let deadline = Date().addingTimeInterval(3)
        while true {
            let live = pids(matching: path, and: path).filter { pid in
                guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                      let close = stat.lastIndex(of: ")") else { return false }
                return stat[stat.index(after: close)...].split(separator: " ").first != "Z"
            }
            if live.isEmpty { return nil }
            if Date() > deadline {
                let raw = FileManager.default.contents(atPath: "/proc/\(live[0])/cmdline") ?? Data()
                return String(decoding: raw.prefix(160).map { $0 == 0 ? 32 : $0 }, as: UTF8.self)
            }
            usleep(100_000)
        }
    }

    /// Relative path → SHA-256 of every file (symlinks as their target text), hidden entries included.
    static func snapshot(_ root: URL) throws -> [String: String] {
        var result: [String: String] = [:]
        let base = root.standardizedFileURL.path
        guard let enumerator = FileManager.default.enumerator(atPath: base) else { return result }
        while let relative = enumerator.nextObject() as? String {
            let path = base + "/" + relative
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            switch info.st_mode & S_IFMT {
            case S_IFLNK:
                result[relative] = "link:" + ((try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?")
            case S_IFREG:
                let data = FileManager.default.contents(atPath: path) ?? Data()
                result[relative] = SHA256Digest.hex(of: data)
            case S_IFDIR:
                result[relative] = "dir"
            default:
                result[relative] = "other"
            }
        }
        return result
    }
}
