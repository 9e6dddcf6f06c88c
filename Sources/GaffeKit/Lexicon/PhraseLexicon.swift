/// The compiled phrase packs of a run (`lexicons/phrases/`: scripted customer care, marketing
/// clichés, engagement bait; and the user's own `kind: phrases` packs), shared by the rules that
/// read them: `canned-phrase`, `engagement-bait` and `canned-overuse`.
///
/// Phrase packs are term packs by another name: the same file format, loader, validation,
/// matcher and configuration (`lexicons:` packs, `disable`, `categories`, and `allow`). With the
/// lexicon settings at their defaults the built-in packs are compiled once per process.
public struct PhraseLexicon: Service {
    private let custom: Lexicon?

    public init(lexicon: Lexicon) {
        custom = lexicon
    }

    private init(custom: Lexicon?) {
        self.custom = custom
    }

    /// The compiled lexicon.
    public var lexicon: Lexicon { custom ?? BuiltInLexicons.defaultLexicon(.phrases) }

    public static func make(context: RuleContext) throws -> PhraseLexicon {
        PhraseLexicon(custom: try Lexicon.configuredForRun(.phrases, context: context))
    }
}

/// The categories of phrase packs that rules treat apart.
public enum PhraseCategories {
    /// The five kinds of engagement bait platforms demote (Meta's vote, react, share, tag and
    /// comment baiting). Entries of these categories belong to `engagement-bait`; every other
    /// phrase entry to `canned-phrase`.
    public static let bait: Set<String> = ["vote-bait", "react-bait", "share-bait", "tag-bait", "comment-bait"]

    /// Whether an entry is engagement bait.
    public static func isBait(_ entry: LexiconEntry) -> Bool {
        bait.contains(entry.category)
    }
}

extension Lexicon {
    /// The lexicon of a kind for a run's configuration, or `nil` when the settings are the
    /// defaults (callers then share the built-in lexicon compiled once per process).
    /// - Throws: what `configured(_:settings:)` throws.
    static func configuredForRun(_ kind: PackKind, context: RuleContext) throws -> Lexicon? {
        let settings = context.configuration.section(LexiconSettings.self)
        return settings.isDefault ? nil : try configured(kind, settings: settings)
    }
}

/// A phrase found in a draft, with its entry and the text as written.
struct PhraseHit {
    var match: LexiconMatch
    var entry: LexiconEntry
    /// The matched text as the draft has it.
    var text: String
}

extension Lexicon {
    /// The matches of the entries `include` accepts in a draft's prose (never across a link).
    /// Entries that apply only to promotions (`when: promotional`) are kept only when the draft
    /// reads as one. Shared by `sensitive-term` and the phrase rules.
    func hits(in draft: Draft, where include: (LexiconEntry) -> Bool) -> [PhraseHit] {
        let matches = find(inProseOf: draft)
        guard !matches.isEmpty else { return [] }
        let utf8 = Array(draft.prose.utf8)
        var isPromotional: Bool?
        return matches.compactMap { match in
            let entry = entries[match.entry]
            guard include(entry) else { return nil }
            if entry.condition == .promotional {
                if isPromotional == nil { isPromotional = Tone.of(draft).isPromotional }
                guard isPromotional == true else { return nil }
            }
            return PhraseHit(match: match, entry: entry, text: String(decoding: utf8[match.range], as: UTF8.self))
        }
    }
}
