import Foundation
import Testing
@testable import GaffeKit

struct NWSImporterTests {
    let date = ImportHarness.date
    let day = ImportHarness.day

    func nws(_ path: String) -> Imported { ImportHarness.fixture(path, expected: NWSImporter.self) }

    @Test func winterWeatherAdvisoryUsesEndsNotExpires() throws {
        let imported = nws("nws/nws-api-alerts-point-2024-01-12-winter-weather-advisory.json")
        #expect(imported.result.problems.isEmpty)
        let event = try #require(imported.events.first)
        #expect(imported.events.count == 1)
        #expect(event.id == "cap:w-nws.webmaster@noaa.gov,urn:oid:2.49.0.1.840.0.3cf3c3316c2e34fe7ce8f6af92539effd9d6c01f.011.1")
        #expect(event.kind == .winterStorm && event.sourceKind == "Winter Weather Advisory")
        // Moderate in the feed, at most minor for an advisory.
        #expect(event.severity == .minor && event.notes.contains("at most minor for an NWS Winter Weather Advisory"))
        #expect(event.regionCodes == ["US-MN"])
        // `expires` is 22:15 CST; the hazard `ends` at 06:00 the next morning.
        #expect(event.start == date("2024-01-12T20:05:00Z") && event.end == date("2024-01-13T12:00:00Z"))
        #expect(event.timeZone?.secondsFromGMT() == -6 * 3600)
        #expect(event.source.line == 12)
        // Two references and six expired references.
        #expect(imported.result.superseded.count == 8)
        #expect(imported.result.superseded.contains("cap:w-nws.webmaster@noaa.gov,urn:oid:2.49.0.1.840.0.a9b0168968276be115b0972cbad265be0a817ded.001.2"))
        #expect(imported.result.superseded.contains("cap:w-nws.webmaster@noaa.gov,urn:oid:2.49.0.1.840.0.16dbf388d87ee1ce9cb8846f7e076412151cd7b3.009.2"))
    }

