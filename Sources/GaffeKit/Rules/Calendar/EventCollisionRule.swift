import Foundation
import OrderedCollections

/// Finds drafts published while a disaster, attack, death or day of remembrance is live where
/// their audience lives.
public struct EventCollisionRule: Rule {
    public static let description = RuleDescription(
        identifier: "event-collision",
        name: "Scheduled during a live event",
        summary: "A draft scheduled while a disaster, attack, mourning period or day of remembrance is live in its audience's regions.",
        rationale: """
            A sale posted during a deadly hurricane, a cereal joke on Pearl Harbor Remembrance Day, a \
            promotion that fires in the hour after a mass shooting: scheduled posts go out whatever \
            happens in the world. Gaffe checks each draft's publish time (or --at, default now) and \
            audience regions against the built-in calendar, the event store and --events files. A \
            promotion during a severe event is an error; any other post gets a warning to review its \
            tone; remembrance days and anniversaries weigh one step less, and so do the last days of \
            an event's grace period. The note gives the earliest time at which nothing collides.
            """,
        defaultSeverity: .warning,
        scope: .draft,
        triggeringExamples: [
            Example("""
                publish_at,regions,text
                ⟦2026-12-07T10:00:00-05:00⟧,US,Flash sale! 20% off everything today only.
                """, format: .csv),
            Example("""
                ---
                publish_at: ⟦2012-10-30T09:00:00-04:00⟧
                regions: US-NY
                ---
                In case you're bored in the storm: 20% off everything, shop now with code STAYIN.
                """, format: .markdown, configuration: EventCollisionRule.stormConfiguration),
            Example("""
                ---
                publish_at: ⟦2012-10-30T11:00:00-04:00⟧
                ---
                Our new autumn menu is here: come and try it this week!
                """, format: .markdown, configuration: EventCollisionRule.stormConfiguration),
            Example("""
                publish_at,text
                ⟦2026-09-11T08:50:00-04:00⟧,Happy Friday! Buy one coffee and get the second free.
                """, format: .csv, configuration: "regions: [US]\n"),
        ],
        nonTriggeringExamples: [
            Example("""
                publish_at,regions,text
                2026-12-09T10:00:00-05:00,US,Flash sale! 20% off everything today only.
                """, format: .csv),
            Example("""
                ---
                publish_at: 2012-10-30T09:00:00+00:00
                regions: GB
                ---
                20% off everything this week, shop now.
                """, format: .markdown, configuration: EventCollisionRule.stormConfiguration),
            Example("""
                publish_at,regions,text
                2012-11-20T09:00:00-05:00,US-NY,20% off everything this week, shop now.
                """, format: .csv, configuration: EventCollisionRule.stormConfiguration),
            Example("""
                publish_at,regions,text
                2026-05-25T09:00:00-04:00,US,We're closed today. Enjoy the long weekend with your family.
                """, format: .csv),
        ]
    )

    /// The events the examples use: a hurricane in New York and New Jersey, October 2012.
    static let stormConfiguration = """
        events:
          - id: sandy-2012
            title: Hurricane Sandy
            kind: hurricane
            severity: extreme
            regions: [US-NY, US-NJ]
            start: 2012-10-29T08:00:00-04:00
            end: 2012-10-31T20:00:00-04:00
            keywords: [Hurricane Sandy, Sandy, Frankenstorm]
            hashtags: [Sandy, Frankenstorm]

        """

    let index: EventIndex

    public init(options: NoOptions, context: RuleContext) throws {
        index = try context.service(EventIndex.self)
    }

    public func check(_ draft: Draft, context: RuleContext) -> [Diagnosis] {
        let at = context.publishDate(of: draft)
        // Reading the tone costs more than the calendar: skip it when no event could matter even
        // to a promotion (awareness days, anniversaries).
        guard draft.liveEvents.contains(where: { EventCollisionRule.severity(of: $0, promotional: true, sympathetic: false, at: at) != nil }) else {
            return []
        }
        let tone = Tone.of(draft)
        let collisions = draft.liveEvents.compactMap { event in
            EventCollisionRule.severity(of: event, tone: tone, at: at).map { (event: event, severity: $0) }
        }.sorted { ($0.severity, $0.event.severity, $0.event.start) > ($1.severity, $1.event.severity, $1.event.start) }
        guard let main = collisions.first else { return [] }

        var notes = [Note(EventCollisionMessages.window(main.event, at: at))]
        if tone.isPromotional {
            notes.append(Note(EventCollisionMessages.promotional(tone)))
        }
        if collisions.count > 1 {
            notes.append(Note(EventCollisionMessages.alsoLive(collisions.dropFirst().map(\.event))))
        }
        if let audience = EventCollisionMessages.audience(draft.metadata) { notes.append(Note(audience)) }
        let clear = earliestClearTime(for: draft, tone: tone, from: at)
        notes.append(Note(EventCollisionMessages.clear(clear, zone: draft.metadata.timeZone ?? main.event.timeZone)))

        var extra: OrderedDictionary<String, JSONValue> = ["event": main.event.json]
        if collisions.count > 1 { extra["events"] = .array(collisions.map(\.event.json)) }
        return [Diagnosis(.field(.publishAt), message: EventCollisionMessages.collision(main.event, tone: tone),
                          severity: main.severity, category: "event", notes: notes, extra: extra)]
    }

