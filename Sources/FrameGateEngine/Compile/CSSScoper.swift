/// Scopes a sub-composition's stylesheet to its host: every selector gets the host's attribute selector
/// as an ancestor, inside `@media`/`@supports`/`@container`/`@layer` blocks too. Rules that are not
/// selector-based (`@font-face`, `@page`, `@property`, …) are copied untouched. `:root`, `html` and
/// `body` at the start of a selector mean the sub-composition's document, which is now the host.
/// Per instance, `@keyframes` names the sub-composition defines are renamed (in the rule and in every
/// `animation`/`animation-name` declaration), and so are `#id` and `[data-composition-id="…"]` selectors
/// for the ids and compositions renamed in that instance: two instances never share a name.
struct CSSScoper {
    /// For example `[data-fg-host="intro"]`.
    var scope: String
    /// Element ids renamed in this instance: `#old` in selectors becomes `#new`.
    var renamedIds: [String: String] = [:]
    /// `data-composition-id` values renamed in this instance.
    var renamedCompositions: [String: String] = [:]
    /// Keyframe names defined by this instance's stylesheets, renamed.
    var renamedKeyframes: [String: String] = [:]

    private static let keyframesAtRules: Set<String> = ["keyframes", "-webkit-keyframes", "-moz-keyframes", "-o-keyframes"]

    private static let recursiveAtRules: Set<String> = ["media", "supports", "container", "layer", "document", "scope"]

