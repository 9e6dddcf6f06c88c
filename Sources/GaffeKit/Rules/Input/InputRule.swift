/// Reports input Gaffe cannot read: a file that is not UTF-8, broken front matter, a CSV row with
/// an unterminated quote, an unknown channel or region, a publish time it cannot parse. Each
/// finding sits at the line where reading failed, and the other files and rows are still linted.
public struct InputRule: Rule {
    public static let description = RuleDescription(
        identifier: "input",
        name: "Unreadable input",
        summary: "A file, row or field that cannot be read or understood.",
        rationale: """
            A draft Gaffe cannot read is a draft nobody checked. Rather than stop at the first bad \
            byte, Gaffe reports the problem where it is and goes on with the rest, so one broken row \
            never hides the other nine hundred. It also warns (once) when a long schedule checked a \
            stretch at a time in publish order has a row earlier than rows already checked across \
            the batch (or a row without a publish time, which counts as published at the run's \
            time, after that time was checked): the cross-draft rules may miss what that row \
            repeats or crowds.
            """,
        defaultSeverity: .error,
        scope: .draft,
        tags: ["input"],
        precision: .veryHigh,
        triggeringExamples: [
            Example("""
                publish_at,channel,text
                ⟦tomorrow-ish⟧,x,Our spring menu is here
                """, format: .csv),
            Example("""
                publish_at,channel,text
                2026-03-01T09:00:00Z,⟦fax⟧,Our spring menu is here
                """, format: .csv),
            Example("""
                ---
                title: Spring menu
                regions: [US, ⟦Narnia⟧]
                ---
                Our spring menu is here.
                """, format: .markdown),
        ],
        nonTriggeringExamples: [
            Example("""
                publish_at,channel,regions,text
                2026-03-01T09:00:00-05:00,twitter,US-NY;US-NJ,Our spring menu is here
                """, format: .csv),
            Example("""
                ---
                title: Spring menu
                date: 2026-03-01
                timezone: Europe/London
                ---
                Our spring menu is here.
                """, format: .markdown),
        ]
    )

    public init(options: NoOptions, context: RuleContext) {}

    public func check(_ draft: Draft, context: RuleContext) -> [Diagnosis] {
        draft.problems.map { Diagnosis(.source($0.range), message: $0.message, severity: $0.severity, category: "input") }
    }
}
