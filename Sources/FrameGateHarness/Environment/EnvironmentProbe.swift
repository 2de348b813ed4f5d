import FrameGateBrowser
import FrameGateCore
import FrameGateEngine
import FrameGateMedia
import Foundation

/// Gathers the current `BaselineEnvironment`: one browser launch (its version), the page's fonts (asked of
/// DevTools at a few times across the composition, since text shown late is not laid out at 0), and the
/// process's own libav, engine version and platform.
public enum EnvironmentProbe {
    /// Times (as fractions of the duration) at which the fonts are collected.
    static let fontSampleFractions = [0.0, 0.2, 0.4, 0.6, 0.8, 0.99]

    /// The environment a fixture renders in. `compiledHTML` is what the render served (RenderedFixture's).
    public static func current(for fixture: Fixture, compiledHTML: String, renderSeconds: Double?,
                               browserOptions: BrowserOptions = BrowserOptions()) async throws -> BaselineEnvironment {
        let config = try FixtureRender.renderConfig(fixture.meta)
        // The page loads as the render loaded it: locked remote URLs from the vendor store, allowed asset roots.
        let renderer = Renderer(config: config)
        let (composition, vendored) = try await WorkQueue(label: "env-compile").run {
            let vendored = try renderer.vendoredAssets(projectDir: fixture.sourceDirectory)
            return (try renderer.compile(projectDir: fixture.sourceDirectory, remoteMedia: .locked(vendored)), vendored)
        }
        let project = ProjectSource(root: fixture.sourceDirectory, entryPath: config.entryPath, entryHTML: compiledHTML,
                                    vendored: vendored, assetRoots: config.assetRoots)
        let options = CaptureOptions(width: composition.width, height: composition.height,
                                     timezone: config.environment.timezone, locale: config.environment.locale)
        return try await gather(project: project, options: options, duration: composition.duration,
                                renderSeconds: renderSeconds, browserOptions: browserOptions)
    }

    /// `framegate env`: the machine's environment with the fonts chromium picks for the generic families
    /// (sans-serif, serif, monospace) and for the default font, on a page of FrameGate's own.
    public static func current(browserOptions: BrowserOptions = BrowserOptions()) async throws -> BaselineEnvironment {
        let work = try TemporaryDirectory(prefix: "framegate-env")
        defer { work.remove() }
        let page = """
        <!doctype html><html><head><meta charset="utf-8"></head><body style="margin:0">
        <div data-composition-id="env" data-width="320" data-height="120" data-duration="1">
          <p>Default 0123</p><p style="font-family:sans-serif">Sans 0123</p>
          <p style="font-family:serif">Serif 0123</p><p style="font-family:monospace">Mono 0123</p>
        </div></body></html>
        """
        do { try Data(page.utf8).write(to: work.url.appendingPathComponent("index.html")) } catch {
            throw HarnessError.io(path: work.url.path, reason: error.localizedDescription)
        }
        return try await gather(project: ProjectSource(root: work.url), options: CaptureOptions(width: 320, height: 120),
                                duration: nil, renderSeconds: nil, browserOptions: browserOptions)
    }

    static func gather(project: ProjectSource, options: CaptureOptions, duration: Double?, renderSeconds: Double?,
                       browserOptions: BrowserOptions) async throws -> BaselineEnvironment {
        let browser = try await Browser.launch(CapturePage.withoutCapture(browserOptions))
        var used = Set<PlatformFontUsage>()
        do {
            let session = try await CaptureSession.open(browser: browser, project: project, options: options)
            do {
                var length = duration ?? 0
                if duration == nil { length = try await session.describe().duration }
                for fraction in length > 0 ? fontSampleFractions : [0] {
                    try await session.seek(to: length * fraction)
                    used.formUnion(try await session.platformFontsInUse())
                }
            } catch {
                await session.close()
                throw error
            }
            await session.close()
        } catch {
            await browser.close()
            throw error
        }
        let product = await browser.version
        await browser.close()
        let faces = used
        let fonts = try await WorkQueue(label: "env-fonts").run { fontFiles(for: faces) }
        return BaselineEnvironment(chromium: chromiumVersion(product: product),
                                   libav: Dictionary(uniqueKeysWithValues: LibAVVersion.libraries.map { ($0.name, $0.version) }),
                                   framegate: EngineVersion.current, fonts: fonts, platform: platform(),
                                   renderSeconds: renderSeconds.map { ($0 * 100).rounded() / 100 })
    }

    /// "HeadlessChrome/147.0.7727.15" → "147.0.7727.15" (the product name is the same for every build).
    static func chromiumVersion(product: String) -> String {
        product.split(separator: "/", maxSplits: 1).last.map(String.init) ?? product
    }

    /// Scanned once per process: the font directories do not change during a run.
    static let fontIndex = FontFileIndex()
    private static let digests = Locked([String: String]())

    static func fontFiles(for used: Set<PlatformFontUsage>) -> [BaselineEnvironment.Font] {
        var fonts: [BaselineEnvironment.Font] = []
        for font in used {
            let files = font.isCustomFont ? [] : fontIndex.files(family: font.familyName, postScriptName: font.postScriptName)
            if files.isEmpty {
                fonts.append(.init(family: font.familyName, postScriptName: font.postScriptName, webFont: font.isCustomFont,
                                   file: nil, sha256: nil))
            }
            for file in files {
                fonts.append(.init(family: font.familyName, postScriptName: font.postScriptName, webFont: false,
                                   file: file, sha256: digest(file)))
            }
        }
        return Array(Set(fonts)).sorted()
    }

    private static func digest(_ path: String) -> String? {
        if let known = digests.withLock({ $0[path] }) { return known }
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe) else { return nil }
        let hex = SHA256Digest.hex(of: data)
        digests.withLock { $0[path] = hex }
        return hex
    }

    static func platform() -> BaselineEnvironment.Platform {
        var name = utsname()
        uname(&name)
        func field<T>(_ value: T) -> String {
            withUnsafeBytes(of: value) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        }
        return .init(os: field(name.sysname), osVersion: "\(field(name.release)); \(ProcessInfo.processInfo.operatingSystemVersionString)",
                     arch: field(name.machine))
    }
}
