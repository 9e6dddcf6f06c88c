import Foundation

/// Reads the GDACS RSS feed (Global Disaster Alert and Coordination System, European Commission
/// JRC and UN OCHA; "Copyright European Union. Syndication allowed, provided the source is
/// acknowledged."). The `gdacs:` namespace has no published schema; this follows the 2016, 2019
/// and 2024 feeds in the fixtures.
///
/// - **Identity**: `gdacs:<eventtype><eventid>` (`gdacs:TC1001131`); each episode of the same event
///   replaces the last under that id. Items missing `eventtype`/`eventid` take them from the
///   `guid` (`TC1000643`).
/// - **Kind**: `gdacs:eventtype` EQ earthquake, TC hurricane (tropical cyclone), FL flood, VO
///   volcano, DR drought, WF wildfire, TS tsunami; anything else `other` with a note.
/// - **Severity**: `gdacs:alertlevel` (the event's, not `episodealertlevel`) Red extreme, Orange
///   severe, Green minor; without it the digit of `dc:subject` (`EQ3` is red).
/// - **Time**: `gdacs:fromdate` to `gdacs:todate` (RFC 822, GMT); an earthquake or eruption is an
///   instant. `iscurrent=false` is kept as a note: the event still happened then.
/// - **Regions**: `gdacs:iso3` plus every country named in `gdacs:country` (matched longest name
///   first, so "Virgin Islands, British" stays one country); else `geo:Point`/`georss:point`;
///   else `gdacs:bbox` (`lonmin lonmax latmin latmax`, longitudes past ±180 normalised).
public struct GDACSImporter: FeedImporter {
    public static let name = "gdacs"

    public init() {}

    public static func accepts(path: String, head: ArraySlice<UInt8>) -> Bool {
        XMLSniffer.rootName(head) == "rss" && XMLSniffer.mentions(head, FeedNamespace.gdacs)
    }

    public func read(_ source: SourceText, options: ImportOptions) -> ImportResult {
        FeedItems.read(source) { item, problems in event(for: item, source: source, options: options, problems: &problems) }
    }

    private func event(for item: SyndicationItem, source: SourceText, options: ImportOptions, problems: inout [InputProblem]) -> Event? {
        let element = item.element
        let at = element.range.lowerBound..<(element.range.lowerBound + 1)
        func gdacs(_ name: String) -> String? { element.childText(name, in: [FeedNamespace.gdacs]) }

        // Identity, from the gdacs fields or the guid ("TC1000643").
        let guid = item.id ?? ""
        let guidType = String(guid.prefix { $0.isLetter })
        let guidNumber = String(guid.dropFirst(guidType.count).prefix { $0.isNumber })
        guard let type = gdacs("eventtype") ?? (guidType.isEmpty ? nil : guidType),
              let number = gdacs("eventid") ?? (guidNumber.isEmpty ? nil : guidNumber) else {
            problems.append(InputProblem(Message.noIdentity, at: at))
            return nil
        }
        var notes: [String] = []
        if gdacs("eventtype") == nil || gdacs("eventid") == nil { notes.append("event type and id read from the guid '\(guid)'") }
        let episode = gdacs("episodeid")

        let vocabulary = FeedVocabulary.shared
        let kind = vocabulary.gdacs[type.uppercased()] ?? .other
        if vocabulary.gdacs[type.uppercased()] == nil { notes.append("kind not recognised: GDACS event type '\(type)', imported as other") }

        let subject = element.childText("subject", in: [FeedNamespace.dc])
        let level = gdacs("alertlevel") ?? subject.flatMap { subject in
            subject.last.flatMap { ["1": "Green", "2": "Orange", "3": "Red"][String($0)] }
        }
        let severity: EventSeverity
        switch level?.lowercased() {
        case "red": severity = .extreme
        case "orange": severity = .severe
        case "green": severity = .minor
        default:
            severity = .moderate
            notes.append("no alert level; read as moderate")
        }
        if gdacs("alertlevel") == nil, level != nil { notes.append("alert level read from dc:subject '\(subject ?? "")'") }

        // Time.
        let fromField = element.child("fromdate", in: [FeedNamespace.gdacs]).flatMap(field) ?? item.published
        guard let fromField else {
            problems.append(InputProblem(Message.noDate, at: at, severity: .warning))
            return nil
        }
        guard let from = FeedDates.rfc822(fromField.text) else {
            problems.append(InputProblem(Message.badDate(fromField.text), at: fromField.range))
            return nil
        }
        var to: Date?
        if let toField = element.child("todate", in: [FeedNamespace.gdacs]).flatMap(field) {
            to = FeedDates.rfc822(toField.text)?.date
            if to == nil { problems.append(InputProblem(Message.badDate(toField.text), at: toField.range, severity: .warning)) }
        }
        if gdacs("iscurrent")?.lowercased() == "false" { notes.append("GDACS no longer lists this event as current") }

        // Place.
        var evidence = PlaceEvidence()
        if let code = gdacs("iso3"), let country = Region.country(alpha3: code) { evidence.codes.append((country, "iso3 \(code)")) }
        let countryText = gdacs("country") ?? ""
        for region in PlaceNames.shared.regions(in: countryText) where !evidence.codes.contains(where: { $0.region == region }) {
            evidence.codes.append((region, "country '\(countryText.prefix(30))'"))
        }
        evidence.shapes = item.shapes
        if evidence.shapes.isEmpty, let box = element.child("bbox", in: [FeedNamespace.gdacs]) {
            let numbers = box.trimmedText.split(whereSeparator: \.isWhitespace).compactMap { Double($0) }
            if numbers.count == 4 {
                evidence.shapes.append((.box(south: numbers[2], west: numbers[0], north: numbers[3], east: numbers[1]), box.range))
                notes.append("placed by the bounding box only")
            }
        }
        let placement = PlaceFinder.place(evidence, defaults: options.defaultRegions, source: source)
        problems += placement.problems
        guard !placement.regions.isEmpty else {
            problems.append(InputProblem(PlaceFinder.Message.noRegion, at: at, severity: .warning))
            return nil
        }
        notes += placement.notes
        if let episode { notes.append("episode \(episode)" + (gdacs("version").map { ", version \($0)" } ?? "")) }

        let span = SensitivityPolicy.span(start: from.date, end: to, kind: kind, severity: severity)
        let names = GDACSImporter.keywords(name: gdacs("eventname"), kind: kind, countries: countryText)
        let title = item.title.map { FeedText.clip(FeedText.firstSentence($0), 160) } ?? "\(level ?? "") \(type) \(number)"
        return Event(id: "gdacs:\(type)\(number)", title: title, kind: kind, sourceKind: type, severity: severity,
                     regions: placement.regions, start: from.date, end: span.end, timeZone: TimeZone(identifier: "UTC"), grace: span.grace,
                     keywords: names.keywords, hashtags: names.hashtags,
                     source: EventSource(kind: options.sourceKind, location: source.path, itemID: "\(type)\(number)" + (episode.map { "/\($0)" } ?? ""),
                                         line: source.position(of: element.range.lowerBound).line),
                     url: item.link, summary: item.summary.map { FeedText.clip($0, 500) }, notes: notes)
    }

