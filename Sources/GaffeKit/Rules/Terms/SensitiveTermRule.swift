import Foundation
import OrderedCollections

/// Finds words that read badly in brand copy: violent and disastrous metaphors ("killer deal",
/// "blowout sale"), references to tragedies, profanity and slurs, exclusionary terms, and
/// regulated finance and health claims, from the term packs under `lexicons/terms/` and the
/// user's own. A term whose category relates to an event live for the draft (a "killer deal"
/// during a mass shooting) is an error, unless its sentence reads as sympathy.
public struct SensitiveTermRule: Rule {
    public static let description = RuleDescription(
        identifier: "sensitive-term",
        name: "Sensitive term",
        summary: "Violent or disastrous metaphors, tragedy references, profanity, exclusionary terms and regulated claims.",
        rationale: """
            Marketing copy is full of metaphors that read fine on an ordinary day and horribly on the \
            wrong one: a "killer deal" the morning after a shooting, a "flood of savings" during floods. \
            Other words exclude readers (ableist and gendered terms), offend (profanity and slurs), or \
            make promises regulators act on ("guaranteed returns", "cures"). Each finding names the \
            category, says why the term is risky and offers alternatives; exceptions ("photo shoot", \
            "killer whale") and the allow list in .gaffe.yml keep names and titles quiet. While an event \
            of a related kind is live for the draft, the finding becomes an error. The packs, their format \
            and the configuration keys (`lexicons`, `allow`) are described in docs/lexicons.md.
            """,
        defaultSeverity: .warning,
        scope: .text,
        triggeringExamples: [
            Example("This ⟦killer deal⟧ won't last."),
            Example("Our sale is going to ⟦blow you away⟧."),
            Example("Last chance for the #⟦KillerDeal⟧ and #⟦KILLERDEAL⟧ bundles"),
            Example("Tag your #⟦killer_deal⟧ finds"),
            Example("⟦Shoot⟧ us a message and we'll help."),
            Example("We ⟦shot⟧ past our goal, and ⟦prices are slashed⟧."),
            Example("Prices so low it's a ⟦massacre⟧."),
            Example("A ⟦flood of savings⟧ is coming."),
            Example("⟦Explosive⟧ growth for our partners."),
            Example("Earn ⟦guaranteed returns⟧ with our new fund."),
            Example("This tea ⟦cures anxiety⟧."),
            Example("Our balm ⟦cures⟧ dry skin overnight."),
            Example("The new flavours are ⟦to die for⟧."),
            Example("**⟦Killer deal⟧** of the week", format: .markdown),
            Example("# ⟦Blowout⟧ weekend\n\nEverything must go.", format: .markdown),
            Example("These prices are ⟦insane⟧.", configuration: "lexicons:\n  categories:\n    mental-health: error\n"),
        ],
        nonTriggeringExamples: [
            Example("Join our photo shoot this weekend."),
            Example("Orcas, or killer whales, hunt in family groups."),
            Example("Build your skills with our new course."),
            Example("Shoot for the stars with our new planner."),
            Example("Light the fire. Sale prices start at noon."),
            Example("Meet the killer app for busy teams.", configuration: "allow:\n  - phrase: killer app\n    reason: product name\n"),
            Example("Watch \"Kill Bill\" at our rooftop cinema.",
                    configuration: "allow:\n  - phrase: Kill Bill\n    reason: film title\n    quoted: true\n"),
            Example("Prices so low it's a massacre.", configuration: "lexicons:\n  categories:\n    violence: off\n"),
            Example("Run `kill -9` to stop the process.", format: .markdown),
            Example("Our tea does not cure anxiety, but it is a calm end to the day."),
            Example("Read more at https://example.com/killer-deal today."),
            Example("Ask @killerdeals for the details."),
        ]
    )

    public struct Options: RuleOptions {
        /// The least sure entries still reported.
        public var minimumSureness = Sureness.low
        /// Whether live events of a related kind make findings errors.
        public var escalate = true

        public init() {}

        public mutating func read(_ reader: OptionsReader) throws {
            try reader.read("min_sureness", &minimumSureness,
                            "Leave out entries less sure than this: low (report all), medium or high (alex's profanitySureness).")
            try reader.read("escalate", &escalate, "Raise a finding to error while an event of a related kind is live for the draft.")
        }
    }

