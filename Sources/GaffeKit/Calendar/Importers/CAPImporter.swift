import Foundation

/// Reads OASIS CAP 1.0, 1.1 and 1.2 alerts: a single `<alert>` (any prefix, matched by namespace
/// URI), a non-standard `<alerts>` wrapper holding many, and Atom or RSS feeds that carry CAP:
/// complete alerts embedded in entries (`<atom:content type="text/xml"><alert>…`), or CAP fields
/// written straight into entries (the NWS CAP 1.1 Atom index, Krisinformation, Pelmorex NAADS).
/// Entries of such a feed without CAP fields are read as news items (see `RSSImporter`). NWS and
/// IPAWS CAP XML is CAP, read here with the NWS rules (VTEC, UGC, product significance).
///
/// A root `<alert>` in another namespace (`…:emergency:alerts:1.2`) is refused as not CAP. How an
/// alert becomes an event is documented on `CAPEvents`.
public struct CAPImporter: FeedImporter {
    public static let name = "cap"

    public init() {}

    public static func accepts(path: String, head: ArraySlice<UInt8>) -> Bool {
        if path.lowercased().hasSuffix(".cap") { return true }
        guard let root = XMLSniffer.rootName(head) else { return false }
        if root == "alert" || root == "alerts" { return true }
        return ["feed", "rss", "RDF"].contains(root) && XMLSniffer.mentions(head, "urn:oasis:names:tc:emergency:cap:")
    }

    public func read(_ source: SourceText, options: ImportOptions) -> ImportResult {
        let document = XMLTree.parse(source)
        var problems = document.problems
        guard let root = document.root else {
            var result = ImportResult()
            result.problems = problems
            return result
        }
        var reader = CAPXMLReader(source: source)
        var events = CAPEvents(source: source, options: options)
        let at = root.range.lowerBound..<min(root.range.lowerBound + 1, root.range.upperBound)

        func skipDamaged(_ range: Range<Int>) -> Bool {
            guard let offset = document.damage(in: range).first else { return false }
            problems.append(InputProblem(FeedItems.Message.damaged(line: source.position(of: offset).line), at: range.lowerBound..<(range.lowerBound + 1)))
            return true
        }

        if root.name == "alert" || root.name == "alerts" {
            guard let namespace = root.namespace, CAPXMLReader.namespaces.contains(namespace) else {
                problems.append(InputProblem(Message.notCAP(root.qualifiedName, root.namespace), at: at))
                var result = ImportResult()
                result.problems = problems
                return result
            }
            var alerts = [root]
            if root.name == "alerts" {
                alerts = root.children("alert", in: CAPXMLReader.namespaces)
                problems.append(InputProblem(Message.wrapper(alerts.count), at: at, severity: .info))
            }
            for alert in alerts where !skipDamaged(alert.range) {
                events.add(reader.alert(alert))
            }
        } else if let feed = SyndicationFeed.read(root, problems: &problems) {
            let keywords = FeedVocabulary.shared.keywords(with: options.keywordKinds)
            for item in feed.items where !skipDamaged(item.element.range) {
                if !item.embeddedAlerts.isEmpty {
                    for alert in item.embeddedAlerts { events.add(reader.alert(alert)) }
                } else if item.hasCAPFields {
                    events.add(reader.liteMessage(item))
                } else if let event = NewsItems.event(for: item, source: source, options: options, keywords: keywords, problems: &problems) {
                    events.result.events.append(event)
                }
            }
        } else {
            problems.append(InputProblem(Message.notCAP(root.qualifiedName, root.namespace), at: at))
        }

        var result = events.result
        if let first = reader.unknown.first {
            let names = reader.unknown.map(\.name).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
            problems.append(InputProblem(Message.unknownElements(names), at: first.offset..<(first.offset + 1), severity: .info))
        }
        result.problems = (problems + reader.problems + result.problems).sorted { $0.range.lowerBound < $1.range.lowerBound }
        return result
    }

    enum Message {
        static func notCAP(_ name: String, _ namespace: String?) -> String {
            "not a CAP alert: <\(name)> is in namespace '\(namespace ?? "none")', not a CAP namespace (urn:oasis:names:tc:emergency:cap:1.2, 1.1 or 1.0); nothing imported"
        }
        static func wrapper(_ count: Int) -> String {
            "<alerts> is not a CAP element; its \(count) <alert>s are read one by one"
        }
        static func unknownElements(_ names: [String]) -> String {
            "elements CAP does not define were ignored: \(names.prefix(6).joined(separator: ", "))"
        }
    }
}
