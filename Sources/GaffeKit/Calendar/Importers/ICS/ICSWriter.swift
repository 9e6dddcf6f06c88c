import Foundation

/// Writes events as iCalendar (RFC 5545), for `gaffe events export --format ics` and for the event
/// store, which keeps repeating events as their rules. Everything Gaffe knows about an event goes
/// into `X-GAFFE-*` properties, so `ICSImporter` reads the output back to the same events.
enum ICSWriter {
    /// A whole calendar: VTIMEZONEs for the IANA zones the events use, then the events.
    static func calendar(events: [Event], series: [RecurringEvent], name: String, stamp: Date) -> String {
        var zones: [String: TimeZone] = [:]
        var years: ClosedRange<Int>?
        func note(_ date: Date) {
            let year = CivilDate(date, in: ICSTime.utcZone).year
            years = years.map { min($0.lowerBound, year)...max($0.upperBound, year) } ?? year...year
        }
        for event in events where event.localWindow == nil {
            if let zone = event.timeZone, isNamed(zone) { zones[zone.identifier] = zone }
            note(event.start)
            note(event.end)
        }
        var blocks = events.map { vevent($0, stamp: stamp) }
        var definitions: [String] = []
        for item in series {
            blocks.append(item.veventText)
            if let text = item.timeZoneText {
                definitions.append(text)
            } else if case .zoned(_, .named(let zone)) = item.start {
                zones[zone.identifier] = zone
                note(item.template.start)
                note(Date(timeIntervalSince1970: max(item.template.start.timeIntervalSince1970, stamp.timeIntervalSince1970) + 10 * 365 * 86_400))
            }
        }
        let generated = zones.keys.sorted().map { vtimezone(zones[$0]!, years: years ?? 2000...2000) }
        return wrap(timeZones: generated + definitions, events: blocks, name: name)
    }

    /// A VCALENDAR around ready VTIMEZONE and VEVENT blocks.
    static func wrap(timeZones: [String], events: [String], name: String? = nil) -> String {
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Gaffe//Gaffe \(Gaffe.version)//EN", "CALSCALE:GREGORIAN"]
        if let name { lines.append("X-WR-CALNAME:" + ICSContentLine.escape(name)) }
        var text = lines.map(fold).joined()
        text += timeZones.joined()
        text += events.joined()
        text += fold("END:VCALENDAR")
        return text
    }

    /// One event.
    static func vevent(_ event: Event, stamp: Date) -> String {
        var lines = ["BEGIN:VEVENT"]
        lines.append("UID:" + (event.source.itemID ?? event.id))
        lines.append("DTSTAMP:" + utc(stamp))
        if let window = event.localWindow {
            if window.isWholeDays {
                lines.append("DTSTART;VALUE=DATE:" + window.start.date.compact)
                lines.append("DTEND;VALUE=DATE:" + window.end.date.compact)
            } else {
                lines.append("DTSTART:" + floating(window.start))
                lines.append("DTEND:" + floating(window.end))
            }
        } else if let zone = event.timeZone, isNamed(zone) {
            lines.append("DTSTART;TZID=\(zone.identifier):" + floating(CivilDateTime(event.start, in: zone)))
            lines.append("DTEND;TZID=\(zone.identifier):" + floating(CivilDateTime(event.end, in: zone)))
        } else {
            lines.append("DTSTART:" + utc(event.start))
            lines.append("DTEND:" + utc(event.end))
        }
        lines += properties(of: event)
        lines.append("END:VEVENT")
        return lines.map(fold).joined()
    }

    /// A repeating event, with its first start as written and its rules.
    static func seriesVEvent(_ series: RecurringEvent, exclusions: [ICSTime]) -> String {
        let event = series.template
        var lines = ["BEGIN:VEVENT"]
        lines.append("UID:" + (event.source.itemID ?? event.id))
        lines.append(timeLine("DTSTART", series.start, floatingZone: series.floatingZone))
        lines.append("DURATION:" + series.duration.text)
        for rule in series.rules { lines.append("RRULE:" + rule.text) }
        for extra in series.extraStarts { lines.append(timeLine("RDATE", extra, floatingZone: series.floatingZone)) }
        for exclusion in exclusions {
            // An exclusion in the form of the series (RECURRENCE-IDs may be written otherwise).
            let aligned: ICSTime = series.start.isDate ? .date(exclusion.local.date) : exclusion
            lines.append(timeLine("EXDATE", aligned, floatingZone: series.floatingZone))
        }
        lines += properties(of: event)
        lines.append("END:VEVENT")
        return lines.map(fold).joined()
    }

    /// What every event carries besides its times.
    private static func properties(of event: Event) -> [String] {
        var lines = ["SUMMARY:" + ICSContentLine.escape(event.title)]
        if let summary = event.summary, !summary.isEmpty { lines.append("DESCRIPTION:" + ICSContentLine.escape(summary)) }
        if let url = event.url, !url.isEmpty { lines.append("URL:" + url) }
        lines.append("CATEGORIES:" + ICSContentLine.escape(event.kind.rawValue))
        lines.append("X-GAFFE-ID:" + ICSContentLine.escape(event.id))
        lines.append("X-GAFFE-KIND:" + event.kind.rawValue)
        lines.append("X-GAFFE-SEVERITY:" + event.severity.rawValue)
        lines.append("X-GAFFE-REGIONS:" + event.regions.map(\.code).joined(separator: ";"))
        lines.append("X-GAFFE-KEYWORDS:" + event.keywords.map(ICSContentLine.escape).joined(separator: ","))
        if !event.hashtags.isEmpty { lines.append("X-GAFFE-HASHTAGS:" + event.hashtags.map(ICSContentLine.escape).joined(separator: ",")) }
        lines.append("X-GAFFE-GRACE:" + ICSDuration(days: 0, seconds: Int(event.grace)).normalizedText)
        lines.append("X-GAFFE-SENSITIVE:" + event.sensitiveCategories.map(ICSContentLine.escape).joined(separator: ","))
        var source = "X-GAFFE-SOURCE;KIND=\(event.source.kind.rawValue)"
        if let item = event.source.itemID { source += ";ITEM=\(quoted(item))" }
        if let line = event.source.line { source += ";LINE=\(line)" }
        lines.append(source + ":" + ICSContentLine.escape(event.source.location))
        return lines
    }

