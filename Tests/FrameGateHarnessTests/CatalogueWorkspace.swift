import Foundation
import XCTest
import FrameGateTestSupport

/// The files the catalogue's rows share: two tiny projects, a directory and a file of the user's, a
/// plan of each project with its rendered chunks, a fixture with its baseline, and one small project per
/// bad composition. Built once (one plan, four chunks, one baseline), then every row runs against it.
enum CatalogueWorkspace {
    /// A style that turns the box 2° per frame at 30 fps for `seconds`: every frame differs from the one
    /// before, so begin-frame capture holds none and a long render stays long.
    static func spinning(seconds: Int) -> String {
        "<style>#box{animation:spin \(seconds)s linear both}@keyframes spin{to{transform:rotate(\(seconds * 60)deg)}}</style>"
    }

    static func composition(root: String = "data-width=\"160\" data-height=\"90\" data-duration=\"1\"",
                            head: String = "", body: String = "", script: String = "", color: String = "#f4a261") -> String {
        """
        <!doctype html>
        <html><head><meta charset="utf-8">
        <style>html,body{margin:0;background:#203040}#box{position:absolute;left:0;top:25px;width:40px;height:40px;background:\(color);animation:slide 1s linear both}@keyframes slide{to{transform:translateX(120px)}}</style>
        \(head)</head>
        <body><div id="root" data-composition-id="main" \(root)><div id="box"></div>\(body)</div>
        <script>\(script)</script></body></html>
        """
    }

    /// Compositions that are wrong in one way each (directory name → index.html).
    static let badCompositions: [String: String] = [
        "no-root": "<!doctype html><html><body><div>nothing marked as the root</div></body></html>",
        "zero-duration": composition(root: "data-width=\"160\" data-height=\"90\" data-duration=\"0\""),
        "text-duration": composition(root: "data-width=\"160\" data-height=\"90\" data-duration=\"soon\""),
        "negative-start": composition(body: "<div id=\"late\" data-start=\"-2\" data-duration=\"1\">x</div>"),
        "huge-root": composition(root: "data-width=\"20000\" data-height=\"90\" data-duration=\"1\""),
        "zero-width": composition(root: "data-width=\"0\" data-height=\"90\" data-duration=\"1\""),
        "unknown-clip": composition(body: "<div id=\"a\" data-start=\"intro + 1\" data-duration=\"1\">x</div>"),
        "missing-sub": composition(body: "<div data-composition-src=\"parts/missing.html\" data-start=\"0\"></div>"),
        "missing-audio": composition(body: "<audio src=\"missing.wav\" data-start=\"0\" data-duration=\"1\"></audio>"),
        "script-error": composition(script: "throw new Error('catalogue: broken script')"),
        "alert": composition(script: "setTimeout(() => alert('hello'), 200)"),
        "confirm": composition(script: "setTimeout(() => confirm('sure?'), 200)"),
        "reload": composition(script: "setTimeout(() => location.reload(), 200)"),
        "navigate": composition(script: "setTimeout(() => { location.href = 'https://example.com/elsewhere' }, 200)"),
        "busy-loop": composition(script: "window.__timelines = { main: { totalTime(t) { if (t > 0.3) { for (;;) {} } } } }"),
        "fetch": composition(script: "fetch('http://127.0.0.1:9/data.json').catch(() => {})"),
        "websocket": composition(script: "try { new WebSocket('ws://127.0.0.1:9/socket') } catch (e) {}"),
        "webrtc": composition(script: "try { new RTCPeerConnection({ iceServers: [{ urls: 'stun:127.0.0.1:9' }] }) } catch (e) {}"),
        "eventsource": composition(script: "new EventSource('http://127.0.0.1:9/events')"),
        "beacon": composition(script: "navigator.sendBeacon('http://127.0.0.1:9/beacon', 'x')"),
        "file-url": composition(body: "<img src=\"file:///etc/hostname\">"),
        "css-import": composition(head: "<style>@import url('http://127.0.0.1:9/remote.css');</style>"),
        "remote-font": composition(head: "<style>@font-face{font-family:R;src:url('http://127.0.0.1:9/r.woff2')}#root{font-family:R}</style>", body: "text"),
        "iframe": composition(body: "<iframe src=\"http://127.0.0.1:9/frame.html\"></iframe>"),
        "image-escape": composition(body: "<img src=\"../../secret.png\">"),
        "sub-symlink-escape": composition(body: "<div data-composition-src=\"parts/card.html\" data-start=\"0\" data-duration=\"1\"></div>"),
        "css-symlink-escape": composition(body: "<div data-composition-src=\"parts/card.html\" data-start=\"0\" data-duration=\"1\"></div>"),
        "image-symlink-escape": composition(body: "<img src=\"leak.png\">"),
        "sub-cycle": composition(body: "<div data-composition-src=\"parts/a.html\" data-start=\"0\" data-duration=\"1\"></div>"),
    ]

