import Foundation
import Testing
@testable import GaffeKit

struct BuiltInCalendarTests {
    let calendar = BuiltInCalendar.shared
    let utc = TimeZone(identifier: "UTC")!

    @Test func hasEnoughEntriesEachWithASource() {
        #expect(calendar.entries.count >= 80)
        for entry in calendar.entries {
            #expect(!entry.sources.isEmpty, "\(entry.id) cites no source")
            #expect(!entry.regions.isEmpty, "\(entry.id) has no regions")
        }
    }

    @Test func coversRemembranceAndMourningInAtLeastTwentyCountries() {
        let countries = Set(calendar.entries.filter { $0.kind == .remembrance || $0.kind == .nationalMourning }
            .flatMap(\.regions).compactMap(\.country))
        #expect(countries.count >= 20, "only \(countries.sorted())")
        let anniversaries = calendar.entries.filter { $0.kind == .anniversary }
        #expect(anniversaries.count >= 20)
    }

    @Test func everyEntryOccursInTheComingYears() {
        let span = DateInterval(start: CivilDate(year: 2026, month: 1, day: 1).start.instant(in: utc),
                                end: CivilDate(year: 2028, month: 1, day: 1).start.instant(in: utc))
        let ids = Set(calendar.events(overlapping: span).compactMap { $0.source.itemID })
        let missing = calendar.entries.map(\.id).filter { !ids.contains($0) }
        #expect(missing.isEmpty, "no occurrence in 2026–2027: \(missing)")
    }

    private func event(_ id: String, year: Int) throws -> Event {
        let span = DateInterval(start: CivilDate(year: year, month: 1, day: 1).start.instant(in: utc),
                                end: CivilDate(year: year + 1, month: 1, day: 1).start.instant(in: utc))
        let entry = try #require(calendar.entries.first { $0.id == id })
        return try #require(entry.events(overlapping: span).first { CivilDate($0.start.addingTimeInterval(14 * 3600), in: utc).year == year })
    }

    @Test func pearlHarborDayIsTheLocalDayAcrossTheUnitedStates() throws {
        let day = try event("us-pearl-harbor-day", year: 2026)
        #expect(day.isAllDay)
        #expect(day.localWindow == LocalWindow(days: CivilDate(year: 2026, month: 12, day: 7), through: CivilDate(year: 2026, month: 12, day: 7)))
        // From midnight in New York to midnight in Honolulu.
        #expect(ISO8601.format(day.start) == "2026-12-07T05:00:00Z")
        #expect(ISO8601.format(day.end) == "2026-12-08T10:00:00Z")
        #expect(day.id == "builtin:us-pearl-harbor-day:2026-12-07")
        #expect(day.source.kind == .builtIn && day.source.location == "lexicons/calendar/americas.yml")
    }

    @Test func momentsInAFixedZoneAreInstants() throws {
        let moment = try event("us-september-11-attacks-moment", year: 2026)
        #expect(ISO8601.format(moment.start, in: moment.timeZone) == "2026-09-11T08:46:00-04:00")
        #expect(ISO8601.format(moment.end, in: moment.timeZone) == "2026-09-11T10:28:00-04:00")
        #expect(moment.localWindow == nil && moment.grace == 3600)
        #expect(moment.severity == .extreme)
    }

    @Test func eveAndSirensOfYomHaZikaron() throws {
        let day = try event("il-yom-hazikaron", year: 2026)
        #expect(day.localWindow?.start == CivilDateTime(date: CivilDate(year: 2026, month: 4, day: 20), hour: 18))
        #expect(day.localWindow?.end == CivilDate(year: 2026, month: 4, day: 22).start)
        let evening = try event("il-yom-hazikaron-evening-siren", year: 2026)
        #expect(ISO8601.format(evening.start, in: evening.timeZone) == "2026-04-20T20:00:00+03:00")
        let morning = try event("il-yom-hazikaron-morning-siren", year: 2026)
        #expect(ISO8601.format(morning.start, in: morning.timeZone) == "2026-04-21T11:00:00+03:00")
    }

    @Test func ashuraHasADaysMarginForMoonSighting() throws {
        let ashura = try event("ashura", year: 2026)
        #expect(ashura.localWindow?.start == CivilDate(year: 2026, month: 6, day: 24).start)
        #expect(ashura.localWindow?.end == CivilDate(year: 2026, month: 6, day: 27).start)
    }

    @Test func sinceKeepsAnniversariesFromBeforeTheEvent() {
        let entry = calendar.entries.first { $0.id == "us-sandy-hook-anniversary" }!
        let before = DateInterval(start: CivilDate(year: 2011, month: 1, day: 1).start.instant(in: utc), duration: 366 * 86_400)
        #expect(entry.events(overlapping: before).isEmpty)
    }

    // MARK: Strict reading

    private func load(_ text: String) throws -> BuiltInCalendar {
        try BuiltInCalendar(files: ["calendar/test.yml": text])
    }

    private func expectError(_ text: String, line: Int, _ message: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(sourceLocation: sourceLocation) {
            try load(text)
        } throws: { error in
            guard let error = error as? YAMLError else { return false }
            return error.path == "lexicons/calendar/test.yml" && error.line == line && error.message.contains(message)
        }
    }

    private let valid = """
        name: Test
        entries:
          - id: test-day
            title: Test Day
            kind: remembrance
            regions: [US]
            date: December 7
            source: https://example.com

        """

    @Test func readsAValidFile() throws {
        let loaded = try load(valid)
        #expect(loaded.entries.map(\.id) == ["test-day"])
        #expect(loaded.entries[0].severity == .moderate)
        #expect(loaded.entries[0].origin.line == 3)
    }

    @Test func reportsProblemsAtTheirLine() {
        expectError(valid.replacingOccurrences(of: "kind: remembrance", with: "kind: remembrence"), line: 5,
                    "unknown kind 'remembrence'; did you mean 'remembrance'?")
        expectError(valid.replacingOccurrences(of: "date: December 7", with: "date: Decmber 7"), line: 7,
                    "unknown month 'decmber'")
        expectError(valid.replacingOccurrences(of: "regions: [US]", with: "regions: [US, XX]"), line: 6, "unknown region 'XX'")
        expectError(valid.replacingOccurrences(of: "    source: https://example.com\n", with: ""), line: 3,
                    "built-in entry 'test-day' must cite a 'source'")
        expectError(valid + "    colour: red\n", line: 9, "unknown key 'entries[0].colour'")
        expectError(valid.replacingOccurrences(of: "date: December 7", with: "date: December 7\n    start: 2026-01-01"), line: 8,
                    "has both 'date' and 'start'")
        expectError(valid.replacingOccurrences(of: "id: test-day", with: "id: Test_Day"), line: 3, "'id' must be kebab-case")
        expectError(valid + "    duration: 2m\n", line: 3, "'duration' needs 'time'")
        expectError(valid + "    time: 8:46\n", line: 9, "'time' must be a 24-hour clock time")
        expectError(valid + "    grace: soon\n", line: 9, "'grace' must be a duration")
        expectError(valid + valid.split(separator: "\n").dropFirst(2).joined(separator: "\n") + "\n", line: 9,
                    "duplicate entry id 'test-day' (first used at lexicons/calendar/test.yml:3)")
    }
}
