/// Checks that a draft fits every channel it is scheduled for, counted the way each platform
/// counts: X's weighted characters (twitter-text v3), Bluesky's graphemes and bytes, Mastodon's
/// characters with links as 23, Threads' characters with emoji as bytes, and the limits of
/// LinkedIn, Instagram, Facebook, TikTok, YouTube, Pinterest and email subjects. Also caps the
/// hashtags, mentions and links a platform allows. Limits live in `lexicons/platforms/limits.yml`.
public struct LengthRule: Rule {
    public static let description = RuleDescription(
        identifier: "length",
        name: "Too long for the channel",
        summary: "Text over a channel's length limit, counted the way that platform counts, and too many hashtags, mentions or links.",
        rationale: """
            Each platform counts differently: X weighs a CJK character or an emoji as 2 and any link \
            as 23, Bluesky counts what a reader sees as characters, Threads counts an emoji by its \
            bytes. A post that fits one channel can be refused by another, or cut off, or published \
            without its call to action, and a scheduler often fails silently at publishing time. The \
            finding points at the first character that no longer fits, so an editor sees what to cut. \
            Every limit, with its source, is in docs/rules/length.md; override them (X Premium, your \
            Mastodon server) with the `limits` option.
            """,
        defaultSeverity: .error,
        scope: .draft,
        triggeringExamples: LengthRuleExamples.triggering,
        nonTriggeringExamples: LengthRuleExamples.nonTriggering
    )

    /// Per-channel overrides of the built-in limits.
    public struct Options: RuleOptions {
        /// `nil` switches a limit off.
        var limits: [Channel: [PlatformLimits.Target: Int?]] = [:]
        var caps: [PlatformLimits.Entity: [Channel: Int?]] = [:]

        public init() {}

        public mutating func read(_ reader: OptionsReader) throws {
            var limits = self.limits
            try reader.readMapping("limits", """
                Length limits by channel, replacing the built-in ones: a number for the post text \
                (`x: 25000` for X Premium, `mastodon: 1000` for your server), `off`, or a mapping of \
                `body`, `title` and `link` to numbers. Counted in the platform's own unit.
                """) { mapping in
                try Options.forEachChannel(mapping) { channel, node in
                    if node.scalarText != nil {
                        limits[channel, default: [:]][.body] = try Options.number(node)
                        return
                    }
                    let targets = try node.mapping()
                    for target in PlatformLimits.Target.allCases {
                        if let value = targets.take(target.rawValue) { limits[channel, default: [:]][target] = try Options.number(value) }
                    }
                    try targets.finish()
                }
            }
            self.limits = limits
            var caps = self.caps
            for entity in PlatformLimits.Entity.allCases {
                try reader.readMapping(entity.rawValue, "Most \(entity.noun) a post may carry, by channel (a number or `off`), replacing the built-in caps.") { mapping in
                    try Options.forEachChannel(mapping) { channel, node in
                        caps[entity, default: [:]][channel] = try Options.number(node)
                    }
                }
            }
            self.caps = caps
        }

        private static func forEachChannel(_ mapping: YAMLMapping, _ body: (Channel, YAMLNode) throws -> Void) throws {
            for key in mapping.keys {
                guard let keyNode = mapping.entries[key]?.key, let value = mapping.take(key) else { continue }
                try body(try Channel(yaml: keyNode), value)
            }
        }

        /// A whole number, or `off` for none.
        private static func number(_ node: YAMLNode) throws -> Int? {
            if let text = node.scalarText?.lowercased(), ["off", "false", "no", "none"].contains(text) { return nil }
            guard let text = node.scalarText, let value = Int(text.replacingOccurrences(of: "_", with: "")), value >= 0 else {
                throw node.error("'\(node.keyPath)' must be a whole number or off")
            }
            return value
        }
    }

    /// What to check per channel, prepared once: the platform and its non-empty limits and caps.
    private final class ChannelChecks: Sendable {
        let platform: PlatformLimits.Platform
        let limits: [(target: PlatformLimits.Target, limits: [PlatformLimits.Limit])]
        let caps: [(entity: PlatformLimits.Entity, caps: [PlatformLimits.Cap])]

        init(_ platform: PlatformLimits.Platform) {
            self.platform = platform
            limits = PlatformLimits.Target.allCases.compactMap { target in
                platform.limits[target].flatMap { $0.isEmpty ? nil : (target, $0) }
            }
            caps = PlatformLimits.Entity.allCases.compactMap { entity in
                platform.caps[entity].flatMap { $0.isEmpty ? nil : (entity, $0) }
            }
        }
    }

