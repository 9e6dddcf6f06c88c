import Foundation

/// Reads generic RSS 2.0, RSS 1.0 and Atom news feeds (and hands a feed that turns out to be CAP,
/// GDACS or USGS to that importer): an item becomes an event when its
/// headline (or one of its categories) names a hazard, by the keyword list in
/// `lexicons/feeds/vocabulary.yml` plus `ImportOptions.keywordKinds`; every other item is news
/// that is not an event and is passed over silently. See `NewsItems` for the mapping.
///
/// A malformed item (a raw `&`, a broken tag) is reported at its line and skipped; the other
/// items still import.
public struct RSSImporter: FeedImporter {
    public static let name = "rss"

    public init() {}

    public static func accepts(path: String, head: ArraySlice<UInt8>) -> Bool {
        guard let root = XMLSniffer.rootName(head) else {
            let lower = path.lowercased()
            return lower.hasSuffix(".rss") || lower.hasSuffix(".atom")
        }
        return root == "rss" || root == "feed" || root == "RDF"
    }

    /// Feeds the specific importers read, recognised from more of the file than the head
    /// `BuiltInImporters` looked at (an Atom feed whose first CAP namespace is in its first entry).
    static let specific: [any FeedImporter.Type] = [CAPImporter.self, GDACSImporter.self, USGSImporter.self]

    public func read(_ source: SourceText, options: ImportOptions) -> ImportResult {
        let head = source.bytes.prefix(65_536)
        if let other = RSSImporter.specific.first(where: { $0.accepts(path: source.path, head: head) }) {
            return other.init().read(source, options: options)
        }
        let keywords = FeedVocabulary.shared.keywords(with: options.keywordKinds)
        return FeedItems.read(source) { item, problems in
            NewsItems.event(for: item, source: source, options: options, keywords: keywords, problems: &problems)
        }
    }
}

/// How a news item becomes an event.
///
/// - **Kind**: the first hazard its title names, by keyword (whole words, longest phrase, never
///   inside an ignore phrase such as "crash course"), else the first of its categories that names
///   one. No hazard, no event: most news is not a disaster.
/// - **Time**: from its publication (`pubDate`, `published`, `dc:date`, else `updated`); a news
///   item is evidence that something is live then, so the window is the policy window for the
///   kind (`SensitivityPolicy`), never the item's lifetime in the feed.
/// - **Severity**: news carries none; war, terror attacks and mass shootings are severe, other
///   hazards moderate.
/// - **Regions**: GeoRSS or W3C Basic Geo geometry, else place names in the title, else the feed's
///   configured regions; an item with none is skipped with a warning.
/// - **Identity**: `rss:` + the `guid` (or link), `atom:` + the entry `id`.
enum NewsItems {
    static let severeKinds: Set<EventKind> = [.war, .terrorAttack, .massShooting]

    static func event(for item: SyndicationItem, source: SourceText, options: ImportOptions, keywords: KeywordClassifier,
                      problems: inout [InputProblem]) -> Event? {
        let at = item.element.range.lowerBound..<(item.element.range.lowerBound + 1)
        let title = item.title ?? ""
        guard let match = keywords.classify(title) ?? item.categories.lazy.compactMap({ keywords.classify($0.label ?? $0.term) }).first else {
            return nil
        }
        guard let field = item.published ?? item.dcDate ?? item.updated else {
            problems.append(InputProblem(Message.noDate(title), at: at, severity: .warning))
            return nil
        }
        guard let stamp = FeedDates.rfc822(field.text) else {
            problems.append(InputProblem(Message.badDate(field.text), at: field.range))
            return nil
        }
        var evidence = PlaceEvidence()
        evidence.shapes = item.shapes
        evidence.names = [(title, item.element.range)] + item.categories.map { ($0.label ?? $0.term, item.element.range) }
        let placement = PlaceFinder.place(evidence, defaults: options.defaultRegions, source: source)
        problems += placement.problems
        guard !placement.regions.isEmpty else {
            problems.append(InputProblem(PlaceFinder.Message.noRegion, at: at, severity: .warning))
            return nil
        }
        let severity: EventSeverity = severeKinds.contains(match.kind) ? .severe : .moderate
        let span = SensitivityPolicy.span(start: stamp.date, end: nil, kind: match.kind, severity: severity)
        let names = StormNames.find(in: [title])
        let prefix = item.element.namespace == FeedNamespace.atom ? "atom" : "rss"
        let identity = item.id ?? item.link ?? "\(title)|\(field.text)"
        return Event(id: "\(prefix):\(identity)", title: FeedText.clip(title, 160), kind: match.kind, sourceKind: match.text,
                     severity: severity, regions: placement.regions, start: stamp.date, end: span.end, timeZone: stamp.timeZone,
                     grace: span.grace, keywords: names.keywords, hashtags: names.hashtags,
                     source: EventSource(kind: options.sourceKind, location: source.path, itemID: item.id,
                                         line: source.position(of: item.element.range.lowerBound).line),
                     url: item.link, summary: item.summary.map { FeedText.clip($0, 500) },
                     notes: ["news item: kind from the words '\(match.text)'"] + placement.notes)
    }

    enum Message {
        static func noDate(_ title: String) -> String {
            "news item '\(title.prefix(60))' has no date (pubDate, published, dc:date or updated); not imported"
        }
        static func badDate(_ text: String) -> String {
            "date '\(text.prefix(40))' is neither RFC 822 (Mon, 02 Sep 2024 11:36:52 GMT) nor ISO 8601; the item is not imported"
        }
    }
}
