import Foundation

/// An event that repeats (an iCalendar RRULE or RDATE), kept as a rule rather than a list of
/// dates, so that whoever reads it expands just the years it needs: `FREQ=YEARLY` with no end is
/// the normal case for remembrance days.
public struct RecurringEvent: Sendable {
    /// The first occurrence. Its `id` is the series id; instances are `<id>@<local start>`.
    public var template: Event
    let start: ICSTime
    let duration: ICSDuration
    let rules: [RecurrenceRule]
    let extraStarts: [ICSTime]
    let exceptions: Set<RecurrenceKey>
    /// Zone for floating date-times (the calendar's `X-WR-TIMEZONE`).
    let floatingZone: TimeZone?
    /// The series' VEVENT as iCalendar text, and the VTIMEZONE it needs when its TZID is not a
    /// zone name Gaffe knows.
    var veventText = ""
    var timeZoneText: String?

    /// The series as a self-contained iCalendar object, to store and reread it.
    public var icsText: String {
        ICSWriter.wrap(timeZones: timeZoneText.map { [$0] } ?? [], events: [veventText])
    }

    /// The series id.
    public var id: String { template.id }

    /// When the last instance starts, if the series ends (COUNT, UNTIL); `nil` when it repeats
    /// forever. A series whose every instance is excluded ends at its first start.
    public var lastStart: Date? {
        guard rules.allSatisfy({ $0.count != nil || $0.until != nil }) else { return nil }
        let far = CivilDate(year: 2200, month: 1, day: 1).start
        let zone = floatingZone ?? ICSTime.utcZone
        return (occurrenceStarts(through: far, after: nil).last ?? start).instant(floatingZone: zone)
    }

    /// The instances whose sensitive windows (end plus grace) overlap an interval.
    public func instances(overlapping interval: DateInterval, grace: TimeInterval? = nil) -> [Event] {
        let grace = grace ?? template.grace
        // Local bounds with room for zones (±14 h), the event's length and its grace.
        let margin = Double(duration.totalSeconds) + grace + 2 * 86_400
        let utc = ICSTime.utcZone
        let lower = CivilDateTime(interval.start.addingTimeInterval(-margin), in: utc)
        let upper = CivilDateTime(interval.end.addingTimeInterval(2 * 86_400), in: utc)
        return occurrenceStarts(through: upper, after: lower).compactMap { time in
            let event = instance(at: time)
            return event.start < interval.end && event.end.addingTimeInterval(grace) > interval.start ? event : nil
        }
    }

    func occurrenceStarts(through horizon: CivilDateTime, after lowerBound: CivilDateTime?) -> [ICSTime] {
        var locals: Set<CivilDateTime> = []
        for rule in rules {
            let until = rule.until
            let times = rule.occurrences(from: start.local, through: horizon, after: lowerBound) { local in
                guard let until else { return false }
                if until.isDate || start.isDate { return local.date > until.local.date }
                if until.isUTC {
                    return start.with(local: local).instant(floatingZone: floatingZone ?? ICSTime.utcZone)
                        > until.local.instant(in: ICSTime.utcZone)
                }
                return local > until.local
            }
            locals.formUnion(times)
        }
        if rules.isEmpty { locals.insert(start.local) }
        var starts = locals.map { start.with(local: $0) }
        for extra in extraStarts where extra.local <= horizon && lowerBound.map({ extra.local.date >= $0.date.adding(days: -2) }) ?? true {
            starts.append(extra)
        }
        let zone = floatingZone ?? ICSTime.utcZone
        return starts.filter { !exceptions.contains(RecurrenceKey($0, isDateSeries: start.isDate, floatingZone: zone)) }
            .sorted { $0.local < $1.local }
    }

    /// The event of one occurrence.
    func instance(at time: ICSTime) -> Event {
        var event = template
        let window = ICSWindow(start: time, duration: duration, floatingZone: floatingZone, regions: template.regions)
        event.id = "\(template.id)@\(RecurrenceKey.label(time))"
        window.apply(to: &event)
        return event
    }
}

