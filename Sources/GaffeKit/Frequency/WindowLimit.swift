import Foundation

/// At most `posts` posts in any sliding window of `within` seconds, on one account and channel.
///
/// Every frequency check is one of these: a platform's daily cap (2,400 in 24 hours), a cadence
/// norm (5 a day), a burst (3 in an hour), and the least spacing between two posts (1 in 10
/// minutes). A window is half-open, `(t − within, t]`: posts exactly `within` apart never share one,
/// so "at least 10 minutes apart" allows 09:00 and 09:10.
public struct WindowLimit: Sendable, Hashable {
    /// What breaking the limit means.
    public enum Kind: String, Sendable, Hashable {
        /// A platform's own cap: the post is refused or the account throttled (error).
        case limit
        /// Published cadence guidance: followers mute or unfollow (warning).
        case norm

        public var severity: Severity { self == .limit ? .error : .warning }
    }

    /// Which posts a limit counts.
    public enum Counts: String, Sendable, Hashable, CaseIterable {
        case all
        /// Posts that are not replies.
        case posts
        /// Replies: posts whose text starts with an @handle.
        case replies

        /// Whether a post counts.
        func includes(reply: Bool) -> Bool {
            switch self {
            case .all: true
            case .posts: !reply
            case .replies: reply
            }
        }
    }

    /// How sure we are of a number.
    public enum Grade: String, Sendable, Hashable, CaseIterable {
        /// The platform's own documentation or code.
        case primary
        /// Integrators, surveys, news.
        case secondary
        /// Widely repeated, no source found.
        case unverified
        /// No published figure: Gaffe's own choice, explained in the note.
        case gaffe
    }

    /// `daily`, `api-3h`, `per_day`, `spacing`, `burst`, or a name from the configuration.
    public var id: String
    public var kind: Kind
    public var posts: Int
    /// The window, in seconds.
    public var within: TimeInterval
    public var counts: Counts
    public var grade: Grade?
    public var source: String?
    public var note: String?

    public init(id: String, kind: Kind, posts: Int, within: TimeInterval, counts: Counts = .all, grade: Grade? = nil,
                source: String? = nil, note: String? = nil) {
        self.id = id
        self.kind = kind
        self.posts = posts
        self.within = within
        self.counts = counts
        self.grade = grade
        self.source = source
        self.note = note
    }

    /// Whether this is a least-spacing rule (one post per window).
    public var isSpacing: Bool { posts == 1 }

    /// "at most 5 posts in 24 hours", "at least 10 minutes between posts", with what it counts.
    public var phrase: String {
        let noun = counts == .replies ? "replies" : counts == .posts ? "posts, not counting replies," : "posts"
        if isSpacing {
            return "at least \(DurationText.describe(within)) between \(counts == .replies ? "replies" : "posts")"
        }
        return "at most \(posts) \(noun) in \(DurationText.describe(within))"
    }

    /// Ids whose window is implied, so configuration may give just a number.
    static let impliedWindows: [String: TimeInterval] = ["per_hour": 3600, "per_day": 86_400, "per_week": 7 * 86_400]
}

/// Limits by scope and id, as a table in `lexicons/frequency/limits.yml` or `.gaffe.yml` writes
/// them, kept as overrides to apply in order: the built-in table, then the configuration, then an
/// account's own settings.
public struct LimitTable: Sendable {
    /// Where an entry applies.
    public enum Scope: Sendable, Hashable {
        /// Every channel, and drafts without one.
        case all
        case channel(Channel)
    }

    /// One entry: a limit or some of its fields, or `off`.
    public struct Entry: Sendable {
        public var scope: Scope
        public var id: String
        /// `nil` switches the limit off.
        public var posts: Int??
        public var within: TimeInterval?
        public var counts: WindowLimit.Counts?
        public var grade: WindowLimit.Grade?
        public var source: String?
        public var note: String?

        var isOff: Bool { if case .some(.none) = posts { true } else { false } }
    }

    public private(set) var entries: [Entry] = []

    public init() {}

    /// Whether the table says nothing.
    public var isEmpty: Bool { entries.isEmpty }

    /// Applies the entries for `channel` (those for all channels first) to limits keyed by id.
    func apply(to limits: inout [String: WindowLimit], kind: WindowLimit.Kind, channel: Channel?) {
        for pass in [Scope.all, channel.map(Scope.channel)] {
            guard let pass else { continue }
            for entry in entries where entry.scope == pass {
                if entry.isOff {
                    limits[entry.id] = nil
                    continue
                }
                var limit = limits[entry.id]
                    ?? WindowLimit(id: entry.id, kind: kind, posts: 0, within: WindowLimit.impliedWindows[entry.id] ?? 0)
                if case .some(.some(let posts)) = entry.posts { limit.posts = posts }
                if let within = entry.within { limit.within = within }
                if let counts = entry.counts { limit.counts = counts }
                if entry.source != nil {
                    limit.grade = entry.grade
                    limit.source = entry.source
                    limit.note = entry.note
                } else if entry.posts != nil || entry.within != nil {
                    // A changed number is the configuration's, no longer the built-in source's.
                    limit.grade = nil
                    limit.source = LimitTable.configuredSource
                    limit.note = entry.note
                }
                if limit.posts > 0, limit.within > 0 { limits[entry.id] = limit }
            }
        }
    }

