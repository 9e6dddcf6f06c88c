import Foundation

/// Reads iCalendar files (RFC 5545), so a team can keep its own crisis calendar in any calendar
/// app and Gaffe can read published remembrance calendars.
///
/// - Every VEVENT of every VCALENDAR in the file (several may follow one another).
/// - DTSTART with DTEND or DURATION; DATE values (all-day: local days in each audience's zone),
///   UTC, floating and TZID times. A TZID is read as an IANA name, a Windows name (Exchange,
///   Outlook; mapped through Unicode CLDR), or through the file's own VTIMEZONE.
/// - RRULE, RDATE, EXDATE and RECURRENCE-ID overrides: repeating events are returned as
///   `RecurringEvent`s, expanded on demand.
/// - Kind from `X-GAFFE-KIND` or CATEGORIES; `X-GAFFE-REGIONS:US-CO;US-NM` (or `GLOBAL`),
///   `X-GAFFE-SEVERITY`, `X-GAFFE-KEYWORDS`, `X-GAFFE-HASHTAGS`, `X-GAFFE-GRACE` and
///   `X-GAFFE-SENSITIVE`, on an event or on the whole VCALENDAR. Without a kind an event is
///   `other` with severity `info`: a holiday or concert calendar never raises findings by itself.
/// - Problems (a broken RRULE, an unknown TZID, a missing DTSTART) are `InputProblem`s at their
///   line; everything else in the file still imports.
public struct ICSImporter: FeedImporter {
    public static let name = "ics"

    public static func accepts(path: String, head: ArraySlice<UInt8>) -> Bool {
        let lower = path.lowercased()
        if lower.hasSuffix(".ics") || lower.hasSuffix(".ical") || lower.hasSuffix(".icalendar") || lower.hasSuffix(".ifb") { return true }
        var bytes = Array(head.prefix(64))
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
        return text.hasPrefix("BEGIN:VCALENDAR")
    }

    public init() {}

    public func read(_ source: SourceText, options: ImportOptions) -> ImportResult {
        var reader = ICSReader(source: source, options: options)
        return reader.read()
    }
}

/// The settings a VCALENDAR gives all its events.
private struct CalendarDefaults {
    var name: String?
    var floatingZone: TimeZone?
    var gaffe = GaffeFields()
    var zones: [String: VTimeZone] = [:]
}

/// Gaffe's own properties, from an event or its calendar.
private struct GaffeFields {
    var kind: (kind: EventKind, word: String)?
    var unknownKind: String?
    var severity: EventSeverity?
    var regions: [Region]?
    var keywords: [String] = []
    /// Whether X-GAFFE-KEYWORDS was given at all (an empty list says "no names").
    var keywordsGiven = false
    var hashtags: [String] = []
    var grace: TimeInterval?
    var sensitive: [String]?
}

/// One VEVENT, read.
private struct VEvent {
    var uid: String?
    var summary = ""
    var description: String?
    var location: String?
    var url: String?
    var categories: [String] = []
    var start: ICSTime
    var duration = ICSDuration(days: 0, seconds: 0)
    var rules: [RecurrenceRule] = []
    var extraStarts: [ICSTime] = []
    var exclusions: [ICSTime] = []
    var recurrenceID: ICSTime?
    var cancelled = false
    var sequence = 0
    var gaffe = GaffeFields()
    var range: Range<Int>
    var notes: [String] = []
    /// `X-GAFFE-ID` and `X-GAFFE-SOURCE`, written by Gaffe's own export and store, so events
    /// keep their identity and origin on a round trip.
    var explicitID: String?
    var explicitSource: EventSource?
}

private struct ICSReader {
    let source: SourceText
    let options: ImportOptions
    var problems: [InputProblem] = []
    /// Oddities counted across the file and reported once, at their first line.
    var repeated: [String: (range: Range<Int>, count: Int, message: String)] = [:]

    init(source: SourceText, options: ImportOptions) {
        self.source = source
        self.options = options
    }