    static func build(_ w: URL, executable: String) throws {
        let manager = FileManager.default
        func write(_ text: String, _ path: String) throws {
            let url = w.appendingPathComponent(path)
            try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        func link(_ path: String, to target: String) throws {
            let url = w.appendingPathComponent(path)
            try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try manager.createSymbolicLink(atPath: url.path, withDestinationPath: target)
        }
        try write(composition(), "proj/index.html")
        try write(composition(color: "#2a9d8f"), "proj2/index.html")
        try write("the user's notes\n", "user/notes.txt")
        try Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31) }).write(to: w.appendingPathComponent("user/photo.bin"))
        try write("a file of the user's\n", "userfile.txt")
        try write("secret text from outside the project\n", "secret.html")
        try Data([0x89, 0x50, 0x4E, 0x47]).write(to: w.appendingPathComponent("secret.png"))
        try link("link-to-proj", to: w.appendingPathComponent("proj").path)
        try manager.createDirectory(at: w.appendingPathComponent("empty-project"), withIntermediateDirectories: true)
        try manager.createDirectory(at: w.appendingPathComponent("out"), withIntermediateDirectories: true)
        for (name, html) in badCompositions { try write(html, "bad/\(name)/index.html") }
        try link("bad/sub-symlink-escape/parts/card.html", to: w.appendingPathComponent("secret.html").path)
        try write("<template><div id=\"card\"><link rel=\"stylesheet\" href=\"card.css\">card</div></template>", "bad/css-symlink-escape/parts/card.html")
        try write("#card{color:red}", "outside.css")
        try link("bad/css-symlink-escape/parts/card.css", to: w.appendingPathComponent("outside.css").path)
        try link("bad/image-symlink-escape/leak.png", to: w.appendingPathComponent("secret.png").path)
        try write("<template><div data-composition-src=\"b.html\" data-start=\"0\"></div></template>", "bad/sub-cycle/parts/a.html")
        try write("<template><div data-composition-src=\"a.html\" data-start=\"0\"></div></template>", "bad/sub-cycle/parts/b.html")
        try link("bad/entry-symlink-escape/index.html", to: w.appendingPathComponent("secret.html").path)

        // Plans and chunks, through the CLI as a user makes them.
        func framegate(_ arguments: [String]) throws {
            let result = try runProcess(executable, arguments)
            guard result.status == 0 else {
                throw NSError(domain: "catalogue", code: Int(result.status),
                              userInfo: [NSLocalizedDescriptionKey: "setup `framegate \(arguments.joined(separator: " "))` failed: \(result.stderr)"])
            }
        }
        for (project, suffix) in [("proj", ""), ("proj2", "2")] {
            let plan = w.appendingPathComponent("plan\(suffix)").path
            try framegate(["plan", w.appendingPathComponent(project).path, "--plan-dir", plan, "--chunk-size", "15", "--quality", "draft"])
            for chunk in 0..<2 {
                try framegate(["render-chunk", "--plan-dir", plan, "--chunk", String(chunk),
                               "-o", w.appendingPathComponent("chunks\(suffix)/c\(chunk).mp4").path])
            }
        }

        // A fixture and its baseline for the `framegate test` rows.
        let fixture = TinyFixture()
        try write(fixture.meta(name: "tiny"), "fixtures/tiny/meta.json")
        try write(fixture.html(name: "tiny"), "fixtures/tiny/src/index.html")
        // A fixture that a signal can interrupt mid-render (`tiny` can finish before the signal lands): 120 s,
        // every frame different (Self.spinning), so no frame is held and its render takes many seconds.
        let slow = TinyFixture(duration: 120)
        try write(slow.meta(name: "slow"), "fixtures-slow/slow/meta.json")
        try write(Self.composition(root: "data-width=\"160\" data-height=\"90\" data-duration=\"120\"", head: Self.spinning(seconds: 120)),
                  "fixtures-slow/slow/src/index.html")
        try framegate(["test", "--fixtures", w.appendingPathComponent("fixtures").path,
                       "--baselines", w.appendingPathComponent("baselines").path, "--update", "tiny",
                       "--change-report", w.appendingPathComponent("update-report").path])
        try write("{ not json", "badmeta/broken/meta.json")
        try write(fixture.html(name: "broken"), "badmeta/broken/src/index.html")
        // The slow fixture's "baseline" is tiny's: the run is interrupted long before anything is compared.
        try copy(w, "baselines/tiny", to: "baselines-slow/slow")
        try write(fixture.meta(name: "rate").replacingOccurrences(of: "\"fps\": 10", with: "\"fps\": \"fast\""), "badmeta/rate/meta.json")
        try write(fixture.html(name: "rate"), "badmeta/rate/src/index.html")
    }

    /// A copy of `source` (inside the workspace) at `target`, for rows that damage their own copy.
    static func copy(_ w: URL, _ source: String, to target: String) throws {
        let destination = w.appendingPathComponent(target)
        if FileManager.default.fileExists(atPath: destination.path) { return }
        try FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: w.appendingPathComponent(source), to: destination)
    }

    /// A pid that certainly belongs to no running process: one we started and reaped.
    static func deadPID() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }
}
