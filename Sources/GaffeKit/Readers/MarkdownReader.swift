import CCMark
import Foundation

extension InputFormat {
    /// Markdown (`.md`, `.markdown`, `.mdx`) with optional YAML front matter.
    public static let markdown = InputFormat(rawValue: "markdown")
}

/// Reads a Markdown document as one draft: the front-matter `title` and `description`, then the
/// prose of the body as cmark parses it. Code blocks and spans, link destinations, HTML and
/// comments are left out; comments carry suppressions. Every piece of text keeps its exact place
/// in the file, through entities, backslash escapes and continuation lines.
public struct MarkdownReader: DraftReader {
    public static let format = InputFormat.markdown
    public static let fileExtensions = ["md", "markdown", "mdx"]

    public init() {}

    public func read(_ input: InputSource, options: ReaderOptions, emit: (Draft) throws -> Void,
                     fail: (InputProblem, SourceText) throws -> Void) throws {
        guard let source = try WholeFile.load(input, options: options, fail: fail) else { return }
        let isMDX = input.path.lowercased().hasSuffix(".mdx")
        let contentStart = WholeFile.contentStart(source)
        let frontMatter = FrontMatter.read(source, start: contentStart)

        // What cmark parses: the file with front matter (and MDX import/export lines) blanked out,
        // and merge tags CommonMark would read as emphasis (`*|FNAME|*`) protected. Both keep every
        // byte offset, so cmark's lines and columns are the file's.
        var display = source.bytes
        if let frontMatter { MarkdownMasks.blank(frontMatter.range, in: &display) }
        if isMDX { MarkdownMasks.blankESM(in: &display, from: contentStart) }
        MarkdownMasks.blankTemplateCode(in: &display, from: contentStart, jsxExpressions: isMDX)
        var parsed = display
        MarkdownMasks.protectMergeTags(in: &parsed)

        let displaySource = SourceText(path: source.path, bytes: display)
        let parseSource = SourceText(path: source.path, bytes: parsed)

        var walker = MarkdownWalker(source: source, display: displaySource, parsed: parseSource, isMDX: isMDX)
        var builder = DraftTextBuilder(sourceStart: contentStart)
        var parts: [DraftPart] = []
        var fields = DraftFields()
        var problems = frontMatter?.problems ?? []

        if let frontMatter {
            for (kind, pieces) in [(DraftPartKind.title, frontMatter.title), (.description, frontMatter.description)] where !pieces.isEmpty {
                if builder.count > 0 { builder.appendSeparator("\n\n") }
                let start = builder.count
                TextAligner.append(pieces, to: &builder, source: source)
                parts.append(DraftPart(kind: kind, range: start..<builder.count))
                if case .verbatim(let range)? = pieces.first, kind == .title { fields[.title] = range }
            }
        }
        if builder.count > 0 { builder.appendSeparator("\n\n") }
        let bodyStart = builder.count
        let bodyOffset = frontMatter.map { max($0.range.upperBound, contentStart) } ?? contentStart
        walker.walk(into: &builder)
        parts.append(DraftPart(kind: .body, range: bodyStart..<builder.count))
        fields[.text] = bodyOffset..<source.endOffset

        var suppressions = walker.suppressions.finish(at: source.endOffset)
        if let frontMatter {
            suppressions.ignoredRules.formUnion(frontMatter.suppressions.ignoredRules)
            suppressions.ignoresAll = suppressions.ignoresAll || frontMatter.suppressions.ignoresAll
            suppressions.mentions += frontMatter.suppressions.mentions
        }

        var metadata = DraftMetadata()
        MetadataParser(options: options).parse(frontMatter?.fields ?? .init(), into: &metadata, problems: &problems)
        for (key, value) in frontMatter?.extra ?? [] { metadata.extra[key] = value }
        if let raw = frontMatter?.fields.publishAt { fields[.publishAt] = raw.range }
        if let raw = frontMatter?.fields.channels.first { fields[.channel] = raw.range }
        if let raw = frontMatter?.fields.regions.first { fields[.regions] = raw.range }
        if let raw = frontMatter?.fields.account { fields[.account] = raw.range }

        try emit(Draft(source: source, index: 1, format: .markdown, text: builder.text, textMap: builder.map,
                       parts: parts, metadata: metadata, fields: fields, suppressions: suppressions, problems: problems))
    }
}

