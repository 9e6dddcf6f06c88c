import Foundation
import Testing
@testable import GaffeKit

/// Date rules against dates published by the bodies that keep them.
struct DateRuleTests {
    private func dates(_ rule: String, _ years: ClosedRange<Int>) throws -> [String] {
        let parsed = try DateRule.parse(rule)
        return years.flatMap { parsed.dates(in: $0) }.map(\.description)
    }

    @Test func fixedDates() throws {
        #expect(try dates("December 7", 2025...2026) == ["2025-12-07", "2026-12-07"])
        #expect(try dates("7 December", 2026...2026) == ["2026-12-07"])
        #expect(try dates("Nov 11", 2026...2026) == ["2026-11-11"])
        // 29 February happens in leap years only.
        #expect(try dates("February 29", 2023...2028) == ["2024-02-29", "2028-02-29"])
    }

    @Test func usMemorialDayIsTheLastMondayOfMay() throws {
        #expect(try dates("last Monday of May", 2020...2027)
            == ["2020-05-25", "2021-05-31", "2022-05-30", "2023-05-29", "2024-05-27", "2025-05-26", "2026-05-25", "2027-05-31"])
    }

    @Test func nthWeekdays() throws {
        // Remembrance Sunday (GB): the second Sunday of November.
        #expect(try dates("second Sunday of November", 2024...2026) == ["2024-11-10", "2025-11-09", "2026-11-08"])
        // Holodomor Memorial Day: the fourth Saturday of November.
        #expect(try dates("4th Saturday of November", 2024...2025) == ["2024-11-23", "2025-11-22"])
        // MLK Day: the third Monday of January.
        #expect(try dates("third Monday of January", 2025...2026) == ["2025-01-20", "2026-01-19"])
        // A fifth Monday does not always exist.
        #expect(try dates("fifth Monday of February", 2026...2026).isEmpty)
        #expect(try dates("second to last Friday of March", 2026...2026) == ["2026-03-20"])
    }

    @Test func weekdaysRelativeToADate() throws {
        // Volkstrauertag and Totensonntag (DE): the Sundays of 13–19 and 20–26 November.
        #expect(try dates("Sunday on or after November 13", 2024...2026) == ["2024-11-17", "2025-11-16", "2026-11-15"])
        #expect(try dates("Sunday on or after November 20", 2024...2026) == ["2024-11-24", "2025-11-23", "2026-11-22"])
        #expect(try dates("Saturday before June 24", 2026...2026) == ["2026-06-20"])
        #expect(try dates("Wednesday after June 24", 2026...2026) == ["2026-07-01"])
        #expect(try dates("Wednesday on or before June 24", 2026...2026) == ["2026-06-24"])
    }

    @Test func easterAndGoodFriday() throws {
        #expect(try dates("Easter", 2024...2027) == ["2024-03-31", "2025-04-20", "2026-04-05", "2027-03-28"])
        #expect(try dates("Easter - 2", 2024...2026) == ["2024-03-29", "2025-04-18", "2026-04-03"])
        #expect(try dates("Orthodox Easter", 2023...2026) == ["2023-04-16", "2024-05-05", "2025-04-20", "2026-04-12"])
        #expect(try dates("Easter + 49", 2026...2026) == ["2026-05-24"])
    }

    @Test func yomHaShoahFollowsTheHebrewCalendarAndItsMoves() throws {
        // 27 Nisan; Friday moves to Thursday (2025), Sunday to Monday (2024).
        #expect(try dates("27 Nisan (friday -1, sunday +1)", 2019...2027)
            == ["2019-05-02", "2020-04-21", "2021-04-08", "2022-04-28", "2023-04-18", "2024-05-06", "2025-04-24", "2026-04-14", "2027-05-04"])
        // Without the moves, 2024 falls on the Sunday and 2025 on the Friday.
        #expect(try dates("27 Nisan", 2024...2025) == ["2024-05-05", "2025-04-25"])
    }

    @Test func yomHaZikaronMovesOffThursdayFridayAndSunday() throws {
        #expect(try dates("4 Iyar (thursday -1, friday -2, sunday +1)", 2022...2026)
            == ["2022-05-04", "2023-04-25", "2024-05-13", "2025-04-30", "2026-04-21"])
    }

    @Test func tishaBAvMovesOffTheSabbath() throws {
        #expect(try dates("9 Av (saturday +1)", 2024...2025) == ["2024-08-13", "2025-08-03"])
    }

    @Test func islamicDatesUseUmmAlQura() throws {
        let rule = try DateRule.parse("10 Muharram")
        #expect(rule.dependsOnSighting)
        #expect(try dates("10 Muharram", 2024...2026) == ["2024-07-16", "2025-07-05", "2026-06-25"])
        // The Islamic year is eleven days shorter: 1 Muharram fell twice in 2008.
        #expect(try dates("1 Muharram", 2008...2008) == ["2008-01-10", "2008-12-29"])
    }

    @Test func qingmingIsASolarTerm() throws {
        #expect(try dates("solar longitude 15 in Asia/Shanghai", 2019...2026)
            == ["2019-04-05", "2020-04-04", "2021-04-04", "2022-04-05", "2023-04-05", "2024-04-04", "2025-04-04", "2026-04-05"])
    }

    @Test func theSunsLongitudeIsAccurate() {
        // The March equinox of 2024 was at 03:06 UTC on 20 March.
        let equinox = Astronomy.sunReaches(longitude: 0, in: 2024)
        let expected = CivilDateTime(date: CivilDate(year: 2024, month: 3, day: 20), hour: 3, minute: 6).instant(in: TimeZone(identifier: "UTC")!)
        #expect(abs(equinox.timeIntervalSince(expected)) < 20 * 60)
    }

    @Test(arguments: [
        ("", "empty date rule"),
        ("Decembr 7", "unknown month 'decembr'"),
        ("February 30", "February has no day 30"),
        ("last Funday of May", "unknown weekday 'funday'"),
        ("sixth Monday of May", "unknown ordinal 'sixth'"),
        ("Sunday around November 13", "unknown relation 'around'"),
        ("Easter * 2", "cannot read the offset"),
        ("31 Nisan", "day 31 is not in a Hebrew month"),
        ("10 Muharram (fridy -1)", "cannot read the move 'fridy -1'"),
        ("27 Nisan (friday -1, friday +1)", "'friday' is moved twice"),
        ("solar longitude 15", "needs the zone"),
        ("solar longitude 400 in Asia/Shanghai", "cannot read the longitude"),
        ("the day after tomorrow", "cannot read the date rule"),
    ])
    func badRulesSayWhy(_ rule: String, _ expected: String) {
        #expect {
            try DateRule.parse(rule)
        } throws: { error in
            "\(error)".contains(expected)
        }
    }
}
