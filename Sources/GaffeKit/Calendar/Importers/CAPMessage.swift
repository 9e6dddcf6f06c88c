import Foundation

/// A value read from a feed with the file bytes it came from, for problems at the right place.
struct FeedField: Sendable, Hashable {
    var text: String
    var range: Range<Int>
}

/// One CAP alert (OASIS CAP 1.0–1.2 §3.2), read from CAP XML, from CAP fields inside an Atom
/// entry, or from an NWS GeoJSON feature. Plain data; `CAPEvents` turns it into an event.
struct CAPMessage {
    struct Reference: Sendable, Hashable {
        var sender: String
        var identifier: String
        /// The id Gaffe gives the referenced alert's event.
        var eventID: String { CAPMessage.eventID(sender: sender, identifier: identifier) }
    }

    struct Area {
        var description: FeedField?
        var shapes: [(shape: GeoShape, range: Range<Int>)] = []
        /// `valueName`/`value` pairs; a value may hold several space-separated codes.
        var geocodes: [(name: String, value: String)] = []
    }

    struct Info {
        var language: String?
        var categories: [String] = []
        var event: String?
        var eventCodes: [(name: String, value: String)] = []
        var responseTypes: [String] = []
        var urgency: String?
        var severity: String?
        var certainty: String?
        var effective: FeedField?
        var onset: FeedField?
        var expires: FeedField?
        /// NWS GeoJSON only: when the hazard ends (`expires` is when the message does).
        var ends: FeedField?
        var headline: String?
        var description: String?
        var web: String?
        var parameters: [(name: String, value: String)] = []
        var areas: [Area] = []

        func parameters(_ name: String) -> [String] {
            parameters.filter { $0.name.caseInsensitiveCompare(name) == .orderedSame }.map(\.value)
        }
    }

    var identifier: FeedField?
    var sender: FeedField?
    var sent: FeedField?
    var status: String?
    var msgType: String?
    var references: [Reference] = []
    var infos: [Info] = []
    /// The whole alert (or entry, or feature) in the file.
    var range: Range<Int>
    /// An id to use when the message has no CAP sender and identifier (an Atom entry id).
    var fallbackID: String?

    /// The id of the event for an alert: `cap:` + sender + `,` + identifier, the pair CAP
    /// `references` name (§3.2.1), so an Update or Cancel finds the event it changes.
    static func eventID(sender: String, identifier: String) -> String { "cap:\(sender),\(identifier)" }

    var eventID: String? {
        if let sender = sender?.text, let identifier = identifier?.text { return CAPMessage.eventID(sender: sender, identifier: identifier) }
        return fallbackID
    }

    /// Parses `references`: space-separated `sender,identifier,sent` triples. A triple without its
    /// `sent` part is still a reference; anything else is reported.
    static func references(_ text: String) -> (references: [Reference], malformed: [String]) {
        var references: [Reference] = []
        var malformed: [String] = []
        for triple in text.split(whereSeparator: \.isWhitespace) {
            let parts = triple.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            if parts.count >= 2, !parts[0].isEmpty, !parts[1].isEmpty {
                references.append(Reference(sender: parts[0], identifier: parts[1]))
            } else {
                malformed.append(String(triple))
            }
        }
        return (references, malformed)
    }
}

/// Reads CAP from XML: whole `<alert>`s and the CAP fields some Atom feeds put in their entries.
struct CAPXMLReader {
    static let namespaces: Set<String> = [
        "urn:oasis:names:tc:emergency:cap:1.2", "urn:oasis:names:tc:emergency:cap:1.1", "urn:oasis:names:tc:emergency:cap:1.0",
        "http://www.incident.com/cap/1.0",
    ]

    let source: SourceText
    var problems: [InputProblem] = []
    /// Unknown element names seen directly in alerts and infos, reported once per file.
    var unknown: [(name: String, offset: Int)] = []

    init(source: SourceText) {
        self.source = source
    }

    static let alertElements: Set<String> = [
        "identifier", "sender", "sent", "status", "msgType", "source", "scope", "restriction", "addresses", "code", "note",
        "references", "incidents", "info", "Signature",
    ]
    static let infoElements: Set<String> = [
        "language", "category", "event", "responseType", "urgency", "severity", "certainty", "audience", "eventCode", "effective",
        "onset", "expires", "senderName", "headline", "description", "instruction", "web", "contact", "parameter", "resource", "area",
    ]

