import Foundation

/// An iCalendar RRULE (RFC 5545 §3.3.10) and its expansion into local start times.
///
/// Supported: FREQ YEARLY, MONTHLY, WEEKLY and DAILY; INTERVAL, COUNT, UNTIL; BYMONTH,
/// BYMONTHDAY (negative from the month's end), BYYEARDAY, BYDAY with ordinals (`2SU`, `-1MO`,
/// relative to the month, or to the year for YEARLY without BYMONTH), BYSETPOS and WKST. Parts
/// left out are taken from DTSTART. Expansion works on wall-clock times, so an event at 09:00
/// stays at 09:00 across DST changes, as the RFC requires.
struct RecurrenceRule: Sendable, Hashable {
    enum Frequency: String, Sendable, Hashable {
        case yearly = "YEARLY", monthly = "MONTHLY", weekly = "WEEKLY", daily = "DAILY"
    }

    struct DaySpec: Sendable, Hashable {
        var ordinal: Int?
        var weekday: Weekday
    }

    /// An UNTIL value as written.
    struct Until: Sendable, Hashable {
        var local: CivilDateTime
        var isDate: Bool
        var isUTC: Bool
    }

    var frequency: Frequency
    var interval = 1
    var count: Int?
    var until: Until?
    var byMonth: [Int] = []
    var byMonthDay: [Int] = []
    var byYearDay: [Int] = []
    var byDay: [DaySpec] = []
    var bySetPos: [Int] = []
    var weekStart: Weekday = .monday
    /// Parts read but not applied (BYHOUR…), for a warning.
    var ignoredParts: [String] = []
    /// The rule as written.
    var text: String

    struct ParseError: Error, CustomStringConvertible {
        var description: String
    }

    /// Reads an RRULE value.
    /// - Throws: `ParseError` naming the part that cannot be read.
    static func parse(_ raw: String) throws -> RecurrenceRule {
        var frequency: Frequency?
        var rule = RecurrenceRule(frequency: .yearly, text: raw)
        var seen: Set<String> = []
        for part in raw.split(separator: ";", omittingEmptySubsequences: true) {
            let pieces = part.split(separator: "=", maxSplits: 1).map(String.init)
            guard pieces.count == 2, !pieces[1].isEmpty else {
                throw ParseError(description: "cannot read RRULE part '\(part)'; parts are NAME=VALUE, such as FREQ=YEARLY")
            }
            let name = pieces[0].uppercased().trimmingCharacters(in: .whitespaces)
            let value = pieces[1].trimmingCharacters(in: .whitespaces)
            guard seen.insert(name).inserted else { throw ParseError(description: "RRULE part \(name) is given twice") }
            func integers(_ allowed: ClosedRange<Int>, allowNegative: Bool = true) throws -> [Int] {
                try value.split(separator: ",").map { item in
                    guard let number = Int(item.replacingOccurrences(of: "+", with: "")), number != 0 || allowed.contains(0),
                          allowed.contains(abs(number)), allowNegative || number > 0 else {
                        throw ParseError(description: "RRULE \(name) value '\(item)' is out of range")
                    }
                    return number
                }
            }
            switch name {
            case "FREQ":
                switch value.uppercased() {
                case "YEARLY", "MONTHLY", "WEEKLY", "DAILY": frequency = Frequency(rawValue: value.uppercased())
                case "HOURLY", "MINUTELY", "SECONDLY":
                    throw ParseError(description: "RRULE FREQ=\(value.uppercased()) is not supported; Gaffe expands YEARLY, MONTHLY, WEEKLY and DAILY rules")
                default: throw ParseError(description: "unknown RRULE FREQ '\(value)'")
                }
            case "INTERVAL":
                guard let number = Int(value), (1...1000).contains(number) else {
                    throw ParseError(description: "RRULE INTERVAL must be a number from 1 to 1000, not '\(value)'")
                }
                rule.interval = number
            case "COUNT":
                guard let number = Int(value), (1...1_000_000).contains(number) else {
                    throw ParseError(description: "RRULE COUNT must be a number from 1 to 1000000, not '\(value)'")
                }
                rule.count = number
            case "UNTIL":
                guard let parsed = ICSTime.parseLocal(value) else { throw ParseError(description: "cannot read RRULE UNTIL '\(value)' as a date or date-time") }
                rule.until = Until(local: parsed.time, isDate: parsed.isDate, isUTC: parsed.isUTC)
            case "BYMONTH": rule.byMonth = try integers(1...12, allowNegative: false)
            case "BYMONTHDAY": rule.byMonthDay = try integers(1...31)
            case "BYYEARDAY": rule.byYearDay = try integers(1...366)
            case "BYSETPOS": rule.bySetPos = try integers(1...366)
            case "BYDAY":
                rule.byDay = try value.split(separator: ",").map { item in
                    let text = item.trimmingCharacters(in: .whitespaces).uppercased()
                    guard text.count >= 2, let weekday = Weekday(name: String(text.suffix(2))), Weekday(name: String(text.suffix(2)))?.icsCode == String(text.suffix(2)) else {
                        throw ParseError(description: "cannot read RRULE BYDAY item '\(item)'; write MO, 2SU or -1FR")
                    }
                    let prefix = text.dropLast(2).replacingOccurrences(of: "+", with: "")
                    if prefix.isEmpty { return DaySpec(ordinal: nil, weekday: weekday) }
                    guard let ordinal = Int(prefix), ordinal != 0, abs(ordinal) <= 53 else {
                        throw ParseError(description: "cannot read the ordinal of RRULE BYDAY item '\(item)'")
                    }
                    return DaySpec(ordinal: ordinal, weekday: weekday)
                }
            case "WKST":
                guard let weekday = Weekday(name: value), weekday.icsCode == value.uppercased() else {
                    throw ParseError(description: "unknown RRULE WKST '\(value)'")
                }
                rule.weekStart = weekday
            case "BYHOUR", "BYMINUTE", "BYSECOND", "BYWEEKNO":
                rule.ignoredParts.append(name)
            case "RSCALE", "SKIP":
                throw ParseError(description: "RRULE \(name) (RFC 7529, other calendar scales) is not supported")
            default:
                if name.hasPrefix("X-") { continue }
                throw ParseError(description: "unknown RRULE part '\(name)'")
            }
        }
        guard let frequency else { throw ParseError(description: "RRULE has no FREQ") }
        rule.frequency = frequency
        guard rule.count == nil || rule.until == nil else { throw ParseError(description: "RRULE has both COUNT and UNTIL; RFC 5545 allows one") }
        return rule
    }

