import Foundation
import Testing
@testable import GaffeKit

struct GDACSImporterTests {
    let date = ImportHarness.date
    let day = ImportHarness.day

    func gdacs(_ path: String, options: ImportOptions = ImportOptions()) -> Imported {
        ImportHarness.fixture(path, expected: GDACSImporter.self, options: options)
    }

    @Test func feed2019WithBOM() throws {
        let imported = gdacs("gdacs/gdacs-rss-2019-12-30-bom.xml")
        #expect(imported.result.problems.isEmpty)
        #expect(imported.events.count == 16)
        #expect(imported.events.map(\.id).prefix(3) == ["gdacs:TC1000643", "gdacs:EQ1199929", "gdacs:TC1000642"])
        let calvinia = try #require(imported.event("gdacs:TC1000643"))
        #expect(calvinia.kind == .hurricane && calvinia.severity == .minor && calvinia.regionCodes == ["MU"])
        #expect(calvinia.keywords.prefix(2) == ["Calvinia", "Cyclone Calvinia"] && calvinia.hashtags.contains("CycloneCalvinia"))
        #expect(calvinia.source.itemID == "TC1000643/1" && calvinia.source.line == 14)
        // PHANFONE-19: the event's alertlevel is Orange, its latest episode only Green.
        let phanfone = try #require(imported.event("gdacs:TC1000641"))
        #expect(phanfone.severity == .severe && phanfone.regionCodes == ["PH"])
        #expect(phanfone.start == date("2019-12-21T18:00:00Z") && phanfone.end == date("2019-12-28T18:00:00Z"))
        // A drought over several countries, with iso3 naming only the first.
        let drought = try #require(imported.event("gdacs:DR1013682"))
        #expect(drought.kind == .drought && drought.regionCodes == ["BG", "IQ", "IR", "TR"])
        #expect(imported.events.filter { $0.notes.contains("GDACS no longer lists this event as current") }.count == 9)
    }

    @Test func feed2024DoubleEncodedWithAllSixTypes() throws {
        let imported = gdacs("gdacs/gdacs-rss-2024-12-10-all-six-types-double-encoded-crlf.xml")
        #expect(imported.problemPlaces == ["1:1 warning", "177:5 warning", "771:5 warning", "825:5 warning", "934:36 warning", "1203:5 warning"])
        #expect(imported.result.problems[1].message == PlaceFinder.Message.noRegion)
        #expect(imported.events.count == 70)
        let counts = Dictionary(grouping: imported.events, by: \.sourceKind).mapValues(\.count)
        #expect(counts == ["EQ": 12, "TC": 1, "FL": 8, "VO": 2, "DR": 19, "WF": 28])
        let chido = try #require(imported.event("gdacs:TC1001131"))
        #expect(chido.severity == .severe && chido.regionCodes == ["MG"] && chido.keywords.contains("Cyclone Chido"))
        let kanlaon = try #require(imported.event("gdacs:VO1000104"))
        #expect(kanlaon.kind == .volcano && kanlaon.keywords == ["Kanlaon", "Kanlaon eruption"])
        #expect(kanlaon.start == kanlaon.end && kanlaon.sensitiveEnd == kanlaon.start.addingTimeInterval(14 * day))
        // "TÃ¼rkiye" is not turned into a keyword; the iso3 still places it.
        let turkey = try #require(imported.event("gdacs:FL1103041"))
        #expect(turkey.regionCodes == ["TR"] && turkey.keywords.isEmpty)
        // An offshore quake with an empty iso3, placed in the nearest region.
        let offshore = try #require(imported.event("gdacs:EQ1456876"))
        #expect(offshore.regionCodes == ["US-AK"] && offshore.notes.contains { $0.contains("nearest region") })
        let southernEurope = try #require(imported.event("gdacs:DR1016679"))
        #expect(southernEurope.regionCodes == ["BG", "CY", "ES", "GR", "IT", "MK", "MT"])
    }

