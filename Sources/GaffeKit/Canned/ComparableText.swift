/// Text reduced to what makes two posts the same post: the lexicon normalizer's folded words
/// (Unicode compatibility forms, case folded, hashtags split into words, @mentions and $cashtags
/// left out), one space between words, and every number (`20`, `19.99`, `2,000`) written `0`, so "20% off with
/// SAVE20" and "25% off with SAVE25" read alike. Callers pass the draft's prose, in which URLs
/// are already blanked.
///
/// ```swift
/// ComparableText.normalized("@sam Get 20% OFF today! #SpringSale https://x.co/1") // "get 0 off today spring sale"
/// ```
enum ComparableText {
    /// The normalized UTF-8 bytes of a text.
    static func normalized(_ text: String) -> [UInt8] {
        var sink = Sink()
        TextNormalizer.run(text, into: &sink)
        return sink.bytes
    }

    private struct Sink: NormalizedTextSink {
        var bytes: [UInt8] = []
        private var pendingSpace = false
        private var inDigits = false

        @inline(__always)
        private mutating func append(_ byte: UInt8) {
            if pendingSpace {
                if !bytes.isEmpty { bytes.append(0x20) }
                pendingSpace = false
            }
            if byte >= 0x30, byte <= 0x39 {
                if !inDigits { bytes.append(UInt8(ascii: "0")) }
                inDigits = true
            } else if inDigits, byte == UInt8(ascii: ",") || byte == UInt8(ascii: ".") {
                // A separator inside a number (`19.99`, `2,000`) is left out: the number goes on,
                // and stays one `0`.
            } else {
                bytes.append(byte)
                inDigits = false
            }
        }

        mutating func wordByte(_ byte: UInt8, from start: Int, to end: Int, inHashtag: Bool) {
            append(byte)
        }

        mutating func asciiWordRun(_ bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>) {
            for index in range { append(bytes[index] | 0x20) }
        }

        mutating func extendLastWordByte(to end: Int) {}

        mutating func wordBreak(_ strength: WordBreak, isEnd: Bool) {
            pendingSpace = true
            inDigits = false
        }
    }
}