    func scopeStylesheet(_ css: String) -> String {
        let chars = Array(css.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        scopeBlock(chars, &i, &out, topLevel: true)
        return String(out)
    }

    /// Copies rules until the block's closing `}` (consumed and written) or the end.
    private func scopeBlock(_ c: [Unicode.Scalar], _ i: inout Int, _ out: inout String.UnicodeScalarView, topLevel: Bool) {
        while i < c.count {
            // Whitespace and comments before a rule are copied as they are, so they never hide an at-rule.
            while i < c.count {
                if c[i].properties.isWhitespace { out.append(c[i]); i += 1; continue }
                let before = i
                guard c[i] == "/", i + 1 < c.count, c[i + 1] == "*", skipCommentOrString(c, &i) else { break }
                out.append(contentsOf: c[before..<i])
            }
            guard i < c.count else { return }
            let preludeStart = i
            // Read a prelude up to `{`, `;` or `}`, skipping comments and strings.
            var terminator: Unicode.Scalar?
            while i < c.count {
                if skipCommentOrString(c, &i) { continue }
                if c[i] == "{" || c[i] == ";" || c[i] == "}" { terminator = c[i]; break }
                i += 1
            }
            let prelude = String(String.UnicodeScalarView(c[preludeStart..<i]))
            guard let t = terminator else { out.append(contentsOf: prelude.unicodeScalars); return }
            if t == "}" {
                out.append(contentsOf: prelude.unicodeScalars); out.append("}"); i += 1
                if !topLevel { return }
                continue
            }
            if t == ";" { out.append(contentsOf: prelude.unicodeScalars); out.append(";"); i += 1; continue }
            // A block.
            let trimmed = prelude.drop { $0.isWhitespace }
            if trimmed.hasPrefix("@") {
                let name = trimmed.dropFirst().prefix { $0.isLetter || $0 == "-" }.lowercased()
                let header = Self.keyframesAtRules.contains(name) ? renameKeyframesPrelude(prelude, atRule: name) : prelude
                out.append(contentsOf: header.unicodeScalars); out.append("{"); i += 1
                if Self.recursiveAtRules.contains(name) {
                    scopeBlock(c, &i, &out, topLevel: false)
                } else {
                    copyBlockBody(c, &i, &out)
                }
            } else {
                out.append(contentsOf: scopeSelectorList(prelude).unicodeScalars); out.append("{"); i += 1
                var body = String.UnicodeScalarView()
                copyBlockBody(c, &i, &body)
                out.append(contentsOf: renameAnimations(in: String(body)).unicodeScalars)
            }
        }
    }

    /// `@keyframes run ` → `@keyframes run__h ` when `run` is renamed.
    private func renameKeyframesPrelude(_ prelude: String, atRule: String) -> String {
        guard let at = prelude.firstIndex(of: "@") else { return prelude }
        let afterName = prelude.index(at, offsetBy: atRule.count + 1)
        let rest = prelude[afterName...]
        let name = rest.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let renamed = renamedKeyframes[Self.unquoted(name)] else { return prelude }
        let leading = rest.prefix { $0.isWhitespace }
        let trailing = String(rest.reversed().prefix { $0.isWhitespace }.reversed())
        return String(prelude[..<afterName]) + leading + renamed + trailing
    }

    /// Rewrites the keyframe names in `animation` / `animation-name` declarations (prefixed forms too)
    /// of a declaration list: a rule's body or a `style` attribute.
    func renameAnimations(in declarations: String) -> String {
        guard !renamedKeyframes.isEmpty else { return declarations }
        var out = ""
        var declaration = ""
        var quote: Character?
        func flush() {
            out += rewriteDeclaration(declaration)
            declaration = ""
        }
        for ch in declarations {
            if let q = quote {
                declaration.append(ch)
                if ch == q { quote = nil }
                continue
            }
            switch ch {
            case "\"", "'": quote = ch; declaration.append(ch)
            case ";", "{", "}": flush(); out.append(ch)
            default: declaration.append(ch)
            }
        }
        flush()
        return out
    }

    private func rewriteDeclaration(_ declaration: String) -> String {
        guard let colon = declaration.firstIndex(of: ":") else { return declaration }
        var property = declaration[..<colon].trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        for prefix in ["-webkit-", "-moz-", "-o-"] where property.hasPrefix(prefix) { property.removeFirst(prefix.count) }
        guard property == "animation" || property == "animation-name" else { return declaration }
        var value = ""
        var token = ""
        func flushToken() {
            value += renamedKeyframes[Self.unquoted(token)] ?? token
            token = ""
        }
        for ch in declaration[declaration.index(after: colon)...] {
            if ch.isLetter || ch.isNumber || ch == "-" || ch == "_" || ch == "\"" || ch == "'" || ch == "\\" || ch.unicodeScalars.first!.value > 0x7f {
                token.append(ch)
            } else {
                flushToken()
                value.append(ch)
            }
        }
        flushToken()
        return String(declaration[...colon]) + value
    }

    private static func unquoted(_ s: String) -> String {
        if s.count >= 2, let f = s.first, f == s.last, f == "\"" || f == "'" { return String(s.dropFirst().dropLast()) }
        return s
    }

    /// Names of the `@keyframes` rules a stylesheet defines, in order.
    static func keyframeNames(in css: String) -> [String] {
        var names: [String] = []
        var rest = Substring(css)
        while let at = rest.firstIndex(of: "@") {
            let afterAt = rest[rest.index(after: at)...]
            let rule = afterAt.prefix { $0.isLetter || $0 == "-" }.lowercased()
            rest = afterAt.dropFirst(rule.count)
            guard keyframesAtRules.contains(rule) else { continue }
            let name = rest.prefix { $0 != "{" && $0 != ";" }.trimmingCharacters(in: .whitespacesAndNewlines)
            if !name.isEmpty, !names.contains(unquoted(name)) { names.append(unquoted(name)) }
        }
        return names
    }

    /// Copies a declaration block (including nested blocks) through its closing `}`.
    private func copyBlockBody(_ c: [Unicode.Scalar], _ i: inout Int, _ out: inout String.UnicodeScalarView) {
        var depth = 1
        let start = i
        while i < c.count, depth > 0 {
            if skipCommentOrString(c, &i) { continue }
            if c[i] == "{" { depth += 1 } else if c[i] == "}" { depth -= 1 }
            i += 1
        }
        out.append(contentsOf: c[start..<i])
    }

    private func skipCommentOrString(_ c: [Unicode.Scalar], _ i: inout Int) -> Bool {
        if c[i] == "/", i + 1 < c.count, c[i + 1] == "*" {
            i += 2
            while i < c.count, !(c[i] == "*" && i + 1 < c.count && c[i + 1] == "/") { i += 1 }
            i = min(i + 2, c.count)
            return true
        }
        if c[i] == "\"" || c[i] == "'" {
            let q = c[i]
            i += 1
            while i < c.count, c[i] != q { if c[i] == "\\" { i += 1 }; i += 1 }
            i = min(i + 1, c.count)
            return true
        }
        return false
    }

    /// `a, b > c` → `S a, S b > c`, splitting only on top-level commas.
    func scopeSelectorList(_ prelude: String) -> String {
        var parts: [String] = []
        var current = ""
        var depth = 0
        var quote: Character?
        for ch in prelude {
            if let q = quote { current.append(ch); if ch == q { quote = nil }; continue }
            switch ch {
            case "\"", "'": quote = ch; current.append(ch)
            case "(", "[": depth += 1; current.append(ch)
            case ")", "]": depth -= 1; current.append(ch)
            case "," where depth == 0: parts.append(current); current = ""
            default: current.append(ch)
            }
        }
        parts.append(current)
        return parts.map(scopeSelector).joined(separator: ",")
    }

    private func scopeSelector(_ selector: String) -> String {
        let leading = String(selector.prefix { $0.isWhitespace })
        let trailing = String(selector.reversed().prefix { $0.isWhitespace }.reversed())
        var body = String(selector.dropFirst(leading.count).dropLast(trailing.count))
        guard !body.isEmpty else { return selector }
        body = renameIds(in: body)
        // `:root`, `html`, `body` (and `html body`) name the sub-composition's document: the host itself.
        var replacedDocument = false
        for keyword in [":root", "html", "body"] {
            let trimmedBody = body.drop { $0.isWhitespace }
            guard trimmedBody.lowercased().hasPrefix(keyword) else { continue }
            let after = trimmedBody.dropFirst(keyword.count)
            guard after.first.map({ !($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) ?? true else { continue }
            body = String(after)
            replacedDocument = true
        }
        if replacedDocument { return leading + scope + body + trailing }
        return leading + scope + " " + body + trailing
    }

    /// `#id` outside attribute selectors and strings, for ids renamed in this instance; and
    /// `[data-composition-id="x"]` for compositions renamed in this instance.
    private func renameIds(in selector: String) -> String {
        renameCompositionSelectors(in: renameIdSelectors(in: selector))
    }

    private func renameCompositionSelectors(in selector: String) -> String {
        guard !renamedCompositions.isEmpty, selector.contains("data-composition-id") else { return selector }
        var out = ""
        var rest = Substring(selector)
        while let open = rest.firstIndex(of: "[") {
            out += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "]") else { rest = rest[open...]; break }
            let inner = rest[rest.index(after: open)..<close]
            let parts = inner.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2, parts[0] == "data-composition-id", let renamed = renamedCompositions[Self.unquoted(parts[1])] {
                out += "[data-composition-id=\"\(renamed)\"]"
            } else {
                out += rest[open...close]
            }
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    private func renameIdSelectors(in selector: String) -> String {
        guard !renamedIds.isEmpty else { return selector }
        var out = ""
        var chars = Array(selector)[...]
        var bracket = 0
        while let ch = chars.first {
            chars = chars.dropFirst()
            if ch == "[" { bracket += 1 } else if ch == "]" { bracket -= 1 }
            out.append(ch)
            guard ch == "#", bracket == 0 else { continue }
            let ident = String(chars.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
            if let renamed = renamedIds[ident] {
                out += renamed
                chars = chars.dropFirst(ident.count)
            }
        }
        return out
    }
}
