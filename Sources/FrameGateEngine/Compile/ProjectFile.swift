import Foundation

/// Every file the compiler reads (the entry HTML, sub-compositions, stylesheets it inlines) comes through
/// here and passes the same containment check the asset server applies: a path whose real location
/// (symlinks resolved) is outside the project — and outside every allowed asset root (`--asset-root`) — is
/// refused with ASSET_OUTSIDE_PROJECT, so no text from elsewhere reaches the compiled page or a plan.
enum ProjectFile {
    /// The file's bytes, or nil when it does not exist (or is a directory).
    static func read(_ path: String, in projectDir: URL, assetRoots: [URL] = []) throws -> Data? {
        let url = projectDir.appendingPathComponent(path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else { return nil }
        let roots = ([projectDir] + assetRoots).map { $0.standardizedFileURL.resolvingSymlinksInPath().path }
        let real = url.standardizedFileURL.resolvingSymlinksInPath().path
        guard roots.contains(where: { real.hasPrefix($0 == "/" ? "/" : $0 + "/") }) else {
            throw CompileError.fileOutsideProject(path: path, resolved: real)
        }
        return FileManager.default.contents(atPath: url.path)
    }
}
