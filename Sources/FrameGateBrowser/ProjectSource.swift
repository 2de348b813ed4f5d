import Foundation

/// What a capture session loads: a project directory and its entry file.
public struct ProjectSource: Sendable {
    /// The project directory; every served file must resolve inside it.
    public var root: URL
    /// The entry file, relative to `root` ("index.html").
    public var entryPath: String
    /// When set, served instead of the entry file's bytes (the compiler's compiled.html).
    public var entryHTML: String?
    /// Remote URLs the render may answer: the project's framegate.lock.json, verified against its store.
    public var vendored: VendoredAssets
    /// Set only by `framegate vendor`: remote requests are downloaded and recorded instead of blocked.
    public var recorder: VendorRecorder?
    /// Directories outside `root` that symlinks inside the project may point into (`--asset-root`); any
    /// other path that resolves outside `root` is refused.
    public var assetRoots: [URL]

    /// Top-level entries that are not part of a project snapshot: a plan never copies them, so no render —
    /// in-process or distributed — may serve them (one project snapshot in every mode).
    /// `.framegate` holds the vendor store: a plan carries only the locked files of it (planDir/vendor).
    public static let excludedTopLevelEntries: Set<String> = [".git", "node_modules", "output", "dist", ".framegate"]

    public init(root: URL, entryPath: String = "index.html", entryHTML: String? = nil,
                vendored: VendoredAssets = .none, recorder: VendorRecorder? = nil, assetRoots: [URL] = []) {
        self.root = root
        self.entryPath = entryPath
        self.entryHTML = entryHTML
        self.vendored = vendored
        self.recorder = recorder
        self.assetRoots = assetRoots
    }
}

/// The private origin the page is loaded from. The project is mounted one directory down, so a
/// `../` that climbs out of the project is still visible to us as a path outside the mount (the
/// browser normalises dot segments before we see a URL, which would otherwise hide the escape).
enum PrivateOrigin {
    static let origin = "https://composition.invalid"
    static let mountPath = "/project/"
    static var mountURL: String { origin + mountPath }

    static func url(forEntry entryPath: String) -> String {
        let encoded = entryPath.split(separator: "/").map {
            String($0).addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? String($0)
        }.joined(separator: "/")
        return mountURL + encoded
    }
}
