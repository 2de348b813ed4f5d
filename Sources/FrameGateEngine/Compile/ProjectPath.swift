import Foundation

/// Path arithmetic for project-relative paths ("a/b.png", no leading slash). URLs in compositions are
/// resolved here rather than with Foundation's URL so the result is the same on every platform.
enum ProjectPath {
    /// Collapses `.` and `..`; a path that climbs above the project keeps its leading `..` segments.
    static func normalize(_ path: String) -> String {
        var out: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = out.last, last != ".." { out.removeLast(); continue }
            out.append(part)
        }
        return out.joined(separator: "/")
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }

    static func join(_ dir: String, _ path: String) -> String { normalize(dir.isEmpty ? path : dir + "/" + path) }

    static func escapesProject(_ path: String) -> Bool { path == ".." || path.hasPrefix("../") }

    /// `path` written relative to `dir` (both project-relative).
    static func relative(from dir: String, to path: String) -> String {
        let d = dir.split(separator: "/").map(String.init)
        let p = path.split(separator: "/").map(String.init)
        var common = 0
        while common < d.count, common < p.count - 1, d[common] == p[common] { common += 1 }
        let ups = Array(repeating: "..", count: d.count - common)
        return (ups + p[common...]).joined(separator: "/")
    }
}

/// A URL found in HTML or CSS that points at a project file.
struct LocalReference: Equatable {
    /// Project-relative path of the file (percent-decoded).
    var path: String
    /// `?query` / `#fragment` kept verbatim for rewriting.
    var suffix: String
    /// The URL was root-relative (`/x`): it means the same file from anywhere, so it is never rewritten.
    var rootRelative: Bool
}

enum LocalURL {
    /// Resolves `url` written in a file whose directory is `baseDir`. Nil for URLs that are not project
    /// files: other schemes (data:, https:, …), protocol-relative, fragment-only, empty.
    static func resolve(_ url: String, baseDir: String) -> LocalReference? {
        let trimmed = url.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, !trimmed.hasPrefix("#"), !trimmed.hasPrefix("//"), !hasScheme(trimmed) else { return nil }
        var pathPart = trimmed
        var suffix = ""
        if let cut = trimmed.firstIndex(where: { $0 == "?" || $0 == "#" }) {
            pathPart = String(trimmed[..<cut]); suffix = String(trimmed[cut...])
        }
        guard !pathPart.isEmpty else { return nil }
        let decoded = pathPart.removingPercentEncoding ?? pathPart
        if decoded.hasPrefix("/") { return LocalReference(path: ProjectPath.normalize(decoded), suffix: suffix, rootRelative: true) }
        return LocalReference(path: ProjectPath.join(baseDir, decoded), suffix: suffix, rootRelative: false)
    }

    static func hasScheme(_ s: String) -> Bool {
        guard let colon = s.firstIndex(of: ":"), let first = s.first, first.isLetter else { return false }
        return s[..<colon].allSatisfy { $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == "." }
    }

    /// `reference` as a URL written in a file at `toDir`.
    static func write(_ reference: LocalReference, fromDir toDir: String) -> String {
        let rel = ProjectPath.relative(from: toDir, to: reference.path)
        let encoded = rel.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? rel
        return encoded + reference.suffix
    }
}

/// URLs inside CSS text: `url(...)` and `@import "..."`.
enum CSSURLs {
    /// Calls `transform` for every URL; a non-nil result replaces it. Quotes are preserved.
    static func rewrite(_ css: String, _ transform: (String) -> String?) -> String {
        var out = ""
        var rest = Substring(css)
        while let range = nextURL(in: rest) {
            out += rest[..<range.url.lowerBound]
            let original = String(rest[range.url])
            out += transform(original) ?? original
            rest = rest[range.url.upperBound...]
        }
        out += rest
        return out
    }

    static func collect(_ css: String) -> [String] {
        var found: [String] = []
        _ = rewrite(css) { found.append($0); return nil }
        return found
    }

    /// The next URL's text range (inside quotes or parentheses).
    private static func nextURL(in s: Substring) -> (url: Range<Substring.Index>, Void)? {
        var search = s.startIndex
        while search < s.endIndex {
            let lower = s[search...]
            let urlHit = lower.range(of: "url(", options: .caseInsensitive)
            let importHit = lower.range(of: "@import", options: .caseInsensitive)
            guard let hit = [urlHit, importHit].compactMap({ $0 }).min(by: { $0.lowerBound < $1.lowerBound }) else { return nil }
            var i = hit.upperBound
            while i < s.endIndex, s[i].isWhitespace { i = s.index(after: i) }
            guard i < s.endIndex else { return nil }
            if s[i] == "\"" || s[i] == "'" {
                let quote = s[i]
                let start = s.index(after: i)
                if let close = s[start...].firstIndex(of: quote) { return (start..<close, ()) }
                return nil
            }
            if hit == urlHit, let close = s[i...].firstIndex(of: ")") {
                var end = close
                while end > i, s[s.index(before: end)].isWhitespace { end = s.index(before: end) }
                return (i..<end, ())
            }
            search = hit.upperBound
        }
        return nil
    }
}