    /// A full `<alert>` element.
    mutating func alert(_ element: XMLTree.Element) -> CAPMessage {
        var message = CAPMessage(range: element.range)
        for child in element.children {
            if child.name == "info" {
                message.infos.append(info(child))
            } else if !readAlertField(child, into: &message), !CAPXMLReader.alertElements.contains(child.name) {
                unknown.append((child.qualifiedName, child.range.lowerBound))
            }
        }
        return message
    }

    /// Reads one of the alert-level fields Gaffe uses; false when `element` is not one.
    private mutating func readAlertField(_ element: XMLTree.Element, into message: inout CAPMessage) -> Bool {
        switch element.name {
        case "identifier": message.identifier = field(element)
        case "sender": message.sender = field(element)
        case "sent": message.sent = field(element)
        case "status": message.status = element.trimmedText
        case "msgType": message.msgType = element.trimmedText
        case "references": readReferences(element, into: &message)
        default: return false
        }
        return true
    }

    /// Reads one of the info-level fields Gaffe uses; false when `element` is not one.
    private mutating func readInfoField(_ element: XMLTree.Element, into info: inout CAPMessage.Info) -> Bool {
        let text = element.trimmedText
        switch element.name {
        case "language": info.language = text.isEmpty ? nil : text
        case "category": if !text.isEmpty { info.categories.append(text) }
        case "event": info.event = text.isEmpty ? nil : text
        case "responseType": if !text.isEmpty { info.responseTypes.append(text) }
        case "urgency": info.urgency = text
        case "severity": info.severity = text
        case "certainty": info.certainty = text
        case "eventCode": info.eventCodes += pairs(element)
        case "effective": info.effective = field(element)
        case "onset": info.onset = field(element)
        case "expires": info.expires = field(element)
        case "headline": info.headline = text.isEmpty ? nil : text
        case "description": info.description = text.isEmpty ? nil : text
        case "web": info.web = text.isEmpty ? nil : text
        case "parameter": info.parameters += pairs(element)
        case "area": info.areas.append(area(element))
        default: return false
        }
        return true
    }

    /// Reads one of the area-level fields; false when `element` is not one.
    private mutating func readAreaField(_ element: XMLTree.Element, into area: inout CAPMessage.Area) -> Bool {
        switch element.name {
        case "areaDesc": area.description = field(element)
        case "polygon": if let shape = polygon(element) { area.shapes.append((shape, element.range)) }
        case "circle": if let shape = circle(element) { area.shapes.append((shape, element.range)) }
        case "geocode": area.geocodes += pairs(element)
        default: return false
        }
        return true
    }

    private mutating func readReferences(_ element: XMLTree.Element, into message: inout CAPMessage) {
        let parsed = CAPMessage.references(element.text)
        message.references += parsed.references
        if !parsed.malformed.isEmpty {
            problems.append(InputProblem(Message.badReferences(parsed.malformed), at: element.range, severity: .warning))
        }
    }

    private mutating func info(_ element: XMLTree.Element) -> CAPMessage.Info {
        var info = CAPMessage.Info()
        for child in element.children where !readInfoField(child, into: &info) && !CAPXMLReader.infoElements.contains(child.name) {
            unknown.append((child.qualifiedName, child.range.lowerBound))
        }
        return info
    }

    /// An `<area>`: its description, polygons, circles and geocodes.
    mutating func area(_ element: XMLTree.Element) -> CAPMessage.Area {
        var area = CAPMessage.Area()
        for child in element.children { _ = readAreaField(child, into: &area) }
        return area
    }

    /// `valueName`/`value` pairs, also when one element repeats them (the NWS Atom index).
    func pairs(_ element: XMLTree.Element) -> [(name: String, value: String)] {
        var result: [(String, String)] = []
        var name: String?
        for child in element.children {
            if child.name == "valueName" {
                name = child.trimmedText
            } else if child.name == "value", let current = name {
                result.append((current, child.trimmedText))
            }
        }
        return result
    }

    func field(_ element: XMLTree.Element) -> FeedField? {
        let text = element.trimmedText
        return text.isEmpty ? nil : FeedField(text: text, range: element.range)
    }

