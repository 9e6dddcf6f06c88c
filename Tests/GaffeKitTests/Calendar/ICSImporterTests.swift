import Foundation
import Testing
@testable import GaffeKit

/// The iCalendar importer on small, hand-written calendars: recurrence rules, zones, Gaffe's own
/// properties, malformed input, and the round trip through the writer.
struct ICSImporterTests {
    let utc = TimeZone(identifier: "UTC")!

    private func read(_ body: String, options: ImportOptions = ImportOptions()) -> (result: ImportResult, source: SourceText) {
        let text = "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\n" + body + (body.hasSuffix("\n") ? "" : "\n") + "END:VCALENDAR\n"
        let source = SourceText(path: "test.ics", bytes: Array(text.utf8))
        return (ICSImporter().read(source, options: options), source)
    }

    private func problems(_ imported: (result: ImportResult, source: SourceText)) -> [String] {
        imported.result.problems.map { "\(imported.source.position(of: $0.range.lowerBound).line):\($0.severity.rawValue):\($0.message)" }
    }

    private func starts(_ rule: String, dtstart: String = "DTSTART;VALUE=DATE:20200101", years: ClosedRange<Int>, extra: String = "") throws -> [String] {
        let imported = read("BEGIN:VEVENT\nUID:x\nSUMMARY:x\n\(dtstart)\nRRULE:\(rule)\n\(extra)END:VEVENT\n")
        #expect(imported.result.problems.isEmpty, "\(problems(imported))")
        let series = try #require(imported.result.recurring.first)
        let span = DateInterval(start: CivilDate(year: years.lowerBound, month: 1, day: 1).start.instant(in: utc),
                                end: CivilDate(year: years.upperBound + 1, month: 1, day: 1).start.instant(in: utc))
        return series.occurrenceStarts(through: CivilDate(year: years.upperBound + 1, month: 1, day: 1).start, after: nil)
            .filter { $0.instant(floatingZone: utc) >= span.start && $0.instant(floatingZone: utc) < span.end }
            .map { RecurrenceKey.label($0) }
    }

    // MARK: Recurrence

