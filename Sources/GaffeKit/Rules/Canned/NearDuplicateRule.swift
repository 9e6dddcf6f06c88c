import Foundation

/// Finds drafts whose text is (nearly) the same as an earlier draft's on the same channel within
/// a window: the same promotion posted nine times with one word changed. A warning within one
/// account, info across accounts; exact copies get their own message. MinHash signatures with
/// locality-sensitive banding keep the search near linear in the batch.
public struct NearDuplicateRule: StreamingBatchRule {
    public static let description = RuleDescription(
        identifier: "near-duplicate",
        name: "Near-duplicate post",
        summary: "A draft whose text is the same or nearly the same as an earlier draft on the same channel.",
        rationale: """
            Followers notice the same promotion posted again and again with one word changed, and \
            platforms treat repeated near-identical posts as spam (X rejects duplicate posts \
            outright). The rule compares drafts on the same channel published within a window \
            (7 days by default): two texts are near-duplicates when the Jaccard similarity of their \
            5-character shingles, after case, links, @mentions and numbers are set aside, reaches \
            the threshold (0.8). It reports the later draft, with the earlier one as a related \
            location (the most recent such draft) and the similarity in the message: a warning \
            for one account, info across accounts (many accounts pushing one message). Exact copies are named as such. Replies \
            (drafts that start with an @mention) are canned-overuse's business and are left out \
            unless `include_replies` is on; cross-posting one text to several channels is not \
            reported. Similarity is estimated with 128-permutation MinHash signatures and \
            candidates are found by locality-sensitive banding, so the run grows about linearly \
            with the batch (docs/canned.md).
            """,
        defaultSeverity: .warning,
        scope: .draft,
        tags: ["content", "frequency"],
        precision: .high,
        triggeringExamples: [
            Example("""
                publish_at,account,channel,text
                2026-03-02T09:00:00Z,acme,x,Our spring sneakers just dropped. Get 20% off today only with code SPRING20!
                2026-03-03T09:00:00Z,acme,x,⟦Our spring sneakers just dropped! Get 25% off today only with code SPRING25!⟧

                """, format: .csv),
            Example("""
                publish_at,account,channel,text
                2026-03-02T09:00:00Z,acme,x,"Meet the new rain jacket, designed for everyday adventures in the city."
                2026-03-04T09:00:00Z,acme,x,"⟦Meet the new rain jacket, designed for everyday adventures in the city.⟧"

                """, format: .csv),
            Example("""
                publish_at,account,channel,text
                2026-03-02T09:00:00Z,acme,x,"Meet the new rain jacket, designed for everyday adventures in the city."
                2026-03-02T15:00:00Z,acme_uk,x,"⟦Meet the new rain jacket, designed for everyday adventures in the city.⟧"

                """, format: .csv),
        ],
        nonTriggeringExamples: [
            Example("""
                publish_at,account,channel,text
                2026-03-02T09:00:00Z,acme,x,Our new rain jacket is here: fully waterproof and light enough to pack anywhere.
                2026-03-03T09:00:00Z,acme,x,Three ways to wear the rain jacket this spring: commuting, hiking and festivals.

                """, format: .csv),
            Example("""
                publish_at,account,channel,text
                2026-03-02T09:00:00Z,acme,x,Meet the new rain jacket. Designed for everyday adventures.
                2026-03-02T09:00:00Z,acme,linkedin,Meet the new rain jacket. Designed for everyday adventures.

                """, format: .csv),
            Example("""
                publish_at,account,channel,text
                2026-03-02T09:00:00Z,acme,x,Meet the new rain jacket. Designed for everyday adventures.
                2026-03-20T09:00:00Z,acme,x,Meet the new rain jacket. Designed for everyday adventures.

                """, format: .csv),
            Example("""
                publish_at,account,channel,text
                2026-03-02T09:00:00Z,acme_care,x,@ann We're sorry to hear that. Please DM us your order number.
                2026-03-02T09:05:00Z,acme_care,x,@bo We're sorry to hear that. Please DM us your order number.

                """, format: .csv),
        ]
    )

