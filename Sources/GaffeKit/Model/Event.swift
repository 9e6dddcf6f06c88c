import Foundation

/// What kind of event something is. The vocabulary is documented in docs/calendar.md; feeds map
/// their own words onto it, and anything unknown becomes `other` with a note, never a failure.
public enum EventKind: String, Sendable, CaseIterable, Codable, Hashable {
    case hurricane, tropicalStorm = "tropical-storm", tornado, storm, winterStorm = "winter-storm", flood, wildfire
    case earthquake, tsunami, volcano, landslide, heatwave, coldWave = "cold-wave", drought, epidemic
    case terrorAttack = "terror-attack", massShooting = "mass-shooting", war, civilUnrest = "civil-unrest"
    case transportDisaster = "transport-disaster", industrialDisaster = "industrial-disaster"
    case deathOfPublicFigure = "death-of-public-figure", nationalMourning = "national-mourning"
    case remembrance, anniversary, brandCrisis = "brand-crisis"
    /// A solemn religious day (Good Friday, Tisha B'Av, Ashura, Qingming): not a tragedy, but a day
    /// on which jokes and sales read badly to those who keep it.
    case religiousObservance = "religious-observance"
    case other
}

/// Wall-clock times without a zone: an all-day event (a remembrance day is 11 November in
/// Auckland and, thirteen hours later, in London) or a moment kept at the same local time
/// everywhere (a silence at 15:00 local). The calendar reads it in the audience's zone.
public struct LocalWindow: Sendable, Hashable, Codable {
    public var start: CivilDateTime
    /// Exclusive.
    public var end: CivilDateTime

    public init(start: CivilDateTime, end: CivilDateTime) {
        self.start = start
        self.end = end
    }

    /// Whole days from `first` to `last`, both included.
    public init(days first: CivilDate, through last: CivilDate) {
        start = first.start
        end = last.adding(days: 1).start
    }

    /// Whether the window is whole local days.
    public var isWholeDays: Bool { start.secondOfDay == 0 && end.secondOfDay == 0 }

    /// The instants the window covers in `zone`.
    public func interval(in zone: TimeZone) -> DateInterval {
        let lower = start.instant(in: zone)
        return DateInterval(start: lower, end: max(lower, end.instant(in: zone)))
    }
}

/// How severe an event is, mapped from each source's own scale (CAP severity, GDACS alert level,
/// PAGER colour, a calendar's own field).
public enum EventSeverity: String, Sendable, CaseIterable, Codable, Hashable, Comparable {
    case info, minor, moderate, severe, extreme

    private var rank: Int { EventSeverity.allCases.firstIndex(of: self)! }

    public static func < (lhs: EventSeverity, rhs: EventSeverity) -> Bool { lhs.rank < rhs.rank }
}

/// Where an event came from.
public struct EventSource: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        case builtIn = "built-in", file, url, store
    }

    public var kind: Kind
    /// The calendar file, feed URL or built-in calendar name.
    public var location: String
    /// The item's own id in its source (a CAP identifier, an iCalendar UID, a GDACS event id).
    public var itemID: String?
    /// 1-based line of the item in its file, when known.
    public var line: Int?

    public init(kind: Kind, location: String, itemID: String? = nil, line: Int? = nil) {
        self.kind = kind
        self.location = location
        self.itemID = itemID
        self.line = line
    }
}

/// Something happening in the world that makes some posts wrong: a disaster, an attack, a death,
/// a day of remembrance. Plain data, shared by the calendar (which builds events) and the rules
/// (which read the events live for a draft from `Draft.liveEvents`).
public struct Event: Sendable, Hashable, Codable, Identifiable {
    /// Stable id: the same item imported twice has the same id.
    public var id: String
    public var title: String
    public var kind: EventKind
    /// The source's own word for the kind, kept verbatim (`Hurricane Warning`, `EQ`).
    public var sourceKind: String?
    public var severity: EventSeverity
    /// Where: countries, subdivisions, or `GLOBAL`.
    public var regions: [Region]
    /// When the event is live: `start` inclusive, `end` exclusive.
    public var start: Date
    public var end: Date
    /// The zone the window was written in (all-day events are local days in each region).
    public var timeZone: TimeZone?
    public var isAllDay: Bool
    /// For events kept by local clocks (all-day dates, a silence at 15:00 local): the wall-clock
    /// window, read in each audience's zone. `start` and `end` then hold the widest window
    /// across the event's regions.
    public var localWindow: LocalWindow?
    /// How long after `end` it is still too soon.
    public var grace: TimeInterval
    /// Names that refer to it: "Hurricane Sandy", "Sandy"; hashtags without `#`.
    public var keywords: [String]
    public var hashtags: [String]
    /// Lexicon categories the event makes sensitive (`disaster`, `violence`…).
    public var sensitiveCategories: [String]
    public var source: EventSource
    public var url: String?
    public var summary: String?
    /// Observations made while reading the source (an unknown kind mapped to `other`).
    public var notes: [String]

    public init(id: String, title: String, kind: EventKind, sourceKind: String? = nil, severity: EventSeverity,
                regions: [Region], start: Date, end: Date, timeZone: TimeZone? = nil, isAllDay: Bool = false,
                localWindow: LocalWindow? = nil, grace: TimeInterval = 0, keywords: [String] = [], hashtags: [String] = [], sensitiveCategories: [String] = [],
                source: EventSource, url: String? = nil, summary: String? = nil, notes: [String] = []) {
        self.id = id
        self.title = title
        self.kind = kind
        self.sourceKind = sourceKind
        self.severity = severity
        self.regions = regions
        self.start = start
        self.end = end
        self.timeZone = timeZone
        self.isAllDay = isAllDay
        self.localWindow = localWindow
        self.grace = grace
        self.keywords = keywords
        self.hashtags = hashtags
        self.sensitiveCategories = sensitiveCategories
        self.source = source
        self.url = url
        self.summary = summary
        self.notes = notes
    }

    /// The end of the sensitive window: `end` plus `grace`.
    public var sensitiveUntil: Date { end.addingTimeInterval(grace) }

    /// Whether the event is live (or still too soon) at `date`.
    public func isLive(at date: Date) -> Bool { date >= start && date < sensitiveUntil }

    /// Whether an audience in `regions` overlaps the event's regions.
    public func overlaps(_ audience: [Region]) -> Bool {
        if audience.isEmpty || regions.isEmpty { return true }
        return audience.contains { region in regions.contains { $0.overlaps(region) } }
    }

    /// The event as JSON for findings (`event` in JSON output, SARIF `properties`).
    public var json: JSONValue {
        var source: [String: JSONValue] = ["kind": .string(self.source.kind.rawValue), "location": .string(self.source.location)]
        if let item = self.source.itemID { source["id"] = .string(item) }
        return .object([
            "id": .string(id), "title": .string(title), "kind": .string(kind.rawValue), "severity": .string(severity.rawValue),
            "start": .string(ISO8601.format(start, in: timeZone)), "end": .string(ISO8601.format(end, in: timeZone)),
            "regions": .array(regions.map { .string($0.code) }),
            "source": .object(.init(uniqueKeysWithValues: source.sorted { $0.key < $1.key })),
        ])
    }
}
