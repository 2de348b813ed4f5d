/// A replacement of a byte range of the source. An empty range is an insertion.
struct HTMLEdit: Sendable {
    var range: Range<Int>
    var replacement: String
}

enum HTMLEditor {
    /// Applies non-overlapping edits. Edits are ordered by position (insertions at the same point keep
    /// their given order); an edit overlapping an earlier one is a compiler bug, so it traps in debug
    /// and is skipped in release rather than corrupting the output.
    static func apply(_ edits: [HTMLEdit], to bytes: [UInt8]) -> String {
        let ordered = edits.enumerated().sorted {
            ($0.element.range.lowerBound, $0.offset) < ($1.element.range.lowerBound, $1.offset)
        }.map(\.element)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 256)
        var cursor = 0
        for edit in ordered {
            guard edit.range.lowerBound >= cursor else {
                assertionFailure("overlapping HTML edits at \(edit.range)")
                continue
            }
            out.append(contentsOf: bytes[cursor..<edit.range.lowerBound])
            out.append(contentsOf: edit.replacement.utf8)
            cursor = edit.range.upperBound
        }
        out.append(contentsOf: bytes[cursor..<bytes.count])
        return String(decoding: out, as: UTF8.self)
    }
}

/// A start tag being rewritten: attributes keep their order, changed ones stay in place, new ones are appended.
struct StartTagBuilder {
    var rawName: String
    var attributes: [HTMLAttribute]
    var selfClosing: Bool
    private(set) var changed = false

    init(_ tag: HTMLStartTag) {
        rawName = tag.rawName; attributes = tag.attributes; selfClosing = tag.selfClosing
    }

    func value(_ name: String) -> String? { attributes.first { $0.name == name }.map { $0.value ?? "" } }

    mutating func set(_ name: String, _ value: String?) {
        if let i = attributes.firstIndex(where: { $0.name == name }) {
            guard attributes[i].value != value else { return }
            attributes[i].value = value
        } else {
            attributes.append(HTMLAttribute(rawName: name, name: name, value: value))
        }
        changed = true
    }

    var html: String {
        var s = "<" + rawName
        for a in attributes {
            s += " " + a.rawName
            if let v = a.value { s += "=\"" + HTMLEntities.escapeAttribute(v) + "\"" }
        }
        return s + (selfClosing ? " />" : ">")
    }
}
