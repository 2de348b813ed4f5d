import FrameGateBrowser
import FrameGateMedia
import Foundation
import FrameGateCore

/// What `framegate vendor` is asked to do.
public struct VendorOptions: Sendable {
    public var entryPath: String
    /// Where the bytes go; nil: FRAMEGATE_VENDOR_STORE when set, else PROJECT/.framegate/vendor.
    public var store: VendorStore?
    public var fetcher: RemoteFetcher
    public var environment: PageEnvironment
    /// Folders outside the project its symlinks may point into (`--asset-root`, as for render).
    public var assetRoots: [URL]

    public init(entryPath: String = "index.html", store: VendorStore? = nil, fetcher: RemoteFetcher = RemoteFetcher(),
                environment: PageEnvironment = PageEnvironment(), assetRoots: [URL] = []) {
        self.entryPath = entryPath; self.store = store; self.fetcher = fetcher; self.environment = environment
        self.assetRoots = assetRoots
    }
}

/// What `framegate vendor` did.
public struct VendorSummary: Sendable {
    public var lockFile: URL
    public var store: VendorStore
    public var lock: VendorLock
    public var bytes: Int
    /// URLs whose bytes the previous lock did not have (new URLs, or changed bytes).
    public var added: [String]
    public var unchanged: [String]
    /// URLs of the previous lock the page no longer asks for.
    public var removed: [String]
    /// Remote URLs written in the project's HTML/CSS (or in downloaded CSS) that the page never requested.
    public var unrequested: [String]
}

/// `framegate vendor PROJECT`: loads the composition with every http(s) request downloaded by FrameGate
/// and fulfilled into the page (VendorRecorder), seeks it through its duration so late elements and fonts
/// are requested too, then writes the bytes to the content-addressed store and the URLs to the lock.
public enum Vendorer {
    /// Where in the composition the page is seeked to (fractions of its duration).
    static let seekFractions = [0.0, 0.25, 0.5, 0.75, 1.0]

    public static func vendor(projectDir: URL, options: VendorOptions = VendorOptions(),
                              browserOptions: BrowserOptions = BrowserOptions(),
                              onDownload: @escaping @Sendable (RemoteDownload) -> Void = { _ in }) async throws -> VendorSummary {
        var config = RenderConfig()
        config.entryPath = options.entryPath
        config.environment = options.environment
        config.assetRoots = options.assetRoots
        try config.validate()
        let renderer = Renderer(config: config, browserOptions: browserOptions)
        let files = WorkQueue(label: "vendor")
        let composition = try await files.run { try renderer.compile(projectDir: projectDir, remoteMedia: .list) }
        let recorder = VendorRecorder(fetcher: options.fetcher, onDownload: onDownload)
        try await record(composition, projectDir: projectDir, config: config, recorder: recorder,
                         timeout: options.fetcher.timeout, browserOptions: browserOptions)
        // Media the page never requested (FrameGate decodes it itself): downloaded here, locked all the same.
        for url in composition.remoteMedia { try await files.run { try recorder.require(url) } }
        let store = options.store ?? VendorStore.shared() ?? VendorStore.project(projectDir)
        return try await files.run {
            try write(recorder.downloads, projectDir: projectDir, store: store, compiledHTML: composition.html)
        }
    }

    /// Loads and seeks the page; a download failure explains a page failure better than the page does
    /// (a script that did not load throws `gsap is not defined`).
    private static func record(_ composition: CompiledComposition, projectDir: URL, config: RenderConfig,
                               recorder: VendorRecorder, timeout: Double, browserOptions: BrowserOptions) async throws {
        // The page's load and each seek wait for downloads, one at a time on the asset queue: allow for them.
        var browserOptions = browserOptions
        let patience = max(browserOptions.callTimeout, 4 * timeout)
        browserOptions.callTimeout = patience
        let browser = try await Browser.launch(CapturePage.withoutCapture(browserOptions))
        do {
            let session = try await CaptureSession.open(
                browser: browser,
                project: ProjectSource(root: projectDir, entryPath: config.entryPath, entryHTML: composition.html, recorder: recorder,
                                       assetRoots: config.assetRoots),
                options: CaptureOptions(width: composition.width, height: composition.height, seekTimeout: patience,
                                        timezone: config.environment.timezone, locale: config.environment.locale))
            do {
                var duration = composition.duration ?? 0
                if composition.duration == nil { duration = try await session.describe().duration }
                let last = max(0, duration - config.fps.duration(ofFrames: 1))
                var times = seekFractions.map { min(last, duration * $0) }
                // A live map asks for the tiles of its camera at each seek (runtime.js, "live maps"); a camera
                // that moves needs other tiles between those five times, so such a page is seeked at every
                // frame (at 30 fps, the render default) the way a render seeks it.
                if try await session.evaluate("window.__hf.hasLiveMaps") == "true" {
                    let frames = config.fps.frameCount(forDuration: duration)
                    times = (0..<max(frames, 1)).map { min(last, config.fps.time(ofFrame: $0)) }
                }
                for time in times {
                    try await session.seek(to: time)
                    // Fonts a seek made visible: wait for them, so their files are requested now.
                    _ = try await session.evaluate("document.fonts.ready.then(() => document.fonts.size)")
                    if let failure = recorder.firstFailure { throw failure }
                }
            } catch {
                await session.close()
                throw error
            }
            await session.close()
            await browser.close()
        } catch {
            await browser.close()
            throw recorder.firstFailure ?? error
        }
        if let failure = recorder.firstFailure { throw failure }
    }

    private static func write(_ downloads: [String: RemoteDownload], projectDir: URL, store: VendorStore,
                              compiledHTML: String) throws -> VendorSummary {
        let lockFile = VendorLock.url(inProject: projectDir)
        let previous = (try? VendorLock.read(projectDir: projectDir))?.assets ?? [:]
        var entries: [String: VendorLock.Entry] = [:]
        var added: [String] = [], unchanged: [String] = []
        for (url, download) in downloads.sorted(by: { $0.key < $1.key }) {
            let hash = SHA256Digest.hex(of: download.data)
            let stored = try store.put(download.data, sha256: hash)
            entries[url] = VendorLock.Entry(sha256: hash, size: download.data.count, contentType: download.contentType,
                                            redirectedTo: download.redirectedTo)
            if stored || previous[url]?.sha256 != hash { added.append(url) } else { unchanged.append(url) }
        }
        let lock = VendorLock(assets: entries)
        // A project with no remote URL and no lock stays without one.
        if !entries.isEmpty || !previous.isEmpty || FileManager.default.fileExists(atPath: lockFile.path) {
            try AtomicPublish.write(try lock.encoded(), to: lockFile)
        }

        var texts = [compiledHTML] + RemoteURLScanner.projectTexts(projectDir, excluded: ProjectSource.excludedTopLevelEntries)
        texts += downloads.values.filter { $0.contentType.lowercased().contains("css") }.compactMap { String(data: $0.data, encoding: .utf8) }
        let scanned = texts.reduce(into: Set<String>()) { $0.formUnion(RemoteURLScanner.urls(in: $1)) }
        return VendorSummary(lockFile: lockFile, store: store, lock: lock,
                             bytes: entries.values.reduce(0) { $0 + $1.size }, added: added, unchanged: unchanged,
                             removed: previous.keys.filter { entries[$0] == nil }.sorted(),
                             unrequested: scanned.subtracting(entries.keys).sorted())
    }
}
