import Foundation
import Testing
@testable import GaffeKit

/// Every iCalendar fixture (Tests/GaffeKitTests/Fixtures/feeds/ics, see SOURCES.md there), with
/// exact expectations: counts, dates, zones and problem lines.
struct ICSFixtureTests {
    static let folder = Fixtures.url("feeds/ics")

    struct Imported {
        let source: SourceText
        let result: ImportResult

        /// Problems as `line:severity:start of message`.
        var problems: [String] {
            result.problems.map { "\(source.position(of: $0.range.lowerBound).line):\($0.severity.rawValue):\($0.message)" }
        }

        func event(_ title: String) throws -> Event {
            try #require(result.events.first { $0.title == title }, "no event '\(title)'")
        }

        func series(_ title: String) throws -> RecurringEvent {
            try #require(result.recurring.first { $0.template.title == title }, "no series '\(title)'")
        }
    }

    static func load(_ name: String, options: ImportOptions = ImportOptions()) throws -> Imported {
        let bytes = Array(try Data(contentsOf: folder.appendingPathComponent(name)))
        let source = SourceText(path: name, bytes: bytes)
        #expect(ICSImporter.accepts(path: name, head: bytes.prefix(512)))
        return Imported(source: source, result: ICSImporter().read(source, options: options))
    }

    static let utc = TimeZone(identifier: "UTC")!

    static func year(_ year: Int) -> DateInterval {
        DateInterval(start: CivilDate(year: year, month: 1, day: 1).start.instant(in: utc),
                     end: CivilDate(year: year + 1, month: 1, day: 1).start.instant(in: utc))
    }

    static func day(_ text: String) -> DateInterval {
        let date = CivilDate(parsing: text)!
        return DateInterval(start: date.start.instant(in: utc), duration: 86_400)
    }

