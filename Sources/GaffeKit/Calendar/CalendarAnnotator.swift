import Foundation

/// Puts the events live where and when each draft is published into `Draft.liveEvents`: the
/// draft's publish time (or `--at`, default now), its audience regions (from the draft, else the
/// configuration's `regions:`; none means everyone), and for events kept by local clocks, the
/// audience's zones.
public struct CalendarAnnotator: DraftAnnotator {
    /// Rules that read `Draft.liveEvents` or the event index; the calendar is only loaded when
    /// one of them runs.
    public static let consumers: Set<String> = ["event-collision", "newsjacking", "sensitive-term", "engagement-bait", "hashtag-campaign"]

    let index: EventIndex

    public init(context: RuleContext) throws {
        index = try context.service(EventIndex.self)
    }

    public static func isNeeded(by rules: [RuleDescription]) -> Bool {
        rules.contains { consumers.contains($0.identifier) }
    }

    public func annotate(_ draft: inout Draft, context: RuleContext) {
        draft.liveEvents = index.liveEvents(at: context.publishDate(of: draft), audience: draft.metadata.regions,
                                            zone: draft.metadata.timeZone)
    }

    /// Problems in the run's event files, reported as `input` findings.
    public var inputProblems: [(problem: InputProblem, source: SourceText)] { index.problems }
}
