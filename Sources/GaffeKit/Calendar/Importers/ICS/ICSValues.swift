import Foundation

/// An iCalendar DURATION (RFC 5545 §3.3.6): nominal days (a day is "the same time tomorrow",
/// whatever DST does) plus exact seconds.
struct ICSDuration: Sendable, Hashable {
    var days: Int
    var seconds: Int

    /// Total seconds, counting a day as 86 400.
    var totalSeconds: Int { days * 86_400 + seconds }

    /// Reads `P1D`, `PT86400S`, `P1DT2H`, `P2W`, `-PT15M`.
    static func parse(_ raw: String) -> ICSDuration? {
        var text = Substring(raw.trimmingCharacters(in: .whitespaces).uppercased())
        var sign = 1
        if text.hasPrefix("-") { sign = -1; text = text.dropFirst() } else if text.hasPrefix("+") { text = text.dropFirst() }
        guard text.hasPrefix("P"), text.count > 1 else { return nil }
        text = text.dropFirst()
        var days = 0, seconds = 0
        var number = ""
        var inTime = false
        var sawAny = false
        for character in text {
            if character.isNumber {
                number.append(character)
                continue
            }
            if character == "T" {
                guard number.isEmpty, !inTime else { return nil }
                inTime = true
                continue
            }
            guard let value = Int(number), value <= 3_200_000_000 else { return nil }
            number = ""
            sawAny = true
            switch (character, inTime) {
            case ("W", false): days += value * 7
            case ("D", false): days += value
            case ("H", true): seconds += value * 3600
            case ("M", true): seconds += value * 60
            case ("S", true): seconds += value
            default: return nil
            }
        }
        // A century is more than any event lasts; larger values are typos, and would overflow.
        guard number.isEmpty, sawAny, days <= 36_600, seconds <= 36_600 * 86_400 else { return nil }
        return ICSDuration(days: sign * days, seconds: sign * seconds)
    }

    /// `P1D`, `PT1H30M`.
    var text: String {
        if days == 0 && seconds == 0 { return "PT0S" }
        let negative = days < 0 || seconds < 0
        var result = negative ? "-P" : "P"
        let days = abs(self.days)
        var rest = abs(seconds)
        if days > 0 { result += days % 7 == 0 && rest == 0 ? "\(days / 7)W" : "\(days)D" }
        if rest > 0 {
            result += "T"
            if rest >= 3600 { result += "\(rest / 3600)H"; rest %= 3600 }
            if rest >= 60 { result += "\(rest / 60)M"; rest %= 60 }
            if rest > 0 { result += "\(rest)S" }
        }
        return result
    }
}

/// Something that knows a UTC offset for every instant: a Foundation zone or a VTIMEZONE.
protocol UTCOffsetSource: Sendable {
    func secondsFromGMT(for date: Date) -> Int
}

extension TimeZone: UTCOffsetSource {}

extension CivilDateTime {
    /// The instant this wall-clock time names under an offset source, resolving DST gaps forward
    /// and repeated hours to the first.
    func instant(under source: some UTCOffsetSource) -> Date {
        if let zone = source as? TimeZone { return instant(in: zone) }
        let local = floatingSeconds
        let before = source.secondsFromGMT(for: Date(timeIntervalSince1970: Double(local - 86_400)))
        let after = source.secondsFromGMT(for: Date(timeIntervalSince1970: Double(local + 86_400)))
        let valid = Set([local - before, local - after]).sorted().filter {
            source.secondsFromGMT(for: Date(timeIntervalSince1970: Double($0))) == local - $0
        }
        return Date(timeIntervalSince1970: Double(valid.first ?? (local - before)))
    }
}

/// The zone of a DATE-TIME with a TZID: an IANA zone (also reached through a Windows name), or the
/// rules of a VTIMEZONE in the same file when the TZID names nothing Gaffe knows.
enum ICSZone: Sendable {
    case named(TimeZone)
    case defined(VTimeZone)

