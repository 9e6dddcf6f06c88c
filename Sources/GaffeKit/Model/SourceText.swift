import Foundation

/// A 1-based line and column as an editor shows them.
///
/// Columns count Unicode scalar values (code points) from the start of the line, so a tab is one
/// column, `é` written as `e` + U+0301 is two, and 👍🏽 is two. A UTF-8 byte order mark is not
/// counted. SARIF output declares this as `"columnKind": "unicodeCodePoints"`.
public struct SourcePosition: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (lhs: SourcePosition, rhs: SourcePosition) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }

    public var description: String { "\(line):\(column)" }
}

/// Where a finding points: a file and a range in it, as byte offsets and as editor positions.
/// `end` is exclusive: the position just after the last character, as in SARIF.
public struct SourceLocation: Sendable, Hashable {
    public var path: String
    public var byteRange: Range<Int>
    public var start: SourcePosition
    public var end: SourcePosition

    public init(path: String, byteRange: Range<Int>, start: SourcePosition, end: SourcePosition) {
        self.path = path
        self.byteRange = byteRange
        self.start = start
        self.end = end
    }
}

/// One numbered line of source, kept with a finding so reporters can print an excerpt without
/// reading files again.
public struct SourceLine: Sendable, Hashable {
    public var number: Int
    public var text: String

    public init(number: Int, text: String) {
        self.number = number
        self.text = text
    }
}

/// The bytes a draft was read from: a whole file (Markdown, HTML, text) or one record of it
/// (a CSV row, a JSON line), with what is needed to turn byte offsets into lines and columns.
///
/// Offsets everywhere in Gaffe are byte offsets into the *file*; `baseOffset` is the file offset of
/// `bytes[0]` and `baseLine` its line, so a record read from the middle of a large schedule answers
/// for its own lines without the rest of the file in memory.
public struct SourceText: Sendable {
    /// The path as given on the command line or found under a directory; `-` for standard input
    /// unless `--stdin-filename` names it.
    public let path: String
    public let bytes: [UInt8]
    public let baseOffset: Int
    public let baseLine: Int
    /// File offsets at which the second and later lines start: none for a one-line record (most
    /// schedule rows), which then costs no array of its own.
    private let laterLineStarts: [Int]

    public init(path: String, bytes: [UInt8], baseOffset: Int = 0, baseLine: Int = 1) {
        self.path = path
        self.bytes = bytes
        self.baseOffset = baseOffset
        self.baseLine = baseLine
        self.laterLineStarts = SourceText.laterLineStarts(of: bytes, base: baseOffset)
    }

    /// File offsets at which lines start, beginning with `baseOffset`.
    public var lineStarts: [Int] { [baseOffset] + laterLineStarts }

    /// The number of lines.
    var lineCount: Int { laterLineStarts.count + 1 }

    /// The file offset where a line starts, by its index (0 for the first line).
    func lineStart(_ index: Int) -> Int {
        index == 0 ? baseOffset : laterLineStarts[index - 1]
    }

    /// The file offsets where lines after the first begin. A line ends at LF, CRLF or a lone CR,
    /// as in CommonMark.
    private static func laterLineStarts(of bytes: [UInt8], base: Int) -> [Int] {
        // Most records are one line: `memchr` (vectorized) says so without a loop over each byte.
        let hasBreak = bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return false }
            return memchr(base, 0x0A, raw.count) != nil || memchr(base, 0x0D, raw.count) != nil
        }
        guard hasBreak else { return [] }
        var starts: [Int] = []
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if byte == 0x0A {
                starts.append(base + index + 1)
            } else if byte == 0x0D {
                if index + 1 < count, bytes[index + 1] == 0x0A { index += 1 }
                starts.append(base + index + 1)
            }
            index += 1
        }
        return starts
    }

    /// The file offset just past the last byte.
    public var endOffset: Int { baseOffset + bytes.count }

    /// The bytes between two file offsets.
    public func slice(_ range: Range<Int>) -> ArraySlice<UInt8> {
        let lower = max(range.lowerBound - baseOffset, 0)
        let upper = min(max(range.upperBound - baseOffset, lower), bytes.count)
        return bytes[lower..<upper]
    }

    /// The text between two file offsets, with invalid UTF-8 repaired.
    public func text(_ range: Range<Int>) -> String {
        String(decoding: slice(range), as: UTF8.self)
    }

    /// The index into `lineStarts` of the line holding `offset`.
    func lineIndex(of offset: Int) -> Int {
        var low = 0
        var high = lineCount - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStart(mid) <= offset { low = mid } else { high = mid - 1 }
        }
        return low
    }

    /// The editor position of a file offset.
    public func position(of offset: Int) -> SourcePosition {
        let clamped = min(max(offset, baseOffset), endOffset)
        let lineIndex = lineIndex(of: clamped)
        var start = lineStart(lineIndex) - baseOffset
        if start == 0, baseOffset == 0, hasByteOrderMark { start = 3 }
        var column = 1
        var index = start
        let end = clamped - baseOffset
        while index < end {
            if bytes[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        return SourcePosition(line: baseLine + lineIndex, column: column)
    }

    /// The location of a range of file offsets.
    public func location(of range: Range<Int>) -> SourceLocation {
        SourceLocation(path: path, byteRange: range, start: position(of: range.lowerBound), end: position(of: range.upperBound))
    }

    /// The file offset of an editor position (the inverse of `position(of:)`).
    public func offset(of position: SourcePosition) -> Int? {
        let lineIndex = position.line - baseLine
        guard lineIndex >= 0, lineIndex < lineCount else { return nil }
        var index = lineStart(lineIndex) - baseOffset
        if index == 0, baseOffset == 0, hasByteOrderMark { index = 3 }
        var column = 1
        while column < position.column, index < bytes.count {
            index += 1
            while index < bytes.count, bytes[index] & 0xC0 == 0x80 { index += 1 }
            column += 1
        }
        return column == position.column ? baseOffset + index : nil
    }

    /// The lines that a range touches, without their line endings; at most `limit` of them.
    public func lines(covering range: Range<Int>, limit: Int = 4) -> [SourceLine] {
        let first = lineIndex(of: min(max(range.lowerBound, baseOffset), endOffset))
        let last = lineIndex(of: min(max(range.upperBound - (range.isEmpty ? 0 : 1), baseOffset), endOffset))
        var result: [SourceLine] = []
        for index in first...min(last, first + limit - 1) {
            var lower = lineStart(index) - baseOffset
            if lower == 0, baseOffset == 0, hasByteOrderMark { lower = 3 }
            var upper = index + 1 < lineCount ? lineStart(index + 1) - baseOffset : bytes.count
            while upper > lower, bytes[upper - 1] == 0x0A || bytes[upper - 1] == 0x0D { upper -= 1 }
            result.append(SourceLine(number: baseLine + index, text: String(decoding: bytes[lower..<upper], as: UTF8.self)))
        }
        return result
    }

    /// Whether the file starts with a UTF-8 byte order mark (only a record that starts the file can).
    public var hasByteOrderMark: Bool {
        baseOffset == 0 && bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
    }
}
