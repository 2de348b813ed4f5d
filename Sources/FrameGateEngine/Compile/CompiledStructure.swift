/// The structural fingerprint of a compiled.html that the harness gates on: which elements exist,
/// which compositions, their resolved timing, and what each video contributes to audio.
public struct CompiledStructure: Equatable, Sendable {
    public struct Timing: Equatable, Sendable {
        public var start: Double
        public var end: Double?
        public init(start: Double, end: Double?) { self.start = start; self.end = end }
    }

    /// Element ids in document order.
    public var elementIds: [String]
    /// `data-composition-id` values in document order.
    public var compositionIds: [String]
    /// Stamped start / end of every element with an id and a stamp (`data-fg-start` / `data-fg-end`;
    /// compiled.html written before those stamps existed carried them as `data-start` / `data-end`).
    public var timing: [String: Timing]
    /// `data-has-audio` of every video with an id.
    public var hasAudio: [String: Bool]

    public init(elementIds: [String], compositionIds: [String], timing: [String: Timing], hasAudio: [String: Bool]) {
        self.elementIds = elementIds; self.compositionIds = compositionIds; self.timing = timing; self.hasAudio = hasAudio
    }

    public static func parse(html: String) -> CompiledStructure {
        let doc = HTMLDocument(html)
        var ids: [String] = [], compositions: [String] = []
        var timing: [String: Timing] = [:], audio: [String: Bool] = [:]
        for e in doc.elements {
            if let c = e.value("data-composition-id") { compositions.append(c) }
            guard let id = e.value("id"), !id.isEmpty else { continue }
            ids.append(id)
            if timing[id] == nil {
                if let start = e.value(CompositionCompiler.Stamp.start).flatMap(TimeFormat.number) {
                    timing[id] = Timing(start: start, end: e.value(CompositionCompiler.Stamp.end).flatMap(TimeFormat.number))
                } else if let start = e.value("data-start").flatMap(TimeFormat.number) {
                    timing[id] = Timing(start: start, end: e.value("data-end").flatMap(TimeFormat.number))
                }
            }
            if e.name == "video", let flag = e.value("data-has-audio"), audio[id] == nil { audio[id] = flag.lowercased() == "true" }
        }
        return CompiledStructure(elementIds: ids, compositionIds: compositions, timing: timing, hasAudio: audio)
    }

    /// Differences of `actual` from `baseline`, baseline order first. Errors: a missing id, changed
    /// composition ids, timing off by more than `tolerance` seconds, a changed `data-has-audio`.
    /// Warnings: an extra id.
    public static func compare(baseline: CompiledStructure, actual: CompiledStructure, tolerance: Double = 0.001) -> [StructureDifference] {
        var out: [StructureDifference] = []
        let actualIds = Set(actual.elementIds), baselineIds = Set(baseline.elementIds)
        for id in unique(baseline.elementIds) where !actualIds.contains(id) {
            out.append(.init(severity: .error, id: id, message: "element \"\(id)\" is in the baseline but missing from the compiled output"))
        }
        for id in unique(actual.elementIds) where !baselineIds.contains(id) {
            out.append(.init(severity: .warning, id: id, message: "element \"\(id)\" is new (not in the baseline)"))
        }
        if baseline.compositionIds != actual.compositionIds {
            out.append(.init(severity: .error, id: nil, message: "composition ids changed: baseline [\(baseline.compositionIds.joined(separator: ", "))], now [\(actual.compositionIds.joined(separator: ", "))]"))
        }
        for id in unique(baseline.elementIds) {
            guard let b = baseline.timing[id] else { continue }
            guard let a = actual.timing[id] else {
                if actualIds.contains(id) { out.append(.init(severity: .error, id: id, message: "element \"\(id)\" lost its timing: baseline \(describe(b)), now untimed")) }
                continue
            }
            let endDiffers: Bool
            switch (b.end, a.end) {
            case let (x?, y?): endDiffers = abs(x - y) > tolerance
            case (nil, nil): endDiffers = false
            default: endDiffers = true
            }
            if abs(a.start - b.start) > tolerance || endDiffers {
                out.append(.init(severity: .error, id: id, message: "timing of \"\(id)\" changed: baseline \(describe(b)), now \(describe(a))"))
            }
        }
        for id in unique(baseline.elementIds) where actual.timing[id] != nil && baseline.timing[id] == nil {
            out.append(.init(severity: .error, id: id, message: "element \"\(id)\" gained timing: baseline untimed, now \(describe(actual.timing[id]!))"))
        }
        for id in baseline.hasAudio.keys.sorted() where actualIds.contains(id) && actual.hasAudio[id] != baseline.hasAudio[id] {
            out.append(.init(severity: .error, id: id, message: "data-has-audio of video \"\(id)\" changed: baseline \(flag(baseline.hasAudio[id])), now \(flag(actual.hasAudio[id]))"))
        }
        for id in actual.hasAudio.keys.sorted() where baselineIds.contains(id) && baseline.hasAudio[id] == nil {
            out.append(.init(severity: .error, id: id, message: "data-has-audio of video \"\(id)\" changed: baseline absent, now \(flag(actual.hasAudio[id]))"))
        }
        return out
    }

    private static func unique(_ ids: [String]) -> [String] {
        var seen = Set<String>()
        return ids.filter { seen.insert($0).inserted }
    }

    private static func describe(_ t: Timing) -> String {
        "start \(TimeFormat.string(t.start))s, end " + (t.end.map { TimeFormat.string($0) + "s" } ?? "open")
    }

    private static func flag(_ v: Bool?) -> String { v.map { $0 ? "true" : "false" } ?? "absent" }
}

public struct StructureDifference: Equatable, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning }
    public var severity: Severity
    /// The element concerned; nil for document-wide differences (composition ids).
    public var id: String?
    public var message: String

    public init(severity: Severity, id: String?, message: String) { self.severity = severity; self.id = id; self.message = message }

    public var description: String { "\(severity.rawValue): \(message)" }
}