    @Test func everyFixtureImportsWithoutACrash() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter { $0.hasSuffix(".ics") }
        #expect(names.count == 11)
        for name in names {
            let imported = try Self.load(name)
            #expect(!imported.result.events.isEmpty || !imported.result.recurring.isEmpty, "\(name) gave no events")
            for problem in imported.result.problems {
                #expect(imported.source.baseOffset...imported.source.endOffset ~= problem.range.lowerBound)
            }
        }
    }

    @Test func appleHistoryCalendar() throws {
        let imported = try Self.load("apple-ical-misc-history-yearly-anniversaries.ics")
        #expect(imported.result.recurring.count == 431)
        #expect(imported.result.events.isEmpty)
        #expect(imported.problems.isEmpty)
        // SUMMARY folded mid-word ("liftof" / " f"), unfolded back.
        let challenger = try imported.series("Space Shuttle Challenger (51-L) explodes 74 seconds after liftoff")
        let instances = challenger.instances(overlapping: Self.day("2026-01-28"))
        #expect(instances.map(\.id) == ["ics:60BDF491-90AC-11D9-9672-00112474B410@20260128"])
        // X-WR-TIMEZONE:Asia/Tokyo does not move an all-day date.
        #expect(instances.first?.localWindow == LocalWindow(days: CivilDate(year: 2026, month: 1, day: 28), through: CivilDate(year: 2026, month: 1, day: 28)))
        // No kind was given: it is `other`, of no severity, and names nothing.
        #expect(challenger.template.kind == .other && challenger.template.severity == .info && challenger.template.keywords.isEmpty)
        // An escaped quote (`\"`), which RFC 5545 does not define, keeps the quote.
        #expect(imported.result.recurring.contains { $0.template.title == "Churchill delivers his \"Iron Curtain\" speech, 1947" })
        #expect(imported.result.recurring.contains { $0.template.title == "First Rose Bowl; Michigan 49 - Stanford 0, 1902" })
    }

    @Test func canadaRemembranceDayTakesItsDayFromDTSTART() throws {
        let imported = try Self.load("mozilla-canada-holidays-remembrance-day-folded-names.ics")
        #expect(imported.result.events.count == 23)
        #expect(imported.result.recurring.count == 7)
        #expect(imported.problems.isEmpty)
        let remembrance = try imported.series("Remembrance Day")
        #expect(remembrance.rules.map(\.text) == ["FREQ=YEARLY;INTERVAL=1;BYMONTH=11"])
        let dates = (2024...2026).flatMap { remembrance.instances(overlapping: Self.year($0)) }.compactMap { $0.localWindow?.start.date.description }
        #expect(Array(Set(dates)).sorted() == ["2024-11-11", "2025-11-11", "2026-11-11"])
        // Options give the calendar its region.
        var options = ImportOptions()
        options.defaultRegions = [Region(code: "CA")!]
        let withRegion = try Self.load("mozilla-canada-holidays-remembrance-day-folded-names.ics", options: options)
        let day = try withRegion.series("Remembrance Day").instances(overlapping: Self.day("2026-11-11")).first
        #expect(day?.regions == [Region(code: "CA")!])
        // From midnight in St. John's (UTC−3:30) to midnight in Vancouver (UTC−8).
        #expect(day.map { ISO8601.format($0.start) } == "2026-11-11T03:30:00Z")
        #expect(day.map { ISO8601.format($0.end) } == "2026-11-12T08:00:00Z")
    }

    @Test func googleAustralianHolidaysKeepAnzacDayOnTheTwentyFifth() throws {
        let imported = try Self.load("google-australian-holidays-anzac-day-tzid-on-date.ics")
        #expect(imported.result.events.count + imported.result.recurring.count == 96)
        #expect(imported.result.recurring.count == 11)
        #expect(imported.problems == ["11:warning:TZID on a DATE value is ignored (RFC 5545 §3.2.19): all-day dates are local days wherever the audience is (176 times in this file)"])
        // `DTSTART;TZID=America/Los_Angeles:20040425` is 25 April, not the 24th or the 26th.
        let anzac = try #require(imported.result.recurring.first { $0.id == "ics:0rhs1rcgfrha7hfqirmn4dogak@google.com" })
        #expect(anzac.instances(overlapping: Self.day("2026-04-25")).map(\.localWindow?.start.date.description) == ["2026-04-25"])
        // DURATION:PT86400S is one day.
        #expect(anzac.template.localWindow?.end == CivilDate(year: 2004, month: 4, day: 26).start)
        // RECURRENCE-ID:20030425T000000Z overrides the 2003 instance of a DATE series.
        let overridden = try #require(imported.result.recurring.first { $0.id == "ics:r89a2q1vci41bsh42492qdi8jk@google.com" })
        #expect(overridden.instances(overlapping: Self.year(2003)).isEmpty)
        let override = try #require(imported.result.events.first { $0.id == "ics:r89a2q1vci41bsh42492qdi8jk@google.com@20030425" })
        #expect(override.localWindow?.start.date.description == "2003-04-25")
        #expect(override.title == "ANZAC Day")
    }

    @Test func exchangeWindowsZoneNames() throws {
        let imported = try Self.load("exchange-2010-windows-timezone-ids.ics")
        #expect(imported.result.events.count == 2)
        #expect(imported.result.recurring.count == 2)
        #expect(imported.problems == ["152:warning:the quoted TZID parameter of DTSTART swallows the value; read as TZID=W. Europe Standard Time with value '20200609T090000'"])
        // "W. Europe Standard Time" is Europe/Berlin, "Pacific Standard Time" America/Los_Angeles.
        let test = try imported.event("test")
        #expect(test.timeZone?.identifier == "Europe/Berlin")
        #expect(ISO8601.format(test.start, in: test.timeZone) == "2020-09-10T09:00:00+02:00")
        #expect(ISO8601.format(test.end, in: test.timeZone) == "2020-09-10T09:30:00+02:00")
        let pacific = try imported.event("Not the actual summary 1")
        #expect(ISO8601.format(pacific.start, in: pacific.timeZone) == "2020-09-15T08:30:00-07:00")
        // The salvaged DTSTART starts a weekly series (Monday to Saturday) that ends in March 2021.
        let jira = try imported.series("Log Yesterday's Jira time")
        let week = jira.instances(overlapping: DateInterval(start: Self.day("2020-06-08").start, duration: 7 * 86_400))
        #expect(week.map { ISO8601.format($0.start, in: $0.timeZone) }
            == ["2020-06-09T09:00:00+02:00", "2020-06-10T09:00:00+02:00", "2020-06-11T09:00:00+02:00", "2020-06-12T09:00:00+02:00", "2020-06-13T09:00:00+02:00"])
        #expect(jira.instances(overlapping: Self.year(2022)).isEmpty)
        // A multi-value EXDATE folded over two lines removes those days.
        let lunch = try imported.series("Not the actual summary either")
        let july = lunch.instances(overlapping: DateInterval(start: Self.day("2020-07-19").start, duration: 7 * 86_400))
        #expect(july.map { ISO8601.format($0.start, in: $0.timeZone) } == ["2020-07-19T12:00:00-07:00", "2020-07-24T12:00:00-07:00"])
    }

    @Test func brokenGoogleRRuleIsReportedAndTheRestImports() throws {
        let imported = try Self.load("broken-google-rrule-garbage.ics")
        #expect(imported.problems == [
            "50:error:cannot read RRULE part 'RRULE:AnythingRandom'; parts are NAME=VALUE, such as FREQ=YEARLY; the event is read without this recurrence",
            "70:warning:the event has no duration (DTEND equals DTSTART); it is read as lasting one hour",
        ])
        #expect(try imported.event("Academic Time").id == "ics:11le1ep09hvog7dbotn6foj38e@google.com")
        // The good weekly series, with its EXDATE, across the end of daylight saving time.
        let brainBreak = try imported.series("Brain Break")
        let october = brainBreak.instances(overlapping: DateInterval(start: Self.day("2020-10-14").start, duration: 3 * 86_400))
        #expect(october.map { ISO8601.format($0.start, in: $0.timeZone) } == ["2020-10-14T09:40:00-06:00", "2020-10-16T09:40:00-06:00"])
        let november = brainBreak.instances(overlapping: Self.day("2020-11-02"))
        #expect(november.map { ISO8601.format($0.start) } == ["2020-11-02T16:40:00Z"])
        // `RRULE;X-BUSYMAC-REGENERATE=TRASH:` is a valid property with an extension parameter.
        let holidays = try imported.series("Invalid RRULE property")
        let newYear = holidays.instances(overlapping: DateInterval(start: Self.day("2020-12-28").start, duration: 14 * 86_400))
        #expect(newYear.map { ISO8601.format($0.start, in: $0.timeZone) } == ["2021-01-04T07:20:00+01:00", "2021-01-05T07:20:00+01:00", "2021-01-06T07:20:00+01:00",
                                                                              "2021-01-07T07:20:00+01:00", "2021-01-08T07:20:00+01:00"])
    }

    @Test func lastFmFeedWithBlankLinesAndBrokenGeo() throws {
        let imported = try Self.load("broken-lastfm-blank-lines-geo-lon-lat-swapped.ics")
        #expect(imported.result.events.count == 33)
        #expect(imported.problems == [
            "6:warning:blank line ignored; iCalendar has no empty lines (RFC 5545 §3.1) (34 blank lines in this file)",
            "277:warning:cannot read GEO ';'; it should be latitude;longitude",
        ])
        // Floating times, placed in the Netherlands by LOCATION, read on Dutch clocks.
        let concert = try imported.event("Gerard van Maasakkers en de vaste mannen - Deze Jongen")
        #expect(concert.regions == [Region(code: "NL")!])
        #expect(concert.localWindow?.start.description == "2010-02-10T20:30:00")
        #expect(ISO8601.format(concert.start) == "2010-02-10T19:30:00Z")
        #expect(concert.summary?.contains("\n\nhttp://www.last.fm/event/1407206") == true)
    }

    @Test func holidaysWithDatesWrittenWithoutValueDate() throws {
        let imported = try Self.load("holidays-date-without-value-param-crlf-no-final-eol.ics")
        #expect(imported.problems == ["11:warning:DTEND is not after DTSTART; the all-day event is read as one day (3 times in this file)"])
        #expect(imported.result.events.map(\.title) == ["New Year's Day", "Orthodox Christmas", "International Women's Day"])
        let christmas = try imported.event("Orthodox Christmas")
        #expect(christmas.isAllDay && christmas.regions == [Region(code: "RU")!])
        #expect(christmas.localWindow == LocalWindow(days: CivilDate(year: 2022, month: 1, day: 7), through: CivilDate(year: 2022, month: 1, day: 7)))
        #expect(try imported.event("International Women's Day").regions == [.global])
    }

    @Test func outlookDisplayNameZoneUsesItsVTimeZone() throws {
        let imported = try Self.load("outlook-nonascii-tzid-brasilia-crlf.ics")
        #expect(imported.problems.isEmpty)
        let event = try #require(imported.result.events.first)
        #expect(event.title == "(untitled event)")
        #expect(event.id.hasPrefix("ics:nouid-"))
        #expect(ISO8601.format(event.start) == "2017-05-11T16:30:00Z")
        #expect(ISO8601.format(event.end) == "2017-05-11T17:00:00Z")
        #expect(event.timeZone?.secondsFromGMT() == -3 * 3600)
        // Importing again finds the same id.
        #expect(try Self.load("outlook-nonascii-tzid-brasilia-crlf.ics").result.events.first?.id == event.id)
    }

    @Test func ownCloudNationalDayIgnoresTheTZIDOnItsDate() throws {
        let imported = try Self.load("owncloud-fete-nationale-yearly-utf8.ics")
        #expect(imported.problems == ["11:warning:TZID on a DATE value is ignored (RFC 5545 §3.2.19): all-day dates are local days wherever the audience is"])
        let day = try imported.series("Fête Nationale - Férié")
        #expect(day.instances(overlapping: Self.day("2026-07-14")).map(\.id) == ["ics:FA9831E7-C238-4FEC-95E5-CD46BD466421@20260714"])
    }

    @Test func swedishHolidaysInFiftyTwoCalendars() throws {
        let imported = try Self.load("mozilla-swedish-holidays-concatenated-vcalendars.ics")
        #expect(imported.problems.isEmpty)
        #expect(imported.result.events.count == 52)
        #expect(try imported.event("Nyårsdagen").localWindow?.start.date.description == "2003-01-01")
        #expect(try imported.event("Långfredagen").localWindow?.start.date.description == "2003-04-18")
    }

    @Test func thunderbirdLondonEventAndItsHistoricalVTimeZone() throws {
        let imported = try Self.load("thunderbird-europe-london-full-vtimezone-crlf.ics")
        #expect(imported.problems.isEmpty)
        let event = try imported.event("event with alarms")
        #expect(ISO8601.format(event.start) == "2024-10-23T14:00:00Z")
        #expect(event.timeZone?.identifier == "Europe/London")
    }

    /// The same VTIMEZONE under a name Gaffe does not know, so its rules are used, must agree with
    /// the IANA zone on every month start from 1972 to 2030 (DST rules changed several times).
    @Test func vtimezoneRulesAgreeWithTheIANAZone() throws {
        let bytes = Array(try Data(contentsOf: Self.folder.appendingPathComponent("thunderbird-europe-london-full-vtimezone-crlf.ics")))
        var text = String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "Europe/London", with: "Custom London")
        let eventStart = text.range(of: "BEGIN:VEVENT")!
        text = String(text[..<eventStart.lowerBound]) + """
            BEGIN:VEVENT\r
            UID:monthly\r
            SUMMARY:monthly\r
            DTSTART;TZID=Custom London:19720101T120000\r
            DURATION:PT1H\r
            RRULE:FREQ=MONTHLY;UNTIL=20301201T120000Z\r
            END:VEVENT\r
            END:VCALENDAR\r

            """
        let result = ICSImporter().read(SourceText(path: "custom.ics", bytes: Array(text.utf8)), options: ImportOptions())
        #expect(result.problems.isEmpty)
        let series = try #require(result.recurring.first)
        let london = TimeZone(identifier: "Europe/London")!
        let span = DateInterval(start: Self.year(1972).start, end: Self.year(2030).end)
        let instances = series.instances(overlapping: span)
        #expect(instances.count == 59 * 12)
        for instance in instances {
            let local = CivilDateTime(instance.start, in: london)
            #expect(local.hour == 12 && local.minute == 0, "\(instance.id) is \(ISO8601.format(instance.start, in: london))")
        }
    }
}
