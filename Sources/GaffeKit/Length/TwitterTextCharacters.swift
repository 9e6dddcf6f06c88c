/// The character classes of twitter-text's URL and hashtag patterns (`Regex.java` in the reference
/// implementation), as predicates on scalar values. ASCII letters match in either case, as the
/// reference patterns are case-insensitive in ASCII only.
enum TwitterTextCharacters {
    static func isASCIIAlphanumeric(_ value: UInt32) -> Bool {
        (0x30...0x39).contains(value) || (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value)
    }

    static func isASCIIDigit(_ value: UInt32) -> Bool {
        (0x30...0x39).contains(value)
    }

    /// Latin-1 letters, Latin Extended A/B, some IPA, the Hawaiian okina, combining diacritics and
    /// Latin Extended Additional: letters a domain or path may hold beside ASCII.
    static func isLatinAccent(_ value: UInt32) -> Bool {
        switch value {
        case 0xC0...0xD6, 0xD8...0xF6, 0xF8...0xFF, 0x100...0x24F, 0x300...0x36F, 0x1E00...0x1EFF: true
        case 0x253, 0x254, 0x256, 0x257, 0x259, 0x25B, 0x263, 0x268, 0x26F, 0x272, 0x289, 0x28B, 0x2BB: true
        default: false
        }
    }

    static func isCyrillic(_ value: UInt32) -> Bool {
        (0x400...0x4FF).contains(value)
    }

    /// Characters that may not come right before a URL: a letter or digit, `@`, `$`, `#` (and their
    /// full-width forms) or a character twitter-text calls invalid.
    static func blocksURL(_ value: UInt32) -> Bool {
        isASCIIAlphanumeric(value) || value == 0x40 || value == 0xFF20 || value == 0x24 || value == 0x23 || value == 0xFF03
            || isInvalid(value)
    }

    /// U+FFFE, U+FEFF and U+FFFF, which make a post invalid.
    static func isInvalid(_ value: UInt32) -> Bool {
        value == 0xFFFE || value == 0xFEFF || value == 0xFFFF
    }

    /// A character of an ASCII or Latin domain label.
    static func isDomainCharacter(_ value: UInt32) -> Bool {
        isASCIIAlphanumeric(value) || isLatinAccent(value)
    }

    /// A character of an internationalised label (after `http://`): anything but ASCII punctuation,
    /// white space, separators and the General Punctuation block.
    static func isUnicodeDomainCharacter(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 {
            return isASCIIAlphanumeric(value) || value == 0x5C || value < 0x09 || (0x0E...0x1F).contains(value) || value == 0x7F
        }
        if (0x2000...0x206F).contains(value) { return false }
        switch scalar.properties.generalCategory {
        case .spaceSeparator, .lineSeparator, .paragraphSeparator: return false
        default: return true
        }
    }

    private static let pathPunctuation: Set<UInt32> = Set("!*';:=+,.$/%#[]-_~|&@".unicodeScalars.map(\.value))
    private static let pathEndingPunctuation: Set<UInt32> = Set("=_#/-+".unicodeScalars.map(\.value))
    private static let queryPunctuation: Set<UInt32> = Set("!?*'();:&=+$/%#[]-_.,~|@".unicodeScalars.map(\.value))
    private static let queryEndingPunctuation: Set<UInt32> = Set("-_&=#/".unicodeScalars.map(\.value))

    /// A character of a URL path.
    static func isPathCharacter(_ value: UInt32) -> Bool {
        isASCIIAlphanumeric(value) || isLatinAccent(value) || isCyrillic(value) || value == 0x2013 || pathPunctuation.contains(value)
    }

    /// A character a URL path may end with (so `/foo.` leaves the full stop to the sentence).
    static func isPathEnding(_ value: UInt32) -> Bool {
        isASCIIAlphanumeric(value) || isLatinAccent(value) || isCyrillic(value) || pathEndingPunctuation.contains(value)
    }

    static func isQueryCharacter(_ value: UInt32) -> Bool {
        isASCIIAlphanumeric(value) || queryPunctuation.contains(value)
    }

    static func isQueryEnding(_ value: UInt32) -> Bool {
        isASCIIAlphanumeric(value) || queryEndingPunctuation.contains(value)
    }
}
