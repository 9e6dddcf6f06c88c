import Foundation
import Testing
@testable import GaffeKit

/// A long schedule in publish order is checked a stretch at a time by the batch rules with a
/// horizon (`BatchCollector`, `Linter.batchDraftLimit`), and gives the findings of the whole batch.
struct BatchStretchTests {
    static let batchRules = ["near-duplicate", "canned-overuse", "posting-frequency"]
    static let header = "publish_at,account,channel,regions,text"
    static let quietHours = "frequency:\n  quiet_hours: 22:00-07:00\n"

    /// `count` rows over `days` days from 2026-03-01, in publish order: promotions repeated with a
    /// word or number changed, care replies pasted from templates, posts on two channels at once.
    static func rows(_ count: Int, days: Int, seed: UInt64 = 7) -> [String] {
        var state = seed
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let products = ["rain jacket", "coffee blend", "yoga mat", "desk lamp", "backpack"]
        let cities = ["Boston", "Denver", "Leeds"]
        let start = Date(timeIntervalSince1970: 1_772_323_200) // 2026-03-01T00:00:00Z
        let minutes = (0..<count).map { _ in next(days * 24 * 60) }.sorted()
        return minutes.map { minute in
            let when = ISO8601.format(start.addingTimeInterval(Double(minute) * 60), in: TimeZone(identifier: "UTC"))
            let product = products[next(products.count)]
            let percent = [10, 20, 25, 40][next(4)]
            let kind = next(10)
            let account: String
            let text: String
            if kind < 4 {
                account = ["acme", "acme_uk"][next(2)]
                text = ["Our new \(product) just dropped. Get \(percent)% off today only with code SAVE\(percent)!",
                        "Weekend sale: \(percent)% off every \(product). Shop now before it is gone",
                        "Meet the \(product), designed for everyday adventures in the city and beyond"][next(3)]
            } else if kind < 7 {
                account = ["acme", "acme_uk"][next(2)]
                text = "Thanks to everyone who joined our \(product) meetup in \(cities[next(cities.count)]) last night!"
            } else {
                account = "acme_care"
                text = ["@user\(next(900)) We apologize for any inconvenience. Please DM us your order number.",
                        "@user\(next(900)) Thanks for reaching out! Please send us a DM with your details.",
                        "@user\(next(900)) Sorry about that, our team is on it today."][next(3)]
            }
            let channel = ["x", "facebook", "linkedin", "x;facebook"][next(4)]
            return "\(when),\(account),\(channel),\(["US", "GB"][next(2)]),\"\(text)\""
        }
    }

    /// Lints a schedule with a batch draft limit; each finding as one line, and how many
    /// stretches the rules reported.
    static func lint(_ rows: [String], limit: Int, rules: [String] = batchRules, configuration: String = quietHours,
                     at referenceDate: Date = TestLinting.defaultReferenceDate) throws -> (findings: [String], stretches: Int) {
        let config = try ConfigurationLoader.parse(configuration, path: "example.gaffe.yml")
        let context = RuleContext(configuration: config, referenceDate: referenceDate)
        let linter = try Linter(rules: RuleSet(configuration: config, context: context, only: rules), context: context,
                                readerOptions: ReaderOptions(configuration: config))
        linter.batchDraftLimit = limit
        let sink = CollectingSink()
        linter.lint([.text(([header] + rows).joined(separator: "\n") + "\n", path: "schedule.csv", format: .csv)], sink: sink)
        return (sink.findings.map(render), linter.stretchesReported)
    }

    static func render(_ finding: Finding) -> String {
        let related = finding.related.map { "\($0.message) @\($0.location.start.line)" }
        return "\(finding.ruleID) \(finding.location.start.line):\(finding.location.start.column) \(finding.severity) "
            + "\(finding.message) | \(finding.notes.map(\.message)) | \(related) | \(finding.suggestions.map(\.text)) "
            + "| \(finding.match ?? "") | \(finding.sourceLines.map(\.text)) | \(finding.extra)"
    }

    @Test func aLongScheduleCheckedAStretchAtATimeGivesTheWholeBatchsFindings() throws {
        let rows = Self.rows(2_400, days: 80)
        let whole = try Self.lint(rows, limit: .max)
        let stretched = try Self.lint(rows, limit: 300)
        #expect(whole.stretches == 0)
        #expect(stretched.stretches >= 6)
        for rule in Self.batchRules {
            #expect(whole.findings.contains { $0.hasPrefix(rule + " ") }, "no \(rule) finding to compare")
        }
        #expect(whole.findings.contains { $0.contains("quiet hours") })
        #expect(whole.findings.count > 1_000)
        #expect(stretched.findings.sorted() == whole.findings.sorted())
    }