    @Test func floodWatchUpdateAcrossTwoStates() throws {
        let imported = nws("nws/nws-api-alerts-zone-2019-flood-watch-update.json")
        #expect(imported.result.problems.isEmpty)
        let event = try #require(imported.events.first)
        #expect(event.id == "cap:w-nws.webmaster@noaa.gov,NWS-IDP-PROD-3965873-3369046")
        #expect(event.kind == .flood && event.severity == .moderate && event.regionCodes == ["US-OR", "US-WA"])
        #expect(event.start == date("2019-12-20T21:34:00Z") && event.end == date("2019-12-22T18:00:00Z"))
        #expect(imported.result.superseded == [
            "cap:w-nws.webmaster@noaa.gov,NWS-IDP-PROD-3964821-3368352", "cap:w-nws.webmaster@noaa.gov,NWS-IDP-PROD-3965324-3368680",
            "cap:w-nws.webmaster@noaa.gov,NWS-IDP-PROD-3965155-3368578", "cap:w-nws.webmaster@noaa.gov,NWS-IDP-PROD-3963421-3367361",
        ])
    }

    @Test func templatedTimesAreReportedAndRecoveredFromVTEC() throws {
        let imported = nws("nws/broken-nws-api-templated-times-cedar-rapids-polygons.json")
        // 48 alerts: 36 with a start in their VTEC or storm motion (warnings), 12 without (errors).
        #expect(imported.events.count == 36)
        #expect(imported.problems(.warning).count == 36 && imported.problems(.error).count == 12)
        #expect(imported.lines(.error) == [525, 591, 696, 869, 947, 1048, 1812, 1873, 1986, 2908, 2968, 3531])
        #expect(imported.result.problems.allSatisfy { $0.message.hasPrefix("times are not timestamps ('sent' is 'date:now ") })
        #expect(imported.problems(.error).allSatisfy { $0.message.hasSuffix("not imported") })
        #expect(imported.events.allSatisfy { $0.regionCodes.contains("US-IA") })

        let first = try #require(imported.events.first)
        #expect(first.kind == .storm && first.sourceKind == "Severe Thunderstorm Warning" && first.severity == .severe)
        // VTEC /O.NEW.KDMX.SV.W.0106.240521T1930Z-240521T2015Z/ and eventEndingTime 20:15.
        #expect(first.start == date("2024-05-21T19:30:00Z") && first.end == date("2024-05-21T20:15:00Z"))
        #expect(first.regionCodes == ["US-IA"])

        let tornado = try #require(imported.events.first { $0.sourceKind == "Tornado Warning" })
        #expect(tornado.kind == .tornado && tornado.severity == .extreme)
        // A continuing warning whose start survives only in eventMotionDescription.
        #expect(tornado.start == date("2024-05-21T19:26:00Z"))
        let watches = imported.events.filter { $0.sourceKind == "Tornado Watch" }
        #expect(watches.count == 6 && watches.allSatisfy { $0.severity == .moderate })
        #expect(watches.map(\.regionCodes).contains(["US-IA", "US-MN", "US-WI"]))
    }

    @Test func cancelDuplicateAndBrokenJSON() {
        let feature = { (id: String, type: String) in
            """
            {"type": "Feature", "geometry": null, "properties": {"id": "\(id)", "sender": "w-nws.webmaster@noaa.gov",
             "sent": "2026-03-01T10:00:00-06:00", "onset": "2026-03-01T10:00:00-06:00", "status": "Actual", "messageType": "\(type)",
             "event": "Tornado Warning", "severity": "Extreme", "category": "Met", "areaDesc": "Story, IA",
             "geocode": {"UGC": ["IAC169"]},
             "references": [{"identifier": "OLD-1", "sender": "w-nws.webmaster@noaa.gov", "sent": "2026-03-01T09:00:00-06:00"}]}}
            """
        }
        let collection = "{\"type\": \"FeatureCollection\", \"features\": [\(feature("NEW-1", "Alert")), \(feature("NEW-1", "Alert")), \(feature("NEW-2", "Cancel"))]}"
        let imported = ImportHarness.text(collection, path: "alerts.json", with: NWSImporter.self)
        #expect(imported.ids == ["cap:w-nws.webmaster@noaa.gov,NEW-1"])
        #expect(imported.problems(.info).count == 1 && imported.problems(.info)[0].message.contains("appears again"))
        #expect(imported.result.cancelled == ["cap:w-nws.webmaster@noaa.gov,OLD-1"])
        #expect(imported.result.cancelledAt["cap:w-nws.webmaster@noaa.gov,OLD-1"] == date("2026-03-01T16:00:00Z"))

        let broken = ImportHarness.text("{\"type\": \"FeatureCollection\",\n \"features\": [\n {\"id\": 1,}\n]}", path: "alerts.json", with: NWSImporter.self)
        #expect(broken.events.isEmpty && broken.problemPlaces == ["3:11 error"])
        #expect(broken.result.problems[0].message == "invalid JSON: expected a quoted key; nothing imported")
    }

    @Test func jsonLDGraph() {
        let graph = """
            {"@context": {}, "@graph": [{"id": "G-1", "sender": "w-nws.webmaster@noaa.gov", "sent": "2026-03-01T10:00:00-05:00",
             "status": "Actual", "messageType": "Alert", "event": "Flash Flood Warning", "severity": "Severe",
             "geocode": {"SAME": ["051059"]}, "areaDesc": "Fairfax, VA"}]}
            """
        let imported = ImportHarness.text(graph, path: "alerts.jsonld", with: NWSImporter.self)
        #expect(imported.events.map(\.kind) == [.flood] && imported.events.first?.regionCodes == ["US-VA"])
    }

    @Test func detection() {
        #expect(NWSImporter.accepts(path: "a.json", head: Array("\u{FEFF}{\"@context\": [\"https://api.weather.gov/x\"]".utf8)[...]))
        #expect(!NWSImporter.accepts(path: "a.json", head: Array("{\"type\":\"FeatureCollection\",\"metadata\":{\"url\":\"https://earthquake.usgs.gov\"".utf8)[...]))
        #expect(!NWSImporter.accepts(path: "a.xml", head: Array("<rss>api.weather.gov".utf8)[...]))
    }
}
