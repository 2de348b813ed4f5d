import FrameGateBrowser
import FrameGateMedia
import Foundation
import FrameGateCore

public struct CompileOptions: Sendable {
    /// The composition file, relative to the project directory.
    public var entryPath: String = "index.html"
    /// Render-time variable overrides keyed by declared variable id; checked against the declarations
    /// and injected into the compiled page as `window.__hfVariables`.
    public var variables: [String: JSONValue]?
    /// How `<video>`/`<audio>` with an http(s) src are treated (see RemoteMediaPolicy).
    public var remoteMedia: RemoteMediaPolicy
    /// Folders outside the project that its symlinks may point into (`--asset-root`).
    public var assetRoots: [URL]

    public init(entryPath: String = "index.html", variables: [String: JSONValue]? = nil,
                remoteMedia: RemoteMediaPolicy = .locked(.none), assetRoots: [URL] = []) {
        self.entryPath = entryPath; self.variables = variables; self.remoteMedia = remoteMedia
        self.assetRoots = assetRoots
    }
}

/// FrameGate decodes media itself (the browser never plays it), so a `<video>`/`<audio>` whose src is an
/// http(s) URL needs its bytes on disk: a render takes them from the vendor lock, and a URL the lock does
/// not hold is refused (NETWORK_ACCESS_BLOCKED), never skipped — a skipped clip is a silently wrong video.
/// `framegate vendor` compiles with `.list`: it only learns which URLs to download.
public enum RemoteMediaPolicy: Sendable {
    case locked(VendoredAssets)
    case list
}

/// Where a media clip's bytes are: a project file, or (a remote src) the locked file in the vendor store.
public struct MediaFiles: Sendable {
    public var projectRoot: URL
    public var vendored: VendoredAssets

    public init(projectRoot: URL, vendored: VendoredAssets = .none) {
        self.projectRoot = projectRoot; self.vendored = vendored
    }

    public static func isRemote(_ src: String) -> Bool { VendorRecorder.isHTTP(src) }

    public func url(for clip: MediaClip) throws -> URL { try url(forSource: clip.src) }

    /// A project-relative path, or an http(s) URL the lock must hold (else NETWORK_ACCESS_BLOCKED with the
    /// vendor hint): the one place a media src becomes a file.
    public func url(forSource src: String) throws -> URL {
        guard Self.isRemote(src) else { return projectRoot.appendingPathComponent(src) }
        guard let asset = vendored.asset(for: src) else {
            throw BrowserError.remoteNotLocked(url: src, project: projectRoot.path)
        }
        return asset.file
    }
}

/// An element with composition timing, after clip references and sub-composition offsets are resolved.
/// Times are absolute composition seconds.
public struct TimedElement: Codable, Sendable, Equatable {
    public var id: String?
    public var tag: String
    /// The nearest composition (`data-composition-id`) the element belongs to.
    public var compositionId: String?
    public var start: Double
    public var duration: Double?
    public var end: Double?
    public var trackIndex: Int?

    public init(id: String?, tag: String, compositionId: String?, start: Double, duration: Double?, end: Double?, trackIndex: Int?) {
        self.id = id; self.tag = tag; self.compositionId = compositionId
        self.start = start; self.duration = duration; self.end = end; self.trackIndex = trackIndex
    }
}

public struct MediaClip: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable { case audio, video }
    /// The element id (the compiler assigns `fg-audio-N` / `fg-video-N` to media without one).
    public var id: String
    public var kind: Kind
    /// Project-relative path, resolved against the file that referenced it; or an http(s) URL that the
    /// vendor lock holds (MediaFiles finds its bytes).
    public var src: String
    public var start: Double
    public var duration: Double?
    public var mediaStart: Double
    /// 0…3.98.
    public var volume: Double
    public var loop: Bool
    public var muted: Bool
    /// Videos: whether the source file has an audio stream (stamped as `data-has-audio`). Nil for audio.
    public var hasAudio: Bool?
    public var objectFit: String?

    public init(id: String, kind: Kind, src: String, start: Double, duration: Double? = nil, mediaStart: Double = 0,
                volume: Double = 1, loop: Bool = false, muted: Bool = false, hasAudio: Bool? = nil, objectFit: String? = nil) {
        self.id = id; self.kind = kind; self.src = src; self.start = start; self.duration = duration
        self.mediaStart = mediaStart; self.volume = MediaClip.clampedVolume(volume); self.loop = loop
        self.muted = muted; self.hasAudio = hasAudio; self.objectFit = objectFit
    }

    public static let maxVolume = 3.98

    /// `data-volume` as played: 0…3.98.
    public static func clampedVolume(_ volume: Double) -> Double { min(max(volume, 0), maxVolume) }

    /// DESIGN.md's visibility rule, the one runtime.js applies to the stamped times: start ≤ t < end.
    public func isActive(at time: Double) -> Bool {
        time >= start && duration.map { time < TimeFormat.rounded(start + $0) } ?? true
    }
}

public struct CompiledComposition: Codable, Sendable {
    /// The contents of compiled.html.
    public var html: String
    public var compositionId: String
    public var width: Int
    public var height: Int
    /// Root `data-duration`; nil means the renderer uses the runtime's reported duration.
    public var duration: Double?
    public var timedElements: [TimedElement]
    public var audioClips: [MediaClip]
    public var videoClips: [MediaClip]
    /// Project-relative files inlined as sub-compositions, sorted.
    public var subCompositions: [String]
    /// Project-relative local files the composition references (HTML and CSS URLs, sub-compositions,
    /// media), sorted; only files that exist inside the project are listed.
    public var assets: [String]
    /// The http(s) URLs of the composition's `<video>`/`<audio>` elements, sorted: what `framegate vendor`
    /// must lock besides what the page requests.
    public var remoteMedia: [String]

    public init(html: String, compositionId: String, width: Int, height: Int, duration: Double?,
                timedElements: [TimedElement], audioClips: [MediaClip], videoClips: [MediaClip],
                subCompositions: [String], assets: [String], remoteMedia: [String] = []) {
        self.remoteMedia = remoteMedia
        self.html = html; self.compositionId = compositionId; self.width = width; self.height = height
        self.duration = duration; self.timedElements = timedElements; self.audioClips = audioClips
        self.videoClips = videoClips; self.subCompositions = subCompositions; self.assets = assets
    }
}