    @Test func aStretchedReportIsTheSameWhateverTheThreadsTiming() throws {
        // Records what a run hands its sink, in order; pausing on each draft read slows the
        // linter's thread, so the stretch thread gets far ahead of it.
        final class EventSink: FindingSink {
            let pause: UInt32
            var events: [String] = []
            init(pause: UInt32) { self.pause = pause }
            func begin(rules: [RuleDescription]) {}
            func draftRead(_ draft: Draft) {
                if pause > 0 { usleep(pause) }
                events.append("draft \(draft.index)")
            }
            func report(_ finding: Finding) { events.append(BatchStretchTests.render(finding)) }
            func end(_ summary: LintSummary) {}
        }
        let config = try ConfigurationLoader.parse(Self.quietHours, path: "example.gaffe.yml")
        let context = RuleContext(configuration: config, referenceDate: TestLinting.defaultReferenceDate)
        let csv = ([Self.header] + Self.rows(2_400, days: 80)).joined(separator: "\n") + "\n"
        /// `pause` slows the linter's thread at each draft read, `stretchPause` the stretch
        /// thread before each stretch; groups of 16 findings, at most 4 waiting, make the stretch
        /// thread hand over many groups and wait for the linter often.
        func run(pause: UInt32 = 0, stretchPause: UInt32 = 0, holdLimit: Int) throws -> (events: [String], stretches: Int) {
            let linter = try Linter(rules: RuleSet(configuration: config, context: context, only: Self.batchRules + ["canned-phrase"]),
                                    context: context, readerOptions: ReaderOptions(configuration: config))
            linter.batchDraftLimit = 300
            linter.stretchHoldLimit = holdLimit
            var sizes = StretchThread.Sizes(groupSize: 16, bufferedGroups: 4)
            if stretchPause > 0 { sizes.beforeEachStretch = { usleep(stretchPause) } }
            linter.stretchSizes = sizes
            let sink = EventSink(pause: pause)
            linter.lint([.text(csv, path: "schedule.csv", format: .csv)], sink: sink)
            return (sink.events, linter.stretchesReported)
        }
        // Reading waits for each stretch as soon as anything is reported after it: the order by
        // definition, each stretch's findings right after the drafts read when it was settled.
        let expected = try run(holdLimit: 0)
        #expect(expected.stretches >= 6)
        // Findings across the batch come stretch by stretch, between the drafts read.
        let lastDraft = try #require(expected.events.lastIndex { $0.hasPrefix("draft ") })
        #expect(expected.events[..<lastDraft].contains { $0.hasPrefix("posting-frequency ") })
        #expect(try run(holdLimit: 4_096).events == expected.events)
        #expect(try run(pause: 200, holdLimit: 4_096).events == expected.events)
        #expect(try run(stretchPause: 50_000, holdLimit: 4_096).events == expected.events)
        #expect(try run(stretchPause: 20_000, holdLimit: 100).events == expected.events)
        #expect(try run(holdLimit: -1).events == expected.events)
    }

    @Test func aScheduleCheckedWholeReportsAcrossTheBatchAfterItsDrafts() throws {
        // Records what a run hands its sink, in order: `d` for a draft read, `f` for a finding.
        final class OrderSink: FindingSink {
            var events: [Character] = []
            func begin(rules: [RuleDescription]) {}
            func draftRead(_ draft: Draft) { events.append("d") }
            func report(_ finding: Finding) { events.append("f") }
            func end(_ summary: LintSummary) {}
        }
        let context = RuleContext(referenceDate: TestLinting.defaultReferenceDate)
        let linter = try Linter(rules: RuleSet(configuration: Configuration(), context: context, only: ["near-duplicate"]),
                                context: context, readerOptions: ReaderOptions())
        let sink = OrderSink()
        let csv = ([Self.header] + Self.rows(1_200, days: 40)).joined(separator: "\n") + "\n"
        linter.lint([.text(csv, path: "schedule.csv", format: .csv)], sink: sink)
        // Under the default limit the schedule is one batch: every finding after the last draft.
        #expect(linter.stretchesReported == 0)
        #expect(sink.events.firstIndex(of: "f")! > sink.events.lastIndex(of: "d")!)
    }

