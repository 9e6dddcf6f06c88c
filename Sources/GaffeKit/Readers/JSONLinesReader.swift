extension InputFormat {
    /// A schedule as JSON Lines: one object per line.
    public static let jsonl = InputFormat(rawValue: "jsonl")
}

/// Reads a schedule in JSON Lines (`.jsonl`, `.ndjson`): each line one object with the same keys a
/// CSV schedule has. Positions inside `text` are exact through JSON escapes.
public struct JSONLinesReader: DraftReader {
    public static let format = InputFormat.jsonl
    public static let fileExtensions = ["jsonl", "ndjson"]

    public init() {}

    public func read(_ input: InputSource, options: ReaderOptions, emit: (Draft) throws -> Void,
                     fail: (InputProblem, SourceText) throws -> Void) throws {
        let parser = MetadataParser(options: options)
        let columns = ScheduleColumns(mapping: options.schedule)
        try JSONLinesReader.objects(in: input, fail: fail) { members, source, rowNumber in
            var row = ScheduleRow(source: source, index: rowNumber, format: .jsonl)
            for member in members {
                let cell: ScheduleRow.Cell
                switch member.value {
                case .string(let text, let pieces, let range):
                    cell = ScheduleRow.Cell(text: text, range: range, layout: .pieces(pieces))
                case .list(let items, let range):
                    cell = ScheduleRow.Cell(text: items.joined(separator: ";"), range: range, layout: .none)
                case .other(let text, let range):
                    cell = ScheduleRow.Cell(text: text, range: range, layout: .verbatim)
                }
                ScheduleColumns.place(cell, role: columns.role(of: member.key), in: &row)
            }
            try emit(row.draft(parser: parser))
        }
    }

    /// Reads JSON Lines input line by line (streaming), calling `body` with each line's top-level
    /// members, its source and its number among the non-blank lines. Blank lines are skipped; a
    /// line that is not valid UTF-8 or not a JSON object is reported to `fail` and skipped, and
    /// still takes its number. Shared with posting-history exports.
    static func objects(in input: InputSource, fail: (InputProblem, SourceText) throws -> Void,
                        body: ([JSONScanner.Member], SourceText, Int) throws -> Void) throws {
        var line: [UInt8] = []
        var lineStart = 0
        var lineNumber = 1
        var offset = 0
        var rowNumber = 0

        func handleLine() throws {
            defer {
                line.removeAll(keepingCapacity: true)
            }
            var content = line
            if let last = content.last, last == 0x0D { content.removeLast() }
            guard content.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { return }
            rowNumber += 1
            let source = SourceText(path: input.path, bytes: content, baseOffset: lineStart, baseLine: lineNumber)
            if let problem = UTF8Validation.problem(in: content, at: lineStart, skipped: "the line is skipped") {
                try fail(problem, source)
                return
            }
            var scanner = JSONScanner(bytes: content, base: lineStart)
            let members: [JSONScanner.Member]
            do {
                members = try scanner.topLevelObject()
            } catch let error as JSONScanner.Failure {
                try fail(InputProblem("invalid JSON: \(error.message); the line is skipped", at: error.offset..<(error.offset + 1)), source)
                return
            }
            try body(members, source, rowNumber)
        }

        do {
            try input.chunks { chunk in
                for byte in chunk {
                    if byte == 0x0A {
                        try handleLine()
                        offset += 1
                        lineStart = offset
                        lineNumber += 1
                    } else {
                        line.append(byte)
                        offset += 1
                    }
                }
            }
            if !line.isEmpty { try handleLine() }
        } catch let error as InputReadError {
            try fail(InputProblem(error.description, at: 0..<0), SourceText(path: input.path, bytes: []))
        }
    }
}

/// A small JSON scanner for one line of JSON Lines that keeps the byte place of each top-level
/// value and maps string escapes exactly. Nested objects are accepted and kept as raw text.
struct JSONScanner {
    struct Failure: Error {
        var message: String
        var offset: Int
    }

    enum Value {
        case string(String, pieces: [TextAligner.Piece], range: Range<Int>)
        case list([String], range: Range<Int>)
        case other(String, range: Range<Int>)
    }

    struct Member {
        var key: String
        var value: Value
    }

    let bytes: [UInt8]
    let base: Int
    private var i = 0

    init(bytes: [UInt8], base: Int) {
        self.bytes = bytes
        self.base = base
    }

    private func failure(_ message: String) -> Failure {
        Failure(message: message, offset: base + min(i, max(bytes.count - 1, 0)))
    }

