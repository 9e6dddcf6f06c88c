/// Adds context to each draft before rules see it (the calendar puts the events live at the
/// draft's publish time and place into `Draft.liveEvents`). Registered once in
/// `BuiltInAnnotators.all`; built once per run.
public protocol DraftAnnotator: Sendable {
    /// Builds the annotator for a run; throw for broken inputs (a calendar file that cannot be read).
    init(context: RuleContext) throws
    /// Whether this annotator is needed by the rules of the run (skip costly set-up otherwise).
    static func isNeeded(by rules: [RuleDescription]) -> Bool
    func annotate(_ draft: inout Draft, context: RuleContext)
    /// Problems in the annotator's own inputs (an event file's broken item), reported once per
    /// run as `input` findings at their place.
    var inputProblems: [(problem: InputProblem, source: SourceText)] { get }
}

extension DraftAnnotator {
    public var inputProblems: [(problem: InputProblem, source: SourceText)] { [] }
}

/// The annotators, one line each.
public enum BuiltInAnnotators {
    public static let all: [any DraftAnnotator.Type] = [
        CalendarAnnotator.self,
        HistoryAnnotator.self,
    ]
}
