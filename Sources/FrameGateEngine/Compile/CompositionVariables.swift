import FrameGateMedia
import Foundation
import FrameGateCore

/// Declared variables merged with render-time overrides. As in HyperFrames, declarations come from
/// `<html data-composition-variables>` first, then every element that carries the attribute (the root, a
/// sub-composition), in document order; a later declaration of the same id wins.
struct CompositionVariables {
    struct Declaration: Equatable { var id: String; var type: String?; var defaultValue: JSONValue }
    /// One `data-composition-variables` attribute: where it is (for messages) and its JSON text.
    struct Source { var owner: String; var json: String }

    var declarations: [Declaration]
    var values: [String: JSONValue]

    /// `overrides` were parsed once, where they entered (CLI or meta.json); they are checked here, once,
    /// against the declarations.
    init(sources: [Source], overrides: [String: JSONValue]?) throws {
        declarations = []
        for source in sources {
            guard case let .array(items)? = JSONValue.parse(source.json) else {
                throw CompileError.badVariables("data-composition-variables on \(source.owner) is not a JSON array of {id, type, default}")
            }
            for (n, item) in items.enumerated() {
                guard case let .object(fields) = item, case let .string(id)? = fields["id"], !id.isEmpty else {
                    throw CompileError.badVariables("data-composition-variables entry \(n) on \(source.owner) has no string \"id\"")
                }
                var type: String?
                if case let .string(t)? = fields["type"] { type = t }
                declarations.removeAll { $0.id == id }
                declarations.append(Declaration(id: id, type: type, defaultValue: fields["default"] ?? .null))
            }
        }
        values = Dictionary(declarations.map { ($0.id, $0.defaultValue) }, uniquingKeysWith: { first, _ in first })
        guard let overrides else { return }
        let declaredIds = declarations.map(\.id)
        for key in overrides.keys.sorted() {
            guard let declaration = declarations.first(where: { $0.id == key }) else {
                let known = declaredIds.isEmpty ? "none are declared (add data-composition-variables to the root or <html>)" : "declared: " + declaredIds.joined(separator: ", ")
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
