import Foundation

/// Reads the USGS earthquake summary feeds: GeoJSON (`…/summary/significant_month.geojson`, the
/// one to prefer) and Atom (`…/summary/2.5_day.atom`, and the older single-line 2014 format).
/// USGS CAP is CAP and is read by `CAPImporter`.
///
/// - **Identity**: `usgs:<id>` (`usgs:us6000len8`); an event known under several network ids
///   (`ids: ",ew1696818070,uw61965081,us6000le56,"`) lists the others in `superseded`.
///   `status: deleted` cancels the event.
/// - **Kind**: earthquake; other seismic `type`s (quarry blast, explosion, ice quake) are not
///   disasters and are passed over.
/// - **Severity**: the PAGER `alert` (red extreme, orange severe, yellow moderate, green minor),
///   else the magnitude (`EarthquakeScale`). The `tsunami` flag is only noted: USGS sets it for
///   large oceanic quakes, and it does not mean a tsunami happened.
/// - **Time**: the origin time (GeoJSON `time` in epoch milliseconds; Atom `dc:date`, else the
///   `Time` in the HTML summary, never `updated`, which is the last revision). An instant:
///   `SensitivityPolicy` gives the window.
/// - **Regions**: the epicentre by `GeoBoundaries` (offshore within 300 km: the nearest region),
///   else the place text ("191 km N of Hirara, Japan").
public struct USGSImporter: FeedImporter {
    public static let name = "usgs"

    public init() {}

    public static func accepts(path: String, head: ArraySlice<UInt8>) -> Bool {
        guard XMLSniffer.mentions(head, "earthquake.usgs.gov") || XMLSniffer.mentions(head, "earthquake-usgs-gov") else { return false }
        return XMLSniffer.startsLikeJSON(head) || XMLSniffer.rootName(head) == "feed"
    }

    public func read(_ source: SourceText, options: ImportOptions) -> ImportResult {
        XMLSniffer.startsLikeJSON(source.bytes) ? readGeoJSON(source, options: options) : readAtom(source, options: options)
    }

    // MARK: - GeoJSON

    private func readGeoJSON(_ source: SourceText, options: ImportOptions) -> ImportResult {
        var result = ImportResult()
        guard let root = JSONTree.parse(source, problems: &result.problems) else { return result }
        let features = root["features"]?.array ?? (root["properties"] != nil ? [root] : [])
        var seen: Set<String> = []
        for feature in features {
            let at = feature.range.lowerBound..<(feature.range.lowerBound + 1)
            guard let properties = feature["properties"], let id = feature["id"]?.string ?? properties["code"]?.string else {
                result.problems.append(InputProblem(Message.noIdentity, at: at))
                continue
            }
            let eventID = "usgs:\(id)"
            if properties["status"]?.string == "deleted" {
                result.cancelled.append(eventID)
                if let updated = properties["updated"]?.number { result.cancelledAt[eventID] = Date(timeIntervalSince1970: updated / 1000) }
                continue
            }
            if let type = properties["type"]?.string, type != "earthquake" { continue }
            guard let milliseconds = properties["time"]?.number else {
                let range = properties["time"]?.range ?? at
                result.problems.append(InputProblem(Message.noTime(id), at: range))
                continue
            }
            guard seen.insert(eventID).inserted else {
                result.problems.append(InputProblem(Message.duplicate(id), at: at, severity: .info))
                continue
            }
            let magnitude = properties["mag"]?.number
            var notes: [String] = []
            let severity = USGSImporter.severity(pager: properties["alert"]?.string, magnitude: magnitude, notes: &notes)
            if properties["tsunami"]?.number == 1 { notes.append("USGS tsunami flag set: a large oceanic quake, not a tsunami report") }
            let place = properties["place"]?.string ?? ""
            var evidence = PlaceEvidence()
            evidence.shapes = GeoJSON.shapes(feature["geometry"]).map { ($0, feature["geometry"]?.range ?? at) }
            evidence.names = place.isEmpty ? [] : [(place, properties["place"]?.range ?? at)]
            guard let event = makeEvent(id: eventID, itemID: id, title: properties["title"]?.string ?? "M \(magnitude.map { String($0) } ?? "?") - \(place)",
                                        place: place, time: Date(timeIntervalSince1970: milliseconds / 1000), severity: severity,
                                        evidence: evidence, notes: notes, url: properties["url"]?.string, at: at, source: source,
                                        options: options, problems: &result.problems) else { continue }
            result.events.append(event)
            let others = (properties["ids"]?.string ?? "").split(separator: ",").map { "usgs:\($0)" }
            for other in others where other != eventID && !result.superseded.contains(other) { result.superseded.append(other) }
        }
        result.problems.sort { $0.range.lowerBound < $1.range.lowerBound }
        return result
    }

    // MARK: - Atom

