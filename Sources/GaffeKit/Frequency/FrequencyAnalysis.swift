import Foundation

/// The posts of one account on one channel, drafts and history together, on one timeline in time
/// order (history first where times tie), with the limits that apply to them.
final class GroupTimeline {
    let account: String?
    let channel: Channel?
    let limits: [WindowLimit]
    /// Seconds since 1970 of every post, ascending.
    let times: [Double]
    let replies: [Bool]
    /// Who each post is: `≥ 0` the index of a draft in the group's items, `< 0` −1 − the index of a
    /// history post in `historyIndices`.
    let owners: [Int32]
    /// The timeline position of each draft item.
    let draftPositions: [Int32]
    /// The run's index of each history post on the timeline.
    let historyIndices: [Int]
    /// Timeline positions of the posts that are not replies, and of the replies, when a limit
    /// counts only those (`nil` otherwise). Plain stored lists rather than a dictionary by
    /// `Counts`: a finding looks up every post of its window.
    private let postSequence: [Int32]?
    private let replySequence: [Int32]?
    private var saturated: [Int: SaturatedWindows] = [:]
    /// What the messages say of each limit (by limit index), and of the account and channel:
    /// the same for every finding on this timeline, so worked out once.
    let wording: [PostingFrequencyMessages.LimitWording]
    let place: String

    /// - Parameters:
    ///   - drafts: the drafts' times and reply flags, in time order.
    ///   - history: history posts of this account and channel, in time order, and their indices in the run.
    init(account: String?, channel: Channel?, limits: [WindowLimit], drafts: [(time: Double, reply: Bool)], history: [HistoryPost],
         historyIndices: [Int]) {
        self.account = account
        self.channel = channel
        self.limits = limits
        wording = limits.map { PostingFrequencyMessages.LimitWording($0, channel: channel) }
        place = PostingFrequencyMessages.place(account: account, channel: channel)
        self.historyIndices = historyIndices
        // Built in locals and stored once (each access to a class's property is checked at run time).
        let count = drafts.count + history.count
        var times: [Double] = []
        var replies: [Bool] = []
        var owners: [Int32] = []
        var draftPositions: [Int32] = []
        times.reserveCapacity(count)
        replies.reserveCapacity(count)
        owners.reserveCapacity(count)
        draftPositions.reserveCapacity(drafts.count)
        func append(_ time: Double, reply: Bool, owner: Int32) {
            times.append(time)
            replies.append(reply)
            owners.append(owner)
        }
        var next = 0
        for (index, draft) in drafts.enumerated() {
            while next < history.count, history[next].publishedAt.timeIntervalSince1970 <= draft.time {
                append(history[next].publishedAt.timeIntervalSince1970, reply: history[next].isReply, owner: -1 - Int32(next))
                next += 1
            }
            draftPositions.append(Int32(times.count))
            append(draft.time, reply: draft.reply, owner: Int32(index))
        }
        while next < history.count {
            append(history[next].publishedAt.timeIntervalSince1970, reply: history[next].isReply, owner: -1 - Int32(next))
            next += 1
        }
        func sequence(_ counts: WindowLimit.Counts) -> [Int32]? {
            guard limits.contains(where: { $0.counts == counts }) else { return nil }
            return times.indices.filter { counts.includes(reply: replies[$0]) }.map(Int32.init)
        }
        postSequence = sequence(.posts)
        replySequence = sequence(.replies)
        self.times = times
        self.replies = replies
        self.owners = owners
        self.draftPositions = draftPositions
    }

    /// The number of posts a limit counts.
    func sequenceCount(_ counts: WindowLimit.Counts) -> Int {
        sequence(counts)?.count ?? times.count
    }

    /// The timeline positions of the posts a limit counts; `nil` when it counts every post.
    @inline(__always)
    private func sequence(_ counts: WindowLimit.Counts) -> [Int32]? {
        switch counts {
        case .all: nil
        case .posts: postSequence
        case .replies: replySequence
        }
    }

    /// The timeline position of the `k`th post a limit counts.
    func timelinePosition(_ k: Int, _ counts: WindowLimit.Counts) -> Int {
        if let sequence = sequence(counts) { return Int(sequence[k]) }
        return k
    }

