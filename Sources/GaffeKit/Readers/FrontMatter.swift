import Foundation
import Yams

/// YAML front matter at the top of a Markdown file: `---`, YAML, then `---` (or `...`).
struct FrontMatter {
    /// The whole block, delimiters included (file offsets).
    var range: Range<Int>
    var fields = MetadataParser.Fields()
    /// Title and description text aligned with the file.
    var title: [TextAligner.Piece] = []
    var description: [TextAligner.Piece] = []
    var suppressions = Suppressions()
    var problems: [InputProblem] = []
    var extra: [(String, String)] = []

    /// Keys Gaffe reads; every other key is kept as metadata and not linted.
    static let publishKeys = ["publish_at", "publishAt", "publishDate", "publish_date", "date"]

    /// Finds front matter starting at `start` (after any byte order mark) and reads it.
    static func read(_ source: SourceText, start: Int) -> FrontMatter? {
        let bytes = source.bytes
        guard let firstLineEnd = lineEnd(bytes, from: start), isDelimiter(bytes[start..<firstLineEnd], closing: false) else {
            return nil
        }
        let yamlStart = nextLineStart(bytes, after: firstLineEnd)
        var lineStart = yamlStart
        while lineStart < bytes.count {
            let end = lineEnd(bytes, from: lineStart) ?? bytes.count
            if isDelimiter(bytes[lineStart..<end], closing: true) {
                let blockEnd = nextLineStart(bytes, after: end)
                var matter = FrontMatter(range: start..<blockEnd)
                matter.parse(source, yaml: yamlStart..<lineStart)
                return matter
            }
            lineStart = nextLineStart(bytes, after: end)
        }
        var unclosed = FrontMatter(range: start..<start)
        unclosed.problems.append(InputProblem("front matter opened by '---' on this line is never closed by a '---' line; the file is read as Markdown without front matter", at: start..<firstLineEnd))
        return unclosed
    }

    private static func isDelimiter(_ line: ArraySlice<UInt8>, closing: Bool) -> Bool {
        var trimmed = line
        while let last = trimmed.last, last == 0x20 || last == 0x09 { trimmed = trimmed.dropLast() }
        return Array(trimmed) == [0x2D, 0x2D, 0x2D] || (closing && Array(trimmed) == [0x2E, 0x2E, 0x2E])
    }

    // The offset of the line break ending the line that starts at `from`.
    private static func lineEnd(_ bytes: [UInt8], from: Int) -> Int? {
        var index = from
        while index < bytes.count {
            if bytes[index] == 0x0A || bytes[index] == 0x0D { return index }
            index += 1
        }
        return from < bytes.count ? bytes.count : nil
    }

    private static func nextLineStart(_ bytes: [UInt8], after lineEnd: Int) -> Int {
        guard lineEnd < bytes.count else { return bytes.count }
        if bytes[lineEnd] == 0x0D, lineEnd + 1 < bytes.count, bytes[lineEnd + 1] == 0x0A { return lineEnd + 2 }
        return lineEnd + 1
    }

    private mutating func parse(_ source: SourceText, yaml: Range<Int>) {
        let text = source.text(yaml)
        let firstLine = source.position(of: yaml.lowerBound).line
        let root: YAMLNode
        do {
            root = try StrictYAML.parse(text, path: source.path, lineOffset: firstLine - 1)
        } catch let error as YAMLError {
            let offset = source.offset(of: SourcePosition(line: error.line, column: error.column)) ?? yaml.lowerBound
            problems.append(InputProblem("front matter: \(error.message)", at: offset..<min(offset + 1, yaml.upperBound)))
            return
        } catch {
            problems.append(InputProblem("front matter: \(error)", at: yaml.lowerBound..<yaml.lowerBound))
            return
        }
        guard case .mapping(let mapping) = root.node else {
            if !root.isNull {
                problems.append(InputProblem("front matter must be a mapping of keys to values", at: yaml.lowerBound..<yaml.lowerBound))
            }
            return
        }
        for (keyNode, valueNode) in mapping {
            guard let key = keyNode.string else { continue }
            let value = YAMLNode(node: valueNode, path: source.path, keyPath: key, lineOffset: firstLine - 1)
            switch key {
            case _ where FrontMatter.publishKeys.contains(key):
                // publish_at wins over publishDate, which wins over date.
                let rank = FrontMatter.publishKeys.firstIndex(of: key)!
                if let current = currentPublishRank, current < rank { continue }
                currentPublishRank = rank
                fields.publishAt = rawField(value, source: source)
            case "timezone", "time_zone": fields.timeZone = rawField(value, source: source)
            case "channels", "channel": fields.channels = rawList(value, source: source)
            case "regions", "region": fields.regions = rawList(value, source: source)
            case "account": fields.account = rawField(value, source: source)
            case "link", "url": fields.link = rawField(value, source: source)
            case "title":
                fields.title = rawField(value, source: source)
                title = aligned(value, source: source)
                requireText(value, key: key, source: source)
            case "description":
                description = aligned(value, source: source)
                requireText(value, key: key, source: source)
            case "gaffe": readGaffeBlock(value, source: source)
            default:
                if let scalar = value.scalarText { extra.append((key, scalar)) }
            }
        }
    }