    mutating func read() -> ImportResult {
        let lineReader = ICSLineReader(source)
        problems += lineReader.problems
        let roots = ICSComponent.tree(of: lineReader.lines, problems: &problems)
        var result = ImportResult()
        var sawCalendar = false
        for root in roots {
            guard root.name == "VCALENDAR" else {
                problems.append(InputProblem("BEGIN:\(root.name) outside a VCALENDAR is ignored", at: root.range, severity: .warning))
                continue
            }
            sawCalendar = true
            read(calendar: root, into: &result)
        }
        if !sawCalendar, problems.isEmpty {
            problems.append(InputProblem("no BEGIN:VCALENDAR in this file; is it iCalendar?", at: source.baseOffset..<source.baseOffset))
        }
        for (_, entry) in repeated.sorted(by: { $0.value.range.lowerBound < $1.value.range.lowerBound }) {
            let more = entry.count > 1 ? " (\(entry.count) times in this file)" : ""
            problems.append(InputProblem(entry.message + more, at: entry.range, severity: .warning))
        }
        result.problems = problems.sorted { $0.range.lowerBound < $1.range.lowerBound }
        return result
    }

    private mutating func note(_ key: String, _ message: String, at range: Range<Int>) {
        if let existing = repeated[key] {
            repeated[key] = (existing.range, existing.count + 1, existing.message)
        } else {
            repeated[key] = (range, 1, message)
        }
    }

    // MARK: Calendar

    private mutating func read(calendar: ICSComponent, into result: inout ImportResult) {
        var defaults = CalendarDefaults()
        defaults.name = calendar.first("X-WR-CALNAME")?.text ?? calendar.first("NAME")?.text
        if let line = calendar.first("X-WR-TIMEZONE") {
            if let zone = ZoneNames.zone(named: line.value) {
                defaults.floatingZone = zone
            } else {
                problems.append(InputProblem("unknown X-WR-TIMEZONE '\(line.value)'; floating times stay floating", at: line.range, severity: .warning))
            }
        }
        defaults.gaffe = gaffeFields(of: calendar.properties)
        for child in calendar.children where child.name == "VTIMEZONE" {
            if let zone = timeZone(child) { defaults.zones[zone.identifier] = zone }
        }
        var events: [VEvent] = []
        for child in calendar.children where child.name == "VEVENT" {
            if let event = vevent(child, defaults: defaults) { events.append(event) }
        }
        assemble(events, defaults: defaults, into: &result)
    }

    private mutating func timeZone(_ component: ICSComponent) -> VTimeZone? {
        guard let identifier = component.first("TZID")?.value, !identifier.isEmpty else {
            problems.append(InputProblem("VTIMEZONE has no TZID", at: component.range))
            return nil
        }
        var observances: [VTimeZone.Observance] = []
        for child in component.children where child.name == "STANDARD" || child.name == "DAYLIGHT" {
            guard let startLine = child.first("DTSTART"), let start = ICSTime.parseLocal(startLine.value),
                  let fromLine = child.first("TZOFFSETFROM"), let from = VTimeZone.parseOffset(fromLine.value),
                  let toLine = child.first("TZOFFSETTO"), let to = VTimeZone.parseOffset(toLine.value) else {
                problems.append(InputProblem("\(child.name) in VTIMEZONE '\(identifier)' needs DTSTART, TZOFFSETFROM and TZOFFSETTO", at: child.range))
                continue
            }
            var rules: [RecurrenceRule] = []
            for line in child.all("RRULE") {
                do {
                    rules.append(try RecurrenceRule.parse(line.value))
                } catch {
                    problems.append(InputProblem("\(error) in VTIMEZONE '\(identifier)'", at: line.range))
                }
            }
            let dates = child.all("RDATE").flatMap { line in
                line.value.split(separator: ",").compactMap { ICSTime.parseLocal(String($0))?.time }
            }
            observances.append(VTimeZone.Observance(start: start.time, offsetFrom: from, offsetTo: to, rules: rules, dates: dates))
        }
        guard !observances.isEmpty else {
            problems.append(InputProblem("VTIMEZONE '\(identifier)' has no STANDARD or DAYLIGHT rules", at: component.range))
            return nil
        }
        return VTimeZone(identifier: identifier, observances: observances, definition: ICSWriter.text(of: component))
    }