    @Test func memorialDayAsAnRRule() throws {
        #expect(try starts("FREQ=YEARLY;BYMONTH=5;BYDAY=-1MO", dtstart: "DTSTART;VALUE=DATE:20200525", years: 2020...2027)
            == ["20200525", "20210531", "20220530", "20230529", "20240527", "20250526", "20260525", "20270531"])
    }

    @Test func bySetPosPicksTheLastWeekdayOfEachMonth() throws {
        #expect(try starts("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;COUNT=6", dtstart: "DTSTART;VALUE=DATE:20260130", years: 2026...2026)
            == ["20260130", "20260227", "20260331", "20260430", "20260529", "20260630"])
        // The second and third Tuesdays and Thursdays together, first two only.
        #expect(try starts("FREQ=MONTHLY;BYDAY=TU,TH;BYSETPOS=1,2;UNTIL=20260331", dtstart: "DTSTART;VALUE=DATE:20260101", years: 2026...2026)
            == ["20260101", "20260106", "20260203", "20260205", "20260303", "20260305"])
    }

    @Test func countUntilAndInterval() throws {
        #expect(try starts("FREQ=YEARLY;COUNT=3", dtstart: "DTSTART;VALUE=DATE:20241211", years: 2024...2030) == ["20241211", "20251211", "20261211"])
        #expect(try starts("FREQ=YEARLY;INTERVAL=2;UNTIL=20300101", dtstart: "DTSTART;VALUE=DATE:20220704", years: 2020...2032)
            == ["20220704", "20240704", "20260704", "20280704"])
        #expect(try starts("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,FR;COUNT=5", dtstart: "DTSTART;VALUE=DATE:20260105", years: 2026...2026)
            == ["20260105", "20260109", "20260119", "20260123", "20260202"])
        #expect(try starts("FREQ=DAILY;COUNT=3;BYDAY=SA,SU", dtstart: "DTSTART;VALUE=DATE:20260103", years: 2026...2026)
            == ["20260103", "20260104", "20260110"])
    }

    @Test func monthDaysFromTheEndAndYearDays() throws {
        #expect(try starts("FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=3", dtstart: "DTSTART;VALUE=DATE:20240131", years: 2024...2024)
            == ["20240131", "20240229", "20240331"])
        #expect(try starts("FREQ=YEARLY;BYYEARDAY=1,-1;COUNT=4", dtstart: "DTSTART;VALUE=DATE:20250101", years: 2025...2026)
            == ["20250101", "20251231", "20260101", "20261231"])
        // BYDAY in a YEARLY rule without BYMONTH counts weeks of the year: the 20th Monday.
        #expect(try starts("FREQ=YEARLY;BYDAY=20MO", dtstart: "DTSTART;VALUE=DATE:20250519", years: 2025...2026) == ["20250519", "20260518"])
        // 31 in a month of 30 days is skipped, not moved.
        #expect(try starts("FREQ=MONTHLY;BYMONTHDAY=31;COUNT=3", dtstart: "DTSTART;VALUE=DATE:20260131", years: 2026...2026)
            == ["20260131", "20260331", "20260531"])
    }

    @Test func exdateAndRdate() throws {
        #expect(try starts("FREQ=YEARLY", dtstart: "DTSTART;VALUE=DATE:20240425", years: 2024...2027,
                           extra: "EXDATE;VALUE=DATE:20250425,20260425\nRDATE;VALUE=DATE:20260426\n")
            == ["20240425", "20260426", "20270425"])
    }

    @Test func weeklyTimesStayOnTheWallClockAcrossDST() throws {
        let imported = read("""
            BEGIN:VEVENT
            UID:standup
            SUMMARY:Stand-up
            DTSTART;TZID=America/New_York:20260302T090000
            DTEND;TZID=America/New_York:20260302T091500
            RRULE:FREQ=WEEKLY;COUNT=3
            END:VEVENT
            """)
        let series = try #require(imported.result.recurring.first)
        let span = DateInterval(start: CivilDate(year: 2026, month: 3, day: 1).start.instant(in: utc), duration: 30 * 86_400)
        let instances = series.instances(overlapping: span)
        // 8 March 2026 is the change to daylight saving time: 14:00Z before, 13:00Z after.
        #expect(instances.map { ISO8601.format($0.start) } == ["2026-03-02T14:00:00Z", "2026-03-09T13:00:00Z", "2026-03-16T13:00:00Z"])
        #expect(instances.map { $0.end.timeIntervalSince($0.start) } == [900, 900, 900])
        #expect(instances.map(\.id) == ["ics:standup@20260302T090000", "ics:standup@20260309T090000", "ics:standup@20260316T090000"])
    }

    @Test func timesInTheDSTGapMoveForward() throws {
        let imported = read("BEGIN:VEVENT\nUID:gap\nSUMMARY:gap\nDTSTART;TZID=America/New_York:20260308T023000\nDURATION:PT1H\nEND:VEVENT\n")
        let event = try #require(imported.result.events.first)
        #expect(ISO8601.format(event.start, in: event.timeZone) == "2026-03-08T03:30:00-04:00")
    }

    @Test func allDayEventsAreLocalDaysInEachRegion() throws {
        let imported = read("""
            BEGIN:VEVENT
            UID:remembrance
            SUMMARY:Remembrance Day
            DTSTART;VALUE=DATE:20261111
            X-GAFFE-KIND:remembrance
            X-GAFFE-REGIONS:NZ;GB
            END:VEVENT
            """)
        let event = try #require(imported.result.events.first)
        let auckland = TimeZone(identifier: "Pacific/Auckland")!, london = TimeZone(identifier: "Europe/London")!
        let window = try #require(event.localWindow)
        // The day begins in Auckland thirteen hours before it begins in London.
        #expect(ISO8601.format(window.interval(in: auckland).start) == "2026-11-10T11:00:00Z")
        #expect(ISO8601.format(window.interval(in: london).start) == "2026-11-11T00:00:00Z")
        // The event's own window spans both (the Chatham Islands keep NZ's earliest clock).
        #expect(ISO8601.format(event.start) == "2026-11-10T10:15:00Z")
        #expect(ISO8601.format(event.end) == "2026-11-12T00:00:00Z")
    }

    // MARK: Gaffe's properties

    @Test func gaffePropertiesAndCategories() throws {
        let imported = read("""
            X-GAFFE-REGIONS:US
            BEGIN:VEVENT
            UID:shooting-1
            SUMMARY:Shooting at the festival
            DTSTART:20260704T220000Z
            DTEND:20260705T040000Z
            X-GAFFE-KIND:mass-shooting
            X-GAFFE-REGIONS:US-CO;US-NM
            X-GAFFE-SEVERITY:extreme
            X-GAFFE-KEYWORDS:Festival shooting,Riverfront
            X-GAFFE-HASHTAGS:#PrayForRiverfront,RiverfrontStrong
            X-GAFFE-GRACE:P21D
            X-GAFFE-SENSITIVE:violence,weapons
            END:VEVENT
            BEGIN:VEVENT
            UID:flood-1
            SUMMARY:River flood
            CATEGORIES:Weather,Flooding
            DTSTART;VALUE=DATE:20260710
            END:VEVENT
            BEGIN:VEVENT
            UID:global-1
            SUMMARY:Death of a public figure
            DTSTART:20260712T100000Z
            X-GAFFE-KIND:death-of-public-figure
            X-GAFFE-REGIONS:GLOBAL
            END:VEVENT
            """)
        #expect(imported.result.problems.isEmpty)
        let shooting = try #require(imported.result.events.first { $0.id == "ics:shooting-1" })
        #expect(shooting.kind == .massShooting && shooting.sourceKind == "mass-shooting")
        #expect(shooting.regions == [Region(code: "US-CO")!, Region(code: "US-NM")!])
        #expect(shooting.severity == .extreme)
        #expect(shooting.keywords == ["Festival shooting", "Riverfront"])
        #expect(shooting.hashtags == ["PrayForRiverfront", "RiverfrontStrong"])
        #expect(shooting.grace == 21 * 86_400)
        #expect(shooting.sensitiveCategories == ["violence", "weapons"])
        #expect(shooting.source == EventSource(kind: .file, location: "test.ics", itemID: "shooting-1", line: 5))
        let flood = try #require(imported.result.events.first { $0.id == "ics:flood-1" })
        #expect(flood.kind == .flood && flood.sourceKind == "Flooding")
        // The calendar's regions apply to events that name none.
        #expect(flood.regions == [Region(code: "US")!])
        #expect(flood.severity == .severe && flood.grace == 7 * 86_400)
        let death = try #require(imported.result.events.first { $0.id == "ics:global-1" })
        #expect(death.regions == [.global])
        // A DATE-TIME without an end is read as an hour.
        #expect(death.end.timeIntervalSince(death.start) == 3600)
    }

    @Test func unknownKindBecomesOtherWithANote() throws {
        let imported = read("BEGIN:VEVENT\nUID:u\nSUMMARY:Zombie outbreak\nDTSTART:20260101T000000Z\nX-GAFFE-KIND:zombies\nEND:VEVENT\n")
        let event = try #require(imported.result.events.first)
        #expect(event.kind == .other && event.sourceKind == "zombies" && event.notes == ["unknown kind 'zombies' read as 'other'"])
        #expect(problems(imported) == ["8:warning:unknown X-GAFFE-KIND 'zombies'; the event is read as 'other'"])
    }

    // MARK: Malformed input

    @Test func malformedItemsAreProblemsAtTheirLineAndTheRestImports() {
        let imported = read("""
            BEGIN:VEVENT
            UID:no-start
            SUMMARY:No start
            END:VEVENT
            BEGIN:VEVENT
            UID:bad-zone
            SUMMARY:Bad zone
            DTSTART;TZID=Mars/Olympus_Mons:20260101T090000
            END:VEVENT
            BEGIN:VEVENT
            UID:bad-duration
            SUMMARY:Bad duration
            DTSTART:20260101T090000Z
            DURATION:one hour
            X-GAFFE-REGIONS:US;XX
            X-GAFFE-SEVERITY:catastrophic
            END:VEVENT
            BEGIN:VEVENT
            UID:bad-date
            DTSTART:2026-01-01
            END:VEVENT
            this line has no colon
            END:VTODO
            BEGIN:VEVENT
            UID:good
            SUMMARY:Good
            DTSTART;VALUE=DATE:20260102
            END:VEVENT
            BEGIN:VEVENT
            UID:unclosed
            DTSTART;VALUE=DATE:20260103
            """)
        #expect(problems(imported) == [
            "4:error:VEVENT has no DTSTART; it is skipped",
            "11:error:unknown TZID 'Mars/Olympus_Mons': not an IANA or Windows zone name and no VTIMEZONE defines it; read as floating time",
            "17:error:cannot read DURATION 'one hour'; write P1D or PT2H",
            "18:warning:unknown region 'XX' in X-GAFFE-REGIONS; use ISO 3166 codes (US, US-CO) or GLOBAL",
            "19:warning:unknown X-GAFFE-SEVERITY 'catastrophic'; use info, minor, moderate, severe or extreme",
            "23:error:cannot read DTSTART '2026-01-01' as a date (20261207) or date-time (20261207T090000)",
            "25:error:cannot read the line 'this line has no colon': expected ':' after THIS",
            "26:error:END:VTODO has no matching BEGIN:VTODO",
            "32:error:BEGIN:VEVENT is never closed before END:VCALENDAR; its content is ignored",
        ])
        #expect(imported.result.events.map(\.id) == ["ics:bad-zone", "ics:bad-duration", "ics:good"])
    }

    @Test func absurdValuesAreProblemsNotCrashes() {
        let imported = read("""
            BEGIN:VEVENT
            UID:a
            DTSTART:20260101T000000Z
            DURATION:P99999999999999D
            RRULE:FREQ=DAILY;INTERVAL=99999999999999999999
            X-GAFFE-GRACE:P9999999999D
            END:VEVENT
            BEGIN:VEVENT
            UID:b
            DTSTART:99991231T235959Z
            RRULE:FREQ=DAILY;COUNT=1000000
            END:VEVENT
            BEGIN:VEVENT
            UID:c
            DTSTART;VALUE=DATE:20260101
            RRULE:FREQ=MONTHLY;BYMONTHDAY=32
            END:VEVENT
            """)
        #expect(problems(imported) == [
            "7:error:cannot read DURATION 'P99999999999999D'; write P1D or PT2H",
            "8:error:RRULE INTERVAL must be a number from 1 to 1000, not '99999999999999999999'; the event is read without this recurrence",
            "9:warning:cannot read X-GAFFE-GRACE 'P9999999999D'; write a duration such as P7D or 72h",
            "19:error:RRULE BYMONTHDAY value '32' is out of range; the event is read without this recurrence",
        ])
        // Daily from the last second of 9999, into the year 10000.
        let far = DateInterval(start: CivilDate(year: 9999, month: 12, day: 1).start.instant(in: utc), duration: 40 * 86_400)
        let ids = imported.result.events(overlapping: far).map(\.id)
        #expect(ids.count == 10 && ids.first == "ics:b@99991231T235959Z" && ids.last == "ics:b@100000109T235959Z")
    }

    /// Fixtures cut, doubled and scrambled at random (a fixed seed) import without a crash, and
    /// every problem points inside its file.
    @Test func mangledFixturesNeverCrash() throws {
        var generator = PositionPropertyTests.Generator(state: 20_121_029)
        let names = try FileManager.default.contentsOfDirectory(atPath: ICSFixtureTests.folder.path).filter { $0.hasSuffix(".ics") }.sorted()
        let year = DateInterval(start: CivilDate(year: 2026, month: 1, day: 1).start.instant(in: utc), duration: 365 * 86_400)
        for name in names {
            let original = Array(try Data(contentsOf: ICSFixtureTests.folder.appendingPathComponent(name)))
            for _ in 0..<20 {
                var bytes = original
                for _ in 0..<(1 + Int(generator.next() % 8)) {
                    let at = Int(generator.next() % UInt64(max(bytes.count, 1)))
                    switch generator.next() % 4 {
                    case 0: if at < bytes.count { bytes[at] = UInt8(truncatingIfNeeded: generator.next()) }
                    case 1: bytes.removeSubrange(at..<min(bytes.count, at + Int(generator.next() % 200)))
                    case 2: bytes.insert(contentsOf: bytes[at..<min(bytes.count, at + Int(generator.next() % 300))], at: at)
                    default: bytes.insert(contentsOf: Array("\r\nRRULE:FREQ=WEEKLY;BYDAY=-1MO;BYSETPOS=2\r\n".utf8), at: at)
                    }
                }
                let source = SourceText(path: name, bytes: bytes)
                let result = ICSImporter().read(source, options: ImportOptions())
                _ = result.events(overlapping: year)
                for problem in result.problems {
                    #expect(problem.range.lowerBound >= 0 && problem.range.upperBound <= bytes.count)
                }
            }
        }
    }

    @Test func notICalendarAtAll() {
        let source = SourceText(path: "notes.ics", bytes: Array("hello\n".utf8))
        let result = ICSImporter().read(source, options: ImportOptions())
        #expect(result.events.isEmpty)
        #expect(result.problems.map(\.message) == ["cannot read the line 'hello': expected ':' after HELLO"])
        #expect(!ICSImporter.accepts(path: "notes.txt", head: Array("hello".utf8)[...]))
        #expect(ICSImporter.accepts(path: "feed", head: Array("\u{FEFF}BEGIN:VCALENDAR\r\n".utf8)[...]))
    }

    @Test func invalidUTF8IsAProblemOnItsLine() {
        var bytes = Array("BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:x\nSUMMARY:caf".utf8)
        bytes += [0xE9, 0x0A]
        bytes += Array("DTSTART;VALUE=DATE:20260101\nEND:VEVENT\nEND:VCALENDAR\n".utf8)
        let source = SourceText(path: "latin1.ics", bytes: bytes)
        let result = ICSImporter().read(source, options: ImportOptions())
        #expect(result.problems.map { source.position(of: $0.range.lowerBound).line } == [4])
        #expect(result.events.count == 1)
    }

    @Test func foldsMaySplitACharacter() throws {
        // "Fête" folded between the two bytes of "ê" (RFC 5545 folds on octets).
        var bytes = Array("BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:x\nSUMMARY:F".utf8)
        bytes += [0xC3, 0x0D, 0x0A, 0x20, 0xAA]
        bytes += Array("te\r\nDTSTART;VALUE=DATE:20260714\nEND:VEVENT\nEND:VCALENDAR".utf8)
        let result = ICSImporter().read(SourceText(path: "fold.ics", bytes: bytes), options: ImportOptions())
        #expect(result.problems.isEmpty)
        #expect(result.events.first?.title == "Fête")
    }

    // MARK: Writing and reading back

    @Test func exportRoundTripsThroughTheImporter() throws {
        let span = DateInterval(start: CivilDate(year: 2026, month: 1, day: 1).start.instant(in: utc), duration: 366 * 86_400)
        let builtIn = BuiltInCalendar.shared.events(overlapping: span)
        let fixture = read("""
            BEGIN:VEVENT
            UID:standup
            SUMMARY:Stand-up\\, daily
            DTSTART;TZID=America/New_York:20260302T090000
            DURATION:PT15M
            RRULE:FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20260401T000000Z
            EXDATE;TZID=America/New_York:20260304T090000
            X-GAFFE-KIND:brand-crisis
            X-GAFFE-KEYWORDS:recall
            END:VEVENT
            """)
        let text = ICSWriter.calendar(events: builtIn, series: fixture.result.recurring, name: "Gaffe events", stamp: span.start)
        #expect(text.split(separator: "\r\n", omittingEmptySubsequences: false).allSatisfy { $0.utf8.count <= 75 })
        let reread = ICSImporter().read(SourceText(path: "export.ics", bytes: Array(text.utf8)), options: ImportOptions())
        #expect(reread.problems.isEmpty, "\(reread.problems.map(\.message))")
        #expect(reread.events.count == builtIn.count)
        for original in builtIn {
            let copy = try #require(reread.events.first { $0.id == original.id }, "\(original.id) lost")
            #expect(copy.title == original.title && copy.kind == original.kind && copy.severity == original.severity)
            #expect(copy.regions == original.regions, "\(original.id): \(copy.regions) ≠ \(original.regions)")
            #expect(copy.keywords == original.keywords && copy.hashtags == original.hashtags, "\(original.id)")
            #expect(copy.start == original.start && copy.end == original.end, "\(original.id) moved")
            #expect(copy.localWindow == original.localWindow && copy.grace == original.grace)
            #expect(copy.sensitiveCategories == original.sensitiveCategories && copy.source == original.source)
            #expect(copy.timeZone?.identifier == original.timeZone?.identifier)
        }
        // The VTIMEZONEs written for IANA zones hold their transitions: read under another name,
        // they give the same instants.
        let renamed = text.replacingOccurrences(of: "America/New_York", with: "Custom Eastern")
        let viaRules = ICSImporter().read(SourceText(path: "renamed.ics", bytes: Array(renamed.utf8)), options: ImportOptions())
        #expect(viaRules.problems.isEmpty)
        let moment = try #require(viaRules.events.first { $0.id == "builtin:us-september-11-attacks-moment:2026-09-11" })
        #expect(ISO8601.format(moment.start) == "2026-09-11T12:46:00Z")
        let series = try #require(reread.recurring.first)
        #expect(series.id == "ics:standup" && series.template.title == "Stand-up, daily")
        let march = DateInterval(start: CivilDate(year: 2026, month: 3, day: 1).start.instant(in: utc), duration: 31 * 86_400)
        #expect(series.instances(overlapping: march).map(\.id) == fixture.result.recurring[0].instances(overlapping: march).map(\.id))
        #expect(series.instances(overlapping: march).count == 8)
    }
}
