/// Aligns text a parser decoded (a YAML scalar, a Markdown text node) with the source bytes it was
/// decoded from, producing exact pieces for a `DraftTextBuilder`: verbatim runs where the bytes are
/// the same, decoded pieces where an escape, an entity or folded white space stands in the file.
///
/// Parsers such as cmark and libyaml report where a node starts but not how each decoded character
/// maps back, so Gaffe walks the two side by side. The walk only ever moves forward and only skips
/// what the syntax allows, so it records positions rather than searching for text.
struct TextAligner {
    /// The syntax the text was decoded from.
    enum Syntax {
        /// Markdown inline text: entity and numeric character references, backslash escapes.
        case markdown
        /// HTML text and attribute values: character references only.
        case html
        /// YAML plain scalar: line folding only.
        case yamlPlain
        /// YAML single-quoted scalar: `''` for a quote, line folding.
        case yamlSingleQuoted
        /// YAML double-quoted scalar: backslash escapes, line folding.
        case yamlDoubleQuoted
        /// YAML literal or folded block scalar: indentation and line breaks.
        case yamlBlock
    }

    enum Piece {
        case verbatim(source: Range<Int>)
        case decoded(text: ArraySlice<UInt8>, source: Range<Int>)
    }

    let syntax: Syntax
    let source: SourceText
    /// Decodes a character reference such as `&copy;` (Markdown only).
    var decodeEntity: (String) -> String? = { _ in nil }

    /// Aligns `decoded` with the source starting at file offset `start` and not passing `limit`.
    /// Returns the pieces and the file offset where the aligned text ends, or `nil` when the two
    /// cannot be aligned.
    func align(_ decoded: [UInt8], from start: Int, limit: Int) -> (pieces: [Piece], end: Int)? {
        let bytes = source.bytes
        let base = source.baseOffset
        var pieces: [Piece] = []
        var i = 0
        var p = start - base
        let end = min(limit, source.endOffset) - base
        var verbatimStart: Int?

        func flushVerbatim() {
            if let begin = verbatimStart, begin < p { pieces.append(.verbatim(source: (begin + base)..<(p + base))) }
            verbatimStart = nil
        }

        while i < decoded.count {
            guard p <= end else { return nil }
            // Escapes first: at a backslash or ampersand the source byte may equal the decoded byte
            // by accident while meaning something else.
            if p < end, let (length, replacement) = escape(at: p, end: end), replacement.count > 0,
               decoded.count - i >= replacement.count, Array(decoded[i..<(i + replacement.count)]) == replacement {
                flushVerbatim()
                pieces.append(.decoded(text: decoded[i..<(i + replacement.count)], source: (p + base)..<(p + length + base)))
                i += replacement.count
                p += length
                continue
            }
            if p < end, bytes[p] == decoded[i] {
                if verbatimStart == nil { verbatimStart = p }
                p += 1
                i += 1
                continue
            }
            flushVerbatim()
            if isFoldableSpace(decoded[i]), p < end, isSpaceOrBreak(bytes[p]) {
                // Line folding: a run of white space and line breaks in the file reads as one space
                // (or as line feeds) in the value.
                let sourceStart = p
                while p < end, isSpaceOrBreak(bytes[p]) { p += 1 }
                let valueStart = i
                while i < decoded.count, isFoldableSpace(decoded[i]) { i += 1 }
                pieces.append(.decoded(text: decoded[valueStart..<i], source: (sourceStart + base)..<(p + base)))
                continue
            }
            if let skip = skippable(at: p, end: end) {
                p += skip
                continue
            }
            return nil
        }
        flushVerbatim()
        return (pieces, p + base)
    }

    /// Appends aligned pieces to a builder.
    static func append(_ pieces: [Piece], to builder: inout DraftTextBuilder, source: SourceText) {
        for piece in pieces {
            switch piece {
            case .verbatim(let range):
                builder.appendVerbatim(source.slice(range), at: range.lowerBound)
            case .decoded(let text, let range):
                builder.appendDecoded(String(decoding: text, as: UTF8.self), source: range)
            }
        }
    }

    private func isFoldableSpace(_ byte: UInt8) -> Bool {
        switch syntax {
        case .markdown, .html: false
        default: byte == 0x20 || byte == 0x0A || byte == 0x09
        }
    }

    private func isSpaceOrBreak(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// Source bytes the syntax allows to stand between decoded characters: indentation and line
    /// breaks in YAML, the backslash of a YAML line continuation.
    private func skippable(at p: Int, end: Int) -> Int? {
        let bytes = source.bytes
        switch syntax {
        case .markdown, .html, .yamlPlain, .yamlSingleQuoted:
            return nil
        case .yamlDoubleQuoted:
            if bytes[p] == 0x5C, p + 1 < end, bytes[p + 1] == 0x0A || bytes[p + 1] == 0x0D { return 2 }
            if isSpaceOrBreak(bytes[p]) { return 1 }
            return nil
        case .yamlBlock:
            return isSpaceOrBreak(bytes[p]) ? 1 : nil
        }
    }

    /// An escape at `p`: its length in the file and what it decodes to.
    private func escape(at p: Int, end: Int) -> (Int, [UInt8])? {
        let bytes = source.bytes
        switch syntax {
        case .markdown, .html:
            if syntax == .markdown, bytes[p] == 0x5C, p + 1 < end, isASCIIPunctuation(bytes[p + 1]) {
                return (2, [bytes[p + 1]])
            }
            if bytes[p] == 0x26 {
                var q = p + 1
                while q < end, q - p <= 40, bytes[q] != 0x3B, bytes[q] != 0x20, bytes[q] != 0x26 { q += 1 }
                guard q < end, bytes[q] == 0x3B, q > p + 1 else { return nil }
                let reference = String(decoding: bytes[p...q], as: UTF8.self)
                guard let decoded = decodeEntity(reference), decoded != reference else { return nil }
                return (q - p + 1, Array(decoded.utf8))
            }
            return nil
        case .yamlSingleQuoted:
            if bytes[p] == 0x27, p + 1 < end, bytes[p + 1] == 0x27 { return (2, [0x27]) }
            return nil
        case .yamlDoubleQuoted:
            guard bytes[p] == 0x5C, p + 1 < end else { return nil }
            let next = bytes[p + 1]
            let simple: [UInt8: UInt8] = [0x6E: 0x0A, 0x74: 0x09, 0x22: 0x22, 0x5C: 0x5C, 0x2F: 0x2F, 0x20: 0x20,
                                          0x30: 0x00, 0x72: 0x0D, 0x09: 0x09, 0x5F: 0xA0]
            if let value = simple[next] {
                return value == 0xA0 ? (2, [0xC2, 0xA0]) : (2, [value])
            }
            let hexLength: Int
            switch next {
            case 0x78: hexLength = 2
            case 0x75: hexLength = 4
            case 0x55: hexLength = 8
            default: return nil
            }
            guard p + 2 + hexLength <= end,
                  let value = UInt32(String(decoding: bytes[(p + 2)..<(p + 2 + hexLength)], as: UTF8.self), radix: 16),
                  let scalar = Unicode.Scalar(value) else { return nil }
            return (2 + hexLength, Array(String(Character(scalar)).utf8))
        case .yamlPlain, .yamlBlock:
            return nil
        }
    }

    private func isASCIIPunctuation(_ byte: UInt8) -> Bool {
        (0x21...0x2F).contains(byte) || (0x3A...0x40).contains(byte) || (0x5B...0x60).contains(byte) || (0x7B...0x7E).contains(byte)
    }
}
