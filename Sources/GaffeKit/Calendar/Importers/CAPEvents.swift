import Foundation

/// Turns CAP messages (from CAP XML, CAP fields in Atom entries, or NWS GeoJSON) into events,
/// cancellations and supersessions. One alert is one event, whatever its number of `<info>`
/// blocks: several infos are usually the same alert in several languages (en-CA and fr-CA), so
/// their areas are joined, the English text is the title when there is one, and the most severe
/// info decides kind and severity.
///
/// - **Identity**: `cap:<sender>,<identifier>`, the pair CAP `references` name.
/// - **Status**: only `Actual` is imported; `Exercise`, `Test`, `Draft` and `System` are
///   reported as skipped.
/// - **msgType**: `Alert` adds an event; `Update` adds one and lists every referenced alert in
///   `superseded`; `Cancel` adds none and lists the referenced alerts in `cancelled` (with the
///   Cancel's `sent` time in `cancelledAt`); `Ack` and `Error` are skipped.
/// - **Kind**: SAME event code, then VTEC phenomenon, then keywords in `event`, in other event
///   codes, in `headline`, then `category`; else `other` with a note.
/// - **Severity**: CAP `severity` (`Unknown` or empty reads as moderate, never below minor; a USGS
///   earthquake with `Unknown` uses its magnitude), one step lower when `certainty` is
///   `Unlikely`; NWS watches are at most moderate, advisories and statements at most minor,
///   low-signal products (Special Weather Statement…) info.
/// - **Time**: from `onset ?? effective ?? sent` to NWS `ends`, else the VTEC end, else `expires`
///   (capped at 7 days: `expires` is message validity), else open; an Update with urgency `Past`,
///   response `AllClear` or a VTEC `CAN`/`EXP` ends at its `sent` time. `SensitivityPolicy` adds
///   the grace.
/// - **Regions**: see `PlaceFinder`: geocodes (SAME/FIPS6, UGC, ISO 3166-2, CAP-CP), then
///   polygons and circles, then `areaDesc` names, then the feed's regions, then the sender's
///   country.
struct CAPEvents {
    let source: SourceText
    let options: ImportOptions
    let keywords: KeywordClassifier
    var result = ImportResult()
    private var seen: Set<String> = []

    static let maximumMessageSpan: TimeInterval = 7 * 86_400

    init(source: SourceText, options: ImportOptions) {
        self.source = source
        self.options = options
        keywords = FeedVocabulary.shared.keywords(with: options.keywordKinds)
    }

    private mutating func problem(_ message: String, at range: Range<Int>, _ severity: Severity = .error) {
        result.problems.append(InputProblem(message, at: range, severity: severity))
    }

    /// Adds one message's event, cancellation or supersession to `result`.
    mutating func add(_ message: CAPMessage) {
        let at = message.range.lowerBound..<min(message.range.lowerBound + 1, message.range.upperBound)
        guard let id = message.eventID else {
            problem(Message.noIdentity, at: at)
            return
        }
        let label = message.identifier?.text ?? id
        let status = message.status ?? "Actual"
        guard status.caseInsensitiveCompare("Actual") == .orderedSame else {
            problem(Message.notActual(label, status), at: at, .info)
            return
        }
        let type = (message.msgType ?? "Alert").lowercased()
        let sent = message.sent.flatMap { FeedDates.iso($0.text) }
        switch type {
        case "cancel":
            if let field = message.sent, sent == nil { problem(Message.badTime("sent", field.text), at: field.range, .warning) }
            if message.references.isEmpty { problem(Message.cancelWithoutReferences(label), at: at, .warning) }
            for reference in message.references where !result.cancelled.contains(reference.eventID) {
                result.cancelled.append(reference.eventID)
                if let sent { result.cancelledAt[reference.eventID] = sent.date }
            }
            return
        case "ack", "error":
            problem(Message.notImported(label, message.msgType ?? type), at: at, .info)
            return
        case "update":
            for reference in message.references where reference.eventID != id && !result.superseded.contains(reference.eventID) {
                result.superseded.append(reference.eventID)
            }
        default:
            break
        }
        guard !seen.contains(id) else {
            problem(Message.duplicate(label), at: at, .info)
            return
        }
        guard !message.infos.isEmpty else {
            problem(Message.noInfo(label), at: at, .warning)
            return
        }
        guard var event = event(for: message, id: id, sent: sent, isUpdate: type == "update") else { return }
        event.source = EventSource(kind: options.sourceKind, location: source.path, itemID: message.identifier?.text ?? message.fallbackID,
                                   line: source.position(of: message.range.lowerBound).line)
        seen.insert(id)
        result.events.append(event)
    }

