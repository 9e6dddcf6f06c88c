import Foundation
import Testing
@testable import GaffeKit

/// Dates, keywords, sensitivity windows, and the vocabulary file: the pieces every importer uses.
struct FeedDateTests {
    func utc(_ text: String) -> Date? { FeedDates.iso(text)?.date }

    @Test func capTimestamps() {
        #expect(FeedDates.iso("2011-07-09T20:52:00-07:00")?.date == utc("2011-07-10T03:52:00Z"))
        #expect(FeedDates.iso("2019-07-12T17:59:29-00:00")?.offsetSeconds == 0)
        #expect(FeedDates.iso("2023-07-10T01:11:57.793Z")?.date.timeIntervalSince1970 == 1_688_951_517.793)
        #expect(FeedDates.iso("2011-07-09T20:52:00") == nil)
        #expect(FeedDates.iso("date:now -252 seconds") == nil)
    }

    @Test func rfc822AsFeedsWriteIt() {
        #expect(FeedDates.rfc822("Sun, 29 Dec 2019 12:00:00 GMT")?.date == utc("2019-12-29T12:00:00Z"))
        #expect(FeedDates.rfc822("29 Dec 2019 12:00 GMT")?.date == utc("2019-12-29T12:00:00Z"))
        #expect(FeedDates.rfc822("Tue, 10 Jun 03 04:00:00 EDT")?.date == utc("2003-06-10T08:00:00Z"))
        #expect(FeedDates.rfc822("Mon, 02 Sep 2024 11:36:52 +0200")?.date == utc("2024-09-02T09:36:52Z"))
        #expect(FeedDates.rfc822("2024-09-02T11:36:52Z")?.date == utc("2024-09-02T11:36:52Z"))
        #expect(FeedDates.rfc822("Sun, 29 Dec 2019 12:00:00 XYZ") == nil)
        #expect(FeedDates.rfc822("2/4/2011 10:30:00 PM") == nil)
    }

    @Test func vtecAndUSGSTimes() {
        #expect(FeedDates.vtec("240521T1930Z") == utc("2024-05-21T19:30:00Z"))
        #expect(FeedDates.vtec("000000T0000Z") == nil)
        #expect(FeedDates.utcSuffixed("2023-07-10 00:08:53 UTC") == utc("2023-07-10T00:08:53Z"))
        let vtec = VTEC("/O.CON.KTFX.FF.A.0003.000000T0000Z-100830T1800Z/")
        #expect(vtec?.phenomenon == "FF" && vtec?.significance == "A" && vtec?.begin == nil && vtec?.end == utc("2010-08-30T18:00:00Z"))
        #expect(VTEC.all(in: "/O.EXT.KLKN.FA.W.0018.000000T0000Z-110712T0315Z/\n/00000.0.SM.000000T0000Z.000000T0000Z.000000T0000Z.OO/").count == 1)
        #expect(VTEC("/O.CAN.KDMX.SV.W.0104.000000T0000Z-240521T2000Z/")?.isEnding == true)
    }
}

struct KeywordClassifierTests {
    let keywords = FeedVocabulary.shared.keywords

    func kind(_ text: String) -> EventKind? { keywords.classify(text)?.kind }

    @Test func headlinesNameTheirHazard() {
        #expect(kind("Tornado Watch") == .tornado)
        #expect(kind("Storm Surge Warning") == .hurricane)
        #expect(kind("Winter Storm Warning") == .winterStorm)
        #expect(kind("Severe Thunderstorm Warning") == .storm)
        #expect(kind("Aviso de Ciclón Tropical en el Pacífico") == .tropicalStorm)
        #expect(kind("Varning för storm i Norrbottens län") == .storm)
        #expect(kind("Mass shooting at a festival in Texas") == .massShooting)
        #expect(kind("Train derailed near Lyon") == .transportDisaster)
    }

