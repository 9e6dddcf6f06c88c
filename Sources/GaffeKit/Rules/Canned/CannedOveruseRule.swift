import Foundation

/// Finds the same canned phrase, or the same reply template, used by one account more often
/// than followers forgive: Home Depot's 79 pasted apologies in a row, Progressive's identical
/// replies about a customer's death. Counts per account and channel in a sliding window (limits
/// per channel), and reports each use past the limit with the earlier ones as related locations.
public struct CannedOveruseRule: StreamingBatchRule {
    public static let description = RuleDescription(
        identifier: "canned-overuse",
        name: "Canned phrase overuse",
        summary: "The same canned phrase or reply template used by one account more often than a limit allows in a window.",
        rationale: """
            One "we apologize for any inconvenience" is a matter of style; the same line under \
            every complaint is what followers screenshot (Home Depot's run of 79 pasted \
            apologies, Progressive's identical replies to a customer about his sister's death). \
            The rule counts, for each account and channel, every phrase of the phrase packs and \
            every reply template: a reply (a draft that starts with an @mention) with mentions, \
            names, links, numbers and order ids taken out. A use past the channel's limit within \
            its window is reported with the count and the earlier uses as related locations. A \
            reply that repeats a whole template is reported once, as a template, not phrase by \
            phrase. Default limits: 5 a day on conversational channels (x, threads, bluesky, \
            mastodon, facebook, instagram, tiktok, youtube), 3 a week on linkedin and pinterest, \
            2 in 30 days for email and blog, 3 a week for drafts without a channel (docs/canned.md).
            """,
        defaultSeverity: .warning,
        scope: .text,
        tags: ["content", "tone", "frequency"],
        precision: .high,
        triggeringExamples: [
            Example("""
                publish_at,account,channel,text
                2026-03-02T09:00:00Z,acme_care,x,@ann Sorry! We apologize for any inconvenience.
                2026-03-02T10:00:00Z,acme_care,x,@bo We apologize for any inconvenience. Your parcel ships today.
                2026-03-02T11:00:00Z,acme_care,x,@cy Thanks for the photo! We apologize for any inconvenience.
                2026-03-02T12:00:00Z,acme_care,x,"@di Oh no, ⟦we apologize for any inconvenience⟧."

                """, format: .csv, configuration: "rules:\n  canned-overuse:\n    channels:\n      x: {limit: 3, window: 24h}\n"),
            Example("""
                publish_at,account,channel,text
                2026-03-02T09:00:00Z,acme_care,x,"@ann Hi Ann, so sorry to hear that! Please DM us your order number #A1234 ^KT"
                2026-03-02T09:20:00Z,acme_care,x,"@bo Hi Bo, so sorry to hear that! Please DM us your order number #B77 ^MB"
                2026-03-02T09:40:00Z,acme_care,x,"⟦@cy Hi Cy, so sorry to hear that! Please DM us your order number #C3 ^KT⟧"

                """, format: .csv, configuration: "rules:\n  canned-overuse:\n    channels:\n      x: {limit: 2, window: 1h}\n"),
        ],
        nonTriggeringExamples: [
            Example("""
                publish_at,account,channel,text
                2026-03-02T09:00:00Z,acme_care,x,@ann We're sorry your order was late. A replacement ships today.
                2026-03-02T10:00:00Z,acme_care,x,@bo Thanks for the photo! Glad the boots fit.

                """, format: .csv),
            Example("""
                publish_at,account,channel,text
                2026-03-02T09:00:00Z,acme_care,x,@ann We apologize for any inconvenience.
                2026-03-02T10:00:00Z,acme_uk,x,@bo We apologize for any inconvenience.
                2026-03-03T11:00:00Z,acme_care,x,@cy We apologize for any inconvenience.

                """, format: .csv, configuration: "rules:\n  canned-overuse:\n    channels:\n      x: {limit: 1, window: 24h}\n"),
            Example("""
                publish_at,account,channel,text
                2026-03-02T09:00:00Z,acme_care,x,@ann We apologize for any inconvenience.
                2026-03-02T10:00:00Z,acme_care,facebook,@bo We apologize for any inconvenience.

                """, format: .csv, configuration: "rules:\n  canned-overuse:\n    limit: 1\n    channels:\n      x: {limit: 1, window: 24h}\n"),
        ]
    )

