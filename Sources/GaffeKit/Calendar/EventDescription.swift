import Foundation

/// How events read in messages: their window, regions and source, in one wording everywhere.
extension Event {
    /// `Hurricane Sandy (hurricane, extreme)`.
    public var label: String { "'\(title)' (\(kind.rawValue), \(severity.rawValue))" }

    /// `on 2026-12-07` for one local day, `2026-04-07 to 2026-04-13` for several,
    /// `2012-10-29T08:00:00-04:00 to 2012-10-31T00:00:00-04:00` for instants.
    public var windowDescription: String {
        if isAllDay, let window = localWindow, window.isWholeDays {
            let last = window.end.date.adding(days: -1)
            let zone = timeZone.map { " (\($0.identifier))" } ?? ""
            return window.start.date == last ? "on \(last)\(zone)" : "\(window.start.date) to \(last)\(zone)"
        }
        if let window = localWindow, timeZone == nil {
            return "\(window.start) to \(window.end) local time"
        }
        return "\(ISO8601.format(start, in: timeZone)) to \(ISO8601.format(end, in: timeZone))"
    }

    /// `US, CA` or `worldwide`.
    public var regionsDescription: String {
        regions.isEmpty || regions.contains(where: \.isGlobal) ? "worldwide" : regions.map(\.code).joined(separator: ", ")
    }

    /// `built-in calendar (lexicons/calendar/americas.yml:12; https://…)`, `storm.ics:40 (item TC-1)`.
    public var sourceDescription: String {
        var text: String
        switch source.kind {
        case .builtIn: text = "built-in calendar (\(source.location)\(source.line.map { ":\($0)" } ?? ""))"
        case .file, .store: text = source.location + (source.line.map { ":\($0)" } ?? "")
        case .url: text = source.location
        }
        if let item = source.itemID, source.kind != .builtIn { text += " (item \(item))" }
        if let url { text += "; \(url)" }
        return text
    }

    /// `until 2012-11-07T00:00:00-04:00 (7 days after it ends)`, or nothing without grace.
    public var graceDescription: String? {
        guard grace > 0 else { return nil }
        return "still too soon until \(ISO8601.format(sensitiveUntil, in: timeZone)) (\(DurationText.describe(grace)) after it ends)"
    }
}
