/// Finds emoji sequences (Unicode Technical Standard #51): what a reader sees as one emoji, however
/// many code points it takes. X's twitter-text configuration v3 weighs each sequence as one default
/// weight; Threads counts each emoji by its UTF-8 bytes.
///
/// The grammar follows UTS #51 §1.4 (emoji character with presentation, keycap, modifier, flag, tag
/// and ZWJ sequences) using the Unicode data of the Swift runtime, so sequences newer than the list
/// twitter-text shipped in 2021 count as one emoji too, as X documents ("all emojis count as 2
/// characters, regardless of complexity"). A character whose default presentation is text (`©`,
/// `☺`, `#`, digits) starts a sequence only with U+FE0F, a skin-tone modifier or, for `#`, `*` and
/// digits, a keycap; a character followed by U+FE0E (text presentation) is never an emoji.
enum EmojiSequences {
    static let zeroWidthJoiner: Unicode.Scalar = "\u{200D}"
    static let emojiPresentationSelector: Unicode.Scalar = "\u{FE0F}"
    static let textPresentationSelector: Unicode.Scalar = "\u{FE0E}"
    static let combiningEnclosingKeycap: Unicode.Scalar = "\u{20E3}"
    static let cancelTag: Unicode.Scalar = "\u{E007F}"

    /// The end (exclusive) of the emoji sequence starting at `start`, or `nil` when none starts there.
    static func match(_ scalars: [Unicode.Scalar], at start: Int) -> Int? {
        let count = scalars.count
        guard start < count else { return nil }
        let first = scalars[start]
        // Keycap: [0-9#*] FE0F? 20E3.
        if isKeycapBase(first) {
            var index = start + 1
            if index < count, scalars[index] == emojiPresentationSelector { index += 1 }
            if index < count, scalars[index] == combiningEnclosingKeycap { return index + 1 }
        }
        // Flag: a pair of regional indicators (a lone one is an emoji of its own).
        if isRegionalIndicator(first) {
            if start + 1 < count, isRegionalIndicator(scalars[start + 1]) { return start + 2 }
            return start + 1
        }
        guard var end = element(scalars, at: start, leading: true) else { return nil }
        // Tag sequence: a base, tag characters, CANCEL TAG (the flags of England, Scotland, Wales).
        if end < count, isTagSpec(scalars[end]) {
            var index = end
            while index < count, isTagSpec(scalars[index]) { index += 1 }
            if index < count, scalars[index] == cancelTag { end = index + 1 }
        }
        // ZWJ sequence: elements joined by U+200D.
        while end + 1 < count, scalars[end] == zeroWidthJoiner, let next = element(scalars, at: end + 1, leading: false) {
            end = next
        }
        return end
    }

    /// The end of one emoji element (a character with its presentation selector or skin-tone
    /// modifier), or `nil`. A leading element must look like an emoji on its own; later elements of
    /// a ZWJ sequence may be any emoji character.
    private static func element(_ scalars: [Unicode.Scalar], at index: Int, leading: Bool) -> Int? {
        let scalar = scalars[index]
        guard mayBeEmoji(scalar.value) else { return nil }
        let properties = scalar.properties
        guard properties.isEmoji else { return nil }
        let next = index + 1 < scalars.count ? scalars[index + 1] : nil
        if next == textPresentationSelector { return nil }
        if next == emojiPresentationSelector { return index + 2 }
        if isKeycapBase(scalar) { return nil }
        if properties.isEmojiModifierBase, let modifier = next, modifier.properties.isEmojiModifier { return index + 2 }
        if properties.isEmojiPresentation || (!leading && scalar.value >= 0x80) { return index + 1 }
        return nil
    }

    /// Whether a scalar may have the Emoji property, without looking it up: below U+203C only
    /// `#`, `*`, digits, `©` and `®` have it; then symbols up to U+2B55, four CJK symbols, and the
    /// planes from U+1F000. Latin, Cyrillic, CJK, kana and Hangul text is never looked up.
    static func mayBeEmoji(_ value: UInt32) -> Bool {
        switch value {
        case 0x23, 0x2A, 0x30...0x39, 0xA9, 0xAE, 0x203C...0x2B55, 0x3030, 0x303D, 0x3297, 0x3299, 0x1F000...: true
        default: false
        }
    }

    static func isKeycapBase(_ scalar: Unicode.Scalar) -> Bool {
        (0x30...0x39).contains(scalar.value) || scalar == "#" || scalar == "*"
    }

    static func isRegionalIndicator(_ scalar: Unicode.Scalar) -> Bool {
        (0x1F1E6...0x1F1FF).contains(scalar.value)
    }

    private static func isTagSpec(_ scalar: Unicode.Scalar) -> Bool {
        (0xE0020...0xE007E).contains(scalar.value)
    }
}
