import Foundation

/// A JSON value with the byte range it was read from, so a GeoJSON importer can report a
/// problem at the line of the feature or field it concerns (Foundation's `JSONSerialization`
/// keeps no positions). Strict RFC 8259, with a UTF-8 byte order mark allowed, and a nesting
/// limit of 512.
struct JSONNode: Sendable {
    enum Value: Sendable {
        case object([(key: String, value: JSONNode)])
        case array([JSONNode])
        case string(String)
        case number(Double)
        case bool(Bool)
        case null
    }

    var value: Value
    /// File offsets of the value's text (quotes and brackets included).
    var range: Range<Int>

    /// The member with this key (the first, when a key repeats).
    subscript(key: String) -> JSONNode? {
        guard case .object(let members) = value else { return nil }
        return members.first { $0.key == key }?.value
    }

    var string: String? {
        if case .string(let text) = value { return text }
        return nil
    }

    var number: Double? {
        if case .number(let number) = value { return number }
        return nil
    }

    var bool: Bool? {
        if case .bool(let flag) = value { return flag }
        return nil
    }

    var array: [JSONNode]? {
        if case .array(let items) = value { return items }
        return nil
    }

    var isNull: Bool {
        if case .null = value { return true }
        return false
    }

    /// A string, or the strings of an array of strings (NWS `parameters` values are arrays).
    var strings: [String] {
        if let string { return [string] }
        return array?.compactMap(\.string) ?? []
    }

    /// A string field as a `FeedField`, nil when absent, null or empty.
    func field(_ key: String) -> FeedField? {
        guard let node = self[key], let text = node.string, !text.isEmpty else { return nil }
        return FeedField(text: text, range: node.range)
    }
}

/// Parses JSON into `JSONNode`s.
struct JSONTree {
    struct Failure: Error {
        var message: String
        var offset: Int
    }

    /// The document's root value, or the first syntax error with its file offset.
    static func parse(_ source: SourceText) -> Result<JSONNode, Failure> {
        var parser = JSONTree(bytes: source.bytes, base: source.baseOffset)
        do {
            if parser.bytes.starts(with: [0xEF, 0xBB, 0xBF]) { parser.index = 3 }
            parser.skipSpace()
            let root = try parser.value(depth: 0)
            parser.skipSpace()
            guard parser.index == parser.bytes.count else { throw parser.failure("unexpected text after the JSON value") }
            return .success(root)
        } catch let failure as Failure {
            return .failure(failure)
        } catch {
            return .failure(Failure(message: "\(error)", offset: source.baseOffset))
        }
    }

    /// The root value, or nil with the syntax error added to `problems`.
    static func parse(_ source: SourceText, problems: inout [InputProblem]) -> JSONNode? {
        switch parse(source) {
        case .success(let root):
            return root
        case .failure(let failure):
            problems.append(InputProblem("invalid JSON: \(failure.message); nothing imported", at: failure.offset..<(failure.offset + 1)))
            return nil
        }
    }

    let bytes: [UInt8]
    let base: Int
    var index = 0

    private func failure(_ message: String) -> Failure {
        Failure(message: message, offset: base + min(index, bytes.count))
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }

    private mutating func skipSpace() {
        while index < bytes.count, JSONTree.isSpace(bytes[index]) { index += 1 }
    }

    private mutating func expect(_ byte: UInt8, _ what: String) throws {
        skipSpace()
        guard index < bytes.count, bytes[index] == byte else { throw failure("expected \(what)") }
        index += 1
    }

    private mutating func value(depth: Int) throws -> JSONNode {
        guard depth < 512 else { throw failure("JSON nested more than 512 levels deep") }
        skipSpace()
        guard index < bytes.count else { throw failure("unexpected end of the file; a value was expected") }
        let start = index
        switch bytes[index] {
        case 0x7B:
            index += 1
            var members: [(String, JSONNode)] = []
            skipSpace()
            if index < bytes.count, bytes[index] == 0x7D {
                index += 1
            } else {
                while true {
                    skipSpace()
                    guard index < bytes.count, bytes[index] == 0x22 else { throw failure("expected a quoted key") }
                    let key = try string()
                    try expect(0x3A, "':' after the key \"\(key)\"")
                    members.append((key, try value(depth: depth + 1)))
                    skipSpace()
                    guard index < bytes.count else { throw failure("the object is not closed") }
                    if bytes[index] == 0x2C {
                        index += 1
                        continue
                    }
                    guard bytes[index] == 0x7D else { throw failure("expected ',' or '}'") }
                    index += 1
                    break
                }
            }
            return JSONNode(value: .object(members), range: (base + start)..<(base + index))
        case 0x5B:
            index += 1
            var items: [JSONNode] = []
            skipSpace()
            if index < bytes.count, bytes[index] == 0x5D {
                index += 1
            } else {
                while true {
                    items.append(try value(depth: depth + 1))
                    skipSpace()
                    guard index < bytes.count else { throw failure("the array is not closed") }
                    if bytes[index] == 0x2C {
                        index += 1
                        continue
                    }
                    guard bytes[index] == 0x5D else { throw failure("expected ',' or ']'") }
                    index += 1
                    break
                }
            }
            return JSONNode(value: .array(items), range: (base + start)..<(base + index))
        case 0x22:
            let text = try string()
            return JSONNode(value: .string(text), range: (base + start)..<(base + index))
        default:
            while index < bytes.count, bytes[index] != 0x2C, bytes[index] != 0x7D, bytes[index] != 0x5D, !JSONTree.isSpace(bytes[index]) { index += 1 }
            let word = String(decoding: bytes[start..<index], as: UTF8.self)
            let range = (base + start)..<(base + index)
            switch word {
            case "true": return JSONNode(value: .bool(true), range: range)
            case "false": return JSONNode(value: .bool(false), range: range)
            case "null": return JSONNode(value: .null, range: range)
            default:
                guard let number = Double(word), word.first != "+", !word.hasPrefix("."), number.isFinite else {
                    index = start
                    throw failure("unexpected '\(word.prefix(20))'")
                }
                return JSONNode(value: .number(number), range: range)
            }
        }
    }

