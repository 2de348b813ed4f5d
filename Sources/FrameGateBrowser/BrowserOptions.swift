import Foundation

public struct BrowserOptions: Sendable {
    /// nil: `FRAMEGATE_CHROME`, else `chromium-headless-shell` on PATH, else `chromium`.
    public var executable: String?
    /// Appended after the deterministic flags (a later duplicate flag wins in Chromium).
    public var extraArguments: [String]
    /// Seconds one protocol call may take before the browser is treated as hung.
    public var callTimeout: Double
    /// nil: `CaptureMethod.resolve()` (FRAMEGATE_CAPTURE, else the platform's default).
    public var capture: CaptureMethod?

    public init(executable: String? = nil, extraArguments: [String] = [], callTimeout: Double = 30,
                capture: CaptureMethod? = nil) {
        self.executable = executable
        self.extraArguments = extraArguments
        self.callTimeout = callTimeout
        self.capture = capture
    }

    /// The flags every FrameGate browser runs with (DESIGN.md "Capture"). Pixels must not depend on
    /// the host's GPU, colour profile, font hinting, or whether the page is considered backgrounded.
    /// `--deterministic-mode` and the other begin-frame flags are added by `CaptureMethod.beginFrame`
    /// only: they hand frame production to BeginFrame control, and then Page.captureScreenshot never returns.
    static func deterministicFlags(userDataDir: String) -> [String] {
        [
            "--headless",
            "--remote-debugging-pipe",
            "--no-sandbox",                        // we run as root in CI containers
            "--user-data-dir=\(userDataDir)",
            "--use-gl=angle",
            "--use-angle=swiftshader",             // software GL for WebGL: same pixels on every machine
            "--enable-unsafe-swiftshader",         // v156 refuses the software WebGL fallback without it
            // Raster and composite on the CPU (Skia), not through SwiftShader's emulated GL: equally
            // host-independent, and twice as fast per changed frame (measured 5.4 → 10.6 fps at 1280×720).
            "--disable-gpu-compositing",
            "--disable-gpu-rasterization",
            "--disable-accelerated-2d-canvas",
            "--force-color-profile=srgb",
            "--font-render-hinting=none",
            "--hide-scrollbars",
            "--disable-background-timer-throttling",
            "--disable-renderer-backgrounding",
            "--disable-backgrounding-occluded-windows",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-default-apps",
            "--disable-extensions",
            "--disable-sync",
            "--no-first-run",
            "--no-default-browser-check",
            "--mute-audio",
            "--autoplay-policy=no-user-gesture-required",
            "--disable-features=PaintHolding,Translate,MediaRouter,OptimizationHints",
            // canvas layoutsubtree + drawElementImage: HyperFrames' shader transitions composite through it
            // (runtime.js, "shader transitions"); a page that does not use it paints as before.
            // No WebGPU: an adapter can be had (--enable-unsafe-webgpu, and Vulkan on SwiftShader for the
            // swap chain), but with GPU compositing disabled its canvas never reaches a screenshot, and GPU
            // compositing would change every frame's pixels. A page that asks is WEBGPU_NOT_SUPPORTED.
            "--enable-features=CanvasDrawElement",
            "--disable-lcd-text",
            "--disable-partial-raster",
            "--disable-skia-runtime-opts",         // CPU-feature-specific Skia paths could differ between hosts
        ] + offlineFlags
    }

    /// Offline at the browser level, not only through the Fetch interception (which never sees
    /// WebSocket, WebRTC or other non-HTTP channels): every host name resolves to nothing, every
    /// connection goes to a proxy that does not exist (loopback included, which Chromium would otherwise
    /// bypass), and WebRTC may not send UDP that does not go through that proxy. The page itself is
    /// served from the private origin by Fetch, which answers before any of these apply.
    static var offlineFlags: [String] {
        [
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--proxy-server=http://offline.invalid:9",   // unresolvable under the rule above: no connection at all
            "--proxy-bypass-list=<-loopback>",
            "--force-webrtc-ip-handling-policy=disable_non_proxied_udp",
            "--webrtc-ip-handling-policy=disable_non_proxied_udp",
        ]
    }

    /// Resolves the browser binary as the issue specifies, without touching the file system more than needed.
    public func resolveExecutable(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        for (given, source) in [(executable, "the given browser path"), (environment["FRAMEGATE_CHROME"], "$FRAMEGATE_CHROME")] {
            guard let given, !given.isEmpty else { continue }
            guard FileManager.default.isExecutableFile(atPath: given) else {
                throw BrowserError.executableNotFound(searched: ["\(source) = \(given) (missing or not executable)"])
            }
            return given
        }
        let path = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").map(String.init)
        for name in ["chromium-headless-shell", "chromium"] {
            for dir in path where !dir.isEmpty {
                let candidate = (dir as NSString).appendingPathComponent(name)
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        throw BrowserError.executableNotFound(searched: ["$FRAMEGATE_CHROME", "chromium-headless-shell on PATH", "chromium on PATH"])
    }
}
