import Foundation
import Testing
@testable import GaffeKit

struct CAPImporterTests {
    let date = ImportHarness.date
    let day = ImportHarness.day

    func cap(_ path: String, options: ImportOptions = ImportOptions()) -> Imported {
        ImportHarness.fixture(path, expected: CAPImporter.self, options: options)
    }

    // MARK: - Every CAP fixture

    @Test func canadianAlertInTwoLanguagesIsOneEvent() throws {
        let imported = cap("cap/eccc-naads-2019-special-weather-statement-en-fr.xml")
        #expect(imported.result.problems.isEmpty)
        #expect(imported.ids == ["cap:cap-pac@canada.ca,urn:oid:2.49.0.1.124.3026064006.2019"])
        let event = try #require(imported.events.first)
        #expect(event.kind == .storm && event.sourceKind == "weather" && event.severity == .minor)
        #expect(event.regionCodes == ["CA-NL"])
        #expect(event.title == "special weather statement in effect")
        #expect(event.start == date("2019-07-12T17:59:29Z") && event.end == date("2019-07-13T01:59:29Z") && event.grace == day)
        #expect(event.notes.contains("in en-CA, fr-CA"))
        #expect(event.source.line == 2 && event.source.itemID == "urn:oid:2.49.0.1.124.3026064006.2019")
    }

    @Test func prefixedAustralianFireWithCircleAndISOGeocode() throws {
        let imported = cap("cap/nsw-rfs-2011-structure-fire-cap-prefix-circle.cap")
        #expect(imported.result.problems.isEmpty)
        let event = try #require(imported.events.first)
        #expect(imported.events.count == 1)
        #expect(event.id == "cap:webmaster@rfs.nsw.gov.au,tag:www.rfs.nsw.gov.au2011-10-06:40184")
        #expect(event.kind == .wildfire && event.severity == .minor && event.regionCodes == ["AU-NSW"])
        #expect(event.start == date("2011-10-05T13:04:00Z") && event.end == date("2011-10-06T13:04:00Z"))
        #expect(event.title == "Yerong Creek Structure Fire")
    }

    @Test func icelandicAlertTakesItsEnglishTitleAndPolygon() throws {
        let event = try #require(cap("cap/imo-iceland-2021-wind-warning-is.cap").events.first)
        #expect(event.kind == .storm && event.sourceKind == "Weather Warning: Wind" && event.severity == .moderate)
        #expect(event.title == "Southeast gales" && event.regionCodes == ["IS"])
        #expect(event.start == date("2021-09-12T18:00:00Z") && event.end == date("2021-09-13T10:00:00Z"))
        #expect(event.sensitiveEnd == event.start.addingTimeInterval(2 * day))
    }

    @Test func taiwaneseReservoirReleaseIsOtherInTaiwan() throws {
        let imported = cap("cap/wra-taiwan-2014-reservoir-release-bom-zh.cap")
        #expect(imported.result.problems.isEmpty)
        let event = try #require(imported.events.first)
        #expect(event.kind == .other && event.sourceKind == "水庫洩洪" && event.title == "明德水庫:洩洪中")
        #expect(event.notes.contains("kind not recognised: '水庫洩洪' (category Infra), imported as other"))
        #expect(event.regionCodes == ["TW"])
        #expect(event.notes.contains { $0.contains("country of the sender 'ddmt01@wra.gov.tw'") })
    }

    @Test func mexicanUpdateSupersedesAndNamesTheStorm() throws {
        let imported = cap("cap/conagua-mexico-2018-tropical-storm-vicente-es.xml")
        #expect(imported.result.problems.isEmpty)
        #expect(imported.result.superseded == ["cap:smn.cna.gob.mx,avisossmn-ciclontropical-4061"])
        let event = try #require(imported.events.first)
        #expect(event.kind == .tropicalStorm && event.severity == .moderate && event.regionCodes == ["MX"])
        #expect(event.notes.contains("severity 'Unknown' read as moderate"))
        #expect(event.keywords == ["Tormenta Tropical Vicente", "Vicente"] && event.hashtags.contains("Vicente"))
        #expect(event.start == date("2018-10-20T12:15:00Z") && event.end == date("2018-10-20T15:15:00Z"))
    }