/// Byte-preserving edits made before cmark parses a file.
enum MarkdownMasks {
    /// Replaces every byte but line breaks with a space.
    static func blank(_ range: Range<Int>, in bytes: inout [UInt8]) {
        for index in range where bytes[index] != 0x0A && bytes[index] != 0x0D { bytes[index] = 0x20 }
    }

    /// Blanks MDX `import`/`export` lines outside fenced code.
    static func blankESM(in bytes: inout [UInt8], from start: Int) {
        var lineStart = start
        var inFence = false
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count, bytes[lineEnd] != 0x0A, bytes[lineEnd] != 0x0D { lineEnd += 1 }
            let line = bytes[lineStart..<lineEnd]
            if line.starts(with: Array("```".utf8)) || line.starts(with: Array("~~~".utf8)) { inFence.toggle() }
            if !inFence, line.starts(with: Array("import ".utf8)) || line.starts(with: Array("export ".utf8)) {
                blank(lineStart..<lineEnd, in: &bytes)
            }
            lineStart = lineEnd + 1
        }
    }

    /// Blanks the template code a static-site generator runs when it builds the page, which is
    /// never published as written: Liquid/Jinja/Nunjucks tags (`{% raw %}`), comments (`{# … #}`),
    /// Hugo shortcodes (`{{< youtube id >}}`, `{{% note %}}`) and expressions with filters, paths
    /// or literals (`{{ "/" | url }}`, `{{ site.baseurl }}`). A bare `{{first_name}}` stays: it is
    /// a merge field, and an unfilled one if it reaches readers. In MDX, `{…}` JSX expressions
    /// are code too.
    static func blankTemplateCode(in bytes: inout [UInt8], from start: Int, jsxExpressions: Bool) {
        var index = start
        let count = bytes.count
        func closing(_ close: [UInt8], from: Int, limit: Int = 600) -> Int? {
            var j = from
            while j + close.count <= count, j - from <= limit {
                if bytes[j] == close[0], Array(bytes[j..<(j + close.count)]) == close { return j + close.count }
                j += 1
            }
            return nil
        }
        while index + 1 < count {
            guard bytes[index] == 0x7B else {
                index += 1
                continue
            }
            let next = bytes[index + 1]
            var end: Int?
            switch next {
            case 0x25: end = closing([0x25, 0x7D], from: index + 2) // {% … %}
            case 0x23: end = closing([0x23, 0x7D], from: index + 2) // {# … #}
            case 0x7B:
                if index + 2 < count, bytes[index + 2] == 0x3C { end = closing([0x3E, 0x7D, 0x7D], from: index + 3) } // {{< … >}}
                else if index + 2 < count, bytes[index + 2] == 0x25 { end = closing([0x25, 0x7D, 0x7D], from: index + 3) } // {{% … %}}
                else if let close = closing([0x7D, 0x7D], from: index + 2, limit: 300) {
                    let inner = bytes[(index + 2)..<(close - 2)]
                    if inner.contains(where: { [0x7C, 0x22, 0x27, 0x2E, 0x28, 0x5B].contains($0) }) { end = close }
                }
            default:
                if jsxExpressions, let close = closing([0x7D], from: index + 1, limit: 300) { end = close }
            }
            if let end {
                blank(index..<end, in: &bytes)
                index = end
            } else {
                index += 1
            }
        }
    }

    /// Turns the asterisks of Mailchimp-style merge tags (`*|FNAME|*`) into letters, so cmark keeps
    /// them as text instead of reading emphasis; the draft text takes the original bytes.
    static func protectMergeTags(in bytes: inout [UInt8]) {
        var index = 0
        while index + 4 < bytes.count {
            guard bytes[index] == 0x2A, bytes[index + 1] == 0x7C else {
                index += 1
                continue
            }
            var end = index + 2
            while end + 1 < bytes.count, end - index < 64, isMergeTagByte(bytes[end]) { end += 1 }
            if end + 1 < bytes.count, end > index + 2, bytes[end] == 0x7C, bytes[end + 1] == 0x2A {
                bytes[index] = 0x4D // M
                bytes[end + 1] = 0x4D
                index = end + 2
            } else {
                index += 1
            }
        }
    }

    private static func isMergeTagByte(_ byte: UInt8) -> Bool {
        (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) || byte == 0x5F || byte == 0x3A || byte == 0x2D || byte == 0x20
    }
}