/// Identifies one occurrence of a series, for EXDATE and RECURRENCE-ID: the date for all-day
/// series (Google writes `RECURRENCE-ID:20030425T000000Z` for a DATE series), else the instant.
struct RecurrenceKey: Hashable, Sendable {
    let value: Int

    init(_ time: ICSTime, isDateSeries: Bool, floatingZone: TimeZone) {
        value = isDateSeries ? time.local.date.dayNumber : Int(time.instant(floatingZone: floatingZone).timeIntervalSince1970)
    }

    /// `20261207` or `20261207T090000` (the local start as written).
    static func label(_ time: ICSTime) -> String {
        if time.isDate { return time.local.date.compact }
        let local = time.local
        let suffix = { if case .utc = time { return "Z" } else { return "" } }()
        return "\(local.date.compact)T\(local.hour.zeroPadded())\(local.minute.zeroPadded())\(local.second.zeroPadded())\(suffix)"
    }
}

/// The window of one iCalendar occurrence, as an event holds it.
struct ICSWindow {
    var start: Date
    var end: Date
    var timeZone: TimeZone?
    var localWindow: LocalWindow?
    var isAllDay: Bool

    init(start time: ICSTime, duration: ICSDuration, floatingZone: TimeZone?, regions: [Region]) {
        switch time {
        case .date(let date):
            let days = max(1, duration.days + (duration.seconds + 86_399) / 86_400)
            let window = LocalWindow(days: date, through: date.adding(days: days - 1))
            let widest = RegionZones.widest(window, in: RegionZones.zones(for: regions))
            self.init(start: widest.start, end: widest.end, timeZone: nil, localWindow: window, isAllDay: true)
        case .floating(let local):
            let endLocal = local.adding(seconds: duration.totalSeconds)
            if let floatingZone {
                self.init(start: local.instant(in: floatingZone), end: endLocal.instant(in: floatingZone), timeZone: floatingZone,
                          localWindow: nil, isAllDay: false)
            } else {
                let window = LocalWindow(start: local, end: endLocal)
                let widest = RegionZones.widest(window, in: RegionZones.zones(for: regions))
                self.init(start: widest.start, end: widest.end, timeZone: nil, localWindow: window, isAllDay: false)
            }
        case .utc(let instant):
            self.init(start: instant, end: instant.addingTimeInterval(Double(duration.totalSeconds)), timeZone: nil,
                      localWindow: nil, isAllDay: false)
        case .zoned(let local, let zone):
            let start = local.instant(under: zone.source)
            // Days are nominal (same wall-clock time), the rest exact.
            let dayEnd = local.adding(seconds: duration.days * 86_400).instant(under: zone.source)
            let end = dayEnd.addingTimeInterval(Double(duration.seconds))
            self.init(start: start, end: max(start, end), timeZone: zone.timeZone(at: start), localWindow: nil, isAllDay: false)
        }
    }

    init(start: Date, end: Date, timeZone: TimeZone?, localWindow: LocalWindow?, isAllDay: Bool) {
        self.start = start
        self.end = end
        self.timeZone = timeZone
        self.localWindow = localWindow
        self.isAllDay = isAllDay
    }

    func apply(to event: inout Event) {
        event.start = start
        event.end = end
        event.timeZone = timeZone
        event.localWindow = localWindow
        event.isAllDay = isAllDay
    }
}

extension ImportResult {
    /// Every event the feed gives for an interval: the one-off events whose windows (with grace)
    /// overlap it, and the instances of recurring ones.
    public func events(overlapping interval: DateInterval) -> [Event] {
        events.filter { $0.start < interval.end && $0.sensitiveUntil > interval.start }
            + recurring.flatMap { $0.instances(overlapping: interval) }
    }
}
