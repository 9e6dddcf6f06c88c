import Foundation
import Testing
@testable import GaffeKit

/// Each platform's unit on the same texts, where they must differ, and where a text first goes over.
struct LengthUnitTests {
    private func count(_ text: String, _ unit: LengthUnit) -> Int {
        unit.measure(text[...], budget: LengthUnit.unbounded).count
    }

    @Test func unitsDisagreeOnEmojiAndCombiningMarks() {
        // A thumbs-up with a skin tone, then "e" with a combining acute accent.
        let text = "👍🏽e\u{301}"
        #expect(count(text, .graphemes) == 2)
        #expect(count(text, .codePoints) == 4)
        #expect(count(text, .utf16) == 6)
        #expect(count(text, .bytes) == 11)
        // Threads: the emoji by its 8 bytes, then two code points.
        #expect(count(text, .threads) == 10)
        // X: one emoji sequence (2), then "é" after NFC (1).
        #expect(count(text, .weighted) == 3)
        #expect(count(text, .mastodon) == 2)
    }

    @Test func xWeighsScriptsDifferently() {
        #expect(count("Hello", .weighted) == 5)
        #expect(count("Привет", .weighted) == 6)
        #expect(count("日本語", .weighted) == 6)
        #expect(count("한국어", .weighted) == 6)
        #expect(count("“quoted” — dash", .weighted) == 15)
        #expect(count("→ ★", .weighted) == 5)
        #expect(count("👨‍👩‍👧‍👦", .weighted) == 2)
        #expect(count("🇯🇵🏴󠁧󠁢󠁳󠁣󠁴󠁿", .weighted) == 4)
    }

    @Test func xNormalizesBeforeCounting() {
        // "e" + COMBINING ACUTE is one "é" after NFC; U+212B ANGSTROM SIGN becomes Å (1, not 2).
        #expect(count("Cafe\u{301}", .weighted) == 4)
        #expect(count("\u{212B}", .weighted) == 1)
        // Hebrew presentation form U+FB2C decomposes into three code points of weight 1.
        #expect(count("\u{FB2C}", .weighted) == 3)
        // Graphemes are the same either way.
        #expect(count("Cafe\u{301}", .graphemes) == 4)
        #expect(count("Cafe\u{301}", .codePoints) == 5)
    }

    @Test func xCountsEveryURLAs23() {
        #expect(count("https://example.com/a/very/long/path/that/goes/on/and/on/for/ever.html", .weighted) == 23)
        #expect(count("http://t.co", .weighted) == 23)
        // Without a protocol, a known top-level domain makes it a URL.
        #expect(count("example.com", .weighted) == 23)
        #expect(count("see bit.ly/abc and example.co.uk", .weighted) == 4 + 23 + 5 + 23)
        // An unknown top-level domain does not.
        #expect(count("example.notatld", .weighted) == 15)
        // A file name is not a URL either.
        #expect(count("archive.tar.bz2", .weighted) == 15)
        // An e-mail address is not a URL.
        #expect(count("me@example.com", .weighted) == 14)
    }

    @Test func mastodonShortensOnlyLinksWithAProtocolAndRemoteMentions() {
        let longLink = "https://example.com/" + String(repeating: "p", count: 100)
        #expect(count("Read \(longLink) now", .mastodon) == 5 + 23 + 4)
        #expect(count("Read example.com now", .mastodon) == 20)
        #expect(count("Hi @alice@mastodon.example, welcome", .mastodon) == "Hi @alice, welcome".count)
        #expect(count("Hi @alice, welcome", .mastodon) == 18)
        #expect(count("mail me at bob@example.com", .mastodon) == 26)
    }

    @Test func threadsCountsEmojiAsTheirBytes() {
        #expect(count("Hi 👋", .threads) == 3 + 4)
        #expect(count("Hi 👋🏽", .threads) == 3 + 8)
        #expect(count("日本", .threads) == 2)
        // A text-style character with no emoji presentation counts as one character.
        #expect(count("™ ©", .threads) == 3)
    }

