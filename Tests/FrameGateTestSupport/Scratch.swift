import Foundation

/// A scratch directory removed when the test ends.
public final class Scratch: Sendable {
    public let url: URL

    public init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("fg-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    public func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    @discardableResult
    public func write(_ text: String, to path: String) throws -> URL {
        try write(Data(text.utf8), to: path)
    }

    @discardableResult
    public func write(_ data: Data, to path: String) throws -> URL {
        let target = url.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: target)
        return target
    }
}

/// A throwaway project directory with the given files (relative path → contents), removed when the test ends.
/// With `subdirectory`, the project root is that directory inside the temporary one.
public final class TestProject: Sendable {
    private let scratch: Scratch
    public let dir: URL
    public var root: URL { dir }

    public init(_ files: [String: String], in subdirectory: String? = nil) throws {
        let scratch = try Scratch()
        self.scratch = scratch
        dir = subdirectory.map { scratch.file($0) } ?? scratch.url
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (path, text) in files { try write(path, text) }
    }

    public func write(_ path: String, _ text: String) throws {
        try write(path, data: Data(text.utf8))
    }

    public func write(_ path: String, data: Data) throws {
        let url = dir.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }
}

/// A composition page: root `main` of the given size and duration, margins off, `body` inside the root.
/// The background is painted twice: on html/body, and on a full-frame layer behind everything
/// (`z-index: -1`), because alpha outputs clear html/body/root backgrounds as HyperFrames does — the
/// layer keeps such a page's backdrop in mov/webm/png-sequence, and paints the same pixels in mp4.
public func compositionPage(width: Int = 160, height: Int = 90, duration: Double, background: String = "rgb(0,0,255)",
                            rootAttributes: String = "", style: String = "", body: String, script: String = "") -> String {
    """
    <!doctype html>
    <html><head><meta charset="utf-8"><style>
    html, body { margin: 0; padding: 0; background: \(background); overflow: hidden; }
    #root { position: relative; width: \(width)px; height: \(height)px; overflow: hidden; }
    #fg-test-backdrop { position: fixed; inset: 0; z-index: -1; background: \(background); }
    \(style)
    </style></head>
    <body><div id="fg-test-backdrop"></div><div id="root" data-composition-id="main" data-width="\(width)" data-height="\(height)" data-duration="\(duration)" \(rootAttributes)>
    \(body)
    </div>
    <script>
    \(script)
    </script>
    </body></html>
    """
}

/// The style, body and script of a page that clones a full-frame scene (`#scene`, sized only by `inset: 0`)
/// into a 160×90 `<canvas layoutsubtree>` and draws the clone (`#scene-clone`) at 160×90 with
/// drawElementImage at each seek from `drawFrom` seconds, as HyperFrames' shader transitions do.
/// `pinned`: the clone gets an explicit 160×90 box (no stretch); otherwise it lays out at its content size.
/// `window.drawn` counts the draws.
public func layoutSubtreeClonePage(pinned: Bool, drawFrom: Double = 0) -> (style: String, body: String, script: String) {
    (style: ".scene { position: absolute; inset: 0; display: grid; place-items: center; background: rgb(0,0,255); } .word { font-size: 30px; }",
     body: #"<section id="scene" class="scene"><div class="word">ALPHA</div></section>"#,
     script: """
        const canvas = document.createElement('canvas');
        canvas.width = 160; canvas.height = 90;
        canvas.setAttribute('layoutsubtree', '');
        canvas.style.cssText = 'position:fixed;top:0;left:0;width:160px;height:90px';
        const clone = document.getElementById('scene').cloneNode(true);
        clone.id = 'scene-clone';
        \(pinned ? "clone.style.cssText = 'position:absolute;left:0;top:0;width:160px;height:90px';" : "")
        canvas.appendChild(clone);
        document.body.appendChild(canvas);
        window.drawn = 0;
        window.addEventListener('hf-seek', (e) => {
          if (e.detail.time < \(drawFrom)) return;
          e.detail.waitUntil(new Promise((resolve) => requestAnimationFrame(() => {
            canvas.getContext('2d').drawElementImage(clone, 0, 0, 160, 90);
            window.drawn++;
            resolve();
          })));
        });
        """)
}
