import Foundation

/// Namespace URIs feed importers match on (never on the prefix a file happens to use).
enum FeedNamespace {
    static let atom = "http://www.w3.org/2005/Atom"
    static let rss1 = "http://purl.org/rss/1.0/"
    static let georss = "http://www.georss.org/georss"
    static let geo = "http://www.w3.org/2003/01/geo/wgs84_pos#"
    static let gml = "http://www.opengis.net/gml"
    static let dc = "http://purl.org/dc/elements/1.1/"
    static let gdacs = "http://www.gdacs.org"
}

/// One RSS `<item>` or Atom `<entry>`, with the parts importers use.
struct SyndicationItem {
    struct Category: Sendable, Hashable {
        var term: String
        var label: String?
    }

    var element: XMLTree.Element
    /// Atom `id`, RSS `guid`.
    var id: String?
    var title: String?
    /// Plain text of `description`/`summary`/`content` (markup and entities removed).
    var summary: String?
    /// The raw `summary`/`description` text (HTML still in it), for importers that read its markup.
    var rawSummary: String?
    var link: String?
    /// RSS `pubDate`, Atom `published`.
    var published: FeedField?
    /// Atom `updated`.
    var updated: FeedField?
    /// Dublin Core `dc:date`.
    var dcDate: FeedField?
    var author: String?
    var categories: [Category] = []
    /// GeoRSS (simple and GML) and W3C Basic Geo geometry.
    var shapes: [(shape: GeoShape, range: Range<Int>)] = []
    /// Complete CAP `<alert>`s inside the item (Atom `content type="text/xml"`).
    var embeddedAlerts: [XMLTree.Element] = []

    /// Whether the item carries CAP fields of its own (`cap:event`, or NAADS `category term="event=…"`).
    var hasCAPFields: Bool {
        element.children.contains { $0.namespace.map(CAPXMLReader.namespaces.contains) == true }
            || categories.contains { $0.term.hasPrefix("msgType=") || $0.term.hasPrefix("event=") }
    }
}

/// An RSS 2.0, RSS 1.0 or Atom feed's items.
struct SyndicationFeed {
    enum Kind { case rss, atom }

    var kind: Kind
    var title: String?
    var items: [SyndicationItem]

    /// The feed in a parsed document, or nil when the root is not RSS or Atom.
    static func read(_ root: XMLTree.Element, problems: inout [InputProblem]) -> SyndicationFeed? {
        if root.name == "feed", root.namespace == FeedNamespace.atom {
            let entries = root.children("entry", in: [FeedNamespace.atom])
            return SyndicationFeed(kind: .atom, title: root.childText("title", in: [FeedNamespace.atom]),
                                   items: entries.map { atomEntry($0, problems: &problems) })
        }
        if root.name == "rss" || root.name == "RDF" {
            let channel = root.child("channel")
            let holders = [root] + (channel.map { [$0] } ?? [])
            let items = holders.flatMap { $0.children.filter { $0.name == "item" && ($0.namespace == nil || $0.namespace == FeedNamespace.rss1) } }
            return SyndicationFeed(kind: .rss, title: channel?.childText("title"), items: items.map { rssItem($0, problems: &problems) })
        }
        return nil
    }

    private static func atomEntry(_ entry: XMLTree.Element, problems: inout [InputProblem]) -> SyndicationItem {
        let atom: Set<String> = [FeedNamespace.atom]
        var item = SyndicationItem(element: entry)
        item.id = entry.childText("id", in: atom)
        item.title = entry.child("title", in: atom).map { FeedText.plain($0.allText) }
        let summary = entry.child("summary", in: atom) ?? entry.child("content", in: atom)
        item.rawSummary = summary?.allText
        item.summary = summary.map { FeedText.plain($0.allText) }
        let links = entry.children("link", in: atom)
        item.link = (links.first { ($0.attribute("rel") ?? "alternate") == "alternate" } ?? links.first)?.attribute("href")
        item.published = entry.child("published", in: atom).flatMap(field)
        item.updated = entry.child("updated", in: atom).flatMap(field)
        item.author = entry.child("author", in: atom)?.childText("name", in: atom)
        item.categories = entry.children("category", in: atom).compactMap { category in
            category.attribute("term").map { SyndicationItem.Category(term: $0, label: category.attribute("label")) }
        }
        common(entry, into: &item, problems: &problems)
        return item
    }

