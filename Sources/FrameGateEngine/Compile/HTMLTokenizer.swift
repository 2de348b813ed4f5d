/// One attribute of a start tag. `name` is lower-cased for lookups; `rawName` keeps the author's spelling
/// so rewritten tags stay recognisable. `value` is nil for a boolean attribute and entity-decoded otherwise.
struct HTMLAttribute: Equatable, Sendable {
    var rawName: String
    var name: String
    var value: String?
}

struct HTMLStartTag: Equatable, Sendable {
    var rawName: String
    var name: String
    var attributes: [HTMLAttribute]
    var selfClosing: Bool
    /// Byte range of the whole tag, `<` through `>`.
    var range: Range<Int>

    /// HTML keeps the first of duplicated attributes, so lookups do too.
    func attribute(_ name: String) -> HTMLAttribute? { attributes.first { $0.name == name } }
    func value(_ name: String) -> String? { attribute(name)?.value ?? (attribute(name) != nil ? "" : nil) }
}

enum HTMLToken: Equatable, Sendable {
    case text(Range<Int>)
    case startTag(HTMLStartTag)
    case endTag(name: String, range: Range<Int>)
    case comment(Range<Int>)
    case doctype(Range<Int>)
}

/// A small HTML tokenizer over UTF-8 bytes. Every token carries its byte range so the compiler can rewrite
/// single tags and splice content without reserialising the document. It follows the browser's rules where
/// they matter for compositions: raw-text elements, bogus comments, unquoted/boolean attributes, and
/// a `<` that starts no tag is text.
enum HTMLTokenizer {
    /// Elements whose content is not markup: it runs to the matching end tag.
    static let rawTextElements: Set<String> = ["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes"]

    static func tokenize(_ bytes: [UInt8]) -> [HTMLToken] {
        var tokens: [HTMLToken] = []
        var i = 0
        var textStart = 0
        let n = bytes.count
        func flushText(upTo end: Int) {
            if end > textStart { tokens.append(.text(textStart..<end)) }
        }
        while i < n {
            guard bytes[i] == UInt8(ascii: "<"), let (token, next) = tag(in: bytes, at: i) else {
                i += 1
                continue
            }
            flushText(upTo: i)
            tokens.append(token)
            i = next
            textStart = i
            if case let .startTag(start) = token, rawTextElements.contains(start.name) {
                let end = rawTextEnd(in: bytes, from: i, name: start.name)
                if end > i { tokens.append(.text(i..<end)) }
                i = end
                textStart = i
            }
        }
        flushText(upTo: n)
        return tokens
    }

    /// Where the raw text of `name` ends: at `</name` followed by whitespace, `/` or `>`, or at the end.
    private static func rawTextEnd(in bytes: [UInt8], from start: Int, name: String) -> Int {
        let nameBytes = Array(name.utf8)
        var i = start
        while i + 1 + nameBytes.count < bytes.count {
            if bytes[i] == UInt8(ascii: "<"), bytes[i + 1] == UInt8(ascii: "/") {
                var matches = true
                for (k, c) in nameBytes.enumerated() where lower(bytes[i + 2 + k]) != c { matches = false; break }
                if matches {
                    let after = i + 2 + nameBytes.count
                    if after == bytes.count || isSpace(bytes[after]) || bytes[after] == UInt8(ascii: "/") || bytes[after] == UInt8(ascii: ">") {
                        return i
                    }
                }
            }
            i += 1
        }
        return bytes.count
    }

    /// Recognises a tag-like construct at `i` (which holds `<`). Nil means the `<` is text.
    private static func tag(in b: [UInt8], at i: Int) -> (HTMLToken, Int)? {
        let n = b.count
        guard i + 1 < n else { return nil }
        let c = b[i + 1]
        if c == UInt8(ascii: "!") {
            if starts(b, at: i, with: "<!--") {
                // `<!-->` and `<!--->` are complete (empty) comments in HTML.
                if starts(b, at: i + 4, with: ">") { return (.comment(i..<(i + 5)), i + 5) }
                if starts(b, at: i + 4, with: "->") { return (.comment(i..<(i + 6)), i + 6) }
                let end = find(b, "-->", from: i + 4).map { $0 + 3 } ?? n
                return (.comment(i..<end), end)
            }
            let end = find(b, ">", from: i + 2).map { $0 + 1 } ?? n
            if startsCaseInsensitive(b, at: i, with: "<!doctype") { return (.doctype(i..<end), end) }
            return (.comment(i..<end), end)
        }
        if c == UInt8(ascii: "?") {
            let end = find(b, ">", from: i + 2).map { $0 + 1 } ?? n
            return (.comment(i..<end), end)
        }
        if c == UInt8(ascii: "/") {
            guard i + 2 < n else { return nil }
            if b[i + 2] == UInt8(ascii: ">") { return (.comment(i..<(i + 3)), i + 3) } // `</>` is dropped by browsers
            let end = find(b, ">", from: i + 2).map { $0 + 1 } ?? n
            guard isLetter(b[i + 2]) else { return (.comment(i..<end), end) }
            var j = i + 2
            while j < n, !isSpace(b[j]), b[j] != UInt8(ascii: "/"), b[j] != UInt8(ascii: ">") { j += 1 }
            let name = String(decoding: b[(i + 2)..<j], as: UTF8.self).lowercased()
            return (.endTag(name: name, range: i..<end), end)
        }
        guard isLetter(c) else { return nil }
        return startTag(in: b, at: i).map { (.startTag($0), $0.range.upperBound) }
    }

