import Foundation

/// Any JSON value, decoded without losing the distinction between booleans, integers and other
/// numbers: meta.json validation has to say "given 1.5, allowed an integer", which `Codable`
/// structs cannot report per field.
public enum JSONValue: Codable, Equatable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null; return }
        // Bool first: some decoders would accept true as 1.
        if let value = try? container.decode(Bool.self) { self = .bool(value); return }
        if let value = try? container.decode(Double.self) { self = .number(value); return }
        if let value = try? container.decode(String.self) { self = .string(value); return }
        if let value = try? container.decode([JSONValue].self) { self = .array(value); return }
        if let value = try? container.decode([String: JSONValue].self) { self = .object(value); return }
        throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a JSON value")
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case let .bool(value): try container.encode(value)
        case let .number(value):
            if let integer = exactInteger { try container.encode(integer) } else { try container.encode(value) }
        case let .string(value): try container.encode(value)
        case let .array(value): try container.encode(value)
        case let .object(value): try container.encode(value)
        }
    }

    /// The number as an Int when it is integral and representable.
    public var exactInteger: Int? {
        guard case let .number(value) = self, value.rounded() == value, abs(value) < 9.0e15 else { return nil }
        return Int(value)
    }

    /// A short rendering for error messages: `"abc"`, `1.5`, `true`, `an array`, `an object`, `null`.
    public var shortDescription: String {
        switch self {
        case .null: return "null"
        case let .bool(value): return String(value)
        case let .number(value):
            if let integer = exactInteger { return String(integer) }
            return String(value)
        case let .string(value): return "\"\(value)\""
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}

// MARK: - Reading and building values

extension JSONValue {
    public subscript(key: String) -> JSONValue? {
        guard case let .object(object) = self else { return nil }
        return object[key]
    }

    public var stringValue: String? { if case let .string(value) = self { return value } else { return nil } }
    public var doubleValue: Double? { if case let .number(value) = self { return value } else { return nil } }
    public var intValue: Int? { exactInteger }
    public var boolValue: Bool? { if case let .bool(value) = self { return value } else { return nil } }
    public var objectValue: [String: JSONValue]? { if case let .object(value) = self { return value } else { return nil } }
    public var arrayValue: [JSONValue]? { if case let .array(value) = self { return value } else { return nil } }

    /// Parses JSON text (any value at the top level).
    public init(parsing data: Data) throws {
        self = try JSONDecoder().decode(JSONValue.self, from: data)
    }

    /// Compact JSON text with sorted keys: the same value always gives the same bytes.
    public func serialized() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding a JSONValue cannot fail: every case maps to a JSON value (non-finite numbers aside).
        return (try? encoder.encode(self)) ?? Data("null".utf8)
    }

    public var serializedString: String { String(decoding: serialized(), as: UTF8.self) }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
    public init(nilLiteral: ()) { self = .null }
}

extension JSONValue {
    public init(_ value: Int) { self = .number(Double(value)) }
    public init(_ value: Double) { self = .number(value) }
    public init(_ value: String) { self = .string(value) }
    public init(_ value: Bool) { self = .bool(value) }
}

extension JSONValue {
    /// The JSON type's name: null, boolean, number, string, array, object.
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .number: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }

    /// Parses JSON text; nil when it is not JSON.
    public static func parse(_ text: String) -> JSONValue? { try? JSONValue(parsing: Data(text.utf8)) }

    /// Sorted keys, no whitespace: the same value always gives the same text (`serialized()`).
    public var canonicalJSON: String { serializedString }

    /// `canonicalJSON` with `<`, U+2028 and U+2029 escaped, so the text is safe inside a `<script>` element.
    public var scriptSafeJSON: String {
        canonicalJSON.replacingOccurrences(of: "<", with: "\\u003c")
            .replacingOccurrences(of: "\u{2028}", with: "\\u2028")
            .replacingOccurrences(of: "\u{2029}", with: "\\u2029")
    }
}