    // MARK: - One event

    private mutating func event(for message: CAPMessage, id: String, sent: FeedDates.Stamp?, isUpdate: Bool) -> Event? {
        var notes: [String] = []
        let vtec = message.infos.flatMap { $0.parameters("VTEC") + $0.parameters("NWSVTEC") }.flatMap(VTEC.all)
        let isNWS = NWSProducts.isNWS(sender: message.sender?.text, vtec: vtec)

        // Kind and severity per info; the most severe info leads.
        var assessed: [(info: CAPMessage.Info, kind: EventKind, word: String, severity: EventSeverity, notes: [String])] = []
        for info in message.infos {
            let (kind, word, kindNote) = self.kind(of: info, vtec: vtec)
            let (severity, severityNotes) = self.severity(of: info, kind: kind, isNWS: isNWS, vtec: vtec)
            assessed.append((info, kind, word, severity, (kindNote.map { [$0] } ?? []) + severityNotes))
        }
        func isEnglish(_ info: CAPMessage.Info) -> Bool { info.language?.lowercased().hasPrefix("en") ?? true }
        let highest = assessed.map(\.severity).max() ?? .moderate
        let leading = assessed.filter { $0.severity == highest }
        let lead = leading.first { isEnglish($0.info) } ?? leading[0]
        notes += lead.notes
        let english = assessed.first { isEnglish($0.info) } ?? lead
        let languages = message.infos.compactMap(\.language)
        if Set(languages).count > 1 { notes.append("in \(languages.joined(separator: ", "))") }

        // Time.
        guard let window = window(for: message, sent: sent, vtec: vtec, isUpdate: isUpdate, notes: &notes) else { return nil }

        // Place.
        var evidence = PlaceEvidence()
        var unknownSchemes: [String] = []
        for info in message.infos {
            for area in info.areas {
                for (name, value) in area.geocodes {
                    let (regions, known) = CAPEvents.regions(geocode: name, value: value)
                    evidence.codes += regions.map { ($0, "\(name) \(value.prefix(20))") }
                    if !known, !unknownSchemes.contains(name) { unknownSchemes.append(name) }
                }
                evidence.shapes += area.shapes
                if let description = area.description { evidence.names.append((description.text, description.range)) }
            }
            for line in info.parameters("UGC") + info.parameters("NWSUGC") {
                evidence.codes += AreaCodes.ugcCodes(in: line).compactMap { code in AreaCodes.region(ugc: code).map { ($0, "UGC \(code)") } }
            }
        }
        evidence.sender = message.sender?.text
        var placement = PlaceFinder.place(evidence, defaults: options.defaultRegions, source: source)
        result.problems += placement.problems
        if placement.regions.isEmpty {
            problem(Message.noRegion(unknownSchemes), at: message.range.lowerBound..<(message.range.lowerBound + 1), .warning)
            return nil
        }
        placement.regions = CAPEvents.deduplicated(placement.regions)
        notes += placement.notes

        let span = SensitivityPolicy.span(start: window.start, end: window.end, kind: lead.kind, severity: lead.severity)
        let texts = assessed.flatMap { [$0.info.headline, $0.info.description, $0.info.event].compactMap { $0 } }
        let names = StormNames.find(in: texts)
        let title = english.info.headline ?? english.info.event ?? lead.word
        return Event(id: id, title: FeedText.clip(FeedText.plain(title), 160), kind: lead.kind, sourceKind: lead.word, severity: lead.severity,
                     regions: placement.regions, start: window.start, end: span.end, timeZone: window.zone, grace: span.grace,
                     keywords: names.keywords, hashtags: names.hashtags, source: EventSource(kind: options.sourceKind, location: source.path),
                     url: english.info.web, summary: english.info.description.map { FeedText.clip(FeedText.plain($0), 500) }, notes: notes)
    }