    private func readAtom(_ source: SourceText, options: ImportOptions) -> ImportResult {
        FeedItems.read(source) { item, problems in
            let at = item.element.range.lowerBound..<(item.element.range.lowerBound + 1)
            // urn:earthquake-usgs-gov:us:6000kr8m is us6000kr8m, the GeoJSON id.
            let parts = (item.id ?? "").split(separator: ":")
            guard parts.count >= 2 else {
                problems.append(InputProblem(Message.noIdentity, at: at))
                return nil
            }
            let id = parts.count >= 4 ? parts.suffix(2).joined() : String(parts.last!)
            var notes: [String] = []
            let title = item.title ?? ""
            let (magnitude, place) = USGSImporter.titleParts(title)
            var time: Date?
            if let field = item.dcDate {
                time = FeedDates.iso(field.text)?.date
                if time == nil { problems.append(InputProblem(Message.badTime(field.text), at: field.range)) }
            } else if let summary = item.rawSummary, let origin = USGSImporter.summaryTime(summary) {
                time = origin
                notes.append("origin time read from the HTML summary (the GeoJSON feed gives it directly)")
            }
            if time == nil, let updated = item.updated, let stamp = FeedDates.iso(updated.text) {
                time = stamp.date
                problems.append(InputProblem(Message.updatedOnly, at: updated.range, severity: .warning))
            }
            guard let time else {
                problems.append(InputProblem(Message.noTime(id), at: at))
                return nil
            }
            let severity = USGSImporter.severity(pager: nil, magnitude: magnitude, notes: &notes)
            var evidence = PlaceEvidence()
            evidence.shapes = item.shapes
            evidence.names = place.isEmpty ? [] : [(place, item.element.range)]
            return makeEvent(id: "usgs:\(id)", itemID: id, title: title, place: place, time: time, severity: severity, evidence: evidence,
                             notes: notes, url: item.link, at: at, source: source, options: options, problems: &problems)
        }
    }

    // MARK: - Shared

    private func makeEvent(id: String, itemID: String, title: String, place: String, time: Date, severity: EventSeverity, evidence: PlaceEvidence,
                           notes: [String], url: String?, at: Range<Int>, source: SourceText, options: ImportOptions,
                           problems: inout [InputProblem]) -> Event? {
        let placement = PlaceFinder.place(evidence, defaults: options.defaultRegions, source: source)
        problems += placement.problems
        guard !placement.regions.isEmpty else {
            problems.append(InputProblem(PlaceFinder.Message.noRegion, at: at, severity: .warning))
            return nil
        }
        let span = SensitivityPolicy.span(start: time, end: nil, kind: .earthquake, severity: severity)
        return Event(id: id, title: title, kind: .earthquake, sourceKind: "earthquake", severity: severity, regions: placement.regions,
                     start: time, end: span.end,
                     timeZone: TimeZone(identifier: "UTC"), grace: span.grace, keywords: USGSImporter.keywords(place: place),
                     source: EventSource(kind: options.sourceKind, location: source.path, itemID: itemID, line: source.position(of: at.lowerBound).line),
                     url: url, notes: notes + placement.notes)
    }

    /// PAGER level when there is one, else the magnitude.
    static func severity(pager: String?, magnitude: Double?, notes: inout [String]) -> EventSeverity {
        switch pager?.lowercased() {
        case "red": notes.append("PAGER red"); return .extreme
        case "orange": notes.append("PAGER orange"); return .severe
        case "yellow": notes.append("PAGER yellow"); return .moderate
        case "green": notes.append("PAGER green"); return .minor
        default:
            guard let magnitude else {
                notes.append("no PAGER level or magnitude; read as moderate")
                return .moderate
            }
            notes.append("severity from magnitude \(magnitude)")
            return EarthquakeScale.severity(magnitude: magnitude)
        }
    }

    /// "M 4.7 - 12 km ESE of Kishtwār, India" and the 2014 "M 4.9, 209km WSW of Ile Hunter, New Caledonia".
    static func titleParts(_ title: String) -> (magnitude: Double?, place: String) {
        guard title.hasPrefix("M ") else { return (nil, title) }
        let rest = title.dropFirst(2)
        let number = rest.prefix { $0.isNumber || $0 == "." }
        var place = rest.dropFirst(number.count)
        if place.hasPrefix(" - ") { place = place.dropFirst(3) } else if place.hasPrefix(", ") { place = place.dropFirst(2) }
        return (Double(number), place.trimmingCharacters(in: .whitespaces))
    }

    /// The origin time in the 2023 Atom summary: `<dt>Time</dt><dd>2023-07-10 00:08:53 UTC</dd>`.
    static func summaryTime(_ html: String) -> Date? {
        guard let label = html.range(of: "<dt>Time</dt>"), let open = html[label.upperBound...].range(of: "<dd>"),
              let close = html[open.upperBound...].range(of: "</dd>") else { return nil }
        return FeedDates.utcSuffixed(String(html[open.upperBound..<close.lowerBound]))
    }

    /// "Afghanistan earthquake" and "Herāt earthquake" from "35 km NNW of Herāt, Afghanistan".
    static func keywords(place: String) -> [String] {
        var keywords: [String] = []
        let components = place.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        if let last = components.last {
            var words = last.split(separator: " ").drop { $0.first?.isLowercase == true }
            if words.last == "region" { words = words.dropLast() }
            let area = words.joined(separator: " ")
            if !area.isEmpty, area.count > 2 { keywords.append("\(area) earthquake") }
        }
        if components.count > 1, let of = components[0].range(of: " of ") {
            let town = components[0][of.upperBound...].trimmingCharacters(in: .whitespaces)
            if !town.isEmpty { keywords.append("\(town) earthquake") }
        }
        return keywords
    }

    enum Message {
        static let noIdentity = "earthquake without an id; not imported"
        static func noTime(_ id: String) -> String { "earthquake \(id) has no origin time; not imported" }
        static func badTime(_ text: String) -> String { "time '\(text.prefix(40))' is not an ISO 8601 timestamp" }
        static func duplicate(_ id: String) -> String { "earthquake \(id) appears again in this feed; the first is kept" }
        static let updatedOnly = "no origin time (dc:date or the summary's Time); <updated> is the last revision, not the quake, but is all there is"
    }
}