    public struct Options: RuleOptions {
        /// The estimated Jaccard similarity at or above which two texts are near-duplicates.
        public var threshold = 0.8
        public var window = DurationOption(seconds: 7 * 86_400)
        /// Whether replies (drafts that start with an @mention) are compared too.
        public var includeReplies = false
        /// Whether drafts of different accounts are compared (info findings).
        public var acrossAccounts = true
        /// Drafts with fewer normalized words are not compared.
        public var minimumWords = 3

        public init() {}

        public mutating func read(_ reader: OptionsReader) throws {
            try reader.read("threshold", &threshold, "Similarity (Jaccard of 5-character shingles, estimated) at or above which two drafts are near-duplicates, 0.5 to 1.0.") {
                (0.5...1.0).contains($0) ? nil : "must be between 0.5 and 1.0, not \($0)"
            }
            try reader.read("window", &window, "How far back to look for an earlier draft (24h, 7d, P30D).")
            try reader.read("include_replies", &includeReplies, "Compare replies (drafts that start with an @mention) too; canned-overuse counts their templates either way.")
            try reader.read("across_accounts", &acrossAccounts, "Report drafts of different accounts that match (as info).")
            try reader.read("min_words", &minimumWords, "Leave out drafts with fewer words than this (\"Good morning!\").")
        }
    }

    /// What the rule keeps of a draft: its signature and a hash of its text, 136 bytes in one
    /// object, so that sorting and grouping the batch copies a reference, not the bytes.
    public final class Entry: Sendable {
        let signature: MinHashSignature
        let textHash: UInt64

        init(signature: MinHashSignature, textHash: UInt64) {
            self.signature = signature
            self.textHash = textHash
        }
    }

    private let options: Options
    let bands: LSHBands
    private static let hasher = MinHasher()
    private static let bandsByThreshold = Locked<[Double: LSHBands]>([:])

    public init(options: Options, context: RuleContext) throws {
        guard (0.5...1.0).contains(options.threshold) else {
            throw UsageError("near-duplicate: 'threshold' must be between 0.5 and 1.0, not \(options.threshold)")
        }
        self.options = options
        bands = NearDuplicateRule.bandsByThreshold.withLock { cache in
            if let known = cache[options.threshold] { return known }
            let made = LSHBands.optimal(threshold: options.threshold)
            cache[options.threshold] = made
            return made
        }
    }

    public func entry(for draft: Draft, context: RuleContext) -> Entry? {
        if !options.includeReplies, ReplyTemplate.isReply(draft.text) { return nil }
        let text = ComparableText.normalized(draft.prose)
        guard NearDuplicateRule.wordCount(text) >= options.minimumWords else { return nil }
        var shingles: [UInt32] = []
        text.withUnsafeBufferPointer { NearDuplicateRule.hasher.shingleHashes($0, into: &shingles) }
        guard let signature = NearDuplicateRule.hasher.signature(ofShingles: shingles) else { return nil }
        return Entry(signature: signature, textHash: StableHash.hash(draft.text.trimmingWhitespace()))
    }

    static func wordCount(_ normalized: [UInt8]) -> Int {
        normalized.isEmpty ? 0 : normalized.reduce(1) { $0 + ($1 == 0x20 ? 1 : 0) }
    }

    /// A draft is compared with the drafts of the window before it.
    public var horizon: BatchHorizon? { BatchHorizon(lookBack: options.window.seconds) }

