import Foundation

/// The calendar of a run: every event Gaffe knows, indexed by time and filtered by region, so
/// that each draft learns in a hash lookup which events are live where and when it is published.
///
/// Sources, all optional: the built-in calendar (`lexicons/calendar/`), the event store
/// (`--store`, or `.gaffe/events.sqlite` beside `.gaffe.yml`), event files (`--events` and
/// `calendar.files`) and `events:` in the configuration. Events are expanded a year at a time, on
/// first use, into buckets of UTC days; a query looks at one bucket and checks each candidate's
/// window, then its regions, then (for all-day events and moments kept by local clocks) its local
/// window in the audience's own zones, so 11 November begins in Auckland thirteen hours before
/// it begins in London.
///
/// ```swift
/// let index = try context.service(EventIndex.self)
/// let live = index.liveEvents(at: publishDate, audience: [Region(code: "US-NY")!])
/// ```
public final class EventIndex: Service, @unchecked Sendable {
    /// Where the events come from.
    public struct Sources: Sendable {
        public var builtIn: BuiltInCalendar?
        public var skip: Set<String> = []
        public var entries: [CalendarEntry] = []
        public var files: [ImportResult] = []
        public var store: EventStore?
        /// Grace per kind, overriding the events' own.
        public var grace: [EventKind: TimeInterval] = [:]

        public init() {}
    }

    /// Problems in the event files, for `input` findings.
    public let problems: [(problem: InputProblem, source: SourceText)]
    private let sources: Sources
    private let years = Locked<[Int: YearIndex]>([:])

    /// Builds the index for a run from its configuration and inputs.
    /// - Throws: `UsageError` for an event file that cannot be read or a store that cannot be opened.
    public static func make(context: RuleContext) throws -> EventIndex {
        let configuration = context.configuration
        let settings = configuration.section(CalendarSettings.self)
        var sources = Sources()
        sources.builtIn = settings.builtIn ? BuiltInCalendar.shared : nil
        sources.skip = Set(settings.skip)
        sources.entries = settings.entries
        sources.grace = settings.grace
        var problems: [(InputProblem, SourceText)] = []
        let base = configuration.baseDirectory.flatMap { $0.isEmpty ? nil : $0 }
        let configured = settings.files.map { path in path.hasPrefix("/") || base == nil ? path : (base! as NSString).appendingPathComponent(path) }
        for path in configured + context.inputs.eventFiles {
            let (result, source) = try EventFiles.read(path)
            sources.files.append(result)
            problems += result.problems.map { ($0, source) }
        }
        let storePath = context.inputs.storePath ?? GaffeStore.defaultPath(for: configuration)
        if context.inputs.storePath != nil || FileManager.default.fileExists(atPath: storePath) {
            guard FileManager.default.fileExists(atPath: storePath) else { throw UsageError("no event store at \(storePath)") }
            do {
                let store = EventStore(try GaffeStore(path: storePath, readOnly: true))
                // Read once now, so a damaged or foreign file stops the run with its name rather
                // than being skipped later.
                _ = try store.count()
                sources.store = store
            } catch {
                throw UsageError("\(error)")
            }
        }
        return EventIndex(sources: sources, problems: problems)
    }

    public init(sources: Sources, problems: [(problem: InputProblem, source: SourceText)] = []) {
        self.sources = sources
        self.problems = problems
    }

    // MARK: Queries

    /// Events live at an instant (between start and end plus grace) anywhere, by their widest
    /// windows; no region or local-time check.
    public func candidates(at date: Date) -> [Event] {
        let day = UTCDay(date)
        let index = yearIndex(CivilDate(dayNumber: day).year)
        return EventIndex.live(index.dayEvents[day] ?? [], at: date)
    }

    /// The events of a day's list live at an instant. Most days' events are live all day: the
    /// day's array is then shared rather than each event copied (elements are read in place).
    private static func live(_ events: [Event], at date: Date) -> [Event] {
        events.indices.allSatisfy { events[$0].isLive(at: date) } ? events : events.filter { $0.isLive(at: date) }
    }

    /// Events whose windows (with grace) overlap an interval, anywhere, by their widest windows.
    public func events(overlapping interval: DateInterval) -> [Event] {
        var seen: Set<String> = []
        var result: [Event] = []
        for day in UTCDay(interval.start)...max(UTCDay(interval.start), UTCDay(interval.end)) {
            let index = yearIndex(CivilDate(dayNumber: day).year)
            for position in index.byDay[day] ?? [] {
                let event = index.events[position]
                if event.start < interval.end, event.sensitiveUntil > interval.start, seen.insert(event.id).inserted { result.append(event) }
            }
        }
        return result
    }

    /// Events live at an instant for an audience: their regions overlap the audience's (an
    /// empty audience is everyone), and events kept by local clocks are live in one of the
    /// audience's zones. Returned with their windows resolved to that zone.
    /// - Parameter zone: the draft's own zone, used for global audiences of global events.
    public func liveEvents(at date: Date, audience: [Region], zone: TimeZone? = nil) -> [Event] {
        candidates(at: date).compactMap { resolve($0, at: date, audience: audience, zone: zone) }
    }

    /// Events with a keyword or hashtag live at an instant, anywhere: for newsjacking, where a
    /// region mismatch is no defence.
    public func namedEvents(at date: Date) -> [Event] {
        namedEventsOfTheDay(at: date).events
    }

