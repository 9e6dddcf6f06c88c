import Foundation

/// Reads api.weather.gov alerts as GeoJSON (`FeatureCollection` of `wx:Alert` features, from
/// `/alerts/active?…`) or JSON-LD (`@graph`). Each feature's `properties` are CAP under other
/// names, so they are read into a `CAPMessage` and become events by the same rules as CAP XML
/// (`CAPEvents`), with the NWS extras:
///
/// - **Time**: `ends` (the hazard's end) before `expires` (the product's), then the
///   `eventEndingTime` parameter, then the VTEC end. When the header times are not timestamps (the
///   NWS website's test data writes `date:now -252 seconds`), the start comes from the VTEC begin or
///   the storm's observation time in `eventMotionDescription`, with a warning.
/// - **Updates**: `references` and the `expiredReferences` parameter name the alerts an Update
///   replaces; `messageType: Cancel` ends them.
/// - **Regions**: `geocode.SAME` and `geocode.UGC` (state from the code), else the `geometry`
///   polygon, else `areaDesc`.
/// - **Duplicates**: the same `id` twice in one response is imported once.
///
/// The NWS CAP 1.1 Atom index and NWS/IPAWS CAP XML are CAP documents: `CAPImporter` reads them
/// with the same NWS rules.
public struct NWSImporter: FeedImporter {
    public static let name = "nws"

    public init() {}

    public static func accepts(path: String, head: ArraySlice<UInt8>) -> Bool {
        XMLSniffer.startsLikeJSON(head) && (XMLSniffer.mentions(head, "api.weather.gov") || XMLSniffer.mentions(head, "wx:Alert"))
    }

    public func read(_ source: SourceText, options: ImportOptions) -> ImportResult {
        var result = ImportResult()
        guard let root = JSONTree.parse(source, problems: &result.problems) else { return result }
        let alerts: [(properties: JSONNode, geometry: JSONNode?, range: Range<Int>)]
        if let features = root["features"]?.array {
            alerts = features.compactMap { feature in feature["properties"].map { ($0, feature["geometry"], feature.range) } }
        } else if let graph = root["@graph"]?.array {
            alerts = graph.map { ($0, nil, $0.range) }
        } else if let properties = root["properties"] {
            alerts = [(properties, root["geometry"], root.range)]
        } else {
            result.problems.append(InputProblem(Message.notAlerts, at: root.range.lowerBound..<(root.range.lowerBound + 1)))
            return result
        }
        var events = CAPEvents(source: source, options: options)
        for alert in alerts {
            events.add(NWSImporter.message(alert.properties, geometry: alert.geometry, range: alert.range))
        }
        result = events.result
        result.problems.sort { $0.range.lowerBound < $1.range.lowerBound }
        return result
    }

    /// One alert's properties as a CAP message.
    static func message(_ properties: JSONNode, geometry: JSONNode?, range: Range<Int>) -> CAPMessage {
        var message = CAPMessage(range: range)
        message.identifier = properties.field("id")
        message.sender = properties.field("sender")
        message.sent = properties.field("sent")
        message.status = properties["status"]?.string
        message.msgType = properties["messageType"]?.string
        for reference in properties["references"]?.array ?? [] {
            if let sender = reference["sender"]?.string, let identifier = reference["identifier"]?.string {
                message.references.append(CAPMessage.Reference(sender: sender, identifier: identifier))
            }
        }
        var info = CAPMessage.Info()
        info.language = "en-US"
        info.categories = properties["category"]?.strings ?? []
        info.event = properties["event"]?.string
        info.urgency = properties["urgency"]?.string
        info.severity = properties["severity"]?.string
        info.certainty = properties["certainty"]?.string
        info.responseTypes = properties["response"]?.strings ?? []
        info.effective = properties.field("effective")
        info.onset = properties.field("onset")
        info.expires = properties.field("expires")
        info.ends = properties.field("ends")
        info.headline = properties["headline"]?.string
        info.description = properties["description"]?.string
        info.web = properties["@id"]?.string
        if case .object(let codes)? = properties["eventCode"]?.value {
            for (name, values) in codes { info.eventCodes += values.strings.map { (name, $0) } }
        }
        if case .object(let parameters)? = properties["parameters"]?.value {
            for (name, values) in parameters { info.parameters += values.strings.map { (name, $0) } }
        }
        for line in info.parameters("expiredReferences") {
            message.references += CAPMessage.references(line).references
        }
        var area = CAPMessage.Area()
        area.description = properties.field("areaDesc")
        if case .object(let codes)? = properties["geocode"]?.value {
            for (name, values) in codes { area.geocodes += values.strings.map { (name, $0) } }
        }
        if let geometry, !geometry.isNull {
            area.shapes = GeoJSON.shapes(geometry).map { ($0, geometry.range) }
        }
        info.areas = [area]
        message.infos = [info]
        return message
    }

    enum Message {
        static let notAlerts = "not an NWS alerts document: no 'features', '@graph' or 'properties'; nothing imported"
    }
}
