import Foundation

/// One logical iCalendar line (RFC 5545 §3.1) after unfolding: `NAME;PARAM=value:VALUE`, with
/// where it started in the file.
struct ICSContentLine: Sendable {
    /// Upper-cased property name: `DTSTART`, `X-GAFFE-KIND`.
    var name: String
    /// Parameters by upper-cased name, each with its values (quotes removed).
    var parameters: [(name: String, values: [String])]
    /// The raw value, escapes intact.
    var value: String
    /// File range of the line's first physical line, for problems.
    var range: Range<Int>

    func parameter(_ name: String) -> String? {
        parameters.first { $0.name == name }?.values.first
    }

    func parameters(_ name: String) -> [String] {
        parameters.filter { $0.name == name }.flatMap(\.values)
    }

    /// The value as TEXT (§3.3.11): `\n`, `\,`, `\;` and `\\` decoded. Unknown escapes such as
    /// Apple's `\"` keep the escaped character.
    var text: String { ICSContentLine.unescape(value) }

    /// A TEXT list (`CATEGORIES:a,b\,c`), split on unescaped commas.
    var textList: [String] {
        var items: [String] = []
        var current = ""
        var escaped = false
        for character in value {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" {
                current.append(character)
                escaped = true
            } else if character == "," {
                items.append(ICSContentLine.unescape(current))
                current = ""
            } else {
                current.append(character)
            }
        }
        items.append(ICSContentLine.unescape(current))
        return items.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static func unescape(_ value: String) -> String {
        guard value.contains("\\") else { return value }
        var result = ""
        var escaped = false
        for character in value {
            if escaped {
                switch character {
                case "n", "N": result.append("\n")
                default: result.append(character)
                }
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                result.append(character)
            }
        }
        if escaped { result.append("\\") }
        return result
    }

    /// TEXT escaping for writing.
    static func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "\\": result += "\\\\"
            case ";": result += "\\;"
            case ",": result += "\\,"
            case "\n": result += "\\n"
            case "\r": continue
            default: result.append(character)
            }
        }
        return result
    }
}

/// Splits iCalendar bytes into unfolded content lines. Unfolding happens on bytes, before UTF-8
/// decoding, because folds may split a multi-byte character (RFC 5545 §3.1).
struct ICSLineReader {
    /// Lines read, in order.
    private(set) var lines: [ICSContentLine] = []
    private(set) var problems: [InputProblem] = []

    init(_ source: SourceText) {
        let bytes = source.bytes
        var index = 0
        // A UTF-8 byte order mark before BEGIN:VCALENDAR.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        var logical: [UInt8] = []
        var logicalStart = -1
        var logicalFirstLineEnd = 0
        var blankLines: [Range<Int>] = []

        func flush() {
            guard logicalStart >= 0 else { return }
            let range = (source.baseOffset + logicalStart)..<(source.baseOffset + logicalFirstLineEnd)
            parseLine(logical, range: range)
            logical.removeAll(keepingCapacity: true)
            logicalStart = -1
        }

        while index < bytes.count {
            var end = index
            while end < bytes.count, bytes[end] != 0x0A, bytes[end] != 0x0D { end += 1 }
            let lineEnd = end
            // Consume the line break: LF, CRLF or a lone CR.
            var next = end
            if next < bytes.count, bytes[next] == 0x0D { next += 1 }
            if next < bytes.count, bytes[next] == 0x0A { next += 1 }
            if lineEnd > index, bytes[index] == 0x20 || bytes[index] == 0x09, logicalStart >= 0 {
                // A continuation: drop the single leading space or tab.
                logical.append(contentsOf: bytes[(index + 1)..<lineEnd])
            } else if lineEnd == index {
                if next > index { blankLines.append((source.baseOffset + index)..<(source.baseOffset + index)) }
            } else {
                flush()
                logicalStart = index
                logicalFirstLineEnd = lineEnd
                logical.append(contentsOf: bytes[index..<lineEnd])
            }
            index = next
        }
        flush()
        if let first = blankLines.first {
            let more = blankLines.count > 1 ? " (\(blankLines.count) blank lines in this file)" : ""
            problems.append(InputProblem("blank line ignored; iCalendar has no empty lines (RFC 5545 §3.1)\(more)", at: first, severity: .warning))
        }
    }