/// The template of a reply: the words that stay the same when a care team pastes it to many
/// people. On top of `ComparableText`'s normalization (mentions, URLs, numbers and order ids such
/// as `A12345` or `#4411` fall away), names are left out: an opening salutation ("Hi Sarah,",
/// "Sarah, we're sorry") falls away whole, a capitalized word after a greeting later on ("Thanks
/// Tom") becomes `<name>`, and an agent's sign-off at the end ("^JD", "- Sam", "~Alex") is dropped.
///
/// ```swift
/// ReplyTemplate.key(of: "@jo Hi Jo, so sorry! DM us order #A1234 ^KT")   // same as for
/// ReplyTemplate.key(of: "@al Hi Al, so sorry! DM us order #B9 ^MB")
/// ```
enum ReplyTemplate {
    /// Whether a draft's text is a reply: it starts with an @mention.
    static func isReply(_ text: String) -> Bool {
        for byte in text.utf8 {
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0D: continue
            case UInt8(ascii: "@"): return true
            default: return false
            }
        }
        return false
    }

    /// Words that follow a greeting without being a name.
    static let notNames: Set<String> = ["there", "team", "all", "everyone", "everybody", "folks", "friend", "friends", "again",
                                        "for", "so", "and", "we", "i", "you", "guys", "y'all", "both", "once"]
    static let greetings: Set<String> = ["hi", "hello", "hey", "dear", "thanks", "thank", "sorry", "morning", "afternoon",
                                         "evening", "hiya", "heya", "greetings", "welcome"]

    /// The template's words, joined by spaces; empty when nothing is left.
    static func words(of prose: String) -> [String] {
        let text = withoutNumbers(prose)
        let tokens = TermMatcher.tokens(in: text)
        guard !tokens.isEmpty else { return [] }
        let bytes = Array(text.utf8)
        func isCapitalized(_ token: NormalizedToken) -> Bool {
            guard let first = bytes[token.range].first else { return false }
            if first < 0x80 { return first >= 0x41 && first <= 0x5A }
            return String(decoding: bytes[token.range], as: UTF8.self).first?.isUppercase == true
        }
        var words: [String] = []
        var lastSignOff = tokens.count
        // An agent's sign-off: one or two words after ^, ~, / or a dash at the very end.
        if let last = tokens.last, last.text.count <= 12 {
            var start = tokens.count - 1
            if start > 0, tokens[start].breakBefore == .soft, tokens[start - 1].text.count <= 12,
               signOffMark(before: tokens[start - 1].range.lowerBound, in: bytes) { start -= 1 }
            if signOffMark(before: tokens[start].range.lowerBound, in: bytes) { lastSignOff = start }
        }
        for (index, token) in tokens[..<lastSignOff].enumerated() {
            if token.text.utf8.contains(where: { $0 >= 0x30 && $0 <= 0x39 }) {
                words.append("0")
                continue
            }
            let afterGreeting = index > 0 && greetings.contains(tokens[index - 1].text) && token.breakBefore == .soft
            let addressed = index == 0 && tokens.count > 1 && tokens[1].breakBefore == .clause && !greetings.contains(token.text)
            if (afterGreeting || addressed), isCapitalized(token), !notNames.contains(token.text) {
                // An opening salutation ("Hi Sam,", "Sarah,") falls away whole, so "Hi Sam, we
                // apologize…" and "We apologize…" are one template; a name later stays a slot.
                if addressed || (index == 1 && words.count == 1) {
                    words.removeAll()
                } else {
                    words.append("<name>")
                }
                continue
            }
            words.append(token.text)
        }
        return words
    }

    /// The text with every space-separated chunk that holds a digit (`#A1234`, `20%`, `SAVE20`,
    /// `ORD-5521`) written as `0`, so order ids and numbers compare equal however they are split.
    static func withoutNumbers(_ text: String) -> String {
        let bytes = Array(text.utf8)
        guard bytes.contains(where: { $0 >= 0x30 && $0 <= 0x39 }) else { return text }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count, !isSpace(bytes[end]) { end += 1 }
            let chunk = bytes[start..<end]
            if chunk.contains(where: { $0 >= 0x30 && $0 <= 0x39 }) {
                output.append(UInt8(ascii: "0"))
                // Keep a sentence end after the number ("order 1234.").
                if let last = chunk.last, [UInt8(ascii: "."), UInt8(ascii: "!"), UInt8(ascii: "?"), UInt8(ascii: ",")].contains(last) { output.append(last) }
            } else {
                output += chunk
            }
            var next = end
            while next < bytes.count, isSpace(bytes[next]) { next += 1 }
            output += bytes[end..<next]
            start = next
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// A stable 64-bit key for a reply's template.
    static func key(ofWords words: [String]) -> UInt64 {
        StableHash.hash(words.joined(separator: " "))
    }

    /// Whether the last non-space byte before `offset` marks a sign-off: `^` or `~`, or a slash
    /// or dash with a space before it (so the end of "well-known" is no sign-off).
    private static func signOffMark(before offset: Int, in bytes: [UInt8]) -> Bool {
        var index = offset - 1
        while index >= 0, bytes[index] == 0x20 { index -= 1 }
        guard index >= 0 else { return false }
        var markStart = index
        switch bytes[index] {
        case UInt8(ascii: "^"), UInt8(ascii: "~"): return true
        case UInt8(ascii: "/"), UInt8(ascii: "-"): break
        case 0x93 where index >= 2 && bytes[index - 2] == 0xE2 && bytes[index - 1] == 0x80: markStart = index - 2 // –
        case 0x94 where index >= 2 && bytes[index - 2] == 0xE2 && bytes[index - 1] == 0x80: markStart = index - 2 // —
        default: return false
        }
        return markStart > 0 && bytes[markStart - 1] == 0x20
    }
}