    public func check(_ batch: Batch<Entry>, context: RuleContext, report: (Finding) -> Void) {
        let items = batch.items
        guard items.count > 1 else { return }
        // Scopes: the drafts of each channel, in publish order.
        var scopes: [Channel?: [Int]] = [:]
        for (index, item) in items.enumerated() {
            let channels: [Channel?] = item.draft.channels.isEmpty ? [nil] : item.draft.channels
            for channel in Set(channels) { scopes[channel, default: []].append(index) }
        }
        var accountNumbers: [String: Int32] = [:]
        let accounts = items.map { item in
            let name = item.draft.account ?? ""
            if let number = accountNumbers[name] { return number }
            let number = Int32(accountNumbers.count)
            accountNumbers[name] = number
            return number
        }
        let origin = items[0].draft.publishAt
        let search = DuplicateSearch(bands: bands, threshold: options.threshold, window: options.window.seconds,
                                     acrossAccounts: options.acrossAccounts)
        var best: [Int: (match: DuplicateSearch.Match, sameAccount: Bool)] = [:]
        for channel in scopes.keys.sorted(by: { ($0?.rawValue ?? "") < ($1?.rawValue ?? "") }) {
            let members = scopes[channel]!
            guard members.count > 1 else { continue }
            let scopeItems = members.map { index in
                DuplicateSearch.Item(signature: items[index].entry.signature, time: items[index].draft.publishAt.timeIntervalSince(origin),
                                     account: accounts[index], textHash: items[index].entry.textHash,
                                     isSought: batch.reports(at: items[index].draft))
            }
            for (local, result) in search.run(scopeItems).enumerated() {
                let later = members[local]
                for (match, sameAccount) in [(result.sameAccount, true), (result.otherAccount, false)] {
                    guard var match else { continue }
                    match.earlier = members[match.earlier]
                    // A match from the same account wins; then the most recent.
                    if let current = best[later] {
                        if current.sameAccount && !sameAccount { continue }
                        if current.sameAccount == sameAccount, match.earlier <= current.match.earlier { continue }
                    }
                    best[later] = (match, sameAccount)
                }
            }
        }
        for later in best.keys.sorted() {
            let (match, sameAccount) = best[later]!
            report(duplicateFinding(items[later].draft, earlier: items[match.earlier].draft, match: match, sameAccount: sameAccount))
        }
    }

    private func duplicateFinding(_ later: BatchDraft, earlier: BatchDraft, match: DuplicateSearch.Match, sameAccount: Bool) -> Finding {
        let percent = NearDuplicateRule.percent(match.similarity)
        let message = match.isExact
            ? NearDuplicateRule.exactMessage(earlier: earlier, later: later, sameAccount: sameAccount)
            : NearDuplicateRule.nearMessage(percent: percent, earlier: earlier, later: later, sameAccount: sameAccount)
        return finding(at: later, message: message, severity: sameAccount ? nil : .info, category: match.isExact ? "duplicate" : "near-duplicate",
                       notes: [Note(sameAccount ? NearDuplicateRule.sameAccountNote : NearDuplicateRule.otherAccountNote)],
                       related: [RelatedLocation(NearDuplicateRule.earlierPost(earlier), location: earlier.textLocation)],
                       extra: ["similarity": .double((match.similarity * 100).rounded() / 100), "exact": .bool(match.isExact)])
    }

    /// A similarity as a whole percentage, never rounded up to 100 unless the signatures agree.
    static func percent(_ similarity: Double) -> Int {
        similarity >= 1 ? 100 : min(99, Int((similarity * 100).rounded()))
    }

    // MARK: Messages

    static func exactMessage(earlier: BatchDraft, later: BatchDraft, sameAccount: Bool) -> String {
        let whose = sameAccount ? "a post by the same account" : "a post by \(BatchWording.place(account: earlier.account, channel: nil))"
        return "exact duplicate of \(whose) \(BatchWording.interval(from: earlier, to: later)); post it once"
    }

    static func nearMessage(percent: Int, earlier: BatchDraft, later: BatchDraft, sameAccount: Bool) -> String {
        let whose = sameAccount ? "a post by the same account" : "a post by \(BatchWording.place(account: earlier.account, channel: nil))"
        return "\(percent)% similar to \(whose) \(BatchWording.interval(from: earlier, to: later)); followers see the same post twice"
    }

    static func earlierPost(_ draft: BatchDraft) -> String {
        "the earlier post (\(BatchWording.place(account: draft.account, channel: nil)), \(BatchWording.when(draft)))"
    }

    static let sameAccountNote = "Near-identical posts read as spam to followers and to platforms (X rejects exact duplicates). Change what the post says, not one word of it, or schedule it once."
    static let otherAccountNote = "Several accounts posting the same text reads as a coordinated campaign; platforms may treat it as spam. Vary it per account, or post from one."
}
