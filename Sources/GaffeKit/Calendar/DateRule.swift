import Foundation

/// When a yearly observance falls, written the way people say it:
///
/// | rule | examples |
/// |---|---|
/// | a fixed date | `December 7`, `7 December`, `Nov 11` |
/// | the nth or last weekday of a month | `last Monday of May`, `second Sunday of November`, `4th Saturday of November` |
/// | a weekday relative to a date | `Sunday on or after November 13`, `Saturday before June 24` |
/// | Easter, Western or Orthodox, with an offset in days | `Easter - 2`, `Orthodox Easter + 1` |
/// | a Hebrew-calendar date | `27 Nisan`, `4 Iyar`, `9 Av` |
/// | an Islamic-calendar date (Umm al-Qura) | `10 Muharram` |
/// | the day the sun reaches an ecliptic longitude, in a zone (solar terms) | `solar longitude 15 in Asia/Shanghai` |
///
/// Any rule may end with weekday moves in parentheses, applied after the date is found:
/// `27 Nisan (friday -1, sunday +1)` is Yom HaShoah, moved off Friday and Sunday as Israeli law
/// does. Other calendars use Foundation's `Calendar(identifier: .hebrew)` and
/// `.islamicUmmAlQura`; Islamic dates also depend on moon sighting, which the calendar entry
/// covers with a margin of a day.
public struct DateRule: Sendable, Hashable, CustomStringConvertible {
    enum Base: Sendable, Hashable {
        case fixed(month: Int, day: Int)
        /// `ordinal` 1…5, or -1 for last, -2 for second to last.
        case nthWeekday(ordinal: Int, weekday: Weekday, month: Int)
        case relativeWeekday(weekday: Weekday, relation: Relation, month: Int, day: Int)
        case easter(orthodox: Bool, offset: Int)
        case hebrew(month: HebrewMonth, day: Int)
        case islamic(month: Int, day: Int)
        case solarLongitude(degrees: Double, zoneIdentifier: String)
    }

    enum Relation: String, Sendable, Hashable {
        case onOrAfter = "on or after", onOrBefore = "on or before", after, before
    }

    enum HebrewMonth: Int, Sendable, Hashable {
        // Foundation's (ICU's) numbering: Adar I is month 6 and exists only in leap years.
        case tishri = 1, heshvan, kislev, tevet, shevat, adarI, adar, nisan, iyar, sivan, tamuz, av, elul
    }

    let base: Base
    /// Days to move the date when it falls on a weekday.
    let moves: [Weekday: Int]
    /// The rule as written.
    public let text: String

    public var description: String { text }

    /// Whether dates depend on moon sighting (Islamic calendar), so that a margin is wise.
    public var dependsOnSighting: Bool {
        if case .islamic = base { return true }
        return false
    }

    /// The dates the rule gives in a Gregorian year (usually one; an Islamic date can fall twice
    /// in one Gregorian year, or not at all).
    public func dates(in year: Int) -> [CivilDate] {
        baseDates(in: year).map(applyMoves).filter { $0.year == year }
    }

    private func applyMoves(_ date: CivilDate) -> CivilDate {
        guard let shift = moves[date.weekday] else { return date }
        return date.adding(days: shift)
    }

