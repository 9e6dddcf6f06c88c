import Foundation
import Testing
@testable import GaffeKit

/// `gaffe lint --history`, `gaffe history` and `gaffe reschedule` through the built binary:
/// exit codes, what they print, and that the rescheduled file lints clean.
struct FrequencyCommandTests {
    let temporary: TemporaryFolder
    var folder: URL { temporary.url }

    init() throws {
        temporary = try TemporaryFolder("gaffe-frequency-cli")
        try temporary.write(".gaffe.yml", "regions: [GB]\n")
        try temporary.write("schedule.csv", """
            publish_at,account,channel,text
            2026-03-02T09:00:00Z,acme,x,Good morning
            2026-03-02T09:03:00Z,acme,x,"Spring menu,
            on two lines"
            2026-03-02T12:00:00Z,acme,x,Lunch

            """)
        try temporary.write("published.csv", "published_at,account,channel,text\n2026-03-02T08:58:00Z,acme,x,Earlier\n")
    }

    @Test func lintCountsHistoryAndRescheduleFixesTheSchedule() throws {
        let plain = try GaffeBinary.run(["lint", "--rules", "posting-frequency", "--fail-on", "warning", "schedule.csv"], directory: folder)
        #expect(plain.status == 1)
        #expect(plain.output.hasPrefix("schedule.csv:3:1: warning: 3 minutes after the previous post on X for acme (scheduled 2026-03-02T09:00:00Z); the norm is at least 10 minutes between posts (spacing) [posting-frequency]\n"))

        let withHistory = try GaffeBinary.run(["lint", "--rules", "posting-frequency", "--format", "json", "--history", "published.csv", "schedule.csv"],
                                              directory: folder)
        #expect(withHistory.status == 0)
        let findings = try ReporterSamples.object(withHistory.output)["findings"] as? [[String: Any]] ?? []
        #expect(findings.map { $0["line"] as? Int } == [2, 3])
        #expect((findings.first?["related"] as? [[String: Any]])?.first?["path"] as? String == "published.csv")

        let moved = try GaffeBinary.run(["reschedule", "schedule.csv", "--history", "published.csv", "--output", "new.csv"], directory: folder)
        #expect(moved.status == 0)
        #expect(moved.output == """
            schedule.csv:2:1: moved 2026-03-02T09:00:00Z → 2026-03-02T09:08:00Z: norm spacing on X for acme (at least 10 minutes between posts; 1 already in the window)
            schedule.csv:3:1: moved 2026-03-02T09:03:00Z → 2026-03-02T09:18:00Z: keeps its place after line 2, which moved to 2026-03-02T09:08:00Z; norm spacing on X for acme (at least 10 minutes between posts; 1 already in the window)
            2 of 3 drafts moved; wrote new.csv

            """)
        let clean = try GaffeBinary.run(["lint", "--fail-on", "info", "--history", "published.csv", "new.csv"], directory: folder)
        #expect(clean.status == 0, "\(clean.output)")

        let refused = try GaffeBinary.run(["reschedule", "schedule.csv", "-o", "schedule.csv"], directory: folder)
        #expect(refused.status == 2)
        #expect(refused.errorOutput == "gaffe: error: --output schedule.csv is one of the inputs; Gaffe never writes over what it reads\n")

        let missing = try GaffeBinary.run(["lint", "--history", "nowhere.csv", "schedule.csv"], directory: folder)
        #expect(missing.status == 2)
        #expect(missing.errorOutput == "gaffe: error: no such history file: nowhere.csv\n")
    }

    @Test func historyImportsIntoTheStoreThatLintReads() throws {
        let imported = try GaffeBinary.run(["history", "import", "published.csv"], directory: folder)
        #expect(imported.status == 0)
        #expect(imported.output == "published.csv: 1 post (1 added, 0 already stored)\n")
        let listed = try GaffeBinary.run(["history", "list", "--account", "@acme", "--channel", "twitter"], directory: folder)
        #expect(listed.output == "2026-03-02T08:58:00Z\tacme\tx\tEarlier\n")
        let badChannel = try GaffeBinary.run(["history", "list", "--channel", "fax"], directory: folder)
        #expect(badChannel.status == 2)
        // The default store beside .gaffe.yml now holds the post: the first draft is too soon.
        let lint = try GaffeBinary.run(["lint", "--rules", "posting-frequency", "schedule.csv"], directory: folder)
        #expect(lint.output.hasPrefix("schedule.csv:2:1: warning: 2 minutes after the previous post on X for acme (already published 2026-03-02T08:58:00Z)"))
    }
}
