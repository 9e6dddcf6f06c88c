/// One place where a lexicon entry matches, after exceptions, the allow list and overlaps.
public struct LexiconMatch: Sendable, Hashable {
    /// The entry's index in `Lexicon.entries`.
    public var entry: Int
    /// UTF-8 offsets in the text that was searched.
    public var range: Range<Int>
    /// Which form of the term matched (`shooting` is the present participle of `shoot`).
    public var form: WordForm
    /// Whether the match is part of a hashtag (so a replacement would break the tag).
    public var inHashtag: Bool
}

/// Packs compiled for matching: every term, inflected form, exception and allowed phrase of every
/// pack goes into one `TermMatcher`, so a text is scanned once whatever the number of packs.
///
/// After the scan, a match is dropped when an exception of its own entry covers it (`photo shoot`
/// for `shoot`), when an allowed phrase covers it (quoted-only phrases must be inside quotation
/// marks), or when a longer match overlaps it (`killer deal` wins over `killer`).
public final class Lexicon: Sendable {
    public let kind: PackKind
    /// The packs compiled in, in order (later packs override earlier entries with the same term).
    public let packs: [LexiconPack]
    public let vocabulary: CategoryVocabulary
    /// The entries in effect.
    public let entries: [LexiconEntry]
    public let allowed: [AllowedPhrase]

    private enum Role: Sendable {
        /// A surface form of an entry; `continuation` indexes the rest of a pattern, or -1.
        case term(entry: Int32, form: WordForm, continuation: Int32)
        /// An exception of an entry; `continuation` indexes the rest after a `<number>`, or -1.
        case exception(entry: Int32, continuation: Int32)
        case allowed(Int32)
    }

    private let roles: [Role]
    private let continuations: [[TokenPattern.Element]]
    private let matcher: TermMatcher
    private let hasExceptionsOrAllowed: Bool
    /// `entries[i].caseSensitive`, kept apart so a match never copies an entry.
    private let caseSensitive: [Bool]

    /// Compiles packs.
    /// - Parameters:
    ///   - include: entries to keep (categories switched off are left out here, so they never
    ///     shadow another match).
    public init(kind: PackKind, packs: [LexiconPack], vocabulary: CategoryVocabulary, allowed: [AllowedPhrase] = [],
                inflector: Inflector = .english, include: (LexiconEntry) -> Bool = { _ in true }) {
        self.kind = kind
        self.packs = packs
        self.vocabulary = vocabulary
        self.allowed = allowed

        // Later packs override entries with the same term.
        var entries: [LexiconEntry] = []
        var indexByTerm: [String: Int] = [:]
        for pack in packs {
            for entry in pack.entries {
                let key = entry.isPattern ? "pattern:\(entry.text)" : "term:" + (TermMatcher.normalizedText(entry.text) ?? entry.text)
                if let index = indexByTerm[key] {
                    entries[index] = entry
                } else {
                    indexByTerm[key] = entries.count
                    entries.append(entry)
                }
            }
        }
        entries = entries.filter(include)
        self.entries = entries
        caseSensitive = entries.map(\.caseSensitive)

        var keys: [(words: [UInt8], payload: Int, placement: TermMatcher.Key.Placement)] = []
        var roles: [Role] = []
        var continuations: [[TokenPattern.Element]] = []
        var claimed: Set<[String]> = []
        func add(_ words: [String], _ role: Role, hashtagToo: Bool) {
            let phrase = Array(words.joined(separator: " ").utf8)
            keys.append((phrase, roles.count, .words))
            roles.append(role)
            if hashtagToo, words.count > 1 {
                keys.append((phrase, roles.count, .insideHashtag))
                roles.append(role)
            }
        }
        let forms = entries.map { LexiconForms.surfaceForms(of: $0, inflector: inflector) }
        // Written forms first: a generated inflection never takes a phrase another entry lists.
        // Only written forms are looked for inside one-case hashtags (#KILLERDEAL): inflected
        // phrases run together are rare there, and each costs automaton states.
        for pass in [true, false] {
            for (index, entryForms) in forms.enumerated() {
                for surface in entryForms where surface.isExplicit == pass && claimed.insert(surface.words).inserted {
                    add(surface.words, .term(entry: Int32(index), form: surface.form, continuation: -1), hashtagToo: pass)
                }
            }
        }
        for (index, entry) in entries.enumerated() {
            if entry.isPattern {
                for expansion in LexiconForms.patternExpansions(of: entry, inflector: inflector) {
                    let (anchor, rest) = TokenPattern.split(expansion)
                    var continuation: Int32 = -1
                    if !rest.isEmpty {
                        continuation = Int32(continuations.count)
                        continuations.append(rest)
                    }
                    add(anchor, .term(entry: Int32(index), form: .base, continuation: continuation), hashtagToo: rest.isEmpty)
                }
            }
            // Exceptions are not looked for inside one-case hashtags: a single-word term there must be
            // the whole tag, so only a multi-word term's exception could apply, and each costs states.
            for variant in LexiconForms.exceptionVariants(of: entry, inflector: inflector) {
                guard let (anchor, rest) = LexiconForms.numberedException(variant) else {
                    for words in Lexicon.withAndWithoutBreaks(variant) {
                        add(words, .exception(entry: Int32(index), continuation: -1), hashtagToo: false)
                    }
                    continue
                }
                // One that cannot be matched (`gaffe lexicon lint` says why) is left out.
                guard !anchor.isEmpty else { continue }
                for words in Lexicon.withAndWithoutBreaks(anchor) {
                    add(words, .exception(entry: Int32(index), continuation: Int32(continuations.count)), hashtagToo: false)
                }
                continuations.append(rest)
            }
        }
        for (index, phrase) in allowed.enumerated() {
            let words = TermMatcher.wordsWithBreaks(of: phrase.phrase)
            // A phrase with punctuation is looked for with it and without it; only the second can
            // be inside a hashtag (`#KillBillVol1`).
            for variant in Lexicon.withAndWithoutBreaks(words) where !variant.isEmpty {
                add(variant, .allowed(Int32(index)), hashtagToo: !variant.contains(TermMatcher.clauseBreak))
            }
        }
        self.roles = roles
        self.continuations = continuations
        matcher = TermMatcher(normalizedKeys: keys)
        hasExceptionsOrAllowed = roles.contains { if case .term = $0 { false } else { true } }
    }

