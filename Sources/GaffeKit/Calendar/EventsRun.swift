import Foundation

/// What a `gaffe events …` command was asked to do, independent of how the CLI spells it.
public struct EventsRequest: Sendable {
    public var configurationPath: String?
    public var noConfiguration = false
    /// `--store`; default `.gaffe/events.sqlite` beside the configuration.
    public var storePath: String?
    /// `--events` files (for `list`).
    public var eventFiles: [String] = []
    /// "Now" for `list` (`--at`), and the import time for `import` and `sync`.
    public var at: Date?
    /// The end of a range for `list --until` and `export --to`.
    public var until: Date?
    public var regions: [Region] = []
    public var kinds: [EventKind] = []
    public var includeBuiltIn = true
    public var format = "text"

    public init() {}
}

/// Runs `gaffe events import | sync | list | export`. Output goes through `out` (standard output)
/// and `err` (standard error); each function returns the exit status.
public enum EventsRun {
    /// `gaffe events import FILE...`: reads each file with the importer its name and content call
    /// for and stores its events. The same item imported twice stays one event; a newer version
    /// replaces the older. Problems print as `path:line:column: severity: message`.
    /// - Returns: 0, or 1 when a file could not be read or had errors.
    public static func importFiles(_ paths: [String], request: EventsRequest, out: (String) -> Void, err: (String) -> Void) throws -> Int32 {
        guard !paths.isEmpty else { throw UsageError("no files to import; pass iCalendar or feed files") }
        let configuration = try loadConfiguration(request)
        let store = try openStore(request, configuration: configuration)
        var status: Int32 = 0
        var total = EventStore.Changes()
        for path in paths {
            let result: ImportResult
            let source: SourceText
            do {
                (result, source) = try EventFiles.read(path)
            } catch let error as UsageError {
                err("gaffe: error: \(error.description)")
                status = 1
                continue
            }
            for problem in result.problems {
                err(describe(problem, in: source))
                if problem.severity == .error { status = 1 }
            }
            let changes = try EventStore(store).save(result, now: request.at ?? Date())
            total = total + changes
            out("\(path): \(result.events.count + result.recurring.count) events (\(changes.description))")
        }
        if paths.count > 1 { out("total: \(total.description); the store at \(store.path) holds \(try EventStore(store).count()) events") }
        return status
    }

    /// `gaffe events sync`: fetches every feed under `feeds:` in `.gaffe.yml`, conditionally, and
    /// stores its events. A feed that fails is reported and the others go on.
    /// - Returns: 0, or 1 when a feed failed.
    public static func sync(request: EventsRequest, fetcher: some FeedFetcher = URLSessionFeedFetcher(), out: (String) -> Void,
                            err: (String) -> Void) throws -> Int32 {
        let configuration = try loadConfiguration(request)
        let feeds = configuration.section(CalendarSettings.self).feeds
        guard !feeds.isEmpty else {
            throw UsageError("no feeds to sync; list them under feeds: in .gaffe.yml (see docs/calendar.md)")
        }
        let store = try openStore(request, configuration: configuration)
        var status: Int32 = 0
        for feed in feeds {
            switch FeedSync.sync(feed, into: store, fetcher: fetcher, now: request.at ?? Date()) {
            case .imported(let changes, let problems, let source):
                for problem in problems { err(describe(problem, in: source)) }
                out("\(feed.name): \(changes.description)")
            case .notModified:
                out("\(feed.name): not modified")
            case .failed(let message):
                err("gaffe: error: \(feed.name) (\(feed.url)): \(message)")
                status = 1
            }
        }
        return status
    }

