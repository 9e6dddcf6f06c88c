import Foundation
import OrderedCollections

/// Finds drafts that post too often for their account and channel: over a platform's own cap
/// (error), over published cadence guidance, in a burst or too close to the previous post (warning),
/// and, when configured, in the audience's night (info). History counts in every window.
public struct PostingFrequencyRule: StreamingBatchRule {
    public static let description = RuleDescription(
        identifier: "posting-frequency",
        name: "Posting too often",
        summary: "A draft that breaks a platform's posting limit, posts more often than the norm for its channel, or lands in its audience's night.",
        rationale: """
            A page that posts so often its followers mute it, twelve posts landing in one hour \
            because two people filled the same queue, a burst that trips a platform's cap and gets \
            the account locked: all are visible in the schedule before anything goes out. Gaffe \
            slides a window over the publish times of each account on each channel, with posts \
            already published (--history, gaffe history import) counted too. Platform caps are \
            errors; published cadence guidance, bursts and spacing are warnings; quiet hours, off \
            unless configured, are information. Each finding names the limit, the count and the \
            window, lists the other posts in it, and gives the earliest time within two weeks at \
            which the draft would break nothing (past that, the schedule needs fewer posts, not \
            later ones); gaffe reschedule moves them. Every number, its source and how to \
            change it per channel or account is in docs/frequency.md.
            """,
        defaultSeverity: .warning,
        scope: .draft,
        tags: ["timing"],
        precision: .high,
        triggeringExamples: [
            Example("""
                publish_at,account,channel,text
                2026-03-02T09:00:00-05:00,acme,x,Our spring menu is here
                ⟦2026-03-02T09:04:00-05:00⟧,acme,x,Try the new lemon tart today
                """, format: .csv),
            Example("""
                publish_at,account,channel,text
                ⟦2026-03-02T09:04:00-05:00⟧,acme,x,Try the new lemon tart today
                2026-03-02T09:00:00-05:00,acme,x,Our spring menu is here
                """, format: .csv),
            Example("""
                publish_at,account,channel,text
                2026-03-02T09:00:00-05:00,acme,x,Spring menu: the soups
                2026-03-02T09:15:00-05:00,acme,x,Spring menu: the salads
                2026-03-02T09:30:00-05:00,acme,x,Spring menu: the mains
                ⟦2026-03-02T09:45:00-05:00⟧,acme,x,Spring menu: the desserts
                """, format: .csv),
            Example("""
                publish_at,account,channel,text
                2026-03-02T08:00:00-05:00,acme,x,Good morning from the bakery
                2026-03-02T10:00:00-05:00,acme,x,Fresh bread is out
                2026-03-02T12:00:00-05:00,acme,x,Lunch specials are up
                2026-03-02T14:00:00-05:00,acme,x,Meet our head baker
                2026-03-02T16:00:00-05:00,acme,x,Last call for croissants
                ⟦2026-03-02T18:00:00-05:00⟧,acme,x,Thanks for a great day
                """, format: .csv),
            Example("""
                publish_at,account,channel,text
                2026-03-02T12:00:00Z,acme,instagram,Monday: the lemon tart
                2026-03-03T12:00:00Z,acme,instagram,Tuesday: the fig roll
                2026-03-04T12:00:00Z,acme,instagram,Wednesday: the sourdough
                2026-03-05T12:00:00Z,acme,instagram,Thursday: the brioche
                2026-03-06T12:00:00Z,acme,instagram,Friday: the baguette
                2026-03-07T12:00:00Z,acme,instagram,Saturday: the rye
                2026-03-08T12:00:00Z,acme,instagram,Sunday: the scones
                ⟦2026-03-08T18:00:00Z⟧,acme,instagram,Sunday night bonus: the cookies
                """, format: .csv),
            Example("""
                publish_at,account,channel,text
                2026-03-02T09:00:00Z,acme,mastodon,New blog post: sourdough at home
                2026-03-02T09:20:00Z,acme,mastodon,Part two: the starter
                ⟦2026-03-02T09:40:00Z⟧,acme,mastodon,Part three: the bake
                """, format: .csv, configuration: "frequency:\n  limits:\n    mastodon: {api-3h: 2}\n"),
            Example("""
                publish_at,account,channel,regions,text
                ⟦2026-03-02T03:00:00-05:00⟧,acme,x,US-NY,Flash sale starts now
                """, format: .csv, configuration: "frequency:\n  quiet_hours: 22:00-07:00\n"),
        ],
        nonTriggeringExamples: [
            Example("""
                publish_at,account,channel,text
                2026-03-02T09:00:00-05:00,acme,x,Our spring menu is here
                2026-03-02T09:10:00-05:00,acme,x,Try the new lemon tart today
                """, format: .csv),
            Example("""
                publish_at,account,channel,text
                2026-03-02T09:00:00-05:00,acme,x,Our spring menu is here
                2026-03-02T09:01:00-05:00,acme_uk,x,Our spring menu is here
                2026-03-02T09:02:00-05:00,acme,facebook,Our spring menu is here
                """, format: .csv),
            Example("""
                publish_at,account,channel,text
                2026-03-02T08:00:00-05:00,acme,x,Good morning from the bakery
                2026-03-02T11:00:00-05:00,acme,x,Fresh bread is out
                2026-03-02T14:00:00-05:00,acme,x,Meet our head baker
                2026-03-02T17:00:00-05:00,acme,x,Last call for croissants
                2026-03-02T20:00:00-05:00,acme,x,Thanks for a great day
                """, format: .csv),
            Example("""
                publish_at,account,channel,text
                2026-03-02T09:00:00Z,acme_care,x,@sam Sorry about that! Please DM us your order number.
                2026-03-02T09:02:00Z,acme_care,x,@lee Thanks for letting us know. We're on it.
                2026-03-02T09:04:00Z,acme_care,x,@kim Your refund is on its way.
                2026-03-02T09:06:00Z,acme_care,x,@ash Glad you liked it!
                """, format: .csv, configuration: "frequency:\n  accounts:\n    acme_care:\n      norms: {spacing: off, burst: off, per_day: off}\n"),
            Example("""
                publish_at,account,channel,regions,text
                2026-03-02T03:00:00-05:00,acme,x,US-NY,Flash sale starts now
                """, format: .csv),
            Example("""
                publish_at,account,channel,regions,text
                2026-03-02T08:00:00Z,acme,x,GB,Flash sale starts now
                """, format: .csv, configuration: "frequency:\n  quiet_hours: 22:00-07:00\n"),
        ]
    )

