import Foundation

/// How one `publish_at` cell writes its time, so that `gaffe reschedule` writes a new time the same
/// way: ISO 8601 with the same separator, precision and offset style (`Z`, `+05:30`, `+0530`,
/// `+05`), a local time in the row's zone, or the configured `schedule.date_format`.
///
/// A time is *representable* when writing it and reading it back, exactly as `gaffe lint` reads
/// the cell, gives the same instant; `earliestRepresentable` finds the first such time at or
/// after another (the next whole minute when the cell has no seconds, the end of a repeated hour
/// for local times read in a zone).
struct PublishTimeFormat {
    private enum Style {
        case iso(ISOStyle)
        case pattern(DateFormatter, unit: TimeInterval)
    }

    private struct ISOStyle {
        var dateOnly = false
        var separator: Character = "T"
        var hasSeconds = false
        var fractionDigits = 0
        var decimalMark: Character = "."
        /// `nil`: a local time, without offset.
        var offset: OffsetStyle?
        /// Spaces between the time and the offset.
        var offsetGap = ""
    }

    private enum OffsetStyle {
        case letter(Character)
        case colon, compact, hours, shortHours
    }

    private let style: Style
    /// Spaces around the value in the cell, kept as they were.
    private let leading: String
    private let trailing: String
    /// The zone the row's local times are read in (`timezone` column, `schedule.timezone`, `timezone`).
    private let zone: TimeZone?
    /// The offset the cell was written with, and whether it was the zone's own offset then (so a
    /// new time takes the zone's offset at that time, across a DST change).
    private let writtenOffset: Int
    private let followsZone: Bool
    private let parser: MetadataParser

    /// The format of a cell, or `nil` when it cannot be read as a time.
    /// - Parameters:
    ///   - text: the cell's value.
    ///   - zone: the zone the reader resolved for the row (`DraftMetadata.timeZone`).
    ///   - dateFormat: `schedule.date_format`.
    init?(text: String, zone: TimeZone?, dateFormat: String?, parser: MetadataParser) {
        self.parser = parser
        self.zone = zone
        let trimmed = text.trimmingSpaces
        let start = text.prefix { $0 == " " }
        leading = String(start)
        trailing = String(text.dropFirst(start.count).reversed().prefix { $0 == " " })
        switch ISO8601.parse(trimmed) {
        case .instant(let date, let offset)?:
            guard let iso = PublishTimeFormat.isoStyle(trimmed) else { return nil }
            style = .iso(iso)
            writtenOffset = offset
            // `Z` says UTC on purpose; a numeric offset that was the zone's own follows the zone.
            if case .letter? = iso.offset {
                followsZone = false
            } else {
                followsZone = zone.map { $0.secondsFromGMT(for: date) == offset } ?? false
            }
        case .local?:
            guard let iso = PublishTimeFormat.isoStyle(trimmed) else { return nil }
            style = .iso(iso)
            writtenOffset = 0
            followsZone = true
        case nil:
            guard let dateFormat else { return nil }
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.dateFormat = dateFormat
            formatter.timeZone = zone ?? TimeZone(identifier: "UTC")
            formatter.isLenient = false
            style = .pattern(formatter, unit: PublishTimeFormat.unit(ofPattern: dateFormat))
            writtenOffset = 0
            followsZone = true
        }
    }

    /// The cell text for an instant.
    func format(_ date: Date) -> String {
        switch style {
        case .pattern(let formatter, _):
            return leading + formatter.string(from: date) + trailing
        case .iso(let iso):
            let offset: Int
            if iso.offset == nil {
                offset = (zone ?? TimeZone(identifier: "UTC")!).secondsFromGMT(for: date)
            } else {
                offset = followsZone ? zone?.secondsFromGMT(for: date) ?? writtenOffset : writtenOffset
            }
            return leading + PublishTimeFormat.write(date, offset: offset, style: iso) + trailing
        }
    }

    /// Reads cell text as `gaffe lint` does.
    func read(_ text: String) -> Date? {
        var problems: [InputProblem] = []
        return parser.parseDate(RawField(text, at: 0..<0), zone: zone, problems: &problems)
    }

    /// The first time at or after `time` that the cell can hold exactly, or `nil` if none is near.
    func earliestRepresentable(atOrAfter time: Double) -> Double? {
        var candidate = time
        for _ in 0..<5000 {
            let date = Date(timeIntervalSince1970: candidate)
            guard let back = read(format(date))?.timeIntervalSince1970 else { return nil }
            if abs(back - candidate) < 1e-6 { return candidate }
            // The format dropped precision (or the local time is a repeated hour's second pass):
            // try the next value it can write.
            let next = nextValue(after: back)
            candidate = next > candidate ? next : candidate + unit
        }
        return nil
    }