    private mutating func skipSpace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0D || bytes[i] == 0x0A { i += 1 }
    }

    mutating func topLevelObject() throws -> [Member] {
        skipSpace()
        if i < bytes.count, bytes[i] == 0xEF, i + 2 < bytes.count, bytes[i + 1] == 0xBB, bytes[i + 2] == 0xBF { i += 3 }
        guard i < bytes.count, bytes[i] == 0x7B else { throw failure("each line must be a JSON object starting with {") }
        i += 1
        var members: [Member] = []
        skipSpace()
        if i < bytes.count, bytes[i] == 0x7D {
            i += 1
        } else {
            while true {
                skipSpace()
                guard i < bytes.count, bytes[i] == 0x22 else { throw failure("expected a quoted key") }
                let (key, _, _) = try string()
                skipSpace()
                guard i < bytes.count, bytes[i] == 0x3A else { throw failure("expected ':' after key \"\(key)\"") }
                i += 1
                skipSpace()
                members.append(Member(key: key, value: try value()))
                skipSpace()
                guard i < bytes.count else { throw failure("the object is not closed") }
                if bytes[i] == 0x2C {
                    i += 1
                    continue
                }
                guard bytes[i] == 0x7D else { throw failure("expected ',' or '}'") }
                i += 1
                break
            }
        }
        skipSpace()
        guard i == bytes.count else { throw failure("unexpected text after the object") }
        return members
    }

    private mutating func value() throws -> Value {
        guard i < bytes.count else { throw failure("expected a value") }
        let start = i
        switch bytes[i] {
        case 0x22:
            let (text, pieces, range) = try string()
            return .string(text, pieces: pieces, range: range)
        case 0x5B:
            i += 1
            var items: [String] = []
            skipSpace()
            if i < bytes.count, bytes[i] == 0x5D {
                i += 1
                return .list([], range: (base + start)..<(base + i))
            }
            while true {
                skipSpace()
                switch try value() {
                case .string(let text, _, _): items.append(text)
                case .other(let text, _): items.append(text)
                case .list(let nested, _): items.append(contentsOf: nested)
                }
                skipSpace()
                guard i < bytes.count else { throw failure("the list is not closed") }
                if bytes[i] == 0x2C {
                    i += 1
                    continue
                }
                guard bytes[i] == 0x5D else { throw failure("expected ',' or ']'") }
                i += 1
                return .list(items, range: (base + start)..<(base + i))
            }
        case 0x7B:
            // A nested object: kept as raw text.
            var depth = 0
            var inString = false
            while i < bytes.count {
                let byte = bytes[i]
                if inString {
                    if byte == 0x5C { i += 1 } else if byte == 0x22 { inString = false }
                } else if byte == 0x22 {
                    inString = true
                } else if byte == 0x7B || byte == 0x5B {
                    depth += 1
                } else if byte == 0x7D || byte == 0x5D {
                    depth -= 1
                    if depth == 0 {
                        i += 1
                        return .other(String(decoding: bytes[start..<i], as: UTF8.self), range: (base + start)..<(base + i))
                    }
                }
                i += 1
            }
            throw failure("the nested object is not closed")
        default:
            while i < bytes.count, ![0x2C, 0x7D, 0x5D, 0x20, 0x09, 0x0D].contains(bytes[i]) { i += 1 }
            let text = String(decoding: bytes[start..<i], as: UTF8.self)
            guard text == "true" || text == "false" || text == "null" || Double(text) != nil else {
                i = start
                throw failure("unexpected value '\(text.prefix(20))'")
            }
            return .other(text == "null" ? "" : text, range: (base + start)..<(base + i))
        }
    }

    /// A string literal at `i`: its value, exact pieces, and the file range of its content.
    private mutating func string() throws -> (String, [TextAligner.Piece], Range<Int>) {
        i += 1
        let contentStart = i
        var decoded: [UInt8] = []
        var pieces: [TextAligner.Piece] = []
        var runStart = i
        func flush(_ end: Int) {
            if runStart < end { pieces.append(.verbatim(source: (base + runStart)..<(base + end))) }
        }
        while true {
            guard i < bytes.count else { throw failure("the string is not closed") }
            let byte = bytes[i]
            if byte == 0x22 { break }
            if byte < 0x20 { throw failure("control character inside a string; escape it") }
            if byte != 0x5C {
                decoded.append(byte)
                i += 1
                continue
            }
            flush(i)
            let escapeStart = i
            guard i + 1 < bytes.count else { throw failure("the string ends inside an escape") }
            var text: [UInt8]
            switch bytes[i + 1] {
            case 0x22: text = [0x22]
            case 0x5C: text = [0x5C]
            case 0x2F: text = [0x2F]
            case 0x62: text = [0x08]
            case 0x66: text = [0x0C]
            case 0x6E: text = [0x0A]
            case 0x72: text = [0x0D]
            case 0x74: text = [0x09]
            case 0x75:
                var scalarValue = try hex4(at: i + 2)
                var length = 6
                if (0xD800...0xDBFF).contains(scalarValue), i + 12 <= bytes.count, bytes[i + 6] == 0x5C, bytes[i + 7] == 0x75 {
                    let low = try hex4(at: i + 8)
                    if (0xDC00...0xDFFF).contains(low) {
                        scalarValue = 0x10000 + ((scalarValue - 0xD800) << 10) + (low - 0xDC00)
                        length = 12
                    }
                }
                let scalar = Unicode.Scalar(scalarValue) ?? "\u{FFFD}"
                text = Array(String(Character(scalar)).utf8)
                i += length
                decoded.append(contentsOf: text)
                pieces.append(.decoded(text: text[...], source: (base + escapeStart)..<(base + i)))
                runStart = i
                continue
            default:
                throw failure("unknown escape \\\(Character(Unicode.Scalar(bytes[i + 1])))")
            }
            i += 2
            decoded.append(contentsOf: text)
            pieces.append(.decoded(text: text[...], source: (base + escapeStart)..<(base + i)))
            runStart = i
        }
        flush(i)
        let range = (base + contentStart)..<(base + i)
        i += 1
        return (String(decoding: decoded, as: UTF8.self), pieces, range)
    }

    private func hex4(at index: Int) throws -> UInt32 {
        guard index + 4 <= bytes.count, let value = UInt32(String(decoding: bytes[index..<(index + 4)], as: UTF8.self), radix: 16) else {
            throw Failure(message: "\\u needs four hex digits", offset: base + index)
        }
        return value
    }
}
