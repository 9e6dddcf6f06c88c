import Foundation

/// What a batch rule knows of one draft once the draft itself is gone: its identity, summary and
/// where it sits in the file.
public struct BatchDraft: Sendable {
    /// Position of the draft in the run, in reading order.
    public let ordinal: Int
    public let reference: DraftReference
    public let summary: DraftSummary
    /// The publish instant, or the run's reference date for a draft without one.
    public let publishAt: Date
    /// Whether `publishAt` came from the draft rather than the reference date.
    public let hasPublishTime: Bool
    /// Where the draft's text is (the whole draft for documents, the `text` cell for schedules).
    public let textLocation: SourceLocation
    /// Where the publish time is written, or `textLocation` without one.
    public let timeLocation: SourceLocation
    let suppressions: Suppressions?

    init(ordinal: Int, draft: Draft, context: RuleContext) {
        self.ordinal = ordinal
        reference = draft.reference
        summary = DraftSummary(draft)
        publishAt = context.publishDate(of: draft)
        hasPublishTime = draft.metadata.publishAt != nil
        textLocation = draft.source.location(of: draft.anchor(.text))
        timeLocation = draft.source.location(of: draft.anchor(.publishAt))
        let suppressions = draft.suppressions
        self.suppressions = suppressions.ignoresAll || !suppressions.ignoredRules.isEmpty || !suppressions.regions.isEmpty
            ? suppressions : nil
    }

    /// Whether a finding of `rule` at `offset` in this draft is switched off.
    func suppresses(rule: String, at offset: Int) -> Bool {
        suppressions?.suppresses(rule: rule, at: offset) ?? false
    }
}

/// One draft's entry in a batch.
public struct BatchItem<Entry: Sendable>: Sendable {
    public let draft: BatchDraft
    public let entry: Entry
}

/// The drafts of one account on one channel, in publish order.
public struct BatchGroup<Entry: Sendable>: Sendable {
    public let account: String?
    public let channel: Channel?
    public let items: [BatchItem<Entry>]
}

/// Everything a batch rule saw in a run, grouped by account and channel.
public struct Batch<Entry: Sendable>: Sendable {
    /// Every item once, ordered by publish time, then file and draft number.
    public let items: [BatchItem<Entry>]
    /// One group per account and channel (a draft with two channels is in two groups), ordered
    /// by account then channel; items in publish order.
    public let groups: [BatchGroup<Entry>]

    public init(items unordered: [BatchItem<Entry>]) {
        let items = unordered.sorted(by: Batch.publishOrder)
        self.items = items
        var byKey: [GroupKey: [BatchItem<Entry>]] = [:]
        for item in items {
            let channels: [Channel?] = item.draft.summary.channels.isEmpty ? [nil] : item.draft.summary.channels
            for channel in channels {
                byKey[GroupKey(account: item.draft.summary.account, channel: channel), default: []].append(item)
            }
        }
        groups = byKey.keys.sorted().map { key in
            BatchGroup(account: key.account, channel: key.channel, items: byKey[key]!)
        }
    }

    /// Publish time, then file, then draft number: a total order, whatever order files were read in.
    static func publishOrder(_ lhs: BatchItem<Entry>, _ rhs: BatchItem<Entry>) -> Bool {
        if lhs.draft.publishAt != rhs.draft.publishAt { return lhs.draft.publishAt < rhs.draft.publishAt }
        return lhs.draft.reference < rhs.draft.reference
    }

    private struct GroupKey: Hashable, Comparable {
        let account: String?
        let channel: Channel?

        static func < (lhs: GroupKey, rhs: GroupKey) -> Bool {
            (lhs.account ?? "", lhs.channel?.rawValue ?? "") < (rhs.account ?? "", rhs.channel?.rawValue ?? "")
        }
    }
}

extension BatchRule {
    /// A finding at a draft of the batch, for `check(_:context:)`.
    public func finding(at item: BatchDraft, location: SourceLocation? = nil, message: String, severity: Severity? = nil,
                        category: String? = nil, suggestions: [Suggestion] = [], notes: [Note] = [],
                        related: [RelatedLocation] = [], extra: [String: JSONValue] = [:]) -> Finding {
        var finding = Finding(ruleID: Self.description.identifier, severity: severity ?? Self.description.defaultSeverity,
                              message: message, location: location ?? item.textLocation, category: category,
                              suggestions: suggestions, notes: notes, related: related, draft: item.summary)
        for key in extra.keys.sorted() { finding.extra[key] = extra[key] }
        return finding
    }
}
