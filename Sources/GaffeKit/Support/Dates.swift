import Foundation

/// Time zones by name: IANA identifiers (`America/New_York`), `UTC`/`Z`, and fixed offsets (`+05:30`).
public enum TimeZones {
    public static func named(_ raw: String) -> TimeZone? {
        let name = raw.trimmingSpaces
        if name.isEmpty { return nil }
        if ["utc", "z", "gmt", "etc/utc"].contains(name.lowercased()) { return TimeZone(identifier: "UTC") }
        if let offset = ISO8601.parseOffset(Array(name.utf8)[...]) { return TimeZone(secondsFromGMT: offset) }
        // Foundation also accepts abbreviations such as "EST" here, which are ambiguous; insist on
        // a region/city identifier.
        guard name.contains("/") else { return nil }
        return TimeZone(identifier: name)
    }
}

/// Fast, allocation-free parsing of ISO 8601 / RFC 3339 timestamps, as schedules write them.
public enum ISO8601 {
    /// A parsed timestamp: the instant when it carried an offset, or local fields to resolve in a zone.
    public enum Parsed: Sendable, Equatable {
        case instant(Date, offsetSeconds: Int)
        case local(LocalDateTime)
    }

    /// Calendar fields without a zone.
    public struct LocalDateTime: Sendable, Hashable {
        public var year, month, day, hour, minute, second: Int
        public var nanosecond: Int
        public var hasTime: Bool

