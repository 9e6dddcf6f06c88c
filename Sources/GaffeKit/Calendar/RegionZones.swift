import Foundation

/// The time zones each region keeps, from the embedded `lexicons/calendar/zones.tsv` (IANA
/// zone.tab, one zone per distinct offset pair; US states, Canadian provinces and Australian states
/// mapped by hand). A local day ("11 November") in a region lasts from midnight in its
/// easternmost zone to midnight in its westernmost.
public enum RegionZones {
    /// Zones for a region: its own entry, else its nearest listed ancestor's, else none (GLOBAL).
    public static func zones(for region: Region) -> [TimeZone] {
        if region.isGlobal { return [] }
        if let zones = table[region.code] { return zones }
        for ancestor in region.ancestors {
            if let zones = table[ancestor.code] { return zones }
        }
        return []
    }

    /// The earliest and latest clocks on Earth (UTC+14 in Kiribati, UTC−12 on Baker Island): the
    /// span of a local day "anywhere".
    static let worldExtremes: [TimeZone] = [TimeZone(secondsFromGMT: 14 * 3600)!, TimeZone(secondsFromGMT: -12 * 3600)!]

    /// The zones in which to read a local window for an audience in `regions`: every zone of
    /// every region, or the world's extremes when a region is global or unknown.
    public static func zones(for regions: [Region]) -> [TimeZone] {
        if regions.isEmpty || regions.contains(where: \.isGlobal) { return worldExtremes }
        var result: [TimeZone] = []
        var seen: Set<String> = []
        for region in regions {
            let zones = zones(for: region)
            if zones.isEmpty { return worldExtremes }
            for zone in zones where seen.insert(zone.identifier).inserted { result.append(zone) }
        }
        return result
    }

    /// The widest instants a local window covers across zones: from its start in the first zone
    /// to reach it to its end in the last.
    public static func widest(_ window: LocalWindow, in zones: [TimeZone]) -> DateInterval {
        let intervals = (zones.isEmpty ? worldExtremes : zones).map { window.interval(in: $0) }
        let start = intervals.map(\.start).min()!
        let end = intervals.map(\.end).max()!
        return DateInterval(start: start, end: max(start, end))
    }

    private static let table: [String: [TimeZone]] = {
        var table: [String: [TimeZone]] = [:]
        for line in (EmbeddedResources.files["calendar/zones.tsv"] ?? "").split(separator: "\n") where !line.hasPrefix("#") {
            let columns = line.split(separator: "\t")
            guard columns.count == 2 else { continue }
            let zones = columns[1].split(separator: " ").compactMap { TimeZone(identifier: String($0)) }
            if !zones.isEmpty { table[String(columns[0])] = zones }
        }
        return table
    }()

    /// A country named in free text (`LOCATION:Deventer, Netherlands`, `LOCATION:Russia`): the last
    /// comma-separated part, matched against ISO 3166 names and a few common short names.
    public static func country(namedIn text: String) -> Region? {
        guard let last = text.split(separator: ",").last?.trimmingCharacters(in: .whitespaces).lowercased(), !last.isEmpty else {
            return nil
        }
        return countriesByName[last].flatMap { Region(code: $0) }
    }

    private static let countriesByName: [String: String] = {
        var names: [String: String] = [
            "russia": "RU", "usa": "US", "united states": "US", "united states of america": "US", "uk": "GB",
            "united kingdom": "GB", "great britain": "GB", "england": "GB", "scotland": "GB", "wales": "GB",
            "south korea": "KR", "korea": "KR", "north korea": "KP", "iran": "IR", "syria": "SY", "vietnam": "VN",
            "bolivia": "BO", "venezuela": "VE", "tanzania": "TZ", "czech republic": "CZ", "taiwan": "TW", "moldova": "MD",
            "laos": "LA", "the netherlands": "NL", "holland": "NL", "turkey": "TR", "türkiye": "TR",
        ]
        for (code, entry) in RegionTable.shared.entries where entry.isCountry {
            names[entry.name.lowercased(), default: code] = code
        }
        return names
    }()
}
