import Foundation

/// The complement to recording: absolute http(s) URLs written in HTML and CSS text (src/href/poster
/// attributes, url(…), @import). `framegate vendor` warns about those the page never requested — a
/// reference the seeks did not reach, or one that is never used.
enum RemoteURLScanner {
    private static let patterns: [NSRegularExpression] = [
        #"(?:src|href|poster|xlink:href|data-src)\s*=\s*["']?\s*(https?://[^"'\s>]+)"#,
        #"url\(\s*["']?\s*(https?://[^"'\s)]+)"#,
        #"@import\s+["']\s*(https?://[^"'\s]+)"#,
    ].map { try! NSRegularExpression(pattern: $0, options: [.caseInsensitive]) }

    static func urls(in text: String) -> Set<String> {
        let range = NSRange(text.startIndex..., in: text)
        var found: Set<String> = []
        for pattern in patterns {
            for match in pattern.matches(in: text, range: range) {
                if let captured = Range(match.range(at: 1), in: text) {
                    // The browser never sends a fragment, and decodes `&amp;` written in HTML attributes.
                    let url = text[captured].prefix { $0 != "#" }.replacingOccurrences(of: "&amp;", with: "&")
                    // A bare origin is a preconnect/dns-prefetch hint (Google Fonts pages carry two), not an asset.
                    guard let path = URL(string: url)?.path, !path.isEmpty, path != "/" else { continue }
                    found.insert(url)
                }
            }
        }
        return found
    }

    /// The project's own .html and .css files (text the compiler may not have inlined), outside the
    /// directories no snapshot carries.
    static func projectTexts(_ projectDir: URL, excluded: Set<String>) -> [String] {
        let base = projectDir.standardizedFileURL.path
        guard let walker = FileManager.default.enumerator(atPath: base) else { return [] }
        var texts: [String] = []
        while let relative = walker.nextObject() as? String {
            if excluded.contains(String(relative.prefix { $0 != "/" })) { walker.skipDescendants(); continue }
            let ext = (relative as NSString).pathExtension.lowercased()
            guard ["html", "htm", "css"].contains(ext),
                  let text = try? String(contentsOfFile: base + "/" + relative, encoding: .utf8) else { continue }
            texts.append(text)
        }
        return texts
    }
}
