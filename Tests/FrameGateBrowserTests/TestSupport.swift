import FrameGateMedia
import Foundation
import XCTest
@testable import FrameGateBrowser
import FrameGateCore

/// A throwaway project directory. `files` maps relative paths to contents.
struct TestProject {
    let root: URL

    init(_ files: [String: String], in subdirectory: String? = nil) throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("fg-browser-test-\(UUID().uuidString)")
        root = subdirectory.map { base.appendingPathComponent($0) } ?? base
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
    }

    var source: ProjectSource { ProjectSource(root: root) }
}

/// A page of the given size with no margins, the composition root, and `body` inside it.
func page(width: Int = 160, height: Int = 90, duration: Double = 4, rootAttributes: String = "",
          style: String = "", body: String, script: String = "") -> String {
    """
    <!doctype html>
    <html><head><meta charset="utf-8"><style>
    html, body { margin: 0; padding: 0; background: rgb(255,255,255); overflow: hidden; }
    #root { position: relative; width: \(width)px; height: \(height)px; }
    .box { position: absolute; }
    \(style)
    </style></head>
    <body><div id="root" data-composition-id="main" data-width="\(width)" data-height="\(height)" data-duration="\(duration)" \(rootAttributes)>
    \(body)
    </div>
    <script>
    \(script)
    </script>
    </body></html>
    """
}

/// One browser per test class: launching chromium costs ~0.3 s and a page much less.
actor BrowserPool {
    static let shared = BrowserPool()
    private var browser: Browser?

    func get() async throws -> Browser {
        if let browser { return browser }
        let launched = try await Browser.launch()
        browser = launched
        return launched
    }
}

extension RGBAFrame {
    func rgb(_ x: Int, _ y: Int) -> [Int] {
        let p = pixel(x: x, y: y)
        return [Int(p.r), Int(p.g), Int(p.b)]
    }
}

func assertCode<T>(_ expected: ErrorCode, file: StaticString = #filePath, line: UInt = #line,
                   _ body: () async throws -> T) async -> BrowserError? {
    do {
        _ = try await body()
        XCTFail("expected error[\(expected.rawValue)], got success", file: file, line: line)
        return nil
    } catch let error as BrowserError {
        XCTAssertEqual(error.code, expected, "\(error)", file: file, line: line)
        return error
    } catch {
        XCTFail("expected BrowserError \(expected.rawValue), got \(error)", file: file, line: line)
        return nil
    }
}
