import Foundation
import Testing
@testable import GaffeKit

struct GeoLookupTests {
    let geo = GeoBoundaries.shared

    func codes(_ latitude: Double, _ longitude: Double) -> [String] {
        geo.place(.point(GeoPoint(latitude: latitude, longitude: longitude))).regions.map(\.code)
    }

    /// The polygon of a CAP or NWS fixture, read the way the importers read it.
    func capPolygon(_ path: String, index: Int = 0) throws -> GeoShape {
        let source = FeedFixtures.source(path)
        let root = try #require(XMLTree.parse(source).root)
        let element = try #require(root.descendants(named: "polygon").filter { !$0.trimmedText.isEmpty }.dropFirst(index).first)
        var reader = CAPXMLReader(source: source)
        let shape = reader.polygon(element)
        return try #require(shape)
    }

    @Test func knownPointsLandInTheirRegions() {
        #expect(codes(25.7617, -80.1918) == ["US-FL"])     // Miami
        #expect(codes(64.1466, -21.9426) == ["IS"])        // Reykjavík
        #expect(codes(40.7128, -74.0060) == ["US-NY"])
        #expect(codes(38.9072, -77.0369) == ["US-DC"])
        #expect(codes(61.2181, -149.9003) == ["US-AK"])
        #expect(codes(21.3069, -157.8583) == ["US-HI"])
        #expect(codes(48.8566, 2.3522) == ["FR"])
        #expect(codes(-33.8688, 151.2093) == ["AU"])
        #expect(codes(35.6762, 139.6503) == ["JP"])
        #expect(codes(51.5074, -0.1278) == ["GB"])
    }

    @Test func aPointAtSeaHasNoRegion() {
        #expect(codes(30.0, -40.0).isEmpty)    // mid-Atlantic
        #expect(codes(0, 0).isEmpty)           // Gulf of Guinea
        #expect(geo.closestRegion(to: GeoPoint(latitude: 30, longitude: -40), within: GeoBoundaries.offshoreReach) == nil)
    }

    @Test func holesAndSmallPlacesAndTerritories() {
        #expect(codes(-29.31, 27.48) == ["LS"])             // Maseru: a hole in South Africa
        #expect(codes(18.4655, -66.1057) == ["PR", "US-PR"]) // San Juan: both codes of a US territory
        #expect(codes(43.7384, 7.4246) == ["MC"] || codes(43.7384, 7.4246).contains("MC"))
        #expect(codes(13.4443, 144.7937) == ["GU", "US-GU"]) // Guam, a circle around Hagåtña
    }

    @Test func coastalPointsTakeTheNearestRegionWithinTheTolerance() {
        // Off Cape Hatteras, beyond the simplified coast but within 50 km.
        let placement = geo.place(.point(GeoPoint(latitude: 35.1, longitude: -75.2)))
        #expect(placement.regions.map(\.code) == ["US-NC"])
        #expect(placement.note?.contains("nearest region") == true)
        // Further out, only the offshore reach finds land.
        let offshore = GeoPoint(latitude: 34.0, longitude: -73.5)
        #expect(geo.place(.point(offshore)).regions.isEmpty)
        #expect(geo.place(.point(offshore), reach: GeoBoundaries.offshoreReach).regions.map(\.code) == ["US-NC"])
    }

    @Test func polygonsFromTheFixtures() throws {
        #expect(geo.place(try capPolygon("nws/nws-ipaws-2020-hurricane-laura-warning-multi-polygon.xml", index: 1)).regions.map(\.code) == ["US-LA"])
        #expect(geo.place(try capPolygon("cap/imo-iceland-2021-wind-warning-is.cap")).regions.map(\.code) == ["IS"])
        #expect(geo.place(try capPolygon("cap/hostile-xxe-entities-xinclude.cap")).regions.map(\.code) == ["US-CA"])
        #expect(geo.place(try capPolygon("cap/broken-nws-cap11-empty-enums-bad-polygon.cap")).regions.map(\.code) == ["US-NV"])
        #expect(geo.place(try capPolygon("cap/eccc-naads-2019-special-weather-statement-en-fr.xml")).regions.map(\.code) == ["CA"])
        // Chiapas and Oaxaca: a few vertices on the simplified Guatemalan border do not make it Guatemala.
        #expect(geo.place(try capPolygon("cap/conagua-mexico-2018-tropical-storm-vicente-es.xml")).regions.map(\.code) == ["MX"])
    }

    @Test func nwsGeoJSONPolygons() throws {
        let source = FeedFixtures.source("nws/broken-nws-api-templated-times-cedar-rapids-polygons.json")
        guard case .success(let root) = JSONTree.parse(source) else { Issue.record("cannot parse"); return }
        let features = try #require(root["features"]?.array)
        let shapes = features.flatMap { GeoJSON.shapes($0["geometry"]) }
        #expect(shapes.count == 34)
        let placed = shapes.map { geo.place($0).regions.map(\.code) }
        #expect(placed.allSatisfy { $0.contains("US-IA") })
        // A flood warning along the Missouri River straddles Iowa and Nebraska.
        #expect(placed.filter { $0 == ["US-IA", "US-NE"] || $0 == ["US-NE", "US-IA"] }.count == 2)
    }