    /// How many uses a window allows.
    public struct Limit: Sendable, Hashable, CustomStringConvertible {
        public var count: Int
        public var window: DurationOption

        public init(count: Int, window: TimeInterval) {
            self.count = count
            self.window = DurationOption(seconds: window)
        }

        public var description: String { "\(count) in \(window)" }
    }

    public struct Options: RuleOptions {
        /// Limits for channels not listed under `channels`, and for drafts without a channel.
        public var limit = 3
        public var window = DurationOption(seconds: 7 * 86_400)
        /// Limits per channel.
        public var channels: [Channel: Limit] = Options.defaultChannels
        /// Replies shorter than this many words (after normalization) are not counted as templates.
        public var templateMinimumWords = 5

        public static let defaultChannels: [Channel: Limit] = {
            var limits: [Channel: Limit] = [:]
            for channel in [Channel.x, .threads, .bluesky, .mastodon, .facebook, .instagram, .tiktok, .youtube] {
                limits[channel] = Limit(count: 5, window: 86_400)
            }
            for channel in [Channel.linkedin, .pinterest] { limits[channel] = Limit(count: 3, window: 7 * 86_400) }
            for channel in [Channel.email, .blog] { limits[channel] = Limit(count: 2, window: 30 * 86_400) }
            return limits
        }()

        public init() {}

        public mutating func read(_ reader: OptionsReader) throws {
            try reader.read("limit", &limit, "Uses of one phrase or template an account may make within `window` on channels not listed under `channels`, and in drafts without a channel.") {
                $0 >= 1 ? nil : "must be at least 1"
            }
            try reader.read("window", &window, "The sliding window for `limit` (24h, 7d, P30D).")
            var channels = self.channels
            try reader.readMapping("channels", "Limits per channel, each `{limit: N, window: D}`: 5 in 24h on x, threads, bluesky, mastodon, facebook, instagram, tiktok and youtube; 3 in 7d on linkedin and pinterest; 2 in 30d on email and blog.") { mapping in
                for key in mapping.keys {
                    guard let value = mapping.take(key) else { continue }
                    guard let channel = Channel(name: key) else {
                        throw (mapping.entries[key]?.key ?? value).error("unknown channel '\(key)'; expected one of \(Channel.acceptedNames)")
                    }
                    let fields = try value.mapping()
                    var limit = channels[channel] ?? Limit(count: 3, window: 7 * 86_400)
                    try fields.read("limit", into: &limit.count)
                    try fields.read("window", into: &limit.window)
                    try fields.finish()
                    guard limit.count >= 1 else { throw value.error("'limit' must be at least 1") }
                    channels[channel] = limit
                }
            }
            self.channels = channels
            try reader.read("template_min_words", &templateMinimumWords, "Replies with fewer words than this (once mentions, names and numbers are out) are not counted as templates.")
        }
    }

    /// One phrase of the packs in a draft, where it is, and how it reads.
    struct PhraseUse: Sendable {
        var entry: Int32
        var location: CompactLocation
        var text: String
    }

    /// What the rule keeps of a draft: its reply template, if it is a reply, and its phrases.
    public struct Entry: Sendable {
        /// The template key; 0 when the draft is not a reply or too short to count.
        var template: UInt64
        var phrases: [PhraseUse]
    }

    private let phrases: PhraseLexicon
    private let options: Options

    public init(options: Options, context: RuleContext) throws {
        guard options.limit >= 1 else { throw UsageError("canned-overuse: 'limit' must be at least 1") }
        phrases = try context.service(PhraseLexicon.self)
        self.options = options
    }