    /// How a finding names the source of a number the configuration set.
    static let configuredSource = "your configuration (frequency: in .gaffe.yml)"

    /// This table's entries followed by `other`'s, so that `other` wins.
    func followed(by other: LimitTable) -> LimitTable {
        var merged = self
        merged.entries += other.entries
        return merged
    }

    /// The ids the table defines for a scope (for did-you-mean and checks of bare numbers).
    func ids(in scope: Scope) -> Set<String> {
        Set(entries.filter { $0.scope == scope }.map(\.id))
    }

    // MARK: Reading

    /// Reads a table: keys are channels (`x`, `instagram`), `all`, or limit ids that apply to all
    /// channels; under a channel, limit ids. A value is a number of posts (for an id that has a
    /// window already), `off`, a duration (for `spacing`), `N in DURATION`, or a mapping of
    /// `posts`, `within`, `counts`, and (in the built-in table) `grade`, `source`, `note`.
    /// - Parameter known: ids defined earlier (the built-in table), which accept bare numbers.
    /// - Throws: `YAMLError` naming the key.
    init(yaml node: YAMLNode, known: LimitTable?, requireSources: Bool = false) throws {
        let mapping = try node.mapping()
        for key in mapping.keys {
            guard let value = mapping.take(key), let keyNode = mapping.entries[key]?.key else { continue }
            if key == "all" {
                try readScope(value, scope: .all, known: known, requireSources: requireSources)
            } else if let channel = Channel(name: key) {
                try readScope(value, scope: .channel(channel), known: known, requireSources: requireSources)
            } else if LimitTable.looksLikeScope(value) {
                var message = "unknown channel '\(key)'"
                if let guess = Spelling.closest(to: key, among: Channel.allCases.map(\.rawValue) + ["all"]) {
                    message += "; did you mean '\(guess)'?"
                } else {
                    message += "; use all or one of \(Channel.acceptedNames)"
                }
                throw keyNode.error(message)
            } else {
                try entries.append(LimitTable.entry(id: key, keyNode: keyNode, value: value, scope: .all, known: known,
                                                    requireSources: requireSources))
            }
        }
        try mapping.finish()
    }

    private mutating func readScope(_ node: YAMLNode, scope: Scope, known: LimitTable?, requireSources: Bool) throws {
        let mapping = try node.mapping()
        for key in mapping.keys {
            guard let value = mapping.take(key), let keyNode = mapping.entries[key]?.key else { continue }
            try entries.append(LimitTable.entry(id: key, keyNode: keyNode, value: value, scope: scope, known: known,
                                                requireSources: requireSources))
        }
        try mapping.finish()
    }

    /// A mapping without `posts` or `within` holds limits by id: a channel's entry.
    private static func looksLikeScope(_ node: YAMLNode) -> Bool {
        guard case .mapping(let mapping) = node.node else { return false }
        let keys = mapping.map { $0.key.string ?? "" }
        return !keys.contains("posts") && !keys.contains("within")
    }

