import Foundation
import FrameGateMedia

/// The locked remote URLs one render may serve, each checked against its lock hash once, when loaded:
/// the asset server then answers from these files without hashing per request.
public struct VendoredAssets: Sendable, Equatable {
    public struct Asset: Sendable, Equatable {
        public var file: URL
        public var contentType: String
        public var sha256: String
    }

    /// URL (as the browser requests it) → verified file.
    public var assets: [String: Asset]
    public static let none = VendoredAssets(assets: [:])

    public init(assets: [String: Asset]) { self.assets = assets }

    public func asset(for url: String) -> Asset? { assets[url] }

    /// Reads PROJECT/framegate.lock.json and finds and verifies every locked file in `stores` (first
    /// store holding it wins). No lock: `.none`, so every remote URL stays blocked.
    public static func load(projectDir: URL, stores: [VendorStore]) throws -> VendoredAssets {
        guard let lock = try VendorLock.read(projectDir: projectDir) else { return .none }
        let lockPath = VendorLock.url(inProject: projectDir).path
        var verified: [String: String] = [:]   // file path → actual hash, each file hashed once
        var assets: [String: Asset] = [:]
        for (url, entry) in lock.assets.sorted(by: { $0.key < $1.key }) {
            let missing = VendorError.assetMissing(url: url, sha256: entry.sha256, searched: stores.map { $0.root.path }, lock: lockPath)
            let candidates = stores.map { $0.file(sha256: entry.sha256) }
            guard let file = candidates.first(where: { FileManager.default.fileExists(atPath: $0.path) }) else { throw missing }
            let actual: String
            if let known = verified[file.path] {
                actual = known
            } else {
                guard let data = FileManager.default.contents(atPath: file.path) else { throw missing }
                actual = SHA256Digest.hex(of: data)
                verified[file.path] = actual
            }
            guard actual == entry.sha256 else {
                throw VendorError.assetMismatch(url: url, expected: entry.sha256, actual: actual, file: file.path, lock: lockPath)
            }
            assets[url] = Asset(file: file, contentType: entry.contentType, sha256: entry.sha256)
        }
        return VendoredAssets(assets: assets)
    }
}