    /// The place among the posts a limit counts of the post at a timeline position, or `nil` when
    /// the limit does not count it.
    func sequencePosition(ofTimeline position: Int, _ counts: WindowLimit.Counts) -> Int? {
        guard let sequence = sequence(counts) else { return position }
        var low = 0
        var high = sequence.count
        while low < high {
            let mid = (low + high) / 2
            if Int(sequence[mid]) < position { low = mid + 1 } else { high = mid }
        }
        return low < sequence.count && Int(sequence[low]) == position ? low : nil
    }

    /// A limit broken at a draft: how many posts its window holds, counting the draft and those
    /// before it, and where the window's posts begin.
    struct Violation {
        let limitIndex: Int
        let count: Int
        /// Positions, among the posts the limit counts, of the first post in the window and of the draft.
        let first: Int
        let position: Int
    }

    /// Every limit broken, by draft item index: a sliding window per limit, O(n) each. Only the
    /// drafts `reported(item)` names are listed (the others of a batch checked a stretch at a time
    /// are there to be counted).
    func violations(reported: (Int) -> Bool = { _ in true }) -> [Int: [Violation]] {
        var result: [Int: [Violation]] = [:]
        // Read once: the loops below would otherwise look up the sequence, and have each read of
        // a property checked at run time, for every post.
        let times = times
        let owners = owners
        for (limitIndex, limit) in limits.enumerated() {
            let count = sequenceCount(limit.counts)
            guard count > limit.posts else { continue }
            let sequence = sequence(limit.counts)
            func timelinePosition(_ k: Int) -> Int { sequence.map { Int($0[k]) } ?? k }
            var first = 0
            for k in 0..<count {
                let position = timelinePosition(k)
                let time = times[position]
                while times[timelinePosition(first)] <= time - limit.within { first += 1 }
                let inWindow = k - first + 1
                let owner = owners[position]
                if inWindow > limit.posts, owner >= 0, reported(Int(owner)) {
                    result[Int(owner), default: []].append(Violation(limitIndex: limitIndex, count: inWindow, first: first, position: k))
                }
            }
        }
        return result
    }

    /// The earliest time at or after `start` at which the draft at a timeline position fits a limit,
    /// the other posts staying where they are.
    func earliestAllowed(from start: Double, draftAt position: Int, limitIndex: Int) -> Double {
        let limit = limits[limitIndex]
        guard let k = sequencePosition(ofTimeline: position, limit.counts) else { return start }
        let windows: SaturatedWindows
        if let ready = saturated[limitIndex] {
            windows = ready
        } else {
            let sequenceTimes = sequence(limit.counts).map { $0.map { times[Int($0)] } } ?? times
            windows = SaturatedWindows(times: sequenceTimes, limit: limit)
            saturated[limitIndex] = windows
        }
        return windows.earliestAllowed(from: start, position: k)
    }
}

/// The frequency picture of a run: a timeline per account and channel, the limits each draft
/// breaks, and the earliest time each could move to.
final class FrequencyAnalysis {
    let policy: FrequencyPolicy
    let history: [HistoryPost]
    private(set) var timelines: [GroupTimeline] = []
    /// Timeline and item index of every draft on more than one channel, by ordinal.
    private var memberships: [Int: [(timeline: Int, item: Int)]] = [:]

