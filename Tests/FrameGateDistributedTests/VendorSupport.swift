import FrameGateBrowser
import FrameGateEngine
import FrameGateMedia
import Foundation
import FrameGateCore
import FrameGateTestSupport

/// The vendor tests' "CDN": a LoopbackHTTPServer on 127.0.0.1 that compositions reach as
/// https://cdn.framegate.test/… through `--mirror`, and the composition that uses it.
final class VendorCDN: Sendable {
    static let origin = "https://cdn.framegate.test"
    let server: LoopbackHTTPServer
    /// Served path → bytes (the files a vendored render must show).
    let files: [String: Data]

    init() throws {
        let font = try Data(contentsOf: URL(fileURLWithPath: "/usr/share/fonts/truetype/dejavu/DejaVuSerif-BoldItalic.ttf"))
        var files: [String: Data] = [
            "/js/anim.js": Data(Self.script.utf8),
            "/css/main.css": Data(Self.stylesheet.utf8),
            "/css/fonts.css": Data(Self.fontFace.utf8),
            "/fonts/serif.ttf": font,
        ]
        files["/img/logo.png"] = try PNGEncoder().encode(Self.image(size: 48, colour: (230, 57, 70)))
        files["/img/late.png"] = try PNGEncoder().encode(Self.image(size: 40, colour: (69, 123, 157)))
        self.files = files
        let types = ["js": "text/javascript", "css": "text/css; charset=utf-8", "ttf": "font/ttf", "png": "image/png"]
        var routes: [String: LoopbackHTTPServer.Response] = [:]
        for (path, data) in files { routes[path] = .ok(data, type: types[(path as NSString).pathExtension]!) }
        routes["/slow.js"] = LoopbackHTTPServer.Response(headers: ["Content-Type": "text/javascript"], body: Data("1;".utf8), delay: 30)
        server = try LoopbackHTTPServer(routes: routes)
        server.set("/old/logo.png", .redirect(to: server.origin + "/img/logo.png"))
    }

    var mirror: [String] { ["--mirror", "\(Self.origin)=\(server.origin)"] }

    /// Every URL the composition asks for, as the lock must key them.
    static let lockedURLs = ["/js/anim.js", "/css/main.css", "/css/fonts.css", "/fonts/serif.ttf", "/old/logo.png", "/img/late.png"]
        .map { origin + $0 }.sorted()

    /// The composition (320×180, 1 s): a stylesheet that @imports the font-face, an image behind a redirect,
    /// and a script that creates a second image only from t = 0.5 s. `base` is where it finds them.
    static func html(base: String = origin + "/", logo: String = "old/logo.png", extraBody: String = "") -> String {
        """
        <!doctype html><html><head><meta charset="utf-8">
        <link rel="stylesheet" href="\(base)css/main.css">
        <style>html, body { margin: 0; background: #1d3557; } #root { position: relative; width: 320px; height: 180px; overflow: hidden; }</style>
        </head><body>
        <div id="root" data-composition-id="vendor" data-width="320" data-height="180" data-duration="1">
          <div id="title">Offline 0.00</div>
          <img id="logo" src="\(base)\(logo)" alt="">
          \(extraBody)
        </div>
        <script>window.CDN = "\(base)";</script>
        <script src="\(base)js/anim.js"></script>
        </body></html>
        """
    }

    /// The same composition with the CDN's files inside the project under cdn/ (the "files local" control).
    func writeLocalCopy(in scratch: Scratch, name: String) throws -> URL {
        for (path, data) in files { try scratch.write(data, to: "\(name)/cdn\(path)") }
        try scratch.write(Self.html(base: "cdn/", logo: "img/logo.png"), to: "\(name)/index.html")
        return scratch.file(name)
    }

    static let script = """
    (function () {
      function Timeline() { this._time = 0; }
      Timeline.prototype.duration = function () { return 1; };
      Timeline.prototype.totalTime = function (t) {
        if (t === undefined) return this._time;
        this._time = t;
        document.getElementById("title").textContent = "Offline " + t.toFixed(2);
        document.getElementById("logo").style.transform = "translateX(" + (t * 150).toFixed(1) + "px)";
        var late = document.getElementById("late");
        if (t >= 0.5 && !late) {
          late = document.createElement("img");
          late.id = "late";
          late.src = window.CDN + "img/late.png";
          document.getElementById("root").appendChild(late);
        }
        if (late) late.style.display = t >= 0.5 ? "block" : "none";
        return this;
      };
      window.__timelines = window.__timelines || {};
      window.__timelines["vendor"] = new Timeline();
    })();
    """

    static let stylesheet = """
    @import url("fonts.css");
    #title { position: absolute; left: 16px; top: 16px; color: #f1faee; font: 30px "Vendored Serif", monospace; }
    #logo { position: absolute; left: 16px; top: 100px; }
    #late { position: absolute; right: 20px; top: 90px; }
    """

    static let fontFace = """
    @font-face { font-family: "Vendored Serif"; src: url("../fonts/serif.ttf") format("truetype"); }
    """

    static func image(size: Int, colour: (UInt8, UInt8, UInt8)) -> RGBAFrame {
        var pixels: [UInt8] = []
        for y in 0..<size {
            for x in 0..<size {
                let on = (x / 8 + y / 8) % 2 == 0
                pixels += on ? [colour.0, colour.1, colour.2, 255] : [241, 250, 238, 255]
            }
        }
        return RGBAFrame(width: size, height: size, pixels: pixels)
    }
}

/// `framegate vendor` as a process; FRAMEGATE_VENDOR_STORE is set only when `environment` says so.
func vendorProcess(_ project: URL, _ arguments: [String] = [], environment: [String: String] = [:]) async throws -> ProcessResult {
    try await runProcess(try framegateBinary(), ["vendor", project.path] + arguments, environment: environment)
}

/// An in-process render of `project` (mp4 into `scratch`), returning its frame digests.
func renderDigests(_ project: URL, in scratch: Scratch, name: String) async throws -> [String] {
    try await Renderer(config: plainRender()).render(projectDir: project, to: scratch.file("\(name).mp4")).digests
}

func readLock(_ project: URL) throws -> VendorLock {
    guard let lock = try VendorLock.read(projectDir: project) else { throw CoreError.io(path: project.path, reason: "no lock") }
    return lock
}