    @Test func overflowPointsAtTheFirstClusterThatDoesNotFit() {
        // Budget 1: "👍🏽" fits, "é" starts at byte 8.
        #expect(LengthUnit.graphemes.measure("👍🏽e\u{301}"[...], budget: 1) == LengthMeasurement(count: 2, overflowOffset: 8))
        // UTF-16: the emoji alone is 4 units, so with budget 3 it is the first that does not fit.
        #expect(LengthUnit.utf16.measure("👍🏽e"[...], budget: 3).overflowOffset == 0)
        #expect(LengthUnit.bytes.measure("ab日"[...], budget: 4).overflowOffset == 2)
        // X: "q" fits; its combining accent does not, and the finding starts at the whole "q́".
        #expect(LengthUnit.weighted.measure("q\u{301}"[...], budget: 1).overflowOffset == 0)
        // X: a URL that crosses the budget overflows as a whole.
        let text = String(repeating: "a", count: 270) + " https://example.com/x"
        #expect(LengthUnit.weighted.measure(text[...], budget: 280) == LengthMeasurement(count: 294, overflowOffset: 271))
        #expect(LengthUnit.weighted.measure(text[...], budget: 300).overflowOffset == nil)
    }

    @Test func aNegativeBudgetOverflowsAtOnce() {
        #expect(LengthUnit.graphemes.measure("abc"[...], budget: -1).overflowOffset == 0)
        #expect(LengthUnit.weighted.measure("abc"[...], budget: -5).overflowOffset == 0)
        #expect(LengthUnit.weighted.measure(""[...], budget: -5) == LengthMeasurement(count: 0, overflowOffset: nil))
    }

    /// Texts that stress every unit's bound: emoji, CJK, combining marks, NFC expansions, links.
    static let stressTexts = [
        "", "plain ascii", "日本語のテキスト、句読点。", "👨‍👩‍👧‍👦🇯🇵🏴󠁧󠁢󠁳󠁣󠁴󠁿👍🏽", "e\u{301}\u{302}\u{303}", "\u{FB2C}\u{FB2C}\u{FB2C}",
        "\u{1D15E}\u{1D160}", "t.co a.co x.jp go.to", "https://a.co http://b.de/x https://t.co/abc", "mail a@b.co",
        "\u{0958}\u{0959}\u{095A}", "ﬀ ﬁ ﬂ", "𝐁𝐨𝐥𝐝 𝑰𝒕𝒂𝒍𝒊𝒄", "한국어 각", "Ω Å K",
    ]

    @Test(arguments: LengthUnit.allCases)
    func theFastBoundNeverUndercounts(_ unit: LengthUnit) {
        for text in Self.stressTexts {
            let bound = unit.upperBound(text[...])
            let exact = count(text, unit)
            #expect(bound >= exact, "\(unit) bound \(bound) < count \(exact) for \(text.debugDescription)")
        }
    }

    @Test func musicalSymbolsThatNFCExpandsDisableTheBound() {
        // U+1D160 (MUSICAL SYMBOL EIGHTH NOTE) is 4 bytes and becomes three code points of weight 2.
        #expect(count("\u{1D160}", .weighted) == 6)
        #expect(LengthUnit.weighted.upperBound("\u{1D160}"[...]) == LengthUnit.unbounded)
    }

    @Test func marksCountWhatBoundsTheCount() {
        let marks = TextMarks("Hi @ana ＠bo #a ＃b see https://x.co/a and y.jp. Ņoël Ɇ…\r\n"[...])
        #expect(marks.atSigns == 2)
        #expect(marks.hashes == 2)
        #expect(marks.protocolSeparators == 1)
        #expect(marks.domainDots == 2)
        #expect(marks.hasCarriageReturn)
        // Ņ (C5 85) and Ɇ (C9 86) hold the bytes 0x85 and 0x86 but are not the musical symbols NFC expands.
        #expect(!marks.expandsUnderNFC)
        #expect(TextMarks("\u{1D15E}"[...]).expandsUnderNFC)
    }

    @Test func boundIsTightForPlainText() {
        #expect(LengthUnit.weighted.upperBound("Hello world. Bye."[...]) == 17)
        #expect(LengthUnit.weighted.upperBound("see example.com"[...]) == 15 + 23)
        #expect(LengthUnit.mastodon.upperBound("see example.com"[...]) == 15)
        #expect(LengthUnit.mastodon.upperBound("see https://example.com"[...]) == 23 + 23)
    }
}