    @Test func circlesAndBoxes() {
        // NSW RFS: 25 km around Yerong Creek.
        let circle = GeoShape.circle(center: GeoPoint(latitude: -35.3888, longitude: 147.0598), radiusKilometres: 25)
        #expect(geo.place(circle).regions.map(\.code) == ["AU"])
        // A box across the antimeridian, west past -180 as GDACS writes it, over Fiji.
        let box = GeoShape.box(south: -19, west: -183, north: -16, east: -179)
        #expect(geo.place(box).regions.map(\.code) == ["FJ"])
        #expect(GeoShape.box(south: 0, west: 170, north: 10, east: -170).center == GeoPoint(latitude: 5, longitude: 180))
    }

    @Test func theEmbeddedDataIsCompleteAndSmall() throws {
        let tsv = try #require(EmbeddedResources.files["geo/boundaries.tsv"])
        #expect(tsv.utf8.count < 200_000)
        let codes = tsv.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { String($0.prefix { $0 != "\t" }) }
        #expect(codes.allSatisfy { Region(code: $0) != nil })
        #expect(Set(codes).count == codes.count)
        let states = codes.filter { $0.hasPrefix("US-") }
        #expect(states.count == 51)
        #expect(codes.count - states.count >= 220)
        #expect(geo.countries.count + geo.states.count == codes.count)
    }
}

struct AreaCodeTests {
    @Test func fipsAndSAME() {
        #expect(AreaCodes.region(fips: "006037")?.code == "US-CA")
        #expect(AreaCodes.region(fips: "041007")?.code == "US-OR")
        #expect(AreaCodes.region(fips: "06037")?.code == "US-CA")
        #expect(AreaCodes.region(fips: "72")?.code == "US-PR")
        #expect(AreaCodes.region(fips: "003") == nil)
        #expect(AreaCodes.region(fips: "099001") == nil)
        #expect(AreaCodes.region(fips: "") == nil)
    }

    @Test func ugcGivesTheStateAndMarineZonesNothing() {
        #expect(AreaCodes.region(ugc: "NVC013")?.code == "US-NV")
        #expect(AreaCodes.region(ugc: "akz185")?.code == "US-AK")
        #expect(AreaCodes.region(ugc: "AMZ650") == nil)
        #expect(AreaCodes.region(ugc: "PKZ042") == nil)
        #expect(AreaCodes.region(ugc: "NVX013") == nil)
        #expect(AreaCodes.ugcCodes(in: "AKZ185-187-021236-") == ["AKZ185", "AKZ187"])
        #expect(AreaCodes.ugcCodes(in: "ORZ001>003-WAZ039-") == ["ORZ001", "ORZ002", "ORZ003", "WAZ039"])
    }

    @Test func canadianLocationCodes() {
        #expect(AreaCodes.region(sgc: "1004001")?.code == "CA-NL")
        #expect(AreaCodes.region(sgc: "3537001")?.code == "CA-ON")
        #expect(AreaCodes.region(sgc: "99") == nil)
    }

    @Test func territoriesHaveBothCodes() {
        #expect(AreaCodes.withTerritoryCodes([Region(code: "US-GU")!]).map(\.code) == ["US-GU", "GU"])
        #expect(AreaCodes.withTerritoryCodes([Region(code: "VI")!, Region(code: "FR")!]).map(\.code) == ["VI", "US-VI", "FR"])
    }
}

struct PlaceNameTests {
    func codes(_ text: String) -> [String] { PlaceNames.shared.regions(in: text).map(\.code) }

    @Test func countryListsWithCommasInsideNames() {
        #expect(codes("Anguilla, Virgin Islands, British, Virgin Islands, U.S., Puerto Rico") == ["AI", "VG", "VI", "US-VI", "PR", "US-PR"])
        #expect(codes("Democratic Republic of Congo, Central African Republic, Republic of Congo") == ["CD", "CF", "CG"])
        #expect(codes("Myanmar-India Border Region") == ["MM", "IN"])
        #expect(codes("Hindu Kush Region, Afghanistan") == ["AF"])
    }

    @Test func longestNameFirst() {
        #expect(codes("Amber Alert in Washington D.C.") == ["US-DC"])
        #expect(codes("Port Townsend, Washington") == ["US-WA"])
        #expect(codes("Sydney, New South Wales") == ["AU-NSW"])
        #expect(codes("Cardiff, Wales") == ["GB-WLS"])
        #expect(codes("153 km NNE of Cruz Bay, U.S. Virgin Islands") == ["VI", "US-VI"])
    }

    @Test func accentsCaseAndAmbiguity() {
        #expect(codes("TÜRKIYE") == ["TR"])
        #expect(codes("Turkiye and Türkiye") == ["TR"])
        #expect(codes("Tbilisi, Georgia") == ["GE"])
        #expect(codes("U.S. nationwide and interests worldwide") == ["US"])
        #expect(codes("us and them").isEmpty)
        #expect(codes("Southeast Of Loyalty Islands").isEmpty)
    }
}
