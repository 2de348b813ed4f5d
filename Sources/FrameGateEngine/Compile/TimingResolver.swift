/// Absolute timing of one element.
struct ResolvedTiming: Equatable {
    var start: Double
    var duration: Double?
    var end: Double?
    /// Set when the host's duration came from its inlined composition rather than its own attribute.
    var inheritedDuration = false
}

/// Resolves `data-start` (numbers and clip references, transitively) and `data-duration` to absolute
/// seconds. Times inside an inlined sub-composition are relative to its host's start (media whose window
/// meets the host's keep a root-global start, as in HyperFrames); a clip reference means the referenced
/// clip's absolute end, wherever it is.
struct TimingResolver {
    let doc: HTMLDocument
    private var idIndex: [String: Int] = [:]
    private var resolved: [Int: ResolvedTiming] = [:]
    private var visiting: [Int] = []

    init(doc: HTMLDocument) {
        self.doc = doc
        for (i, e) in doc.elements.enumerated() {
            if let id = e.value("id"), !id.isEmpty, idIndex[id] == nil { idIndex[id] = i }
        }
    }

    mutating func timing(of i: Int) throws -> ResolvedTiming {
        if let r = resolved[i] { return r }
        if let position = visiting.firstIndex(of: i) {
            let cycle = (visiting[position...] + [i]).map { doc.elements[$0].value("id") ?? ElementDescription.of(doc.elements[$0]) }
            throw CompileError.circularClipReference(cycle: Array(cycle))
        }
        visiting.append(i)
        defer { visiting.removeLast() }

        let element = doc.elements[i]
        let (duration, inherited) = try self.duration(of: i)
        let offset = try hostOffset(of: i)
        var start = offset
        if let expression = element.value("data-start") {
            guard let (parsed, _) = StartExpression.parse(expression, isId: { idIndex[$0] != nil }) else {
                throw CompileError.invalidAttribute(element: ElementDescription.of(element), attribute: "data-start", value: expression,
                                                    expected: "seconds, or a clip reference such as `intro`, `intro + 0.5`, `intro - 0.5`")
            }
            switch parsed {
            case let .seconds(v):
                // A negative start would show the element before the composition begins: refuse it.
                guard v >= 0, v.isFinite else {
                    throw CompileError.invalidAttribute(element: ElementDescription.of(element), attribute: "data-start", value: expression,
                                                        expected: "a number of seconds ≥ 0 (or a clip reference)")
                }
                start = try mediaKeepsAuthoredStart(i, authored: v, duration: duration, hostStart: offset) ? v : offset + v
            case let .clipEnd(id, delta):
                guard let target = idIndex[id] else {
                    throw CompileError.unknownClipReference(element: ElementDescription.of(element), reference: expression,
                                                            reason: "no element has id \"\(id)\"; use an existing clip id or a number of seconds")
                }
                guard let end = try timing(of: target).end else {
                    throw CompileError.unknownClipReference(element: ElementDescription.of(element), reference: expression,
                                                            reason: "clip \"\(id)\" has no data-duration, so its end is unknown; give it a data-duration")
                }
                start = end + delta
            }
        }
        start = TimeFormat.rounded(start)
        let result = ResolvedTiming(start: start, duration: duration, end: duration.map { TimeFormat.rounded(start + $0) },
                                    inheritedDuration: inherited)
        resolved[i] = result
        return result
    }

    /// The element's own `data-duration`; a sub-composition host without one takes its composition's.
    private func duration(of i: Int) throws -> (Double?, Bool) {
        let element = doc.elements[i]
        if let text = element.value("data-duration") { return (try Self.parseDuration(text, element: element), false) }
        guard element.has("data-fg-host") else { return (nil, false) }
        let inner = doc.elements.indices.first { j in
            j > i && doc.elements[j].has("data-composition-id") && doc.isInside(j, ancestor: i)
        }
        guard let j = inner, let text = doc.elements[j].value("data-duration") else { return (nil, false) }
        return (try Self.parseDuration(text, element: doc.elements[j]), true)
    }

    static func parseDuration(_ text: String, element: HTMLElement) throws -> Double {
        guard let v = TimeFormat.number(text), v > 0 else {
            throw CompileError.invalidDuration(element: ElementDescription.of(element), value: text)
        }
        return v
    }

    /// HyperFrames' rule for a `<video>`/`<audio>` with a numeric `data-start` inside a host that starts
    /// later than 0 (runtime `resolveAbsoluteMediaStartSeconds`): both conventions exist in shipped projects,
    /// composition-local (host at 20, video at 0 → 20) and legacy root-global picture-in-picture (host at
    /// 45.4, video at 45.4 → 45.4). The start is taken as root-global when the authored window
    /// [start, start + duration) already meets the host's window [hostStart, hostEnd) (or starts exactly at
    /// hostStart); otherwise it is local and shifted by the host's start. Other elements are always local.
    /// `data-hf-auto-start` marks a start HyperFrames' compiler wrote itself (always local).
    private mutating func mediaKeepsAuthoredStart(_ i: Int, authored: Double, duration: Double?, hostStart: Double) throws -> Bool {
        let element = doc.elements[i]
        guard element.name == "video" || element.name == "audio", !element.has("data-hf-auto-start"), hostStart > 0,
              let host = doc.ancestors(of: i).first(where: { doc.elements[$0].has("data-fg-host") }) else { return false }
        let hostEnd = try timing(of: host).duration.map { hostStart + $0 }
        let authoredEnd = authored + (duration ?? 0)
        guard let hostEnd else { return authored >= hostStart }
        return authored < hostEnd && (authoredEnd > hostStart || authored == hostStart)
    }

    /// Start of the nearest enclosing sub-composition host (0 outside any): what the element's relative
    /// times, and the timeline of a composition inside that host, count from.
    mutating func hostOffset(of i: Int) throws -> Double {
        guard let host = doc.ancestors(of: i).first(where: { doc.elements[$0].has("data-fg-host") }) else { return 0 }
        return try timing(of: host).start
    }
}