    private static func rssItem(_ element: XMLTree.Element, problems: inout [InputProblem]) -> SyndicationItem {
        var item = SyndicationItem(element: element)
        let plain: Set<String> = ["", FeedNamespace.rss1]
        func own(_ name: String) -> XMLTree.Element? {
            element.children.first { $0.name == name && plain.contains($0.namespace ?? "") }
        }
        item.id = own("guid")?.trimmedText ?? own("link")?.trimmedText
        item.title = own("title").map { FeedText.plain($0.allText) }
        item.rawSummary = own("description")?.allText
        item.summary = item.rawSummary.map(FeedText.plain)
        item.link = own("link")?.trimmedText
        item.published = own("pubDate").flatMap(field)
        item.author = own("author")?.trimmedText
        item.categories = element.children.filter { $0.name == "category" && plain.contains($0.namespace ?? "") }
            .map { SyndicationItem.Category(term: $0.trimmedText, label: nil) }
        common(element, into: &item, problems: &problems)
        if item.id?.isEmpty == true { item.id = nil }
        return item
    }

    /// Dublin Core, GeoRSS, W3C Basic Geo, and embedded CAP, the same in RSS and Atom.
    private static func common(_ element: XMLTree.Element, into item: inout SyndicationItem, problems: inout [InputProblem]) {
        item.dcDate = element.child("date", in: [FeedNamespace.dc]).flatMap(field)
        item.shapes = GeoRSS.shapes(in: element, problems: &problems)
        item.embeddedAlerts = element.descendants(named: "alert", in: CAPXMLReader.namespaces)
    }

    private static func field(_ element: XMLTree.Element) -> FeedField? {
        let text = element.trimmedText
        return text.isEmpty ? nil : FeedField(text: text, range: element.range)
    }
}

/// The loop RSS-shaped importers share: parse the file, read its items, report and skip items
/// whose XML is malformed, turn each item into at most one event, and keep the first of events
/// with the same id.
enum FeedItems {
    static func read(_ source: SourceText, event: (SyndicationItem, inout [InputProblem]) -> Event?) -> ImportResult {
        var result = ImportResult()
        let document = XMLTree.parse(source)
        var problems = document.problems
        guard let root = document.root else {
            result.problems = problems
            return result
        }
        guard let feed = SyndicationFeed.read(root, problems: &problems) else {
            problems.append(InputProblem(Message.notFeed(root.qualifiedName), at: root.range.lowerBound..<(root.range.lowerBound + 1)))
            result.problems = problems
            return result
        }
        var seen: Set<String> = []
        for item in feed.items {
            let at = item.element.range.lowerBound..<(item.element.range.lowerBound + 1)
            if let offset = document.damage(in: item.element.range).first {
                problems.append(InputProblem(Message.damaged(line: source.position(of: offset).line), at: at))
                continue
            }
            guard let made = event(item, &problems) else { continue }
            guard seen.insert(made.id).inserted else {
                problems.append(InputProblem(Message.duplicate(made.id), at: at, severity: .info))
                continue
            }
            result.events.append(made)
        }
        result.problems = problems.sorted { $0.range.lowerBound < $1.range.lowerBound }
        return result
    }

    enum Message {
        static func notFeed(_ name: String) -> String { "not an RSS or Atom feed: the root element is <\(name)>; nothing imported" }
        static func damaged(line: Int) -> String { "this item is not imported: its XML is malformed (line \(line))" }
        static func duplicate(_ id: String) -> String { "\(id) appears again in this feed; the first is kept" }
    }
}

