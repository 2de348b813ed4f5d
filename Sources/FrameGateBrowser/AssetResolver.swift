import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Maps URLs of the private origin to files inside the project, refusing anything that resolves
/// outside it (`..`, symlinks pointing out), and classifies every other URL as blocked.
struct AssetResolver: Sendable {
    enum Decision: Equatable {
        /// Serve this file (or the entry HTML override).
        case file(path: String, mimeType: String, isEntry: Bool)
        case entryOverride
        case notFound(path: String, isEntry: Bool)
        /// In a top-level directory no project snapshot carries (ProjectSource.excludedTopLevelEntries).
        case excluded(path: String, entry: String)
        case outsideProject(path: String, resolved: String)
        case blocked(url: String)
        /// A remote URL locked in framegate.lock.json: serve its verified file from the store.
        case locked(file: URL, mimeType: String)
        /// data:, blob: and friends: let the browser handle them.
        case passThrough
    }

    let rootPath: String
    /// Real paths of the allowed asset roots: a path inside the project may resolve (through a symlink) into one.
    let allowedRoots: [String]
    let entryPath: String
    let hasEntryOverride: Bool
    let vendored: VendoredAssets

    init(project: ProjectSource) {
        vendored = project.vendored
        rootPath = Self.resolve(project.root.standardizedFileURL.path)
        allowedRoots = project.assetRoots.map { Self.resolve($0.standardizedFileURL.path) }
        entryPath = URL(fileURLWithPath: project.entryPath, relativeTo: URL(fileURLWithPath: "/")).standardizedFileURL.path
        hasEntryOverride = project.entryHTML != nil
    }

    func decide(_ urlText: String) -> Decision {
        let lower = urlText.lowercased()
        if lower.hasPrefix("data:") || lower.hasPrefix("blob:") || lower.hasPrefix("about:") { return .passThrough }
        guard lower.hasPrefix(PrivateOrigin.origin + "/") else {
            if let asset = vendored.asset(for: urlText) { return .locked(file: asset.file, mimeType: asset.contentType) }
            return .blocked(url: urlText)
        }
        let afterOrigin = String(urlText.dropFirst(PrivateOrigin.origin.count))
        let rawPath = String(afterOrigin.prefix { $0 != "?" && $0 != "#" })
        let path = rawPath.removingPercentEncoding ?? rawPath
        if path == "/favicon.ico" { return .notFound(path: path, isEntry: false) }
        guard path.hasPrefix(PrivateOrigin.mountPath) else {
            // Above the mount: a ../ that climbed out of the project, or a root-absolute path.
            return .outsideProject(path: path, resolved: (rootPath as NSString).deletingLastPathComponent + path)
        }
        let relative = String(path.dropFirst(PrivateOrigin.mountPath.count))
        let lexical = URL(fileURLWithPath: rootPath).appendingPathComponent(relative).standardizedFileURL.path
        let resolved = Self.resolve(lexical)
        guard ([rootPath] + allowedRoots).contains(where: { resolved == $0 || resolved.hasPrefix($0 == "/" ? "/" : $0 + "/") }) else {
            return .outsideProject(path: relative, resolved: resolved)
        }
        let isEntry = "/" + relative == entryPath
        let topLevel = String(relative.prefix { $0 != "/" })
        if !isEntry, ProjectSource.excludedTopLevelEntries.contains(topLevel) { return .excluded(path: relative, entry: topLevel) }
        if isEntry && hasEntryOverride { return .entryOverride }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: resolved, isDirectory: &isDirectory), !isDirectory.boolValue else {
            return .notFound(path: relative, isEntry: isEntry)
        }
        return .file(path: resolved, mimeType: Self.mimeType(forPath: resolved), isEntry: isEntry)
    }

    /// realpath(3), extended to paths whose tail does not exist yet (resolve the existing prefix).
    static func resolve(_ path: String) -> String {
        if let real = realpath(path, nil) {
            defer { free(real) }
            return String(cString: real)
        }
        let parent = (path as NSString).deletingLastPathComponent
        if parent == path || parent.isEmpty { return path }
        return (resolve(parent) as NSString).appendingPathComponent((path as NSString).lastPathComponent)
    }

    static let mimeTypes: [String: String] = [
        "html": "text/html; charset=utf-8", "htm": "text/html; charset=utf-8",
        "js": "text/javascript; charset=utf-8", "mjs": "text/javascript; charset=utf-8",
        "css": "text/css; charset=utf-8", "json": "application/json; charset=utf-8",
        "txt": "text/plain; charset=utf-8", "svg": "image/svg+xml",
        "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif", "webp": "image/webp",
        "avif": "image/avif", "ico": "image/x-icon",
        "woff": "font/woff", "woff2": "font/woff2", "ttf": "font/ttf", "otf": "font/otf",
        "mp4": "video/mp4", "m4v": "video/mp4", "webm": "video/webm", "mov": "video/quicktime",
        "mp3": "audio/mpeg", "wav": "audio/wav", "m4a": "audio/mp4", "aac": "audio/aac",
        "ogg": "audio/ogg", "oga": "audio/ogg", "opus": "audio/ogg", "flac": "audio/flac",
        "wasm": "application/wasm",
    ]

    static func mimeType(forPath path: String) -> String {
        mimeTypes[(path as NSString).pathExtension.lowercased()] ?? "application/octet-stream"
    }
}
