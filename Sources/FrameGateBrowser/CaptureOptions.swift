import FrameGateMedia

public enum CaptureImageFormat: Sendable, Equatable {
    /// Lossless; the default.
    case png
    /// Lossy draft mode; quality 0…100.
    case jpeg(quality: Int)
}

/// When a capture that starts at frame k > 0 first replays frames 0…k−1 (without capturing them), so that
/// compositions keeping state across frames show what a render from frame 0 shows.
public enum PreRoll: String, Sendable, Codable, CaseIterable {
    /// Replay when the page registered per-frame work (requestAnimationFrame or timers); skip it for pages
    /// that are a pure function of time. The default.
    case automatic = "auto"
    /// Always replay (measurement; pages whose state comes from something the runtime cannot see).
    case always
    /// Never replay: seek straight to the first frame (the "cold" side of `framegate check`).
    case never
}

public struct CaptureOptions: Sendable {
    public static let defaultTimezone = "UTC"
    public static let defaultLocale = "en-US"

    public var width: Int
    public var height: Int
    public var imageFormat: CaptureImageFormat
    /// Seconds one `__hf.seek` may take before SEEK_TIMEOUT.
    public var seekTimeout: Double
    /// IANA time zone and BCP 47 locale the page sees, set through the DevTools protocol (never the
    /// process environment), so every mode and every host renders dates and numbers alike.
    public var timezone: String
    public var locale: String
    public var preRoll: PreRoll
    /// Capture over a transparent default background (alpha 0 where the page paints nothing) instead of
    /// the browser's white. Only PNG capture carries it; JPEG has no alpha.
    public var transparentBackground: Bool
    /// Under begin-frame control, pass a frame the compositor did not redraw on as the previous one
    /// (held) instead of reading it back. false: read back every frame (the reference for tests).
    public var holdFrames: Bool

    public init(width: Int, height: Int,
                imageFormat: CaptureImageFormat = .png, seekTimeout: Double = 10,
                timezone: String = CaptureOptions.defaultTimezone, locale: String = CaptureOptions.defaultLocale,
                preRoll: PreRoll = .automatic, transparentBackground: Bool = false, holdFrames: Bool = true) {
        self.width = width
        self.height = height
        self.imageFormat = imageFormat
        self.seekTimeout = seekTimeout
        self.timezone = timezone
        self.locale = locale
        self.preRoll = preRoll
        self.transparentBackground = transparentBackground
        self.holdFrames = holdFrames
    }

    /// Whether captured frames carry the page's alpha: a transparent background asked for, captured as PNG.
    public var capturesAlpha: Bool { transparentBackground && imageFormat == .png }
}

/// What the pre-roll of one capture session cost.
public struct PreRollStats: Sendable, Equatable {
    /// Frames replayed without capture.
    public var frames = 0
    /// Wall seconds spent replaying them.
    public var seconds = 0.0
    /// Page reloads (a capture that went backwards on a page that keeps state).
    public var reloads = 0
    public init() {}
}

public struct CapturedFrame: Sendable {
    public var index: Int
    public var time: Double
    public var image: RGBAFrame
    /// SHA-256 (hex) of the RGBA pixels, alpha included: the frame digest.
    public var digest: String
    /// The compositor drew nothing new since the previous frame: `image` and `digest` are that frame's.
    public var held: Bool

    public init(index: Int, time: Double, image: RGBAFrame, digest: String, held: Bool = false) {
        self.index = index
        self.time = time
        self.image = image
        self.digest = digest
        self.held = held
    }
}
