/// An element found in the source, with the byte ranges the compiler splices.
struct HTMLElement: Sendable {
    var tag: HTMLStartTag
    /// Between the start tag and the end tag (or where the element was implicitly closed).
    var content: Range<Int>
    /// Start tag through end tag.
    var outer: Range<Int>
    var parent: Int?
    var children: [Int] = []

    var name: String { tag.name }
    func value(_ attribute: String) -> String? { tag.value(attribute) }
    func has(_ attribute: String) -> Bool { tag.attribute(attribute) != nil }
}

/// A light element tree over a tokenized document: enough structure for ancestry, content ranges and
/// document order. Elements are stored in document (start tag) order.
struct HTMLDocument: Sendable {
    let bytes: [UInt8]
    private(set) var elements: [HTMLElement] = []
    private(set) var tokens: [HTMLToken] = []

    static let voidElements: Set<String> = ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                                            "param", "source", "track", "wbr", "keygen"]
    /// A `<p>` start tag or one of these closes an open `<p>` (HTML's "close a p element").
    private static let closesParagraph: Set<String> = [
        "address", "article", "aside", "blockquote", "details", "dialog", "div", "dl", "fieldset", "figcaption",
        "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "main", "menu",
        "nav", "ol", "p", "pre", "section", "table", "ul",
    ]
    private static let scopeBoundaries: Set<String> = ["html", "body", "template", "td", "th", "table", "button",
                                                       "caption", "object", "svg", "math"]

    init(_ text: String) { self.init(bytes: Array(text.utf8)) }

    init(bytes: [UInt8]) {
        self.bytes = bytes
        tokens = HTMLTokenizer.tokenize(bytes)
        build()
    }

    func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }

    func isInside(_ index: Int, ancestor: Int) -> Bool {
        var p = elements[index].parent
        while let q = p { if q == ancestor { return true }; p = elements[q].parent }
        return false
    }

    func ancestors(of index: Int) -> [Int] {
        var out: [Int] = []
        var p = elements[index].parent
        while let q = p { out.append(q); p = elements[q].parent }
        return out
    }

    func first(_ name: String) -> Int? { elements.firstIndex { $0.name == name } }

    private mutating func build() {
        var stack: [Int] = []
        func close(_ index: Int, contentEnd: Int, outerEnd: Int) {
            elements[index].content = elements[index].content.lowerBound..<max(contentEnd, elements[index].content.lowerBound)
            elements[index].outer = elements[index].outer.lowerBound..<max(outerEnd, elements[index].content.upperBound)
        }
        func popThrough(_ position: Int, at boundary: Int) {
            while stack.count > position {
                let top = stack.removeLast()
                close(top, contentEnd: boundary, outerEnd: boundary)
            }
        }
        func isForeign() -> Bool { stack.contains { ["svg", "math"].contains(elements[$0].name) } }

        for token in tokens {
            switch token {
            case let .startTag(tag):
                if let position = implicitCloseTarget(before: tag, stack: stack) { popThrough(position, at: tag.range.lowerBound) }
                let index = elements.count
                let foreign = isForeign() || tag.name == "svg" || tag.name == "math"
                let empty = Self.voidElements.contains(tag.name) || (tag.selfClosing && foreign)
                elements.append(HTMLElement(tag: tag, content: tag.range.upperBound..<tag.range.upperBound,
                                            outer: tag.range, parent: stack.last))
                if let parent = stack.last { elements[parent].children.append(index) }
                if !empty { stack.append(index) }
            case let .endTag(name, range):
                guard let position = stack.lastIndex(where: { elements[$0].name == name }) else { continue }
                popThrough(position + 1, at: range.lowerBound)
                let index = stack.removeLast()
                close(index, contentEnd: range.lowerBound, outerEnd: range.upperBound)
            default:
                continue
            }
        }
        popThrough(0, at: bytes.count)
    }

    /// The stack position an incoming start tag implicitly closes (an open `<li>`, `<p>`, cell…), if any.
    private func implicitCloseTarget(before tag: HTMLStartTag, stack: [Int]) -> Int? {
        func openIndex(of names: Set<String>, stopAt boundaries: Set<String>) -> Int? {
            for position in stack.indices.reversed() {
                let name = elements[stack[position]].name
                if names.contains(name) { return position }
                if boundaries.contains(name) { return nil }
            }
            return nil
        }
        var target: Int?
        switch tag.name {
        case "li": target = openIndex(of: ["li"], stopAt: Self.scopeBoundaries.union(["ul", "ol"]))
        case "dt", "dd": target = openIndex(of: ["dt", "dd"], stopAt: Self.scopeBoundaries.union(["dl"]))
        case "option": target = stack.last.flatMap { elements[$0].name == "option" ? stack.count - 1 : nil }
        case "tr": target = openIndex(of: ["tr"], stopAt: ["table", "tbody", "thead", "tfoot", "template", "html"])
        case "td", "th": target = openIndex(of: ["td", "th"], stopAt: ["tr", "table", "template", "html"])
        default: break
        }
        if target == nil, Self.closesParagraph.contains(tag.name) || tag.name == "li" || tag.name == "dt" || tag.name == "dd" {
            target = openIndex(of: ["p"], stopAt: Self.scopeBoundaries)
        }
        return target
    }
}
