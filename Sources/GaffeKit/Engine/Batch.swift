import Foundation

/// What a batch rule knows of one draft once the draft itself is gone: its identity, summary and
/// where it sits in the file.
///
/// A class, so that sorting and grouping a million of them moves references rather than copies.
/// A dense schedule keeps one for every draft within the rules' reach (about 170,000 at a million posts
/// a year), so each field is stored once, in 185 bytes: `reference` and `summary` are put
/// together on demand, locations are kept compactly, and the rare suppressions sit in a box.
public final class BatchDraft: Sendable {
    /// Position of the draft in the run, in reading order.
    public let ordinal: Int
    /// The publish instant, or the run's reference date for a draft without one.
    public let publishAt: Date
    /// The hash of `account`, worked out on the worker that made this, so that grouping a
    /// million drafts in reading order (on one thread) does not hash each account again.
    let accountHash: Int
    /// The draft's file.
    let path: String
    /// The draft's number in its file.
    let index: Int
    let account: String?
    let channels: [Channel]
    let regions: [Region]
    let timeZone: TimeZone?
    private let textPlace: CompactLocation
    /// Where the publish time is written; `textPlace` when the draft has no place of its own for it.
    private let timePlace: CompactLocation
    private let suppressionsBox: SuppressionsBox?
    /// Whether `publishAt` came from the draft rather than the reference date.
    public let hasPublishTime: Bool

    init(ordinal: Int, draft: Draft, context: RuleContext) {
        self.ordinal = ordinal
        publishAt = context.publishDate(of: draft)
        let metadata = draft.metadata
        account = metadata.account
        accountHash = account.hashValue
        path = draft.source.path
        index = draft.index
        channels = metadata.channels
        regions = metadata.regions
        timeZone = metadata.timeZone
        let text = draft.anchor(.text)
        textPlace = CompactLocation(draft.source.location(of: text))
        let time = draft.anchor(.publishAt)
        timePlace = time == text ? textPlace : CompactLocation(draft.source.location(of: time))
        // Read in place: most drafts suppress nothing, and copying the suppressions costs.
        let suppresses = draft.suppressions.ignoresAll || !draft.suppressions.ignoredRules.isEmpty || !draft.suppressions.regions.isEmpty
        suppressionsBox = suppresses ? SuppressionsBox(draft.suppressions) : nil
        hasPublishTime = metadata.publishAt != nil
    }

    /// The draft's file and number.
    public var reference: DraftReference { DraftReference(path: path, index: index) }

    /// What a finding says of the draft.
    public var summary: DraftSummary {
        DraftSummary(index: index, account: account, channels: channels, publishAt: hasPublishTime ? publishAt : nil,
                     timeZone: timeZone, regions: regions)
    }

    /// Where the draft's text is (the whole draft for documents, the `text` cell for schedules).
    public var textLocation: SourceLocation { textPlace.location(path: path) }

    /// Where the publish time is written, or `textLocation` without one.
    public var timeLocation: SourceLocation { timePlace.location(path: path) }

    /// The draft's suppressions, when it has any that can switch a finding off.
    var suppressions: Suppressions? { suppressionsBox?.suppressions }

    /// Whether a finding of `rule` at `offset` in this draft is switched off.
    func suppresses(rule: String, at offset: Int) -> Bool {
        suppressionsBox?.suppressions.suppresses(rule: rule, at: offset) ?? false
    }

    /// The few drafts with suppressions keep them here, so the others spend 8 bytes, not 32.
    private final class SuppressionsBox: Sendable {
        let suppressions: Suppressions

        init(_ suppressions: Suppressions) {
            self.suppressions = suppressions
        }
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
    private let scope: BatchScope
    private let made = Locked<(items: [BatchItem<Entry>]?, groups: [BatchGroup<Entry>]?)>((nil, nil))

    public init(items unordered: [BatchItem<Entry>]) {
        self.init(items: unordered, scope: BatchScope())
    }

    /// Items whose rule reports only at the drafts `scope` names.
    init(items unordered: [BatchItem<Entry>], scope: BatchScope) {
        // The ordering and grouping work on the drafts alone (one concrete type), and the items
        // are placed by index afterwards: generic code over `Entry` copies values through
        // witness tables.
        self.init(items: unordered, layout: BatchLayout(drafts: unordered.map(\.draft)), scope: scope)
    }

    /// Items with a layout built as they were collected (`BatchLayout.Builder`, in the same order),
    /// and the drafts among them to report at.
    init(items unordered: [BatchItem<Entry>], layout: BatchLayout, scope: BatchScope = BatchScope()) {
        self.unordered = unordered
        self.layout = layout
        self.scope = scope
    }

