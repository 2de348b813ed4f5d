import Foundation

/// framegate.lock.json: every remote URL the composition uses → the bytes FrameGate serves for it.
/// Written by `framegate vendor`, read by every render. Sorted keys, one field per line: it diffs well.
public struct VendorLock: Codable, Sendable, Equatable {
    public static let fileName = "framegate.lock.json"
    public static let currentVersion = 1

    public struct Entry: Codable, Sendable, Equatable {
        /// SHA-256 (hex) of the bytes: also their name in the store.
        public var sha256: String
        public var size: Int
        /// The Content-Type the server sent, served again with the bytes (stylesheets need text/css).
        public var contentType: String
        /// The URL the bytes finally came from when the server redirected; the lock stays keyed by the
        /// URL the page asks for.
        public var redirectedTo: String?

        public init(sha256: String, size: Int, contentType: String, redirectedTo: String? = nil) {
            self.sha256 = sha256; self.size = size; self.contentType = contentType; self.redirectedTo = redirectedTo
        }
    }

    public var version: Int
    /// URL (exactly as the browser requests it) → entry.
    public var assets: [String: Entry]

    public init(assets: [String: Entry]) {
        version = Self.currentVersion
        self.assets = assets
    }

    public static func url(inProject projectDir: URL) -> URL {
        projectDir.appendingPathComponent(fileName)
    }

    /// The project's lock, or nil when it has none.
    public static func read(projectDir: URL) throws -> VendorLock? {
        let url = url(inProject: projectDir)
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        let lock: VendorLock
        do { lock = try JSONDecoder().decode(VendorLock.self, from: data) } catch {
            throw VendorError.invalidLock(path: url.path, reason: "not valid lock JSON: \(error.localizedDescription)")
        }
        guard lock.version == currentVersion else {
            throw VendorError.invalidLock(path: url.path, reason: "version \(lock.version), this FrameGate reads \(currentVersion)")
        }
        for (key, entry) in lock.assets where !VendorStore.isSHA256(entry.sha256) {
            throw VendorError.invalidLock(path: url.path, reason: "\(key) has sha256 \"\(entry.sha256)\", not 64 lowercase hex digits")
        }
        return lock
    }

    /// Canonical bytes: sorted keys, pretty-printed, unescaped slashes, a final newline.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self) + Data("\n".utf8)
    }
}