    @Test func archiveWithEmptyIso3AndCommasInCountryNames() throws {
        let imported = gdacs("gdacs/gdacs-archive-2013-2016-orange-red-crlf-bom.xml")
        #expect(imported.result.problems.isEmpty)
        #expect(imported.events.count == 100)
        #expect(imported.events.allSatisfy { $0.severity >= .severe })
        #expect(imported.events.filter { $0.severity == .extreme }.count == 23)
        let nepal = try #require(imported.event("gdacs:EQ1052901"))
        #expect(nepal.kind == .earthquake && nepal.severity == .extreme && nepal.regionCodes == ["NP"])
        #expect(nepal.start == date("2015-04-25T06:11:26Z") && nepal.sensitiveEnd == nepal.start.addingTimeInterval(30 * day))
        let haiyan = try #require(imported.event("gdacs:TC41058"))
        #expect(haiyan.regionCodes == ["CN", "VN", "PH", "PW"] && haiyan.keywords.contains("Typhoon Haiyan"))
        let erika = try #require(imported.event("gdacs:TC1000203"))
        #expect(erika.regionCodes.contains("VG") && erika.regionCodes.contains("VI") && erika.regionCodes.contains("US-VI"))
        #expect(try #require(imported.event("gdacs:FL4297")).regionCodes == ["GT"])
        #expect(try #require(imported.event("gdacs:TC42161")).regionCodes == ["RE", "YT", "TF"])
        let odd = try #require(imported.event("gdacs:EQx1028861"))
        #expect(odd.kind == .other && odd.notes.contains("kind not recognised: GDACS event type 'EQx', imported as other"))
    }

    @Test func anItemWithOnlyABoundingBoxAtSea() {
        let imported = gdacs("gdacs/gdacs-rss-item-with-bbox-only.xml")
        #expect(imported.events.isEmpty && imported.problemPlaces == ["11:5 warning"])
        var options = ImportOptions()
        options.defaultRegions = [Region(code: "MU")!]
        let placed = gdacs("gdacs/gdacs-rss-item-with-bbox-only.xml", options: options)
        #expect(placed.result.problems.isEmpty)
        let event = placed.events.first
        // Type, id and level come from the guid and dc:subject when the gdacs fields are missing.
        #expect(event?.id == "gdacs:TC1000643" && event?.kind == .hurricane && event?.severity == .minor && event?.regionCodes == ["MU"])
        #expect(event?.notes.contains("event type and id read from the guid 'TC1000643'") == true)
        #expect(event?.notes.contains("alert level read from dc:subject 'TC1'") == true)
    }

    @Test func malformedItemsAreReportedAndTheRestImports() {
        let feed = """
            <rss version="2.0" xmlns:gdacs="http://www.gdacs.org" xmlns:georss="http://www.georss.org/georss"><channel>
            <item><title>Red earthquake alert in Nepal</title><gdacs:eventtype>EQ</gdacs:eventtype><gdacs:eventid>1</gdacs:eventid>
            <gdacs:alertlevel>Red</gdacs:alertlevel><gdacs:fromdate>sometime</gdacs:fromdate><gdacs:iso3>NPL</gdacs:iso3></item>
            <item><title>Orange flood alert</title><gdacs:eventtype>FL</gdacs:eventtype><gdacs:eventid>2</gdacs:eventid>
            <gdacs:alertlevel>Orange</gdacs:alertlevel><gdacs:fromdate>Mon, 01 Jun 2026 00:00:00 GMT</gdacs:fromdate>
            <gdacs:todate>Fri, 05 Jun 2026 00:00:00 GMT</gdacs:todate><georss:point>23.8 90.4</georss:point></item>
            <item><title>No identity</title></item>
            </channel></rss>
            """
        let imported = ImportHarness.text(feed, with: GDACSImporter.self)
        #expect(imported.problemPlaces == ["3:41 error", "7:1 error"])
        #expect(imported.ids == ["gdacs:FL2"])
        #expect(imported.events.first?.regionCodes == ["BD"] && imported.events.first?.severity == .severe)
        #expect(imported.events.first?.end == date("2026-06-05T00:00:00Z"))
    }
}