    private static func entry(id: String, keyNode: YAMLNode, value: YAMLNode, scope: Scope, known: LimitTable?,
                              requireSources: Bool) throws -> Entry {
        guard id.range(of: "^[a-z][a-z0-9]*([-_][a-z0-9]+)*$", options: .regularExpression) != nil else {
            throw keyNode.error("'\(keyNode.keyPath)': a limit id is lower-case letters, digits, - and _ (per_day, api-3h)")
        }
        var entry = Entry(scope: scope, id: id)
        // Whether a bare number has a window to go with.
        let knownIDs = (known?.ids(in: scope) ?? []).union(known?.ids(in: .all) ?? [])
        let everyKnownID = Set(known?.entries.map(\.id) ?? [])
        let hasWindow = WindowLimit.impliedWindows[id] != nil || knownIDs.contains(id) || (scope == .all && everyKnownID.contains(id))
        if let text = value.scalarText, !value.isNull {
            let lowered = text.lowercased().trimmingCharacters(in: .whitespaces)
            if ["off", "false", "no", "none"].contains(lowered) {
                entry.posts = .some(nil)
                return entry
            }
            if let posts = Int(lowered.replacingOccurrences(of: "_", with: "")) {
                guard !id.hasSuffix("spacing") else {
                    throw value.error("'\(value.keyPath)' is the least time between two posts: a duration such as 10m, or off")
                }
                guard posts > 0 else { throw value.error("'\(value.keyPath)' must be at least 1, or off") }
                guard hasWindow else {
                    var message = "unknown limit '\(id)'"
                    let candidates = Array(everyKnownID.union(WindowLimit.impliedWindows.keys).union(["spacing", "burst"]))
                    if let guess = Spelling.closest(to: id, among: candidates) { message += "; did you mean '\(guess)'?" }
                    throw keyNode.error(message + " (a new limit needs its window: '\(posts) in 1h' or {posts: \(posts), within: 1h})")
                }
                entry.posts = .some(posts)
                return entry
            }
            if let (posts, within) = parseRate(lowered) {
                entry.posts = .some(posts)
                entry.within = within
                return entry
            }
            if let within = DurationText.parse(lowered), within > 0 {
                guard id == "spacing" || (id.hasSuffix("spacing")) else {
                    throw value.error("'\(value.keyPath)' is a number of posts ('5'), a rate ('3 in 1h') or off; only spacing takes a duration alone")
                }
                entry.posts = .some(1)
                entry.within = within
                return entry
            }
            throw value.error("'\(value.keyPath)' must be a number of posts, a rate such as '3 in 1h', a duration (for spacing) or off, not '\(text)'")
        }
        let fields = try value.mapping()
        if let postsNode = fields.take("posts") {
            let posts = try postsNode.int()
            guard posts > 0 else { throw postsNode.error("'\(postsNode.keyPath)' must be at least 1") }
            entry.posts = .some(posts)
        }
        if let withinNode = fields.take("within") {
            entry.within = try CalendarEntry.duration(withinNode, key: withinNode.keyPath)
            guard entry.within! > 0 else { throw withinNode.error("'\(withinNode.keyPath)' must be longer than 0") }
        }
        if let countsNode = fields.take("counts") {
            let text = try countsNode.string()
            guard let counts = WindowLimit.Counts(rawValue: text) else {
                throw countsNode.error("'\(countsNode.keyPath)' must be all, posts or replies, not '\(text)'")
            }
            entry.counts = counts
        }
        if let gradeNode = fields.take("grade") {
            let text = try gradeNode.string()
            guard let grade = WindowLimit.Grade(rawValue: text) else {
                throw gradeNode.error("'\(gradeNode.keyPath)' must be one of \(WindowLimit.Grade.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            entry.grade = grade
        }
        entry.source = try fields.read("source")
        entry.note = try fields.read("note")
        try fields.finish()
        if entry.within == nil, !hasWindow {
            throw value.error("'\(value.keyPath)' needs 'within', the window: {posts: 3, within: 1h}")
        }
        if entry.posts == nil, !hasWindow {
            throw value.error("'\(value.keyPath)' needs 'posts', the most posts in the window")
        }
        if requireSources, entry.source == nil || entry.grade == nil {
            throw value.error("'\(value.keyPath)' needs a grade and a source")
        }
        return entry
    }

    /// Reads `3 in 1h`, `3 per 1h`, `3/1h`.
    static func parseRate(_ text: String) -> (Int, TimeInterval)? {
        for separator in [" in ", " per ", "/"] {
            guard let range = text.range(of: separator) else { continue }
            let count = text[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
            let window = text[range.upperBound...].trimmingCharacters(in: .whitespaces)
            guard let posts = Int(count), posts > 0, let within = DurationText.parse(window), within > 0 else { return nil }
            return (posts, within)
        }
        return nil
    }
}

/// The built-in limits and norms, from `lexicons/frequency/limits.yml`.
public struct BuiltInFrequency: Sendable {
    public let limits: LimitTable
    public let norms: LimitTable

    static let resource = "frequency/limits.yml"

    /// The built-in tables.
    /// - Throws: `YAMLError` if the embedded file is broken (a defect of the build; a test reads it).
    public static func shared() throws -> BuiltInFrequency {
        try cached.get()
    }

    private static let cached: Result<BuiltInFrequency, YAMLError> = {
        let path = "lexicons/" + resource
        do {
            let root = try StrictYAML.parse(EmbeddedResources.files[resource] ?? "", path: path)
            let mapping = try root.mapping()
            let limits = try LimitTable(yaml: try mapping.require("limits"), known: nil, requireSources: true)
            let norms = try LimitTable(yaml: try mapping.require("norms"), known: nil, requireSources: true)
            try mapping.finish()
            return .success(BuiltInFrequency(limits: limits, norms: norms))
        } catch let error as YAMLError {
            return .failure(error)
        } catch {
            return .failure(YAMLError(path: path, line: 1, column: 1, message: "\(error)"))
        }
    }()
}
