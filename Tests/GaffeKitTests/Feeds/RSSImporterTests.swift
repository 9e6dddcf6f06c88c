import Foundation
import Testing
@testable import GaffeKit

struct RSSImporterTests {
    let date = ImportHarness.date
    let day = ImportHarness.day

    func rss(_ path: String, options: ImportOptions = ImportOptions()) -> Imported {
        ImportHarness.fixture(path, expected: RSSImporter.self, options: options)
    }

    @Test func theRSSSpecSampleHasNoDisasterInIt() throws {
        let imported = rss("rss/rss2-spec-sample-liftoff-news.xml")
        #expect(imported.events.isEmpty && imported.result.problems.isEmpty)
        // All four items were read; "a crash course in culture" is not a crash.
        var problems: [InputProblem] = []
        let root = try #require(XMLTree.parse(imported.source).root)
        let feed = try #require(SyndicationFeed.read(root, problems: &problems))
        #expect(feed.items.count == 4)
        #expect(feed.items[0].summary?.contains("They take a crash course in culture, language and protocol at Russia's Star City.") == true)
        #expect(feed.items[0].published?.text == "Tue, 03 Jun 2003 09:39:21 GMT")
    }

    @Test func aQuietDayAtTheHurricaneCenterIsNoEvent() {
        let imported = rss("rss/nhc-atlantic-index-at-2024-09-02.xml")
        #expect(imported.events.isEmpty && imported.result.problems.isEmpty)
    }

    @Test func minorRoadNoticesAreNotDisasters() {
        let imported = rss("rss/nyalert-cap-index-2011.rss")
        #expect(imported.events.isEmpty && imported.result.problems.isEmpty)
    }

    @Test func aMalformedItemIsSkippedAndTheOthersStillImport() {
        var options = ImportOptions()
        options.keywordKinds = ["item": .brandCrisis]
        options.defaultRegions = [Region(code: "US")!]
        let imported = rss("rss/broken-unescaped-ampersand-midfeed.xml", options: options)
        // Items 1 and 3 are read (and reported for having no date); item 2 is not read at all.
        #expect(imported.problemPlaces == ["7:5 warning", "13:5 error", "15:41 error", "19:5 warning"])
        #expect(imported.result.problems[1].message == "this item is not imported: its XML is malformed (line 15)")
        let withDates = String(decoding: imported.source.bytes, as: UTF8.self)
            .replacingOccurrences(of: "</guid>", with: "</guid><pubDate>Tue, 03 Jun 2003 09:39:21 GMT</pubDate>")
        let dated = ImportHarness.text(withDates, with: RSSImporter.self, options: options)
        #expect(dated.ids == ["rss:http://example.com/good", "rss:http://example.com/after"])
        #expect(dated.events.allSatisfy { $0.kind == .brandCrisis && $0.regionCodes == ["US"] })
    }

    let news = """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0" xmlns:georss="http://www.georss.org/georss" xmlns:geo="http://www.w3.org/2003/01/geo/wgs84_pos#">
        <channel><title>Newsroom</title>
        <item><title>Mass shooting at a music festival in Texas</title><guid>n-1</guid>
          <pubDate>Sat, 01 Aug 2026 22:10:00 GMT</pubDate></item>
        <item><title>Flash flooding closes roads</title><guid>n-2</guid><pubDate>Sun, 02 Aug 2026 06:00:00 +0200</pubDate>
          <georss:point>45.46 9.19</georss:point><geo:lat>45.46</geo:lat><geo:long>9.19</geo:long></item>
        <item><title>Quarterly results beat expectations</title><guid>n-3</guid><pubDate>Sun, 02 Aug 2026 07:00:00 GMT</pubDate></item>
        <item><title>Earthquake shakes the capital</title><guid>n-4</guid></item>
        <item><title>Wildfire spreads</title><guid>n-5</guid><pubDate>last Tuesday</pubDate><georss:point>-33.9 18.4</georss:point></item>
        <item><title>Tornado touches down</title><guid>n-6</guid><pubDate>Sun, 02 Aug 2026 08:00:00 GMT</pubDate></item>
        <item><title>Landslide after heavy rain</title><guid>n-7</guid><pubDate>Sun, 02 Aug 2026 09:00:00 GMT</pubDate>
          <georss:point>45.46 9.19</georss:point><geo:Point><geo:lat>41.9</geo:lat><geo:long>12.5</geo:long></geo:Point></item>
        </channel></rss>
        """