    var source: any UTCOffsetSource {
        switch self {
        case .named(let zone): zone
        case .defined(let definition): definition
        }
    }

    /// A Foundation zone for the event (`Event.timeZone`): the IANA zone, or a fixed offset
    /// taken at `date` for a VTIMEZONE.
    func timeZone(at date: Date) -> TimeZone? {
        switch self {
        case .named(let zone): zone
        case .defined(let definition): TimeZone(secondsFromGMT: definition.secondsFromGMT(for: date))
        }
    }
}

/// A date or date-time value (RFC 5545 §3.3.4, §3.3.5).
enum ICSTime: Sendable {
    /// `VALUE=DATE`: a local calendar day.
    case date(CivilDate)
    /// A wall-clock time with no zone.
    case floating(CivilDateTime)
    /// `…Z`.
    case utc(Date)
    /// A wall-clock time in a zone (`TZID=`).
    case zoned(CivilDateTime, ICSZone)

    var isDate: Bool {
        if case .date = self { return true }
        return false
    }

    /// The wall-clock value as written (UTC times in UTC).
    var local: CivilDateTime {
        switch self {
        case .date(let date): date.start
        case .floating(let time), .zoned(let time, _): time
        case .utc(let date): CivilDateTime(date, in: ICSTime.utcZone)
        }
    }

    /// The instant, reading floating times and dates in `floatingZone`.
    func instant(floatingZone: TimeZone = ICSTime.utcZone) -> Date {
        switch self {
        case .date(let date): date.start.instant(in: floatingZone)
        case .floating(let time): time.instant(in: floatingZone)
        case .utc(let date): date
        case .zoned(let time, let zone): time.instant(under: zone.source)
        }
    }

    /// The same kind of value at another wall-clock time (for recurrence instances).
    func with(local time: CivilDateTime) -> ICSTime {
        switch self {
        case .date: .date(time.date)
        case .floating: .floating(time)
        case .utc: .utc(time.instant(in: ICSTime.utcZone))
        case .zoned(_, let zone): .zoned(time, zone)
        }
    }

    static let utcZone = TimeZone(identifier: "UTC")!

    /// Reads `20261207` or `20261207T090000` (with `Z` for UTC).
    static func parseLocal(_ raw: String) -> (time: CivilDateTime, isDate: Bool, isUTC: Bool)? {
        let text = raw.trimmingCharacters(in: .whitespaces)
        let bytes = Array(text.utf8)
        guard bytes.count >= 8, let date = CivilDate(parsing: String(decoding: bytes[0..<8], as: UTF8.self)) else { return nil }
        if bytes.count == 8 { return (date.start, true, false) }
        guard bytes.count == 15 || (bytes.count == 16 && (bytes[15] == 0x5A || bytes[15] == 0x7A)), bytes[8] == 0x54 || bytes[8] == 0x74 else { return nil }
        let digits = bytes[9..<15]
        guard digits.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        let values = digits.map { Int($0 - 0x30) }
        let hour = values[0] * 10 + values[1], minute = values[2] * 10 + values[3], second = values[4] * 10 + values[5]
        guard hour <= 23, minute <= 59, second <= 60 else { return nil }
        return (CivilDateTime(date: date, hour: hour, minute: minute, second: min(second, 59)), false, bytes.count == 16)
    }
}

/// The rules of a VTIMEZONE (RFC 5545 §3.6.5): observances, each switching to an offset at onsets
/// given by DTSTART, RRULE and RDATE. Transitions are worked out once, up to the year 2200.
final class VTimeZone: UTCOffsetSource, @unchecked Sendable {
    struct Observance {
        var start: CivilDateTime
        var offsetFrom: Int
        var offsetTo: Int
        var rules: [RecurrenceRule]
        var dates: [CivilDateTime]
    }

    let identifier: String
    /// The VTIMEZONE as written, to keep with events that use it.
    let definition: String
    /// Onsets in UTC seconds, ascending, with the offset from each onset on.
    private let transitions: [(at: Int, offset: Int)]
    private let initialOffset: Int

