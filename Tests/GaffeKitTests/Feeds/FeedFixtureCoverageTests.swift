import Foundation
import Testing
@testable import GaffeKit

/// Every feed fixture, whatever its format: the right importer takes it, reads it without a crash,
/// and what comes out is well formed. The per-format suites hold the exact expectations.
struct FeedFixtureCoverageTests {
    static let expected: [String: String] = [
        "atom/amber-alert-prefixed-atom-embedded-cap11.atom": "cap",
        "atom/broken-pelmorex-naads-latin1-bytes-declared-utf8.atom": "cap",
        "atom/krisinformation-2018-cap-feed-sv.atom": "cap",
        "cap/broken-nws-cap11-empty-enums-bad-polygon.cap": "cap",
        "cap/broken-wrong-namespace-zh.cap": "cap",
        "cap/conagua-mexico-2018-tropical-storm-vicente-es.xml": "cap",
        "cap/dhs-2003-hsas-orange-security-nationwide.cap": "cap",
        "cap/eccc-naads-2019-special-weather-statement-en-fr.xml": "cap",
        "cap/hostile-xxe-entities-xinclude.cap": "cap",
        "cap/imo-iceland-2021-wind-warning-is.cap": "cap",
        "cap/nsw-rfs-2011-structure-fire-cap-prefix-circle.cap": "cap",
        "cap/smhi-2019-nonstandard-alerts-wrapper-17-alerts.cap": "cap",
        "cap/wra-taiwan-2014-reservoir-release-bom-zh.cap": "cap",
        "gdacs/gdacs-archive-2013-2016-orange-red-crlf-bom.xml": "gdacs",
        "gdacs/gdacs-rss-2019-12-30-bom.xml": "gdacs",
        "gdacs/gdacs-rss-2024-12-10-all-six-types-double-encoded-crlf.xml": "gdacs",
        "gdacs/gdacs-rss-item-with-bbox-only.xml": "gdacs",
        "nws/broken-nws-api-templated-times-cedar-rapids-polygons.json": "nws",
        "nws/nws-api-alerts-point-2024-01-12-winter-weather-advisory.json": "nws",
        "nws/nws-api-alerts-zone-2019-flood-watch-update.json": "nws",
        "nws/nws-cap11-atom-index-us-2014.atom": "cap",
        "nws/nws-ipaws-2020-hurricane-laura-warning-multi-polygon.xml": "cap",
        "nws/nws-wcatwc-2011-tsunami-warning.cap": "cap",
        "rss/broken-unescaped-ampersand-midfeed.xml": "rss",
        "rss/nhc-atlantic-index-at-2024-09-02.xml": "rss",
        "rss/nyalert-cap-index-2011.rss": "rss",
        "rss/rss2-spec-sample-liftoff-news.xml": "rss",
        "usgs/usgs-2.5_day-2023-07-10.atom": "usgs",
        "usgs/usgs-4.5_week-2014-05-10-legacy-single-line.atom": "usgs",
        "usgs/usgs-cap-2012-el-salvador-iso-8859-1.cap": "cap",
        "usgs/usgs-significant_month-2023-10-11.geojson": "usgs",
    ]

    static let paths = ["atom", "cap", "gdacs", "nws", "rss", "usgs"].flatMap(FeedFixtures.files(in:))

    @Test func everyFixtureIsListed() {
        #expect(Set(Self.paths) == Set(Self.expected.keys))
    }

    @Test(arguments: paths)
    func importsWithoutACrashAndWellFormed(_ path: String) throws {
        let source = FeedFixtures.source(path)
        let importer = try #require(BuiltInImporters.importer(for: path, head: source.bytes.prefix(4096)))
        #expect(importer.name == Self.expected[path])
        let result = importer.init().read(source, options: ImportOptions())
        for problem in result.problems {
            #expect(problem.range.lowerBound >= 0 && problem.range.upperBound <= source.endOffset, "\(path): \(problem.message)")
            #expect(!problem.message.isEmpty)
        }
        #expect(Set(result.events.map(\.id)).count == result.events.count, "\(path): duplicate ids")
        for event in result.events {
            #expect(!event.id.isEmpty && !event.title.isEmpty)
            #expect(!event.regions.isEmpty && !event.regions.contains(.global), "\(path): \(event.id) has no region")
            #expect(event.start <= event.end && event.grace >= 0)
            #expect(event.source.location == path && (event.source.line ?? 0) >= 1)
            #expect(event.kind != .other || event.notes.contains { $0.hasPrefix("kind not recognised") }, "\(path): \(event.id)")
        }
        // Reading twice gives the same events: ids are stable.
        #expect(importer.init().read(source, options: ImportOptions()).events.map(\.id) == result.events.map(\.id))
    }

    @Test func bytesSurvivedTheCopy() {
        // CRLF and byte order marks are what several tests are about; git must not have touched them.
        let crlf = FeedFixtures.source("gdacs/gdacs-archive-2013-2016-orange-red-crlf-bom.xml").bytes
        #expect(crlf.starts(with: [0xEF, 0xBB, 0xBF]) && crlf.contains(0x0D))
        #expect(FeedFixtures.source("cap/wra-taiwan-2014-reservoir-release-bom-zh.cap").bytes.starts(with: [0xEF, 0xBB, 0xBF]))
        #expect(FeedFixtures.source("usgs/usgs-significant_month-2023-10-11.geojson").bytes.count == 14066)
        #expect(FeedFixtures.source("atom/broken-pelmorex-naads-latin1-bytes-declared-utf8.atom").bytes.count == 7144)
        #expect(FeedFixtures.source("gdacs/gdacs-rss-2024-12-10-all-six-types-double-encoded-crlf.xml").bytes.count == 227636)
    }

    @Test func everyImporterIsRegisteredOnce() {
        let names = BuiltInImporters.all.map { $0.name }
        for name in ["cap", "gdacs", "nws", "usgs", "rss"] { #expect(names.filter { $0 == name }.count == 1) }
        // The generic reader comes last, so specific feeds are not read as plain news.
        #expect(names.last == "rss")
    }
}