    /// What the rule keeps of a draft: whether it is a reply (platforms cap replies apart).
    public struct Entry: Sendable {
        public let isReply: Bool
    }

    let policy: FrequencyPolicy

    /// - Throws: `YAMLError` if the built-in table of limits is broken.
    public init(options: NoOptions, context: RuleContext) throws {
        policy = try FrequencyPolicy(configuration: context.configuration)
    }

    public func entry(for draft: Draft, context: RuleContext) -> Entry? {
        // A draft without a publish time has no place on the timeline.
        guard draft.metadata.publishAt != nil else { return nil }
        let body = draft.parts.first { $0.kind == .body }?.range ?? 0..<0
        return Entry(isReply: ReplyDetection.isReply(draft.text.utf8.dropFirst(body.lowerBound).prefix(body.count)))
    }

    /// A finding looks back over the longest window, and its earliest clear time up to two weeks
    /// ahead, plus the windows around that.
    public var horizon: BatchHorizon? {
        BatchHorizon(lookBack: policy.longestWindow, lookAhead: FrequencyAnalysis.clearTimeHorizon + policy.longestWindow)
    }

    public func check(_ batch: Batch<Entry>, context: RuleContext, report: (Finding) -> Void) {
        guard let first = batch.first else { return }
        let past = (try? context.service(PostingHistory.self))?.posts(after: first.draft.publishAt.addingTimeInterval(-policy.longestWindow)) ?? []
        let analysis = FrequencyAnalysis(batch: batch, policy: policy, history: past, reply: \.isReply)
        var clearTimes: [Int: FrequencyAnalysis.ClearTime] = [:]
        func clearTime(_ item: BatchItem<Entry>, timeline: Int, index: Int) -> FrequencyAnalysis.ClearTime {
            if let known = clearTimes[item.draft.ordinal] { return known }
            let places = analysis.places(of: item.draft.ordinal, timeline: timeline, item: index)
            let time = analysis.earliestClearTime(of: item.draft, places: places, reply: item.entry.isReply)
            if places.count > 1 || policy.quietHours(account: item.draft.account) != nil { clearTimes[item.draft.ordinal] = time }
            return time
        }
        let groups = batch.groups
        let violationsByTimeline = analysis.violations { timeline, item in batch.reports(at: groups[timeline].items[item].draft) }
        for (timelineIndex, group) in groups.enumerated() {
            let timeline = analysis.timelines[timelineIndex]
            // In publish order: past the linter's sort limit, findings reach the report in the
            // order they are made here.
            let violationsByItem = violationsByTimeline[timelineIndex]
            for index in violationsByItem.keys.sorted() {
                let violations = violationsByItem[index]!
                let item = group.items[index]
                let clear = clearTime(item, timeline: timelineIndex, index: index)
                report(frequencyFinding(item, violations: violations, group: group, timeline: timeline, analysis: analysis, clear: clear))
            }
        }
        for (timelineIndex, group) in groups.enumerated() where policy.quietHours(account: group.account) != nil {
            let quiet = policy.quietHours(account: group.account)!
            // Quiet hours once per draft: on the first of its channels.
            for (index, item) in group.items.enumerated() where item.draft.channels.count < 2
                || analysis.places(of: item.draft.ordinal, timeline: timelineIndex, item: index).first?.timeline == timelineIndex {
                guard batch.reports(at: item.draft) else { continue }
                let zones = QuietHours.zones(regions: item.draft.regions, draftZone: item.draft.timeZone)
                guard let (zone, local) = quiet.quietZone(at: item.draft.publishAt, zones: zones) else { continue }
                let clear = clearTime(item, timeline: timelineIndex, index: index)
                report(quietFinding(item, quiet: quiet, zone: zone, local: local, clear: clear))
            }
        }
    }