    /// The kind of one info, the source's word for it, and a note when it is `other`.
    private func kind(of info: CAPMessage.Info, vtec: [VTEC]) -> (EventKind, String, String?) {
        let vocabulary = FeedVocabulary.shared
        let word = info.event ?? info.categories.first ?? "alert"
        for code in info.eventCodes where ["SAME", "NATIONALWEATHERSERVICE"].contains(code.name.uppercased()) {
            if let kind = vocabulary.same[code.value.uppercased()] {
                return (kind, word, kind == .other ? Message.otherKind(word, detail: "SAME \(code.value)") : nil)
            }
        }
        if let phenomenon = vtec.first?.phenomenon, let kind = vocabulary.vtec[phenomenon] { return (kind, word, nil) }
        let texts = [info.event] + info.eventCodes.map(\.value) + [info.headline]
        for text in texts.compactMap({ $0 }) {
            if let match = keywords.classify(text) { return (match.kind, word, nil) }
        }
        for category in info.categories {
            if let kind = vocabulary.capCategories[category] {
                return (kind, word, kind == .other ? Message.otherKind(word, detail: "category \(category)") : nil)
            }
        }
        return (.other, word, Message.otherKind(word, detail: info.categories.first.map { "category \($0)" } ?? "no category"))
    }

    /// The severity of one info and notes on how it was read.
    private func severity(of info: CAPMessage.Info, kind: EventKind, isNWS: Bool, vtec: [VTEC]) -> (EventSeverity, [String]) {
        var notes: [String] = []
        var severity: EventSeverity
        switch (info.severity ?? "").lowercased() {
        case "extreme": severity = .extreme
        case "severe": severity = .severe
        case "moderate": severity = .moderate
        case "minor": severity = .minor
        default:
            severity = .moderate
            if kind == .earthquake, let magnitude = info.parameters("Magnitude").first.flatMap({ Double($0) }) {
                severity = EarthquakeScale.severity(magnitude: magnitude)
                notes.append("severity '\(info.severity ?? "")' read from magnitude \(magnitude)")
            } else if let given = info.severity, !given.isEmpty {
                notes.append("severity '\(given)' read as moderate")
            } else {
                notes.append("no severity given; read as moderate")
            }
        }
        if info.certainty?.lowercased() == "unlikely", let lower = EventSeverity.allCases.firstIndex(of: severity).map({ max($0 - 1, 1) }) {
            severity = EventSeverity.allCases[lower]
            notes.append("one step lower: certainty Unlikely")
        }
        if isNWS {
            let ceiling = NWSProducts.ceiling(event: info.event, vtec: vtec)
            if ceiling < severity {
                severity = ceiling
                notes.append("at most \(ceiling.rawValue) for an NWS \(info.event ?? "product")")
            }
        }
        return (severity, notes)
    }