    /// A CAP polygon: whitespace-separated `lat,lon` pairs. Stray `+` signs and trailing commas
    /// are read with a warning; an empty polygon is skipped with a warning.
    mutating func polygon(_ element: XMLTree.Element) -> GeoShape? {
        let text = element.trimmedText
        guard !text.isEmpty else {
            problems.append(InputProblem(Message.emptyPolygon, at: element.range, severity: .info))
            return nil
        }
        var points: [GeoPoint] = []
        var loose = false
        for pair in text.split(whereSeparator: \.isWhitespace) {
            let numbers = pair.split(separator: ",")
            if pair.contains("+") || pair.hasSuffix(",") { loose = true }
            guard numbers.count == 2, let lat = Double(numbers[0].replacingOccurrences(of: "+", with: "")),
                  let lon = Double(numbers[1].replacingOccurrences(of: "+", with: "")), GeoPoint(latitude: lat, longitude: lon).isValid else {
                problems.append(InputProblem(Message.badPair(String(pair)), at: element.range, severity: .warning))
                continue
            }
            points.append(GeoPoint(latitude: lat, longitude: lon))
        }
        if loose { problems.append(InputProblem(Message.loosePolygon, at: element.range, severity: .warning)) }
        guard !points.isEmpty else { return nil }
        if points.count < 4 || points.first != points.last {
            problems.append(InputProblem(Message.openPolygon(points.count), at: element.range, severity: .warning))
        }
        return points.count == 1 ? .point(points[0]) : .polygon(points)
    }

    /// A CAP circle: `lat,lon radius` with the radius in kilometres; radius 0 is a point.
    mutating func circle(_ element: XMLTree.Element) -> GeoShape? {
        let parts = element.trimmedText.split(whereSeparator: \.isWhitespace)
        let center = parts.first?.split(separator: ",").compactMap { Double($0.replacingOccurrences(of: "+", with: "")) } ?? []
        let radius = parts.count > 1 ? Double(parts[1]) : 0
        guard center.count == 2, let radius, radius >= 0 else {
            problems.append(InputProblem(Message.badCircle(element.trimmedText), at: element.range, severity: .warning))
            return nil
        }
        let point = GeoPoint(latitude: center[0], longitude: center[1])
        guard point.isValid || point.swapped.isValid else {
            problems.append(InputProblem(Message.badCircle(element.trimmedText), at: element.range, severity: .warning))
            return nil
        }
        return radius > 0 ? .circle(center: point, radiusKilometres: radius) : .point(point)
    }

    /// CAP fields written straight into an Atom or RSS item (`cap:event`, `cap:areaDesc`…), as the
    /// NWS CAP Atom index and Krisinformation do, plus Pelmorex's `category term="key=value"`.
    mutating func liteMessage(_ item: SyndicationItem) -> CAPMessage {
        var message = CAPMessage(range: item.element.range)
        message.fallbackID = item.id.map { "atom:\($0)" }
        var info = CAPMessage.Info()
        var entryArea = CAPMessage.Area()
        for child in item.element.children where child.namespace.map(CAPXMLReader.namespaces.contains) == true {
            // Alert, info and area fields all sit directly in the entry.
            _ = readAlertField(child, into: &message) || readInfoField(child, into: &info) || readAreaField(child, into: &entryArea)
        }
        // Pelmorex/NAADS: <category term="severity=Minor"/>.
        for category in item.categories {
            let parts = category.term.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            switch parts[0] {
            case "status": message.status = message.status ?? parts[1]
            case "msgType": message.msgType = message.msgType ?? parts[1]
            case "language": info.language = info.language ?? parts[1]
            case "category": info.categories.append(parts[1])
            case "severity": info.severity = info.severity ?? parts[1]
            case "urgency": info.urgency = info.urgency ?? parts[1]
            case "certainty": info.certainty = info.certainty ?? parts[1]
            case "event": info.event = info.event ?? parts[1]
            default: break
            }
        }
        entryArea.shapes += item.shapes
        if entryArea.description != nil || !entryArea.shapes.isEmpty || !entryArea.geocodes.isEmpty { info.areas.append(entryArea) }
        info.headline = item.title
        info.description = item.summary
        info.web = item.link
        if message.sent == nil { message.sent = item.published ?? item.updated }
        if message.sender == nil, let author = item.author { message.sender = FeedField(text: author, range: item.element.range) }
        message.infos = [info]
        return message
    }

    enum Message {
        static let emptyPolygon = "empty <polygon> skipped"
        static let loosePolygon = "polygon written loosely ('+' signs or trailing commas); read anyway"
        static func badPair(_ pair: String) -> String { "polygon point '\(pair)' is not 'latitude,longitude'; skipped" }
        static func openPolygon(_ count: Int) -> String {
            "a CAP polygon needs at least 4 points with the first repeated as the last; this one has \(count); read anyway"
        }
        static func badCircle(_ text: String) -> String { "circle '\(text.prefix(60))' is not 'latitude,longitude radius'; skipped" }
        static func badReferences(_ items: [String]) -> String {
            "references must be 'sender,identifier,sent' triples; ignored: \(items.prefix(3).joined(separator: " "))"
        }
    }
}