    private mutating func parseLine(_ bytes: [UInt8], range: Range<Int>) {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            problems.append(InputProblem("line is not valid UTF-8; iCalendar text must be UTF-8 (RFC 5545 §3.1)", at: range))
            return
        }
        var scalars = Array(text.unicodeScalars)[...]
        // Name: letters, digits and dashes.
        let name = Self.take(&scalars) { $0.properties.isAlphabetic && $0.isASCII || ("0"..."9").contains($0) || $0 == "-" }
        guard !name.isEmpty else {
            problems.append(InputProblem("cannot read the line '\(Self.clip(text))': a content line starts with a property name", at: range))
            return
        }
        var parameters: [(name: String, values: [String])] = []
        while scalars.first == ";" {
            scalars = scalars.dropFirst()
            let parameterName = Self.take(&scalars) { $0 != "=" && $0 != ":" && $0 != ";" }
            guard scalars.first == "=" else {
                problems.append(InputProblem("parameter '\(parameterName)' of \(name.uppercased()) has no value", at: range))
                return
            }
            scalars = scalars.dropFirst()
            var values: [String] = []
            while true {
                var value: String
                if scalars.first == "\"" {
                    scalars = scalars.dropFirst()
                    value = Self.take(&scalars) { $0 != "\"" }
                    guard scalars.first == "\"" else {
                        problems.append(InputProblem("parameter '\(parameterName)' of \(name.uppercased()) has an unclosed quote", at: range))
                        return
                    }
                    scalars = scalars.dropFirst()
                    if scalars.isEmpty, let colon = value.lastIndex(of: ":") {
                        // Exchange wrote `TZID="W. Europe Standard Time:20200609T090000"`: the closing
                        // quote swallowed the value. Take it back, and say so.
                        let salvaged = String(value[value.index(after: colon)...])
                        value = String(value[..<colon])
                        values.append(value)
                        parameters.append((parameterName.uppercased(), values))
                        problems.append(InputProblem("the quoted \(parameterName.uppercased()) parameter of \(name.uppercased()) swallows the value; read as \(parameterName.uppercased())=\(value) with value '\(salvaged)'",
                                                     at: range, severity: .warning))
                        lines.append(ICSContentLine(name: name.uppercased(), parameters: parameters, value: salvaged, range: range))
                        return
                    }
                } else {
                    value = Self.take(&scalars) { $0 != "," && $0 != ";" && $0 != ":" }
                }
                values.append(value)
                if scalars.first == "," {
                    scalars = scalars.dropFirst()
                    continue
                }
                break
            }
            parameters.append((parameterName.uppercased(), values))
        }
        guard scalars.first == ":" else {
            problems.append(InputProblem("cannot read the line '\(Self.clip(text))': expected ':' after \(name.uppercased())", at: range))
            return
        }
        var value = ""
        value.unicodeScalars.append(contentsOf: scalars.dropFirst())
        lines.append(ICSContentLine(name: name.uppercased(), parameters: parameters, value: value, range: range))
    }

    /// The scalars at the front of `scalars` that satisfy `predicate`, removed from it.
    private static func take(_ scalars: inout ArraySlice<Unicode.Scalar>, while predicate: (Unicode.Scalar) -> Bool) -> String {
        var text = ""
        while let scalar = scalars.first, predicate(scalar) {
            text.unicodeScalars.append(scalar)
            scalars = scalars.dropFirst()
        }
        return text
    }

    static func clip(_ text: String) -> String {
        text.count > 60 ? String(text.prefix(57)) + "..." : text
    }
}

/// A BEGIN…END block (VCALENDAR, VEVENT, VTIMEZONE, STANDARD…), with its properties and children.
final class ICSComponent {
    let name: String
    /// The BEGIN line's file range.
    let range: Range<Int>
    var properties: [ICSContentLine] = []
    var children: [ICSComponent] = []

    init(name: String, range: Range<Int>) {
        self.name = name
        self.range = range
    }

    func first(_ name: String) -> ICSContentLine? { properties.first { $0.name == name } }
    func all(_ name: String) -> [ICSContentLine] { properties.filter { $0.name == name } }

    /// Builds the component tree. Lines outside any VCALENDAR and mismatched END lines are
    /// problems; a component never closed is dropped with a problem at its BEGIN.
    static func tree(of lines: [ICSContentLine], problems: inout [InputProblem]) -> [ICSComponent] {
        var roots: [ICSComponent] = []
        var stack: [ICSComponent] = []
        var strayReported = false
        for line in lines {
            switch line.name {
            case "BEGIN":
                let component = ICSComponent(name: line.value.uppercased().trimmingCharacters(in: .whitespaces), range: line.range)
                if let parent = stack.last {
                    parent.children.append(component)
                } else {
                    roots.append(component)
                }
                stack.append(component)
            case "END":
                let name = line.value.uppercased().trimmingCharacters(in: .whitespaces)
                guard let open = stack.lastIndex(where: { $0.name == name }) else {
                    problems.append(InputProblem("END:\(name) has no matching BEGIN:\(name)", at: line.range))
                    continue
                }
                for unclosed in stack[(open + 1)...] {
                    problems.append(InputProblem("BEGIN:\(unclosed.name) is never closed before END:\(name); its content is ignored", at: unclosed.range))
                    remove(unclosed, from: stack[open], roots: &roots)
                }
                stack.removeSubrange(open...)
            default:
                if let current = stack.last {
                    current.properties.append(line)
                } else if !strayReported {
                    strayReported = true
                    problems.append(InputProblem("'\(line.name)' outside BEGIN:VCALENDAR … END:VCALENDAR is ignored", at: line.range, severity: .warning))
                }
            }
        }
        for unclosed in stack.reversed() {
            if unclosed.name == "VCALENDAR" {
                // A calendar cut short after its last complete event keeps those events.
                problems.append(InputProblem("BEGIN:VCALENDAR is never closed (END:VCALENDAR is missing)", at: unclosed.range, severity: .warning))
                continue
            }
            problems.append(InputProblem("BEGIN:\(unclosed.name) is never closed (END:\(unclosed.name) is missing); its content is ignored", at: unclosed.range))
            if let parentIndex = stack.firstIndex(where: { $0 === unclosed }), parentIndex > 0 {
                remove(unclosed, from: stack[parentIndex - 1], roots: &roots)
            } else {
                roots.removeAll { $0 === unclosed }
            }
        }
        return roots
    }

    private static func remove(_ component: ICSComponent, from parent: ICSComponent, roots: inout [ICSComponent]) {
        func strip(_ node: ICSComponent) {
            node.children.removeAll { $0 === component }
            node.children.forEach(strip)
        }
        strip(parent)
    }
}