    /// The hazard window: start, the feed's end (nil when open), and the zone it was written in.
    ///
    /// Times that are not timestamps are reported once per alert: with the start recovered from
    /// VTEC or the NWS `eventMotionDescription` time as a warning, without it as an error (and the
    /// alert is not imported).
    private mutating func window(for message: CAPMessage, sent: FeedDates.Stamp?, vtec: [VTEC], isUpdate: Bool,
                                 notes: inout [String]) -> (start: Date, end: Date?, zone: TimeZone?)? {
        var starts: [FeedDates.Stamp] = []
        var ends: [Date] = []
        var expiries: [Date] = []
        var allClear = false
        var unreadable: [(name: String, field: FeedField)] = []
        var fallbackStarts: [FeedDates.Stamp] = vtec.compactMap(\.begin).map { FeedDates.Stamp(date: $0, offsetSeconds: 0) }
        if let field = message.sent, sent == nil { unreadable.append(("sent", field)) }
        for info in message.infos {
            func read(_ field: FeedField?, _ name: String) -> FeedDates.Stamp? {
                guard let field else { return nil }
                guard let stamp = FeedDates.iso(field.text) else {
                    unreadable.append((name, field))
                    return nil
                }
                return stamp
            }
            let onset = read(info.onset, "onset"), effective = read(info.effective, "effective")
            if let start = onset ?? effective ?? sent { starts.append(start) }
            if let end = read(info.ends, "ends") { ends.append(end.date) }
            if let expires = read(info.expires, "expires") { expiries.append(expires.date) }
            // NWS: the event's end and the storm's observation time, which survive where the
            // header times do not.
            ends += info.parameters("eventEndingTime").compactMap { FeedDates.iso($0)?.date }
            fallbackStarts += info.parameters("eventMotionDescription").compactMap { description in
                description.components(separatedBy: "...").first.flatMap { FeedDates.iso($0) }
            }
            if info.urgency?.lowercased() == "past" || info.responseTypes.contains(where: { $0.lowercased() == "allclear" }) { allClear = true }
        }
        let fromHeader = starts.min { $0.date < $1.date }
        let start = fromHeader ?? fallbackStarts.min { $0.date < $1.date }
        if let first = unreadable.first {
            let listed = unreadable.prefix(3).map { "'\($0.name)' is '\($0.field.text.prefix(40))'" }.joined(separator: ", ")
            if start == nil {
                problem(Message.unreadableTimes(listed, recovered: false), at: first.field.range)
            } else if fromHeader == nil {
                problem(Message.unreadableTimes(listed, recovered: true), at: first.field.range, .warning)
            } else {
                problem(Message.unreadableTimes(listed, recovered: nil), at: first.field.range)
            }
        }
        guard let start else {
            if unreadable.isEmpty {
                problem(Message.noTime(message.identifier?.text ?? message.eventID ?? "alert"), at: message.range.lowerBound..<(message.range.lowerBound + 1))
            }
            return nil
        }
        var end: Date?
        if let last = ends.max() {
            end = last
        } else if let last = vtec.compactMap(\.end).max() {
            end = last
        } else if let last = expiries.max() {
            end = last
            if last.timeIntervalSince(start.date) > CAPEvents.maximumMessageSpan {
                end = start.date.addingTimeInterval(CAPEvents.maximumMessageSpan)
                notes.append("expires \(ISO8601.format(last)) is message validity, not the hazard; read as 7 days")
            }
        } else {
            notes.append("no end given: sensitive for the default window")
        }
        if isUpdate && allClear || vtec.contains(where: \.isEnding), let sent {
            end = min(end ?? sent.date, sent.date)
            notes.append("over: the update says the hazard has passed")
        }
        return (start.date, end, start.timeZone)
    }

    /// Regions of one geocode, and whether its scheme is known.
    static func regions(geocode name: String, value: String) -> ([Region], Bool) {
        let scheme = name.uppercased()
        let values = value.split(whereSeparator: \.isWhitespace).map(String.init)
        switch scheme {
        case "SAME", "FIPS6", "FIPS":
            return (values.compactMap(AreaCodes.region(fips:)), true)
        case "UGC":
            return (values.compactMap(AreaCodes.region(ugc:)), true)
        default:
            if scheme.contains("ISO") && (scheme.contains("3166") || scheme.contains("COUNTRY_CODES")) {
                return (values.compactMap { Region(code: $0) }, true)
            }
            if scheme.hasPrefix("PROFILE:CAP-CP:LOCATION") {
                return (values.compactMap(AreaCodes.region(sgc:)), true)
            }
            return ([], false)
        }
    }

    /// Regions without repeats and without a country whose subdivision is also listed.
    static func deduplicated(_ regions: [Region]) -> [Region] {
        var result: [Region] = []
        for region in regions where !result.contains(region) { result.append(region) }
        return result.filter { region in
            !(region.country == region.code && result.contains { $0 != region && $0.ancestors.contains(region) && !AreaCodes.isTerritory($0) })
        }
    }

