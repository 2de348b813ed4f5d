import Foundation
import FrameGateCore

/// A JSON value with deterministic serialisation (sorted keys), for `window.__hfVariables`.
indirect enum JSONValue: Codable, Equatable, Sendable {
    case null, bool(Bool), number(Double), string(String), array([JSONValue]), object([String: JSONValue])

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let n = try? c.decode(Double.self) { self = .number(n) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case let .bool(b): try c.encode(b)
        case let .number(n): try c.encode(n)
        case let .string(s): try c.encode(s)
        case let .array(a): try c.encode(a)
        case let .object(o): try c.encode(o)
        }
    }

    var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .number: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }

    static func parse(_ text: String) -> JSONValue? { try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) }

    /// Sorted keys; `<`, U+2028 and U+2029 escaped so the text is safe inside a `<script>` element.
    var scriptSafeJSON: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let text = (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
        return text.replacingOccurrences(of: "<", with: "\\u003c")
            .replacingOccurrences(of: "\u{2028}", with: "\\u2028")
            .replacingOccurrences(of: "\u{2029}", with: "\\u2029")
    }
}

/// Declared variables (`data-composition-variables` on the root) merged with render-time overrides.
struct CompositionVariables {
    struct Declaration: Equatable { var id: String; var type: String?; var defaultValue: JSONValue }

    var declarations: [Declaration]
    var values: [String: JSONValue]

    init(declarationsJSON: String?, overridesJSON: String?) throws {
        declarations = []
        if let text = declarationsJSON {
            guard case let .array(items)? = JSONValue.parse(text) else {
                throw CompileError.badVariables("data-composition-variables on the root is not a JSON array of {id, type, default}")
            }
            for (n, item) in items.enumerated() {
                guard case let .object(fields) = item, case let .string(id)? = fields["id"], !id.isEmpty else {
                    throw CompileError.badVariables("data-composition-variables entry \(n) has no string \"id\"")
                }
                var type: String?
                if case let .string(t)? = fields["type"] { type = t }
                declarations.append(Declaration(id: id, type: type, defaultValue: fields["default"] ?? .null))
            }
        }
        values = Dictionary(declarations.map { ($0.id, $0.defaultValue) }, uniquingKeysWith: { first, _ in first })
        guard let overridesJSON else { return }
        guard case let .object(overrides)? = JSONValue.parse(overridesJSON) else {
            throw CompileError.badVariables("the variables override must be a JSON object such as {\"title\": \"Hello\"}")
        }
        let declaredIds = declarations.map(\.id)
        for key in overrides.keys.sorted() {
            guard let declaration = declarations.first(where: { $0.id == key }) else {
                let known = declaredIds.isEmpty ? "none are declared (add data-composition-variables to the root)" : "declared: " + declaredIds.joined(separator: ", ")
                throw CompileError.badVariables("unknown variable \"\(key)\"; \(known)")
            }
            let value = overrides[key]!
            if let expected = Self.jsonType(forDeclared: declaration.type), value.typeName != expected {
                throw CompileError.badVariables("variable \"\(key)\" is declared as \(declaration.type ?? "") but the override is a \(value.typeName)")
            }
            values[key] = value
        }
    }

    /// Declared types that pin a JSON type; other types (color, font, …) are checked by the page.
    private static func jsonType(forDeclared type: String?) -> String? {
        switch type?.lowercased() {
        case "number": return "number"
        case "boolean", "bool": return "boolean"
        case "string", "text", "color": return "string"
        default: return nil
        }
    }

    var isEmpty: Bool { values.isEmpty }

    var script: String {
        "<script data-fg-variables>window.__hfVariables = \(JSONValue.object(values).scriptSafeJSON);</script>"
    }
}
