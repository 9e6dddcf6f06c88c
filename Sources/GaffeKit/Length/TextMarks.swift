/// What one pass over a text's bytes tells about it: enough to prove most posts fit every length
/// limit and every cap without counting them.
struct TextMarks: Sendable, Hashable {
    /// UTF-8 bytes. No unit counts more than one per byte (after NFC for X, but see `expandsUnderNFC`).
    var bytes = 0
    /// `.` followed by an ASCII letter or digit or a non-ASCII byte: every URL has at least one.
    var domainDots = 0
    /// `://`: every link Mastodon shortens has one.
    var protocolSeparators = 0
    /// `#` or `＃`: one per hashtag.
    var hashes = 0
    /// `@` or `＠`: one per mention.
    var atSigns = 0
    /// Whether the text holds one of the musical symbols U+1D15E…U+1D1C0 that NFC expands into three
    /// code points of weight 2: the only characters X weighs more than their bytes.
    var expandsUnderNFC = false
    var hasCarriageReturn = false

    init() {}

    init(_ text: Substring) {
        self.init(text.utf8)
    }

    init(_ utf8: Substring.UTF8View) {
        var previous: (UInt8, UInt8) = (0, 0)
        var count = 0
        for byte in utf8 {
            count += 1
            switch byte {
            case 0x23: hashes += 1
            case 0x40: atSigns += 1
            case 0x0D: hasCarriageReturn = true
            case 0x2F where previous == (0x3A, 0x2F): protocolSeparators += 1
            case 0x83 where previous == (0xEF, 0xBC): hashes += 1
            case 0xA0 where previous == (0xEF, 0xBC): atSigns += 1
            case 0x85...0x86 where previous == (0xF0, 0x9D): expandsUnderNFC = true
            default: break
            }
            if previous.1 == 0x2E, byte >= 0x80 || TwitterTextCharacters.isASCIIAlphanumeric(UInt32(byte)) { domainDots += 1 }
            previous = (previous.1, byte)
        }
        bytes = count
    }
}

extension LengthUnit {
    /// A bound the count of a text with these marks cannot exceed: a byte never counts more than
    /// one, and a link adds at most 23 where the platform shortens it. `LengthUnit.unbounded` when
    /// there is no bound.
    func upperBound(_ marks: TextMarks) -> Int {
        switch self {
        case .graphemes, .bytes, .utf16, .codePoints, .threads: marks.bytes
        case .weighted: marks.expandsUnderNFC ? LengthUnit.unbounded : marks.bytes + marks.domainDots * LengthUnit.linkWeight
        case .mastodon: marks.bytes + marks.protocolSeparators * LengthUnit.linkWeight
        }
    }

    /// `upperBound` of a text.
    func upperBound(_ text: Substring) -> Int {
        upperBound(TextMarks(text))
    }
}

extension PlatformLimits.Entity {
    /// A bound the number of hashtags, mentions or links cannot exceed.
    func upperBound(_ marks: TextMarks) -> Int {
        switch self {
        case .hashtags: marks.hashes
        case .mentions: marks.atSigns
        case .links: marks.domainDots
        }
    }
}