    /// Whether the rule reports at this draft: always, unless a long schedule is checked a
    /// stretch at a time (for a rule with a `horizon`). Then a batch also holds drafts that are
    /// there only to be compared with: earlier ones, reported with the stretch before, and later
    /// ones, reported with the next.
    public func reports(at draft: BatchDraft) -> Bool {
        scope.reports(at: draft)
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

    /// Whether some draft is in more than one group (it names several channels).
    public var hasDraftsInSeveralGroups: Bool { layout.hasDraftsInSeveralGroups }

    /// The first item in publish order, without placing the others.
    public var first: BatchItem<Entry>? {
        layout.order.first.map { unordered[Int($0)] }
    }

    /// One group per account and channel (a draft with two channels is in two groups), ordered
    /// by account then channel; items in publish order.
    public var groups: [BatchGroup<Entry>] {
        made.withLock { made in
            if let groups = made.groups { return groups }
            // Placing a million items costs a cache miss each: spread over every core.
            let layoutGroups = layout.groups
            let unordered = unordered
            let groups = Parallel.map(layoutGroups.count, minimumPerWorker: 4) { index in
                let group = layoutGroups[index]
                return BatchGroup(account: group.account, channel: group.channel, items: group.members.map { unordered[Int($0)] })
            }
            made.groups = groups
            return groups
        }
    }
}

/// Which drafts of a batch its rule reports at, when a long schedule is checked a stretch at a
/// time (`BatchCollector`); by default, all of them.
struct BatchScope: Sendable {
    /// Drafts read from this ordinal on are new to the batch and not yet reported.
    var newFrom = 0
    /// Drafts read before `newFrom` were reported with an earlier stretch, except those published
    /// at or after this (the last cut).
    var reportedBefore = Date.distantPast
    /// Drafts published at or after this are reported with a later stretch; `nil` for none.
    var cut: Date?

    func reports(at draft: BatchDraft) -> Bool {
        (draft.ordinal >= newFrom || draft.publishAt >= reportedBefore) && cut.map { draft.publishAt < $0 } ?? true
    }
}

/// The order and groups of a batch, as positions in the list of its drafts.
struct BatchLayout {
    /// Positions in publish order (then file, then draft number).
    var order: [Int32] = []
    /// One group per account and channel, ordered by account then channel; members in publish order.
    var groups: [(account: String?, channel: Channel?, members: [Int32])] = []
    /// Whether some draft is in more than one group.
    var hasDraftsInSeveralGroups = false

    init(drafts: [BatchDraft]) {
        var builder = Builder()
        for draft in drafts { builder.add(draft) }
        self = builder.layout()
    }

    fileprivate init(order: [Int32], groups: [(account: String?, channel: Channel?, members: [Int32])], hasDraftsInSeveralGroups: Bool) {
        self.order = order
        self.groups = groups
        self.hasDraftsInSeveralGroups = hasDraftsInSeveralGroups
    }

    /// Notes what the layout needs of each draft as the batch is collected, while the draft is
    /// fresh in the cache, in flat arrays of numbers: ordering and grouping a million drafts then
    /// touch no draft again.
    struct Builder {
        private var times: [Double] = []
        private var indices: [Int] = []
        /// Each draft's file, as the rank of its path in reading order.
        private var pathRanks: [Int32] = []
        /// Each draft's first group (account and channel), and the others of a draft on several channels.
        private var firstGroups: [Int32] = []
        private var moreGroups: [Int32: [Int32]] = [:]
        private var pathRankByPath: [String: Int32] = [:]
        private var lastPath: (path: String, rank: Int32)?
        private var groupKeys: [GroupKey] = []
        /// The accounts seen, each with its hash and the start of its row in `groupSlots`.
        private var accounts: [(account: String?, hash: Int, row: Int)] = []
        /// An open-addressing table of `accounts` by hash (a power of two long, made on first
        /// use; −1 where free).
        private var accountTable: [Int32] = []
        /// Group numbers by account (the start of its row) and channel; −1 where none yet.
        private var groupSlots: [Int32] = []
        private var lastAccount: (account: String?, row: Int)?

        init() {}

