import Foundation

/// The calendar's part of `.gaffe.yml`: `calendar:` (built-in calendar, grace per kind, store,
/// event files), `events:` (events written inline) and `feeds:` (what `gaffe events sync` fetches).
///
/// ```yaml
/// calendar:
///   builtin: true                 # read the built-in calendar (default)
///   skip: [us-veterans-day]       # built-in entries to leave out
///   grace: {mass-shooting: 21d}   # how long after its end an event of a kind is too soon
///   store: .gaffe/events.sqlite   # the event store (default: .gaffe/events.sqlite beside this file)
///   files: [crisis.ics]           # event files read on every run, like --events
/// events:
///   - id: acme-recall
///     title: Acme peanut butter recall
///     kind: brand-crisis
///     regions: [US]
///     start: 2026-03-01
///     end: 2026-03-20
///     keywords: [recall, salmonella]
/// feeds:
///   - url: https://www.gdacs.org/xml/rss.xml
///     timeout: 20s
/// ```
public struct CalendarSettings: ConfigurationSection {
    public static let keys = ["calendar", "events", "feeds"]

    /// Whether the built-in calendar is read.
    public var builtIn = true
    /// Built-in entry ids to leave out.
    public var skip: [String] = []
    /// Grace per kind, overriding every event of that kind.
    public var grace: [EventKind: TimeInterval] = [:]
    /// The event store, absolute or relative to the configuration file.
    public var storePath: String?
    /// Event files read on every run, relative to the configuration file.
    public var files: [String] = []
    /// Events written in the configuration.
    public var entries: [CalendarEntry] = []
    public var feeds: [FeedSettings] = []

    public init() {}

    public init(from mapping: YAMLMapping) throws {
        if let node = mapping.take("calendar") {
            let calendar = try node.mapping()
            try calendar.read("builtin", into: &builtIn)
            if let skipNode = calendar.take("skip") {
                skip = try skipNode.strings()
                let known = Set(BuiltInCalendar.shared.entries.map(\.id))
                for (index, id) in skip.enumerated() where !known.contains(id) {
                    let item = try skipNode.list()[index]
                    var message = "unknown built-in calendar entry '\(id)'"
                    if let guess = Spelling.closest(to: id, among: Array(known)) { message += "; did you mean '\(guess)'?" }
                    throw item.error(message + " (gaffe events list --builtin shows them)")
                }
            }
            if let graceNode = calendar.take("grace") {
                let graceMapping = try graceNode.mapping()
                for key in graceMapping.keys {
                    guard let value = graceMapping.take(key) else { continue }
                    guard let kind = EventKind(rawValue: key) else {
                        var message = "unknown event kind '\(key)' in calendar.grace"
                        if let guess = Spelling.closest(to: key, among: EventKind.allCases.map(\.rawValue)) { message += "; did you mean '\(guess)'?" }
                        throw (graceMapping.entries[key]?.key ?? value).error(message)
                    }
                    grace[kind] = try CalendarEntry.duration(value, key: "calendar.grace.\(key)")
                }
            }
            storePath = try calendar.read("store")
            try calendar.read("files", into: &files)
            try calendar.finish()
        }
        if let node = mapping.take("events") {
            var seen: [String: String] = [:]
            entries = try CalendarEntry.list(node, origin: .file, location: node.path, requireSource: false, seen: &seen)
        }
        if let node = mapping.take("feeds") {
            feeds = try node.list().map(FeedSettings.init(yaml:))
            var urls: Set<String> = []
            for (feed, item) in zip(feeds, try node.list()) where !urls.insert(feed.url).inserted {
                throw item.error("feed \(feed.url) is listed twice")
            }
        }
    }

    /// The grace for an event: the configured one for its kind, else its own.
    public func grace(for event: Event) -> TimeInterval {
        grace[event.kind] ?? event.grace
    }
}

/// One feed for `gaffe events sync`.
public struct FeedSettings: Sendable, Hashable {
    public var url: String
    /// A label for messages (default: the URL's host).
    public var name: String
    /// The importer to use (`ics`, `cap`, `gdacs`…); by default chosen from the content.
    public var format: String?
    /// Regions for events that carry none.
    public var regions: [Region] = []
    /// How long to wait for the server.
    public var timeout: TimeInterval = 30
    /// The largest response accepted, in bytes.
    public var maxSize = 20 * 1024 * 1024
    /// Keyword → kind mapping for generic RSS/Atom news feeds.
    public var keywordKinds: [String: EventKind] = [:]

    public init(url: String) {
        self.url = url
        name = URL(string: url)?.host ?? url
    }

    init(yaml node: YAMLNode) throws {
        let mapping = try node.mapping()
        let urlNode = try mapping.require("url", as: YAMLNode.self)
        let text = try urlNode.string()
        guard let parsed = URL(string: text), let scheme = parsed.scheme?.lowercased(), ["http", "https", "file"].contains(scheme) else {
            throw urlNode.error("'url' must be an http, https or file URL, not '\(text)'")
        }
        self.init(url: text)
        name = try mapping.read("name") ?? name
        if let formatNode = mapping.take("format") {
            let format = try formatNode.string()
            let names = BuiltInImporters.all.map { $0.name }
            guard names.contains(format) else {
                throw formatNode.error("unknown feed format '\(format)'; use one of \(names.joined(separator: ", "))")
            }
            self.format = format
        }
        try mapping.read("regions", into: &regions)
        if let timeoutNode = mapping.take("timeout") {
            timeout = try CalendarEntry.duration(timeoutNode, key: "timeout")
            guard timeout > 0 else { throw timeoutNode.error("'timeout' must be longer than 0") }
        }
        if let sizeNode = mapping.take("max_size") {
            guard let size = FeedSettings.byteCount(try sizeNode.string()), size > 0 else {
                throw sizeNode.error("'max_size' must be a size such as 5MB, 500KB or 1048576")
            }
            maxSize = size
        }
        if let kindsNode = mapping.take("kinds") {
            let kinds = try kindsNode.mapping()
            for keyword in kinds.keys {
                guard let value = kinds.take(keyword) else { continue }
                let word = try value.string()
                guard let kind = EventKind(word: word) else { throw value.error("unknown event kind '\(word)'") }
                keywordKinds[keyword.lowercased()] = kind
            }
        }
        try mapping.finish()
    }

    /// Reads `20MB`, `500KB`, `1048576`.
    static func byteCount(_ raw: String) -> Int? {
        let text = raw.trimmingCharacters(in: .whitespaces).uppercased()
        for (suffix, factor) in [("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10), ("B", 1)] where text.hasSuffix(suffix) {
            return Int(text.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)).map { $0 * factor }
        }
        return Int(text)
    }

    /// Import settings for this feed.
    public var importOptions: ImportOptions {
        var options = ImportOptions()
        options.sourceKind = .url
        options.defaultRegions = regions
        options.keywordKinds = keywordKinds
        return options
    }
}
