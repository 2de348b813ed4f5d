/// A `data-start` value: seconds, or the end of another clip plus or minus an offset
/// (`intro`, `intro + 0.5`, `intro - 0.5`).
enum StartExpression: Equatable {
    case seconds(Double)
    case clipEnd(id: String, offset: Double)

    /// `isId` tells which names are element ids, so that an id containing `-` (`scene-2`) is not read
    /// as a subtraction. Nil: neither a number nor a reference.
    static func parse(_ text: String, isId: (String) -> Bool) -> (StartExpression, idRange: Range<String.Index>?)? {
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if let v = TimeFormat.number(t) { return (.seconds(v), nil) }
        guard !t.isEmpty else { return nil }
        let lead = text.firstIndex { !$0.isWhitespace } ?? text.startIndex
        func range(_ length: Int) -> Range<String.Index> { lead..<text.index(lead, offsetBy: length) }
        if isId(t) { return (.clipEnd(id: t, offset: 0), range(t.count)) }
        // The rightmost `+`/`-` followed by an unsigned number splits `id ± n`.
        var fallback: (StartExpression, Range<String.Index>)?
        var k = t.endIndex
        while k > t.startIndex {
            k = t.index(before: k)
            let op = t[k]
            guard op == "+" || op == "-" else { continue }
            let rhs = t[t.index(after: k)...].trimmingCharacters(in: .whitespaces)
            let lhs = t[..<k].trimmingCharacters(in: .whitespaces)
            guard !lhs.isEmpty, let first = rhs.first, first.isNumber || first == ".", let n = TimeFormat.number(rhs) else { continue }
            let expression = StartExpression.clipEnd(id: lhs, offset: op == "+" ? n : -n)
            if isId(lhs) { return (expression, range(lhs.count)) }
            if fallback == nil { fallback = (expression, range(lhs.count)) }
        }
        if let f = fallback { return f }
        if isIdentifierLike(t) { return (.clipEnd(id: t, offset: 0), range(t.count)) }
        return nil
    }

    private static func isIdentifierLike(_ s: String) -> Bool {
        !s.isEmpty && s.allSatisfy { !$0.isWhitespace && !"+()\"'".contains($0) }
    }
}
