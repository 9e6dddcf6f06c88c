/// The surface forms of a lexicon entry: its words, its other spellings, and their inflections,
/// and the same for its exceptions. Shared by the loader (to check exceptions) and the compiler.
enum LexiconForms {
    /// A phrase the entry matches, as normalized words.
    struct SurfaceForm: Hashable {
        var words: [String]
        var form: WordForm
        /// Written in the pack (the term or one of its `forms`), not generated.
        var isExplicit: Bool
    }

    /// The normalized words of the term (for a pattern, those of its first expansion's start).
    static func words(of entry: LexiconEntry) -> [String] {
        switch entry.matching {
        case .term(let term): TermMatcher.words(of: term)
        case .pattern(let pattern): TokenPattern.split(pattern.expansions[0]).anchor
        }
    }

    /// The 0-based word a kind of inflection applies to.
    static func headIndex(of entry: LexiconEntry, kind: InflectionKinds, wordCount: Int) -> Int? {
        guard wordCount > 0 else { return nil }
        if let head = entry.head { return (1...wordCount).contains(head) ? head - 1 : nil }
        return kind == .verb ? 0 : wordCount - 1
    }

    /// The word inflections change (the verb's for verb entries).
    static func headWord(of entry: LexiconEntry, words: [String]) -> String? {
        let kind: InflectionKinds = entry.inflect.contains(.verb) ? .verb : .noun
        return headIndex(of: entry, kind: kind, wordCount: words.count).map { words[$0] }
    }

    /// Every surface form of a term entry: the term and its `forms`, each with its inflections.
    /// Patterns have none (their expansions are matched instead).
    static func surfaceForms(of entry: LexiconEntry, inflector: Inflector) -> [SurfaceForm] {
        guard case .term(let term) = entry.matching else { return [] }
        var result: [SurfaceForm] = []
        var seen: Set<[String]> = []
        for spelling in [term] + entry.forms {
            let words = TermMatcher.words(of: spelling)
            guard !words.isEmpty else { continue }
            if seen.insert(words).inserted { result.append(SurfaceForm(words: words, form: .base, isExplicit: true)) }
        }
        let termWords = result.first?.words ?? []
        // The term's head word inflected (`melts`, `melting` for `melt fat`).
        let inflectedHeads = Set(headWord(of: entry, words: termWords).map { inflector.forms(of: $0, as: entry.inflect).map(\.word) } ?? [])
        for base in result where base.isExplicit {
            // A form written already inflected (`melts belly fat`, `fat melting`, `getting wasted`)
            // is not inflected again, which would make nonsense (`meltsed`, `fatted melting`).
            // Only a verb's head is judged by its ending: too many nouns look inflected (`virus`,
            // `bonus`, `wedding`), and `school shooting` must still make `school shootings`.
            if base.words != termWords, base.words.contains(where: inflectedHeads.contains)
                || entry.inflect.contains(.verb) && headIndex(of: entry, kind: .verb, wordCount: base.words.count)
                    .map({ isInflection(base.words[$0], inflector: inflector) }) == true { continue }
            for (inflected, form) in inflections(of: base.words, entry: entry, inflector: inflector) where seen.insert(inflected).inserted {
                result.append(SurfaceForm(words: inflected, form: form, isExplicit: false))
            }
        }
        return result
    }

    /// The word lists an entry can match (for patterns, the starts of their expansions).
    static func surfaceWordLists(of entry: LexiconEntry, inflector: Inflector) -> [[String]] {
        switch entry.matching {
        case .term: surfaceForms(of: entry, inflector: inflector).map(\.words)
        case .pattern: patternExpansions(of: entry, inflector: inflector).map { TokenPattern.split($0).anchor }
        }
    }

    /// What an exception's `<number>` stands as among its words: no normalized word has `<` in it.
    static let numberWord = "<number>"

    /// The normalized words of an exception, with `|` where punctuation breaks it and
    /// `numberWord` for each `<number>` ("18 kills and 4 blocks" is written `kills and <number> blocks`).
    static func exceptionWords(of exception: String) -> [String] {
        var words: [String] = []
        let pieces = exception.components(separatedBy: numberWord)
        for (index, piece) in pieces.enumerated() {
            if index > 0 {
                words.append(numberWord)
                // Punctuation right after the number breaks the phrase as it would between words.
                if let first = TermMatcher.tokens(in: piece).first, first.breakBefore > .soft { words.append(TermMatcher.clauseBreak) }
            }
            words += TermMatcher.wordsWithBreaks(of: piece)
            // And right before it: what would break the piece from a word put after it.
            if index < pieces.count - 1, !piece.isEmpty, let next = TermMatcher.tokens(in: piece + " x").last,
               next.breakBefore > .soft {
                words.append(TermMatcher.clauseBreak)
            }
        }
        return words
    }

