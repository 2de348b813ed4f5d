import FrameGateMedia
import Foundation
@testable import FrameGateBrowser
import FrameGateTestSupport

extension TestProject {
    var source: ProjectSource { ProjectSource(root: root) }
}

/// A page of the given size on white, with `.box` absolutely positioned: the composition root and `body` inside it.
func page(width: Int = 160, height: Int = 90, duration: Double = 4, rootAttributes: String = "",
          style: String = "", body: String, script: String = "") -> String {
    compositionPage(width: width, height: height, duration: duration, background: "rgb(255,255,255)",
                    rootAttributes: rootAttributes, style: ".box { position: absolute; }\n" + style, body: body, script: script)
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