    private var currentPublishRank: Int?

    /// `title: {{name}}` is a YAML mapping, not text: say so rather than skip it silently.
    private mutating func requireText(_ node: YAMLNode, key: String, source: SourceText) {
        if case .scalar = node.node { return }
        let at = offset(of: node, source: source) ?? range.lowerBound
        problems.append(InputProblem("front matter '\(key)' is not text (YAML read it as a \(node.node.isMapping ? "mapping" : "list")); put the value in quotes",
                                     at: at..<(at + 1), severity: .warning))
    }

    private func offset(of node: YAMLNode, source: SourceText) -> Int? {
        source.offset(of: SourcePosition(line: node.line, column: node.column))
    }

    private func rawField(_ node: YAMLNode, source: SourceText) -> RawField? {
        guard case .scalar(let scalar) = node.node, let start = offset(of: node, source: source) else { return nil }
        var range = start..<(start + scalar.string.utf8.count)
        if scalar.style == .singleQuoted || scalar.style == .doubleQuoted { range = (start + 1)..<(range.upperBound + 1) }
        return RawField(scalar.string, at: range.clamped(to: source.baseOffset..<source.endOffset))
    }

    private func rawList(_ node: YAMLNode, source: SourceText) -> [RawField] {
        switch node.node {
        case .sequence:
            return ((try? node.list()) ?? []).compactMap { rawField($0, source: source) }
        default:
            return rawField(node, source: source).map { [$0] } ?? []
        }
    }

    private func aligned(_ node: YAMLNode, source: SourceText) -> [TextAligner.Piece] {
        guard case .scalar(let scalar) = node.node, !node.isNull, let start = offset(of: node, source: source) else { return [] }
        let syntax: TextAligner.Syntax
        var from = start
        switch scalar.style {
        case .singleQuoted:
            syntax = .yamlSingleQuoted
            from += 1
        case .doubleQuoted:
            syntax = .yamlDoubleQuoted
            from += 1
        case .literal, .folded:
            syntax = .yamlBlock
            while from < source.endOffset, source.bytes[from - source.baseOffset] != 0x0A, source.bytes[from - source.baseOffset] != 0x0D { from += 1 }
        default:
            syntax = .yamlPlain
        }
        var value = Array(scalar.string.utf8)
        while let last = value.last, last == 0x0A { value.removeLast() }
        let aligner = TextAligner(syntax: syntax, source: source)
        if let result = aligner.align(value, from: from, limit: range.upperBound) {
            return result.pieces
        }
        // Could not follow the scalar through the file: point the whole value at its start.
        return [.decoded(text: value[...], source: start..<min(start + 1, source.endOffset))]
    }

    private mutating func readGaffeBlock(_ node: YAMLNode, source: SourceText) {
        let start = offset(of: node, source: source) ?? range.lowerBound
        do {
            let mapping = try node.mapping()
            if let ignore = mapping.take("ignore") {
                for item in try ignore.list() {
                    let rule = try item.string()
                    let at = offset(of: item, source: source) ?? start
                    if rule == "all" || rule == "*" {
                        suppressions.ignoresAll = true
                    } else {
                        suppressions.ignoredRules.insert(rule)
                        suppressions.mentions.append(.init(rule: rule, range: at..<(at + rule.utf8.count)))
                    }
                }
            }
            try mapping.finish()
        } catch let error as YAMLError {
            let at = source.offset(of: SourcePosition(line: error.line, column: error.column)) ?? start
            problems.append(InputProblem("front matter: \(error.message)", at: at..<(at + 1)))
        } catch {
            problems.append(InputProblem("front matter: \(error)", at: start..<(start + 1)))
        }
    }
}