    @Test func openEndedSecurityAdvisoryNationwide() throws {
        let event = try #require(cap("cap/dhs-2003-hsas-orange-security-nationwide.cap").events.first)
        #expect(event.kind == .terrorAttack && event.severity == .severe && event.regionCodes == ["US"])
        #expect(event.start == date("2003-04-02T19:39:01Z") && event.end == event.start && event.grace == 14 * day)
        #expect(event.notes.contains("no end given: sensitive for the default window"))
    }

    @Test func swedishWrapperOfSeventeenAlerts() {
        let imported = cap("cap/smhi-2019-nonstandard-alerts-wrapper-17-alerts.cap")
        #expect(imported.problemPlaces == ["2:1 info"])
        #expect(imported.events.count == 17)
        #expect(Set(imported.events.map(\.regionCodes)) == [["SE"]])
        #expect(imported.events.filter { $0.kind == .winterStorm }.count == 7)
        #expect(imported.events.filter { $0.kind == .storm }.count == 10)
        // `expires` a year after onset is message validity: read as 7 days.
        #expect(imported.events.allSatisfy { $0.end == $0.start.addingTimeInterval(7 * day) })
        #expect(imported.events.map { $0.source.line ?? 0 } == [3, 79, 155, 231, 307, 383, 459, 535, 611, 685, 759, 833, 907, 981, 1055, 1129, 1203])
    }