    public func entry(for draft: Draft, context: RuleContext) -> Entry? {
        var template: UInt64 = 0
        if ReplyTemplate.isReply(draft.text) {
            let words = ReplyTemplate.words(of: draft.prose)
            if words.count >= options.templateMinimumWords { template = ReplyTemplate.key(ofWords: words) | 1 }
        }
        var uses: [PhraseUse] = []
        var seen: Set<Int> = []
        for hit in phrases.lexicon.hits(in: draft, where: { _ in true }) where seen.insert(hit.match.entry).inserted {
            uses.append(PhraseUse(entry: Int32(hit.match.entry), location: CompactLocation(text: hit.match.range, of: draft), text: hit.text))
        }
        guard template != 0 || !uses.isEmpty else { return nil }
        return Entry(template: template, phrases: uses)
    }

    /// A use is counted with the uses of the longest window before it.
    public var horizon: BatchHorizon? {
        BatchHorizon(lookBack: options.channels.values.map(\.window.seconds).reduce(options.window.seconds, max))
    }

    public func check(_ batch: Batch<Entry>, context: RuleContext, report: (Finding) -> Void) {
        for group in batch.groups {
            let limit = group.channel.flatMap { options.channels[$0] } ?? Limit(count: options.limit, window: options.window.seconds)
            check(group, limit: limit, reports: batch.reports(at:), report: report)
        }
    }

    /// What is counted: a phrase entry, or a reply template.
    private enum Key: Hashable {
        case phrase(Int32)
        case template(UInt64)
    }

    /// The uses of one key still inside the window, oldest first: indexes into the group's items.
    private struct Window {
        var items: [Int] = []
        var start = 0

        var count: Int { items.count - start }
        /// The most recent uses (at most `relatedLimit`), oldest first.
        var recent: ArraySlice<Int> { items[Swift.max(start, items.count - CannedOveruseRule.relatedLimit)...] }

        mutating func drop(before time: Date, times: [Date], window: TimeInterval) {
            while start < items.count, time.timeIntervalSince(times[items[start]]) >= window { start += 1 }
            if start > 64, start * 2 > items.count {
                items.removeFirst(start)
                start = 0
            }
        }
    }

    private func check(_ group: BatchGroup<Entry>, limit: Limit, reports: (BatchDraft) -> Bool, report: (Finding) -> Void) {
        let items = group.items
        let times = items.map(\.draft.publishAt)
        var windows: [Key: Window] = [:]
        for (index, item) in items.enumerated() {
            let time = times[index]
            let reported = reports(item.draft)
            // Counts this use of `key`: drops the uses out of the window, shows `earlier` the
            // window as it is before this use, then adds it. The window is changed in place, and
            // the copy `earlier` sees is let go before the use is added (a window copied out and
            // stored back would copy all its uses).
            func countUse(_ key: Key, earlier: (Window) -> Void) {
                windows[key, default: Window()].drop(before: time, times: times, window: limit.window.seconds)
                earlier(windows[key]!)
                windows[key]!.items.append(index)
            }
            var templateFinding: Finding?
            if item.entry.template != 0 {
                countUse(.template(item.entry.template)) { window in
                    guard reported, window.count + 1 > limit.count else { return }
                    templateFinding = templateOveruse(item, earlier: window.recent.map { items[$0] }, earlierCount: window.count,
                                                      group: group, limit: limit)
                }
            }
            for use in item.entry.phrases {
                countUse(.phrase(use.entry)) { window in
                    guard reported, templateFinding == nil, window.count + 1 > limit.count else { return }
                    let earlier = window.recent.map { (items[$0].draft, items[$0].entry.phrases.first { $0.entry == use.entry }!) }
                    report(phraseOveruse(item, use: use, earlier: earlier, earlierCount: window.count, group: group, limit: limit))
                }
            }
            if let templateFinding { report(templateFinding) }
        }
    }

    /// At most this many earlier uses are listed as related locations (the most recent).
    static let relatedLimit = 20

