import Foundation

/// The timestamp formats feeds write, read leniently (feeds break their own specs).
enum FeedDates {
    /// A parsed instant and the UTC offset it was written with.
    struct Stamp: Sendable, Hashable {
        var date: Date
        var offsetSeconds: Int
        /// The zone the text was written in (a fixed offset).
        var timeZone: TimeZone? { TimeZone(secondsFromGMT: offsetSeconds) }
    }

    /// RFC 3339 / ISO 8601 with an offset: CAP (`2011-07-09T20:52:00-07:00`, `-00:00` for UTC),
    /// NWS, Atom (`Z`, fractions). A time without an offset is not an instant and gives nil.
    static func iso(_ text: String) -> Stamp? {
        guard case .instant(let date, let offset)? = ISO8601.parse(text.trimmingCharacters(in: .whitespacesAndNewlines)) else { return nil }
        return Stamp(date: date, offsetSeconds: offset)
    }

    /// RFC 822 / 1123 as RSS and GDACS write it: `Sun, 29 Dec 2019 12:00:00 GMT`, with or without
    /// the weekday and seconds, two- or four-digit years, `GMT`/`UT`/`Z`, US zone names
    /// (`EST`…`PDT`) or a numeric offset (`+0100`). Falls back to ISO 8601.
    static func rfc822(_ raw: String) -> Stamp? {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if let stamp = iso(text) { return stamp }
        var tokens = text.split { $0 == " " || $0 == "," || $0 == "\t" }.map(String.init)
        if let first = tokens.first, first.first?.isLetter == true, first.count >= 3, monthNumber(first) == nil { tokens.removeFirst() }
        guard tokens.count >= 4, let day = Int(tokens[0]), let month = monthNumber(tokens[1]), var year = Int(tokens[2]) else { return nil }
        if tokens[2].count == 2 { year += year < 50 ? 2000 : 1900 }
        let time = tokens[3].split(separator: ":").compactMap { Int($0) }
        guard time.count >= 2, (1...31).contains(day), time[0] < 24, time[1] < 60 else { return nil }
        let second = time.count > 2 ? min(time[2], 59) : 0
        var offset = 0
        if tokens.count > 4 {
            guard let zone = zoneOffset(tokens[4]) else { return nil }
            offset = zone
        }
        let local = ISO8601.epochSeconds(year: year, month: month, day: day, hour: time[0], minute: time[1], second: second)
        return Stamp(date: Date(timeIntervalSince1970: Double(local - offset)), offsetSeconds: offset)
    }

    /// A VTEC time, `yyMMddTHHmmZ` (`240521T1930Z`); nil for `000000T0000Z` ("until further
    /// notice" or "already in effect").
    static func vtec(_ text: String) -> Date? {
        let digits = text.filter(\.isNumber)
        guard text.hasSuffix("Z"), digits.count == 10, digits != "0000000000" else { return nil }
        let values = Array(digits).map { Int(String($0))! }
        func number(_ from: Int, _ count: Int) -> Int { values[from..<(from + count)].reduce(0) { $0 * 10 + $1 } }
        let month = number(2, 2), day = number(4, 2), hour = number(6, 2), minute = number(8, 2)
        guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60 else { return nil }
        let seconds = ISO8601.epochSeconds(year: 2000 + number(0, 2), month: month, day: day, hour: hour, minute: minute, second: 0)
        return Date(timeIntervalSince1970: Double(seconds))
    }

    /// `2023-07-10 00:08:53 UTC`, as the USGS Atom summary writes origin times.
    static func utcSuffixed(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasSuffix(" UTC") else { return nil }
        return iso(String(trimmed.dropLast(4)) + "Z")?.date
    }

    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    private static func monthNumber(_ token: String) -> Int? {
        let prefix = token.prefix(3).lowercased()
        guard token.count >= 3, let index = months.firstIndex(of: prefix) else { return nil }
        return index + 1
    }

    private static let zones: [String: Int] = [
        "GMT": 0, "UT": 0, "UTC": 0, "Z": 0, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
    ]

    private static func zoneOffset(_ token: String) -> Int? {
        if let hours = zones[token.uppercased()] { return hours * 3600 }
        if let offset = ISO8601.parseOffset(Array(token.utf8)) { return offset }
        return nil
    }
}