    /// `namedEvents(at:)`, and the UTC day number when they are all the day's named events (the
    /// same list, shared, for every instant of the day they are all live): a key for what is
    /// worked out from them.
    func namedEventsOfTheDay(at date: Date) -> (events: [Event], day: Int?) {
        let day = UTCDay(date)
        let all = yearIndex(CivilDate(dayNumber: day).year).dayNamedEvents[day] ?? []
        let live = EventIndex.live(all, at: date)
        return (live, live.count == all.count ? day : nil)
    }

    /// The event as live for an audience, or `nil` when it is not.
    func resolve(_ event: Event, at date: Date, audience: [Region], zone: TimeZone?) -> Event? {
        guard event.overlaps(audience) else { return nil }
        guard let window = event.localWindow else { return event }
        for candidate in EventIndex.zones(for: event, audience: audience, draftZone: zone) {
            let interval = window.interval(in: candidate)
            var resolved = event
            resolved.start = interval.start
            resolved.end = interval.end
            resolved.timeZone = candidate
            if resolved.isLive(at: date) { return resolved }
        }
        return nil
    }

    /// The zones in which an event kept by local clocks is read for an audience: those of the
    /// narrower of each overlapping pair of regions (an audience in US-NY reads a US event in
    /// New York time; a US audience reads a US-NY event in New York time too).
    static func zones(for event: Event, audience: [Region], draftZone: TimeZone?) -> [TimeZone] {
        let global = audience.isEmpty || audience.contains(where: \.isGlobal)
        let eventGlobal = event.regions.isEmpty || event.regions.contains(where: \.isGlobal)
        switch (global, eventGlobal) {
        case (true, true): return draftZone.map { [$0] } ?? RegionZones.worldExtremes
        case (true, false): return RegionZones.zones(for: event.regions)
        case (false, true): return RegionZones.zones(for: audience)
        case (false, false):
            var narrow: [Region] = []
            for region in audience {
                for eventRegion in event.regions where region.overlaps(eventRegion) {
                    narrow.append(region.ancestors.contains(eventRegion) || region == eventRegion ? region : eventRegion)
                }
            }
            return RegionZones.zones(for: narrow)
        }
    }

    // MARK: The time index

    private struct YearIndex {
        var events: [Event] = []
        var byDay: [Int: [Int]] = [:]
        /// The events of each day, built once so queries share the arrays.
        var dayEvents: [Int: [Event]] = [:]
        /// Those with a keyword or hashtag.
        var dayNamedEvents: [Int: [Event]] = [:]
    }

    private func yearIndex(_ year: Int) -> YearIndex {
        if let ready = years.withLock({ $0[year] }) { return ready }
        let built = buildYear(year)
        years.withLock { $0[year] = built }
        return built
    }

    /// All events whose sensitive windows touch the year's UTC days, bucketed by day.
    private func buildYear(_ year: Int) -> YearIndex {
        let utc = ICSTime.utcZone
        let first = CivilDate(year: year, month: 1, day: 1)
        let last = CivilDate(year: year + 1, month: 1, day: 1)
        let interval = DateInterval(start: first.start.instant(in: utc), end: last.start.instant(in: utc))
        var events = sources.builtIn?.events(overlapping: interval, skipping: sources.skip) ?? []
        events += sources.entries.flatMap { $0.events(overlapping: interval) }
        for file in sources.files { events += file.events(overlapping: interval) }
        // A configured grace may reach further than the one the store filtered with.
        let reach = DateInterval(start: interval.start.addingTimeInterval(-(sources.grace.values.max() ?? 0)), end: interval.end)
        if let store = sources.store, let stored = try? store.events(overlapping: reach) {
            events += stored.events + stored.recurring.flatMap { $0.instances(overlapping: interval) }
        }
        var index = YearIndex()
        var seen: Set<String> = []
        for var event in events where seen.insert(event.id).inserted {
            if let grace = sources.grace[event.kind] { event.grace = grace }
            let from = max(UTCDay(event.start), first.dayNumber)
            let to = min(UTCDay(event.sensitiveUntil.addingTimeInterval(-0.001)), last.dayNumber - 1)
            guard from <= to else { continue }
            index.events.append(event)
            for day in from...to { index.byDay[day, default: []].append(index.events.count - 1) }
        }
        for (day, positions) in index.byDay {
            let events = positions.map { index.events[$0] }
            index.dayEvents[day] = events
            let named = events.filter { !$0.keywords.isEmpty || !$0.hashtags.isEmpty }
            if !named.isEmpty { index.dayNamedEvents[day] = named }
        }
        return index
    }
}

/// The UTC day number of an instant.
private func UTCDay(_ date: Date) -> Int {
    Int((date.timeIntervalSince1970 / 86_400).rounded(.down))
}

/// Reading event files given on the command line or in the configuration.
public enum EventFiles {
    /// Reads and imports one file with the importer its name and content call for.
    /// - Throws: `UsageError` when the file cannot be read or no importer takes it.
    public static func read(_ path: String, options: ImportOptions = ImportOptions()) throws -> (ImportResult, SourceText) {
        guard let data = FileManager.default.contents(atPath: path) else { throw UsageError("cannot read the event file \(path)") }
        let bytes = Array(data)
        guard let importer = BuiltInImporters.importer(for: path, head: bytes.prefix(512)) else {
            let names = BuiltInImporters.all.map { $0.name }.joined(separator: ", ")
            throw UsageError("\(path) is not an event feed Gaffe reads (\(names))")
        }
        let source = SourceText(path: path, bytes: bytes)
        return (importer.init().read(source, options: options), source)
    }
}