    enum Message {
        static let noIdentity = "CAP alert without <sender> and <identifier>: it cannot be updated or cancelled, so it is not imported"
        static func notActual(_ id: String, _ status: String) -> String { "alert \(id) has status '\(status)', not 'Actual'; not imported" }
        static func notImported(_ id: String, _ type: String) -> String { "alert \(id) is an '\(type)' message; not imported" }
        static func cancelWithoutReferences(_ id: String) -> String { "Cancel \(id) names no <references>, so it ends nothing" }
        static func duplicate(_ id: String) -> String { "alert \(id) appears again in this file; the first is kept" }
        static func noInfo(_ id: String) -> String { "alert \(id) has no <info> block; nothing to import" }
        static func badTime(_ name: String, _ text: String) -> String {
            "'\(name)' time '\(text.prefix(40))' is not a timestamp like 2026-01-01T12:00:00-05:00"
        }
        static func unreadableTimes(_ listed: String, recovered: Bool?) -> String {
            switch recovered {
            case true?: return "times are not timestamps (\(listed)); the start is taken from the VTEC string or the storm's observation time"
            case false?: return "times are not timestamps (\(listed)) and neither VTEC nor the storm motion gives a start; not imported"
            case nil: return "times are not timestamps (\(listed)); read without them"
            }
        }
        static func noTime(_ id: String) -> String { "alert \(id) has no readable time (sent, effective, onset or VTEC); not imported" }
        static func noRegion(_ schemes: [String]) -> String {
            schemes.isEmpty ? PlaceFinder.Message.noRegion
                : PlaceFinder.Message.noRegion + "; geocode schemes Gaffe does not know: \(schemes.joined(separator: ", "))"
        }
        static func otherKind(_ word: String, detail: String) -> String { "kind not recognised: '\(word)' (\(detail)), imported as other" }
    }
}

/// Severity from an earthquake's magnitude, for feeds without a PAGER level.
enum EarthquakeScale {
    /// M ≥ 7.5 extreme, ≥ 6.5 severe, ≥ 5.5 moderate, ≥ 4.5 minor, below that info.
    static func severity(magnitude: Double) -> EventSeverity {
        switch magnitude {
        case 7.5...: return .extreme
        case 6.5..<7.5: return .severe
        case 5.5..<6.5: return .moderate
        case 4.5..<5.5: return .minor
        default: return .info
        }
    }
}

/// Names of tropical cyclones in alert and news text ("Tropical Storm "VICENTE"", "Hurricane
/// Laura"), as event keywords and hashtags.
enum StormNames {
    private static let terms = ["hurricane", "typhoon", "cyclone", "tropical storm", "tropical cyclone", "tormenta tropical", "huracán",
                                "ciclón tropical", "ouragan", "tempête tropicale", "super typhoon"]
    private static let notNames: Set<String> = [
        "warning", "warnings", "watch", "watches", "force", "season", "center", "centre", "local", "conditions", "advisory", "statement",
        "threat", "wind", "winds", "preparedness", "is", "has", "will", "was", "the", "of", "and", "remains", "track", "tracking",
        "category", "strength", "hunters", "evacuation", "evacuations", "shelter", "shelters", "risk", "impacts", "information",
        "se", "en", "el", "la", "in", "at", "near", "over", "for", "to", "with", "local", "now", "could", "may", "moves", "makes",
    ]

    static func find(in texts: [String]) -> (keywords: [String], hashtags: [String]) {
        var keywords: [String] = []
        var hashtags: [String] = []
        for text in texts {
            let words = text.split { !($0.isLetter || $0 == "-") }.map(String.init)
            let lowered = words.map { $0.lowercased() }
            for index in words.indices {
                for term in terms {
                    let termWords = term.split(separator: " ").map(String.init)
                    let after = index + termWords.count
                    guard after < words.count, Array(lowered[index..<after]) == termWords else { continue }
                    let candidate = words[after]
                    guard candidate.count >= 3, candidate.first?.isUppercase == true, !notNames.contains(candidate.lowercased()) else { continue }
                    let name = candidate.prefix(1).uppercased() + candidate.dropFirst().lowercased()
                    let phrase = termWords.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " ") + " " + name
                    for keyword in [phrase, name] where !keywords.contains(keyword) { keywords.append(keyword) }
                    for tag in [name, phrase.replacingOccurrences(of: " ", with: "")] where !hashtags.contains(tag) { hashtags.append(tag) }
                }
            }
        }
        return (keywords, hashtags)
    }
}