    // MARK: Gaffe's properties

    private mutating func gaffeFields(of properties: [ICSContentLine]) -> GaffeFields {
        var fields = GaffeFields()
        for line in properties {
            switch line.name {
            case "X-GAFFE-KIND":
                let word = line.text.trimmingCharacters(in: .whitespaces)
                if let kind = EventKind(word: word) {
                    fields.kind = (kind, word)
                } else {
                    fields.unknownKind = word
                    var message = "unknown X-GAFFE-KIND '\(word)'; the event is read as 'other'"
                    if let guess = Spelling.closest(to: word, among: EventKind.allCases.map(\.rawValue)) { message += " (did you mean '\(guess)'?)" }
                    problems.append(InputProblem(message, at: line.range, severity: .warning))
                }
            case "X-GAFFE-SEVERITY":
                if let severity = EventSeverity(word: line.text) {
                    fields.severity = severity
                } else {
                    problems.append(InputProblem("unknown X-GAFFE-SEVERITY '\(line.text)'; use info, minor, moderate, severe or extreme", at: line.range, severity: .warning))
                }
            case "X-GAFFE-REGIONS":
                var regions: [Region] = []
                for code in line.text.split(whereSeparator: { $0 == ";" || $0 == "," || $0 == " " }) {
                    if let region = Region(code: String(code)) {
                        if !regions.contains(region) { regions.append(region) }
                    } else {
                        problems.append(InputProblem("unknown region '\(code)' in X-GAFFE-REGIONS; use ISO 3166 codes (US, US-CO) or GLOBAL", at: line.range, severity: .warning))
                    }
                }
                fields.regions = regions
            case "X-GAFFE-KEYWORDS":
                fields.keywords += line.textList
                fields.keywordsGiven = true
            case "X-GAFFE-HASHTAGS":
                fields.hashtags += line.textList.map { $0.hasPrefix("#") ? String($0.dropFirst()) : $0 }
            case "X-GAFFE-GRACE":
                if let grace = DurationText.parse(line.value), grace >= 0 {
                    fields.grace = grace
                } else {
                    problems.append(InputProblem("cannot read X-GAFFE-GRACE '\(line.value)'; write a duration such as P7D or 72h", at: line.range, severity: .warning))
                }
            case "X-GAFFE-SENSITIVE":
                fields.sensitive = line.textList
            default:
                break
            }
        }
        return fields
    }

    // MARK: Events

    private mutating func vevent(_ component: ICSComponent, defaults: CalendarDefaults) -> VEvent? {
        guard let startLine = component.first("DTSTART") else {
            problems.append(InputProblem("VEVENT has no DTSTART; it is skipped", at: component.range))
            return nil
        }
        guard let start = time(startLine, defaults: defaults) else { return nil }
        var event = VEvent(start: start, range: component.range)
        event.uid = component.first("UID")?.value.trimmingCharacters(in: .whitespaces)
        if event.uid?.isEmpty == true { event.uid = nil }
        event.summary = component.first("SUMMARY")?.text.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        event.description = component.first("DESCRIPTION")?.text
        event.location = component.first("LOCATION")?.text
        event.url = component.first("URL")?.value
        event.categories = component.all("CATEGORIES").flatMap(\.textList)
        event.sequence = component.first("SEQUENCE").flatMap { Int($0.value.trimmingCharacters(in: .whitespaces)) } ?? 0
        event.cancelled = component.first("STATUS")?.value.uppercased() == "CANCELLED"
        event.gaffe = gaffeFields(of: component.properties)
        event.explicitID = component.first("X-GAFFE-ID")?.text
        if let line = component.first("X-GAFFE-SOURCE") {
            let kind = line.parameter("KIND").flatMap(EventSource.Kind.init(rawValue:)) ?? .file
            event.explicitSource = EventSource(kind: kind, location: line.text, itemID: line.parameter("ITEM"),
                                               line: line.parameter("LINE").flatMap { Int($0) })
        }
        if let line = component.first("RECURRENCE-ID") { event.recurrenceID = time(line, defaults: defaults) }
        event.duration = duration(of: component, start: start, defaults: defaults)

        for line in component.all("RRULE") {
            do {
                let rule = try RecurrenceRule.parse(line.value)
                if !rule.ignoredParts.isEmpty {
                    problems.append(InputProblem("RRULE parts \(rule.ignoredParts.joined(separator: ", ")) are not supported and are ignored", at: line.range, severity: .warning))
                }
                event.rules.append(rule)
            } catch {
                problems.append(InputProblem("\(error); the event is read without this recurrence", at: line.range))
            }
        }
        for line in component.all("RDATE") { event.extraStarts += times(line, defaults: defaults) }
        for line in component.all("EXDATE") { event.exclusions += times(line, defaults: defaults) }
        if let geo = component.first("GEO") { checkGeo(geo) }
        return event
    }