/// GeoRSS-Simple (`georss:point "lat lon"`, `polygon`, `line`, `box`, `circle` with a radius in
/// metres), GeoRSS-GML (`georss:where/gml:Point/gml:pos`) and W3C Basic Geo (`geo:lat`,
/// `geo:long`, optionally inside `geo:Point`). Two different points in one item are reported.
enum GeoRSS {
    static func shapes(in element: XMLTree.Element, problems: inout [InputProblem]) -> [(shape: GeoShape, range: Range<Int>)] {
        var shapes: [(GeoShape, Range<Int>)] = []
        for child in element.children where child.namespace == FeedNamespace.georss {
            let numbers = child.trimmedText.split(whereSeparator: \.isWhitespace).compactMap { Double($0) }
            var shape: GeoShape?
            switch child.name {
            case "point" where numbers.count == 2:
                shape = .point(GeoPoint(latitude: numbers[0], longitude: numbers[1]))
            case "polygon", "line":
                let points = stride(from: 0, to: numbers.count - 1, by: 2).map { GeoPoint(latitude: numbers[$0], longitude: numbers[$0 + 1]) }
                if !points.isEmpty { shape = .polygon(points) }
            case "box" where numbers.count == 4:
                shape = .box(south: numbers[0], west: numbers[1], north: numbers[2], east: numbers[3])
            case "circle" where numbers.count == 3:
                shape = .circle(center: GeoPoint(latitude: numbers[0], longitude: numbers[1]), radiusKilometres: numbers[2] / 1000)
            case "where":
                for position in child.descendants(named: "pos", in: [FeedNamespace.gml]) {
                    let values = position.trimmedText.split(whereSeparator: \.isWhitespace).compactMap { Double($0) }
                    if values.count >= 2 { shapes.append((.point(GeoPoint(latitude: values[0], longitude: values[1])), position.range)) }
                }
                for list in child.descendants(named: "posList", in: [FeedNamespace.gml]) {
                    let values = list.trimmedText.split(whereSeparator: \.isWhitespace).compactMap { Double($0) }
                    let points = stride(from: 0, to: values.count - 1, by: 2).map { GeoPoint(latitude: values[$0], longitude: values[$0 + 1]) }
                    if !points.isEmpty { shapes.append((.polygon(points), list.range)) }
                }
            default:
                break
            }
            if let shape { shapes.append((shape, child.range)) }
        }
        // W3C Basic Geo, directly in the item or inside geo:Point.
        for holder in [element] + element.children("Point", in: [FeedNamespace.geo]) {
            if let lat = holder.child("lat", in: [FeedNamespace.geo]), let latitude = Double(lat.trimmedText),
               let longitude = holder.childText("long", in: [FeedNamespace.geo]).flatMap(Double.init) {
                shapes.append((.point(GeoPoint(latitude: latitude, longitude: longitude)), lat.range))
            }
        }
        // The same point given twice (geo:Point and georss:point): keep one, report a disagreement.
        var kept: [(GeoShape, Range<Int>)] = []
        for (shape, range) in shapes {
            if case .point(let point) = shape, let other = kept.lazy.compactMap({ entry -> GeoPoint? in
                if case .point(let earlier) = entry.0 { return earlier }
                return nil
            }).first {
                if point.distance(to: other) > 1 {
                    problems.append(InputProblem(Message.disagree(other, point), at: range, severity: .warning))
                }
                continue
            }
            kept.append((shape, range))
        }
        return kept
    }

    enum Message {
        static func disagree(_ first: GeoPoint, _ second: GeoPoint) -> String {
            "this item gives two different points (\(first) and \(second)); the first is used"
        }
    }
}

/// Text helpers for feed fields.
enum FeedText {
    /// Plain text from feed text that may hold HTML: tags removed (`<br>` and block ends become
    /// spaces), entities decoded (a second time too, for double-escaped `&amp;#39;`), white space
    /// collapsed.
    static func plain(_ raw: String) -> String {
        var text = ""
        var tag: String?
        for character in raw {
            if character == "<" {
                tag = ""
            } else if character == ">", let name = tag {
                // Block-level tags separate words; inline ones (a, b, em, span) do not.
                let element = name.trimmingCharacters(in: CharacterSet(charactersIn: "/ ")).prefix { $0.isLetter || $0.isNumber }.lowercased()
                if !inlineElements.contains(element) { text.append(" ") }
                tag = nil
            } else if tag != nil {
                tag!.append(character)
            } else {
                text.append(character)
            }
        }
        // A `<` that opened no tag ("M < 5") was text.
        if let unclosed = tag { text += "<" + unclosed }
        text = decodeEntities(decodeEntities(text))
        return text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    private static let inlineElements: Set<String> = ["a", "b", "i", "em", "strong", "span", "abbr", "code", "small", "sub", "sup", "u", "font"]

    private static let named: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ", "deg": "°", "ndash": "–", "mdash": "—",
    ]

    /// Decodes `&name;`, `&#NN;` and `&#xHH;` once.
    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "&", let semicolon = text[index...].prefix(12).firstIndex(of: ";") {
                let body = text[text.index(after: index)..<semicolon]
                var replacement: String?
                if body.hasPrefix("#x") || body.hasPrefix("#X") {
                    replacement = UInt32(body.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
                } else if body.hasPrefix("#") {
                    replacement = UInt32(body.dropFirst()).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
                } else {
                    replacement = named[String(body)]
                }
                if let replacement {
                    result += replacement
                    index = text.index(after: semicolon)
                    continue
                }
            }
            result.append(character)
            index = text.index(after: index)
        }
        return result
    }

    /// The first `limit` characters, cut at a word boundary, with an ellipsis when cut.
    /// The first sentence of a headline ("Red alert for tropical cyclone SANDY-12. Population
    /// affected…" → "Red alert for tropical cyclone SANDY-12"), for event titles in messages.
    static func firstSentence(_ text: String) -> String {
        var index = text.startIndex
        while let dot = text[index...].firstIndex(of: ".") {
            let next = text.index(after: dot)
            if next < text.endIndex, text[next] == " ",
               let following = text[next...].dropFirst().first, following.isUppercase {
                return String(text[..<dot])
            }
            index = next
        }
        return text
    }

    static func clip(_ text: String, _ limit: Int) -> String {
        guard text.count > limit else { return text }
        let prefix = text.prefix(limit)
        let cut = prefix.lastIndex(of: " ").map { prefix[..<$0] } ?? prefix
        return cut + "…"
    }
}