    /// The smallest step between two times the cell can hold, in seconds.
    private var unit: TimeInterval {
        switch style {
        case .pattern(_, let unit): return unit
        case .iso(let iso):
            if iso.dateOnly { return 86_400 }
            if iso.fractionDigits > 0 { return pow(10, -Double(iso.fractionDigits)) }
            return iso.hasSeconds ? 1 : 60
        }
    }

    /// The next time after `value` the format can write: one unit on, or the next local midnight.
    private func nextValue(after value: Double) -> Double {
        guard unit >= 86_400 else { return value + unit }
        let zone = self.zone ?? TimeZone(identifier: "UTC")!
        let local = CivilDateTime(Date(timeIntervalSince1970: value), in: zone)
        return local.date.adding(days: 1).start.instant(in: zone).timeIntervalSince1970
    }

    // MARK: ISO 8601

    private static func isoStyle(_ text: String) -> ISOStyle? {
        let characters = Array(text)
        var style = ISOStyle()
        guard characters.count >= 10 else { return nil }
        if characters.count == 10 {
            style.dateOnly = true
            return style
        }
        style.separator = characters[10]
        var index = 16
        if index < characters.count, characters[index] == ":" {
            style.hasSeconds = true
            index = 19
            if index < characters.count, characters[index] == "." || characters[index] == "," {
                style.decimalMark = characters[index]
                index += 1
                while index < characters.count, characters[index].isASCII, characters[index].isNumber {
                    style.fractionDigits += 1
                    index += 1
                }
            }
        }
        while index < characters.count, characters[index] == " " {
            style.offsetGap.append(" ")
            index += 1
        }
        guard index < characters.count else { return style }
        let offset = String(characters[index...])
        if offset == "Z" || offset == "z" {
            style.offset = .letter(Character(offset))
        } else if offset.contains(":") {
            style.offset = .colon
        } else {
            switch offset.count {
            case 5: style.offset = .compact
            case 3: style.offset = .hours
            default: style.offset = .shortHours
            }
        }
        return style
    }

    private static func write(_ date: Date, offset: Int, style: ISOStyle) -> String {
        // Whole microseconds, so that a tenth of a second is not written as 0.0999….
        let micros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded()) + Int64(offset) * 1_000_000
        let whole = Int(micros >= 0 ? micros / 1_000_000 : (micros - 999_999) / 1_000_000)
        let local = CivilDateTime(floatingSeconds: whole)
        var text = local.date.description
        if style.dateOnly { return text }
        text.append(style.separator)
        text += "\(local.hour.zeroPadded()):\(local.minute.zeroPadded())"
        if style.hasSeconds {
            text += ":\(local.second.zeroPadded())"
            if style.fractionDigits > 0 {
                var fraction = Int(micros - Int64(whole) * 1_000_000)
                for _ in 0..<max(0, 6 - style.fractionDigits) { fraction /= 10 }
                for _ in 0..<max(0, style.fractionDigits - 6) { fraction *= 10 }
                text.append(style.decimalMark)
                text += fraction.zeroPadded(style.fractionDigits)
            }
        }
        guard let offsetStyle = style.offset else { return text }
        text += style.offsetGap
        let sign = offset < 0 ? "-" : "+"
        let hours = abs(offset) / 3600
        let minutes = abs(offset) / 60 % 60
        switch offsetStyle {
        case .letter(let letter):
            text += offset == 0 ? String(letter) : "\(sign)\(hours.zeroPadded()):\(minutes.zeroPadded())"
        case .colon: text += "\(sign)\(hours.zeroPadded()):\(minutes.zeroPadded())"
        case .compact: text += "\(sign)\(hours.zeroPadded())\(minutes.zeroPadded())"
        case .hours: text += "\(sign)\(hours.zeroPadded())"
        case .shortHours: text += "\(sign)\(hours)"
        }
        return text
    }

    /// The finest field of a date pattern: fractions, seconds, minutes, hours, else days.
    private static func unit(ofPattern pattern: String) -> TimeInterval {
        var letters: Set<Character> = []
        var fractionDigits = 0
        var quoted = false
        for character in pattern {
            if character == "'" {
                quoted.toggle()
            } else if !quoted {
                letters.insert(character)
                if character == "S" { fractionDigits += 1 }
            }
        }
        if fractionDigits > 0 { return pow(10, -Double(fractionDigits)) }
        if letters.contains("s") { return 1 }
        if letters.contains("m") { return 60 }
        if !letters.isDisjoint(with: ["H", "h", "k", "K"]) { return 3600 }
        return 86_400
    }
}