    /// Dates before moves, from the year before to the year after, so moves across New Year work.
    private func baseDates(in year: Int) -> [CivilDate] {
        switch base {
        case .fixed(let month, let day):
            return [year - 1, year, year + 1].compactMap { CivilDate.valid(year: $0, month: month, day: day) }
        case .nthWeekday(let ordinal, let weekday, let month):
            return DateRule.nthWeekday(ordinal, weekday, month: month, year: year).map { [$0] } ?? []
        case .relativeWeekday(let weekday, let relation, let month, let day):
            return [year - 1, year, year + 1].compactMap { candidateYear in
                guard let anchor = CivilDate.valid(year: candidateYear, month: month, day: day) else { return nil }
                let difference = (weekday.rawValue - anchor.weekday.rawValue + 7) % 7
                switch relation {
                case .onOrAfter: return anchor.adding(days: difference)
                case .after: return anchor.adding(days: difference == 0 ? 7 : difference)
                case .onOrBefore: return anchor.adding(days: difference == 0 ? 0 : difference - 7)
                case .before: return anchor.adding(days: difference == 0 ? -7 : difference - 7)
                }
            }
        case .easter(let orthodox, let offset):
            return [year - 1, year, year + 1].map { (orthodox ? DateRule.orthodoxEaster($0) : DateRule.easter($0)).adding(days: offset) }
        case .hebrew(let month, let day):
            // The Hebrew year that holds a spring date of `year` is year + 3760; look one either side.
            return (year + 3759...year + 3761).compactMap { DateRule.hebrewDate(year: $0, month: month, day: day) }
        case .islamic(let month, let day):
            return DateRule.islamicDates(month: month, day: day, around: year)
        case .solarLongitude(let degrees, let zoneIdentifier):
            guard let zone = TimeZone(identifier: zoneIdentifier) else { return [] }
            return [year - 1, year, year + 1].map { CivilDate(Astronomy.sunReaches(longitude: degrees, in: $0), in: zone) }
        }
    }

    // MARK: Calendar arithmetic

    /// The nth (1…5) or nth-last (-1, -2…) weekday of a month; `nil` when there is no fifth one.
    static func nthWeekday(_ ordinal: Int, _ weekday: Weekday, month: Int, year: Int) -> CivilDate? {
        if ordinal > 0 {
            let first = CivilDate(year: year, month: month, day: 1)
            let offset = (weekday.rawValue - first.weekday.rawValue + 7) % 7
            let day = 1 + offset + (ordinal - 1) * 7
            return CivilDate.valid(year: year, month: month, day: day)
        }
        let lastDay = CivilDate.daysIn(month: month, year: year)
        let last = CivilDate(year: year, month: month, day: lastDay)
        let offset = (last.weekday.rawValue - weekday.rawValue + 7) % 7
        let day = lastDay - offset - (-ordinal - 1) * 7
        return CivilDate.valid(year: year, month: month, day: day)
    }

    /// Western Easter Sunday (the anonymous Gregorian algorithm, Meeus/Jones/Butcher).
    static func easter(_ year: Int) -> CivilDate {
        let a = year % 19, b = year / 100, c = year % 100
        let d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4, k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let day = (h + l - 7 * m + 114) % 31 + 1
        return CivilDate(year: year, month: month, day: day)
    }

    /// Orthodox Easter Sunday: the Julian computus (Meeus), given as a Gregorian date.
    static func orthodoxEaster(_ year: Int) -> CivilDate {
        let a = year % 4, b = year % 7, c = year % 19
        let d = (19 * c + 15) % 30
        let e = (2 * a + 4 * b - d + 34) % 7
        let month = (d + e + 114) / 31
        let day = (d + e + 114) % 31 + 1
        // Julian to Gregorian: the calendars drift apart by a day each century not divisible by 400.
        let drift = year / 100 - year / 400 - 2
        return CivilDate(year: year, month: month, day: day).adding(days: drift)
    }

    private static let utc = TimeZone(identifier: "UTC")!

    static func hebrewDate(year: Int, month: HebrewMonth, day: Int) -> CivilDate? {
        var hebrew = Calendar(identifier: .hebrew)
        hebrew.timeZone = utc
        var components = DateComponents(year: year, month: month.rawValue, day: day)
        components.isLeapMonth = false
        guard let date = hebrew.date(from: components) else { return nil }
        // Calendar rolls invalid dates over (30 Heshvan in a short year, Adar I in a common year).
        let check = hebrew.dateComponents([.year, .month, .day], from: date)
        guard check.year == year, check.month == month.rawValue, check.day == day else { return nil }
        return CivilDate(date, in: utc)
    }