    /// Words with punctuation breaks (`hell | michigan`), then the same words without them, for
    /// an exception or allowed phrase written with punctuation: it matches text punctuated the
    /// same way or not at all. Just the words when they have no break.
    static func withAndWithoutBreaks(_ words: [String]) -> [[String]] {
        guard words.contains(TermMatcher.clauseBreak) else { return [words] }
        return [words, words.filter { $0 != TermMatcher.clauseBreak }]
    }

    /// The category of an entry.
    public func category(of entry: LexiconEntry) -> LexiconCategory? {
        vocabulary[entry.category]
    }

    /// The size of the compiled automaton: phrases (keys), states and byte classes.
    public var statistics: (keys: Int, states: Int, classes: Int) {
        (matcher.keyCount, matcher.stateCount, matcher.classCount)
    }

    /// The matches in a text, in order.
    public func find(in text: String) -> [LexiconMatch] {
        var copy = text
        return copy.withUTF8 { find(in: $0, text: text) }
    }

    /// The matches in a draft's prose, leaving out those that run across a link or address the
    /// prose blanked: in "Shoot https://acme.example/help us a DM" the words around the link are
    /// not the phrase "shoot us a DM".
    public func find(inProseOf draft: Draft) -> [LexiconMatch] {
        let matches = find(in: draft.prose)
        // Without a link the prose is the text itself, and the comparison is of two references.
        guard !matches.isEmpty, draft.prose != draft.text else { return matches }
        let text = Array(draft.text.utf8)
        let prose = Array(draft.prose.utf8)
        return matches.filter { match in !match.range.contains { text[$0] != prose[$0] } }
    }

    /// The matches in UTF-8 bytes, in order.
    public func find(in bytes: UnsafeBufferPointer<UInt8>) -> [LexiconMatch] {
        find(in: bytes, text: nil)
    }

    private struct Candidate {
        var entry: Int
        var range: Range<Int>
        var form: WordForm
        var inHashtag: Bool
    }

