/// Finds the parts of a draft's text that are not prose: URLs, e-mail addresses and domain names.
/// Prose rules (placeholders aside) look at `Draft.prose`, where these are blanked with spaces of
/// the same byte length, so offsets still line up with `Draft.text`.
public enum ProseMask {
    /// Byte ranges of URLs (`https://…`, `www.…`) and e-mail addresses in `text`.
    public static func urlRanges(in text: String) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var copy = text
        copy.withUTF8 { bytes in
            let count = bytes.count
            var i = 0
            while i < count {
                let byte = bytes[i]
                var start: Int?
                // scheme://
                if byte == 0x3A, i + 2 < count, bytes[i + 1] == 0x2F, bytes[i + 2] == 0x2F {
                    var s = i
                    while s > 0, isSchemeByte(bytes[s - 1]) { s -= 1 }
                    if s < i { start = s }
                } else if (byte == 0x77 || byte == 0x57), i + 3 < count, (i == 0 || !isWordByte(bytes[i - 1])),
                          bytes[i + 1] | 0x20 == 0x77, bytes[i + 2] | 0x20 == 0x77, bytes[i + 3] == 0x2E {
                    start = i
                } else if byte == 0x40, i > 0, isWordByte(bytes[i - 1]), i + 1 < count, isWordByte(bytes[i + 1]) {
                    // local@domain.tld: only an e-mail address when a dot follows in the domain.
                    var s = i
                    while s > 0, isEmailLocalByte(bytes[s - 1]) { s -= 1 }
                    var e = i + 1
                    var sawDot = false
                    while e < count, isWordByte(bytes[e]) || bytes[e] == 0x2D || (bytes[e] == 0x2E && e + 1 < count && isWordByte(bytes[e + 1])) {
                        if bytes[e] == 0x2E { sawDot = true }
                        e += 1
                    }
                    if sawDot, s < i {
                        ranges.append(s..<e)
                        i = e
                        continue
                    }
                }
                if let s = start {
                    var e = i
                    while e < count, !isURLTerminator(bytes[e]) { e += 1 }
                    // Trailing punctuation belongs to the sentence, not the URL.
                    while e > s, [0x2E, 0x2C, 0x3B, 0x3A, 0x21, 0x3F, 0x27, 0x22, 0x29].contains(bytes[e - 1]) {
                        if bytes[e - 1] == 0x29, bytes[s..<e].contains(0x28) { break }
                        e -= 1
                    }
                    if let last = ranges.last, last.upperBound > s {
                        i = max(i + 1, e)
                        continue
                    }
                    ranges.append(s..<e)
                    i = e
                    continue
                }
                i += 1
            }
        }
        return ranges
    }

    /// `text` with URL and e-mail ranges replaced by spaces of the same byte length.
    public static func blankingURLs(in text: String) -> String {
        let ranges = urlRanges(in: text)
        guard !ranges.isEmpty else { return text }
        var bytes = Array(text.utf8)
        for range in ranges {
            for index in range { bytes[index] = 0x20 }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func isSchemeByte(_ byte: UInt8) -> Bool {
        (0x61...0x7A).contains(byte) || (0x41...0x5A).contains(byte) || (0x30...0x39).contains(byte) || byte == 0x2B || byte == 0x2D || byte == 0x2E
    }

    static func isWordByte(_ byte: UInt8) -> Bool {
        (0x61...0x7A).contains(byte) || (0x41...0x5A).contains(byte) || (0x30...0x39).contains(byte) || byte == 0x5F || byte >= 0x80
    }

    private static func isEmailLocalByte(_ byte: UInt8) -> Bool {
        isWordByte(byte) || byte == 0x2E || byte == 0x2D || byte == 0x2B
    }

    private static func isURLTerminator(_ byte: UInt8) -> Bool {
        byte <= 0x20 || byte == 0x3C || byte == 0x3E || byte == 0x22 || byte == 0x60 || byte == 0x7B || byte == 0x7D || byte == 0x7C || byte == 0x5C || byte == 0x5E
    }
}