    private static func timeLine(_ name: String, _ time: ICSTime, floatingZone: TimeZone?) -> String {
        switch time {
        case .date(let date): "\(name);VALUE=DATE:\(date.compact)"
        case .floating(let local): "\(name):\(floating(local))"
        case .utc(let instant): "\(name):\(utc(instant))"
        case .zoned(let local, let zone):
            switch zone {
            case .named(let named): "\(name);TZID=\(quoted(named.identifier)):\(floating(local))"
            case .defined(let definition): "\(name);TZID=\(quoted(definition.identifier)):\(floating(local))"
            }
        }
    }

    private static func quoted(_ value: String) -> String {
        value.contains(where: { ":;,".contains($0) }) ? "\"\(value)\"" : value
    }

    private static func isNamed(_ zone: TimeZone) -> Bool { zone.identifier.contains("/") }

    static func floating(_ time: CivilDateTime) -> String {
        RecurrenceKey.label(.floating(time))
    }

    static func utc(_ date: Date) -> String {
        RecurrenceKey.label(.floating(CivilDateTime(date, in: ICSTime.utcZone))) + "Z"
    }

    /// A VTIMEZONE for an IANA zone over some years, one STANDARD or DAYLIGHT block per
    /// transition (Foundation knows the transitions; iCalendar wants them spelled out).
    static func vtimezone(_ zone: TimeZone, years: ClosedRange<Int>) -> String {
        let utcZone = ICSTime.utcZone
        var date = CivilDate(year: years.lowerBound - 1, month: 1, day: 1).start.instant(in: utcZone)
        let end = CivilDate(year: years.upperBound + 1, month: 12, day: 31).start.instant(in: utcZone)
        var lines = ["BEGIN:VTIMEZONE", "TZID:" + zone.identifier]
        func block(_ at: Date, from: Int, to: Int) {
            let kind = zone.isDaylightSavingTime(for: at) ? "DAYLIGHT" : "STANDARD"
            lines.append("BEGIN:\(kind)")
            lines.append("DTSTART:" + floating(CivilDateTime(date: CivilDate(dayNumber: 0), secondOfDay: 0).adding(seconds: Int(at.timeIntervalSince1970) + from)))
            lines.append("TZOFFSETFROM:" + offset(from))
            lines.append("TZOFFSETTO:" + offset(to))
            lines.append("END:\(kind)")
        }
        let initial = zone.secondsFromGMT(for: date)
        block(date, from: initial, to: initial)
        while let next = zone.nextDaylightSavingTimeTransition(after: date), next < end {
            block(next, from: zone.secondsFromGMT(for: next.addingTimeInterval(-1)), to: zone.secondsFromGMT(for: next))
            date = next
        }
        lines.append("END:VTIMEZONE")
        return lines.map(fold).joined()
    }

    private static func offset(_ seconds: Int) -> String {
        let sign = seconds < 0 ? "-" : "+"
        let value = abs(seconds)
        let text = "\(sign)\((value / 3600).zeroPadded())\((value / 60 % 60).zeroPadded())"
        return value % 60 == 0 ? text : text + (value % 60).zeroPadded()
    }

    /// The lines of a parsed component, written back (for VTIMEZONEs kept with events).
    static func text(of component: ICSComponent) -> String {
        var lines = ["BEGIN:" + component.name]
        for property in component.properties {
            var line = property.name
            for parameter in property.parameters {
                line += ";" + parameter.name + "=" + parameter.values.map(quoted).joined(separator: ",")
            }
            lines.append(line + ":" + property.value)
        }
        var text = lines.map(fold).joined()
        text += component.children.map(self.text(of:)).joined()
        return text + fold("END:" + component.name)
    }

    /// A content line folded at 75 octets, never inside a UTF-8 sequence, ending in CRLF.
    static func fold(_ line: String) -> String {
        let bytes = Array(line.utf8)
        guard bytes.count > 75 else { return line + "\r\n" }
        var output: [UInt8] = []
        var start = 0
        var limit = 75
        while start < bytes.count {
            var end = min(start + limit, bytes.count)
            while end < bytes.count, end > start, bytes[end] & 0xC0 == 0x80 { end -= 1 }
            if start > 0 { output += [0x0D, 0x0A, 0x20] }
            output += bytes[start..<end]
            start = end
            limit = 74
        }
        output += [0x0D, 0x0A]
        return String(decoding: output, as: UTF8.self)
    }
}

extension ICSDuration {
    /// The duration with whole days as days (`P7D`, not `PT604800S`).
    var normalizedText: String {
        let total = totalSeconds
        return ICSDuration(days: total / 86_400, seconds: total % 86_400).text
    }
}
