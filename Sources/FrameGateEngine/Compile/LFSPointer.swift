import Foundation

/// A repository cloned without `git lfs pull` holds small text pointers where its media, images and fonts
/// should be. Rendered, such a file is a black video, a broken image or a fallback font, or fails as
/// "invalid data" far from its cause: the compiler names it instead (ASSET_LFS_POINTER).
enum LFSPointer {
    /// The first line of every Git LFS pointer file (https://github.com/git-lfs/git-lfs/blob/main/docs/spec.md).
    static let signature = Data("version https://git-lfs.github.com/spec/v1".utf8)

    static func isPointer(_ url: URL) -> Bool {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: signature.count)) ?? Data()
        return head == signature
    }

    /// Throws for the first of `paths` (project-relative, sorted for a stable message) that is a pointer.
    static func check(_ paths: [String], in projectDir: URL) throws {
        for path in paths.sorted() where isPointer(projectDir.appendingPathComponent(path)) {
            throw CompileError.lfsPointer(path: path)
        }
    }
}
