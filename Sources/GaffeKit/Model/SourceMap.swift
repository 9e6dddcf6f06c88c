/// Maps a draft's text back to the file it came from.
///
/// A reader builds the draft text piece by piece and records, for each piece, where it came from:
/// a *verbatim* piece has the same bytes as the file (offsets map one to one); a *decoded* piece
/// stands for a different run of source bytes (`&amp;` read as `&`, `""` inside a CSV field read as
/// `"`, `\*` read as `*`) and maps as a whole; a *separator* the reader inserted between pieces (a
/// space between paragraphs) has no source bytes of its own. Offsets are UTF-8 offsets into the
/// draft text and byte offsets into the file.
public struct SourceMap: Sendable {
    struct Segment: Sendable {
        var textStart: Int
        var textLength: Int
        var sourceStart: Int
        var sourceLength: Int
        var verbatim: Bool

        var textEnd: Int { textStart + textLength }
        var sourceEnd: Int { sourceStart + sourceLength }
    }

    private(set) var segments: [Segment] = []

    public init() {}

    /// A map for text that is a verbatim copy of the file bytes starting at `sourceStart`.
    public static func verbatim(length: Int, sourceStart: Int) -> SourceMap {
        var map = SourceMap()
        map.append(textLength: length, sourceStart: sourceStart, sourceLength: length, verbatim: true)
        return map
    }

    mutating func append(textLength: Int, sourceStart: Int, sourceLength: Int, verbatim: Bool) {
        let textStart = segments.last?.textEnd ?? 0
        guard textLength > 0 else { return }
        if verbatim, let last = segments.last, last.verbatim, last.sourceEnd == sourceStart {
            segments[segments.count - 1].textLength += textLength
            segments[segments.count - 1].sourceLength += sourceLength
            return
        }
        segments.append(Segment(textStart: textStart, textLength: textLength, sourceStart: sourceStart,
                                sourceLength: sourceLength, verbatim: verbatim))
    }

    /// The number of pieces the map records (for estimating its size).
    public var segmentCount: Int { segments.count }

    /// The total length of the mapped text.
    public var textLength: Int { segments.last?.textEnd ?? 0 }

    /// The file offset where a range that starts at `textOffset` starts.
    public func sourceStart(forText textOffset: Int) -> Int {
        guard let index = segmentIndex(startingAt: textOffset) else { return segments.last?.sourceEnd ?? 0 }
        let segment = segments[index]
        if segment.verbatim { return segment.sourceStart + (textOffset - segment.textStart) }
        return segment.sourceStart
    }

    /// The file offset where a range that ends at `textOffset` ends.
    public func sourceEnd(forText textOffset: Int) -> Int {
        guard let index = segmentIndex(endingAt: textOffset) else { return segments.first?.sourceStart ?? 0 }
        let segment = segments[index]
        if segment.verbatim { return segment.sourceStart + (textOffset - segment.textStart) }
        return segment.sourceEnd
    }

    /// The file range for a range of the draft text.
    public func sourceRange(forText range: Range<Int>) -> Range<Int> {
        let start = sourceStart(forText: range.lowerBound)
        guard !range.isEmpty else { return start..<start }
        let end = sourceEnd(forText: range.upperBound)
        return start..<max(start, end)
    }

    /// Whether every byte of a text range was copied verbatim from the file.
    public func isVerbatim(_ range: Range<Int>) -> Bool {
        guard let first = segmentIndex(startingAt: range.lowerBound) else { return false }
        var index = first
        while index < segments.count, segments[index].textStart < range.upperBound {
            if !segments[index].verbatim { return false }
            index += 1
        }
        return segments[first].textStart <= range.lowerBound
    }

    /// The text range that covers a file range, where the file range falls inside the mapped text.
    public func textRange(forSource range: Range<Int>) -> Range<Int>? {
        var start: Int?
        var end: Int?
        for segment in segments where segment.sourceLength > 0 {
            if start == nil, range.lowerBound < segment.sourceEnd {
                start = segment.verbatim ? segment.textStart + max(0, range.lowerBound - segment.sourceStart) : segment.textStart
            }
            if range.upperBound > segment.sourceStart {
                end = segment.verbatim ? segment.textStart + min(segment.textLength, range.upperBound - segment.sourceStart) : segment.textEnd
            }
        }
        guard let start, let end, start <= end else { return nil }
        return start..<end
    }

    // The last segment whose text starts at or before the offset and does not end at it.
    private func segmentIndex(startingAt offset: Int) -> Int? {
        var low = 0
        var high = segments.count - 1
        var found: Int?
        while low <= high {
            let mid = (low + high) / 2
            if segments[mid].textStart <= offset {
                found = mid
                low = mid + 1
            } else {
                high = mid - 1
            }
        }
        guard var index = found else { return segments.isEmpty ? nil : 0 }
        // Separators and decoded pieces that end exactly here belong to the next piece.
        while index + 1 < segments.count, segments[index].textEnd <= offset { index += 1 }
        return index
    }

    // The first segment whose text ends at or after the offset and starts before it.
    private func segmentIndex(endingAt offset: Int) -> Int? {
        var low = 0
        var high = segments.count - 1
        var found: Int?
        while low <= high {
            let mid = (low + high) / 2
            if segments[mid].textEnd >= offset {
                found = mid
                high = mid - 1
            } else {
                low = mid + 1
            }
        }
        guard var index = found else { return segments.isEmpty ? nil : segments.count - 1 }
        while index > 0, segments[index].textStart >= offset { index -= 1 }
        return index
    }
}

/// Builds a draft's text and its `SourceMap` together.
public struct DraftTextBuilder: Sendable {
    /// The text so far. Built as a string piece by piece (not as bytes turned into a string at the
    /// end): a schedule row's text, one verbatim piece, then costs one allocation instead of two.
    public private(set) var text = ""
    public private(set) var map = SourceMap()
    /// Where the last piece ended in the file; separators map there.
    private var lastSourceEnd: Int

    public init(sourceStart: Int = 0) {
        lastSourceEnd = sourceStart
    }

    /// Appends file bytes that appear in the text exactly as in the file.
    public mutating func appendVerbatim<Bytes: Collection>(_ piece: Bytes, at sourceStart: Int) where Bytes.Element == UInt8 {
        text.append(String(decoding: piece, as: UTF8.self))
        map.append(textLength: piece.count, sourceStart: sourceStart, sourceLength: piece.count, verbatim: true)
        lastSourceEnd = sourceStart + piece.count
    }

    /// Appends text that stands for a different run of file bytes (an entity, an escape).
    public mutating func appendDecoded(_ decoded: String, source: Range<Int>) {
        text.append(decoded)
        map.append(textLength: decoded.utf8.count, sourceStart: source.lowerBound, sourceLength: source.count, verbatim: false)
        lastSourceEnd = source.upperBound
    }

    /// Appends text that has no source of its own, such as a space between two paragraphs.
    public mutating func appendSeparator(_ separator: String) {
        guard !separator.isEmpty else { return }
        text.append(separator)
        map.append(textLength: separator.utf8.count, sourceStart: lastSourceEnd, sourceLength: 0, verbatim: false)
    }

    /// Whether the text so far ends with one of the given bytes (or is empty).
    public func endsWithAny(of set: [UInt8]) -> Bool {
        guard let last = text.utf8.last else { return true }
        return set.contains(last)
    }

    /// The text and its map, handing them over without a copy.
    public consuming func finish() -> (text: String, map: SourceMap) {
        (text, map)
    }

    /// The current length of the text in UTF-8 bytes.
    public var count: Int { text.utf8.count }
}
