import FrameGateMedia
import Foundation
import FrameGateCore

/// Declared variables (`data-composition-variables` on the root) merged with render-time overrides.
struct CompositionVariables {
    struct Declaration: Equatable { var id: String; var type: String?; var defaultValue: JSONValue }

    var declarations: [Declaration]
    var values: [String: JSONValue]

    /// `overrides` were parsed once, where they entered (CLI or meta.json); they are checked here, once,
    /// against the declarations.
    init(declarationsJSON: String?, overrides: [String: JSONValue]?) throws {
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
        guard let overrides else { return }
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