    private let checks: [Channel: ChannelChecks]

    /// - Throws: `YAMLError` if the built-in table of limits cannot be read.
    public init(options: Options, context: RuleContext) throws {
        checks = try PlatformLimits.builtIn().applying(options).platforms.mapValues(ChannelChecks.init)
    }

    public func check(_ draft: Draft, context: RuleContext) -> [Diagnosis] {
        let channels = draft.metadata.channels
        guard !channels.isEmpty else { return [] }
        var checker = DraftChecker(draft)
        var diagnoses: [Diagnosis] = []
        // A channel named twice (`x twitter`) is checked once.
        for (index, channel) in channels.enumerated() where !channels[..<index].contains(channel) {
            guard let channelChecks = checks[channel] else { continue }
            for (target, limits) in channelChecks.limits {
                if let diagnosis = checker.check(target, of: channelChecks.platform, against: limits) { diagnoses.append(diagnosis) }
            }
            for (entity, caps) in channelChecks.caps {
                if let diagnosis = checker.check(entity, of: channelChecks.platform, against: caps) { diagnoses.append(diagnosis) }
            }
        }
        return diagnoses
    }
}

/// Checks one draft against the platforms it goes to, reading each part once however many channels ask.
private struct DraftChecker {
    private let text: String
    private let parts: [DraftPart]
    /// The draft's `link`, when it has one.
    private let link: String?
    private lazy var body = CountableText(text: text, parts: parts, kind: .body)
    private lazy var title = CountableText(text: text, parts: parts, kind: .title)
    private lazy var bodyScalars = body.map { ScalarText($0.text) }
    private lazy var linkMarks = link.map { TextMarks($0[...]) } ?? TextMarks()
    /// Whether the body already holds the link, so no scheduler appends it.
    private lazy var bodyHoldsLink = link.map { link in body?.text.utf8.containsRun(link.utf8) ?? false } ?? false