    private mutating func checkGeo(_ line: ICSContentLine) {
        let parts = line.value.split(separator: ";", omittingEmptySubsequences: false).map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let latitude = parts[0], let longitude = parts[1] else {
            note("geo-unreadable", "cannot read GEO '\(line.value)'; it should be latitude;longitude", at: line.range)
            return
        }
        if abs(latitude) > 90 || abs(longitude) > 180 {
            note("geo-range", "GEO '\(line.value)' is out of range; RFC 5545 writes latitude;longitude", at: line.range)
        }
    }

    /// The event's length from DTEND or DURATION (RFC 5545 §3.6.1 defaults when neither is given).
    private mutating func duration(of component: ICSComponent, start: ICSTime, defaults: CalendarDefaults) -> ICSDuration {
        let endLine = component.first("DTEND")
        let durationLine = component.first("DURATION")
        if endLine != nil, let durationLine {
            problems.append(InputProblem("VEVENT has both DTEND and DURATION; DURATION is ignored", at: durationLine.range, severity: .warning))
        }
        if let endLine, let end = time(endLine, defaults: defaults) {
            switch (start, end) {
            case (.date(let first), _):
                if !end.isDate {
                    problems.append(InputProblem("DTEND is a date-time but DTSTART is a date; its date is used", at: endLine.range, severity: .warning))
                }
                let days = first.days(to: end.local.date)
                if days <= 0 {
                    note("empty-date", "DTEND is not after DTSTART; the all-day event is read as one day", at: endLine.range)
                    return ICSDuration(days: 1, seconds: 0)
                }
                return ICSDuration(days: days, seconds: 0)
            default:
                let seconds: Int
                if case .floating(let from) = start, case .floating(let to) = end {
                    seconds = to.floatingSeconds - from.floatingSeconds
                } else {
                    let zone = defaults.floatingZone ?? ICSTime.utcZone
                    seconds = Int(end.instant(floatingZone: zone).timeIntervalSince(start.instant(floatingZone: zone)))
                }
                if seconds < 0 {
                    problems.append(InputProblem("DTEND is before DTSTART; the event is read as lasting one hour", at: endLine.range, severity: .warning))
                    return ICSDuration(days: 0, seconds: 3600)
                }
                if seconds == 0 {
                    note("empty-time", "the event has no duration (DTEND equals DTSTART); it is read as lasting one hour", at: endLine.range)
                    return ICSDuration(days: 0, seconds: 3600)
                }
                return ICSDuration(days: 0, seconds: seconds)
            }
        }
        if let durationLine {
            guard let value = ICSDuration.parse(durationLine.value), value.totalSeconds >= 0 else {
                problems.append(InputProblem("cannot read DURATION '\(durationLine.value)'; write P1D or PT2H", at: durationLine.range))
                return start.isDate ? ICSDuration(days: 1, seconds: 0) : ICSDuration(days: 0, seconds: 3600)
            }
            if value.totalSeconds == 0 {
                return start.isDate ? ICSDuration(days: 1, seconds: 0) : ICSDuration(days: 0, seconds: 3600)
            }
            return value
        }
        // No end: a date lasts the day; a date-time is a moment, read as an hour.
        return start.isDate ? ICSDuration(days: 1, seconds: 0) : ICSDuration(days: 0, seconds: 3600)
    }

