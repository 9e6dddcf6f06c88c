import Foundation
import Testing
@testable import GaffeKit

struct USGSImporterTests {
    let date = ImportHarness.date
    let day = ImportHarness.day

    func usgs(_ path: String) -> Imported { ImportHarness.fixture(path, expected: USGSImporter.self) }

    @Test func significantMonthGeoJSON() throws {
        let imported = usgs("usgs/usgs-significant_month-2023-10-11.geojson")
        #expect(imported.result.problems.isEmpty)
        #expect(imported.events.count == 18)
        #expect(imported.events.allSatisfy { $0.kind == .earthquake && $0.start == $0.end })
        let herat = try #require(imported.events.first)
        #expect(herat.id == "usgs:us6000len8" && herat.title == "M 6.3 - western Afghanistan")
        #expect(herat.severity == .extreme && herat.regionCodes == ["AF"] && herat.notes == ["PAGER red"])
        #expect(herat.start.timeIntervalSince1970 == 1_696_984_916.16)
        #expect(herat.sensitiveEnd == herat.start.addingTimeInterval(30 * day))
        #expect(herat.keywords == ["Afghanistan earthquake"])
        let severities = imported.events.map(\.severity)
        #expect(severities.filter { $0 == .severe }.count == 2 && severities.filter { $0 == .moderate }.count == 4)
        // Poland-Slovakia has no PAGER level: magnitude 5.0 is minor.
        #expect(imported.event("usgs:us6000lec2")?.severity == .minor && imported.event("usgs:us6000lec2")?.regionCodes == ["SK"])
        let townsend = try #require(imported.event("usgs:uw61965081"))
        #expect(townsend.regionCodes == ["US-WA"])
        #expect(townsend.notes.contains("USGS tsunami flag set: a large oceanic quake, not a tsunami report"))
        // The same quake's other network ids are replaced by the preferred one.
        #expect(imported.result.superseded.prefix(4) == ["usgs:ew1696818070", "usgs:at00s28p79", "usgs:us6000le56", "usgs:at00s25h5f"])
        #expect(imported.result.superseded.count == 12)
        // At sea 191 km from Hirara: the place name decides.
        #expect(imported.event("usgs:us7000kwg2")?.regionCodes == ["JP"])
        #expect(imported.event("usgs:us6000ldpv")?.keywords == ["Afghanistan earthquake", "Herāt earthquake"])
    }

    @Test func currentAtomTakesTheOriginTimeFromTheSummary() throws {
        let imported = usgs("usgs/usgs-2.5_day-2023-07-10.atom")
        #expect(imported.result.problems.isEmpty)
        #expect(imported.events.count == 40)
        let first = try #require(imported.events.first)
        #expect(first.id == "usgs:us6000kr8m" && first.regionCodes == ["IN"] && first.severity == .minor)
        #expect(first.start == date("2023-07-10T00:08:53Z"))
        #expect(first.notes.first == "origin time read from the HTML summary (the GeoJSON feed gives it directly)")
        #expect(imported.event("usgs:us6000kr87")?.regionCodes == ["NZ"])
        #expect(imported.event("usgs:us6000kr82")?.regionCodes == ["IS"])
        #expect(imported.event("usgs:pr2023190001")?.regionCodes == ["VI", "US-VI"])
        #expect(imported.events.filter { $0.severity == .info }.count == 24)
        #expect(imported.events.map { $0.source.line ?? 0 } == Array(3...42))
    }

    @Test func legacySingleLineAtom() throws {
        let imported = usgs("usgs/usgs-4.5_week-2014-05-10-legacy-single-line.atom")
        #expect(imported.result.problems.isEmpty)
        let event = try #require(imported.events.first)
        #expect(event.id == "usgs:usb000qfgs" && event.title == "M 4.9, 209km WSW of Ile Hunter, New Caledonia")
        #expect(event.start == date("2014-05-09T13:55:12Z") && event.severity == .minor && event.regionCodes == ["NC"])
        #expect(event.source.line == 1)
    }

    @Test func deletedBlastsAndMissingTimes() {
        let feature = { (id: String, extra: String) in
            "{\"type\":\"Feature\",\"id\":\"\(id)\",\"properties\":{\"mag\":5.1,\"place\":\"10 km N of Ica, Peru\",\(extra)},\"geometry\":{\"type\":\"Point\",\"coordinates\":[-75.7,-13.97,30]}}"
        }
        let collection = """
            {"type":"FeatureCollection","metadata":{"url":"https://earthquake.usgs.gov/x"},"features":[
            \(feature("us1", "\"time\":1700000000000,\"type\":\"earthquake\",\"status\":\"reviewed\"")),
            \(feature("us2", "\"time\":1700000000000,\"type\":\"quarry blast\"")),
            \(feature("us3", "\"time\":1700000000000,\"status\":\"deleted\",\"updated\":1700000100000")),
            \(feature("us4", "\"type\":\"earthquake\""))
            ]}
            """
        let imported = ImportHarness.text(collection, path: "all_day.geojson", with: USGSImporter.self)
        #expect(imported.ids == ["usgs:us1"])
        #expect(imported.events.first?.regionCodes == ["PE"] && imported.events.first?.severity == .minor)
        #expect(imported.result.cancelled == ["usgs:us3"])
        #expect(imported.result.cancelledAt["usgs:us3"] == Date(timeIntervalSince1970: 1_700_000_100))
        #expect(imported.problemPlaces == ["5:1 error"])
    }

    @Test func titlesAndKeywords() {
        #expect(USGSImporter.titleParts("M 4.7 - 12 km ESE of Kishtwār, India") == (4.7, "12 km ESE of Kishtwār, India"))
        #expect(USGSImporter.titleParts("M 4.9, 209km WSW of Ile Hunter, New Caledonia") == (4.9, "209km WSW of Ile Hunter, New Caledonia"))
        #expect(USGSImporter.keywords(place: "Volcano Islands, Japan region") == ["Japan earthquake"])
        #expect(USGSImporter.keywords(place: "3 km SW of Ferndale, CA") == ["Ferndale earthquake"])
    }
}
