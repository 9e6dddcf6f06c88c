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
                    if node.scalarText != nil, !node.isNull {
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

    let platforms: [Channel: PlatformLimits.Platform]

    /// - Throws: `YAMLError` if the built-in table of limits cannot be read.
    public init(options: Options, context: RuleContext) throws {
        platforms = try PlatformLimits.builtIn().applying(options).platforms
    }

    public func check(_ draft: Draft, context: RuleContext) -> [Diagnosis] {
        var seen = Set<Channel>()
        let channels = draft.metadata.channels.filter { seen.insert($0).inserted }
        guard !channels.isEmpty else { return [] }
        var checker = DraftChecker(draft: draft)
        var diagnoses: [Diagnosis] = []
        for channel in channels {
            guard let platform = platforms[channel] else { continue }
            for target in PlatformLimits.Target.allCases {
                if let limits = platform.limits[target], !limits.isEmpty,
                   let diagnosis = checker.check(target, of: platform, against: limits) {
                    diagnoses.append(diagnosis)
                }
            }
            for entity in PlatformLimits.Entity.allCases {
                if let caps = platform.caps[entity], !caps.isEmpty, let diagnosis = checker.check(entity, of: platform, against: caps) {
                    diagnoses.append(diagnosis)
                }
            }
        }
        return diagnoses
    }
}

/// Checks one draft against the platforms it goes to, reading each part once however many channels ask.
private struct DraftChecker {
    let draft: Draft
    private lazy var body = CountableText(draft, kind: .body)
    private lazy var title = CountableText(draft, kind: .title)
    private lazy var bodyScalars = body.map { ScalarText($0.text) }

    init(draft: Draft) {
        self.draft = draft
    }

    /// The link a platform's scheduler appends after a space, unless the text already holds it.
    private mutating func appendedLink(for platform: PlatformLimits.Platform) -> String? {
        guard platform.appendsLink, let link = draft.metadata.link, !link.isEmpty else { return nil }
        if let body, body.text.contains(link) { return nil }
        return link
    }

    /// The finding for the worst limit of `target` the draft exceeds.
    mutating func check(_ target: PlatformLimits.Target, of platform: PlatformLimits.Platform,
                        against limits: [PlatformLimits.Limit]) -> Diagnosis? {
        let link = target == .body ? appendedLink(for: platform) : nil
        let text: Substring
        var countable: CountableText?
        switch target {
        case .body, .title:
            countable = target == .body ? body : title
            if let countable {
                text = countable.text
            } else if link != nil {
                text = ""
            } else {
                return nil
            }
        case .link:
            guard let value = draft.metadata.link, !value.isEmpty else { return nil }
            text = value[...]
        }
        var worst: (limit: PlatformLimits.Limit, measurement: LengthMeasurement, total: Int, linkShare: Int)?
        for limit in limits {
            // The link counts after a separating space.
            let linkShare = link.map { limit.unit.measure($0[...], budget: .max).count + 1 } ?? 0
            let budget = limit.limit - linkShare
            if limit.unit.upperBound(text) <= budget { continue }
            let measurement = limit.unit.measure(text, budget: budget)
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
        if let link, worst.linkShare > 0 {
            notes.append(Note(LengthMessages.linkNote(link, share: worst.linkShare, unit: worst.limit.unit)))
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
        guard let body, let scalars = bodyScalars else { return nil }
        // Each item: where it is (a range of the body, or nil for the appended link) and what it is.
        var items: [(range: Range<Int>?, key: String)] = []
        func string(_ range: Range<Int>) -> String {
            String(String.UnicodeScalarView(scalars.scalars[range]))
        }
        switch entity {
        case .hashtags: items = TextEntities.hashtags(in: scalars.scalars).map { ($0, "") }
        case .mentions: items = TextEntities.mentions(in: scalars.scalars).map { ($0, "") }
        case .links:
            var seen = Set<String>()
            for url in TwitterTextURLs.extract(scalars.scalars).map(\.range) where seen.insert(string(url)).inserted {
                items.append((url, string(url)))
            }
            if let link = appendedLink(for: platform), seen.insert(link).inserted { items.append((nil, link)) }
        }
        guard let cap = caps.filter({ items.count > $0.limit }).max(by: { ($0.severity, -$0.limit) < ($1.severity, -$1.limit) }) else {
            return nil
        }
        let anchor: Diagnosis.Target
        if let first = items[cap.limit].range {
            let last = items.last { $0.range != nil }?.range ?? first
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

enum LengthRuleExamples {
    static let triggering: [Example] = [
        Example("⟦\(String(repeating: "a", count: 300))⟧", configuration: "channels: [bluesky]"),
    ]
    static let nonTriggering: [Example] = [
        Example("Short post", configuration: "channels: [x]"),
    ]
}