        /// The instant these fields name in `zone`. Times skipped by a DST change move forward;
        /// times that occur twice resolve to the first.
        public func date(in zone: TimeZone) -> Date {
            let local = ISO8601.epochSeconds(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
            let before = zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(local - 86_400)))
            let after = zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(local + 86_400)))
            let candidates = Set([local - before, local - after]).sorted()
            let valid = candidates.filter { zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double($0))) == local - $0 }
            // Valid twice: the repeated hour, take the first. Never valid: a skipped hour, whose
            // wall-clock time the pre-transition offset carries forward past the gap.
            let seconds = valid.first ?? (local - before)
            return Date(timeIntervalSince1970: Double(seconds) + Double(nanosecond) / 1e9)
        }
    }

    /// Parses `2026-01-01T08:00:00-05:00`, `2026-01-01 08:00`, `2026-01-01T13:00Z`, `2026-01-01`.
    public static func parse(_ text: String) -> Parsed? {
        var copy = text
        return copy.withUTF8 { parse(UnsafeBufferPointer(rebasing: $0[...])) }
    }

    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Parsed? {
        var index = 0
        let count = bytes.count
        while index < count, bytes[index] == 0x20 { index += 1 }
        var end = count
        while end > index, bytes[end - 1] == 0x20 { end -= 1 }
        func digits(_ n: Int) -> Int? {
            guard index + n <= end else { return nil }
            var value = 0
            for i in index..<(index + n) {
                let byte = bytes[i]
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            index += n
            return value
        }
        func expect(_ byte: UInt8) -> Bool {
            guard index < end, bytes[index] == byte else { return false }
            index += 1
            return true
        }
        guard let year = digits(4), expect(0x2D), let month = digits(2), expect(0x2D), let day = digits(2),
              (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day) else { return nil }
        var fields = LocalDateTime(year: year, month: month, day: day, hour: 0, minute: 0, second: 0, nanosecond: 0, hasTime: false)
        if index == end { return .local(fields) }
        guard bytes[index] == 0x54 || bytes[index] == 0x74 || bytes[index] == 0x20 else { return nil }
        index += 1
        guard let hour = digits(2), expect(0x3A), let minute = digits(2), hour <= 24, minute <= 59 else { return nil }
        fields.hour = hour
        fields.minute = minute
        fields.hasTime = true
        if expect(0x3A) {
            guard let second = digits(2), second <= 60 else { return nil }
            fields.second = min(second, 59)
            if index < end, bytes[index] == 0x2E || bytes[index] == 0x2C {
                index += 1
                var scale = 100_000_000
                var nanos = 0
                var any = false
                while index < end, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                    nanos += Int(bytes[index] - 0x30) * scale
                    scale /= 10
                    index += 1
                    any = true
                }
                guard any else { return nil }
                fields.nanosecond = nanos
            }
        }
        if hour == 24 {
            guard minute == 0, fields.second == 0 else { return nil }
        }
        if index == end { return .local(fields) }
        while index < end, bytes[index] == 0x20 { index += 1 }
        guard let offset = parseOffset(UnsafeBufferPointer(rebasing: bytes[index..<end])[...]) else { return nil }
        let local = epochSeconds(year: year, month: month, day: day, hour: hour, minute: minute, second: fields.second)
        let instant = Date(timeIntervalSince1970: Double(local - offset) + Double(fields.nanosecond) / 1e9)
        return .instant(instant, offsetSeconds: offset)
    }

    /// Parses `Z`, `+05:00`, `-0500`, `+05`, `-4` into seconds east of UTC.
    static func parseOffset<C: Collection>(_ bytes: C) -> Int? where C.Element == UInt8 {
        guard let sign = bytes.first else { return nil }
        if bytes.count == 1, sign == 0x5A || sign == 0x7A { return 0 }
        guard sign == 0x2B || sign == 0x2D else { return nil }
        // ±H (as Jekyll writes `-4`), ±HH, ±HHMM, ±HH:MM.
        var values: (Int, Int, Int, Int) = (0, 0, 0, 0)
        var count = 0
        for byte in bytes.dropFirst() where byte != 0x3A {
            guard byte >= 0x30, byte <= 0x39, count < 4 else { return nil }
            let digit = Int(byte - 0x30)
            switch count {
            case 0: values.0 = digit
            case 1: values.1 = digit
            case 2: values.2 = digit
            default: values.3 = digit
            }
            count += 1
        }
        guard count == 1 || count == 2 || count == 4 else { return nil }
        let hours = count == 1 ? values.0 : values.0 * 10 + values.1
        let minutes = count == 4 ? values.2 * 10 + values.3 : 0
        guard hours <= 18, minutes < 60 else { return nil }
        let total = hours * 3600 + minutes * 60
        return sign == 0x2D ? -total : total
    }

    /// Seconds since 1970 for proleptic Gregorian fields in UTC (Howard Hinnant's days-from-civil).
    public static func epochSeconds(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let shiftedMonth = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        return days * 86_400 + hour * 3600 + minute * 60 + second
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// `2026-01-01T13:00:00Z`, or with the offset of `zone` at that instant.
    public static func format(_ date: Date, in zone: TimeZone? = nil) -> String {
        let offset = zone.map { ZoneOffsets.offset(of: $0, at: date) } ?? 0
        let total = Int(date.timeIntervalSince1970.rounded(.down)) + offset
        var days = total >= 0 ? total / 86_400 : (total - 86_399) / 86_400
        let secondsOfDay = total - days * 86_400
        days += 719_468
        let era = (days >= 0 ? days : days - 146_096) / 146_097
        let dayOfEra = days - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        // Written digit by digit straight into the string's storage: reports format hundreds of
        // thousands of these. (At most 4 + 15 + 6 bytes, or 19 more for a year past 9999.)
        return String(unsafeUninitializedCapacity: 48) { buffer in
            var count = 0
            func put(_ byte: UInt8) {
                buffer[count] = byte
                count += 1
            }
            func digits(_ value: Int, _ width: Int) {
                var divisor = 1
                for _ in 1..<width { divisor *= 10 }
                var rest = value
                if rest >= divisor * 10 {
                    for byte in String(rest).utf8 { put(byte) }
                    return
                }
                while divisor > 0 {
                    put(UInt8(0x30 + rest / divisor))
                    rest %= divisor
                    divisor /= 10
                }
            }
            digits(year, 4)
            put(0x2D)
            digits(month, 2)
            put(0x2D)
            digits(day, 2)
            put(0x54)
            digits(secondsOfDay / 3600, 2)
            put(0x3A)
            digits(secondsOfDay / 60 % 60, 2)
            put(0x3A)
            digits(secondsOfDay % 60, 2)
            if zone == nil || offset == 0 {
                put(0x5A)
            } else {
                put(offset < 0 ? 0x2D : 0x2B)
                digits(abs(offset) / 3600, 2)
                put(0x3A)
                digits(abs(offset) / 60 % 60, 2)
            }
            return count
        }
    }
}

/// Offsets of zones at instants, remembered by the hour: a report formats the same zones at
/// nearby times again and again, and asking Foundation each time is slow.
enum ZoneOffsets {
    private struct Key: Hashable {
        let identifier: String
        let hour: Int
    }

    private static let cache = Locked<[Key: Int]>([:])

    static func offset(of zone: TimeZone, at date: Date) -> Int {
        let hour = Int((date.timeIntervalSince1970 / 3600).rounded(.down))
        let key = Key(identifier: zone.identifier, hour: hour)
        if let known = cache.withLock({ $0[key] }) { return known }
        let offset = zone.secondsFromGMT(for: date)
        // Offsets change on the hour or half hour; a transition inside the hour is asked again.
        let start = zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(hour) * 3600))
        let end = zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(hour + 1) * 3600 - 1))
        if start == end {
            cache.withLock { table in
                if table.count > 400_000 { table = [:] }
                table[key] = offset
            }
        }
        return offset
    }
}
