/// The parts of a draft a platform counts (the body, or the title), as one text: line breaks
/// written as CRLF count as one, trailing spaces, tabs and line breaks are left out (editors add a
/// final newline and platforms drop it), and every offset maps back to the draft text.
struct CountableText {
    /// The text to count.
    let text: Substring
    /// Pieces of `text` taken whole from the draft: where each starts in `text` and in the draft.
    private let pieces: [(start: Int, draftStart: Int)]
    /// The draft offset just after the last counted character.
    let draftEnd: Int

    /// The parts of `kind` of `draft`, in order; `nil` when there are none or they are blank.
    init?(_ draft: Draft, kind: DraftPartKind) {
        var ranges: [Range<Int>] = []
        for part in draft.parts where part.kind == kind { ranges.append(part.range) }
        guard !ranges.isEmpty else { return nil }
        let utf8 = draft.text.utf8
        func index(_ offset: Int) -> String.Index { utf8.index(utf8.startIndex, offsetBy: offset) }
        if ranges.count == 1, !utf8[index(ranges[0].lowerBound)..<index(ranges[0].upperBound)].contains(0x0D) {
            // The usual case (a schedule row, a text file): the draft's own text, no copy.
            let range = ranges[0]
            self.init(text: draft.text[index(range.lowerBound)..<index(range.upperBound)], pieces: [(0, range.lowerBound)])
        } else {
            var bytes: [UInt8] = []
            var pieces: [(start: Int, draftStart: Int)] = []
            for range in ranges {
                let part = Array(utf8[index(range.lowerBound)..<index(range.upperBound)])
                pieces.append((bytes.count, range.lowerBound))
                for (position, byte) in part.enumerated() {
                    // Drop the CR of a CRLF; what follows maps one to one again.
                    if byte == 0x0D, position + 1 < part.count, part[position + 1] == 0x0A {
                        pieces.append((bytes.count, range.lowerBound + position + 1))
                    } else {
                        bytes.append(byte)
                    }
                }
            }
            self.init(text: String(decoding: bytes, as: UTF8.self)[...], pieces: pieces)
        }
        guard !text.isEmpty else { return nil }
    }

    private init(text: Substring, pieces: [(start: Int, draftStart: Int)]) {
        // Trailing spaces, tabs and line breaks (ASCII, so a byte scan is enough).
        let utf8 = text.utf8
        var end = utf8.endIndex
        while end > utf8.startIndex, [0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D].contains(utf8[utf8.index(before: end)]) {
            end = utf8.index(before: end)
        }
        self.text = text[text.startIndex..<end]
        self.pieces = pieces
        let length = self.text.utf8.count
        // An empty text ends where it starts.
        draftEnd = length == 0 ? pieces[0].draftStart : CountableText.map(length - 1, pieces) + 1
    }

    /// The draft offset of an offset into `text`.
    func draftOffset(_ offset: Int) -> Int {
        CountableText.map(offset, pieces)
    }

    private static func map(_ offset: Int, _ pieces: [(start: Int, draftStart: Int)]) -> Int {
        let piece = pieces.last { $0.start <= offset } ?? pieces[0]
        return piece.draftStart + (offset - piece.start)
    }
}
