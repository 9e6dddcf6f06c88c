// Byte-wise helpers for strings: trimming and ASCII checks without Foundation's bridging.

extension Substring {
    /// The text without leading and trailing spaces and tabs, without Foundation's bridging.
    var trimmingSpaces: String {
        let utf8 = self.utf8
        var start = utf8.startIndex
        var end = utf8.endIndex
        while start < end, utf8[start] == 0x20 || utf8[start] == 0x09 { start = utf8.index(after: start) }
        while end > start {
            let before = utf8.index(before: end)
            guard utf8[before] == 0x20 || utf8[before] == 0x09 else { break }
            end = before
        }
        return String(self[start..<end])
    }
}

extension String {
    /// The text without leading and trailing spaces and tabs; no copy when there are none.
    var trimmingSpaces: String {
        guard let first = utf8.first, let last = utf8.last else { return self }
        if first != 0x20, first != 0x09, last != 0x20, last != 0x09 { return self }
        return self[...].trimmingSpaces
    }
}

extension String {
    /// The text without leading and trailing white space, line breaks included (as
    /// `trimmingCharacters(in: .whitespacesAndNewlines)`, which also trims U+200B), without
    /// Foundation's cost.
    func trimmingWhitespace() -> String {
        let utf8 = self.utf8
        if let first = utf8.first, let last = utf8.last, first > 0x20, first < 0x7F, last > 0x20, last < 0x7F { return self }
        let scalars = unicodeScalars
        let trimmed: (Unicode.Scalar) -> Bool = { $0.properties.isWhitespace || $0.value == 0x200B }
        guard let start = scalars.firstIndex(where: { !trimmed($0) }), let end = scalars.lastIndex(where: { !trimmed($0) }) else { return "" }
        return String(scalars[start...end])
    }
}

extension String {
    /// Whether every character is ASCII, so byte-wise code can take the place of Unicode-aware code.
    var isASCII: Bool { utf8.allSatisfy { $0 < 0x80 } }
}

extension Array where Element == UInt8 {
    /// The sentence of this UTF-8 text around `range`: from after the last `.`, `!`, `?` or line
    /// break before it to the first one after it (exclusive).
    func sentence(around range: Range<Int>) -> Range<Int> {
        func ends(_ byte: UInt8) -> Bool {
            byte == UInt8(ascii: ".") || byte == UInt8(ascii: "!") || byte == UInt8(ascii: "?") || byte == 0x0A || byte == 0x0D
        }
        var start = range.lowerBound
        while start > 0, !ends(self[start - 1]) { start -= 1 }
        var end = range.upperBound
        while end < count, !ends(self[end]) { end += 1 }
        return start..<end
    }
}
