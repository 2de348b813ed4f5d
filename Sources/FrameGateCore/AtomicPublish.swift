import Foundation

/// All-or-nothing writes, for readers and for an interrupted process: content is staged in a hidden
/// sibling of the destination (same filesystem, so rename(2) is atomic) and renamed over it. An update
/// killed half-way leaves the old file or directory in place. The one home of FrameGate's publishing:
/// outputs, chunks, planDirs and baselines all go through here.
public enum AtomicPublish {
    /// A unique hidden sibling of `destination`: `.<name>.<tag>-<pid>-<token>`.
    /// Staged copies ("partial", "tmp") are registered with ProcessCleanup so an interrupted run
    /// removes them; a backup ("old") holds the user's previous output and is never registered.
    public static func stagingURL(for destination: URL, tag: String = "partial") -> URL {
        let token = UUID().uuidString.prefix(8)
        let url = destination.deletingLastPathComponent()
            .appendingPathComponent(".\(destination.lastPathComponent).\(tag)-\(ProcessInfo.processInfo.processIdentifier)-\(token)")
        if tag != "old" { ProcessCleanup.register(path: url) }
        return url
    }

    /// Removes what a run killed with SIGKILL left beside `destination`: staged siblings of any name in its
    /// directory whose owning process is gone. Live runs' staging is never touched.
    public static func sweepStaleStaging(besides destination: URL) {
        let directory = destination.deletingLastPathComponent()
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return }
        var prefixes = Set<String>()
        for entry in entries where entry.hasPrefix(".") {
            for tag in [".partial-", ".tmp-"] {
                if let range = entry.range(of: tag, options: .backwards) { prefixes.insert(String(entry[..<range.upperBound])) }
            }
        }
        StaleLitter.sweep(in: directory, prefixes: Array(prefixes))
    }

    /// Writes `data` to `url` through a staged sibling.
    public static func write(_ data: Data, to url: URL) throws {
        try createDirectory(url.deletingLastPathComponent())
        let temp = stagingURL(for: url, tag: "tmp")
        do {
            do { try data.write(to: temp) } catch { throw CoreError.io(path: url.path, reason: error.localizedDescription) }
            try rename(temp, url)
        } catch {
            try? FileManager.default.removeItem(at: temp)
            throw error
        }
    }

    /// Moves the finished `staged` file or directory to `destination`. A directory already at the
    /// destination is swapped out through a backup name, so it survives until the new one is in place.
    public static func publish(_ staged: URL, to destination: URL) throws {
        try createDirectory(destination.deletingLastPathComponent())
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: destination.path, isDirectory: &isDirectory), isDirectory.boolValue {
            var stagedIsDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: staged.path, isDirectory: &stagedIsDirectory), stagedIsDirectory.boolValue else {
                try? FileManager.default.removeItem(at: staged)
                throw OutputPathError(path: destination.path, reason: "is a directory and a file output never replaces one",
                                      fix: "give a file name inside it or elsewhere")
            }
            let backup = stagingURL(for: destination, tag: "old")
            try move(destination, to: backup)
            do { try move(staged, to: destination) } catch {
                try? rename(backup, destination)
                throw error
            }
            try? FileManager.default.removeItem(at: backup)
        } else {
            try rename(staged, destination)
        }
    }

    /// Replaces the directory `url` with one that `build` fills. `build` writes into a fresh sibling
    /// directory; only when it succeeds is the old directory renamed away, the new one renamed in, and
    /// the old one deleted. If `build` throws, the old directory is untouched. The only window where `url`
    /// is absent is between two renames; `recoverInterruptedReplace(at:)` undoes a crash inside it.
    public static func replaceDirectory(at url: URL, build: (URL) throws -> Void) throws {
        let parent = url.deletingLastPathComponent()
        try createDirectory(parent)
        let name = url.lastPathComponent
        let token = UUID().uuidString
        let fresh = parent.appendingPathComponent(".\(name).new-\(token)")
        let old = parent.appendingPathComponent(".\(name).old-\(token)")
        try createDirectory(fresh)
        do {
            try build(fresh)
        } catch {
            try? FileManager.default.removeItem(at: fresh)
            throw error
        }
        let hadOld = FileManager.default.fileExists(atPath: url.path)
        do {
            if hadOld { try rename(url, old) }
            try rename(fresh, url)
        } catch {
            // Put the old directory back before reporting, so a failed swap changes nothing.
            if hadOld, !FileManager.default.fileExists(atPath: url.path) { try? rename(old, url) }
            try? FileManager.default.removeItem(at: fresh)
            throw error
        }
        if hadOld { try? FileManager.default.removeItem(at: old) }
    }

    /// After a crash during `replaceDirectory`: if `url` is missing but a renamed-away old copy exists,
    /// moves it back; leftover new/old siblings are deleted. Returns true when it restored something.
    @discardableResult
    public static func recoverInterruptedReplace(at url: URL) throws -> Bool {
        let parent = url.deletingLastPathComponent()
        let name = url.lastPathComponent
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: parent.path) else { return false }
        var restored = false
        for entry in entries.sorted() where entry.hasPrefix(".\(name).old-") {
            let old = parent.appendingPathComponent(entry)
            if !FileManager.default.fileExists(atPath: url.path) {
                try rename(old, url)
                restored = true
            } else {
                try? FileManager.default.removeItem(at: old)
            }
        }
        for entry in entries where entry.hasPrefix(".\(name).new-") {
            try? FileManager.default.removeItem(at: parent.appendingPathComponent(entry))
        }
        return restored
    }

    /// rename(2), falling back to copy-and-remove across filesystems (a temp dir on tmpfs).
    public static func move(_ source: URL, to destination: URL) throws {
        guard Foundation.rename(source.path, destination.path) != 0 else { return }
        guard errno == EXDEV else {
            throw CoreError.io(path: destination.path, reason: "cannot move \(source.lastPathComponent) here: \(String(cString: strerror(errno)))")
        }
        do {
            try FileManager.default.copyItem(at: source, to: destination)
            try FileManager.default.removeItem(at: source)
        } catch {
            throw CoreError.io(path: destination.path, reason: error.localizedDescription)
        }
    }

    public static func createDirectory(_ url: URL) throws {
        do { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) } catch {
            throw CoreError.io(path: url.path, reason: "cannot create directory: \(error.localizedDescription)")
        }
    }

    /// rename(2): atomic, and replaces an existing file (FileManager.moveItem refuses to).
    static func rename(_ from: URL, _ to: URL) throws {
        guard Foundation.rename(from.path, to.path) == 0 else {
            let reason = String(cString: strerror(errno))
            throw CoreError.io(path: to.path, reason: "cannot rename \(from.lastPathComponent) into place: \(reason)")
        }
    }
}