    /// A string literal starting at `index` (on its opening quote).
    private mutating func string() throws -> String {
        index += 1
        // Most strings have no escape: take them in one piece.
        var end = index
        while end < bytes.count, bytes[end] != 0x22, bytes[end] != 0x5C, bytes[end] >= 0x20 { end += 1 }
        if end < bytes.count, bytes[end] == 0x22 {
            defer { index = end + 1 }
            return String(decoding: bytes[index..<end], as: UTF8.self)
        }
        var decoded: [UInt8] = []
        while true {
            guard index < bytes.count else { throw failure("the string is not closed") }
            let byte = bytes[index]
            if byte == 0x22 {
                index += 1
                return String(decoding: decoded, as: UTF8.self)
            }
            guard byte >= 0x20 else { throw failure("control character inside a string; escape it") }
            guard byte == 0x5C else {
                decoded.append(byte)
                index += 1
                continue
            }
            guard index + 1 < bytes.count else { throw failure("the string ends inside an escape") }
            let escape = bytes[index + 1]
            index += 2
            switch escape {
            case 0x22, 0x5C, 0x2F: decoded.append(escape)
            case 0x62: decoded.append(0x08)
            case 0x66: decoded.append(0x0C)
            case 0x6E: decoded.append(0x0A)
            case 0x72: decoded.append(0x0D)
            case 0x74: decoded.append(0x09)
            case 0x75:
                var scalar = try hex4()
                if (0xD800...0xDBFF).contains(scalar), index + 6 <= bytes.count, bytes[index] == 0x5C, bytes[index + 1] == 0x75 {
                    index += 2
                    let low = try hex4()
                    scalar = (0xDC00...0xDFFF).contains(low) ? 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00) : 0xFFFD
                }
                decoded += Array(String(Character(Unicode.Scalar(scalar) ?? "\u{FFFD}")).utf8)
            default:
                index -= 2
                throw failure("unknown escape in a string")
            }
        }
    }

    private mutating func hex4() throws -> UInt32 {
        guard index + 4 <= bytes.count, let value = UInt32(String(decoding: bytes[index..<(index + 4)], as: UTF8.self), radix: 16) else {
            throw failure("\\u needs four hex digits")
        }
        index += 4
        return value
    }
}

/// GeoJSON (RFC 7946) geometry as `GeoShape`s: positions are `[longitude, latitude(, elevation)]`.
enum GeoJSON {
    static func shapes(_ geometry: JSONNode?) -> [GeoShape] {
        guard let geometry, let type = geometry["type"]?.string else { return [] }
        let coordinates = geometry["coordinates"]
        func point(_ node: JSONNode?) -> GeoPoint? {
            guard let values = node?.array?.compactMap(\.number), values.count >= 2 else { return nil }
            let point = GeoPoint(latitude: values[1], longitude: values[0])
            return point.isValid ? point : nil
        }
        func ring(_ node: JSONNode?) -> [GeoPoint] { node?.array?.compactMap(point) ?? [] }
        switch type {
        case "Point": return point(coordinates).map { [.point($0)] } ?? []
        case "MultiPoint", "LineString": return (coordinates?.array ?? []).compactMap(point).map { .point($0) }
        case "Polygon": return (coordinates?.array?.first).map(ring).map { $0.isEmpty ? [] : [.polygon($0)] } ?? []
        case "MultiPolygon": return (coordinates?.array ?? []).compactMap { $0.array?.first }.map(ring).filter { !$0.isEmpty }.map { .polygon($0) }
        case "GeometryCollection": return (geometry["geometries"]?.array ?? []).flatMap { shapes($0) }
        default: return []
        }
    }
}