    init<Entry>(batch: Batch<Entry>, policy: FrequencyPolicy, history: [HistoryPost], reply: (Entry) -> Bool) {
        self.policy = policy
        self.history = history
        var historyByKey: [HistoryKey: [Int]] = [:]
        for (index, post) in history.enumerated() { historyByKey[HistoryKey(account: post.account, channel: post.channel), default: []].append(index) }
        let groups = batch.groups
        // Limits worked out once per channel for the accounts without settings of their own.
        var channelLimits: [Channel?: [WindowLimit]] = [nil: policy.limits(account: nil, channel: nil)]
        for channel in Channel.allCases { channelLimits[channel] = policy.limits(account: nil, channel: channel) }
        let sharedLimits = channelLimits
        // Each group's timeline on its own, on every core (an account's thousands of groups are
        // independent); then, in order, which drafts are on several.
        timelines = Parallel.map(groups.count, minimumPerWorker: 4) { index in
            let group = groups[index]
            let limits = policy.hasOwnSettings(account: group.account) ? policy.limits(account: group.account, channel: group.channel)
                : sharedLimits[group.channel]!
            let drafts = group.items.map { (time: $0.draft.publishAt.timeIntervalSince1970, reply: reply($0.entry)) }
            let past = historyByKey[HistoryKey(account: group.account, channel: group.channel)] ?? []
            return GroupTimeline(account: group.account, channel: group.channel, limits: limits, drafts: drafts,
                                 history: past.map { history[$0] }, historyIndices: past)
        }
        guard batch.hasDraftsInSeveralGroups else { return }
        for (timeline, group) in groups.enumerated() {
            for (item, batchItem) in group.items.enumerated() where batchItem.draft.channels.count > 1 {
                memberships[batchItem.draft.ordinal, default: []].append((timeline, item))
            }
        }
    }

    /// Every timeline's violations (`GroupTimeline.violations(reported:)`), worked out on every
    /// core; `reported(timeline, item)` names the drafts to list.
    func violations(reported: @escaping @Sendable (Int, Int) -> Bool) -> [[Int: [GroupTimeline.Violation]]] {
        Parallel.map(timelines.count, minimumPerWorker: 4) { timeline in timelines[timeline].violations { reported(timeline, $0) } }
    }

    private struct HistoryKey: Hashable {
        let account: String?
        let channel: Channel?
    }

    /// The timelines and items a draft is on.
    func places(of ordinal: Int, timeline: Int, item: Int) -> [(timeline: Int, item: Int)] {
        memberships[ordinal] ?? [(timeline, item)]
    }

    /// How far after a draft's own time the earliest clear time is looked for. A post whose
    /// account and channel are full for two weeks needs fewer posts, not a later slot; and the
    /// bound keeps what each finding depends on within reach (`BatchHorizon`).
    static let clearTimeHorizon: TimeInterval = 14 * 86_400

    /// Where a flagged draft could move to.
    enum ClearTime: Equatable {
        /// The earliest time at or after its own at which it breaks nothing.
        case at(Date)
        /// Quiet hours cover the whole day in its audience's time zones.
        case quietAllDay
        /// Every time within `clearTimeHorizon` breaks a limit.
        case notWithinHorizon

        var date: Date? {
            if case .at(let date) = self { date } else { nil }
        }
    }

    /// The earliest time at or after the draft's own, within `clearTimeHorizon`, at which it breaks
    /// no limit on any of its channels and, when quiet hours apply, falls outside them.
    ///
    /// It depends only on the posts within the longest window either side of the times it
    /// considers: a limit's window holding the moved post lies within one window of it.
    func earliestClearTime(of draft: BatchDraft, places: [(timeline: Int, item: Int)], reply: Bool) -> ClearTime {
        var constraints: [(Double) -> Double?] = []
        for place in places {
            let timeline = timelines[place.timeline]
            let position = Int(timeline.draftPositions[place.item])
            for (index, limit) in timeline.limits.enumerated() where limit.counts.includes(reply: reply) {
                constraints.append { timeline.earliestAllowed(from: $0, draftAt: position, limitIndex: index) }
            }
        }
        let quiet = policy.quietHours(account: draft.account)
        let zones = quiet == nil ? [] : QuietHours.zones(regions: draft.regions, draftZone: draft.timeZone)
        if let quiet {
            constraints.append { quiet.earliestOutside(from: Date(timeIntervalSince1970: $0), zones: zones)?.timeIntervalSince1970 }
        }
        let start = draft.publishAt.timeIntervalSince1970
        if let time = SlotSearch.earliest(from: start, constraints: constraints, upTo: start + FrequencyAnalysis.clearTimeHorizon) {
            return .at(Date(timeIntervalSince1970: time))
        }
        if let quiet, quiet.earliestOutside(from: draft.publishAt, zones: zones) == nil { return .quietAllDay }
        return .notWithinHorizon
    }

    /// The history post behind a negative owner.
    func historyPost(owner: Int32, in timeline: GroupTimeline) -> HistoryPost {
        history[timeline.historyIndices[Int(-1 - owner)]]
    }
}