    private func frequencyFinding(_ item: BatchItem<Entry>, violations: [GroupTimeline.Violation], group: BatchGroup<Entry>,
                                  timeline: GroupTimeline, analysis: FrequencyAnalysis, clear: FrequencyAnalysis.ClearTime) -> Finding {
        let draft = item.draft
        let zone = draft.timeZone
        let main = violations.min { $0.limitIndex < $1.limitIndex }!
        let limit = timeline.limits[main.limitIndex]
        let end = draft.publishAt
        let start = end.addingTimeInterval(-limit.within)

        // The other posts in the window: the `relatedCap` nearest, in publish order.
        var related: [RelatedLocation] = []
        var historyCount = 0
        if !timeline.historyIndices.isEmpty {
            for k in main.first..<main.position where timeline.owners[timeline.timelinePosition(k, limit.counts)] < 0 {
                historyCount += 1
            }
        }
        let shownFrom = max(main.first, main.position - PostingFrequencyMessages.relatedCap)
        for k in shownFrom..<main.position {
            let owner = timeline.owners[timeline.timelinePosition(k, limit.counts)]
            if owner >= 0 {
                let other = group.items[Int(owner)].draft
                related.append(RelatedLocation(PostingFrequencyMessages.relatedDraft(number: k - main.first + 1, of: main.count,
                                                                                    at: other.publishAt, zone: zone),
                                               location: other.timeLocation))
            } else {
                let post = analysis.historyPost(owner: owner, in: timeline)
                related.append(RelatedLocation(PostingFrequencyMessages.relatedHistory(number: k - main.first + 1, of: main.count,
                                                                                      at: post.publishedAt, zone: zone),
                                               location: post.location))
            }
        }

        var notes = [Note(timeline.wording[main.limitIndex].source)]
        let others = violations.filter { $0.limitIndex != main.limitIndex }.sorted { $0.limitIndex < $1.limitIndex }
        if !others.isEmpty {
            notes.append(Note(PostingFrequencyMessages.alsoBreaks(others.map { (timeline.limits[$0.limitIndex], $0.count) })))
        }
        if shownFrom > main.first {
            notes.append(Note(PostingFrequencyMessages.moreInWindow(shownFrom - main.first)))
        }
        notes.append(Note(PostingFrequencyMessages.clear(clear, zone: zone)))

        let severity = violations.map { timeline.limits[$0.limitIndex].kind.severity }.max()!
        var limits: [JSONValue] = []
        limits.reserveCapacity(1 + others.count)
        let endText = ISO8601.format(end, in: zone)
        for violation in [main] + others {
            let broken = timeline.limits[violation.limitIndex]
            // Keys unique by construction: no check per finding.
            let window: OrderedDictionary<String, JSONValue> = OrderedDictionary(uncheckedUniqueKeysWithValues: [
                ("start", .string(ISO8601.format(end.addingTimeInterval(-broken.within), in: zone))), ("end", .string(endText)),
            ])
            limits.append(.object(OrderedDictionary(uncheckedUniqueKeysWithValues: [
                ("id", .string(broken.id)), ("kind", .string(broken.kind.rawValue)), ("posts", .int(broken.posts)),
                ("within", .string(timeline.wording[violation.limitIndex].withinCode)), ("counts", .string(broken.counts.rawValue)),
                ("count", .int(violation.count)), ("window", .object(window)),
            ])))
        }
        var frequency: OrderedDictionary<String, JSONValue> = [:]
        if let account = group.account { frequency["account"] = .string(account) }
        if let channel = group.channel { frequency["channel"] = .string(channel.rawValue) }
        frequency["limits"] = .array(limits)
        if historyCount > 0 { frequency["history"] = .int(historyCount) }
        if let earliest = clear.date { frequency["earliest"] = .string(ISO8601.format(earliest, in: zone)) }

        var previous: Date?
        if main.position > main.first {
            let owner = timeline.owners[timeline.timelinePosition(main.position - 1, limit.counts)]
            previous = owner >= 0 ? group.items[Int(owner)].draft.publishAt : analysis.historyPost(owner: owner, in: timeline).publishedAt
        }
        let message = PostingFrequencyMessages.broken(limit, wording: timeline.wording[main.limitIndex], place: timeline.place, count: main.count,
                                                      historyCount: historyCount, window: (start, end), previous: previous, zone: zone)
        return finding(at: draft, location: draft.timeLocation, message: message, severity: severity, category: "frequency",
                       suggestions: clear.date.map { [Suggestion(ISO8601.format($0, in: zone))] } ?? [], notes: notes, related: related,
                       extra: ["frequency": .object(frequency)])
    }