    init(identifier: String, observances: [Observance], definition: String) {
        self.identifier = identifier
        self.definition = definition
        var transitions: [(Int, Int)] = []
        let horizon = CivilDate(year: 2200, month: 1, day: 1).start
        for observance in observances {
            var onsets = [observance.start] + observance.dates
            for rule in observance.rules {
                onsets += rule.occurrences(from: observance.start, through: horizon) { local in
                    guard let until = rule.until else { return false }
                    // UNTIL in a VTIMEZONE is UTC (often written without Z); compare as UTC.
                    return local.adding(seconds: -observance.offsetFrom).floatingSeconds > until.local.floatingSeconds
                }
            }
            for onset in Set(onsets) {
                transitions.append((onset.floatingSeconds - observance.offsetFrom, observance.offsetTo))
            }
        }
        transitions.sort { $0.0 < $1.0 }
        self.transitions = transitions
        let earliest = observances.min { $0.start < $1.start }
        initialOffset = earliest?.offsetFrom ?? 0
    }

    func secondsFromGMT(for date: Date) -> Int {
        let time = Int(date.timeIntervalSince1970.rounded(.down))
        var low = 0, high = transitions.count
        while low < high {
            let mid = (low + high) / 2
            if transitions[mid].at <= time { low = mid + 1 } else { high = mid }
        }
        return low == 0 ? initialOffset : transitions[low - 1].offset
    }

    /// Reads `+0100`, `-0300`, `-000115` (seconds are allowed).
    static func parseOffset(_ raw: String) -> Int? {
        let text = raw.trimmingCharacters(in: .whitespaces)
        guard let sign = text.first, sign == "+" || sign == "-" else { return nil }
        let digits = Array(text.dropFirst())
        guard digits.count == 4 || digits.count == 6, digits.allSatisfy(\.isNumber) else { return nil }
        let values = digits.map { Int(String($0))! }
        let seconds = (values[0] * 10 + values[1]) * 3600 + (values[2] * 10 + values[3]) * 60 + (digits.count == 6 ? values[4] * 10 + values[5] : 0)
        return sign == "-" ? -seconds : seconds
    }
}

/// Zone names the way calendar programs write TZIDs.
enum ZoneNames {
    /// An IANA identifier (`Europe/Berlin`, `US/Pacific`, `Etc/GMT`, `UTC`), a Windows name
    /// (`W. Europe Standard Time`), or a Mozilla-style `/mozilla.org/…/Europe/Berlin` prefix.
    static func zone(named raw: String) -> TimeZone? {
        var name = raw.trimmingCharacters(in: .whitespaces)
        if name.hasPrefix("/"), let range = name.range(of: "/", options: .backwards) {
            // "/mozilla.org/20050126_1/Europe/Berlin" and "/softwarestudio.org/…": keep the IANA tail.
            let parts = name.split(separator: "/")
            if parts.count >= 2 {
                let tail = parts.suffix(2).joined(separator: "/")
                if let zone = TimeZone(identifier: tail), tail.contains("/") { return zone }
            }
            name = String(name[range.upperBound...])
        }
        if ["utc", "gmt", "z", "etc/utc", "etc/gmt"].contains(name.lowercased()) { return TimeZone(identifier: "UTC") }
        if name.contains("/"), let zone = TimeZone(identifier: name) { return zone }
        if let iana = windows[name], let zone = TimeZone(identifier: iana) { return zone }
        return nil
    }

    /// Windows zone names to IANA, from `lexicons/calendar/windows-zones.tsv` (Unicode CLDR).
    static let windows: [String: String] = {
        var table: [String: String] = [:]
        for line in (EmbeddedResources.files["calendar/windows-zones.tsv"] ?? "").split(separator: "\n") where !line.hasPrefix("#") {
            let columns = line.split(separator: "\t")
            if columns.count == 2 { table[String(columns[0])] = String(columns[1]) }
        }
        return table
    }()
}