    @Test func theLastStretchIsReportedInSortedGroupsLikeTheOthers() throws {
        // Records the findings reported after the last draft read: the last stretch of each rule.
        final class TailSink: FindingSink {
            var tail: [Finding] = []
            func begin(rules: [RuleDescription]) {}
            func draftRead(_ draft: Draft) { tail = [] }
            func report(_ finding: Finding) { tail.append(finding) }
            func end(_ summary: LintSummary) {}
        }
        let config = try ConfigurationLoader.parse(Self.quietHours, path: "example.gaffe.yml")
        let context = RuleContext(configuration: config, referenceDate: TestLinting.defaultReferenceDate)
        let linter = try Linter(rules: RuleSet(configuration: config, context: context, only: Self.batchRules),
                                context: context, readerOptions: ReaderOptions(configuration: config))
        linter.batchDraftLimit = 300
        // Reading waits for each stretch before it goes on, so the findings of the stretches
        // settled before the last chunk come before the last draft read, not in the tail.
        linter.stretchHoldLimit = 0
        linter.stretchSizes = StretchThread.Sizes(groupSize: 16, bufferedGroups: 4)
        let sink = TailSink()
        let csv = ([Self.header] + Self.rows(2_400, days: 80)).joined(separator: "\n") + "\n"
        linter.lint([.text(csv, path: "schedule.csv", format: .csv)], sink: sink)
        #expect(linter.stretchesReported >= 6)

        // The last rule's last stretch comes last (the other rules' come before it), in groups of
        // 16 sorted by place: as few held at once as for any other stretch, where the whole last
        // stretch (up to `batchSortLimit` findings) used to be held to be sorted.
        let frequency = Array(sink.tail.reversed().prefix { $0.ruleID == "posting-frequency" }.reversed())
        #expect(frequency.count > 64)
        for start in stride(from: 0, to: frequency.count, by: 16) {
            let group = Array(frequency[start..<min(start + 16, frequency.count)])
            #expect(group == group.sorted(by: Finding.sortedOrder), "group at \(start)")
        }
        // The rule's own order (account, channel, then publish time) shows between the groups.
        #expect(frequency != frequency.sorted(by: Finding.sortedOrder))
    }

    @Test func aScheduleOutOfOrderFromTheStartIsCheckedWhole() throws {
        var rows = Self.rows(1_200, days: 40)
        rows.swapAt(10, 900)
        let stretched = try Self.lint(rows, limit: 200)
        #expect(stretched.stretches == 0)
        #expect(try stretched.findings.sorted() == Self.lint(rows, limit: .max).findings.sorted())
        #expect(!stretched.findings.contains { $0.hasPrefix("input ") })
    }

    @Test func aDraftTooLateForItsStretchIsReported() throws {
        var rows = Self.rows(1_200, days: 40)
        // A row from the first day, read after weeks of schedule were checked.
        rows.insert("2026-03-01T12:00:00Z,acme,x,US,\"Meet the desk lamp, designed for everyday adventures in the city and beyond\"",
                    at: 1_000)
        let rules = Self.batchRules + ["input"]
        let stretched = try Self.lint(rows, limit: 200, rules: rules)
        let late = stretched.findings.filter { $0.hasPrefix("input ") }
        #expect(late.count == 1)
        // Line 1 is the header: the inserted row is line 1,002; the publish time is its first cell.
        #expect(late.first?.hasPrefix("input 1002:1 warning published before drafts already checked across the batch") == true)
        // Canned-overuse counts phrases, and this row has none: the other two compared it.
        #expect(late.first?.contains("near-duplicate, posting-frequency may miss") == true)
        #expect(late.first?.contains("sort the schedule by publish time") == true)
        #expect(try !Self.lint(rows, limit: .max, rules: rules).findings.contains { $0.hasPrefix("input ") })
    }

    /// A row without a publish time, which sits at the run's time.
    static let undatedRow = ",acme,x,US,\"Meet the desk lamp, designed for everyday adventures in the city and beyond\""

    @Test func draftsWithoutAPublishTimeLeaveTheScheduleInOrder() throws {
        var rows = Self.rows(1_200, days: 40)
        // One before the first stretch and one after, with the run's time in the middle of the
        // schedule: each sits there, and neither says how far reading has got.
        rows.insert(Self.undatedRow, at: 450)
        rows.insert(Self.undatedRow, at: 100)
        let middle = Date(timeIntervalSince1970: 1_772_323_200 + 20 * 86_400) // 2026-03-21T00:00:00Z
        let rules = Self.batchRules + ["input"]
        let stretched = try Self.lint(rows, limit: 200, rules: rules, at: middle)
        let whole = try Self.lint(rows, limit: .max, rules: rules, at: middle)
        #expect(stretched.stretches >= 4)
        #expect(!stretched.findings.contains { $0.hasPrefix("input ") })
        // The undated rows are near-duplicates of rows around the run's time.
        #expect(whole.findings.contains { $0.hasPrefix("near-duplicate 102:") })
        #expect(stretched.findings.sorted() == whole.findings.sorted())
    }