    /// An exception's words split for the matcher: the words before its first `<number>` (looked
    /// for like a term's), and the rest (checked against the words that follow, as a pattern's
    /// rest is). `nil` when it has no `<number>`, and an empty anchor when it cannot be matched:
    /// it starts with a number, or has a punctuation break next to or after one.
    static func numberedException(_ words: [String]) -> (anchor: [String], rest: [TokenPattern.Element])? {
        guard let first = words.firstIndex(of: numberWord) else { return nil }
        let rest = words[first...]
        guard first > 0, words[first - 1] != TermMatcher.clauseBreak, !rest.contains(TermMatcher.clauseBreak) else { return ([], []) }
        return (Array(words[..<first]), rest.map { $0 == numberWord ? .number : .word($0) })
    }

    /// Whether a word is a verb form the inflector makes of a shorter word: `melts`, `getting`,
    /// `dissolved`.
    static func isInflection(_ word: String, inflector: Inflector) -> Bool {
        for suffix in ["ing", "ed", "es", "s", "d"] where word.hasSuffix(suffix) && word.count > suffix.count + 2 {
            let stem = String(word.dropLast(suffix.count))
            for candidate in [stem, stem + "e", String(stem.dropLast())]
            where inflector.forms(of: candidate, as: .verb).contains(where: { $0.word == word }) {
                return true
            }
        }
        return false
    }

    /// A phrase's inflections per the entry's settings.
    static func inflections(of words: [String], entry: LexiconEntry, inflector: Inflector) -> [([String], WordForm)] {
        var result: [([String], WordForm)] = []
        for kind in [InflectionKinds.verb, .noun, .adjective] where entry.inflect.contains(kind) {
            guard let head = headIndex(of: entry, kind: kind, wordCount: words.count) else { continue }
            for (form, word) in inflector.forms(of: words[head], as: kind) {
                var inflected = words
                inflected[head] = word
                result.append((inflected, form))
            }
        }
        return result
    }

    /// Each exception, and its variants: the term's head word inflected wherever it occurs
    /// (`photo shoot` also covers `photo shoots` and `photo shooting`), and the last word in the
    /// plural (`killer whale` also covers `killer whales`). An exception keeps its punctuation
    /// breaks (`TermMatcher.wordsWithBreaks(of:)`): "Hell, Michigan".
    static func exceptionVariants(of entry: LexiconEntry, inflector: Inflector) -> [[String]] {
        let termWords = words(of: entry)
        var result: [[String]] = []
        var seen: Set<[String]> = []
        func add(_ words: [String]) {
            if seen.insert(words).inserted { result.append(words) }
        }
        for exception in entry.exceptions {
            let words = exceptionWords(of: exception)
            guard let last = words.last else { continue }
            var variants = [words]
            for kind in [InflectionKinds.verb, .noun, .adjective] where entry.inflect.contains(kind) {
                guard let head = headIndex(of: entry, kind: kind, wordCount: termWords.count) else { continue }
                let headWord = termWords[head]
                for (_, inflectedWord) in inflector.forms(of: headWord, as: kind) {
                    let variant = words.map { $0 == headWord ? inflectedWord : $0 }
                    if variant != words { variants.append(variant) }
                }
            }
            if !last.hasSuffix("s"), !termWords.contains(last), last != numberWord {
                for plural in inflector.inflect(last, to: .plural) where plural != last {
                    variants.append(words.dropLast() + [plural])
                }
            }
            variants.forEach(add)
        }
        return result
    }

    /// The expansions of a pattern entry, with the inflections its settings ask for: verb forms
    /// of a first word, noun and adjective forms of a last word.
    static func patternExpansions(of entry: LexiconEntry, inflector: Inflector) -> [[TokenPattern.Element]] {
        guard case .pattern(let pattern) = entry.matching else { return [] }
        var result: [[TokenPattern.Element]] = []
        var seen: Set<[TokenPattern.Element]> = []
        for expansion in pattern.expansions {
            var variants = [expansion]
            if entry.inflect.contains(.verb), case .word(let first)? = expansion.first {
                for (_, form) in inflector.forms(of: first, as: .verb) { variants.append([.word(form)] + expansion.dropFirst()) }
            }
            for kind in [InflectionKinds.noun, .adjective] where entry.inflect.contains(kind) {
                guard case .word(let last)? = expansion.last else { continue }
                for (_, form) in inflector.forms(of: last, as: kind) { variants.append(expansion.dropLast() + [.word(form)]) }
            }
            for variant in variants where seen.insert(variant).inserted { result.append(variant) }
        }
        return result
    }
}
