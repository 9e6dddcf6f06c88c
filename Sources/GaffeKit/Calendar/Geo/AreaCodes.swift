import Foundation

/// Area codes feeds use instead of ISO 3166, mapped to regions from the embedded
/// `lexicons/geo/codes.tsv`:
///
/// - **SAME / FIPS6** `PSSCCC` (NWS, IPAWS, EAS): `SS` is the state FIPS code, so `006037` (Los
///   Angeles County) is `US-CA`. Five-digit `SSCCC` and two-digit `SS` forms work too.
/// - **UGC** `SSCNNN` (county) or `SSZNNN` (forecast zone): the first two letters are the state's
///   postal code, which is its ISO 3166-2:US code, so `NVC013` is `US-NV`. Marine zones (`AMZ`,
///   `GMZ`, `PKZ`…) start with letters that are not a state and give no region. Text-product
///   lines with ranges (`AKZ185-187-021236-`) are expanded by `ugcCodes(in:)`.
/// - **CAP-CP location** (Statistics Canada SGC): the first two digits are the province.
///
/// US territories have both an ISO 3166-1 code and an ISO 3166-2:US code; `withTerritoryCodes`
/// gives both, so an audience in `US` and one in `PR` both overlap a Puerto Rico alert.
public enum AreaCodes {
    static let table: [String: [String: Region]] = {
        var table: [String: [String: Region]] = [:]
        for line in (EmbeddedResources.files["geo/codes.tsv"] ?? "").split(separator: "\n") where !line.hasPrefix("#") {
            let columns = line.split(separator: "\t").map(String.init)
            guard columns.count == 3, let region = Region(code: columns[2]) else { continue }
            table[columns[0], default: [:]][columns[1]] = region
        }
        return table
    }()

    /// ISO 3166-1 codes of US territories and their ISO 3166-2:US twins.
    static let territories = ["PR": "US-PR", "GU": "US-GU", "VI": "US-VI", "AS": "US-AS", "MP": "US-MP", "UM": "US-UM"]

    /// The region of a SAME/FIPS code (`006037`, `06037`, `06`), or nil.
    public static func region(fips raw: String) -> Region? {
        let code = raw.trimmingCharacters(in: .whitespaces)
        guard code.allSatisfy(\.isASCII), code.allSatisfy(\.isNumber) else { return nil }
        let state: Substring
        switch code.count {
        case 6: state = code.dropFirst().prefix(2)
        case 5, 2: state = code.prefix(2)
        default: return nil
        }
        return table["fips"]?[String(state)]
    }

    /// The state of a UGC code (`NVC013`, `AKZ185`), or nil for marine zones and malformed codes.
    public static func region(ugc raw: String) -> Region? {
        let code = raw.trimmingCharacters(in: .whitespaces).uppercased()
        let characters = Array(code)
        guard characters.count == 6, characters[0].isLetter, characters[1].isLetter, characters[2] == "C" || characters[2] == "Z",
              characters[3...].allSatisfy(\.isNumber) else { return nil }
        return Region(code: "US-" + String(characters[0...1]))
    }

    /// The province of a CAP-CP / SGC location code (`1004001` is in `CA-NL`).
    public static func region(sgc raw: String) -> Region? {
        let code = raw.trimmingCharacters(in: .whitespaces)
        guard code.count >= 2, code.allSatisfy(\.isNumber) else { return nil }
        return table["sgc"]?[String(code.prefix(2))]
    }

    /// The UGC codes in a text-product UGC line: `AKZ185-187-021236-` is `AKZ185`, `AKZ187`
    /// (a trailing six-digit group is the expiry time); `ORZ001>006` is a range.
    public static func ugcCodes(in line: String) -> [String] {
        var codes: [String] = []
        var prefix = ""
        for group in line.split(whereSeparator: { $0 == "-" || $0.isWhitespace }) {
            var text = String(group).uppercased()
            // "ORZ001>006": the code sets the prefix, the rest is a range in it.
            if text.count > 6, text.dropFirst(6).first == ">", let first = ugcCodes(in: String(text.prefix(6))).first {
                prefix = String(first.prefix(3))
                text = String(text.dropFirst(3))
            }
            if text.count == 6, text.prefix(2).allSatisfy(\.isLetter), text.dropFirst(2).first == "C" || text.dropFirst(2).first == "Z",
               let number = Int(text.suffix(3)) {
                prefix = String(text.prefix(3))
                codes.append(prefix + number.zeroPadded(3))
            } else if !prefix.isEmpty, let arrow = text.firstIndex(of: ">"), let from = Int(text[..<arrow]), let to = Int(text[text.index(after: arrow)...]),
                      from <= to, to - from < 1000 {
                codes += (from...to).map { prefix + $0.zeroPadded(3) }
            } else if !prefix.isEmpty, text.count == 3, let number = Int(text) {
                codes.append(prefix + number.zeroPadded(3))
            }
        }
        return codes
    }

    /// Whether a region is a US territory (either of its codes).
    static func isTerritory(_ region: Region) -> Bool {
        territories[region.code] != nil || territories.values.contains(region.code)
    }

    /// The regions with each US territory given under both its codes.
    public static func withTerritoryCodes(_ regions: [Region]) -> [Region] {
        var result: [Region] = []
        func add(_ region: Region) { if !result.contains(region) { result.append(region) } }
        for region in regions {
            add(region)
            if let twin = territories[region.code], let subdivision = Region(code: twin) {
                add(subdivision)
            } else if let country = territories.first(where: { $0.value == region.code })?.key, let twin = Region(code: country) {
                add(twin)
            }
        }
        return result
    }
}