    @Test func aDraftWithoutAPublishTimeBehindReadingButPastTheLastCutIsInTime() throws {
        let rows = Self.rows(1_200, days: 40)
        // The run's time is a few rows before the undated row, far from any cut: it is earlier than
        // what has been read, but nothing published then has been reported yet.
        let position = 1_050
        guard case .instant(let time, _)? = ISO8601.parse(String(rows[position - 5].prefix(20))) else {
            Issue.record("no time in \(rows[position - 5])")
            return
        }
        var withUndated = rows
        withUndated.insert(Self.undatedRow, at: position)
        let rules = ["near-duplicate", "canned-overuse", "input"]
        let stretched = try Self.lint(withUndated, limit: 200, rules: rules, at: time)
        #expect(stretched.stretches > 0)
        #expect(!stretched.findings.contains { $0.hasPrefix("input ") })
        #expect(try stretched.findings.sorted() == Self.lint(withUndated, limit: .max, rules: rules, at: time).findings.sorted())
    }

    @Test func aDraftWithoutAPublishTimeTooLateForItsStretchIsReportedAsSuch() throws {
        var rows = Self.rows(1_200, days: 40)
        rows.insert(Self.undatedRow, at: 1_000)
        let early = Date(timeIntervalSince1970: 1_772_323_200 + 3_600) // 2026-03-01T01:00:00Z
        let rules = ["near-duplicate", "input"]
        let late = try Self.lint(rows, limit: 200, rules: rules, at: early).findings.filter { $0.hasPrefix("input ") }
        #expect(late.count == 1)
        #expect(late.first?.hasPrefix("input 1002:1 warning no publish time, so it counts as published at the run's time "
            + "(2026-03-01T01:00:00Z: now, or the time --at gives), before drafts already checked across the batch") == true)
        #expect(late.first?.contains("near-duplicate may miss") == true)
        #expect(late.first?.contains("give it a publish time, or put the drafts without one before the others") == true)

        // With a dated late row in the same chunk, which only posting-frequency sees as late too:
        // the one warning is about the undated row and names only the rule that found it late.
        rows.insert("2026-03-01T12:00:00Z,acme,x,US,\"Meet the desk lamp, designed for everyday adventures in the city and beyond\"",
                    at: 1_001)
        let both = try Self.lint(rows, limit: 200, rules: Self.batchRules + ["input"], at: early).findings.filter { $0.hasPrefix("input ") }
        #expect(both.count == 1)
        #expect(both.first?.hasPrefix("input 1002:1 warning no publish time") == true)
        #expect(both.first?.contains("so near-duplicate may miss") == true)
    }

    @Test func aDraftLateOnlyWithinItsStretchChangesNothing() throws {
        var rows = Self.rows(1_200, days: 40)
        // Two neighbours swapped far from any cut: out of order, but no finding depends on it.
        rows.swapAt(1_150, 1_151)
        let rules = ["near-duplicate", "input"]
        let stretched = try Self.lint(rows, limit: 200, rules: rules)
        #expect(stretched.stretches > 0)
        #expect(try stretched.findings.sorted() == Self.lint(rows, limit: .max, rules: rules).findings.sorted())
    }

    @Test func batchScopesReportEachDraftOnce() {
        let context = RuleContext(referenceDate: TestLinting.defaultReferenceDate)
        func draft(_ ordinal: Int, hour: Double) -> BatchDraft {
            var draft = Draft(source: SourceText(path: "s.csv", bytes: Array("x".utf8)), index: ordinal, format: .text, text: "x",
                              textMap: .verbatim(length: 1, sourceStart: 0))
            draft.metadata.publishAt = Date(timeIntervalSince1970: hour * 3_600)
            return BatchDraft(ordinal: ordinal, draft: draft, context: context)
        }
        let scope = BatchScope(newFrom: 5, reportedBefore: Date(timeIntervalSince1970: 10 * 3_600), cut: Date(timeIntervalSince1970: 20 * 3_600))
        #expect(!scope.reports(at: draft(3, hour: 9)))   // reported with the stretch before
        #expect(scope.reports(at: draft(3, hour: 12)))   // read before, left for this stretch
        #expect(scope.reports(at: draft(6, hour: 5)))    // new, though late
        #expect(scope.reports(at: draft(6, hour: 19)))
        #expect(!scope.reports(at: draft(6, hour: 20)))  // left for the next stretch
        #expect(!scope.reports(at: draft(3, hour: 25)))
        #expect(BatchScope().reports(at: draft(1, hour: 1)))
    }
}

