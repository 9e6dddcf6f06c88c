/// What a pack holds: sensitive terms (the `sensitive-term` rule) or canned phrases (the phrase
/// rules). Both share the file format, the loader and the matcher.
public enum PackKind: String, Sendable, Hashable, CaseIterable {
    case terms, phrases

    /// The folder of `lexicons/` that holds the built-in packs of this kind.
    public var folder: String { rawValue }
}

/// How sure a pack is that a term is a problem wherever it appears. The `sensitive-term` rule's
/// `min_sureness` option leaves out entries below a level (alex's `profanitySureness`).
public enum Sureness: String, Sendable, Hashable, CaseIterable, Comparable {
    /// Often harmless (`damn`, `crazy`): worth a look, rarely worth a rewrite.
    case low
    /// Usually a problem in brand copy.
    case medium
    /// A problem wherever it appears (slurs, promised investment returns).
    case high

    private var rank: Int { Sureness.allCases.firstIndex(of: self)! }

    public static func < (lhs: Sureness, rhs: Sureness) -> Bool { lhs.rank < rhs.rank }
}

extension Sureness: YAMLReadable {
    public init(yaml: YAMLNode) throws {
        let text = try yaml.string()
        guard let value = Sureness(rawValue: text) else {
            throw yaml.error("'\(yaml.keyPath)' must be low, medium or high, not '\(text)'")
        }
        self = value
    }
}

/// Where something was written: a pack file and line.
public struct PackLocation: Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var line: Int
    public var column: Int

    public init(path: String, line: Int, column: Int = 1) {
        self.path = path
        self.line = line
        self.column = column
    }

    public var description: String { "\(path):\(line):\(column)" }
}

/// A lexicon category: what kind of risk a term carries (`violence`, `finance-claim`), and the
/// event kinds that make it worse (a violent metaphor during a mass shooting).
public struct LexiconCategory: Sendable, Hashable {
    public var name: String
    public var title: String
    /// What the category says of a term, completing "'killer deal' …": `evokes violence`.
    public var message: String
    public var description: String
    /// The brand-safety frameworks' names for it (GARM, IAB), for documentation.
    public var frameworks: [String]
    /// Live events of these kinds escalate the category's findings.
    public var events: [EventKind]
    /// Whether its terms are claims a product makes ("cures anxiety", "guaranteed returns"):
    /// denied ("does not cure anxiety") or under the supplement disclaimer, no claim is made.
    public var isClaim: Bool
    public var location: PackLocation?

    public init(name: String, title: String, message: String, description: String = "", frameworks: [String] = [],
                events: [EventKind] = [], isClaim: Bool = false, location: PackLocation? = nil) {
        self.name = name
        self.title = title
        self.message = message
        self.description = description
        self.frameworks = frameworks
        self.events = events
        self.isClaim = isClaim
        self.location = location
    }
}

/// When an entry applies.
public enum EntryCondition: String, Sendable, Hashable, CaseIterable {
    /// Wherever the term appears.
    case always
    /// Only in a draft that reads as a promotion (`Tone.isPromotional`): "never forget" is fine in
    /// a memorial post and wrong beside "20% off".
    case promotional
}

/// One entry of a pack: a term (or a pattern) with what is wrong with it and what to write instead.
public struct LexiconEntry: Sendable, Hashable {
    /// What the entry matches.
    public enum Matching: Sendable, Hashable {
        /// A word or phrase, with its inflections.
        case term(String)
        /// A `TokenPattern`, for the few phrases that must survive variations.
        case pattern(TokenPattern)
    }

    /// The pack the entry belongs to.
    public var pack: String
    public var matching: Matching
    public var category: String
    public var severity: Severity
    public var sureness: Sureness
    /// Alternatives, best first.
    public var suggestions: [String]
    /// Whether the suggestions are drop-in replacements of the matched words (offered as fixes).
    public var suggestionsAreFixes: Bool
    /// Why the term is risky, shown to the user.
    public var note: String
    /// Phrases in which the term is fine ("photo shoot", "killer whale").
    public var exceptions: [String]
    public var inflect: InflectionKinds
    /// The 1-based word the inflections apply to; by default the first word for verbs and the
    /// last word for nouns and adjectives.
    public var head: Int?
    /// Whether the match must be cased as the term is written (`ISIS`, not `Isis`).
    public var caseSensitive: Bool
    /// Other spellings, matched like the term (`blow-out` for `blowout`).
    public var forms: [String]
    /// Event kinds that escalate this entry besides its category's.
    public var events: [EventKind]
    /// When the entry applies.
    public var condition: EntryCondition = .always
    public var location: PackLocation

    /// The term or pattern as written.
    public var text: String {
        switch matching {
        case .term(let term): term
        case .pattern(let pattern): pattern.source
        }
    }

    /// Whether the entry is a pattern.
    public var isPattern: Bool {
        if case .pattern = matching { return true }
        return false
    }
}

/// A lexicon file: a named list of entries with the sources of its guidance.
public struct LexiconPack: Sendable {
    public var name: String
    public var kind: PackKind
    public var title: String
    public var description: String
    /// Where the guidance behind the entries comes from.
    public var sources: [String]
    /// Categories the pack introduces beside the built-in vocabulary.
    public var categories: [LexiconCategory]
    public var entries: [LexiconEntry]
    public var path: String
    public var isBuiltIn: Bool

    public init(name: String, kind: PackKind, title: String, description: String = "", sources: [String] = [],
                categories: [LexiconCategory] = [], entries: [LexiconEntry] = [], path: String, isBuiltIn: Bool) {
        self.name = name
        self.kind = kind
        self.title = title
        self.description = description
        self.sources = sources
        self.categories = categories
        self.entries = entries
        self.path = path
        self.isBuiltIn = isBuiltIn
    }
}

/// A phrase the configuration allows, with the reason (`allow:` in `.gaffe.yml`).
public struct AllowedPhrase: Sendable, Hashable {
    public var phrase: String
    public var reason: String
    /// Only inside quotation marks, as a title or a name: `"Kill Bill"`.
    public var quotedOnly: Bool
    public var location: PackLocation?

    public init(phrase: String, reason: String, quotedOnly: Bool = false, location: PackLocation? = nil) {
        self.phrase = phrase
        self.reason = reason
        self.quotedOnly = quotedOnly
        self.location = location
    }
}

extension LexiconEntry {
    /// `{pack, term}`: the `lexicon` of JSON findings and SARIF properties for rules that report
    /// lexicon entries.
    var json: JSONValue {
        .object(["pack": .string(pack), "term": .string(text)])
    }
}