/// Walks cmark's tree and lays the prose into a `DraftTextBuilder`.
struct MarkdownWalker {
    let source: SourceText
    /// The file with non-prose blanked: where verbatim text is copied from.
    let display: SourceText
    /// What cmark parsed: where positions are aligned.
    let parsed: SourceText
    let isMDX: Bool
    var suppressions = SuppressionBuilder()
    /// Start offsets of the parsed buffer's lines.
    private let lineStarts: [Int]
    /// How far alignment has got inside the current block.
    private var cursor = 0
    /// Whether any prose of the body has been laid out yet.
    private var sawText = false
    private var blockEnd = 0

    init(source: SourceText, display: SourceText, parsed: SourceText, isMDX: Bool) {
        self.source = source
        self.display = display
        self.parsed = parsed
        self.isMDX = isMDX
        lineStarts = parsed.lineStarts
    }

    mutating func walk(into builder: inout DraftTextBuilder) {
        let options = CMARK_OPT_DEFAULT
        let document: OpaquePointer? = parsed.bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                cmark_parse_document($0, buffer.count, options)
            }
        }
        guard let document else { return }
        defer { cmark_node_free(document) }
        guard let iterator = cmark_iter_new(document) else { return }
        defer { cmark_iter_free(iterator) }

        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            if event == CMARK_EVENT_EXIT {
                if type == CMARK_NODE_PARAGRAPH || type == CMARK_NODE_HEADING { builder.appendSeparator("\n\n") }
                continue
            }
            switch type {
            case CMARK_NODE_PARAGRAPH, CMARK_NODE_HEADING:
                beginBlock(node, builder: &builder)
            case CMARK_NODE_TEXT:
                appendText(node, into: &builder)
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                builder.appendSeparator("\n")
            case CMARK_NODE_CODE:
                skipCode(node)
                builder.appendSeparator(" ")
            case CMARK_NODE_HTML_INLINE:
                inlineHTML(node, into: &builder)
            case CMARK_NODE_HTML_BLOCK:
                htmlBlock(node, into: &builder)
            case CMARK_NODE_CODE_BLOCK, CMARK_NODE_THEMATIC_BREAK:
                builder.appendSeparator("\n\n")
            default:
                break
            }
        }
    }

    // MARK: - Positions

    /// The parsed-buffer offset of cmark's 1-based line and byte column.
    private func offset(line: Int32, column: Int32) -> Int? {
        let index = Int(line) - 1
        guard index >= 0, index < lineStarts.count, column >= 1 else { return nil }
        return min(lineStarts[index] + Int(column) - 1, parsed.endOffset)
    }

    /// The offset just past the end of a line.
    private func endOfLine(_ line: Int32) -> Int {
        let index = Int(line)
        return index >= 0 && index < lineStarts.count ? lineStarts[index] : parsed.endOffset
    }

    private mutating func beginBlock(_ node: OpaquePointer, builder: inout DraftTextBuilder) {
        if builder.count > 0, !builder.endsWithAny(of: [0x0A]) { builder.appendSeparator("\n\n") }
        cursor = offset(line: cmark_node_get_start_line(node), column: cmark_node_get_start_column(node)) ?? cursor
        blockEnd = max(cursor, endOfLine(max(cmark_node_get_end_line(node), cmark_node_get_start_line(node))))
    }

    // MARK: - Text

    private mutating func appendText(_ node: OpaquePointer, into builder: inout DraftTextBuilder) {
        guard let literalPointer = cmark_node_get_literal(node) else { return }
        let literal = Array(String(cString: literalPointer).utf8)
        guard !literal.isEmpty else { return }
        let aligner = TextAligner(syntax: .markdown, source: parsed, decodeEntity: CharacterReferences.decode)
        let hint = offset(line: cmark_node_get_start_line(node), column: cmark_node_get_start_column(node))
        sawText = true
        if let (pieces, end) = locate(literal, hint: hint, line: cmark_node_get_start_line(node), using: aligner) {
            TextAligner.append(pieces, to: &builder, source: display)
            cursor = end
        } else {
            // cmark and the file disagree in a way the aligner cannot follow: keep the text and
            // point it at cmark's own position.
            let start = max(hint ?? cursor, cursor)
            builder.appendDecoded(String(decoding: literal, as: UTF8.self), source: start..<min(start + 1, blockEnd))
        }
    }

    /// Finds where a decoded run starts: at cmark's position when it checks out, else at the first
    /// place from the cursor on that line where it aligns.
    private func locate(_ literal: [UInt8], hint: Int?, line: Int32, using aligner: TextAligner) -> ([TextAligner.Piece], Int)? {
        if let hint, hint >= cursor, let result = aligner.align(literal, from: hint, limit: blockEnd) {
            return (result.pieces, result.end)
        }
        let lineIndex = Int(line) - 1
        var start = cursor
        if lineIndex >= 0, lineIndex < lineStarts.count { start = max(cursor, lineStarts[lineIndex]) }
        if start > blockEnd { start = cursor }
        var position = start
        while position < blockEnd {
            if let result = aligner.align(literal, from: position, limit: blockEnd) {
                return (result.pieces, result.end)
            }
            position += 1
        }
        if start > cursor {
            position = cursor
            while position < start {
                if let result = aligner.align(literal, from: position, limit: blockEnd) { return (result.pieces, result.end) }
                position += 1
            }
        }
        return nil
    }

    /// Moves past a code span: the next backtick run from the cursor opens it, and the next run
    /// of the same length closes it (CommonMark's own rule). cmark's columns for code spans on
    /// continuation lines are not reliable, so they are not used.
    private mutating func skipCode(_ node: OpaquePointer) {
        let bytes = parsed.bytes
        var position = cursor
        while position < blockEnd, bytes[position] != 0x60 { position += 1 }
        var openLength = 0
        while position < blockEnd, bytes[position] == 0x60 {
            openLength += 1
            position += 1
        }
        guard openLength > 0 else { return }
        while position < blockEnd {
            guard bytes[position] == 0x60 else {
                position += 1
                continue
            }
            var runLength = 0
            while position < blockEnd, bytes[position] == 0x60 {
                runLength += 1
                position += 1
            }
            if runLength == openLength {
                cursor = position
                return
            }
        }
    }

    private func find(_ needle: [UInt8], from: Int, before end: Int) -> Int? {
        guard !needle.isEmpty, from + needle.count <= end else { return nil }
        var position = from
        while position + needle.count <= end {
            if parsed.bytes[position] == needle[0], Array(parsed.bytes[position..<(position + needle.count)]) == needle { return position }
            position += 1
        }
        return nil
    }

    // MARK: - HTML

    private mutating func inlineHTML(_ node: OpaquePointer, into builder: inout DraftTextBuilder) {
        guard let literalPointer = cmark_node_get_literal(node) else { return }
        let literal = Array(String(cString: literalPointer).utf8)
        let hint = offset(line: cmark_node_get_start_line(node), column: cmark_node_get_start_column(node))
        let start: Int
        if let hint, hint >= cursor, hint + literal.count <= parsed.endOffset,
           Array(parsed.bytes[hint..<(hint + literal.count)]) == literal {
            start = hint
        } else if let found = find(literal, from: cursor, before: max(blockEnd, cursor + literal.count)) {
            start = found
        } else {
            return
        }
        let range = start..<(start + literal.count)
        cursor = range.upperBound
        let text = String(decoding: literal, as: UTF8.self)
        if text.hasPrefix("<!--") {
            comment(text, at: range)
        } else if !HTMLElements.isMarkup(Substring(text), allowComponents: isMDX) {
            // `Dear <MailMerge ID>`: not HTML, but a merge field the author meant as text.
            builder.appendVerbatim(display.slice(range), at: range.lowerBound)
        } else if let name = HTMLElements.tagName(of: Substring(text)), HTMLElements.lineBreaking.contains(name) {
            builder.appendSeparator("\n")
        }
    }

    private mutating func htmlBlock(_ node: OpaquePointer, into builder: inout DraftTextBuilder) {
        guard let literalPointer = cmark_node_get_literal(node),
              let start = offset(line: cmark_node_get_start_line(node), column: 1) else { return }
        let literal = String(cString: literalPointer)
        let lineCount = literal.utf8.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        let startLine = Int(cmark_node_get_start_line(node))
        let end = startLine - 1 + max(lineCount, 1) < lineStarts.count ? lineStarts[startLine - 1 + max(lineCount, 1)] : parsed.endOffset
        // Comments in the block, found in the file itself so their offsets are exact.
        var position = start
        let opening = Array("<!--".utf8)
        let closing = Array("-->".utf8)
        var sawComment = false
        while let open = find(opening, from: position, before: end) {
            guard let close = find(closing, from: open + 4, before: end) else { break }
            let range = open..<(close + 3)
            comment(parsed.text(range), at: range)
            sawComment = true
            position = range.upperBound
        }
        // A block that is only merge fields written as tags (`<MailMerge ID>` alone on a line).
        if !sawComment {
            let trimmed = literal.trimmingCharacters(in: .whitespacesAndNewlines)
            let tags = trimmed.split(whereSeparator: { $0 == "\n" })
            if !tags.isEmpty, tags.allSatisfy({ $0.hasPrefix("<") && !HTMLElements.isMarkup($0, allowComponents: isMDX) }) {
                if builder.count > 0 { builder.appendSeparator("\n\n") }
                let trimmedStart = start + (literal.utf8.count - literal.drop(while: { $0.isWhitespace }).utf8.count)
                let length = trimmed.utf8.count
                builder.appendVerbatim(display.slice(trimmedStart..<(trimmedStart + length)), at: trimmedStart)
                builder.appendSeparator("\n\n")
            }
        }
    }

    private mutating func comment(_ text: String, at range: Range<Int>) {
        let inner = text.dropFirst(4).dropLast(text.hasSuffix("-->") ? 3 : 0)
        guard let command = SuppressionCommand(comment: inner.trimmingCharacters(in: .whitespacesAndNewlines)) else { return }
        let line = parsed.lineIndex(of: max(range.upperBound - 1, range.lowerBound))
        let next: Range<Int>? = line + 1 < lineStarts.count
            ? lineStarts[line + 1]..<(line + 2 < lineStarts.count ? lineStarts[line + 2] : parsed.endOffset)
            : nil
        suppressions.add(command, commentRange: range, nextLine: next, beforeText: !sawText)
    }
}

/// HTML character references as CommonMark decodes them (`&copy;` → `©`), using cmark's own table.
enum CharacterReferences {
    private static let cache = Locked<[String: String]>([:])

    /// The decoded text, or the reference itself when it is not one cmark knows.
    static func decode(_ reference: String) -> String? {
        if let cached = cache.withLock({ $0[reference] }) { return cached }
        var decoded = reference
        let bytes = Array(reference.utf8)
        if let document = bytes.withUnsafeBufferPointer({ buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                cmark_parse_document($0, buffer.count, CMARK_OPT_DEFAULT)
            }
        }) {
            if let paragraph = cmark_node_first_child(document), let text = cmark_node_first_child(paragraph),
               cmark_node_get_type(text) == CMARK_NODE_TEXT, let literal = cmark_node_get_literal(text) {
                decoded = String(cString: literal)
            }
            cmark_node_free(document)
        }
        cache.withLock { $0[reference] = decoded }
        return decoded
    }
}
