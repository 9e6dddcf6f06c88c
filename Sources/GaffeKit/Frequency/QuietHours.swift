import Foundation

/// The audience's night: local clock times between which a post is scheduled while its audience
/// sleeps (`22:00` to `07:00`), read in every zone of the draft's regions.
public struct QuietHours: Sendable, Hashable {
    /// Seconds after local midnight where quiet hours begin and end; `from > to` wraps midnight.
    public var from: Int
    public var to: Int

    /// 22:00 to 07:00.
    public static let standard = QuietHours(from: 22 * 3600, to: 7 * 3600)

    public init(from: Int, to: Int) {
        self.from = from
        self.to = to
    }

    /// Whether a local time of day (seconds after midnight) is quiet.
    public func contains(secondOfDay: Int) -> Bool {
        from <= to ? (secondOfDay >= from && secondOfDay < to) : (secondOfDay >= from || secondOfDay < to)
    }

    /// The zone in which `date` falls inside quiet hours, first in `zones` order, with its local time.
    public func quietZone(at date: Date, zones: [TimeZone]) -> (zone: TimeZone, local: CivilDateTime)? {
        for zone in zones {
            let local = CivilDateTime(date, in: zone)
            if contains(secondOfDay: local.secondOfDay) { return (zone, local) }
        }
        return nil
    }

    /// The first instant at or after `date` that is outside quiet hours in every zone, or `nil`
    /// when the zones' quiet hours together cover the whole day (an audience spread over more time
    /// zones than the day has waking hours for).
    public func earliestOutside(from date: Date, zones: [TimeZone]) -> Date? {
        guard from != to, !zones.isEmpty else { return date }
        var time = date
        for _ in 0..<(4 * zones.count + 8) {
            guard let (zone, local) = quietZone(at: time, zones: zones) else { return time }
            // The end of this night in that zone: `to` today, or tomorrow when the night began
            // before midnight.
            let endDate = from > to && local.secondOfDay >= from ? local.date.adding(days: 1) : local.date
            var end = CivilDateTime(date: endDate, secondOfDay: to).instant(in: zone)
            if end <= time { end = time.addingTimeInterval(60) }
            time = end
            if time.timeIntervalSince(date) > 2 * 86_400 { return nil }
        }
        return quietZone(at: time, zones: zones) == nil ? time : nil
    }

    /// `22:00–07:00`.
    public var description: String { "\(QuietHours.clock(from))–\(QuietHours.clock(to))" }

    static func clock(_ seconds: Int) -> String {
        let hours = seconds / 3600
        let minutes = seconds / 60 % 60
        return (hours < 10 ? "0" : "") + "\(hours):" + (minutes < 10 ? "0" : "") + "\(minutes)"
    }

    /// Reads `22:00-07:00`, `on` (22:00–07:00), `off`, or `{from: "22:00", to: "07:00"}`.
    /// - Returns: `nil` for `off`.
    /// - Throws: `YAMLError` for anything else.
    static func read(_ node: YAMLNode) throws -> QuietHours? {
        if let text = node.scalarText?.trimmingCharacters(in: .whitespaces), !node.isNull {
            switch text.lowercased() {
            case "off", "false", "no": return nil
            case "on", "true", "yes": return .standard
            default:
                let parts = text.split(whereSeparator: { $0 == "-" || $0 == "–" }).map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count == 2, let from = clockSeconds(parts[0]), let to = clockSeconds(parts[1]), from != to else {
                    throw node.error("'\(node.keyPath)' must be on, off, a range such as 22:00-07:00, or {from: \"22:00\", to: \"07:00\"}")
                }
                return QuietHours(from: from, to: to)
            }
        }
        let mapping = try node.mapping()
        func time(_ key: String, default value: Int) throws -> Int {
            guard let child = mapping.take(key) else { return value }
            let text = try child.string()
            guard let seconds = clockSeconds(text) else { throw child.error("'\(child.keyPath)' must be a time of day such as 22:00, not '\(text)'") }
            return seconds
        }
        let enabled = try mapping.read("enabled", as: Bool.self) ?? true
        let hours = QuietHours(from: try time("from", default: standard.from), to: try time("to", default: standard.to))
        try mapping.finish()
        guard hours.from != hours.to else { throw node.error("'\(node.keyPath)': from and to must differ") }
        return enabled ? hours : nil
    }

    /// `22:00` or `7:30` → seconds after midnight.
    static func clockSeconds(_ text: String) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let hours = Int(parts[0]), let minutes = Int(parts[1]), parts[1].count == 2,
              (0...24).contains(hours), (0...59).contains(minutes), hours * 60 + minutes <= 24 * 60 else { return nil }
        return (hours * 60 + minutes) * 60 % 86_400
    }

    /// The zones a draft's audience lives in: those of its regions, else the draft's own zone.
    public static func zones(regions: [Region], draftZone: TimeZone?) -> [TimeZone] {
        var zones: [TimeZone] = []
        var seen: Set<String> = []
        for region in regions where !region.isGlobal {
            for zone in RegionZones.zones(for: region) where seen.insert(zone.identifier).inserted { zones.append(zone) }
        }
        if zones.isEmpty, let draftZone { zones = [draftZone] }
        return zones
    }
}