    // MARK: Dates and times

    private mutating func times(_ line: ICSContentLine, defaults: CalendarDefaults) -> [ICSTime] {
        line.value.split(separator: ",").compactMap { item in
            // RDATE;VALUE=PERIOD: the period's start.
            let value = item.split(separator: "/").first.map(String.init) ?? String(item)
            var single = line
            single.value = value
            return time(single, defaults: defaults)
        }
    }

    /// A DATE or DATE-TIME property value.
    private mutating func time(_ line: ICSContentLine, defaults: CalendarDefaults) -> ICSTime? {
        guard let parsed = ICSTime.parseLocal(line.value) else {
            problems.append(InputProblem("cannot read \(line.name) '\(ICSLineReader.clip(line.value))' as a date (20261207) or date-time (20261207T090000)", at: line.range))
            return nil
        }
        let valueType = line.parameter("VALUE")?.uppercased()
        if valueType == "DATE", !parsed.isDate {
            problems.append(InputProblem("\(line.name) says VALUE=DATE but holds a date-time; the date is used", at: line.range, severity: .warning))
            return .date(parsed.time.date)
        }
        if valueType == "DATE-TIME", parsed.isDate {
            problems.append(InputProblem("\(line.name) says VALUE=DATE-TIME but holds a date; read as a date", at: line.range, severity: .warning))
        }
        let tzid = line.parameter("TZID")
        if parsed.isDate {
            if tzid != nil {
                note("tzid-on-date", "TZID on a DATE value is ignored (RFC 5545 §3.2.19): all-day dates are local days wherever the audience is", at: line.range)
            }
            return .date(parsed.time.date)
        }
        if parsed.isUTC {
            if tzid != nil {
                note("tzid-on-utc", "TZID on a UTC time is ignored (RFC 5545 §3.2.19)", at: line.range)
            }
            return .utc(parsed.time.instant(in: ICSTime.utcZone))
        }
        guard let tzid else {
            if let zone = defaults.floatingZone { return .zoned(parsed.time, .named(zone)) }
            return .floating(parsed.time)
        }
        if let zone = ZoneNames.zone(named: tzid) { return .zoned(parsed.time, .named(zone)) }
        if let definition = defaults.zones[tzid] { return .zoned(parsed.time, .defined(definition)) }
        problems.append(InputProblem("unknown TZID '\(tzid)': not an IANA or Windows zone name and no VTIMEZONE defines it; read as floating time", at: line.range))
        return .floating(parsed.time)
    }

    // MARK: Assembly

    /// Groups events by UID, applies RECURRENCE-ID overrides and SEQUENCE, and builds the result.
    private mutating func assemble(_ events: [VEvent], defaults: CalendarDefaults, into result: inout ImportResult) {
        var masters: [String: VEvent] = [:]
        var order: [String] = []
        var overrides: [VEvent] = []
        for event in events {
            let uid = event.uid ?? ICSReader.syntheticUID(event)
            if event.recurrenceID != nil {
                overrides.append(event)
                continue
            }
            if let existing = masters[uid] {
                problems.append(InputProblem("UID '\(uid)' is used by another VEVENT too; the one with the higher SEQUENCE is kept", at: event.range, severity: .warning))
                if event.sequence >= existing.sequence { masters[uid] = event }
                continue
            }
            masters[uid] = event
            order.append(uid)
        }
        var exclusions: [String: [ICSTime]] = [:]
        for override in overrides {
            let uid = override.uid ?? ICSReader.syntheticUID(override)
            exclusions[uid, default: []].append(override.recurrenceID!)
            guard !override.cancelled else { continue }
            var built = makeEvent(override, uid: uid, defaults: defaults)
            let master = masters[uid]
            if override.explicitID == nil {
                let seriesID = master?.explicitID ?? "ics:\(uid)"
                built.id = "\(seriesID)@\(RecurrenceKey.label(master.map { ICSReader.aligned(override.recurrenceID!, to: $0.start) } ?? override.recurrenceID!))"
            }
            result.events.append(built)
        }
        for uid in order {
            guard var master = masters[uid], !master.cancelled else { continue }
            master.exclusions += exclusions[uid] ?? []
            let template = makeEvent(master, uid: uid, defaults: defaults)
            if master.rules.isEmpty && master.extraStarts.isEmpty {
                result.events.append(template)
                continue
            }
            let zone = defaults.floatingZone ?? ICSTime.utcZone
            let keys = Set(master.exclusions.map { RecurrenceKey($0, isDateSeries: master.start.isDate, floatingZone: zone) })
            var series = RecurringEvent(template: template, start: master.start, duration: master.duration, rules: master.rules,
                                        extraStarts: master.extraStarts, exceptions: keys, floatingZone: defaults.floatingZone)
            series.veventText = ICSWriter.seriesVEvent(series, exclusions: master.exclusions)
            if case .zoned(_, .defined(let definition)) = master.start { series.timeZoneText = definition.definition }
            result.recurring.append(series)
        }
    }

