/// Hashtags and @-mentions in post text, for the platforms that cap how many a post may carry.
/// Ranges are scalar offsets.
enum TextEntities {
    /// Hashtags as twitter-text finds them: `#` or `＃` after a character that is not a letter,
    /// digit or `&`, then letters, marks, digits and a few joiners with at least one letter; not
    /// followed by another `#` or by `://`; not inside a URL.
    static func hashtags(in scalars: [Unicode.Scalar]) -> [Range<Int>] {
        let count = scalars.count
        let found = scan(scalars, at: { $0 == "#" || $0 == "\u{FF03}" }) { index in
            if index > 0 {
                let before = scalars[index - 1]
                guard before == "\u{FE0E}" || before == "\u{FE0F}" || (before != "&" && !isHashtagCharacter(before)) else { return (nil, index + 1) }
            }
            if index + 1 < count, scalars[index + 1] == "\u{FE0F}" || scalars[index + 1] == "\u{20E3}" { return (nil, index + 1) }
            var end = index + 1
            var hasLetter = false
            while end < count, isHashtagCharacter(scalars[end]) {
                if isHashtagLetter(scalars[end]) { hasLetter = true }
                end += 1
            }
            guard hasLetter else { return (nil, index + 1) }
            let followedBadly = end < count && (scalars[end] == "#" || scalars[end] == "\u{FF03}" || startsURLScheme(scalars, at: end))
            return (followedBadly ? nil : index..<end, end)
        }
        guard !found.isEmpty else { return [] }
        let urls = TwitterTextURLs.extract(scalars).map(\.range)
        guard !urls.isEmpty else { return found }
        return found.filter { tag in !urls.contains { $0.overlaps(tag) } }
    }

    /// @-mentions: `@` or `＠` after anything but a letter, digit or `_!#$%&*@`, then a handle of
    /// letters, digits, `_` and inner `.` (Instagram handles hold up to 30); not an e-mail address.
    static func mentions(in scalars: [Unicode.Scalar]) -> [Range<Int>] {
        let count = scalars.count
        return scan(scalars, at: { $0 == "@" || $0 == "\u{FF20}" }) { index in
            if index > 0, isHandleCharacter(scalars[index - 1]) || "!#$%&*@.\u{FF20}".unicodeScalars.contains(scalars[index - 1]) {
                return (nil, index + 1)
            }
            var end = index + 1
            while end < count, isHandleCharacter(scalars[end]) || (scalars[end] == "." && end + 1 < count && isHandleCharacter(scalars[end + 1])) {
                end += 1
            }
            let isEmailOrURL = end < count && (scalars[end] == "@" || scalars[end] == "\u{FF20}" || startsURLScheme(scalars, at: end))
            let isMention = end > index + 1 && end - index - 1 <= 30 && !isEmailOrURL
            return (isMention ? index..<end : nil, max(end, index + 1))
        }
    }

    /// Tries `match` at every scalar `isMarker` accepts, left to right; `match` says what it found
    /// there, if anything, and where to go on.
    private static func scan(_ scalars: [Unicode.Scalar], at isMarker: (Unicode.Scalar) -> Bool,
                             _ match: (Int) -> (found: Range<Int>?, next: Int)) -> [Range<Int>] {
        var found: [Range<Int>] = []
        var index = 0
        while let marker = scalars[index...].firstIndex(where: isMarker) {
            let result = match(marker)
            if let range = result.found { found.append(range) }
            index = result.next
        }
        return found
    }

    /// `://` at `index`.
    private static func startsURLScheme(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        index + 2 < scalars.count && scalars[index] == ":" && scalars[index + 1] == "/" && scalars[index + 2] == "/"
    }

    private static func isHandleCharacter(_ scalar: Unicode.Scalar) -> Bool {
        TwitterTextCharacters.isASCIIAlphanumeric(scalar.value) || scalar == "_"
    }

    private static let hashtagJoiners: Set<UInt32> = [
        0x5F, 0x200C, 0x200D, 0xA67E, 0x05BE, 0x05F3, 0x05F4, 0xFF5E, 0x301C, 0x309B, 0x309C, 0x30A0, 0x30FB, 0x3003,
        0x0F0B, 0x0F0C, 0x00B7,
    ]

    private static func isHashtagLetter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark:
            return true
        default:
            return false
        }
    }

    private static func isHashtagCharacter(_ scalar: Unicode.Scalar) -> Bool {
        isHashtagLetter(scalar) || scalar.properties.generalCategory == .decimalNumber || hashtagJoiners.contains(scalar.value)
    }
}
