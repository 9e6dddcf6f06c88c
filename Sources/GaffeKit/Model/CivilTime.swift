import Foundation

/// A day of the week, Sunday first as in the Gregorian calendar's own numbering.
public enum Weekday: Int, Sendable, Hashable, CaseIterable, Codable, Comparable {
    case sunday = 0, monday, tuesday, wednesday, thursday, friday, saturday

    /// `MO`, `TU`… as iCalendar writes them.
    public var icsCode: String { ["SU", "MO", "TU", "WE", "TH", "FR", "SA"][rawValue] }

    /// The English name, lower-case.
    public var name: String { ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"][rawValue] }

    /// Reads `MO`, `monday`, `Mon`.
    public init?(name raw: String) {
        let text = raw.lowercased()
        guard text.count >= 2 else { return nil }
        for day in Weekday.allCases where day.icsCode.lowercased() == text || day.name == text || (text.count >= 3 && day.name.hasPrefix(text)) {
            self = day
            return
        }
        return nil
    }

    public static func < (lhs: Weekday, rhs: Weekday) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A date in the proleptic Gregorian calendar, without a zone: "7 December 2026" wherever one is.
public struct CivilDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Validated construction: `nil` for 30 February.
    public static func valid(year: Int, month: Int, day: Int) -> CivilDate? {
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year) else { return nil }
        return CivilDate(year: year, month: month, day: day)
    }

    /// Days since 1970-01-01.
    public var dayNumber: Int {
        ISO8601.epochSeconds(year: year, month: month, day: day, hour: 0, minute: 0, second: 0) / 86_400
    }

    /// The date `dayNumber` days after 1970-01-01 (Howard Hinnant's civil-from-days).
    public init(dayNumber: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }

    /// The date of an instant as the clocks of `zone` show it.
    public init(_ date: Date, in zone: TimeZone) {
        let local = Int((date.timeIntervalSince1970 + Double(zone.secondsFromGMT(for: date))).rounded(.down))
        self.init(dayNumber: local >= 0 ? local / 86_400 : (local - 86_399) / 86_400)
    }

    public var weekday: Weekday {
        // 1970-01-01 was a Thursday.
        Weekday(rawValue: ((dayNumber % 7) + 7 + 4) % 7)!
    }

    public func adding(days: Int) -> CivilDate { CivilDate(dayNumber: dayNumber + days) }

    /// Days from `self` to `other`.
    public func days(to other: CivilDate) -> Int { other.dayNumber - dayNumber }

    public var isLeapYear: Bool { CivilDate.isLeap(year) }

    public static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    public static func daysIn(month: Int, year: Int) -> Int { ISO8601.daysIn(month: month, year: year) }

    /// The day of the year, 1-based.
    public var ordinal: Int { dayNumber - CivilDate(year: year, month: 1, day: 1).dayNumber + 1 }

    /// Midnight at the start of the date.
    public var start: CivilDateTime { CivilDateTime(date: self) }

    /// Parses `2026-12-07` or `20261207`.
    public init?(parsing text: String) {
        let digits = text.filter(\.isNumber)
        let compact = !text.contains("-")
        guard digits.count == 8, compact ? text.count == 8 : text.count == 10 else { return nil }
        let value = Array(digits)
        guard let year = Int(String(value[0..<4])), let month = Int(String(value[4..<6])), let day = Int(String(value[6..<8])),
              let date = CivilDate.valid(year: year, month: month, day: day) else { return nil }
        self = date
    }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool { (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day) }

    /// `2026-12-07`.
    public var description: String {
        "\(year.zeroPadded(4))-\(month.zeroPadded())-\(day.zeroPadded())"
    }

    /// `20261207`, as iCalendar writes a DATE.
    public var compact: String { description.replacingOccurrences(of: "-", with: "") }
}

/// A wall-clock date and time without a zone: "11:00 on 11 November", to be read in some zone.
public struct CivilDateTime: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var date: CivilDate
    /// Seconds since local midnight, 0 ..< 86 400 (or 86 400 for "24:00").
    public var secondOfDay: Int

    public init(date: CivilDate, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        self.date = date
        secondOfDay = hour * 3600 + minute * 60 + second
    }

    public init(date: CivilDate, secondOfDay: Int) {
        // Normalize overflow into the date, so adding a duration never leaves an invalid value.
        let days = secondOfDay >= 0 ? secondOfDay / 86_400 : (secondOfDay - 86_399) / 86_400
        self.date = date.adding(days: days)
        self.secondOfDay = secondOfDay - days * 86_400
    }

    public var hour: Int { secondOfDay / 3600 }
    public var minute: Int { secondOfDay / 60 % 60 }
    public var second: Int { secondOfDay % 60 }

    /// Seconds since 1970-01-01T00:00 as if the wall clock were UTC, for arithmetic.
    public var floatingSeconds: Int { date.dayNumber * 86_400 + secondOfDay }

    public init(floatingSeconds: Int) {
        self.init(date: CivilDate(dayNumber: 0), secondOfDay: floatingSeconds)
    }

    /// The wall-clock time of an instant in `zone`.
    public init(_ instant: Date, in zone: TimeZone) {
        let local = Int((instant.timeIntervalSince1970 + Double(zone.secondsFromGMT(for: instant))).rounded(.down))
        self.init(floatingSeconds: local)
    }

    public func adding(seconds: Int) -> CivilDateTime { CivilDateTime(floatingSeconds: floatingSeconds + seconds) }

    /// The instant this wall-clock time names in `zone`. A time skipped by a DST change moves
    /// forward; a time that occurs twice resolves to the first.
    public func instant(in zone: TimeZone) -> Date {
        ISO8601.LocalDateTime(year: date.year, month: date.month, day: date.day, hour: hour, minute: minute, second: second,
                              nanosecond: 0, hasTime: true).date(in: zone)
    }

    public static func < (lhs: CivilDateTime, rhs: CivilDateTime) -> Bool { lhs.floatingSeconds < rhs.floatingSeconds }

    /// `2026-11-11T11:00:00`.
    public var description: String {
        "\(date)T\(hour.zeroPadded()):\(minute.zeroPadded()):\(second.zeroPadded())"
    }
}