    init(_ draft: Draft) {
        text = draft.text
        parts = draft.parts
        link = draft.metadata.link.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The link a platform's scheduler appends after a space, unless the text already holds it.
    private mutating func appendedLink(for platform: PlatformLimits.Platform) -> String? {
        guard platform.appendsLink, let link, !bodyHoldsLink else { return nil }
        return link
    }

    /// The finding for the worst limit of `target` the draft exceeds.
    mutating func check(_ target: PlatformLimits.Target, of platform: PlatformLimits.Platform,
                        against limits: [PlatformLimits.Limit]) -> Diagnosis? {
        // The link a scheduler may append; whether the text holds it already is asked only when the
        // bytes cannot prove the post fits.
        let candidateLink = target == .body && platform.appendsLink ? link : nil
        let text: Substring
        let marks: TextMarks
        var countable: CountableText?
        switch target {
        case .body, .title:
            countable = target == .body ? body : title
            if let countable {
                text = countable.text
                marks = countable.marks
            } else if candidateLink != nil {
                text = ""
                marks = TextMarks()
            } else {
                return nil
            }
        case .link:
            guard let link else { return nil }
            text = link[...]
            marks = linkMarks
        }
        var worst: (limit: PlatformLimits.Limit, measurement: LengthMeasurement, total: Int, linkShare: Int)?
        var appended: String?
        for limit in limits {
            let unit = limit.unit
            // Most drafts are proven short from their bytes alone, link included.
            let linkBound = candidateLink == nil ? 0 : unit.upperBound(linkMarks) + 1
            if unit.upperBound(marks) <= limit.limit - linkBound { continue }
            appended = target == .body ? appendedLink(for: platform) : nil
            // The link counts after a separating space.
            let linkShare = appended.map { unit.measure($0[...], budget: LengthUnit.unbounded).count + 1 } ?? 0
            let budget = limit.limit - linkShare
            let measurement = unit.measure(text, budget: budget)
            guard measurement.count + linkShare > limit.limit else { continue }
            if let current = worst {
                let earlier = (measurement.overflowOffset ?? .max) < (current.measurement.overflowOffset ?? .max)
                guard limit.severity > current.limit.severity || (limit.severity == current.limit.severity && earlier) else { continue }
            }
            worst = (limit, measurement, measurement.count + linkShare, linkShare)
        }
        guard let worst else { return nil }
        let anchor: Diagnosis.Target
        if target == .link {
            anchor = .field(.link)
        } else if let overflow = worst.measurement.overflowOffset, let countable {
            anchor = .text(countable.draftOffset(overflow)..<countable.draftEnd)
        } else {
            anchor = .field(.link)
        }
        var notes = [Note(worst.limit.unit.explanation)]
        if let appended, worst.linkShare > 0 {
            notes.append(Note(LengthMessages.linkNote(appended, share: worst.linkShare, unit: worst.limit.unit)))
        }
        if let note = worst.limit.note { notes.append(Note(note)) }
        if let source = worst.limit.source { notes.append(Note(LengthMessages.sourceNote(source, grade: worst.limit.grade))) }
        return Diagnosis(anchor, message: LengthMessages.overLimit(platform: platform, target: target, count: worst.total,
                                                                   limit: worst.limit),
                         severity: worst.limit.severity, category: "length", notes: notes,
                         extra: ["length": .object([
                             "channel": .string(platform.channel.rawValue), "target": .string(target.rawValue),
                             "unit": .string(worst.limit.unit.rawValue), "count": .int(worst.total), "limit": .int(worst.limit.limit),
                         ])])
    }

    /// The finding for the worst cap on hashtags, mentions or links the draft exceeds.
    mutating func check(_ entity: PlatformLimits.Entity, of platform: PlatformLimits.Platform,
                        against caps: [PlatformLimits.Cap]) -> Diagnosis? {
        guard let body else { return nil }
        // Most posts carry fewer markers (`#`, `@`, `.` before a domain) than any cap.
        let bound = entity.upperBound(body.marks) + (entity == .links && platform.appendsLink && link != nil ? 1 : 0)
        guard caps.contains(where: { bound > $0.limit }), let scalars = bodyScalars else { return nil }
        let link = entity == .links ? appendedLink(for: platform) : nil
        // Where each item is: a range of the body, or nil for the appended link.
        var items: [Range<Int>?] = []
        switch entity {
        case .hashtags: items = TextEntities.hashtags(in: scalars.scalars)
        case .mentions: items = TextEntities.mentions(in: scalars.scalars)
        case .links:
            // Distinct links: a repeated one counts once, where it first appears.
            var seen = Set<String>()
            for url in TwitterTextURLs.extract(scalars.scalars).map(\.range)
            where seen.insert(String(String.UnicodeScalarView(scalars.scalars[url]))).inserted {
                items.append(url)
            }
            if let link, seen.insert(link).inserted { items.append(nil) }
        }
        guard let cap = caps.filter({ items.count > $0.limit }).max(by: { ($0.severity, -$0.limit) < ($1.severity, -$1.limit) }) else {
            return nil
        }
        let anchor: Diagnosis.Target
        if let first = items[cap.limit] {
            let last = items.last { $0 != nil }.flatMap { $0 } ?? first
            let start = body.draftOffset(scalars.sourceOffsets[first.lowerBound])
            let end = body.draftOffset(scalars.sourceOffsets[last.upperBound] - 1) + 1
            anchor = .text(start..<end)
        } else {
            anchor = .field(.link)
        }
        var notes: [Note] = []
        if let note = cap.note { notes.append(Note(note)) }
        if let source = cap.source { notes.append(Note(LengthMessages.sourceNote(source, grade: cap.grade))) }
        return Diagnosis(anchor, message: LengthMessages.overCap(platform: platform, entity: entity, count: items.count, cap: cap.limit),
                         severity: cap.severity, category: "length", notes: notes,
                         extra: ["length": .object([
                             "channel": .string(platform.channel.rawValue), "target": .string(entity.rawValue),
                             "count": .int(items.count), "limit": .int(cap.limit),
                         ])])
    }
}

extension Collection where Element == UInt8 {
    /// Whether the bytes hold `needle` as a contiguous run.
    fileprivate func containsRun(_ needle: some Collection<UInt8>) -> Bool {
        guard let first = needle.first else { return true }
        var start = startIndex
        while let found = self[start...].firstIndex(of: first) {
            if self[found...].starts(with: needle) { return true }
            start = index(after: found)
        }
        return false
    }
}

/// The `length` rule's messages.
enum LengthMessages {
    /// "X counts 297 of 280 weighted characters"; "YouTube counts 112 of 100 characters in the title".
    static func overLimit(platform: PlatformLimits.Platform, target: PlatformLimits.Target, count: Int,
                          limit: PlatformLimits.Limit) -> String {
        var message = "\(platform.name) counts \(grouped(count)) of \(grouped(limit.limit)) \(limit.unit.noun)"
        switch target {
        case .body: break
        case .title: message += platform.channel == .email ? " in the subject line" : " in the title"
        case .link: message += " in the link"
        }
        return message
    }

