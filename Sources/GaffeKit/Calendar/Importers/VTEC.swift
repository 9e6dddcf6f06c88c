import Foundation

/// A primary VTEC string (NWS Directive 10-1703) such as
/// `/O.CON.KTFX.FF.A.0003.000000T0000Z-100830T1800Z/`: product class, action, office,
/// phenomenon, significance, event number, and the hazard's begin and end in UTC.
///
/// `000000T0000Z` means "already in effect" as a begin and "until further notice" as an end;
/// both read as nil. Hydrologic VTEC lines (`/00000.0.SM.…/`) are not primary VTEC and are skipped.
struct VTEC: Sendable, Hashable {
    var action: String
    var office: String
    var phenomenon: String
    /// `W` warning, `A` watch, `Y` advisory, `S` statement.
    var significance: String
    var eventNumber: String
    var begin: Date?
    var end: Date?

    /// Whether the action ends the hazard (`CAN` cancelled, `EXP` expired).
    var isEnding: Bool { action == "CAN" || action == "EXP" }

    /// Every primary VTEC string in a parameter value (NWS splits them over lines).
    static func all(in text: String) -> [VTEC] {
        text.split { $0.isWhitespace }.compactMap { VTEC(String($0)) }
    }

    init?(_ raw: String) {
        let parts = raw.trimmingCharacters(in: CharacterSet(charactersIn: "/ ")).split(separator: ".").map(String.init)
        guard parts.count == 7, ["O", "T", "E", "X"].contains(parts[0]), parts[3].count == 2, parts[4].count == 1 else { return nil }
        action = parts[1]
        office = parts[2]
        phenomenon = parts[3]
        significance = parts[4]
        eventNumber = parts[5]
        let times = parts[6].split(separator: "-")
        guard times.count == 2 else { return nil }
        begin = FeedDates.vtec(String(times[0]))
        end = FeedDates.vtec(String(times[1]))
    }
}

/// NWS conventions shared by the CAP importer (NWS and IPAWS CAP, the legacy CAP Atom index) and
/// the NWS GeoJSON importer.
enum NWSProducts {
    /// Whether a message comes from the NWS: a VTEC string, or an NWS/NOAA sender.
    static func isNWS(sender: String?, vtec: [VTEC]) -> Bool {
        if !vtec.isEmpty { return true }
        let sender = (sender ?? "").lowercased()
        return sender.contains("noaa.gov") || sender.contains("weather.gov") || sender.hasSuffix("@nws.noaa.gov")
    }

    /// The highest severity an NWS product of this significance may have: a watch means "possible",
    /// an advisory or statement "be aware"; warnings and emergencies keep the feed's severity.
    static func ceiling(event: String?, vtec: [VTEC]) -> EventSeverity {
        let name = (event ?? "").lowercased()
        if FeedVocabulary.shared.lowSignal.contains(name) { return .info }
        if name.hasSuffix("warning") || name.hasSuffix("emergency") { return .extreme }
        if name.hasSuffix("watch") { return .moderate }
        if name.hasSuffix("advisory") || name.hasSuffix("statement") || name.hasSuffix("outlook") { return .minor }
        switch vtec.first?.significance {
        case "A": return .moderate
        case "Y", "S": return .minor
        default: return .extreme
        }
    }
}
