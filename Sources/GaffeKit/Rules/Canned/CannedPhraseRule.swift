import OrderedCollections

/// Finds scripted customer-care lines ("we apologize for any inconvenience", "please DM us") and
/// worn marketing boilerplate ("don't miss out", "link in bio") from the phrase packs under
/// `lexicons/phrases/` and the user's own. One in a draft is a matter of taste, so it is info;
/// `canned-overuse` reports the same phrase used again and again.
public struct CannedPhraseRule: Rule {
    public static let description = RuleDescription(
        identifier: "canned-phrase",
        name: "Canned phrase",
        summary: "Scripted customer-care lines and worn marketing boilerplate.",
        rationale: """
            Followers notice when a brand stops sounding human: "we apologize for any inconvenience, \
            please DM us" under a complaint, "don't miss out" on every promotion, "we take your \
            privacy seriously" after a breach. Each finding says why the phrase reads as a script \
            and offers a more personal way to say it: name the actual problem, say what happens \
            next. The phrases live in the customer-care and marketing-cliche packs; engagement \
            bait from the same packs is the engagement-bait rule's. Packs, options and how to add \
            phrases: docs/canned.md.
            """,
        defaultSeverity: .info,
        scope: .text,
        tags: ["content", "tone"],
        precision: .medium,
        triggeringExamples: [
            Example("@sam ⟦We apologize for any inconvenience⟧. ⟦Please DM us⟧."),
            Example("⟦Thanks for reaching out⟧! ⟦Your call is important to us⟧."),
            Example("⟦We value your feedback⟧ and will share it with the kitchen."),
            Example("Sorry, could you ⟦follow us so we can DM you⟧?"),
            Example("⟦Don't miss out⟧: the sale ends Sunday. ⟦Link in bio⟧."),
            Example("A ⟦game-changer⟧ for busy kitchens."),
            Example("⟦We take your privacy seriously⟧ and have reset all passwords."),
            Example("**⟦Don’t miss out⟧** on the spring menu.", format: .markdown),
            Example("text,account\n\"@jo ⟦Sorry for the inconvenience⟧, we'll fix it.\",acme_care\n", format: .csv),
        ],
        nonTriggeringExamples: [
            Example("Sorry your parcel went to the wrong address, Sam. A new one ships today."),
            Example("Share your thoughts below: which flavour should we bring back?"),
            Example("We missed the outbound flight because of the storm."),
            Example("Thanks for telling us about the broken link; it works again."),
            Example("Tag a friend who would love this."),
            Example("Don't miss out.", configuration: "lexicons:\n  categories:\n    cliche: off\n"),
            Example("Thanks for reaching out!", configuration: "allow:\n  - phrase: thanks for reaching out\n    reason: our house greeting\n"),
            Example("Run `please dm us` to print the help text.", format: .markdown),
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
        return lexicon.hits(in: draft) { !PhraseCategories.isBait($0) }.map { hit in
            Diagnosis(.text(hit.match.range), message: CannedPhraseRule.message(hit.text, category: lexicon.category(of: hit.entry), entry: hit.entry),
                      severity: settings.severity(of: hit.entry), category: hit.entry.category,
                      suggestions: CannedPhraseRule.suggestions(for: hit.entry), notes: [Note(hit.entry.note)],
                      extra: ["lexicon": hit.entry.json])
        }
    }

    /// The entry's suggestions; offered as fixes only when its pack says they replace the words
    /// as written (never for patterns).
    static func suggestions(for entry: LexiconEntry) -> [Suggestion] {
        entry.suggestions.map { Suggestion($0, isFix: entry.suggestionsAreFixes && !entry.isPattern) }
    }

    // MARK: Messages

    static func message(_ matched: String, category: LexiconCategory?, entry: LexiconEntry) -> String {
        "'\(matched)' \(category?.message ?? "is a canned phrase (\(entry.category))")"
    }
}