        mutating func add(_ draft: BatchDraft) {
            let position = Int32(times.count)
            times.append(draft.publishAt.timeIntervalSince1970)
            indices.append(draft.index)
            let path = draft.path
            if let last = lastPath, last.path == path {
                pathRanks.append(last.rank)
            } else {
                let rank = pathRankByPath[path] ?? Int32(pathRankByPath.count)
                pathRankByPath[path] = rank
                lastPath = (path, rank)
                pathRanks.append(rank)
            }
            let account = draft.account
            let channels = draft.channels
            let hash = draft.accountHash
            firstGroups.append(group(account: account, hash: hash, channel: channels.first))
            if channels.count > 1 {
                moreGroups[position] = channels.dropFirst().map { group(account: account, hash: hash, channel: $0) }
            }
        }

        /// The number of a group: the account's hash finds its row of a table with a slot per
        /// channel (and one for none).
        private mutating func group(account: String?, hash: Int, channel: Channel?) -> Int32 {
            let row: Int
            if let last = lastAccount, last.account == account {
                row = last.row
            } else {
                row = accountRow(account, hash: hash)
                lastAccount = (account, row)
            }
            let slot = row + (channel.map { $0.ordinal + 1 } ?? 0)
            if groupSlots[slot] >= 0 { return groupSlots[slot] }
            let id = Int32(groupKeys.count)
            groupKeys.append(GroupKey(account: account, channel: channel))
            groupSlots[slot] = id
            return id
        }

        /// The start of an account's row in `groupSlots`, made on first sight.
        private mutating func accountRow(_ account: String?, hash: Int) -> Int {
            if accountTable.isEmpty { accountTable = [Int32](repeating: -1, count: 64) }
            var mask = accountTable.count - 1
            var place = hash & mask
            while accountTable[place] >= 0 {
                let known = Int(accountTable[place])
                if accounts[known].hash == hash, accounts[known].account == account { return accounts[known].row }
                place = (place + 1) & mask
            }
            let row = groupSlots.count
            groupSlots.append(contentsOf: repeatElement(-1, count: Channel.allCases.count + 1))
            accountTable[place] = Int32(accounts.count)
            accounts.append((account, hash, row))
            if accounts.count * 2 > accountTable.count {
                // Keep the table at most half full: twice as long, every account placed again.
                accountTable = [Int32](repeating: -1, count: accountTable.count * 2)
                mask = accountTable.count - 1
                for (index, known) in accounts.enumerated() {
                    var place = known.hash & mask
                    while accountTable[place] >= 0 { place = (place + 1) & mask }
                    accountTable[place] = Int32(index)
                }
            }
            return row
        }

        /// Orders and groups what was added.
        func layout() -> BatchLayout {
            // Ranks so far are in reading order; make them follow the paths' own order.
            var sortedRank = [Int32](repeating: 0, count: pathRankByPath.count)
            for (order, path) in pathRankByPath.keys.sorted().enumerated() { sortedRank[Int(pathRankByPath[path]!)] = Int32(order) }
            var keys: [(time: Double, path: Int32, index: Int, position: Int32)] = []
            keys.reserveCapacity(times.count)
            for position in times.indices {
                keys.append((times[position], sortedRank[Int(pathRanks[position])], indices[position], Int32(position)))
            }
            // A schedule is usually written in time order already: a plain pass finds that out,
            // cheaper than the sort's own check.
            func before(_ lhs: (time: Double, path: Int32, index: Int, position: Int32),
                        _ rhs: (time: Double, path: Int32, index: Int, position: Int32)) -> Bool {
                (lhs.time, lhs.path, lhs.index) < (rhs.time, rhs.path, rhs.index)
            }
            if !zip(keys, keys.dropFirst()).allSatisfy({ !before($1, $0) }) { keys.sort(by: before) }
            let order = keys.map(\.position)

            // Members in publish order; groups whose keys tie keep the order they first appear in.
            var members = [[Int32]](repeating: [], count: groupKeys.count)
            var firstAppearance = [Int32](repeating: 0, count: groupKeys.count)
            var seen: Int32 = 0
            func place(_ position: Int32, in group: Int32) {
                if members[Int(group)].isEmpty {
                    seen += 1
                    firstAppearance[Int(group)] = seen
                }
                members[Int(group)].append(position)
            }
            for position in order {
                place(position, in: firstGroups[Int(position)])
                if !moreGroups.isEmpty, let others = moreGroups[position] {
                    for group in others { place(position, in: group) }
                }
            }
            let groups = groupKeys.indices
                .sorted { (groupKeys[$0], firstAppearance[$0]) < (groupKeys[$1], firstAppearance[$1]) }
                .map { id in (groupKeys[id].account, groupKeys[id].channel, members[id]) }
            return BatchLayout(order: order, groups: groups, hasDraftsInSeveralGroups: !moreGroups.isEmpty)
        }
    }

    private struct GroupKey: Comparable {
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
