import Foundation

/// Writes that are all-or-nothing for readers and for an interrupted process: content goes to a temp
/// entry in the destination's directory (same filesystem, so rename(2) is atomic) and is renamed over
/// the destination. An update killed half-way leaves the old file or directory in place.
public enum AtomicFile {
    public static func write(_ data: Data, to url: URL) throws {
        let directory = url.deletingLastPathComponent()
        try createDirectory(directory)
        let temp = directory.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            try data.write(to: temp)
            try rename(temp, url)
        } catch {
            try? FileManager.default.removeItem(at: temp)
            throw error
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

    static func createDirectory(_ url: URL) throws {
        do { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) } catch {
            throw HarnessError.io(path: url.path, reason: "cannot create directory: \(error.localizedDescription)")
        }
    }

    /// rename(2): atomic, and replaces an existing file (FileManager.moveItem refuses to).
    static func rename(_ from: URL, _ to: URL) throws {
        guard Foundation.rename(from.path, to.path) == 0 else {
            let reason = String(cString: strerror(errno))
            throw HarnessError.io(path: to.path, reason: "cannot rename \(from.lastPathComponent) into place: \(reason)")
        }
    }
}