    private func find(in bytes: UnsafeBufferPointer<UInt8>, text: String?) -> [LexiconMatch] {
        let raw = matcher.matches(in: bytes)
        guard !raw.isEmpty else { return [] }
        var candidates: [Candidate] = []
        var exceptions: [(entry: Int, range: Range<Int>)] = []
        var allowedRanges: [(index: Int, range: Range<Int>)] = []
        var tokens: [NormalizedToken]?
        // The range of a match extended over the rest of its pattern or numbered exception; `nil`
        // when the words that follow do not fit it.
        func extended(_ range: Range<Int>, by continuation: Int32) -> Range<Int>? {
            guard continuation >= 0 else { return range }
            if tokens == nil { tokens = TermMatcher.tokens(in: text ?? String(decoding: bytes, as: UTF8.self)) }
            guard let all = tokens, let last = all.firstIndex(where: { $0.range.upperBound == range.upperBound }),
                  let end = TokenPattern.match(continuations[Int(continuation)][...], in: all, from: last + 1) else { return nil }
            return end > last + 1 ? range.lowerBound..<all[end - 1].range.upperBound : range
        }
        for match in raw {
            switch roles[match.payload] {
            case .term(let entryIndex, let form, let continuation):
                guard let range = extended(match.range, by: continuation) else { continue }
                if caseSensitive[Int(entryIndex)], !Lexicon.caseMatches(entries[Int(entryIndex)].text, bytes, range) { continue }
                candidates.append(Candidate(entry: Int(entryIndex), range: range, form: form, inHashtag: match.inHashtag))
            case .exception(let entryIndex, let continuation):
                guard let range = extended(match.range, by: continuation) else { continue }
                exceptions.append((Int(entryIndex), range))
            case .allowed(let index):
                if !allowed[Int(index)].quotedOnly || Lexicon.isQuoted(match.range, in: bytes) {
                    allowedRanges.append((Int(index), match.range))
                }
            }
        }
        if hasExceptionsOrAllowed {
            // A match its own entry excepts takes the other matches inside it along (shorter ones, or
            // another entry's of the same words): "let it cure for" excepts `cure for`, and so `cure`.
            var excepted: [Range<Int>] = []
            candidates.removeAll { candidate in
                if allowedRanges.contains(where: { $0.range.covers(candidate.range) }) { return true }
                guard exceptions.contains(where: { $0.entry == candidate.entry && $0.range.covers(candidate.range) }) else { return false }
                excepted.append(candidate.range)
                return true
            }
            if !excepted.isEmpty {
                candidates.removeAll { candidate in excepted.contains { $0.covers(candidate.range) } }
            }
        }
        if candidates.count == 1 {
            let only = candidates[0]
            return [LexiconMatch(entry: only.entry, range: only.range, form: only.form, inHashtag: only.inHashtag)]
        }
        // Longest match first where matches overlap.
        candidates.sort { ($0.range.lowerBound, -$0.range.count, $0.entry) < ($1.range.lowerBound, -$1.range.count, $1.entry) }
        var result: [LexiconMatch] = []
        var end = Int.min
        for candidate in candidates where candidate.range.lowerBound >= end {
            result.append(LexiconMatch(entry: candidate.entry, range: candidate.range, form: candidate.form, inHashtag: candidate.inHashtag))
            end = candidate.range.upperBound
        }
        return result
    }

    /// Whether the letters at `range` are cased as `term` is written: all capitals for a term in
    /// capitals (`ISIS`), else the same letters as far as the term goes (`Nazi`, `Nazis`).
    static func caseMatches(_ term: String, _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        let found = String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self).filter(\.isLetter)
        let written = term.filter(\.isLetter)
        if written.count > 1, written.allSatisfy(\.isUppercase) { return found.allSatisfy(\.isUppercase) }
        return zip(written, found).allSatisfy { $0 == $1 }
    }

    /// Whether a range sits inside quotation marks on its line: `"Kill Bill"`, `“Kill Bill: Vol. 1”`.
    static func isQuoted(_ range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var lineStart = range.lowerBound
        while lineStart > 0, bytes[lineStart - 1] != 0x0A, bytes[lineStart - 1] != 0x0D { lineStart -= 1 }
        var lineEnd = range.upperBound
        while lineEnd < bytes.count, bytes[lineEnd] != 0x0A, bytes[lineEnd] != 0x0D { lineEnd += 1 }
        func quotes(_ slice: Range<Int>) -> (straight: Int, opening: Int, closing: Int) {
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[slice]), as: UTF8.self)
            var counts = (straight: 0, opening: 0, closing: 0)
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": counts.straight += 1
                case "“", "«", "„": counts.opening += 1
                case "”", "»": counts.closing += 1
                default: break
                }
            }
            return counts
        }
        let before = quotes(lineStart..<range.lowerBound)
        let after = quotes(range.upperBound..<lineEnd)
        if before.straight % 2 == 1, after.straight > 0 { return true }
        return before.opening > before.closing && after.closing > 0
    }
}

extension Range where Bound == Int {
    /// Whether `other` lies inside this range.
    func covers(_ other: Range<Int>) -> Bool {
        other.lowerBound >= lowerBound && other.upperBound <= upperBound
    }
}