    static func islamicDates(month: Int, day: Int, around year: Int) -> [CivilDate] {
        var islamic = Calendar(identifier: .islamicUmmAlQura)
        islamic.timeZone = utc
        let first = CivilDate(year: year, month: 1, day: 1).start.instant(in: utc)
        let last = CivilDate(year: year, month: 12, day: 31).start.instant(in: utc)
        guard let from = islamic.dateComponents([.year], from: first).year,
              let to = islamic.dateComponents([.year], from: last).year else { return [] }
        return (from...to).compactMap { islamicYear in
            guard let date = islamic.date(from: DateComponents(year: islamicYear, month: month, day: day)) else { return nil }
            let check = islamic.dateComponents([.year, .month, .day], from: date)
            guard check.year == islamicYear, check.month == month, check.day == day else { return nil }
            return CivilDate(date, in: utc)
        }
    }
}

// MARK: - Parsing

extension DateRule {
    /// Why a rule could not be read, for a message at the rule's line.
    public struct ParseError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    static let months = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                         "november", "december"]

    static let hebrewMonths: [String: HebrewMonth] = [
        "tishri": .tishri, "tishrei": .tishri, "heshvan": .heshvan, "cheshvan": .heshvan, "marcheshvan": .heshvan,
        "kislev": .kislev, "tevet": .tevet, "shevat": .shevat, "shvat": .shevat, "adar": .adar, "adar i": .adarI,
        "adar ii": .adar, "nisan": .nisan, "iyar": .iyar, "sivan": .sivan, "tamuz": .tamuz, "tammuz": .tamuz, "av": .av,
        "elul": .elul,
    ]

    static let islamicMonths: [String: Int] = [
        "muharram": 1, "safar": 2, "rabi al-awwal": 3, "rabi i": 3, "rabi al-thani": 4, "rabi ii": 4, "jumada al-awwal": 5,
        "jumada i": 5, "jumada al-thani": 6, "jumada ii": 6, "rajab": 7, "shaban": 8, "sha'ban": 8, "ramadan": 9, "shawwal": 10,
        "dhu al-qadah": 11, "dhu al-qi'dah": 11, "dhu al-hijjah": 12,
    ]

    static let ordinals: [String: Int] = [
        "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "fifth": 5, "5th": 5,
        "last": -1, "second to last": -2, "second-to-last": -2, "penultimate": -2,
    ]

    static func month(named raw: String) -> Int? {
        let name = raw.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "."))
        guard name.count >= 3 else { return nil }
        return months.firstIndex { $0 == name || $0.hasPrefix(name) }.map { $0 + 1 }
    }

    /// Reads a rule.
    /// - Throws: `ParseError` saying what was expected.
    public static func parse(_ raw: String) throws -> DateRule {
        let text = raw.trimmingCharacters(in: .whitespaces)
        var body = text
        var moves: [Weekday: Int] = [:]
        if let open = text.firstIndex(of: "("), text.hasSuffix(")") {
            body = String(text[..<open]).trimmingCharacters(in: .whitespaces)
            let inner = text[text.index(after: open)..<text.index(before: text.endIndex)]
            for part in inner.split(separator: ",") {
                let words = part.split(separator: " ").map(String.init)
                guard words.count == 2, let weekday = Weekday(name: words[0]), let shift = Int(words[1].replacingOccurrences(of: "+", with: "")),
                      shift != 0, abs(shift) < 7 else {
                    throw ParseError(description: "cannot read the move '\(part.trimmingCharacters(in: .whitespaces))' in '\(text)'; write a weekday and a number of days, such as 'friday -1, sunday +1'")
                }
                guard moves[weekday] == nil else { throw ParseError(description: "'\(weekday.name)' is moved twice in '\(text)'") }
                moves[weekday] = shift
            }
        }
        return DateRule(base: try parseBase(body, whole: text), moves: moves, text: text)
    }

    private static func parseBase(_ text: String, whole: String) throws -> Base {
        let lower = text.lowercased()
        let words = lower.split(separator: " ").map(String.init)
        let examples = "'December 7', 'last Monday of May', 'Sunday on or after November 13', 'Easter - 2', '27 Nisan', '10 Muharram' or 'solar longitude 15 in Asia/Shanghai'"
        guard !words.isEmpty else { throw ParseError(description: "empty date rule; write for example \(examples)") }

        // Easter and Orthodox Easter, with an optional offset.
        if lower.hasPrefix("easter") || lower.hasPrefix("orthodox easter") {
            let orthodox = lower.hasPrefix("orthodox")
            let rest = lower.dropFirst(orthodox ? "orthodox easter".count : "easter".count).replacingOccurrences(of: " ", with: "")
            if rest.isEmpty { return .easter(orthodox: orthodox, offset: 0) }
            guard let offset = Int(rest.replacingOccurrences(of: "+", with: "")), rest.first == "+" || rest.first == "-",
                  abs(offset) <= 120 else {
                throw ParseError(description: "cannot read the offset in '\(whole)'; write 'Easter - 2' or 'Easter + 50'")
            }
            return .easter(orthodox: orthodox, offset: offset)
        }

        // Solar longitude.
        if lower.hasPrefix("solar longitude") {
            let rest = words.dropFirst(2)
            guard let degrees = rest.first.flatMap(Double.init), (0..<360).contains(degrees) else {
                throw ParseError(description: "cannot read the longitude in '\(whole)'; write 'solar longitude 15 in Asia/Shanghai'")
            }
            let original = text.split(separator: " ").map(String.init)
            guard original.count == 5, words[3] == "in", TimeZone(identifier: original[4]) != nil else {
                throw ParseError(description: "'\(whole)' needs the zone the date is kept in: 'solar longitude \(rest.first!) in Asia/Shanghai'")
            }
            return .solarLongitude(degrees: degrees, zoneIdentifier: original[4])
        }

        // "<day> <month>" in the Gregorian, Hebrew or Islamic calendar.
        if let day = Int(words[0]), words.count >= 2 {
            let monthName = words.dropFirst().joined(separator: " ")
            if let month = month(named: monthName), words.count == 2 {
                return try fixed(month: month, day: day, whole: whole)
            }
            if let month = hebrewMonths[monthName] {
                guard (1...30).contains(day) else { throw ParseError(description: "day \(day) is not in a Hebrew month in '\(whole)'") }
                return .hebrew(month: month, day: day)
            }
            if let month = islamicMonths[monthName] {
                guard (1...30).contains(day) else { throw ParseError(description: "day \(day) is not in an Islamic month in '\(whole)'") }
                return .islamic(month: month, day: day)
            }
            throw ParseError(description: "unknown month '\(monthName)' in '\(whole)'")
        }
        // "<month> <day>".
        if words.count == 2, let day = Int(words[1]) {
            guard let month = month(named: words[0]) else {
                var message = "unknown month '\(words[0])' in '\(whole)'"
                if let guess = Spelling.closest(to: words[0], among: months) { message += "; did you mean '\(guess.capitalized)'?" }
                throw ParseError(description: message)
            }
            return try fixed(month: month, day: day, whole: whole)
        }
        // "<ordinal> <weekday> of <month>".
        if let ofIndex = words.firstIndex(of: "of"), ofIndex >= 2, ofIndex == words.count - 2 {
            let ordinalText = words[..<(ofIndex - 1)].joined(separator: " ")
            guard let ordinal = ordinals[ordinalText] else {
                throw ParseError(description: "unknown ordinal '\(ordinalText)' in '\(whole)'; use first…fifth, 1st…5th, last or second to last")
            }
            guard let weekday = Weekday(name: words[ofIndex - 1]) else {
                throw ParseError(description: "unknown weekday '\(words[ofIndex - 1])' in '\(whole)'")
            }
            guard let month = month(named: words[ofIndex + 1]) else {
                throw ParseError(description: "unknown month '\(words[ofIndex + 1])' in '\(whole)'")
            }
            return .nthWeekday(ordinal: ordinal, weekday: weekday, month: month)
        }
        // "<weekday> on or after <month> <day>".
        if words.count >= 4, let weekday = Weekday(name: words[0]) {
            let anchor = Array(words.suffix(2))
            let relationText = words[1..<(words.count - 2)].joined(separator: " ")
            guard let relation = Relation(rawValue: relationText) else {
                throw ParseError(description: "unknown relation '\(relationText)' in '\(whole)'; use 'on or after', 'on or before', 'after' or 'before'")
            }
            guard let month = month(named: anchor[0]), let day = Int(anchor[1]) else {
                throw ParseError(description: "cannot read the date '\(anchor.joined(separator: " "))' in '\(whole)'; write it as 'November 13'")
            }
            _ = try fixed(month: month, day: day, whole: whole)
            return .relativeWeekday(weekday: weekday, relation: relation, month: month, day: day)
        }
        throw ParseError(description: "cannot read the date rule '\(whole)'; write for example \(examples)")
    }

    private static func fixed(month: Int, day: Int, whole: String) throws -> Base {
        // 29 February is allowed: it occurs in leap years only.
        guard day >= 1, day <= CivilDate.daysIn(month: month, year: 2000) else {
            throw ParseError(description: "\(months[month - 1].capitalized) has no day \(day) in '\(whole)'")
        }
        return .fixed(month: month, day: day)
    }
}