    // MARK: Expansion

    /// Start times of the recurrence, in order, from `start` (always the first, RFC 5545) up to
    /// `horizon`. `after`, when given, lets expansion skip periods wholly before it (only without
    /// COUNT, which must count from the start). `pastUntil` says whether a start lies beyond UNTIL.
    func occurrences(from start: CivilDateTime, through horizon: CivilDateTime, after lowerBound: CivilDateTime? = nil,
                     pastUntil: (CivilDateTime) -> Bool) -> [CivilDateTime] {
        var results: [CivilDateTime] = []
        var produced = 0
        if !pastUntil(start) {
            results.append(start)
            produced = 1
        }
        if let count, produced >= count { return results }
        var period = firstPeriod(start: start, lowerBound: count == nil ? lowerBound : nil)
        var emptyPeriods = 0
        while true {
            let (periodStart, dates) = candidates(period: period, start: start)
            if periodStart > horizon.date { break }
            var stop = false
            for date in dates {
                let time = CivilDateTime(date: date, secondOfDay: start.secondOfDay)
                guard time > start else { continue }
                if pastUntil(time) { stop = true; break }
                if time > horizon { stop = true; break }
                produced += 1
                if lowerBound.map({ time.date >= $0.date.adding(days: -2) }) ?? true { results.append(time) }
                if let count, produced >= count { stop = true; break }
            }
            if stop { break }
            emptyPeriods = dates.isEmpty ? emptyPeriods + 1 : 0
            // A rule that cannot match (BYMONTHDAY=30 with BYMONTH=2) ends at the horizon anyway;
            // this only stops a runaway loop on absurd input.
            if emptyPeriods > 10_000 { break }
            period += interval
        }
        return results
    }

    /// The index of the first period to look at: 0 (the start's own period), or later when the
    /// caller only needs times from `lowerBound` on.
    private func firstPeriod(start: CivilDateTime, lowerBound: CivilDateTime?) -> Int {
        guard let lowerBound, lowerBound > start else { return 0 }
        let distance: Int
        switch frequency {
        case .yearly: distance = lowerBound.date.year - start.date.year
        case .monthly: distance = (lowerBound.date.year - start.date.year) * 12 + lowerBound.date.month - start.date.month
        case .weekly: distance = start.date.days(to: lowerBound.date) / 7
        case .daily: distance = start.date.days(to: lowerBound.date)
        }
        // Step back one period to be safe, and stay on the interval's grid.
        let periods = max(0, distance - 1)
        return periods / interval * interval
    }

