import OrderedCollections

/// Finds engagement bait (vote, react, share, tag and comment baiting: "like if you agree", "RT
/// to win", "tag a friend who…", "comment YES") from the engagement-bait phrase pack. A warning;
/// an error when the draft also names a death, an injury, a disaster or a vulnerable group, or
/// one of the events live for it.
///
/// Requests for engagement in the name of victims ("RT to pray for…", "like to send best wishes",
/// "for every retweet we donate") are the `newsjacking` rule's: where its matcher covers a span,
/// this rule stays silent, so one problem is one finding.
public struct EngagementBaitRule: Rule {
    public static let description = RuleDescription(
        identifier: "engagement-bait",
        name: "Engagement bait",
        summary: "Posts that ask for likes, shares, tags, comments or votes for reach.",
        rationale: """
            Meta has demoted engagement bait since 2017 and names five kinds: vote baiting ("like \
            for yes, share for no"), react baiting ("like if you agree"), share baiting ("RT to \
            win", "share with 10 friends"), tag baiting ("tag a friend who…") and comment baiting \
            ("comment YES"); other platforms treat the same asks as spam. Posts that use it reach \
            fewer people and read as needy. Next to a death, an injury, a disaster or a vulnerable \
            group ("1 RT = 1 meal for hungry children"), or naming an event live for the draft, \
            the ask reads as trading on suffering, and the finding is an error. Asking a real \
            question ("which would you pick, and why?") is not bait. Requests tied to prayers or \
            condolences are reported by newsjacking instead. The patterns are in the \
            engagement-bait pack (docs/canned.md).
            """,
        defaultSeverity: .warning,
        scope: .text,
        tags: ["content", "reach"],
        precision: .high,
        triggeringExamples: [
            Example("⟦Like if you⟧ agree!"),
            Example("⟦RT to win⟧ a year of coffee."),
            Example("⟦Tag a friend⟧ who needs this."),
            Example("⟦Comment YES if⟧ you want the recipe."),
            Example("⟦Share this with 10 friends⟧ and see what happens."),
            Example("⟦Double-tap if⟧ you're ready for the weekend."),
            Example("⟦LIKE THIS IF YOU⟧ LOVE MONDAYS"),
            Example("⟦Like for yes⟧, ⟦share for no⟧: pineapple on pizza?"),
            Example("⟦Drop a 🔥 if⟧ you're in."),
            Example("⟦RT for yours⟧! #1MillionFans"),
            Example("Hurricane relief: ⟦for every retweet we'll plant⟧ a tree."),
            Example("Our hearts go out to the victims. ⟦Tag a friend⟧ to spread the word."),
            Example("**⟦Tag your bestie⟧** below!", format: .markdown),
        ],
        nonTriggeringExamples: [
            Example("Share your thoughts: which flavour should we bring back?"),
            Example("What would you add to the menu? Tell us below."),
            Example("It feels like if you wait too long the best seats go."),
            Example("You'll like this if you like hiking."),
            Example("Double tap to zoom in on the photo."),
            Example("Like and share if you're praying for the victims."),
            Example("We'd like to win this award again next year."),
            Example("Say no to plastic straws."),
            Example("Like if you agree!", configuration: "lexicons:\n  categories:\n    react-bait: off\n"),
        ]
    )

    private let phrases: PhraseLexicon
    private let settings: LexiconSettings

    public init(options: NoOptions, context: RuleContext) throws {
        phrases = try context.service(PhraseLexicon.self)
        settings = context.configuration.section(LexiconSettings.self)
    }

    public func check(_ draft: Draft, context: RuleContext) -> [Diagnosis] {
        let lexicon = phrases.lexicon
        var hits = lexicon.hits(in: draft, where: PhraseCategories.isBait)
        guard !hits.isEmpty else { return [] }
        // Sympathy bait is newsjacking's.
        var words: TextWords?
        if EngagementBait.mayMatch(draft.prose) {
            let text = TextWords(draft.prose)
            words = text
            let sympathy = EngagementBait.find(in: text).map(\.range)
            hits.removeAll { hit in sympathy.contains { $0.overlaps(hit.match.range) } }
            guard !hits.isEmpty else { return [] }
        }
        let escalation = EngagementBaitRule.escalation(in: draft, words: &words)
        return hits.map { hit in
            var message = EngagementBaitRule.message(hit.text, category: lexicon.category(of: hit.entry), entry: hit.entry)
            var severity = settings.severity(of: hit.entry)
            var notes = [Note(hit.entry.note)]
            var extra: OrderedDictionary<String, JSONValue> = ["lexicon": hit.entry.json]
            switch escalation {
            case .context(let text, let kind)?:
                severity = .error
                message += EngagementBaitRule.besideHarm(text, kind: kind)
                notes.append(Note(EngagementBaitRule.escalationNote))
            case .event(let text, let event)?:
                severity = .error
                message += EngagementBaitRule.namingEvent(text, event: event)
                notes.append(Note(EngagementBaitRule.escalationNote))
                extra["event"] = event.json
            case nil:
                break
            }
            return Diagnosis(.text(hit.match.range), message: message, severity: severity, category: hit.entry.category,
                             suggestions: CannedPhraseRule.suggestions(for: hit.entry), notes: notes, extra: extra)
        }
    }

    /// Why bait in this draft is an error.
    enum Escalation {
        /// The draft names a death, an injury, a disaster or a vulnerable group.
        case context(String, BaitContext.Kind)
        /// The draft names an event live for it.
        case event(String, Event)
    }

    /// The first reason the draft's bait is an error, if any: a live event it names first, then a
    /// word of `bait-context.yml`.
    static func escalation(in draft: Draft, words: inout TextWords?) -> Escalation? {
        if !draft.liveEvents.isEmpty {
            let text = words ?? TextWords(draft.prose)
            words = text
            if let mention = EventMentions.find(draft.liveEvents, in: text).first {
                return .event(mention.text, mention.event)
            }
        }
        if let mention = BaitContext.shared.firstMention(in: draft.prose) {
            let utf8 = Array(draft.prose.utf8)
            return .context(String(decoding: utf8[mention.range], as: UTF8.self), mention.kind)
        }
        return nil
    }

    // MARK: Messages

    static func message(_ matched: String, category: LexiconCategory?, entry: LexiconEntry) -> String {
        "'\(matched)' \(category?.message ?? "is engagement bait (\(entry.category))"); platforms show such posts to fewer people"
    }

    static func besideHarm(_ text: String, kind: BaitContext.Kind) -> String {
        ", beside '\(text)' (\(kind.phrase)): asking for engagement here reads as trading on suffering"
    }

    static func namingEvent(_ text: String, event: Event) -> String {
        ", in a post that names '\(text)': \(event.label), live \(event.windowDescription); asking for engagement here reads as trading on it"
    }

    static let escalationNote = "If you want to help, link to a relief organisation or say what you are giving; ask for nothing in return."
}