/// The sun's apparent ecliptic longitude, for solar terms such as Qingming (15°).
enum Astronomy {
    /// Apparent geocentric longitude of the sun in degrees at an instant (Meeus, *Astronomical
    /// Algorithms*, ch. 25, low accuracy: about 0.01°, some 15 minutes of time).
    static func solarLongitude(at date: Date) -> Double {
        let julianDay = date.timeIntervalSince1970 / 86_400 + 2_440_587.5
        let t = (julianDay - 2_451_545.0) / 36_525
        let meanLongitude = 280.46646 + 36_000.76983 * t + 0.0003032 * t * t
        let meanAnomaly = (357.52911 + 35_999.05029 * t - 0.0001537 * t * t) * .pi / 180
        let center = (1.914602 - 0.004817 * t - 0.000014 * t * t) * sin(meanAnomaly)
            + (0.019993 - 0.000101 * t) * sin(2 * meanAnomaly) + 0.000289 * sin(3 * meanAnomaly)
        let node = (125.04 - 1934.136 * t) * .pi / 180
        let apparent = meanLongitude + center - 0.00569 - 0.00478 * sin(node)
        let normalized = apparent.truncatingRemainder(dividingBy: 360)
        return normalized < 0 ? normalized + 360 : normalized
    }

    /// The instant in a Gregorian year when the sun reaches an apparent longitude.
    static func sunReaches(longitude: Double, in year: Int) -> Date {
        let tropicalYear = 365.2422 * 86_400
        // Start from the March equinox (0°) and walk the remaining fraction of the year.
        let equinox = CivilDateTime(date: CivilDate(year: year, month: 3, day: 20), hour: 12).instant(in: TimeZone(identifier: "UTC")!)
        var guess = equinox.addingTimeInterval(longitude / 360 * tropicalYear)
        for _ in 0..<8 {
            var difference = longitude - solarLongitude(at: guess)
            if difference > 180 { difference -= 360 }
            if difference < -180 { difference += 360 }
            guess = guess.addingTimeInterval(difference / 360 * tropicalYear)
            if abs(difference) < 1e-6 { break }
        }
        return guess
    }
}