    @Test func newsItemsThatNameAHazardBecomeEvents() throws {
        let imported = ImportHarness.text(news, with: RSSImporter.self)
        #expect(imported.ids == ["rss:n-1", "rss:n-2", "rss:n-7"])
        let shooting = try #require(imported.event("rss:n-1"))
        #expect(shooting.kind == .massShooting && shooting.sourceKind == "Mass shooting" && shooting.severity == .severe)
        #expect(shooting.regionCodes == ["US-TX"] && shooting.start == date("2026-08-01T22:10:00Z") && shooting.end == shooting.start)
        #expect(shooting.sensitiveEnd == shooting.start.addingTimeInterval(14 * day))
        #expect(shooting.source.line == 4 && shooting.notes.first == "news item: kind from the words 'Mass shooting'")
        let flood = try #require(imported.event("rss:n-2"))
        #expect(flood.kind == .flood && flood.severity == .moderate && flood.regionCodes == ["IT"])
        #expect(flood.timeZone?.secondsFromGMT() == 7200)
        // No date, a date that is not one, no place, and two points that disagree.
        #expect(imported.problemPlaces == ["9:1 warning", "10:54 error", "11:1 warning", "13:53 warning"])
        #expect(imported.result.problems[2].message == PlaceFinder.Message.noRegion)
        #expect(imported.result.problems[3].message.contains("two different points"))
    }

    @Test func configuredRegionsAndKeywords() {
        var options = ImportOptions()
        options.defaultRegions = [Region(code: "US-OK")!]
        options.keywordKinds = ["results": .brandCrisis]
        let imported = ImportHarness.text(news, with: RSSImporter.self, options: options)
        #expect(imported.event("rss:n-6")?.regionCodes == ["US-OK"])
        #expect(imported.event("rss:n-3")?.kind == .brandCrisis)
        #expect(imported.event("rss:n-1")?.regionCodes == ["US-TX"])
    }

    @Test func atomEntries() throws {
        let atom = """
            <feed xmlns="http://www.w3.org/2005/Atom"><title>Agency</title>
            <entry><id>tag:agency,2026:1</id><title type="html">Volcano &lt;b&gt;erupts&lt;/b&gt; in Iceland</title>
            <updated>2026-01-02T00:00:00Z</updated><published>2026-01-01T10:00:00Z</published>
            <link rel="alternate" href="https://agency.example/1"/><summary>Ash over Reykjavík &amp;amp; the south.</summary></entry>
            <entry><id>tag:agency,2026:1</id><title>Volcano erupts again</title><published>2026-01-03T10:00:00Z</published>
            <category term="Iceland"/></entry>
            </feed>
            """
        let imported = ImportHarness.text(atom, with: RSSImporter.self)
        #expect(imported.ids == ["atom:tag:agency,2026:1"])
        let event = try #require(imported.events.first)
        #expect(event.kind == .volcano && event.title == "Volcano erupts in Iceland" && event.regionCodes == ["IS"])
        #expect(event.start == date("2026-01-01T10:00:00Z") && event.url == "https://agency.example/1")
        #expect(event.summary == "Ash over Reykjavík & the south.")
        #expect(imported.problemPlaces == ["5:1 info"])
    }

    @Test func aFeedThatTurnsOutToBeCAPIsReadAsCAP() {
        // The head BuiltInImporters looks at may end before the first embedded alert.
        let source = FeedFixtures.source("atom/amber-alert-prefixed-atom-embedded-cap11.atom")
        let result = RSSImporter().read(source, options: ImportOptions())
        #expect(result.events.map(\.id) == ["cap:KARO@CLETS.DOJ.DC.GOV,http://doj.dc.gov/amber12345"])
        #expect(BuiltInImporters.importer(for: "feed", head: source.bytes.prefix(200)).map { $0.name } == "rss")
    }

    @Test func notAFeed() {
        let imported = ImportHarness.text("<html><body>hello</body></html>", with: RSSImporter.self)
        #expect(imported.events.isEmpty && imported.problemPlaces == ["1:1 error"])
    }
}