    /// `gaffe events list`: the events live at `--at` (default now), or during `--at … --until`,
    /// from the built-in calendar, the configuration, the store and `--events` files, filtered by
    /// region and kind.
    public static func list(request: EventsRequest, out: (String) -> Void) throws -> Int32 {
        let configuration = try loadConfiguration(request)
        let index = try makeIndex(request, configuration: configuration)
        let at = request.at ?? Date()
        var events: [Event]
        if let until = request.until {
            guard until > at else { throw UsageError("--until must be after --at") }
            events = index.events(overlapping: DateInterval(start: at, end: until))
            if !request.regions.isEmpty { events = events.filter { $0.overlaps(request.regions) } }
        } else if request.regions.isEmpty {
            events = index.candidates(at: at)
        } else {
            events = index.liveEvents(at: at, audience: request.regions)
        }
        if !request.kinds.isEmpty { events = events.filter { request.kinds.contains($0.kind) } }
        events.sort { ($0.start, $0.id) < ($1.start, $1.id) }
        switch request.format {
        case "json":
            out(JSONValue.array(events.map(\.json)).serialized)
        case "text":
            if events.isEmpty { out("no events live \(request.until == nil ? "at" : "from") \(ISO8601.format(at))") }
            for event in events {
                out("\(event.id)\t\(event.kind.rawValue)\t\(event.severity.rawValue)\t\(event.regionsDescription)\t\(event.windowDescription)\t\(event.title)")
            }
        default:
            throw UsageError("unknown format '\(request.format)' for events list; use text or json")
        }
        return 0
    }

    /// `gaffe events export --format ics`: the store's events (repeating ones as rules), events
    /// from the configuration and the built-in calendar's days from `--at` to `--until` (default:
    /// this year and next), as one iCalendar file a calendar app can subscribe to.
    public static func export(request: EventsRequest, out: (String) -> Void) throws -> Int32 {
        guard request.format == "ics" else { throw UsageError("unknown export format '\(request.format)'; use ics") }
        let configuration = try loadConfiguration(request)
        let settings = configuration.section(CalendarSettings.self)
        let now = Date()
        let year = CivilDate(request.at ?? now, in: ICSTime.utcZone).year
        let from = request.at ?? CivilDate(year: year, month: 1, day: 1).start.instant(in: ICSTime.utcZone)
        let to = request.until ?? CivilDate(year: year + 2, month: 1, day: 1).start.instant(in: ICSTime.utcZone)
        guard to > from else { throw UsageError("--until must be after --at") }
        let range = DateInterval(start: from, end: to)
        var events: [Event] = []
        var series: [RecurringEvent] = []
        let storePath = request.storePath ?? GaffeStore.defaultPath(for: configuration)
        if FileManager.default.fileExists(atPath: storePath) {
            let stored = try EventStore(GaffeStore(path: storePath, readOnly: true)).all()
            events += stored.events
            series += stored.recurring
        } else if request.storePath != nil {
            throw UsageError("no event store at \(storePath)")
        }
        events += settings.entries.flatMap { $0.events(overlapping: range) }
        if request.includeBuiltIn, settings.builtIn {
            events += BuiltInCalendar.shared.events(overlapping: range, skipping: Set(settings.skip))
        }
        out(ICSWriter.calendar(events: events, series: series, name: "Gaffe events", stamp: now))
        return 0
    }

    // MARK: Shared

    static func loadConfiguration(_ request: EventsRequest) throws -> Configuration {
        var lint = LintRequest()
        lint.configurationPath = request.configurationPath
        lint.noConfiguration = request.noConfiguration
        return try LintRun.loadConfiguration(lint, log: { _ in })
    }

    static func openStore(_ request: EventsRequest, configuration: Configuration) throws -> GaffeStore {
        let path = request.storePath ?? GaffeStore.defaultPath(for: configuration)
        do {
            return try GaffeStore(path: path)
        } catch {
            throw UsageError("\(error)")
        }
    }

    static func makeIndex(_ request: EventsRequest, configuration: Configuration) throws -> EventIndex {
        var configuration = configuration
        if !request.includeBuiltIn {
            var settings = configuration.section(CalendarSettings.self)
            settings.builtIn = false
            configuration.setSection(settings)
        }
        var inputs = RunInputs()
        inputs.eventFiles = request.eventFiles
        inputs.storePath = request.storePath
        return try EventIndex.make(context: RuleContext(configuration: configuration, referenceDate: request.at ?? Date(), inputs: inputs))
    }

    /// `path:line:column: severity: message`, as compilers print it.
    static func describe(_ problem: InputProblem, in source: SourceText) -> String {
        let position = source.position(of: problem.range.lowerBound)
        return "\(source.path):\(position.line):\(position.column): \(problem.severity.rawValue): \(problem.message)"
    }
}