    private static func startTag(in b: [UInt8], at i: Int) -> HTMLStartTag? {
        let n = b.count
        var j = i + 1
        while j < n, !isSpace(b[j]), b[j] != UInt8(ascii: "/"), b[j] != UInt8(ascii: ">") { j += 1 }
        let rawName = String(decoding: b[(i + 1)..<j], as: UTF8.self)
        var attributes: [HTMLAttribute] = []
        var selfClosing = false
        while true {
            while j < n, isSpace(b[j]) || (b[j] == UInt8(ascii: "/") && !(j + 1 < n && b[j + 1] == UInt8(ascii: ">"))) { j += 1 }
            guard j < n else { return nil } // EOF inside a tag: browsers drop it; we keep the bytes as text
            if b[j] == UInt8(ascii: ">") { j += 1; break }
            if b[j] == UInt8(ascii: "/") { selfClosing = true; j += 2; break }
            let nameStart = j
            j += 1 // the first character may be anything, even `=`
            while j < n, !isSpace(b[j]), b[j] != UInt8(ascii: "/"), b[j] != UInt8(ascii: ">"), b[j] != UInt8(ascii: "=") { j += 1 }
            let attrRaw = String(decoding: b[nameStart..<j], as: UTF8.self)
            var k = j
            while k < n, isSpace(b[k]) { k += 1 }
            var value: String?
            if k < n, b[k] == UInt8(ascii: "=") {
                k += 1
                while k < n, isSpace(b[k]) { k += 1 }
                guard k < n else { return nil }
                if b[k] == UInt8(ascii: "\"") || b[k] == UInt8(ascii: "'") {
                    guard let close = find(b, b[k], from: k + 1) else { return nil }
                    value = HTMLEntities.decode(String(decoding: b[(k + 1)..<close], as: UTF8.self))
                    k = close + 1
                } else {
                    let vStart = k
                    while k < n, !isSpace(b[k]), b[k] != UInt8(ascii: ">") { k += 1 }
                    value = HTMLEntities.decode(String(decoding: b[vStart..<k], as: UTF8.self))
                }
                j = k
            }
            let lowered = attrRaw.lowercased()
            if !attributes.contains(where: { $0.name == lowered }) {
                attributes.append(HTMLAttribute(rawName: attrRaw, name: lowered, value: value))
            }
        }
        return HTMLStartTag(rawName: rawName, name: rawName.lowercased(), attributes: attributes, selfClosing: selfClosing, range: i..<j)
    }

    // MARK: byte helpers

    static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0C || c == 0x0D }
    static func isLetter(_ c: UInt8) -> Bool { (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) }
    static func lower(_ c: UInt8) -> UInt8 { (c >= 0x41 && c <= 0x5A) ? c + 32 : c }

    private static func starts(_ b: [UInt8], at i: Int, with s: String) -> Bool {
        let p = Array(s.utf8)
        guard i + p.count <= b.count else { return false }
        for k in 0..<p.count where b[i + k] != p[k] { return false }
        return true
    }

    private static func startsCaseInsensitive(_ b: [UInt8], at i: Int, with s: String) -> Bool {
        let p = Array(s.utf8)
        guard i + p.count <= b.count else { return false }
        for k in 0..<p.count where lower(b[i + k]) != p[k] { return false }
        return true
    }

    private static func find(_ b: [UInt8], _ s: String, from: Int) -> Int? {
        let p = Array(s.utf8)
        guard !p.isEmpty, from <= b.count - p.count else { return nil }
        var i = from
        while i <= b.count - p.count {
            if b[i] == p[0] {
                var ok = true
                for k in 1..<p.count where b[i + k] != p[k] { ok = false; break }
                if ok { return i }
            }
            i += 1
        }
        return nil
    }

    private static func find(_ b: [UInt8], _ c: UInt8, from: Int) -> Int? {
        var i = from
        while i < b.count { if b[i] == c { return i }; i += 1 }
        return nil
    }
}
