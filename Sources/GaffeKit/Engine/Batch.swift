import Foundation

/// What a batch rule knows of one draft once the draft itself is gone: its identity, summary and
/// where it sits in the file.
///
/// A class, so that sorting and grouping a million of them moves references rather than copies;
/// locations are kept compactly and rebuilt on demand.
public final class BatchDraft: Sendable {
    /// Position of the draft in the run, in reading order.
    public let ordinal: Int
    public let reference: DraftReference
    public let summary: DraftSummary
    /// The publish instant, or the run's reference date for a draft without one.
    public let publishAt: Date
    /// Whether `publishAt` came from the draft rather than the reference date.
    public let hasPublishTime: Bool
    private let textPlace: CompactLocation
    private let timePlace: CompactLocation?
    let suppressions: Suppressions?

    init(ordinal: Int, draft: Draft, context: RuleContext) {
        self.ordinal = ordinal
        reference = draft.reference
        summary = DraftSummary(draft)
        publishAt = context.publishDate(of: draft)
        hasPublishTime = draft.metadata.publishAt != nil
        let text = CompactLocation(draft.source.location(of: draft.anchor(.text)))
        textPlace = text
        let time = draft.anchor(.publishAt)
        timePlace = time == draft.anchor(.text) ? nil : CompactLocation(draft.source.location(of: time))
        let suppressions = draft.suppressions
        self.suppressions = suppressions.ignoresAll || !suppressions.ignoredRules.isEmpty || !suppressions.regions.isEmpty
            ? suppressions : nil
    }

    /// Where the draft's text is (the whole draft for documents, the `text` cell for schedules).
    public var textLocation: SourceLocation { textPlace.location(path: reference.path) }

    /// Where the publish time is written, or `textLocation` without one.
    public var timeLocation: SourceLocation { (timePlace ?? textPlace).location(path: reference.path) }

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
///
/// `items` and `groups` are each made on first use, once: a rule that reads only one of them does
/// not pay for the other (over a million drafts, placing the items costs a cache miss each).
public struct Batch<Entry: Sendable>: Sendable {
    private let unordered: [BatchItem<Entry>]
    private let layout: BatchLayout
    private let made = Locked<(items: [BatchItem<Entry>]?, groups: [BatchGroup<Entry>]?)>((nil, nil))

    public init(items unordered: [BatchItem<Entry>]) {
        // The ordering and grouping work on the drafts alone (one concrete type), and the items
        // are placed by index afterwards: generic code over `Entry` copies values through
        // witness tables.
        self.unordered = unordered
        layout = BatchLayout(drafts: unordered.map(\.draft))
    }

    /// Every item once, ordered by publish time, then file and draft number.
    public var items: [BatchItem<Entry>] {
        made.withLock { made in
            if let items = made.items { return items }
            let items = layout.order.map { unordered[Int($0)] }
            made.items = items
            return items
        }
    }

    /// The first item in publish order, without placing the others.
    public var first: BatchItem<Entry>? {
        layout.order.first.map { unordered[Int($0)] }
    }

    /// One group per account and channel (a draft with two channels is in two groups), ordered
    /// by account then channel; items in publish order.
    public var groups: [BatchGroup<Entry>] {
        made.withLock { made in
            if let groups = made.groups { return groups }
            let groups = layout.groups.map { group in
                BatchGroup(account: group.account, channel: group.channel, items: group.members.map { unordered[Int($0)] })
            }
            made.groups = groups
            return groups
        }
    }
}

/// The order and groups of a batch, as positions in the list of its drafts.
struct BatchLayout {
    /// Positions in publish order (then file, then draft number).
    var order: [Int32] = []
    /// One group per account and channel, ordered by account then channel; members in publish order.
    var groups: [(account: String?, channel: Channel?, members: [Int32])] = []

    init(drafts: [BatchDraft]) {
        // Sort small keys: publish time, then the file's rank among the run's paths, then the
        // draft number.
        var pathRanks: [String: Int32] = [:]
        var lastPath: (path: String, rank: Int32)?
        var ranks: [Int32] = []
        ranks.reserveCapacity(drafts.count)
        for draft in drafts {
            let path = draft.reference.path
            if let last = lastPath, last.path == path {
                ranks.append(last.rank)
                continue
            }
            let rank = pathRanks[path] ?? Int32(pathRanks.count)
            pathRanks[path] = rank
            lastPath = (path, rank)
            ranks.append(rank)
        }
        // Ranks so far are in reading order; make them follow the paths' own order.
        var sortedRank = [Int32](repeating: 0, count: pathRanks.count)
        for (order, path) in pathRanks.keys.sorted().enumerated() { sortedRank[Int(pathRanks[path]!)] = Int32(order) }
        var keys: [(time: Double, path: Int32, index: Int, position: Int32)] = []
        keys.reserveCapacity(drafts.count)
        for (position, draft) in drafts.enumerated() {
            keys.append((draft.publishAt.timeIntervalSince1970, sortedRank[Int(ranks[position])], draft.reference.index,
                         Int32(position)))
        }
        keys.sort { ($0.time, $0.path, $0.index) < ($1.time, $1.path, $1.index) }
        order = keys.map(\.position)

        // Group: number the groups in order of first appearance, then list each group's members.
        var groupIDs: [GroupKey: Int32] = [:]
        var groupKeys: [GroupKey] = []
        var members: [[Int32]] = []
        // Most brands' schedules repeat one account and a few channels: a key like the last one
        // skips the hashing.
        var last: (account: String?, channel: Channel?, id: Int32)?
        func add(_ position: Int32, account: String?, channel: Channel?) {
            if let known = last, known.channel == channel, known.account == account {
                members[Int(known.id)].append(position)
                return
            }
            let key = GroupKey(account: account, channel: channel)
            let id: Int32
            if let known = groupIDs[key] {
                id = known
            } else {
                id = Int32(groupKeys.count)
                groupIDs[key] = id
                groupKeys.append(key)
                members.append([])
            }
            members[Int(id)].append(position)
            last = (account, channel, id)
        }
        for position in order {
            let summary = drafts[Int(position)].summary
            if summary.channels.isEmpty {
                add(position, account: summary.account, channel: nil)
            } else {
                for channel in summary.channels { add(position, account: summary.account, channel: channel) }
            }
        }
        groups = groupKeys.indices.sorted { groupKeys[$0] < groupKeys[$1] }.map { id in
            (groupKeys[id].account, groupKeys[id].channel, members[id])
        }
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

/// A place in a file without its path (the draft's own, kept once in `BatchDraft`), so a batch
/// rule can remember where a phrase was in 32 bytes.
struct CompactLocation: Sendable, Hashable {
    let lower: Int
    let upper: Int
    let startLine: Int32
    let startColumn: Int32
    let endLine: Int32
    let endColumn: Int32

    init(_ location: SourceLocation) {
        lower = location.byteRange.lowerBound
        upper = location.byteRange.upperBound
        startLine = Int32(clamping: location.start.line)
        startColumn = Int32(clamping: location.start.column)
        endLine = Int32(clamping: location.end.line)
        endColumn = Int32(clamping: location.end.column)
    }

    /// Where a range of a draft's text is in its file.
    init(text range: Range<Int>, of draft: Draft) {
        self.init(draft.source.location(of: draft.textMap.sourceRange(forText: range)))
    }

    func location(path: String) -> SourceLocation {
        SourceLocation(path: path, byteRange: lower..<upper, start: SourcePosition(line: Int(startLine), column: Int(startColumn)),
                       end: SourcePosition(line: Int(endLine), column: Int(endColumn)))
    }
}
