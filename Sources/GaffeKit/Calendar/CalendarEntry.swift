import Foundation

/// One entry of a calendar written in YAML: the built-in calendar under `lexicons/calendar/`, or
/// `events:` in `.gaffe.yml`. Either a yearly observance with a `date` rule, or a one-off event
/// with `start` (and `end`). See docs/calendar.md for every key.
///
/// ```yaml
/// - id: gb-remembrance-sunday
///   title: Remembrance Sunday
///   kind: remembrance
///   severity: severe
///   regions: [GB]
///   date: second Sunday of November
///   keywords: [Remembrance Sunday, Cenotaph]
///   hashtags: [RemembranceSunday, LestWeForget]
///   source: https://www.legion.org.uk/…
/// ```
public struct CalendarEntry: Sendable {
    /// When the entry happens.
    public enum When: Sendable {
        /// Every year, by a rule.
        case yearly(DateRule)
        /// Once: from a date (all day, local) or an instant, to an end.
        case once(start: Moment, end: Moment?)
    }

    /// A point in time as an entry writes it.
    public enum Moment: Sendable {
        /// A calendar date, read as local days in each audience's zone.
        case date(CivilDate)
        /// A wall-clock time: in `zone` when the entry names one, else in each audience's zone.
        case local(CivilDateTime)
        /// An instant with an offset (`2012-10-29T20:00:00-04:00`).
        case instant(Date)
    }

    public var id: String
    public var title: String
    public var kind: EventKind
    public var severity: EventSeverity
    public var regions: [Region]
    public var when: When
    /// Local days covered from the date (mourning weeks: 7).
    public var days = 1
    /// A moment instead of the whole day: local start time and length.
    public var time: (hour: Int, minute: Int)?
    public var duration: TimeInterval?
    /// The zone the day or time is kept in; `nil`: each audience's own.
    public var zone: TimeZone?
    /// Starts at 18:00 the evening before (observances that begin at sundown); with `time`, the
    /// moment is on the evening before.
    public var startsOnEve = false
    /// Time added before and after (Islamic dates depend on moon sighting).
    public var margin: TimeInterval = 0
    public var grace: TimeInterval
    /// The years the rule applies in.
    public var since: Int?
    public var until: Int?
    public var keywords: [String] = []
    public var hashtags: [String] = []
    public var sensitiveCategories: [String]
    /// Where the facts come from: URLs, laws, resolutions.
    public var sources: [String] = []
    public var notes: String?
    /// Where the entry is written, for messages and `EventSource`.
    public var origin: EventSource

    /// The events the entry gives whose windows (with grace) overlap an interval.
    public func events(overlapping interval: DateInterval) -> [Event] {
        switch when {
        case .once(let start, let end):
            guard let event = makeEvent(id: "\(idPrefix):\(id)", start: start, end: end) else { return [] }
            return event.start < interval.end && event.sensitiveUntil > interval.start ? [event] : []
        case .yearly(let rule):
            let utc = ICSTime.utcZone
            let first = CivilDate(interval.start.addingTimeInterval(-grace - margin - Double(days + 1) * 86_400), in: utc).year
            let last = CivilDate(interval.end.addingTimeInterval(margin + 86_400), in: utc).year
            var events: [Event] = []
            for year in first...max(first, last) {
                if let since, year < since { continue }
                if let until, year > until { continue }
                for date in rule.dates(in: year) {
                    guard let event = makeEvent(id: "\(idPrefix):\(id):\(date)", start: .date(date), end: nil),
                          event.start < interval.end, event.sensitiveUntil > interval.start else { continue }
                    events.append(event)
                }
            }
            return events
        }
    }

    /// `builtin:` for the built-in calendar, `config:` for `.gaffe.yml`.
    private var idPrefix: String { origin.kind == .builtIn ? "builtin" : "config" }

