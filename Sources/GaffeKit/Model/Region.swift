import Foundation

/// An audience region: an ISO 3166-1 alpha-2 country (`US`), an ISO 3166-2 subdivision (`US-NY`),
/// or the whole world (`GLOBAL`).
public struct Region: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    /// The upper-case code: `US`, `US-NY`, `GB-SCT`, or `GLOBAL`.
    public let code: String

    public static let global = Region(uncheckedCode: "GLOBAL")

    init(uncheckedCode: String) {
        code = uncheckedCode
    }

    /// Parses a code against the ISO 3166 tables; `nil` for an unknown code.
    public init?(code raw: String) {
        let code = raw.trimmingSpaces.uppercased()
        if code == "GLOBAL" || code == "WORLD" || code == "*" {
            self = .global
            return
        }
        guard RegionTable.shared.entries[code] != nil else { return nil }
        self.code = code
    }

    public var isGlobal: Bool { code == "GLOBAL" }

    /// The country part: `US` for `US-NY`; `nil` for `GLOBAL`.
    public var country: String? {
        isGlobal ? nil : String(code.prefix(while: { $0 != "-" }))
    }

    /// The enclosing regions, nearest first: `GB-SCT` for `GB-ABD`, then `GB`.
    public var ancestors: [Region] {
        var result: [Region] = []
        var current = RegionTable.shared.entries[code]?.parent
        while let parent = current, !parent.isEmpty {
            result.append(Region(uncheckedCode: parent))
            current = RegionTable.shared.entries[parent]?.parent
        }
        if let country, country != code, !result.contains(Region(uncheckedCode: country)) {
            result.append(Region(uncheckedCode: country))
        }
        return result
    }

    /// The English name from ISO 3166.
    public var name: String {
        isGlobal ? "worldwide" : RegionTable.shared.entries[code]?.name ?? code
    }

    /// Whether an audience in `self` is also in `other` or the other way round: `US-NY` overlaps
    /// `US`, `US` overlaps `US-NY`, and `GLOBAL` overlaps everything.
    public func overlaps(_ other: Region) -> Bool {
        if isGlobal || other.isGlobal || self == other { return true }
        // Regions of different countries never overlap; a country holds its subdivisions.
        let mine = code.utf8
        let theirs = other.code.utf8
        guard mine.count >= 2, theirs.count >= 2, mine.prefix(2).elementsEqual(theirs.prefix(2)) else { return false }
        if mine.count == 2 || theirs.count == 2 { return true }
        // Two subdivisions of one country: one may contain the other (GB-SCT holds GB-ABD).
        return ancestors.contains(other) || other.ancestors.contains(self)
    }

    /// The country with an ISO 3166-1 alpha-3 code (`USA`), as GDACS and others write them.
    public static func country(alpha3: String) -> Region? {
        RegionTable.shared.byAlpha3[alpha3.uppercased()].map(Region.init(uncheckedCode:))
    }

    public static func < (lhs: Region, rhs: Region) -> Bool { lhs.code < rhs.code }

    public var description: String { code }

    public init(from decoder: Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        guard let region = Region(code: raw) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown region \(raw)"))
        }
        self = region
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(code)
    }
}

/// The ISO 3166 tables, read once from the embedded `lexicons/regions.tsv`.
final class RegionTable: Sendable {
    struct Entry: Sendable {
        let name: String
        let parent: String
        let isCountry: Bool
    }

    static let shared = RegionTable(tsv: EmbeddedResources.files["regions.tsv"] ?? "")

    let entries: [String: Entry]
    let byAlpha3: [String: String]

    init(tsv: String) {
        var entries: [String: Entry] = [:]
        var byAlpha3: [String: String] = [:]
        entries.reserveCapacity(5400)
        for line in tsv.split(separator: "\n") where !line.hasPrefix("#") {
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard columns.count >= 5 else { continue }
            let code = String(columns[0])
            let isCountry = columns[1] == "country"
            entries[code] = Entry(name: String(columns[4]), parent: String(columns[3]), isCountry: isCountry)
            if isCountry { byAlpha3[String(columns[2])] = code }
        }
        self.entries = entries
        self.byAlpha3 = byAlpha3
    }
}