    /// The first day of period `index`, and the dates the rule gives in it, sorted.
    private func candidates(period index: Int, start: CivilDateTime) -> (CivilDate, [CivilDate]) {
        var dates: [CivilDate]
        let periodStart: CivilDate
        switch frequency {
        case .yearly:
            let year = start.date.year + index
            periodStart = CivilDate(year: year, month: 1, day: 1)
            dates = yearDates(year, start: start.date)
        case .monthly:
            let months = start.date.month - 1 + index
            let year = start.date.year + (months >= 0 ? months / 12 : (months - 11) / 12)
            let month = ((months % 12) + 12) % 12 + 1
            periodStart = CivilDate(year: year, month: month, day: 1)
            dates = byMonth.isEmpty || byMonth.contains(month) ? monthDates(year: year, month: month, start: start.date) : []
        case .weekly:
            let back = (start.date.weekday.rawValue - weekStart.rawValue + 7) % 7
            periodStart = start.date.adding(days: -back + 7 * index)
            let weekdays = byDay.isEmpty ? [start.date.weekday] : byDay.map(\.weekday)
            dates = weekdays.map { periodStart.adding(days: ($0.rawValue - weekStart.rawValue + 7) % 7) }
            if !byMonth.isEmpty { dates = dates.filter { byMonth.contains($0.month) } }
        case .daily:
            periodStart = start.date.adding(days: index)
            dates = [periodStart].filter { date in
                (byMonth.isEmpty || byMonth.contains(date.month))
                    && (byMonthDay.isEmpty || matchesMonthDay(date))
                    && (byDay.isEmpty || byDay.contains { $0.weekday == date.weekday })
            }
        }
        dates = Array(Set(dates)).sorted()
        if !bySetPos.isEmpty {
            dates = bySetPos.compactMap { position in
                let index = position > 0 ? position - 1 : dates.count + position
                return dates.indices.contains(index) ? dates[index] : nil
            }
            dates = Array(Set(dates)).sorted()
        }
        return (periodStart, dates)
    }

    private func matchesMonthDay(_ date: CivilDate) -> Bool {
        let length = CivilDate.daysIn(month: date.month, year: date.year)
        return byMonthDay.contains { $0 > 0 ? $0 == date.day : length + $0 + 1 == date.day }
    }

    private func yearDates(_ year: Int, start: CivilDate) -> [CivilDate] {
        if !byYearDay.isEmpty {
            let length = CivilDate.isLeap(year) ? 366 : 365
            let first = CivilDate(year: year, month: 1, day: 1)
            return byYearDay.compactMap { day -> CivilDate? in
                let ordinal = day > 0 ? day : length + day + 1
                guard (1...length).contains(ordinal) else { return nil }
                return first.adding(days: ordinal - 1)
            }.filter { date in
                (byMonth.isEmpty || byMonth.contains(date.month)) && (byMonthDay.isEmpty || matchesMonthDay(date))
                    && (byDay.isEmpty || byDay.contains { $0.weekday == date.weekday })
            }
        }
        if byMonth.isEmpty, byMonthDay.isEmpty, !byDay.isEmpty {
            // BYDAY across the whole year: ordinals count weeks of the year.
            return expand(byDay, from: CivilDate(year: year, month: 1, day: 1), through: CivilDate(year: year, month: 12, day: 31))
        }
        if byMonth.isEmpty, byMonthDay.isEmpty {
            return CivilDate.valid(year: year, month: start.month, day: start.day).map { [$0] } ?? []
        }
        let months = byMonth.isEmpty ? Array(1...12) : byMonth
        return months.flatMap { monthDates(year: year, month: $0, start: start) }
    }

    private func monthDates(year: Int, month: Int, start: CivilDate) -> [CivilDate] {
        let length = CivilDate.daysIn(month: month, year: year)
        if !byMonthDay.isEmpty {
            return byMonthDay.compactMap { day -> CivilDate? in
                let value = day > 0 ? day : length + day + 1
                return CivilDate.valid(year: year, month: month, day: value)
            }.filter { date in byDay.isEmpty || byDay.contains { $0.weekday == date.weekday } }
        }
        if !byDay.isEmpty {
            return expand(byDay, from: CivilDate(year: year, month: month, day: 1), through: CivilDate(year: year, month: month, day: length))
        }
        return CivilDate.valid(year: year, month: month, day: start.day).map { [$0] } ?? []
    }

    /// BYDAY items within a span: every such weekday, or the nth (from the end when negative).
    private func expand(_ days: [DaySpec], from first: CivilDate, through last: CivilDate) -> [CivilDate] {
        days.flatMap { spec -> [CivilDate] in
            let offset = (spec.weekday.rawValue - first.weekday.rawValue + 7) % 7
            var all: [CivilDate] = []
            var date = first.adding(days: offset)
            while date <= last {
                all.append(date)
                date = date.adding(days: 7)
            }
            guard let ordinal = spec.ordinal else { return all }
            let index = ordinal > 0 ? ordinal - 1 : all.count + ordinal
            return all.indices.contains(index) ? [all[index]] : []
        }
    }
}