    private func makeEvent(id eventID: String, start: Moment, end: Moment?) -> Event? {
        var event = Event(id: eventID, title: title, kind: kind, severity: severity, regions: regions,
                          start: Date(timeIntervalSince1970: 0), end: Date(timeIntervalSince1970: 0), grace: grace,
                          keywords: keywords, hashtags: hashtags, sensitiveCategories: sensitiveCategories, source: origin,
                          url: sources.first { $0.hasPrefix("http") } ?? sources.first, summary: notes)
        let zones = RegionZones.zones(for: regions)
        func place(_ window: LocalWindow) {
            var window = window
            if margin > 0 {
                window = LocalWindow(start: window.start.adding(seconds: -Int(margin)), end: window.end.adding(seconds: Int(margin)))
            }
            if let zone {
                event.start = window.start.instant(in: zone)
                event.end = window.end.instant(in: zone)
                event.timeZone = zone
            } else {
                let widest = RegionZones.widest(window, in: zones)
                event.start = widest.start
                event.end = widest.end
                event.localWindow = window
            }
            event.isAllDay = window.isWholeDays && time == nil
        }
        switch (start, end) {
        case (.date(let first), _):
            if let time {
                // With `eve`, the time is on the evening before the date (a siren at 20:00 as the day begins).
                let begin = CivilDateTime(date: startsOnEve ? first.adding(days: -1) : first, hour: time.hour, minute: time.minute)
                place(LocalWindow(start: begin, end: begin.adding(seconds: Int(duration ?? 3600))))
            } else {
                var last = first.adding(days: days - 1)
                if case .date(let endDate)? = end { last = endDate }
                guard last >= first else { return nil }
                var window = LocalWindow(days: first, through: last)
                if startsOnEve { window.start = CivilDateTime(date: first.adding(days: -1), hour: 18) }
                place(window)
            }
        case (.local(let begin), _):
            var finish = begin.adding(seconds: Int(duration ?? 3600))
            if case .local(let endTime)? = end { finish = endTime }
            if case .date(let endDate)? = end { finish = endDate.adding(days: 1).start }
            place(LocalWindow(start: begin, end: max(begin, finish)))
        case (.instant(let begin), _):
            event.start = begin
            switch end {
            case .instant(let finish)?: event.end = max(begin, finish)
            case .date(let endDate)?: event.end = max(begin, endDate.adding(days: 1).start.instant(in: zone ?? ICSTime.utcZone))
            case .local(let finish)?: event.end = max(begin, finish.instant(in: zone ?? ICSTime.utcZone))
            case nil: event.end = begin.addingTimeInterval(duration ?? 3600)
            }
            event.timeZone = zone
        }
        return event
    }
}

// MARK: - Reading