    private let terms: TermLexicon
    private let settings: LexiconSettings
    private let minimumSureness: Sureness
    private let escalate: Bool

    public init(options: Options, context: RuleContext) throws {
        terms = try context.service(TermLexicon.self)
        settings = context.configuration.section(LexiconSettings.self)
        minimumSureness = options.minimumSureness
        escalate = options.escalate
    }

    public func check(_ draft: Draft, context: RuleContext) -> [Diagnosis] {
        let lexicon = terms.lexicon
        let minimumSureness = minimumSureness
        // The prose's bytes, for the few hits whose sentence is read; made once, when first needed.
        var proseBytes: [UInt8]?
        func bytes() -> [UInt8] {
            if let proseBytes { return proseBytes }
            let made = Array(draft.prose.utf8)
            proseBytes = made
            return made
        }
        return lexicon.hits(in: draft) { $0.sureness >= minimumSureness }.compactMap { hit -> Diagnosis? in
            let (match, entry, matched) = (hit.match, hit.entry, hit.text)
            let category = lexicon.category(of: entry)
            // An accented spelling is another word; a denied claim ("does not cure") is no claim.
            if SensitiveTermRule.addsAnAccent(matched, to: entry) { return nil }
            if category?.isClaim == true, ClaimDenial.isDenied(match.range, in: bytes()) { return nil }
            var severity = settings.severity(of: entry)
            var message = SensitiveTermRule.message(matched, category: category, entry: entry)
            var notes = [Note(entry.note)]
            var extra: OrderedDictionary<String, JSONValue> = [
                "lexicon": entry.json,
            ]
            if escalate, let event = SensitiveTermRule.relatedEvent(for: entry, category: category, in: draft) {
                if SensitiveTermRule.isSympathetic(sentenceAround: match.range, in: bytes()) {
                    notes.append(Note(SensitiveTermRule.notEscalatedNote(event)))
                } else {
                    severity = .error
                    message = SensitiveTermRule.escalatedMessage(message, event: event)
                    notes.append(Note(SensitiveTermRule.escalationNote(event)))
                    extra["event"] = event.json
                }
            }
            return Diagnosis(.text(match.range), message: message, severity: severity, category: entry.category,
                             suggestions: SensitiveTermRule.suggestions(for: entry, match: match, matched: matched),
                             notes: notes, extra: extra)
        }
    }

    /// Whether the match is the loan-word spelling of another word: an `é` ending a word (`lamé`
    /// is a fabric, not `lame`; `exposé` is not `expose`) where the entry has none. Matching folds
    /// accents away so `café` reads as `cafe`; any other accent or mark on a letter (`kíll`,
    /// `Fück`, struck-through letters) is a spelling that dodges the lexicon, and still counts.
    static func addsAnAccent(_ matched: String, to entry: LexiconEntry) -> Bool {
        guard matched.utf8.contains(where: { $0 >= 0x80 }) else { return false }
        let scalars = Array(matched.precomposedStringWithCanonicalMapping.unicodeScalars)
        var hasFinalE = false
        for (index, scalar) in scalars.enumerated() where scalar.value >= 0x80 {
            let isLetterOrMark = scalar.properties.isAlphabetic || scalar.properties.generalCategory == .nonspacingMark
                || scalar.properties.generalCategory == .enclosingMark || scalar.properties.generalCategory == .spacingMark
            guard isLetterOrMark else { continue }
            let endsWord = index + 1 == scalars.count || !scalars[index + 1].properties.isAlphabetic
            guard scalar == "é" || scalar == "É", endsWord else { return false }
            hasFinalE = true
        }
        guard hasFinalE else { return false }
        func hasE(_ text: String) -> Bool { text.precomposedStringWithCanonicalMapping.lowercased().contains("é") }
        switch entry.matching {
        case .term(let term): return !hasE(term) && !entry.forms.contains(where: hasE)
        case .pattern(let pattern): return !hasE(pattern.source)
        }
    }

    /// The live event that makes an entry worse: one whose kind the entry's category (or the
    /// entry) relates to, or that names the category as sensitive; the most severe first.
    static func relatedEvent(for entry: LexiconEntry, category: LexiconCategory?, in draft: Draft) -> Event? {
        draft.liveEvents.filter { event in
            category?.events.contains(event.kind) == true || entry.events.contains(event.kind)
                || event.sensitiveCategories.contains(entry.category)
        }.max { $0.severity < $1.severity }
    }

