import Foundation
import Testing
@testable import GaffeKit

/// The normalizer and the one-pass matcher, on their own (no packs, no drafts).
struct TermMatcherTests {
    /// The text each match covers.
    private func found(_ keys: [String], in text: String, placement: TermMatcher.Key.Placement = .words) -> [String] {
        let matcher = TermMatcher(keys: keys.enumerated().map { TermMatcher.Key($1, payload: $0, placement: placement) })
        let bytes = Array(text.utf8)
        return matcher.matches(in: text).map { String(decoding: bytes[$0.range], as: UTF8.self) }
    }

    @Test func theAutomatonHasOneStatePerDistinctPrefix() {
        // Its table is sized by this count before the trie is built: a count too small would stop
        // the build, one too large would waste rows.
        var state: UInt64 = 42
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        for round in 0..<50 {
            // Short words over a small alphabet, so prefixes, duplicates and empty phrases occur.
            let phrases: [[UInt8]] = (0..<(round * 3)).map { _ in (0..<next(6)).map { _ in UInt8(ascii: "a") + UInt8(next(3)) } }
            var prefixes: Set<[UInt8]> = [[]]
            for phrase in phrases {
                for length in 0...phrase.count { prefixes.insert(Array(phrase.prefix(length))) }
            }
            #expect(PhraseAutomaton.trieStateCount(phrases) == prefixes.count)
            let automaton = PhraseAutomaton(phrases: phrases, values: Array(phrases.indices))
            #expect(automaton.stateCount == prefixes.count)
        }
    }

    @Test func normalizesCaseQuotesDashesAndCompatibilityForms() {
        #expect(TermMatcher.normalizedText("Killer   Deal") == "killer deal")
        #expect(TermMatcher.normalizedText("don’t") == "don't")
        #expect(TermMatcher.normalizedText("blow‑out") == "blow out")
        #expect(TermMatcher.normalizedText("ＫＩＬＬＥＲ ｄｅａｌ") == "killer deal")
        #expect(TermMatcher.normalizedText("𝐤𝐢𝐥𝐥") == "kill")
        #expect(TermMatcher.normalizedText("ﬁre sale") == "fire sale")
        #expect(TermMatcher.normalizedText("Café") == "cafe")
        #expect(TermMatcher.normalizedText("Cafe\u{301}") == "cafe")
        #expect(TermMatcher.normalizedText("Straße") == "strasse")
        #expect(TermMatcher.normalizedText("kill\u{200B}er") == "killer")
        #expect(TermMatcher.normalizedText("f*ck") == "f*ck")
        #expect(TermMatcher.normalizedText("**bold**") == "bold")
        #expect(TermMatcher.normalizedText("!!!") == nil)
    }

    @Test func phraseWordsKeepTheirPunctuationBreaks() {
        #expect(TermMatcher.wordsWithBreaks(of: "Hell, Michigan") == ["hell", "|", "michigan"])
        #expect(TermMatcher.wordsWithBreaks(of: "Titanic: The Exhibition") == ["titanic", "|", "the", "exhibition"])
        #expect(TermMatcher.wordsWithBreaks(of: "  killer-deal ") == ["killer", "deal"])
    }

