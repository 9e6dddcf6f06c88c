/// The parts of a draft a platform counts (the body, or the title), as one text: line breaks
/// written as CRLF count as one, trailing spaces, tabs and line breaks are left out (editors add a
/// final newline and platforms drop it), and every offset maps back to the draft text.
struct CountableText {
    /// The text to count.
    let text: Substring
    /// The text's marks, from the same pass that looked for CRLF.
    let marks: TextMarks
    /// Where `text` starts in the draft.
    private let draftStart: Int
    /// Where each later piece of `text` starts, in `text` and in the draft (a new piece begins
    /// after every dropped CR and at every part); empty in the usual case of one piece.
    private let pieces: [(start: Int, draftStart: Int)]
    /// The draft offset just after the last counted character.
    let draftEnd: Int

    /// The parts of `kind` of a draft's text, in order; `nil` when there are none or they are blank.
    init?(text draftText: String, parts: [DraftPart], kind: DraftPartKind) {
        let utf8 = draftText.utf8
        func index(_ offset: Int) -> String.Index { utf8.index(utf8.startIndex, offsetBy: offset) }
        var first: Range<Int>?
        var partCount = 0
        for part in parts where part.kind == kind {
            if first == nil { first = part.range }
            partCount += 1
        }
        guard let first else { return nil }
        if partCount == 1 {
            // The usual case (a schedule row, a text file): the draft's own text, no copy.
            let text = draftText[index(first.lowerBound)..<index(first.upperBound)]
            let marks = TextMarks(text)
            if !marks.hasCarriageReturn {
                self.init(text: text, marks: marks, draftStart: first.lowerBound, pieces: [])
                if self.text.isEmpty { return nil }
                return
            }
        }
        var bytes: [UInt8] = []
        var pieces: [(start: Int, draftStart: Int)] = []
        for part in parts where part.kind == kind {
            let range = part.range
            let partBytes = Array(utf8[index(range.lowerBound)..<index(range.upperBound)])
            pieces.append((bytes.count, range.lowerBound))
            for (position, byte) in partBytes.enumerated() {
                // Drop the CR of a CRLF; what follows maps one to one again.
                if byte == 0x0D, position + 1 < partBytes.count, partBytes[position + 1] == 0x0A {
                    pieces.append((bytes.count, range.lowerBound + position + 1))
                } else {
                    bytes.append(byte)
                }
            }
        }
        let text = String(decoding: bytes, as: UTF8.self)[...]
        self.init(text: text, marks: TextMarks(text), draftStart: first.lowerBound, pieces: pieces)
        if self.text.isEmpty { return nil }
    }

    private init(text: Substring, marks: TextMarks, draftStart: Int, pieces: [(start: Int, draftStart: Int)]) {
        // Trailing spaces, tabs and line breaks (ASCII, so a byte scan is enough).
        let utf8 = text.utf8
        var end = utf8.endIndex
        while end > utf8.startIndex, (0x09...0x0D).contains(utf8[utf8.index(before: end)]) || utf8[utf8.index(before: end)] == 0x20 {
            end = utf8.index(before: end)
        }
        self.text = text[text.startIndex..<end]
        self.draftStart = draftStart
        self.pieces = pieces
        let length = self.text.utf8.count
        var marks = marks
        marks.bytes = length
        self.marks = marks
        // An empty text ends where it starts.
        draftEnd = length == 0 ? draftStart : CountableText.map(length - 1, draftStart, pieces) + 1
    }

    /// The draft offset of an offset into `text`.
    func draftOffset(_ offset: Int) -> Int {
        CountableText.map(offset, draftStart, pieces)
    }

    private static func map(_ offset: Int, _ draftStart: Int, _ pieces: [(start: Int, draftStart: Int)]) -> Int {
        guard let piece = pieces.last(where: { $0.start <= offset }) else { return draftStart + offset }
        return piece.draftStart + (offset - piece.start)
    }
}