    /// Whether the sentence around a range reads as sympathy rather than promotion.
    static func isSympathetic(sentenceAround range: Range<Int>, in bytes: [UInt8]) -> Bool {
        let tone = Tone.of(String(decoding: bytes[bytes.sentence(around: range)], as: UTF8.self))
        return tone.isSympathetic && !tone.isPromotional
    }

    /// The suggestions, in the matched word's form and capitalization; fixes where they can
    /// replace the matched words as they stand.
    static func suggestions(for entry: LexiconEntry, match: LexiconMatch, matched: String) -> [Suggestion] {
        entry.suggestions.map { suggestion in
            var text = suggestion
            var fits = true
            if match.form != .base {
                if let inflected = inflect(suggestion, to: match.form, like: entry) { text = inflected } else { fits = false }
            }
            text = matchCapitalization(text, like: matched)
            return Suggestion(text, isFix: fits && entry.suggestionsAreFixes && !match.inHashtag && !entry.isPattern)
        }
    }

    /// Words that never take an inflection, so a suggestion headed by one is no drop-in fix.
    static let uninflectedWords: Set<String> = ["may", "might", "can", "could", "must", "shall", "should", "will", "would", "more", "most"]

    /// A suggestion with its head word in a form (`send` → `sending`), or nil when its head word
    /// cannot take the form. The head is the entry's own `head` when the suggestion has as many
    /// words as the term, else the first word for verb forms and the last for the others.
    static func inflect(_ phrase: String, to form: WordForm, like entry: LexiconEntry) -> String? {
        var words = phrase.split(separator: " ").map(String.init)
        guard !words.isEmpty else { return nil }
        let isVerbForm = [.thirdPerson, .presentParticiple, .past, .pastParticiple].contains(form)
        var index = isVerbForm ? 0 : words.count - 1
        if let head = entry.head, words.count == LexiconForms.words(of: entry).count, head <= words.count { index = head - 1 }
        let word = words[index]
        guard Inflector.isInflectable(word), !uninflectedWords.contains(word),
              let inflected = Inflector.english.inflect(word, to: form).first else { return nil }
        words[index] = inflected
        return words.joined(separator: " ")
    }

    /// `great deal` written like `Killer deal` (capitalized) or `KILLER DEAL` (capitals).
    static func matchCapitalization(_ text: String, like matched: String) -> String {
        var letters = 0
        var firstIsUpper = false
        var allUpper = true
        for scalar in matched.unicodeScalars {
            let isUpper: Bool
            if scalar.isASCII {
                guard (0x41...0x5A).contains(scalar.value) || (0x61...0x7A).contains(scalar.value) else { continue }
                isUpper = scalar.value <= 0x5A
            } else {
                guard scalar.properties.isAlphabetic else { continue }
                isUpper = scalar.properties.isUppercase
            }
            if letters == 0 { firstIsUpper = isUpper }
            allUpper = allUpper && isUpper
            letters += 1
            if !firstIsUpper || !allUpper { break }
        }
        guard firstIsUpper else { return text }
        if letters > 1, allUpper { return text.uppercased() }
        return text.prefix(1).uppercased() + text.dropFirst()
    }

    // MARK: Messages

    static func message(_ matched: String, category: LexiconCategory?, entry: LexiconEntry) -> String {
        "'\(matched)' \(category?.message ?? "is a sensitive term (\(entry.category))")"
    }

    static func escalatedMessage(_ message: String, event: Event) -> String {
        "\(message), while \(event.title) is live"
    }

    static func escalationNote(_ event: Event) -> String {
        let regions = event.regions.isEmpty ? "everywhere" : event.regions.map(\.code).joined(separator: ", ")
        return "Escalated to error: \(event.title) (\(event.kind.rawValue), \(event.severity.rawValue)) is live in \(regions) "
            + "until \(ISO8601.format(event.sensitiveUntil, in: event.timeZone)); the term reads as a reference to it."
    }

    static func notEscalatedNote(_ event: Event) -> String {
        "Not escalated for \(event.title): the sentence reads as sympathy, not promotion."
    }
}
