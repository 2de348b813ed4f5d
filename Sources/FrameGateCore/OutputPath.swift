import Foundation

/// The one policy for where FrameGate may write: every command (render, render-chunk, assemble, plan)
/// and every library entry point asks `OutputPath.check` before anything starts, so a mistyped `-o`
/// can never replace a project, a planDir, a directory of the user's files or a file of another kind.
public enum OutputPath {
    /// What the output will be.
    public enum Kind: Sendable, Equatable {
        /// A single file; `extensions` are the accepted name endings (lowercase, no dot).
        case file(extensions: [String])
        /// A directory FrameGate fills (png-sequence output, a planDir, a png-sequence chunk). `reusable`
        /// says which existing entries it may replace: a directory holding anything else is refused.
        case directory(reusable: @Sendable (String) -> Bool)

        public static func == (lhs: Kind, rhs: Kind) -> Bool {
            switch (lhs, rhs) {
            case let (.file(a), .file(b)): return a == b
            case (.directory, .directory): return true
            default: return false
            }
        }
    }

    /// A directory (or file) the output must not be, be inside, or contain.
    public struct Protected: Sendable {
        public var url: URL
        /// What it is, for the message: "the project directory", "the planDir", "chunk 3".
        public var role: String
        public init(_ url: URL, role: String) { self.url = url; self.role = role }
    }

    /// Refuses (`OUTPUT_PATH_REFUSED`) an output that would destroy something the user did not name as
    /// output. An existing regular file of the same kind may be replaced (like ffmpeg -y); a file never
    /// replaces a directory; a directory output only replaces a directory of its own kind.
    public static func check(_ output: URL, label: String = "-o", kind: Kind, protecting protected: [Protected]) throws {
        let target = resolved(output)
        for item in protected {
            let guarded = resolved(item.url)
            if target == guarded {
                throw OutputPathError(path: output.path, reason: "is \(item.role)", fix: "write the output somewhere else, e.g. \(suggestion(beside: item.url, kind: kind))")
            }
            if target.hasPrefix(guarded == "/" ? "/" : guarded + "/") {
                throw OutputPathError(path: output.path, reason: "is inside \(item.role) (\(item.url.path))",
                                      fix: "write the output outside it, e.g. \(suggestion(beside: item.url, kind: kind))")
            }
            if guarded.hasPrefix(target == "/" ? "/" : target + "/") {
                throw OutputPathError(path: output.path, reason: "contains \(item.role) (\(item.url.path))",
                                      fix: "give a path that does not hold it, e.g. \(suggestion(beside: item.url, kind: kind))")
            }
        }
        // The nearest existing ancestor must be a directory: `file.txt/out.mp4` cannot be created.
        var ancestor = output.standardizedFileURL.deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: ancestor.path), ancestor.path != "/" { ancestor = ancestor.deletingLastPathComponent() }
        var ancestorIsDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: ancestor.path, isDirectory: &ancestorIsDirectory), !ancestorIsDirectory.boolValue {
            throw OutputPathError(path: output.path, reason: "would be created below \(ancestor.path), which is a file",
                                  fix: "give a path whose directories exist or can be created")
        }
        var info = stat()
        let exists = lstat(output.path, &info) == 0
        let isDirectory = exists && (info.st_mode & S_IFMT) == S_IFDIR
        switch kind {
        case let .file(extensions):
            let ext = output.pathExtension.lowercased()
            if !extensions.isEmpty, !extensions.contains(ext) {
                let wanted = extensions.map { ".\($0)" }.joined(separator: " or ")
                throw OutputPathError(path: output.path, reason: "does not end in \(wanted), the format being written",
                                      fix: "name it \(output.deletingPathExtension().lastPathComponent).\(extensions[0]) or pick the --format that matches the name")
            }
            if isDirectory {
                throw OutputPathError(path: output.path, reason: "is a directory and a file output never replaces one",
                                      fix: "give a file name, e.g. \(output.appendingPathComponent("output.\(extensions.first ?? "mp4")").path)")
            }
            if exists, (info.st_mode & S_IFMT) != S_IFREG, (info.st_mode & S_IFMT) != S_IFLNK {
                throw OutputPathError(path: output.path, reason: "exists and is not a regular file", fix: "give a new file name")
            }
        case let .directory(reusable):
            guard exists else { return }
            guard isDirectory else {
                throw OutputPathError(path: output.path, reason: "is an existing file and this output is a directory",
                                      fix: "give a new directory name, or remove the file yourself")
            }
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: output.path)) ?? []
            if let foreign = entries.sorted().first(where: { !reusable($0) }) {
                throw OutputPathError(path: output.path, reason: "is a directory holding files FrameGate did not write (\(foreign)\(entries.count > 1 ? ", …" : ""))",
                                      fix: "give a new or empty directory; FrameGate only replaces a directory holding its own earlier output")
            }
        }
    }

    /// The path with `.`/`..` collapsed and symlinks of its existing part resolved, so `P/../P` and a
    /// link to P all compare equal to P.
    static func resolved(_ url: URL) -> String {
        var existing = url.standardizedFileURL
        var tail: [String] = []
        while !FileManager.default.fileExists(atPath: existing.path), existing.path != "/" {
            tail.insert(existing.lastPathComponent, at: 0)
            existing = existing.deletingLastPathComponent()
        }
        var path = existing.resolvingSymlinksInPath().path
        for part in tail { path = (path == "/" ? "" : path) + "/" + part }
        return path
    }

    private static func suggestion(beside url: URL, kind: Kind) -> String {
        let parent = url.standardizedFileURL.deletingLastPathComponent()
        switch kind {
        case let .file(extensions): return parent.appendingPathComponent("\(url.lastPathComponent)-output.\(extensions.first ?? "mp4")").path
        case .directory: return parent.appendingPathComponent("\(url.lastPathComponent)-output").path
        }
    }
}

public struct OutputPathError: CodedError, Equatable {
    public var path: String
    public var reason: String
    public var fix: String
    public var code: ErrorCode { .outputPathRefused }
    public var message: String { "refusing to write \(path): it \(reason); \(fix)" }
}