    /// - Parameters:
    ///   - earlier: the most recent earlier uses (at most `relatedLimit`), oldest first.
    ///   - earlierCount: how many earlier uses are in the window in all.
    private func phraseOveruse(_ item: BatchItem<Entry>, use: PhraseUse, earlier: [(BatchDraft, PhraseUse)], earlierCount: Int,
                               group: BatchGroup<Entry>, limit: Limit) -> Finding {
        let count = earlierCount + 1
        let entry = phrases.lexicon.entries[Int(use.entry)]
        var finding = finding(at: item.draft, location: use.location.location(path: item.draft.path),
                              message: CannedOveruseRule.phraseMessage(use.text, count: count, group: group, limit: limit),
                              category: entry.category, suggestions: CannedPhraseRule.suggestions(for: entry),
                              notes: [Note(entry.note)] + CannedOveruseRule.omittedNote(count - 1),
                              related: CannedOveruseRule.related(earlier.map { ($0.0, $0.1.location.location(path: $0.0.path)) }, count: count),
                              extra: ["count": .int(count), "limit": .int(limit.count), "window": .string(limit.window.description),
                                      "lexicon": entry.json])
        finding.match = use.text
        return finding
    }

    /// - Parameters:
    ///   - earlier: the most recent earlier uses (at most `relatedLimit`), oldest first.
    ///   - earlierCount: how many earlier uses are in the window in all.
    private func templateOveruse(_ item: BatchItem<Entry>, earlier: [BatchItem<Entry>], earlierCount: Int, group: BatchGroup<Entry>,
                                 limit: Limit) -> Finding {
        let count = earlierCount + 1
        return finding(at: item.draft, message: CannedOveruseRule.templateMessage(count: count, group: group, limit: limit),
                       category: "reply-template", notes: [Note(CannedOveruseRule.templateNote)] + CannedOveruseRule.omittedNote(count - 1),
                       related: CannedOveruseRule.related(earlier.map { ($0.draft, $0.draft.textLocation) }, count: count),
                       extra: ["count": .int(count), "limit": .int(limit.count), "window": .string(limit.window.description)])
    }

    /// The most recent earlier uses, oldest first, each named by its number and time.
    /// - Parameters:
    ///   - earlier: the most recent earlier uses; the last `relatedLimit` of them are shown.
    ///   - count: the number of the use reported (all earlier uses in the window, plus one).
    static func related(_ earlier: [(BatchDraft, SourceLocation)], count: Int) -> [RelatedLocation] {
        let shown = earlier.suffix(relatedLimit)
        let first = count - 1 - shown.count
        return shown.enumerated().map { offset, use in
            RelatedLocation(usedBefore(first + offset + 1, of: count, at: use.0), location: use.1)
        }
    }

    // MARK: Messages

    static func phraseMessage(_ text: String, count: Int, group: BatchGroup<Entry>, limit: Limit) -> String {
        "'\(text)' is used for the \(BatchWording.ordinal(count)) time by \(BatchWording.place(account: group.account, channel: group.channel)) "
            + "within \(DurationText.describe(limit.window.seconds)) (limit \(limit.count)); followers reading along see a script"
    }

    static func templateMessage(count: Int, group: BatchGroup<Entry>, limit: Limit) -> String {
        "the same reply template is sent for the \(BatchWording.ordinal(count)) time by \(BatchWording.place(account: group.account, channel: group.channel)) "
            + "within \(DurationText.describe(limit.window.seconds)) (limit \(limit.count)); followers reading the replies see a script"
    }

    static let templateNote = "Mentions, names, links, numbers and order ids were set aside to compare the replies. Answer what each person actually said: the Progressive and Home Depot reply floods were the same sentences pasted to everyone, including people who were grieving."

    static func usedBefore(_ number: Int, of count: Int, at draft: BatchDraft) -> String {
        "use \(number) of \(count) (\(BatchWording.when(draft)))"
    }

    static func omittedNote(_ earlier: Int) -> [Note] {
        earlier > relatedLimit ? [Note("The \(relatedLimit) most recent earlier uses are listed; \(earlier - relatedLimit) before them are not.")] : []
    }
}