    /// How serious a collision is, or `nil` when it is not worth a finding.
    ///
    /// Event severity gives a level (extreme 4, severe 3, moderate 2, minor 1, info 0). A
    /// promotion keeps it; any other post drops one and stays at most a warning; a post of
    /// sympathy is at most information. Remembrance days, anniversaries and religious observances
    /// drop one, as does a post more than three days into an event's grace. Levels 3 and up are
    /// errors, 2 warnings, 1 information.
    static func severity(of event: Event, tone: Tone, at date: Date) -> Severity? {
        severity(of: event, promotional: tone.isPromotional, sympathetic: tone.isSympathetic, at: date)
    }

    static func severity(of event: Event, promotional: Bool, sympathetic: Bool, at date: Date) -> Severity? {
        let base: Int
        switch event.severity {
        case .extreme: base = 4
        case .severe: base = 3
        case .moderate: base = 2
        case .minor: base = 1
        case .info: return nil
        }
        var level = promotional ? base : min(base - 1, 2)
        if sympathetic { level = min(level, 1) }
        if event.kind.isCommemorative { level -= 1 }
        if date >= event.end.addingTimeInterval(3 * 86_400) { level -= 1 }
        switch level {
        case 3...: return .error
        case 2: return .warning
        case 1: return .info
        default: return nil
        }
    }

    /// The first instant from `start` at which no event would give this draft a finding.
    func earliestClearTime(for draft: Draft, tone: Tone, from start: Date) -> Date {
        EventCollisionRule.earliestClearTime(index: index, audience: draft.metadata.regions, zone: draft.metadata.timeZone,
                                             promotional: tone.isPromotional, sympathetic: tone.isSympathetic, from: start)
    }

    /// The events that would give a draft of this audience and tone a finding at `date`.
    static func blockingEvents(index: EventIndex, audience: [Region], zone: TimeZone?, promotional: Bool, sympathetic: Bool,
                               at date: Date) -> [Event] {
        index.liveEvents(at: date, audience: audience, zone: zone)
            .filter { severity(of: $0, promotional: promotional, sympathetic: sympathetic, at: date) != nil }
    }

    /// The first instant from `start` at which no event would give a draft of this audience and
    /// tone a finding (shared with `gaffe reschedule`).
    static func earliestClearTime(index: EventIndex, audience: [Region], zone: TimeZone?, promotional: Bool, sympathetic: Bool,
                                  from start: Date) -> Date {
        var time = start
        for _ in 0..<64 {
            let blocking = blockingEvents(index: index, audience: audience, zone: zone, promotional: promotional, sympathetic: sympathetic,
                                          at: time)
            guard !blocking.isEmpty else { return time }
            // An event may stop mattering inside its grace (the step down three days after its end).
            let clear = blocking.map { event -> Date in
                let stepDown = event.end.addingTimeInterval(3 * 86_400)
                let quietEarlier = stepDown > time && stepDown < event.sensitiveUntil
                    && severity(of: event, promotional: promotional, sympathetic: sympathetic, at: stepDown) == nil
                return quietEarlier ? stepDown : event.sensitiveUntil
            }
            time = max(clear.max()!, time.addingTimeInterval(1))
        }
        return time
    }
}

/// The messages of `event-collision`.
enum EventCollisionMessages {
    static func collision(_ event: Event, tone: Tone) -> String {
        let what = tone.isPromotional ? "promotion scheduled" : tone.isSympathetic ? "message of sympathy scheduled" : "post scheduled"
        let advice = tone.isPromotional ? "hold it or move it" : tone.isSympathetic ? "make sure it sells nothing" : "review its tone"
        return "\(what) during \(event.label), \(event.windowDescription) in \(event.regionsDescription) [source: \(event.sourceDescription)]; \(advice)"
    }

    static func window(_ event: Event, at date: Date) -> String {
        var text = "\(event.title) is live \(event.windowDescription) in \(event.regionsDescription)"
        if let grace = event.graceDescription { text += ", \(grace)" }
        if date >= event.end { text += "; this post falls in that grace period" }
        if let summary = event.summary, !summary.isEmpty { text += ". \(summary)" }
        return text + "."
    }

    static func promotional(_ tone: Tone) -> String {
        let quoted = tone.promotional.prefix(4).map { "'\($0.text)'" }.joined(separator: ", ")
        return "It reads as a promotion: \(quoted)."
    }

    static func alsoLive(_ events: [Event]) -> String {
        "Also live: " + events.map { "\($0.label) in \($0.regionsDescription)" }.joined(separator: "; ") + "."
    }

    /// Where the audience came from, when the draft did not say.
    static func audience(_ metadata: DraftMetadata) -> String? {
        if metadata.regions.isEmpty {
            return "The draft names no audience regions and the configuration sets none, so it is treated as reaching every region; add a regions column or `regions:` in .gaffe.yml."
        }
        if metadata.regionsFromDefaults {
            return "Audience \(metadata.regions.map(\.code).joined(separator: ", ")) comes from `regions:` in the configuration."
        }
        return nil
    }

    static func clear(_ date: Date, zone: TimeZone?) -> String {
        "Earliest publish time at which nothing collides: \(ISO8601.format(date, in: zone))."
    }
}