/// What a rule with a horizon promises: its findings at a draft depend only on the drafts within
/// its horizon (which is what makes checking a stretch at a time exact).
struct BatchHorizonTests {
    /// A finding without its file positions (which change when rows are left out).
    static func content(_ finding: Finding) -> String {
        "\(finding.ruleID) \(finding.severity) \(finding.message) | \(finding.notes.map(\.message)) | "
            + "\(finding.related.map(\.message)) | \(finding.suggestions.map(\.text)) | \(finding.extra)"
    }

    /// Lints `rows` whole, then, for every `every`th row with findings, only the rows within the
    /// rule's horizon of it: the findings at that row must be the same. Returns how many rows
    /// were compared.
    @discardableResult
    static func expectFindingsWithinHorizon(rule: String, rows: [String], every: Int, configuration: String) throws -> Int {
        let config = try ConfigurationLoader.parse(configuration, path: "example.gaffe.yml")
        let context = RuleContext(configuration: config, referenceDate: TestLinting.defaultReferenceDate)
        let ruleSet = try RuleSet(configuration: config, context: context, only: [rule])
        guard case .batch(let make) = try #require(ruleSet.rules.first).runner else { throw UsageError("\(rule) is not a batch rule") }
        let horizon = try #require(make().horizon)
        let times = try rows.map { row in
            guard case .instant(let date, _) = ISO8601.parse(String(row.prefix(20))) else { throw UsageError("no time in \(row)") }
            return date
        }
        func lint(_ rows: [String]) throws -> [Int: [String]] {
            let csv = ([BatchStretchTests.header] + rows).joined(separator: "\n") + "\n"
            let findings = try TestLinting.lint(csv, format: .csv, configuration: configuration, rules: [rule], path: "s.csv").findings
            return Dictionary(grouping: findings, by: { $0.location.start.line - 2 }).mapValues { $0.map(content).sorted() }
        }
        var compared = 0
        for (row, expected) in try lint(rows).sorted(by: { $0.key < $1.key }) where row % every == 0 {
            let window = rows.indices.filter {
                times[$0] >= times[row].addingTimeInterval(-horizon.lookBack) && times[$0] <= times[row].addingTimeInterval(horizon.lookAhead)
            }
            let alone = try lint(window.map { rows[$0] })
            #expect(alone[window.firstIndex(of: row)!] == expected, "\(rule), row \(row + 2)")
            compared += 1
        }
        return compared
    }

    @Test(arguments: BatchStretchTests.batchRules)
    func findingsDependOnlyOnTheDraftsWithinTheHorizon(rule: String) throws {
        let configuration = BatchStretchTests.quietHours + "rules:\n  canned-overuse:\n    channels:\n      x: {limit: 2, window: 3d}\n"
        let compared = try Self.expectFindingsWithinHorizon(rule: rule, rows: BatchStretchTests.rows(900, days: 45), every: 3,
                                                           configuration: configuration)
        #expect(compared > 10)
    }

    @Test func theEarliestClearTimeSeesTheWindowPastItsLastCandidate() throws {
        // Facebook's norm is 2 posts a day. Three a day for two weeks, the third flagged each day;
        // the first could move to 14 days later, exactly where the search ends, were it not for
        // the two posts an hour after it: so no time within the horizon is clear.
        var rows: [String] = []
        for day in 1...14 {
            for hour in 21...23 { rows.append(String(format: "2026-03-%02dT%02d:00:00Z,acme,facebook,US,Post %d-%d", day, hour, day, hour)) }
        }
        rows += ["2026-03-16T00:00:00Z,acme,facebook,US,Late one", "2026-03-16T01:00:00Z,acme,facebook,US,Later one"]
        let findings = try TestLinting.lint(([BatchStretchTests.header] + rows).joined(separator: "\n") + "\n", format: .csv,
                                            rules: ["posting-frequency"]).findings
        let first = try #require(findings.first { $0.location.start.line == 4 })
        #expect(first.suggestions.isEmpty)
        #expect(first.notes.last?.message.hasPrefix("Every time in the 14 days after this post breaks a frequency limit") == true)
        try Self.expectFindingsWithinHorizon(rule: "posting-frequency", rows: rows, every: 1, configuration: "")
    }
}