    /// A RECURRENCE-ID in the form of the series' DTSTART (a UTC midnight for a DATE series is
    /// that date).
    private static func aligned(_ id: ICSTime, to start: ICSTime) -> ICSTime {
        start.isDate ? .date(id.local.date) : id
    }

    /// An id for an event without a UID, from what it says, so re-importing finds it again.
    static func syntheticUID(_ event: VEvent) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "\(event.summary)|\(RecurrenceKey.label(event.start))|\(event.duration.totalSeconds)".utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return "nouid-" + String(hash, radix: 16)
    }

    private func makeEvent(_ event: VEvent, uid: String, defaults: CalendarDefaults) -> Event {
        let fields = event.gaffe
        var notes = event.notes
        var kind: EventKind = .other
        var sourceKind: String?
        if let explicit = fields.kind {
            kind = explicit.kind
            sourceKind = explicit.word
        } else if let unknown = fields.unknownKind {
            sourceKind = unknown
            notes.append("unknown kind '\(unknown)' read as 'other'")
        } else if let mapped = event.categories.lazy.compactMap({ word in EventKind(word: word).map { (word, $0) } }).first {
            kind = mapped.1
            sourceKind = mapped.0
        } else if let calendarKind = defaults.gaffe.kind {
            kind = calendarKind.kind
            sourceKind = calendarKind.word
        } else if let first = event.categories.first {
            sourceKind = first
        }
        var regions = fields.regions ?? defaults.gaffe.regions ?? []
        if regions.isEmpty, fields.regions == nil, defaults.gaffe.regions == nil {
            if let location = event.location, let country = RegionZones.country(namedIn: location) {
                regions = [country]
            } else {
                regions = options.defaultRegions
            }
        }
        if regions.isEmpty { regions = [.global] }
        // An event of a known kind that lists no keywords is named by its summary.
        var keywords = fields.keywords + defaults.gaffe.keywords
        if kind != .other, !fields.keywordsGiven, !defaults.gaffe.keywordsGiven, !event.summary.isEmpty { keywords = [event.summary] }
        var built = Event(
            id: event.explicitID ?? "ics:\(uid)", title: event.summary.isEmpty ? "(untitled event)" : event.summary, kind: kind, sourceKind: sourceKind,
            severity: fields.severity ?? defaults.gaffe.severity ?? kind.defaultSeverity, regions: regions,
            start: Date(timeIntervalSince1970: 0), end: Date(timeIntervalSince1970: 0),
            grace: fields.grace ?? defaults.gaffe.grace ?? kind.defaultGrace, keywords: keywords,
            hashtags: fields.hashtags + defaults.gaffe.hashtags,
            sensitiveCategories: fields.sensitive ?? defaults.gaffe.sensitive ?? kind.defaultSensitiveCategories,
            source: event.explicitSource
                ?? EventSource(kind: options.sourceKind, location: source.path, itemID: event.uid, line: source.position(of: event.range.lowerBound).line),
            url: event.url, summary: event.description, notes: notes)
        ICSWindow(start: event.start, duration: event.duration, floatingZone: defaults.floatingZone, regions: regions).apply(to: &built)
        return built
    }
}