    private func quietFinding(_ item: BatchItem<Entry>, quiet: QuietHours, zone: TimeZone, local: CivilDateTime,
                              clear: FrequencyAnalysis.ClearTime) -> Finding {
        let draft = item.draft
        let draftZone = draft.timeZone
        var extra: OrderedDictionary<String, JSONValue> = [
            "from": .string(QuietHours.clock(quiet.from)), "to": .string(QuietHours.clock(quiet.to)),
            "zone": .string(zone.identifier), "local_time": .string(QuietHours.clock(local.secondOfDay - local.second)),
        ]
        if let earliest = clear.date { extra["earliest"] = .string(ISO8601.format(earliest, in: draftZone)) }
        let message = PostingFrequencyMessages.quiet(quiet, zone: zone, local: local, regions: draft.regions)
        return finding(at: draft, location: draft.timeLocation, message: message, severity: .info, category: "quiet-hours",
                       suggestions: clear.date.map { [Suggestion(ISO8601.format($0, in: draftZone))] } ?? [],
                       notes: [Note(PostingFrequencyMessages.clear(clear, zone: draftZone))],
                       extra: ["quiet_hours": .object(extra)])
    }
}

/// The messages of `posting-frequency`.
enum PostingFrequencyMessages {
    /// How many other posts of a window a finding lists as related locations.
    static let relatedCap = 5

    /// "on X for acme", "on X", "for acme", or nothing.
    static func place(account: String?, channel: Channel?) -> String {
        var text = ""
        if let channel { text += " on \(FrequencyPolicy.platformName(channel))" }
        if let account { text += " for \(account)" }
        return text
    }

    /// What a limit asks, said by who asks it.
    static func requirement(_ limit: WindowLimit, channel: Channel?) -> String {
        switch limit.kind {
        case .limit:
            let platform = channel.map(FrequencyPolicy.platformName) ?? "the platform"
            return "\(platform) allows \(limit.phrase) (limit \(limit.id))"
        case .norm:
            return "the norm is \(limit.phrase) (\(limit.id))"
        }
    }

