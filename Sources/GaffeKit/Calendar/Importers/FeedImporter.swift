import Foundation

/// What an importer got out of one feed file.
public struct ImportResult: Sendable {
    /// Events read, in file order.
    public var events: [Event] = []
    /// Ids of earlier events this feed ends (a CAP `Cancel`) or replaces (an `Update`).
    public var cancelled: [String] = []
    public var superseded: [String] = []
    /// When each cancelled event ended, where the feed says (a CAP Cancel's `sent` time); events
    /// cancelled without a time end when the feed is imported.
    public var cancelledAt: [String: Date] = [:]
    /// Items or files that could not be read, each at its line; the rest still imports.
    public var problems: [InputProblem] = []

    public init() {}
}

/// Settings an importer may need beyond the file.
public struct ImportOptions: Sendable {
    /// Where the feed came from (a path, or the URL `gaffe events sync` fetched).
    public var sourceKind: EventSource.Kind = .file
    /// Regions for events that carry none (an iCalendar holiday calendar of one country).
    public var defaultRegions: [Region] = []
    /// Keyword → kind mapping for generic RSS/Atom news feeds.
    public var keywordKinds: [String: EventKind] = [:]

    public init() {}
}

/// Reads one feed format into events. Each importer lives in its own file under
/// `Calendar/Importers/` and is listed once in `BuiltInImporters.all`.
public protocol FeedImporter: Sendable {
    /// A short name: `ics`, `cap`, `gdacs`, `nws`, `usgs`, `rss`.
    static var name: String { get }
    /// Whether this importer reads a file, judged from its name and first bytes.
    static func accepts(path: String, head: ArraySlice<UInt8>) -> Bool
    init()
    /// Reads the whole file. Never throws for bad content: problems go into the result.
    func read(_ source: SourceText, options: ImportOptions) -> ImportResult
}

/// The importers, one line each, tried in order.
public enum BuiltInImporters {
    public static let all: [any FeedImporter.Type] = [
        CAPImporter.self,
        GDACSImporter.self,
        NWSImporter.self,
        USGSImporter.self,
        RSSImporter.self,
    ]

    /// The importer for a file, by name and content.
    public static func importer(for path: String, head: ArraySlice<UInt8>) -> (any FeedImporter.Type)? {
        all.first { $0.accepts(path: path, head: head) }
    }
}