/// Emoji sequences as one unit (UTS #51), Punycode (RFC 3492), and the scanners for hashtags and mentions.
struct LengthScannerTests {
    private func emoji(_ text: String) -> Int? {
        EmojiSequences.match(Array(text.unicodeScalars), at: 0)
    }

    @Test func emojiSequences() {
        #expect(emoji("1⃣") == 2)
        #expect(emoji("1️⃣") == 3)
        #expect(emoji("#️⃣x") == 3)
        #expect(emoji("1") == nil)
        #expect(emoji("©") == nil)
        #expect(emoji("©️") == 2)
        #expect(emoji("☺") == nil)
        #expect(emoji("☺️") == 2)
        #expect(emoji("👍\u{FE0E}") == nil)
        #expect(emoji("👍🏽") == 2)
        #expect(emoji("☝🏽") == 2)
        #expect(emoji("🏽") == 1)
        #expect(emoji("🇯🇵🇫🇷") == 2)
        #expect(emoji("🇯") == 1)
        #expect(emoji("🏴󠁧󠁢󠁳󠁣󠁴󠁿") == 7)
        #expect(emoji("👨‍👩‍👧") == 5)
        #expect(emoji("❤️‍🔥") == 4)
        #expect(emoji("🧑‍🤝‍🧑") == 5)
        #expect(emoji("👋‍a") == 1)
    }

    @Test func theEmojiShortcutSkipsNoEmoji() {
        // `mayBeEmoji` lets Latin, CJK and Hangul text skip the Unicode property lookup; it must
        // never skip a scalar that has the Emoji property.
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value), scalar.properties.isEmoji else { continue }
            #expect(EmojiSequences.mayBeEmoji(value), "U+\(String(value, radix: 16, uppercase: true)) is an emoji character")
        }
    }

    @Test func punycodeMatchesRFC3492() {
        func encode(_ label: String) -> String? { Punycode.encode(label.unicodeScalars) }
        #expect(encode("bücher") == "bcher-kva")
        #expect(encode("münchen") == "mnchen-3ya")
        #expect(encode("みんな") == "q9jyb4c")
        #expect(encode("他们为什么不说中文") == "ihqwcrb4cv8a8dqg056pqjye")
        #expect(encode("ليهمابتكلموشعربي؟") == "egbpdaj6bu4bxfgehfvwxn")
        #expect(encode("пример") == "e1afmkfd")
        #expect(encode("✪df") == "df-oiy")
        #expect(encode("elpaís") == "elpas-2sa")
    }

    @Test func hostLabelsAreMeasuredInTheirASCIIForm() {
        func length(_ label: String) -> Int? { TwitterTextURLs.asciiLength(of: Array(label.unicodeScalars)) }
        #expect(length("example") == 7)
        #expect(length("ELPAÍS") == "xn--elpas-2sa".count)
        #expect(length("ｅｘａｍｐｌｅ") == 7)
        #expect(length("xn--はじめよう") == nil)
    }

    private func hashtags(_ text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        return TextEntities.hashtags(in: scalars).map { String(String.UnicodeScalarView(scalars[$0])) }
    }

    @Test func hashtagsFollowTwitterText() {
        #expect(hashtags("#coffee and #latte_art, #日本 #café") == ["#coffee", "#latte_art", "#日本", "#café"])
        // Not hashtags: numbers only, inside words, HTML entities, keycaps, URL fragments, chains.
        #expect(hashtags("#2026 we#ird &#39; #️⃣ https://example.com/#anchor #a#b") == [])
        #expect(hashtags("＃fullwidth") == ["＃fullwidth"])
    }

    private func mentions(_ text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        return TextEntities.mentions(in: scalars).map { String(String.UnicodeScalarView(scalars[$0])) }
    }

    @Test func mentionsSkipEmailAddresses() {
        #expect(mentions("Thanks @acme.coffee and @bob_92!") == ["@acme.coffee", "@bob_92"])
        #expect(mentions("mail hello@acme.com or @bob@mastodon.social") == [])
    }
}