    @Test func symbolsThatCensorAWordReadAsAsterisks() {
        #expect(TermMatcher.normalizedText("sh!t") == "sh*t")
        #expect(TermMatcher.normalizedText("f@ck") == "f*ck")
        #expect(TermMatcher.normalizedText("a$$hole") == "a**hole")
        #expect(found(["sh*t"], in: "good sh!t, honestly") == ["sh!t"])
        // Not between two letters, more than three, or inside a hashtag: they keep their meaning.
        #expect(TermMatcher.normalizedText("Wow! Great") == "wow | great")
        #expect(TermMatcher.normalizedText("US$5 and 2!x") == "us 5 and 2 | x")
        #expect(TermMatcher.normalizedText("a!!!!b") == "a | b")
        #expect(TermMatcher.normalizedText("#love#sale") == "love sale")
        #expect(TermMatcher.normalizedText("#wow!great #love@sale") == "wow | great love sale")
        #expect(TermMatcher.normalizedText("email info@brand.com") == "email info brand | com")
        // A short word only, and a small letter after: a missing space after `!` is no censoring.
        #expect(TermMatcher.normalizedText("bullsh!t b!tch today!shop today!Shop") == "bullsh*t b*tch today | shop today | shop")
        // `@` and `$` are no sentence end: any word, but not an address.
        #expect(TermMatcher.normalizedText("motherf@cker F@CK sales@killer.example") == "motherf*cker f*ck sales killer | example")
        #expect(found(["shit", "insane", "guaranteed returns"], in: "Holy shit!Check it. So insane!!!shop now. OMG!Guaranteed returns")
                == ["shit", "insane", "Guaranteed returns"])
    }

    @Test func punctuationBreaksPhrases() {
        #expect(TermMatcher.normalizedText("killer, deal") == "killer | deal")
        #expect(TermMatcher.normalizedText("killer. Deal") == "killer | deal")
        #expect(TermMatcher.normalizedText("killer\ndeal") == "killer deal")
        #expect(TermMatcher.normalizedText("killer\n\ndeal") == "killer | deal")
        #expect(found(["killer deal"], in: "He was a killer. Deal with it; a killer, deal or not").isEmpty)
        #expect(found(["killer deal"], in: "a killer-deal, a killer—deal, a killer\r\ndeal") == ["killer-deal", "killer—deal", "killer\r\ndeal"])
    }

    @Test func matchesWholeWordsOnly() {
        #expect(found(["kill"], in: "skill skills killing kills overkill") == [])
        #expect(found(["kill"], in: "Kill it. kill! (kill) \"kill\" #kill @kill") == ["Kill", "kill", "kill", "kill", "kill"])
        #expect(found(["deal"], in: "deal's dealt ideal") == [])
        #expect(found(["don't"], in: "Don’t, dont, don't") == ["Don’t", "don't"])
    }

    @Test func splitsHashtags() {
        let keys = ["killer deal"]
        #expect(found(keys, in: "#KillerDeal #killer_deal #Killer_Deal #KILLERDeal #killerDEAL") ==
                ["KillerDeal", "killer_deal", "Killer_Deal", "KILLERDeal", "killerDEAL"])
        // One-case hashtags need the joined key, which matches only inside hashtags.
        #expect(found(keys, in: "#KILLERDEAL #killerdeal").isEmpty)
        #expect(found(["killer deal"], in: "#KILLERDEAL #killerdeal #BestKillerdealAlert killerdeal", placement: .insideHashtag) ==
                ["KILLERDEAL", "killerdeal", "Killerdeal"])
        // Not a hashtag: C#, a#b.
        #expect(found(["b"], in: "a#b") == ["b"])
        #expect(found(["sale"], in: "#Top10Sale") == ["Sale"])
    }

    @Test func skipsMentionsAndCashtags() {
        #expect(found(["killer deals"], in: "@killerdeals said $KILLER deals").isEmpty)
        #expect(found(["killer"], in: "email@killer.com is not a mention; Killer yes") == ["killer", "Killer"])
        #expect(found(["killer"], in: "room 2@killer is not a mention either") == ["killer"])
    }

    @Test func mapsMatchesToExactOffsets() {
        let text = "👍🏽 Cafe\u{301} ＫＩＬＬＥＲ deal\r\n#KillerDeal “killer—deal”"
        let matcher = TermMatcher(keys: [TermMatcher.Key("killer deal", payload: 7)])
        let matches = matcher.matches(in: text)
        let bytes = Array(text.utf8)
        #expect(matches.map { String(decoding: bytes[$0.range], as: UTF8.self) } == ["ＫＩＬＬＥＲ deal", "KillerDeal", "killer—deal"])
        #expect(matches.map(\.payload) == [7, 7, 7])
        #expect(matches.map(\.inHashtag) == [false, true, false])
        // A combining accent after the last letter belongs to the match.
        let accent = "the cafe\u{301} menu"
        let range = TermMatcher(keys: [TermMatcher.Key("cafe", payload: 0)]).matches(in: accent)[0].range
        #expect(String(decoding: Array(accent.utf8)[range], as: UTF8.self) == "cafe\u{301}")
    }

    @Test func reportsEveryOverlappingKey() {
        let matcher = TermMatcher(keys: [TermMatcher.Key("killer", payload: 1), TermMatcher.Key("killer deal", payload: 2),
                                         TermMatcher.Key("deal", payload: 3)])
        #expect(Set(matcher.matches(in: "a killer deal").map(\.payload)) == [1, 2, 3])
    }

    @Test func survivesInvalidUTF8AndEmptyText() {
        let bytes: [UInt8] = [0x6B, 0x69, 0x6C, 0x6C, 0x20, 0xFF, 0xC3, 0x20, 0x6B, 0x69, 0x6C, 0x6C]
        let matcher = TermMatcher(keys: [TermMatcher.Key("kill", payload: 0)])
        let ranges = bytes.withUnsafeBufferPointer { matcher.matches(in: $0).map(\.range) }
        #expect(ranges == [0..<4, 8..<12])
        #expect(matcher.matches(in: "").isEmpty)
        #expect(TermMatcher(keys: []).matches(in: "anything").isEmpty)
    }

    @Test func tokensCarryBreaksAndPlaces() {
        let tokens = TermMatcher.tokens(in: "Tag a friend, who? #BestFriend")
        #expect(tokens.map(\.text) == ["tag", "a", "friend", "who", "best", "friend"])
        #expect(tokens.map(\.breakBefore) == [.soft, .soft, .soft, .clause, .sentence, .soft])
        #expect(tokens.map(\.inHashtag) == [false, false, false, false, true, true])
        #expect(tokens[4].range == 20..<24)
    }

    @Test func longKeysAreLeftOut() {
        let long = String(repeating: "word ", count: 60)
        let matcher = TermMatcher(keys: [TermMatcher.Key(long, payload: 0), TermMatcher.Key("kill", payload: 1)])
        #expect(matcher.keyCount == 1)
    }
}