    @Test func hostileAlertImportsWithoutLoadingAnything() throws {
        let imported = cap("cap/hostile-xxe-entities-xinclude.cap")
        #expect(imported.problemPlaces == ["8:11 warning", "9:8 warning", "10:9 warning", "13:3 info", "37:59 warning", "38:46 warning",
                                           "39:287 warning", "41:81 warning", "42:35 warning", "44:167 warning"])
        #expect(imported.result.problems[3].message == "elements CAP does not define were ignored: x, y")
        let event = try #require(imported.events.first)
        #expect(event.kind == .storm && event.severity == .severe && event.regionCodes == ["US-CA"])
        #expect(event.title == "SEVERE THUNDERSTORM WARNING")
        #expect(!(event.summary ?? "").contains("root:"))
    }

    @Test func brokenNWSAlertIsReadWithWarningsAtItsLines() throws {
        let imported = cap("cap/broken-nws-cap11-empty-enums-bad-polygon.cap")
        #expect(imported.problemPlaces == ["66:1 warning", "67:1 info"])
        #expect(imported.result.problems[0].message.contains("loosely"))
        #expect(imported.result.problems[1].message == "empty <polygon> skipped")
        let event = try #require(imported.events.first)
        #expect(event.kind == .flood && event.severity == .moderate && event.regionCodes == ["US-NV"])
        #expect(event.notes.contains("no severity given; read as moderate"))
        // From `effective` to the VTEC end (the split second VTEC line is hydrologic and ignored).
        #expect(event.start == date("2011-07-10T03:52:00Z") && event.end == date("2011-07-12T03:15:00Z"))
    }

    @Test func wrongNamespaceIsNotCAP() {
        let imported = cap("cap/broken-wrong-namespace-zh.cap")
        #expect(imported.events.isEmpty)
        #expect(imported.problemPlaces == ["2:1 error"])
        #expect(imported.result.problems[0].message.contains("not a CAP alert") && imported.result.problems[0].message.contains("emergency:alerts:1.2"))
    }

    @Test func latin1USGSEarthquakeAlert() throws {
        let imported = cap("usgs/usgs-cap-2012-el-salvador-iso-8859-1.cap")
        #expect(imported.result.problems.isEmpty)
        let event = try #require(imported.events.first)
        #expect(event.kind == .earthquake && event.severity == .minor && event.regionCodes == ["SV"])
        #expect(event.title == "EQ 4.6 Usulután, Usulután, El Salvador - PRELIMINARY REPORT")
        #expect(event.notes.contains("severity 'Unknown' read from magnitude 4.6"))
        #expect(event.start == date("2012-10-14T22:40:56Z") && event.end == date("2012-10-21T22:40:56Z"))
    }

    @Test func hurricaneLauraUpdate() throws {
        let imported = cap("nws/nws-ipaws-2020-hurricane-laura-warning-multi-polygon.xml")
        #expect(imported.result.problems.isEmpty)
        #expect(imported.result.superseded.count == 8)
        #expect(imported.result.superseded.first == "cap:w-nws.webmaster@noaa.gov,NWS-IDP-PROD-4410291-3675936")
        let event = try #require(imported.events.first)
        #expect(event.id == "cap:w-nws.webmaster@noaa.gov,NWS-IDP-PROD-4412298-3677414")
        #expect(event.kind == .hurricane && event.severity == .extreme && event.regionCodes == ["US-LA"])
        // The message expires after 8 hours; an extreme hurricane stays sensitive 14 days.
        #expect(event.start == date("2020-08-26T09:14:10Z") && event.end == date("2020-08-26T17:15:00Z"))
        #expect(event.sensitiveEnd == event.start.addingTimeInterval(14 * day))
    }

    @Test func tsunamiWarningOutlivesItsOneHourMessage() throws {
        let imported = cap("nws/nws-wcatwc-2011-tsunami-warning.cap")
        #expect(imported.result.superseded == ["cap:PAAQ,PAAQ-1-lqw6d6"])
        let event = try #require(imported.events.first)
        #expect(event.kind == .tsunami && event.severity == .extreme && event.regionCodes == ["US-AK"])
        #expect(event.end == event.start.addingTimeInterval(3600))
        #expect(event.sensitiveEnd == event.start.addingTimeInterval(30 * day))
    }

    @Test func legacyNWSAtomIndex() {
        let imported = cap("nws/nws-cap11-atom-index-us-2014.atom")
        #expect(imported.problemPlaces == ["35:2 info", "67:2 info"])
        #expect(imported.events.map(\.kind) == [.storm, .storm])
        #expect(imported.events.map(\.severity) == [.minor, .severe])
        #expect(imported.events.map(\.regionCodes) == [["US-NM"], ["US-NM"]])
        #expect(imported.events.map(\.sourceKind) == ["Wind Advisory", "High Wind Warning"])
        #expect(imported.events[0].id.hasPrefix("atom:http://alerts.weather.gov/cap/wwacapget.php?x=NM125154019200.WindAdvisory"))
        #expect(imported.events.allSatisfy { $0.start == date("2014-05-11T04:00:00Z") && $0.end == date("2014-05-12T01:00:00Z") })
    }

    @Test func amberAlertEmbeddedInPrefixedAtom() throws {
        let imported = cap("atom/amber-alert-prefixed-atom-embedded-cap11.atom")
        #expect(imported.problemPlaces == ["42:13 warning"])
        #expect(imported.result.problems[0].message.contains("'Washington D.C.' names US-DC, but its codes (FIPS6 006037) are in US-CA"))
        let event = try #require(imported.events.first)
        #expect(event.id == "cap:KARO@CLETS.DOJ.DC.GOV,http://doj.dc.gov/amber12345")
        #expect(event.kind == .other && event.severity == .severe && event.regionCodes == ["US-CA"])
        #expect(event.notes.contains("kind not recognised: 'Child Abduction' (SAME CAE), imported as other"))
    }

    @Test func swedishAtomWithSwappedCircles() {
        let imported = cap("atom/krisinformation-2018-cap-feed-sv.atom")
        #expect(imported.lines(.warning) == [20, 24, 41, 59, 63, 79, 83])
        #expect(imported.result.problems.allSatisfy { $0.message.contains("read swapped") })
        #expect(imported.events.map(\.kind) == [.other, .storm, .other, .other])
        #expect(imported.events.allSatisfy { $0.regionCodes == ["SE"] })
        #expect(imported.events[1].title == "Varning för storm i Norrbottens län, norra Lapplandsfjällen")
        #expect(imported.events[1].start == date("2018-11-15T14:35:16Z"))
    }

    @Test func pelmorexAtomIsReadAsLatin1AndItsUpdateHasEnded() throws {
        let imported = cap("atom/broken-pelmorex-naads-latin1-bytes-declared-utf8.atom")
        #expect(imported.problemPlaces == ["1:548 warning"])
        let event = try #require(imported.events.first)
        #expect(event.title == "bulletin météorologique spécial annulé")
        #expect(event.kind == .storm && event.severity == .minor && event.regionCodes == ["CA"])
        // msgType=Update with urgency=Past: over when sent.
        #expect(event.start == date("2014-05-10T02:17:00Z") && event.end == event.start)
        #expect(event.notes.contains("over: the update says the hazard has passed"))
    }

    // MARK: - Message types and edge cases

    func alert(_ body: String, type: String = "Alert", status: String = "Actual", sender: String = "alerts@example.gov",
               identifier: String = "B-2", references: String? = nil, sent: String = "2026-03-01T10:00:00-00:00") -> String {
        """
        <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
          <identifier>\(identifier)</identifier><sender>\(sender)</sender><sent>\(sent)</sent>
          <status>\(status)</status><msgType>\(type)</msgType><scope>Public</scope>
          \(references.map { "<references>\($0)</references>" } ?? "")
          \(body)
        </alert>
        """
    }

    let tornadoInfo = """
        <info><category>Met</category><event>Tornado Warning</event><urgency>Immediate</urgency><severity>Extreme</severity>
        <certainty>Observed</certainty><onset>2026-03-01T10:00:00-06:00</onset><expires>2026-03-01T11:00:00-06:00</expires>
        <area><areaDesc>Story County</areaDesc><geocode><valueName>SAME</valueName><value>019169</value></geocode></area></info>
        """

    @Test func cancelEndsTheReferencedAlerts() {
        let imported = ImportHarness.text(alert("", type: "Cancel", references: "alerts@example.gov,A-1,2026-03-01T09:00:00-00:00 alerts@example.gov,A-0,2026-03-01T08:00:00-00:00"),
                                          with: CAPImporter.self)
        #expect(imported.events.isEmpty && imported.result.problems.isEmpty)
        #expect(imported.result.cancelled == ["cap:alerts@example.gov,A-1", "cap:alerts@example.gov,A-0"])
        #expect(imported.result.cancelledAt["cap:alerts@example.gov,A-1"] == date("2026-03-01T10:00:00Z"))
        let bare = ImportHarness.text(alert("", type: "Cancel"), with: CAPImporter.self)
        #expect(bare.result.cancelled.isEmpty && bare.problemPlaces == ["1:1 warning"])
    }

    @Test func updateSupersedesAndAnAllClearEndsAtItsSentTime() throws {
        let update = ImportHarness.text(alert(tornadoInfo, type: "Update", references: "alerts@example.gov,A-1,2026-03-01T09:00:00-00:00 alerts@example.gov,B-2,x"),
                                        with: CAPImporter.self)
        #expect(update.result.superseded == ["cap:alerts@example.gov,A-1"])
        let event = try #require(update.events.first)
        #expect(event.kind == .tornado && event.severity == .extreme && event.regionCodes == ["US-IA"])
        #expect(event.start == date("2026-03-01T16:00:00Z") && event.end == date("2026-03-01T17:00:00Z"))

        let allClear = tornadoInfo.replacingOccurrences(of: "<urgency>Immediate</urgency>", with: "<urgency>Past</urgency><responseType>AllClear</responseType>")
        let ended = try #require(ImportHarness.text(alert(allClear, type: "Update", references: "alerts@example.gov,A-1,x", sent: "2026-03-01T16:20:00-00:00"),
                                                    with: CAPImporter.self).events.first)
        #expect(ended.end == date("2026-03-01T16:20:00Z"))
    }

    @Test func onlyActualAlertsAreImported() {
        for status in ["Test", "Exercise", "System", "Draft"] {
            let imported = ImportHarness.text(alert(tornadoInfo, status: status), with: CAPImporter.self)
            #expect(imported.events.isEmpty && imported.problemPlaces == ["1:1 info"])
            #expect(imported.result.problems[0].message == "alert B-2 has status '\(status)', not 'Actual'; not imported")
        }
        #expect(ImportHarness.text(alert(tornadoInfo, type: "Ack"), with: CAPImporter.self).events.isEmpty)
    }

    @Test func certaintyUnlikelyLowersTheSeverity() throws {
        let unlikely = tornadoInfo.replacingOccurrences(of: "<certainty>Observed</certainty>", with: "<certainty>Unlikely</certainty>")
        let event = try #require(ImportHarness.text(alert(unlikely), with: CAPImporter.self).events.first)
        #expect(event.severity == .severe && event.notes.contains("one step lower: certainty Unlikely"))
    }

    @Test func anAlertWithoutIdentityOrTimeOrPlaceIsReportedNotImported() {
        let anonymous = ImportHarness.text(alert(tornadoInfo, sender: "", identifier: ""), with: CAPImporter.self)
        #expect(anonymous.events.isEmpty && anonymous.problemPlaces == ["1:1 error"])

        let badTime = tornadoInfo.replacingOccurrences(of: "2026-03-01T10:00:00-06:00", with: "soon")
        let timeless = ImportHarness.text(alert(badTime, sent: "yesterday"), with: CAPImporter.self)
        #expect(timeless.events.isEmpty && timeless.problemPlaces == ["2:66 error"])
        #expect(timeless.result.problems[0].message.contains("'sent' is 'yesterday'") && timeless.result.problems[0].message.contains("not imported"))

        let nowhere = """
            <info><category>Met</category><event>Flood Warning</event><severity>Severe</severity>
            <onset>2026-03-01T10:00:00-06:00</onset><area><areaDesc>Zone 12</areaDesc></area></info>
            """
        let lost = ImportHarness.text(alert(nowhere, sender: "duty-forecaster"), with: CAPImporter.self)
        #expect(lost.events.isEmpty && lost.problemPlaces == ["1:1 warning"])
        var options = ImportOptions()
        options.defaultRegions = [Region(code: "NZ")!]
        let placed = ImportHarness.text(alert(nowhere, sender: "duty-forecaster"), with: CAPImporter.self, options: options)
        #expect(placed.events.first?.regionCodes == ["NZ"])
    }

    @Test func aBadExpiryIsAnErrorButTheAlertStillImports() throws {
        let badExpiry = tornadoInfo.replacingOccurrences(of: "<expires>2026-03-01T11:00:00-06:00</expires>", with: "<expires>11am</expires>")
        let imported = ImportHarness.text(alert(badExpiry), with: CAPImporter.self)
        #expect(imported.problemPlaces == ["6:72 error"])
        #expect(imported.result.problems[0].message.contains("'expires' is '11am'"))
        #expect(imported.events.count == 1)
    }

    @Test func theSameAlertTwiceInAWrapperIsOneEvent() {
        let wrapper = "<alerts xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\">" + alert(tornadoInfo).replacingOccurrences(of: " xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\"", with: "")
            + alert(tornadoInfo).replacingOccurrences(of: " xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\"", with: "") + "</alerts>"
        let imported = ImportHarness.text(wrapper, with: CAPImporter.self)
        #expect(imported.events.count == 1)
        #expect(imported.problems(.info).count == 2)
    }

    @Test func detection() {
        let alertHead = Array("<?xml version='1.0'?><cap:alert xmlns:cap='urn:oasis:names:tc:emergency:cap:1.1'>".utf8)[...]
        #expect(CAPImporter.accepts(path: "feed.xml", head: alertHead))
        #expect(CAPImporter.accepts(path: "x.cap", head: []))
        let capAtom = Array("<feed xmlns='http://www.w3.org/2005/Atom' xmlns:cap='urn:oasis:names:tc:emergency:cap:1.2'>".utf8)[...]
        #expect(CAPImporter.accepts(path: "feed", head: capAtom))
        #expect(!CAPImporter.accepts(path: "news.xml", head: Array("<rss version='2.0'><channel>".utf8)[...]))
    }
}