    @Test func figuresOfSpeechAreNotHazards() {
        #expect(kind("They take a crash course in culture, language and protocol") == nil)
        #expect(kind("There are no tropical cyclones at this time.") == nil)
        #expect(kind("A flood of orders for the new phone") == nil)
        #expect(kind("Senator wins in a landslide") == nil)
        #expect(kind("Fire sale on winter coats") == nil)
        #expect(kind("Atlantic Tropical Weather Outlook") == nil)
    }

    @Test func theFirstHazardNamedWins() {
        let match = keywords.classify("Flooding follows the earthquake")
        #expect(match?.kind == .flood && match?.text == "Flooding" && match?.phrase == "flooding")
    }

    @Test func configuredKeywordsAddAndOverride() {
        let custom = FeedVocabulary.shared.keywords(with: ["recall": .brandCrisis, "storm": .other])
        #expect(custom.classify("Product recall announced")?.kind == .brandCrisis)
        #expect(custom.classify("A storm is coming")?.kind == .other)
        #expect(custom.classify("Tornado Watch")?.kind == .tornado)
    }

    @Test func theVocabularyFileIsStrict() {
        #expect(throws: YAMLError.self) {
            _ = try FeedVocabulary(yaml: "same: {TOR: twister}\nvtec: {}\nlow-signal: []\ncap-categories: {}\ngdacs: {}\nkeywords: {}\nignore: []",
                                   path: "vocabulary.yml")
        }
        #expect(throws: YAMLError.self) {
            _ = try FeedVocabulary(yaml: "same: {}\nvtec: {}\nlow-signal: []\ncap-categories: {}\ngdacs: {}\nkeywords: {}\nignore: []\nextra: 1",
                                   path: "vocabulary.yml")
        }
        #expect(FeedVocabulary.shared.same["TOR"] == .tornado && FeedVocabulary.shared.gdacs["WF"] == .wildfire)
    }

    @Test func stormNamesBecomeKeywordsAndHashtags() {
        let names = StormNames.find(in: ["LA TORMENTA TROPICAL \"VICENTE\" SE LOCALIZA AL SUR DE CHIAPAS", "Hurricane Warning issued August 26"])
        #expect(names.keywords == ["Tormenta Tropical Vicente", "Vicente"])
        #expect(names.hashtags == ["Vicente", "TormentaTropicalVicente"])
        #expect(StormNames.find(in: ["Tropical Storm force winds", "HURRICANE WARNING REMAINS IN EFFECT"]).keywords.isEmpty)
    }
}

struct SensitivityPolicyTests {
    let start = Date(timeIntervalSince1970: 1_700_000_000)
    let day: TimeInterval = 86_400

    @Test func anEarthquakeIsAnInstantThatStaysSensitive() {
        let red = SensitivityPolicy.span(start: start, end: nil, kind: .earthquake, severity: .extreme)
        #expect(red.end == start && red.grace == 30 * day)
        let green = SensitivityPolicy.span(start: start, end: nil, kind: .earthquake, severity: .minor)
        #expect(green.grace == day)
    }

    @Test func aShortMessageDoesNotShortenTheWindow() {
        // A tsunami warning whose message expires after an hour.
        let span = SensitivityPolicy.span(start: start, end: start.addingTimeInterval(3600), kind: .tsunami, severity: .extreme)
        #expect(span.end.addingTimeInterval(span.grace) == start.addingTimeInterval(30 * day))
    }

    @Test func aLongHazardKeepsItsEndPlusADay() {
        let span = SensitivityPolicy.span(start: start, end: start.addingTimeInterval(60 * day), kind: .drought, severity: .severe)
        #expect(span.end == start.addingTimeInterval(60 * day) && span.grace == day)
    }

    @Test func anEndBeforeTheStartIsTheStart() {
        let span = SensitivityPolicy.span(start: start, end: start.addingTimeInterval(-day), kind: .flood, severity: .info)
        #expect(span.end == start && span.grace == 0)
    }
}
