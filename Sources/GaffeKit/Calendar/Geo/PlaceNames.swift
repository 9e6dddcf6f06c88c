import Foundation

/// Finds country and US-state names in free text: GDACS `gdacs:country` lists, USGS `place`, CAP
/// `areaDesc`, news headlines. The fallback when a feed item has no code and no coordinates.
///
/// Names are every ISO 3166-1 English country name and every US state name from
/// `lexicons/regions.tsv` (except "Georgia", which is also a country), plus the aliases in
/// `lexicons/geo/place-names.tsv` ("Russia", "Türkiye", "Washington D.C.", "U.S."); an alias may
/// name several regions (GDACS's "Miscellaneous (French) Indian Ocean Islands"). Matching is on
/// whole words, case- and accent-insensitive, longest name first, so a list such as
/// "Virgin Islands, British, Virgin Islands, U.S." finds both, which splitting on commas cannot.
public final class PlaceNames: Sendable {
    public static let shared = PlaceNames(regions: RegionTable.shared, aliases: EmbeddedResources.files["geo/place-names.tsv"] ?? "")

    /// Names by their first word: each name's words and regions, longest name first.
    private let names: [String: [(words: [String], regions: [Region])]]

    init(regions: RegionTable, aliases: String) {
        var names: [String: [Region]] = [:]
        func add(_ name: String, _ codes: String) {
            let regions = codes.split(separator: " ").compactMap { Region(code: String($0)) }
            let key = PlaceNames.words(in: name).joined(separator: " ")
            if !key.isEmpty, !regions.isEmpty, names[key] == nil { names[key] = regions }
        }
        for line in aliases.split(separator: "\n") where !line.hasPrefix("#") {
            let columns = line.split(separator: "\t").map(String.init)
            if columns.count == 2 { add(columns[0], columns[1]) }
        }
        // Countries before US subdivisions, so a territory's shared name ("Virgin Islands, U.S.")
        // is the country, whose subdivision twin `withTerritoryCodes` adds.
        for (code, entry) in regions.entries.sorted(by: { $0.key < $1.key }) where entry.isCountry {
            add(entry.name, code)
        }
        for (code, entry) in regions.entries.sorted(by: { $0.key < $1.key }) where code.hasPrefix("US-") && entry.name != "Georgia" {
            add(entry.name, code)
        }
        var index: [String: [(words: [String], regions: [Region])]] = [:]
        for (key, regions) in names {
            let words = key.split(separator: " ").map(String.init)
            index[words[0], default: []].append((words, regions))
        }
        self.names = index.mapValues { $0.sorted { ($0.words.count, $0.words.joined()) > ($1.words.count, $1.words.joined()) } }
    }

    /// The regions named in a text, in order of first mention, without repeats.
    public func regions(in text: String) -> [Region] {
        let words = PlaceNames.words(in: text)
        var result: [Region] = []
        var index = 0
        while index < words.count {
            var matched = 0
            for candidate in names[words[index]] ?? [] where index + candidate.words.count <= words.count
                && words[index..<(index + candidate.words.count)].elementsEqual(candidate.words) {
                for region in candidate.regions where !result.contains(region) { result.append(region) }
                matched = candidate.words.count
                break
            }
            index += max(matched, 1)
        }
        return AreaCodes.withTerritoryCodes(result)
    }

    /// Lower-cased, accent-folded words (letters and digits) of a text.
    static func words(in text: String) -> [String] {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: Locale(identifier: "en_US_POSIX"))
        return folded.split { !($0.isLetter || $0.isNumber) }.map(String.init)
    }
}
