import OrderedCollections

/// A JSON value with ordered object keys, for the parts of a finding that only some rules carry
/// (the event a draft collides with, a similarity score) and for writing JSON without Foundation.
public indirect enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object(OrderedDictionary<String, JSONValue>)

    /// Compact JSON text.
    public var serialized: String {
        var output = ""
        write(to: &output)
        return output
    }

    /// Appends compact JSON text to `output`.
    public func write(to output: inout String) {
        switch self {
        case .null: output += "null"
        case .bool(let value): output += value ? "true" : "false"
        case .int(let value): output += String(value)
        case .double(let value):
            if value.isFinite {
                output += value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
            } else {
                output += "null"
            }
        case .string(let value): JSONValue.writeString(value, to: &output)
        case .array(let values):
            output += "["
            for (index, value) in values.enumerated() {
                if index > 0 { output += "," }
                value.write(to: &output)
            }
            output += "]"
        case .object(let members):
            output += "{"
            var first = true
            for (key, value) in members {
                if !first { output += "," }
                first = false
                JSONValue.writeString(key, to: &output)
                output += ":"
                value.write(to: &output)
            }
            output += "}"
        }
    }

    /// Appends a JSON string literal, escaping what RFC 8259 requires (and U+2028, U+2029, which
    /// JavaScript string literals cannot hold).
    public static func writeString(_ string: String, to output: inout String) {
        output += "\""
        let utf8 = string.utf8
        // Most strings need no escape at all: append them whole. (0xE2 starts U+2028 and U+2029.)
        guard utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0xE2 }) else {
            output += string
            output += "\""
            return
        }
        var runStart = utf8.startIndex
        var index = utf8.startIndex
        while index != utf8.endIndex {
            let byte = utf8[index]
            var next = utf8.index(after: index)
            let escape: String?
            switch byte {
            case 0x22: escape = "\\\""
            case 0x5C: escape = "\\\\"
            case 0x0A: escape = "\\n"
            case 0x0D: escape = "\\r"
            case 0x09: escape = "\\t"
            case 0x00..<0x20:
                let hex = String(byte, radix: 16)
                escape = "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            case 0xE2:
                // U+2028 and U+2029 are E2 80 A8 and E2 80 A9.
                let second = next == utf8.endIndex ? nil : utf8.index(after: next)
                if let second, second != utf8.endIndex, utf8[next] == 0x80, utf8[second] == 0xA8 || utf8[second] == 0xA9 {
                    escape = utf8[second] == 0xA8 ? "\\u2028" : "\\u2029"
                    next = utf8.index(after: second)
                } else {
                    escape = nil
                }
            default: escape = nil
            }
            if let escape {
                output += string[runStart..<index]
                output += escape
                runStart = next
            }
            index = next
        }
        output += string[runStart..<utf8.endIndex]
        output += "\""
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
