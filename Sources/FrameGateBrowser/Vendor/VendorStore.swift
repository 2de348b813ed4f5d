import Foundation
import FrameGateCore
import FrameGateMedia

/// A content-addressed store of vendored bytes: `<root>/sha256/<hex>`. The project's own store is
/// `PROJECT/.framegate/vendor`; a shared one (a CI cache) is named by `--store` or FRAMEGATE_VENDOR_STORE.
public struct VendorStore: Sendable, Equatable {
    public static let environmentKey = "FRAMEGATE_VENDOR_STORE"
    /// The project-relative directory of the project's own store (a top-level entry no snapshot copies).
    public static let projectDirectory = ".framegate/vendor"

    public var root: URL
    public init(root: URL) { self.root = root.standardizedFileURL }

    public static func project(_ projectDir: URL) -> VendorStore {
        VendorStore(root: projectDir.appendingPathComponent(projectDirectory))
    }

    /// The shared store FRAMEGATE_VENDOR_STORE names, if any.
    public static func shared(environment: [String: String] = ProcessInfo.processInfo.environment) -> VendorStore? {
        guard let path = environment[environmentKey], !path.isEmpty else { return nil }
        return VendorStore(root: URL(fileURLWithPath: path))
    }

    /// Where a render of `projectDir` looks for locked bytes: the shared store first (when set), then the project's.
    public static func searchPath(projectDir: URL, environment: [String: String] = ProcessInfo.processInfo.environment) -> [VendorStore] {
        [shared(environment: environment), project(projectDir)].compactMap { $0 }
    }

    public func file(sha256: String) -> URL {
        root.appendingPathComponent("sha256").appendingPathComponent(sha256)
    }

    /// Stores `data` under its hash. Returns true when the store did not already hold these bytes
    /// (a file under that name with other bytes is replaced: the name is the truth).
    @discardableResult
    public func put(_ data: Data, sha256: String) throws -> Bool {
        let url = file(sha256: sha256)
        if let existing = FileManager.default.contents(atPath: url.path), SHA256Digest.hex(of: existing) == sha256 { return false }
        try AtomicPublish.write(data, to: url)
        return true
    }

    static func isSHA256(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}