    private func field(_ element: XMLTree.Element) -> FeedField? {
        let text = element.trimmedText
        return text.isEmpty ? nil : FeedField(text: text, range: element.range)
    }

    /// Names people use for the event: a cyclone's name ("CHIDO-25" is Chido), a volcano's name,
    /// and "<country> earthquake" / "<country> floods" for a single-country quake or flood.
    static func keywords(name: String?, kind: EventKind, countries: String) -> (keywords: [String], hashtags: [String]) {
        var keywords: [String] = []
        var hashtags: [String] = []
        let base = (name ?? "").split(separator: "-").first.map(String.init)?.trimmingCharacters(in: .whitespaces) ?? ""
        if !base.isEmpty, base.allSatisfy({ $0.isLetter }) {
            let proper = base.prefix(1).uppercased() + base.dropFirst().lowercased()
            switch kind {
            case .hurricane, .tropicalStorm:
                keywords = [proper] + ["Cyclone", "Hurricane", "Typhoon", "Tropical Storm"].map { "\($0) \(proper)" }
                hashtags = [proper, "Cyclone\(proper)", "Hurricane\(proper)", "Typhoon\(proper)"]
            case .volcano:
                keywords = [proper, "\(proper) eruption"]
                hashtags = [proper]
            default:
                break
            }
        }
        let country = countries.trimmingCharacters(in: .whitespaces)
        // Not from a list, an "[unknown]", or double-encoded text ("TÃ¼rkiye").
        if !country.isEmpty, !country.contains(","), !country.hasPrefix("["), !country.contains("Ã"), !country.contains("Â") {
            switch kind {
            case .earthquake: keywords.append("\(country) earthquake")
            case .flood: keywords += ["\(country) floods", "\(country) flooding"]
            default: break
            }
        }
        return (keywords, hashtags)
    }

    enum Message {
        static let noIdentity = "GDACS item without gdacs:eventtype and gdacs:eventid (nor a guid such as TC1000643); not imported"
        static let noDate = "GDACS item without gdacs:fromdate or pubDate; not imported"
        static func badDate(_ text: String) -> String { "date '\(text.prefix(40))' is not RFC 822 (Sun, 29 Dec 2019 12:00:00 GMT)" }
    }
}
