import OrderedCollections

/// A JSON value with ordered object keys, for the parts of a finding that only some rules carry
/// (the event a draft collides with, a similarity score) and for writing JSON without Foundation.
///
/// Not `indirect`: arrays and objects already hold their members on the heap, so a number or a
/// string is kept inline rather than in a box of its own (one allocation less for each, and one
/// reference count less to touch when a report writes it).
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object(OrderedDictionary<String, JSONValue>)

    /// Compact JSON text.
    public var serialized: String {
        var json = JSONText()
        write(to: &json)
        return json.text
    }

    /// Appends compact JSON text to `output`.
    public func write(to output: inout String) {
        output += serialized
    }

    /// Appends compact JSON text to `json`.
    public func write(to json: inout JSONText) {
        switch self {
        case .null: json.raw("null")
        case .bool(let value): json.raw(value ? "true" : "false")
        case .int(let value): json.int(value)
        case .double(let value):
            if value.isFinite {
                if value == value.rounded() && abs(value) < 1e15 { json.int(Int(value)) } else { json.raw(String(value)) }
            } else {
                json.raw("null")
            }
        case .string(let value): json.string(value)
        case .array(let values):
            json.raw("[")
            for (index, value) in values.enumerated() {
                if index > 0 { json.raw(",") }
                value.write(to: &json)
            }
            json.raw("]")
        case .object(let members):
            json.raw("{")
            var first = true
            for (key, value) in members {
                if !first { json.raw(",") }
                first = false
                json.string(key)
                json.raw(":")
                value.write(to: &json)
            }
            json.raw("}")
        }
    }

    /// Appends a JSON string literal, escaping what RFC 8259 requires (and U+2028, U+2029, which
    /// JavaScript string literals cannot hold).
    public static func writeString(_ string: String, to output: inout String) {
        var json = JSONText()
        json.string(string)
        output += json.text
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByFloatLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(OrderedDictionary(uniqueKeysWithValues: elements))
    }
}