    /// What the messages say of one limit on one channel, whoever breaks it.
    struct LimitWording {
        /// The note that names the limit and its source.
        let source: String
        /// "the norm is at most 2 posts in 1 day (per_day)".
        let requirement: String
        /// The window, in words ("1 day").
        let within: String
        /// The window as configured ("1d").
        let withinCode: String

        init(_ limit: WindowLimit, channel: Channel?) {
            source = PostingFrequencyMessages.source(limit)
            requirement = PostingFrequencyMessages.requirement(limit, channel: channel)
            within = DurationText.describe(limit.within)
            withinCode = DurationText.format(limit.within)
        }
    }

    /// - Parameter place: `place(account:channel:)` of the timeline.
    static func broken(_ limit: WindowLimit, wording: LimitWording, place: String, count: Int, historyCount: Int,
                       window: (start: Date, end: Date), previous: Date?, zone: TimeZone?) -> String {
        if limit.isSpacing, let previous {
            let gap = window.end.timeIntervalSince(previous)
            let when = gap < 1 ? "at the same time as another post" : "\(DurationText.describe(gap)) after the previous post"
            let what = historyCount > 0 ? "already published" : "scheduled"
            return "\(when)\(place) (\(what) \(ISO8601.format(previous, in: zone))); \(wording.requirement)"
        }
        let noun = limit.counts == .replies ? "reply" : "post"
        let published = historyCount > 0 ? ", \(historyCount) of them already published" : ""
        let bounds = "\(ISO8601.format(window.start, in: zone)) to \(ISO8601.format(window.end, in: zone))"
        return "\(BatchWording.ordinal(count)) \(noun)\(place) in \(wording.within) (\(bounds)\(published)); \(wording.requirement)"
    }

    static func source(_ limit: WindowLimit) -> String {
        var text = "\(limit.kind == .limit ? "Limit" : "Norm") \(limit.id): \(limit.phrase)"
        switch (limit.grade, limit.source) {
        case (.gaffe?, let source?): text += " [Gaffe's own choice, informed by \(source)]"
        case (let grade?, let source?): text += " [\(grade.rawValue) source: \(source)]"
        case (nil, let source?): text += " [set by \(source)]"
        default: break
        }
        if let note = limit.note { text += ". \(note)" }
        return text.hasSuffix(".") ? text : text + "."
    }

    static func alsoBreaks(_ others: [(WindowLimit, Int)]) -> String {
        "Also breaks " + others.map { limit, count in
            "\(limit.id) (\(limit.phrase): \(count) in the window)"
        }.joined(separator: "; ") + "."
    }

    static func moreInWindow(_ count: Int) -> String {
        "\(count) earlier post\(count == 1 ? "" : "s") in the window \(count == 1 ? "is" : "are") not listed."
    }

    static func relatedDraft(number: Int, of count: Int, at date: Date, zone: TimeZone?) -> String {
        "post \(number) of \(count) in the window, \(ISO8601.format(date, in: zone))"
    }

    static func relatedHistory(number: Int, of count: Int, at date: Date, zone: TimeZone?) -> String {
        "post \(number) of \(count) in the window, already published \(ISO8601.format(date, in: zone))"
    }

    static func clear(_ clear: FrequencyAnalysis.ClearTime, zone: TimeZone?) -> String {
        switch clear {
        case .at(let date):
            "Earliest time at which this post breaks no frequency limit: \(ISO8601.format(date, in: zone)) (gaffe reschedule moves it)."
        case .quietAllDay:
            "No later time is clear: quiet hours cover the whole day in the audience's time zones."
        case .notWithinHorizon:
            "Every time in the \(DurationText.describe(FrequencyAnalysis.clearTimeHorizon)) after this post breaks a frequency limit: "
                + "the schedule is full, so post less often rather than later."
        }
    }

    static func quiet(_ quiet: QuietHours, zone: TimeZone, local: CivilDateTime, regions: [Region]) -> String {
        let audience = regions.isEmpty ? "in its own time zone" : "in \(regions.map(\.code).joined(separator: ", "))"
        return "scheduled at \(QuietHours.clock(local.secondOfDay - local.second)) in \(zone.identifier), inside the quiet hours \(quiet.description) of its audience \(audience)"
    }
}