extension CalendarEntry {
    /// Reads one entry strictly: unknown keys, bad kinds, regions, rules and durations are errors
    /// at their line.
    /// - Parameters:
    ///   - requireSource: built-in entries must cite where their facts come from.
    public init(yaml node: YAMLNode, origin kind: EventSource.Kind, location: String, requireSource: Bool) throws {
        let mapping = try node.mapping()
        let idNode = try mapping.require("id", as: YAMLNode.self)
        id = try idNode.string()
        guard !id.isEmpty, id.allSatisfy({ $0.isLowercase || $0.isNumber || $0 == "-" }), id.first?.isLetter == true else {
            throw idNode.error("'id' must be kebab-case (lower-case letters, digits and dashes), not '\(id)'")
        }
        title = try mapping.require("title")
        let kindNode = try mapping.require("kind", as: YAMLNode.self)
        let kindText = try kindNode.string()
        guard let eventKind = EventKind(rawValue: kindText) else {
            var message = "unknown kind '\(kindText)'"
            if let guess = Spelling.closest(to: kindText, among: EventKind.allCases.map(\.rawValue)) { message += "; did you mean '\(guess)'?" }
            throw kindNode.error(message + " (see docs/calendar.md for the vocabulary)")
        }
        self.kind = eventKind
        if let severityNode = mapping.take("severity") {
            let text = try severityNode.string()
            guard let severity = EventSeverity(rawValue: text) else {
                throw severityNode.error("unknown severity '\(text)'; use info, minor, moderate, severe or extreme")
            }
            self.severity = severity
        } else {
            severity = eventKind.defaultSeverity
        }
        let regionsNode = try mapping.require("regions", as: YAMLNode.self)
        regions = try [Region](yaml: regionsNode)
        guard !regions.isEmpty else { throw regionsNode.error("'regions' must name at least one region, or GLOBAL") }
        origin = EventSource(kind: kind, location: location, itemID: id, line: node.line)

        let dateNode = mapping.take("date")
        let startNode = mapping.take("start")
        let endNode = mapping.take("end")
        switch (dateNode, startNode) {
        case (let dateNode?, nil):
            do {
                when = .yearly(try DateRule.parse(try dateNode.string()))
            } catch let error as DateRule.ParseError {
                throw dateNode.error(error.description)
            }
            if let endNode { throw endNode.error("'end' goes with 'start'; a yearly entry sets 'days' or 'duration' instead") }
        case (nil, let startNode?):
            let start = try CalendarEntry.moment(startNode)
            let end = try endNode.map(CalendarEntry.moment)
            when = .once(start: start, end: end)
        case (nil, nil):
            throw node.error("entry '\(id)' needs 'date' (a yearly rule such as 'December 7') or 'start' (a one-off date or time)")
        case (_?, let startNode?):
            throw startNode.error("entry '\(id)' has both 'date' and 'start'; use 'date' for yearly entries and 'start' for one-off events")
        }

        if let daysNode = mapping.take("days") {
            days = try daysNode.int()
            guard (1...366).contains(days) else { throw daysNode.error("'days' must be between 1 and 366") }
        }
        if let timeNode = mapping.take("time") {
            let text = try timeNode.string()
            let parts = text.split(separator: ":").compactMap { Int($0) }
            guard parts.count == 2, (0...23).contains(parts[0]), (0...59).contains(parts[1]), text.count == 5 else {
                throw timeNode.error("'time' must be a 24-hour clock time such as 08:46, not '\(text)'")
            }
            time = (parts[0], parts[1])
        }
        duration = try mapping.take("duration").map { try CalendarEntry.duration($0, key: "duration") }
        if duration != nil, time == nil, case .yearly = when {
            throw node.error("'duration' needs 'time': a moment such as a silence at 11:00 (whole days use 'days')")
        }
        zone = try mapping.read("zone")
        startsOnEve = try mapping.read("eve") ?? false
        if let marginNode = mapping.take("margin") {
            margin = try CalendarEntry.duration(marginNode, key: "margin")
        } else if case .yearly(let rule) = when, rule.dependsOnSighting {
            margin = 86_400
        }
        grace = try mapping.take("grace").map { try CalendarEntry.duration($0, key: "grace") } ?? eventKind.defaultGrace
        since = try mapping.read("since")
        until = try mapping.read("until")
        if let since, let until, until < since { throw node.error("'until' (\(until)) is before 'since' (\(since))") }
        keywords = try mapping.read("keywords") ?? []
        hashtags = (try mapping.read("hashtags") as [String]? ?? []).map { $0.hasPrefix("#") ? String($0.dropFirst()) : $0 }
        if let emptyIndex = (keywords + hashtags).firstIndex(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            throw node.error("keyword or hashtag \(emptyIndex + 1) of '\(id)' is empty")
        }
        sensitiveCategories = try mapping.read("sensitive") ?? eventKind.defaultSensitiveCategories
        sources = try mapping.read("source") ?? []
        if requireSource, sources.isEmpty { throw node.error("built-in entry '\(id)' must cite a 'source'") }
        notes = try mapping.read("notes")
        try mapping.finish()
    }

    static func duration(_ node: YAMLNode, key: String) throws -> TimeInterval {
        let text = try node.string()
        guard let value = DurationText.parse(text), value >= 0 else {
            throw node.error("'\(key)' must be a duration such as 2m, 1h, 3d or P7D, not '\(text)'")
        }
        return value
    }

    static func moment(_ node: YAMLNode) throws -> Moment {
        let text = try node.string()
        switch ISO8601.parse(text) {
        case .instant(let date, _)?: return .instant(date)
        case .local(let fields)?:
            let date = CivilDate(year: fields.year, month: fields.month, day: fields.day)
            if !fields.hasTime { return .date(date) }
            return .local(CivilDateTime(date: date, hour: fields.hour, minute: fields.minute, second: fields.second))
        case nil:
            throw node.error("'\(node.keyPath)' must be a date (2012-10-29) or a time (2012-10-29T20:00:00-04:00), not '\(text)'")
        }
    }

    /// Reads a list of entries, checking that ids are unique.
    public static func list(_ node: YAMLNode, origin: EventSource.Kind, location: String, requireSource: Bool,
                            seen: inout [String: String]) throws -> [CalendarEntry] {
        try node.list().map { item in
            let entry = try CalendarEntry(yaml: item, origin: origin, location: location, requireSource: requireSource)
            if let first = seen[entry.id] {
                throw item.error("duplicate entry id '\(entry.id)' (first used at \(first))")
            }
            seen[entry.id] = "\(item.path):\(item.line)"
            return entry
        }
    }
}