    /// "Instagram allows 30 hashtags; this post has 34".
    static func overCap(platform: PlatformLimits.Platform, entity: PlatformLimits.Entity, count: Int, cap: Int) -> String {
        "\(platform.name) allows \(grouped(cap)) \(entity.noun); this post has \(grouped(count))"
    }

    static func linkNote(_ link: String, share: Int, unit: LengthUnit) -> String {
        "Counted with the link that schedulers append after a space (\(grouped(share)) \(unit.noun)): \(link)"
    }

    static func sourceNote(_ source: String, grade: PlatformLimits.Grade?) -> String {
        switch grade {
        case .primary?: "Source: \(source)"
        case .secondary?: "Source (secondary): \(source)"
        case .unverified?: "Source (unverified): \(source)"
        case nil: "Source: \(source)"
        }
    }

    /// 63206 as "63,206".
    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var output = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { output.append(",") }
            output.append(digit)
        }
        return value < 0 ? "-" + output : output
    }
}

extension PlatformLimits {
    /// The table with a rule's overrides applied: a configured number replaces every built-in limit
    /// (or cap) of that channel and target with one error at that number, counted in the
    /// platform's own unit; `off` removes them.
    func applying(_ options: LengthRule.Options) -> PlatformLimits {
        var copy = self
        func platform(_ channel: Channel) -> Platform {
            copy.platforms[channel] ?? Platform(channel: channel, name: channel.rawValue.prefix(1).uppercased() + channel.rawValue.dropFirst(),
                                                 appendsLink: false)
        }
        for (channel, targets) in options.limits {
            var entry = platform(channel)
            for (target, value) in targets {
                let unit = entry.limits[target]?.first?.unit ?? entry.limits[.body]?.first?.unit ?? .utf16
                entry.limits[target] = value.map { [Limit(limit: $0, unit: unit, note: LengthMessages.configuredNote)] } ?? []
            }
            copy.platforms[channel] = entry
        }
        for (entity, channels) in options.caps {
            for (channel, value) in channels {
                var entry = platform(channel)
                entry.caps[entity] = value.map { [Cap(limit: $0, note: LengthMessages.configuredNote)] } ?? []
                copy.platforms[channel] = entry
            }
        }
        return copy
    }
}

extension LengthMessages {
    static let configuredNote = "This limit is set in the configuration (`rules.length`)."
}

/// The `length` rule's documented examples (long posts, so they sit apart from the rule's logic).
enum LengthRuleExamples {
    static let triggering: [Example] = [
        // X: 313 characters of Latin text; the 281st no longer fits.
        Example("Big news, coffee lovers! Our autumn blend is back for a limited time, roasted in small batches with notes of caramel, cinnamon and toasted pecan. Order before Friday and get free shipping on every bag, plus a sample of our new decaf. Tag a friend who needs a better morning cup, a⟦nd share your first pour with us!⟧",
                configuration: "channels: [x]"),
        // X weighs CJK characters 2: 158 of them count 316.
        Example("秋限定のブレンドが今年も帰ってきました。キャラメルとシナモン、ローストしたピーカンナッツの香りが広がる、小さな焙煎機で丁寧に仕上げた一杯です。金曜日までのご注文で送料無料、さらに新しいデカフェのサンプルもお付けします。朝のコーヒーをもっと楽しみたいお友だちにも教えてあげてください⟦。数量限定ですので、お早めにどうぞ。⟧",
                configuration: "channels: [x]"),
        // Bluesky counts graphemes: each emoji is 1, the post is 309.
        Example("Our autumn blend is back ☕️🍂 Roasted in small batches with notes of caramel, cinnamon and toasted pecan. Order before Friday for free shipping on every bag, plus a sample of our new decaf. Tag a friend who needs a better morning cup 👇 and share your first pour with us, we repost our favourites every ⟦Monday! 🧡⟧",
                configuration: "channels: [bluesky]"),
        // A schedule row for X: 268 characters, plus the link the scheduler appends (23 and a space).
        Example("publish_at,channel,text,link\n2026-03-02T09:00:00Z,x,\"Our autumn blend is back for a limited time, roasted in small batches with notes of caramel, cinnamon and toasted pecan. Order before Friday and get free shipping on every bag, plus a sample of our new decaf. Tag a friend who needs a better morning cup! Li⟦mited stock.⟧\",https://example.com/shop/autumn-blend\n",
                format: .csv),
        // Mastodon counts a link as 23 characters; this server allows 100.
        Example("Our autumn blend is back for a limited time! Details and tasting notes: https://example.com/blog/2026/autumn-blend-tasting-notes-and-brewing-guide Orde⟦r before Friday for free shipping.⟧",
                configuration: "{channels: [mastodon], rules: {length: {limits: {mastodon: 100}}}}"),
        // Instagram is rolling out a cap of 5 hashtags (a warning; 30 stays an error).
        Example("Autumn blend is back. Small batch, big flavour. #coffee #autumnblend #smallbatch #roastery #latteart ⟦#coffeelover #morningcoffee #specialtycoffee⟧",
                configuration: "channels: [instagram]"),
        // A YouTube title of 102 characters.
        Example("publish_at,channel,title,text\n2026-03-02T09:00:00Z,youtube,\"Autumn Blend Unboxing: Caramel, Cinnamon and Toasted Pecan Notes in Our Small-Batch Roast, Tasted Li⟦ve⟧\",We taste the autumn blend live.\n",
                format: .csv),
        // An email subject over the 50 characters inboxes show (info).
        Example("---\ntitle: Your autumn blend is back, with free shipping unti⟦l Friday⟧\nchannels: [email]\n---\nDear reader, the autumn blend is back.\n",
                format: .markdown),
    ]