struct InflectorTests {
    let inflector = Inflector.english

    private func forms(_ word: String, _ kinds: InflectionKinds) -> Set<String> {
        Set(inflector.forms(of: word, as: kinds).map(\.word))
    }

    @Test func irregularVerbs() {
        #expect(forms("shoot", .verb) == ["shoots", "shooting", "shot"])
        #expect(forms("blow", .verb) == ["blows", "blowing", "blew", "blown"])
        #expect(forms("slay", .verb) == ["slays", "slaying", "slew", "slayed", "slain"])
        #expect(forms("lie", .verb) == ["lies", "lying", "lay", "lied", "lain"])
        #expect(forms("do", .verb) == ["does", "doing", "did", "done"])
    }

    @Test func regularVerbs() {
        #expect(forms("kill", .verb) == ["kills", "killing", "killed"])
        #expect(forms("die", .verb) == ["dies", "dying", "died"])
        #expect(forms("stab", .verb) == ["stabs", "stabbing", "stabbed"])
        #expect(forms("nuke", .verb) == ["nukes", "nuking", "nuked"])
        #expect(forms("crush", .verb) == ["crushes", "crushing", "crushed"])
        #expect(forms("bury", .verb) == ["buries", "burying", "buried"])
        #expect(forms("target", .verb) == ["targets", "targeting", "targeted"])
        #expect(forms("commit", .verb) == ["commits", "committing", "committed"])
        #expect(forms("slaughter", .verb) == ["slaughters", "slaughtering", "slaughtered"])
    }

    @Test func nouns() {
        #expect(forms("deal", .noun) == ["deals", "deal's"])
        #expect(forms("box", .noun) == ["boxes", "box's"])
        #expect(forms("city", .noun) == ["cities", "city's"])
        #expect(forms("knife", .noun) == ["knives", "knife's"])
        #expect(forms("chairman", .noun) == ["chairmen", "chairman's", "chairmen's"])
        #expect(forms("child", .noun) == ["children", "child's", "children's"])
        #expect(forms("sheep", .noun) == ["sheep's"])
        #expect(forms("human", .noun) == ["humans", "human's"])
    }

    @Test func adjectives() {
        #expect(forms("crazy", .adjective) == ["crazier", "craziest"])
        #expect(forms("big", .adjective) == ["bigger", "biggest"])
        #expect(forms("safe", .adjective) == ["safer", "safest"])
    }

