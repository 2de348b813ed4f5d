import Foundation

/// `baselines/<name>/environment.json` and `framegate env`: what a render's pixels and bytes depend on
/// beyond the fixture itself. A failing check compares it with its baseline's, so a browser or font update
/// reads as one event, not as N unexplained regressions. Not part of a baseline's identity: an update whose
/// render is identical leaves the baseline (environment.json included) alone.
public struct BaselineEnvironment: Codable, Sendable, Equatable {
    public static let fileName = "environment.json"

    /// A font file the render drew text with.
    public struct Font: Codable, Sendable, Hashable, Comparable {
        /// The platform family chromium reported ("DejaVu Sans").
        public var family: String
        /// The face's PostScript name when chromium reports it ("DejaVuSans-Bold"), else "".
        public var postScriptName: String
        /// A web font of the project (its bytes are in the fixture); no file of the machine.
        public var webFont: Bool
        /// The file on this machine; nil for a web font or a face not found in the font directories.
        public var file: String?
        public var sha256: String?

        public init(family: String, postScriptName: String, webFont: Bool, file: String?, sha256: String?) {
            self.family = family; self.postScriptName = postScriptName; self.webFont = webFont
            self.file = file; self.sha256 = sha256
        }

        /// Explicit nulls: a face without a file says so.
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(family, forKey: .family); try c.encode(postScriptName, forKey: .postScriptName)
            try c.encode(webFont, forKey: .webFont); try c.encode(file, forKey: .file); try c.encode(sha256, forKey: .sha256)
        }

        public static func < (a: Font, b: Font) -> Bool {
            (a.family, a.postScriptName, a.file ?? "") < (b.family, b.postScriptName, b.file ?? "")
        }

        /// The face, whichever file holds it.
        var face: String { postScriptName.isEmpty ? family : "\(family) (\(postScriptName))" }
        /// What identifies the face's glyphs: the file's digest (the path may differ between machines).
        var identity: String {
            if webFont { return "web font" }
            guard let sha256 else { return "no file found" }
            return "sha256 \(sha256.prefix(12))"
        }
    }

    public struct Platform: Codable, Sendable, Equatable {
        /// uname sysname ("Linux").
        public var os: String
        /// Kernel release and OS description: recorded, never an explanation (it changes with every CI image
        /// and does not draw pixels).
        public var osVersion: String
        /// uname machine ("x86_64", "aarch64").
        public var arch: String

        public init(os: String, osVersion: String, arch: String) { self.os = os; self.osVersion = osVersion; self.arch = arch }
    }

    /// The browser's version (Browser.getVersion's product, without the "HeadlessChrome/" prefix).
    public var chromium: String
    /// Each libav library's version ("avcodec": "59.37.100").
    public var libav: [String: String]
    /// `EngineVersion.current`.
    public var framegate: String
    /// The font files text was drawn with, sorted.
    public var fonts: [Font]
    public var platform: Platform
    /// Seconds the fixture's render took (in-process, at --update); nil for `framegate env`. Shards are
    /// balanced by it.
    public var renderSeconds: Double?

    public init(chromium: String, libav: [String: String], framegate: String, fonts: [Font], platform: Platform,
                renderSeconds: Double?) {
        self.chromium = chromium; self.libav = libav; self.framegate = framegate; self.fonts = fonts.sorted()
        self.platform = platform; self.renderSeconds = renderSeconds
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(chromium, forKey: .chromium); try c.encode(libav, forKey: .libav); try c.encode(framegate, forKey: .framegate)
        try c.encode(fonts, forKey: .fonts); try c.encode(platform, forKey: .platform)
        try c.encode(renderSeconds, forKey: .renderSeconds)
    }

    public static func load(contentsOf url: URL) throws -> BaselineEnvironment {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw HarnessError.io(path: url.path, reason: error.localizedDescription)
        }
        do { return try JSONDecoder().decode(BaselineEnvironment.self, from: data) } catch {
            throw HarnessError.invalidEnvironment(path: url.path, reason: "\(error)")
        }
    }

    public func fileData() throws -> Data { try HarnessJSON.fileData(self) }

    /// What differs from `baseline`, component by component (render seconds and osVersion excepted).
    public func changes(since baseline: BaselineEnvironment) -> [EnvironmentChange] {
        var changes: [EnvironmentChange] = []
        func compare(_ component: String, _ old: String?, _ new: String?) {
            if old != new { changes.append(EnvironmentChange(component: component, baseline: old ?? "none", current: new ?? "none")) }
        }
        compare("chromium", baseline.chromium, chromium)
        for library in Set(baseline.libav.keys).union(libav.keys).sorted() {
            compare("libav \(library)", baseline.libav[library], libav[library])
        }
        compare("FrameGate", baseline.framegate, framegate)
        compare("os", baseline.platform.os, platform.os)
        compare("arch", baseline.platform.arch, platform.arch)
        func byFace(_ fonts: [Font]) -> [String: String] {
            Dictionary(grouping: fonts, by: \.face).mapValues { Set($0.map(\.identity)).sorted().joined(separator: ", ") }
        }
        let old = byFace(baseline.fonts), new = byFace(fonts)
        for face in Set(old.keys).union(new.keys).sorted() {
            compare("font \(face)", old[face] ?? "not used", new[face] ?? "not used")
        }
        return changes
    }
}

/// One component that differs between a baseline's environment and this run's.
public struct EnvironmentChange: Codable, Sendable, Hashable {
    public var component: String
    public var baseline: String
    public var current: String

    /// "chromium 147.0.1 → 148.0.2": the summary's grouping key.
    public var transition: String { "\(component) \(baseline) → \(current)" }
    /// "baseline made with chromium 147.0.1, this run 148.0.2": a failure's explanation.
    public var sentence: String { "baseline made with \(component) \(baseline), this run \(current)" }
}
