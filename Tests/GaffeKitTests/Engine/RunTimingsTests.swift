import Foundation
import Testing
@testable import GaffeKit

/// `gaffe lint --timings`: every part of the run is listed, each rule with the findings it
/// reported, and timing a run changes nothing in its report. (No assertion is made on how long
/// anything took.)
struct RunTimingsTests {
    static let schedule = """
        publish_at,account,channel,text
        2026-03-02T09:00:00Z,acme,x,This rain jacket is a killer deal at $49.
        2026-03-02T10:00:00Z,acme,x,"Meet the new rain jacket, designed for everyday adventures in the city."
        2026-03-03T10:00:00Z,acme,x,"Meet the new rain jacket, designed for everyday adventures in the city."
        2026-03-04T10:00:00Z,acme,x,Our sale is going to blow you away.

        """
    static let rules = ["sensitive-term", "near-duplicate", "placeholder"]

    static func linter(timed: Bool) throws -> Linter {
        let context = RuleContext(configuration: Configuration(), referenceDate: TestLinting.defaultReferenceDate)
        let rules = try RuleSet(configuration: Configuration(), context: context, only: rules)
        return try Linter(rules: rules, context: context, readerOptions: ReaderOptions(), timed: timed)
    }

    static var input: InputSource { .text(schedule, path: "schedule.csv", format: .csv) }

    @Test func aTimedRunReportsTheSameAndCountsEachRulesFindings() throws {
        let untimed = CollectingSink()
        try Self.linter(timed: false).lint([Self.input], sink: untimed)

        let linter = try Self.linter(timed: true)
        let timings = try #require(linter.timings)
        let timed = CollectingSink()
        let summary = linter.lint([Self.input], sink: TimedSink(timed, timings: timings))
        #expect(timed.findings == untimed.findings)
        #expect(summary == untimed.summary)

        let parts = Dictionary(uniqueKeysWithValues: timings.parts.map { ("\($0.kind): \($0.name)", $0) })
        let sensitive = untimed.findings.filter { $0.ruleID == "sensitive-term" }.count
        let duplicates = untimed.findings.filter { $0.ruleID == "near-duplicate" }.count
        #expect(sensitive == 2 && duplicates == 1, "the schedule triggers both rules")
        #expect(parts["rule: sensitive-term"]?.findings == sensitive)
        #expect(parts["rule: placeholder"]?.findings == 0)
        #expect(parts["rule: near-duplicate, across the batch"]?.findings == duplicates)
        #expect(parts["rule: near-duplicate, noting each draft"]?.findings == nil)
        for name in ["reading: making drafts from records", "reading: reading files and splitting records",
                     "reporting: formatting and writing the report", "batch: summarizing drafts for the batch rules",
                     "annotator: CalendarAnnotator"] {
            #expect(parts[name] != nil, "\(name) is a part of the run")
        }
        #expect(parts["rule: near-duplicate"] == nil, "a batch rule's parts are named for what they do")
        #expect(timings.parts.allSatisfy { $0.seconds >= 0 && $0.seconds.isFinite })
        #expect(timings.parts.map(\.seconds) == timings.parts.map(\.seconds).sorted(by: >), "slowest first")
    }

    @Test func anUntimedLinterMeasuresNothing() throws {
        #expect(try Self.linter(timed: false).timings == nil)
    }

    @Test func theTableListsPartsSlowestFirstWithTheirShareAndLeavesOutEmptyOnes() {
        let timings = RunTimings(rules: ["alpha", "beta", "gamma"], batchRules: ["beta"], annotators: [])
        timings.record(1_000_000_000, to: timings.slot(rule: "alpha")!, row: 0)
        timings.record(500_000_000, to: timings.slot(rule: "alpha")!, row: 1)
        timings.record(500_000_000, to: timings.slot(acrossBatch: "beta")!, row: RunTimings.Row.linter)
        timings.countFinding(of: "beta")
        timings.countFinding(of: "beta")
        timings.finish()
        let lines = timings.table.split(separator: "\n").map(String.init)
        #expect(lines.count == 5)
        #expect(lines[0].hasPrefix("Timings: time inside each part, summed over threads"))
        #expect(lines[1].split(separator: " ") == ["Part", "Seconds", "Share", "Findings"])
        #expect(lines[2].split(separator: " ") == ["rule:", "alpha", "1.500", "75.0%", "0"], "summed over the rows of two threads")
        #expect(lines[3].split(separator: " ") == ["rule:", "beta,", "across", "the", "batch", "0.500", "25.0%", "2"])
        #expect(lines[4].hasPrefix("Whole run: "))
        #expect(lines[4].hasSuffix("the parts add up to 2.000 s."))
        #expect(!timings.table.contains("gamma"), "a rule that took no time and found nothing is left out")
    }

    @Test func lintRunPrintsTheTableToTheLogAndTheSameReport() throws {
        let folder = try TemporaryFolder("timings")
        let schedule = folder.url.appendingPathComponent("schedule.csv")
        try Self.schedule.write(to: schedule, atomically: true, encoding: .utf8)
        func run(timings: Bool) throws -> (status: Int32, report: String, log: [String]) {
            let output = folder.url.appendingPathComponent("report-\(timings).json")
            var request = LintRequest()
            request.paths = [schedule.path]
            request.noConfiguration = true
            request.format = "json"
            request.outputPath = output.path
            request.onlyRules = Self.rules
            request.referenceDate = TestLinting.defaultReferenceDate
            request.timings = timings
            let log = Locked<[String]>([])
            let status = try LintRun.run(request, log: { line in log.withLock { $0.append(line) } })
            return (status, try String(contentsOf: output, encoding: .utf8), log.withLock { $0 })
        }
        let plain = try run(timings: false)
        let timed = try run(timings: true)
        #expect(timed.status == plain.status)
        #expect(timed.report == plain.report)
        #expect(plain.log.isEmpty)
        let table = try #require(timed.log.last)
        #expect(table.hasPrefix("Timings: "))
        #expect(table.contains("rule: near-duplicate, across the batch"))
        #expect(table.contains("setup: configuration, rules and lexicons"))
    }
}