    @Test func onlyPlainWordsInflect() {
        #expect(forms("9/11", .noun).isEmpty)
        #expect(forms("don't", .verb).isEmpty)
        #expect(inflector.inflect("may", to: .thirdPerson) == ["mays"])
        #expect(SensitiveTermRule.inflect("may help with", to: .thirdPerson, like: entry("cure")) == nil)
        #expect(SensitiveTermRule.inflect("send", to: .past, like: entry("shoot")) == "sent")
        #expect(SensitiveTermRule.inflect("wave of savings", to: .plural, like: entry("flood of savings", head: 1)) == "waves of savings")
    }

    private func entry(_ term: String, head: Int? = nil) -> LexiconEntry {
        LexiconEntry(pack: "test", matching: .term(term), category: "violence", severity: .warning, sureness: .medium,
                     suggestions: [], suggestionsAreFixes: true, note: "n", exceptions: [], inflect: [.verb, .noun], head: head,
                     caseSensitive: false, forms: [], events: [], location: PackLocation(path: "t.yml", line: 1))
    }
}

struct TokenPatternTests {
    @Test func expandsAlternativesAndOptions() throws {
        let pattern = try TokenPattern("(like|rt) if [you] agree")
        #expect(pattern.expansions.count == 4)
        #expect(pattern.expansions.contains([.word("rt"), .word("if"), .word("agree")]))
        let gaps = try TokenPattern("tag *{1,3} who <number>")
        #expect(gaps.expansions == [[.word("tag"), .gap(min: 1, max: 3), .word("who"), .number]])
    }

    @Test func rejectsBadPatterns() {
        for (source, fragment) in [("(like|rt if", "never closed"), ("like) if", "unbalanced"), ("* if", "must start with a word"),
                                   ("[maybe] *", "must start with a word"), ("tag *{3,1}", "*{min,max}"), ("comment <emoji>", "<number>"),
                                   ("(a|)", "optional part"), ("(a|b|c|d) (a|b|c|d) (a|b|c|d) (a|b|c|d) (a|b|c|d)", "more than 256")] {
            #expect(throws: TokenPattern.SyntaxError.self, "\(source)") { try TokenPattern(source) }
            do {
                _ = try TokenPattern(source)
            } catch let error as TokenPattern.SyntaxError {
                #expect(error.message.contains(fragment), "\(source): \(error.message)")
            } catch {}
        }
    }

    @Test func matchesTheRestAfterTheAnchor() throws {
        let pattern = try TokenPattern("tag *{1,3} who")
        let (anchor, rest) = TokenPattern.split(pattern.expansions[0])
        #expect(anchor == ["tag"])
        let tokens = TermMatcher.tokens(in: "Tag a best friend who loves coffee")
        #expect(TokenPattern.match(rest[...], in: tokens, from: 1) == 5)
        let tooFar = TermMatcher.tokens(in: "Tag your very best old friend who")
        #expect(TokenPattern.match(rest[...], in: tooFar, from: 1) == nil)
        let broken = TermMatcher.tokens(in: "Tag a friend. Who knows")
        #expect(TokenPattern.match(rest[...], in: broken, from: 1) == nil)
    }

    @Test func aNumberMayHaveItsUnitWrittenOn() throws {
        let pattern = try TokenPattern("lose <number> (kg|lbs) in")
        for (text, end) in [("Lose 5 kg in a week", 4), ("Lose 5kg in a week", 3), ("lose 10lbs in a month", 3)] {
            let tokens = TermMatcher.tokens(in: text)
            let matched = pattern.expansions.compactMap { TokenPattern.match(TokenPattern.split($0).rest[...], in: tokens, from: 1) }
            #expect(matched == [end], "\(text)")
        }
        for text in ["Lose 5g in a week", "Lose kg in a week", "Lose 5kgs in a week", "Lose five kg in a week"] {
            let tokens = TermMatcher.tokens(in: text)
            #expect(pattern.expansions.allSatisfy { TokenPattern.match(TokenPattern.split($0).rest[...], in: tokens, from: 1) == nil }, "\(text)")
        }
    }
}