    static let nonTriggering: [Example] = [
        // Exactly 280 characters fit X.
        Example("Big news, coffee lovers! Our autumn blend is back for a limited time, roasted in small batches with notes of caramel, cinnamon and toasted pecan. Order before Friday and get free shipping on every bag, plus a sample of our new decaf. Tag a friend who needs a better morning cuppa!",
                configuration: "channels: [x]"),
        // 285 characters, but each link counts 23 on X: 159.
        Example("Our autumn blend is back! Tasting notes: https://example.com/blog/2026/autumn-blend-tasting-notes-caramel-cinnamon-pecan and brewing guide: https://example.com/guides/pour-over-brewing-guide-for-medium-roasts-with-step-by-step-photos Order before Friday for free shipping on every bag.",
                configuration: "channels: [x]"),
        // 338 bytes and 312 UTF-16 units, but 296 graphemes: fits Bluesky.
        Example("Our autumn blend is back ☕️🍂 Roasted in small batches with notes of caramel, cinnamon and toasted pecan. Order before Friday for free shipping on every bag, plus a sample of our new decaf. Tag a friend who needs a better morning cup 👇 and share your first pour with us, we repost our favourites 👨‍👩‍👧‍👦🇯🇵",
                configuration: "channels: [bluesky]"),
        // The link is already in the text, so it is not counted twice: 278.
        Example("publish_at,channel,text,link\n2026-03-02T09:00:00Z,x,\"Our autumn blend is back for a limited time, roasted in small batches with notes of caramel, cinnamon and toasted pecan. Order before Friday for free shipping: https://example.com/shop/autumn-blend Tag a friend who needs a better morning cup, and share your first pour with us! Limited stock.\",https://example.com/shop/autumn-blend\n",
                format: .csv),
        // X Premium allows 25,000 characters.
        Example("Big news, coffee lovers! Our autumn blend is back for a limited time, roasted in small batches with notes of caramel, cinnamon and toasted pecan. Order before Friday and get free shipping on every bag, plus a sample of our new decaf. Tag a friend who needs a better morning cup, and share your first pour with us!",
                configuration: "{channels: [x], rules: {length: {limits: {x: 25000}}}}"),
        // A draft without channels is not length-checked.
        Example("Big news, coffee lovers! Our autumn blend is back for a limited time, roasted in small batches with notes of caramel, cinnamon and toasted pecan. Order before Friday and get free shipping on every bag, plus a sample of our new decaf. Tag a friend who needs a better morning cup, and share your first pour with us!"),
        // Five hashtags are within Instagram's caps.
        Example("Autumn blend is back. Small batch, big flavour. #coffee #autumnblend #smallbatch #roastery #latteart",
                configuration: "channels: [instagram]"),
    ]
}
