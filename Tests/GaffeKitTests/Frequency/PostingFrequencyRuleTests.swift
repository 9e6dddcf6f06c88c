import Foundation
import Testing
@testable import GaffeKit

/// `posting-frequency` beyond its documented examples: every kind of limit, counts, windows,
/// related posts, time zones and DST, unsorted input, history, per-account settings, several
/// channels, schedule quirks, configuration errors and the JSON it writes.
struct PostingFrequencyRuleTests {
    static let rule = PostingFrequencyRule.description.identifier
    /// Norms off, so that one limit at a time can be tested.
    static let quiet = "frequency:\n  norms: {spacing: off, burst: off, per_day: off, per_week: off}\n"

    func lint(_ text: String, format: InputFormat = .csv, configuration: String? = nil, inputs: RunInputs = RunInputs()) throws -> [Finding] {
        try TestLinting.lint(text, format: format, configuration: configuration, rules: [Self.rule], runInputs: inputs).findings
    }

    /// `line: message` for each finding.
    func lines(_ findings: [Finding]) -> [String] {
        findings.map { "\($0.location.start.line): \($0.message)" }
    }

    func frequency(_ finding: Finding) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(finding.extra["frequency"]!.serialized.utf8))) as? [String: Any] ?? [:]
    }

    /// `n` rows `minutes` apart from 09:00 UTC on 2 March 2026.
    func rows(_ count: Int, every minutes: Int, account: String = "acme", channel: String = "x", text: (Int) -> String = { "Post \($0)" }) -> String {
        (0..<count).map { index in
            let date = Date(timeIntervalSince1970: 1_772_442_000 + Double(index * minutes * 60))
            return "\(ISO8601.format(date)),\(account),\(channel),\(text(index))"
        }.joined(separator: "\n")
    }

    // MARK: Each kind of limit

    @Test func platformLimitsAreErrorsNamingThePlatformAndSource() throws {
        let findings = try lint("publish_at,account,channel,text\n" + rows(7, every: 0) + "\n", configuration: Self.quiet)
        // TikTok takes 6 posts a minute; the 7th in the same minute is refused.
        #expect(findings.isEmpty)
        let tiktok = try lint("publish_at,account,channel,text\n" + rows(7, every: 0, channel: "tiktok") + "\n", configuration: Self.quiet)
        #expect(lines(tiktok) == ["8: 7th post on TikTok for acme in 1 minute (2026-03-02T08:59:00Z to 2026-03-02T09:00:00Z); TikTok allows at most 6 posts in 1 minute (limit api-1m)"])
        #expect(tiktok[0].severity == .error)
        #expect(tiktok[0].notes[0].message.hasPrefix("Limit api-1m: at most 6 posts in 1 minute [primary source: https://developers.tiktok.com/doc/content-posting-api-reference-direct-post"))
        let six = try lint("publish_at,account,channel,text\n" + rows(6, every: 0, channel: "tiktok") + "\n", configuration: Self.quiet)
        #expect(six.isEmpty)
    }

    @Test func platformsCountRepliesApartWhereTheyCapThemApart() throws {
        let configuration = Self.quiet + "  limits:\n    threads: {api-24h: 2, replies-24h: 3}\n"
        let schedule = "publish_at,account,channel,text\n" + rows(7, every: 60, channel: "threads") { $0 % 2 == 0 ? "@fan\($0) thanks!" : "News \($0)" } + "\n"
        // Replies at rows 2, 4, 6, 8; posts at 3, 5, 7.
        let findings = try lint(schedule, configuration: configuration)
        #expect(findings.count == 2)
        #expect(lines(findings).first?.hasPrefix("7: 3rd post on Threads for acme in 1 day") == true)
        #expect(lines(findings).last?.hasPrefix("8: 4th reply on Threads for acme in 1 day") == true)
        #expect(findings[0].message.hasSuffix("Threads allows at most 2 posts, not counting replies, in 1 day (limit api-24h)"))
        #expect(findings[1].message.hasSuffix("Threads allows at most 3 replies in 1 day (limit replies-24h)"))
        // The related posts are those the limit counts: the two earlier posts, not the replies.
        #expect(findings[0].related.map(\.location.start.line) == [3, 5])
    }

    @Test func normsPerDaySayTheCountAndTheWindow() throws {
        let findings = try lint("publish_at,account,channel,text\n" + rows(6, every: 120) + "\n")
        #expect(lines(findings) == ["7: 6th post on X for acme in 1 day (2026-03-01T19:00:00Z to 2026-03-02T19:00:00Z); the norm is at most 5 posts, not counting replies, in 1 day (per_day)"])
        #expect(findings[0].severity == .warning)
        #expect(findings[0].category == "frequency")
        #expect(findings[0].match == "2026-03-02T19:00:00Z")
        let data = frequency(findings[0])
        #expect(data["account"] as? String == "acme")
        #expect(data["channel"] as? String == "x")
        let limit = (data["limits"] as? [[String: Any]])?.first
        #expect(limit?["id"] as? String == "per_day")
        #expect(limit?["count"] as? Int == 6)
        #expect(limit?["posts"] as? Int == 5)
        #expect(limit?["within"] as? String == "1d")
        #expect((limit?["window"] as? [String: String]) == ["start": "2026-03-01T19:00:00Z", "end": "2026-03-02T19:00:00Z"])
        // The first post leaves the window 24 hours after it went out.
        #expect(data["earliest"] as? String == "2026-03-03T09:00:00Z")
        #expect(findings[0].suggestions.map(\.text) == ["2026-03-03T09:00:00Z"])
    }

    @Test func spacingAndBurstsAreNorms() throws {
        let spacing = try lint("publish_at,account,channel,text\n" + rows(2, every: 9) + "\n")
        #expect(lines(spacing) == ["3: 9 minutes after the previous post on X for acme (scheduled 2026-03-02T09:00:00Z); the norm is at least 10 minutes between posts (spacing)"])
        #expect(try lint("publish_at,account,channel,text\n" + rows(2, every: 10) + "\n").isEmpty)
        let twice = try lint("publish_at,account,channel,text\n" + rows(2, every: 0) + "\n")
        #expect(twice.first?.message.hasPrefix("at the same time as another post on X for acme") == true)

        let burst = try lint("publish_at,account,channel,text\n" + rows(4, every: 15) + "\n")
        #expect(lines(burst) == ["5: 4th post on X for acme in 1 hour (2026-03-02T08:45:00Z to 2026-03-02T09:45:00Z); the norm is at most 3 posts, not counting replies, in 1 hour (burst)"])
        #expect(try lint("publish_at,account,channel,text\n" + rows(4, every: 20) + "\n").isEmpty)
    }

    @Test func oneFindingPerDraftAndChannelWithTheWorstFirst() throws {
        let configuration = "frequency:\n  limits:\n    x: {api-15m: 2}\n"
        let findings = try lint("publish_at,account,channel,text\n" + rows(3, every: 5) + "\n", configuration: configuration)
        #expect(findings.map(\.location.start.line) == [3, 4])
        // Row 3 breaks the platform limit (an error) and spacing and the burst rule's neighbour;
        // the limit leads, the rest are notes.
        #expect(findings[1].severity == .error)
        #expect(findings[1].message.hasPrefix("3rd post on X for acme in 15 minutes"))
        #expect(findings[1].message.hasSuffix("X allows at most 2 posts in 15 minutes (limit api-15m)"))
        #expect(findings[1].notes[0].message.hasPrefix("Limit api-15m: at most 2 posts in 15 minutes [set by your configuration"))
        #expect(findings[1].notes.contains { $0.message == "Also breaks spacing (at least 10 minutes between posts: 2 in the window)." })
        #expect(findings[0].severity == .warning)
    }

    @Test func relatedPostsAreCappedAndCounted() throws {
        let configuration = "frequency:\n  norms: {spacing: off, per_day: off, burst: 3 in 2h}\n"
        let findings = try lint("publish_at,account,channel,text\n" + rows(16, every: 1) + "\n", configuration: configuration)
        #expect(findings.count == 13)
        let last = findings.last!
        #expect(last.message.hasPrefix("16th post on X for acme in 2 hours"))
        #expect(last.related.count == 5)
        #expect(last.related.first?.message == "post 11 of 16 in the window, 2026-03-02T09:10:00Z")
        #expect(last.related.last?.message == "post 15 of 16 in the window, 2026-03-02T09:14:00Z")
        #expect(last.related.map(\.location.start.line) == Array(12...16))
        #expect(last.notes.contains { $0.message == "10 earlier posts in the window are not listed." })
    }

    // MARK: Time zones and DST

    @Test func burstsAreCountedInRealTimeAcrossTheSpringChange() throws {
        // New York clocks jump from 02:00 to 03:00 on 8 March 2026: 01:30, 01:50, 03:10 and
        // 03:20 local are 50 minutes of real time, a burst, though the wall clock shows 1 h 50.
        let schedule = """
            publish_at,timezone,account,channel,text
            2026-03-08 01:30,America/New_York,acme,x,One
            2026-03-08 01:50,America/New_York,acme,x,Two
            2026-03-08 03:10,America/New_York,acme,x,Three
            2026-03-08 03:20,America/New_York,acme,x,Four

            """
        let findings = try lint(schedule)
        #expect(lines(findings) == ["5: 4th post on X for acme in 1 hour (2026-03-08T01:20:00-05:00 to 2026-03-08T03:20:00-04:00); the norm is at most 3 posts, not counting replies, in 1 hour (burst)"])
        // The first post leaves the hour at 02:30 EST, which is 03:30 EDT.
        #expect(frequency(findings[0])["earliest"] as? String == "2026-03-08T03:30:00-04:00")
    }

    @Test func burstsAreCountedInRealTimeAcrossTheAutumnChange() throws {
        // 1 November 2026: 01:00–02:00 happens twice in New York. In file order the wall clock
        // goes 01:30, 01:50, 01:10, 01:20; in real time they are 40 minutes, in order.
        let schedule = """
            publish_at,account,channel,text
            2026-11-01T01:10:00-05:00,acme,x,Three
            2026-11-01T01:30:00-04:00,acme,x,One
            2026-11-01T01:20:00-05:00,acme,x,Four
            2026-11-01T01:50:00-04:00,acme,x,Two

            """
        let findings = try lint(schedule)
        #expect(lines(findings) == ["4: 4th post on X for acme in 1 hour (2026-11-01T00:20:00-05:00 to 2026-11-01T01:20:00-05:00); the norm is at most 3 posts, not counting replies, in 1 hour (burst)"])
        #expect(findings[0].related.map(\.location.start.line) == [3, 5, 2])
    }

    @Test func quietHoursAreReadInTheAudiencesZonesAcrossDST() throws {
        let configuration = "frequency:\n  quiet_hours: 22:00-07:00\n"
        let schedule = """
            publish_at,account,channel,regions,text
            2026-03-08T06:30:00-04:00,acme,x,US-NY,Early bird special
            2026-03-08T09:00:00-04:00,acme,x,US,Brunch is on
            2026-03-08T12:00:00-04:00,acme,x,US-NY,Lunch is on
            2026-03-08T23:30:00Z,acme,x,,No regions: the draft's own zone

            """
        let findings = try lint(schedule, configuration: configuration)
        #expect(lines(findings) == [
            "2: scheduled at 06:30 in America/New_York, inside the quiet hours 22:00–07:00 of its audience in US-NY",
            "3: scheduled at 06:00 in America/Phoenix, inside the quiet hours 22:00–07:00 of its audience in US",
            "5: scheduled at 23:30 in GMT, inside the quiet hours 22:00–07:00 of its audience in its own time zone",
        ])
        #expect(findings.allSatisfy { $0.severity == .info && $0.category == "quiet-hours" })
        // 07:00 in New York on the day clocks went forward; for all of the US, 07:00 in Honolulu,
        // the last of its zones to wake.
        #expect(findings[0].suggestions.map(\.text) == ["2026-03-08T07:00:00-04:00"])
        #expect(findings[1].suggestions.map(\.text) == ["2026-03-08T13:00:00-04:00"])
    }

    @Test func quietHoursCanBeSwitchedOffPerAccount() throws {
        let configuration = "frequency:\n  quiet_hours: on\n  accounts:\n    acme_care:\n      quiet_hours: off\n"
        let findings = try lint("""
            publish_at,account,channel,regions,text
            2026-03-02T03:00:00Z,acme,x,GB,Sale
            2026-03-02T03:00:00Z,acme_care,x,GB,@sam We're on it

            """, configuration: configuration)
        #expect(findings.map(\.location.start.line) == [2])
    }

    // MARK: Input order, history, accounts, channels

    @Test func unsortedInputGivesTheSameFindings() throws {
        let sorted = (0..<40).map { index in
            "\(ISO8601.format(Date(timeIntervalSince1970: 1_772_442_000 + Double(index * 977 % 7200)))),acme,\(index % 3 == 0 ? "x" : "facebook"),Post \(index)"
        }
        var random = SlotSearchTests.Generator(state: 3)
        let shuffled = sorted.shuffled(using: &random)
        func summary(_ rows: [String]) throws -> [String] {
            try lint("publish_at,account,channel,text\n" + rows.joined(separator: "\n") + "\n").map { finding in
                let related = finding.related.map { $0.message }.joined(separator: "|")
                return "\(finding.sourceLines.first!.text) → \(finding.message) [\(related)]"
            }.sorted()
        }
        let expected = try summary(sorted)
        #expect(!expected.isEmpty)
        #expect(try summary(shuffled) == expected)
        #expect(try summary(sorted.reversed()) == expected)
    }

    @Test func streamedFindingsComeInPublishOrderWithinEachAccountAndChannel() throws {
        // Past the linter's sort limit, findings are reported in the order the rule makes them;
        // that order must not depend on anything but the schedule (a dictionary's order changes
        // from one run to the next).
        let rows = self.rows(60, every: 2).split(separator: "\n").reversed().joined(separator: "\n")
        let config = Configuration()
        let context = RuleContext(configuration: config, referenceDate: TestLinting.defaultReferenceDate)
        let linter = try Linter(rules: RuleSet(configuration: config, context: context, only: [Self.rule]), context: context,
                                readerOptions: ReaderOptions())
        linter.batchSortLimit = 0
        let sink = CollectingSink()
        linter.lint([.text("publish_at,account,channel,text\n" + rows + "\n", path: "s.csv", format: .csv)], sink: sink)
        let published = sink.findings.compactMap { $0.draft?.publishAt }
        #expect(published.count > 50)
        #expect(published == published.sorted())
    }

    @Test func excerptsShowWholeLinesLongerThanTheFirstWindowRead() throws {
        // The publish time sits after 3,000 bytes of text: the excerpt is read again, wider, so
        // that it still starts at the line's start and holds the whole line.
        let long = String(repeating: "Long post. ", count: 280)
        let csv = "text,publish_at,account,channel\n" + (0..<3).map { minute in
            "\(long)\(minute),2026-03-02T09:0\(minute):00Z,acme,x"
        }.joined(separator: "\n") + "\n"
        let findings = try lint(csv)
        #expect(findings.count == 2)
        for finding in findings {
            let line = try #require(finding.sourceLines.first)
            #expect(line.number == finding.location.start.line)
            #expect(line.text.hasPrefix("Long post. Long post."))
            #expect(line.text.hasSuffix(",acme,x"))
            #expect(finding.match?.hasPrefix("2026-03-02T09:0") == true)
        }
    }

    @Test func historyPushesTheFirstDraftOverALimit() throws {
        let folder = try TemporaryFolder("frequency-history")
        let history = try folder.write("published.csv", """
            published_at,account,channel,text
            2026-03-01T20:00:00Z,acme,x,Last night's post
            2026-03-01T21:00:00Z,acme,twitter,Thanks for a great night!
            2026-03-01T21:30:00Z,acme,x,@fan Thanks! (a reply: norms leave it out)
            2026-03-01T22:00:00Z,acme,x,Late news
            2026-03-02T01:00:00Z,acme,x,Even later
            2026-03-02T02:00:00Z,acme,x,Night owls
            2026-03-02T02:00:00Z,acme_uk,x,Another account
            2026-03-02T02:00:00Z,acme,facebook,Another channel

            """)
        var inputs = RunInputs()
        inputs.historyFiles = [history]
        let schedule = "publish_at,account,channel,text\n2026-03-02T09:00:00Z,acme,x,Good morning\n2026-03-02T12:00:00Z,acme,x,Lunch\n"
        let findings = try lint(schedule, inputs: inputs)
        #expect(lines(findings) == [
            "2: 6th post on X for acme in 1 day (2026-03-01T09:00:00Z to 2026-03-02T09:00:00Z, 5 of them already published); the norm is at most 5 posts, not counting replies, in 1 day (per_day)",
            "3: 7th post on X for acme in 1 day (2026-03-01T12:00:00Z to 2026-03-02T12:00:00Z, 5 of them already published); the norm is at most 5 posts, not counting replies, in 1 day (per_day)",
        ])
        // History is context: listed where it was published, never reported itself.
        #expect(findings[0].related.map { "\($0.location.path.hasSuffix("published.csv")):\($0.location.start.line):\($0.location.start.column)" }
            == [2, 3, 5, 6, 7].map { "true:\($0):1" }, "the reply on line 4 is not counted, so it is not listed")
        #expect(findings[0].related[0].message == "post 1 of 6 in the window, already published 2026-03-01T20:00:00Z")
        #expect(frequency(findings[0])["history"] as? Int == 5)
        #expect(findings.allSatisfy { !$0.location.path.hasSuffix("published.csv") })
        // Without the history the schedule is clean.
        #expect(try lint(schedule).isEmpty)
    }

    @Test func accountsHaveTheirOwnNormsAndLimits() throws {
        let configuration = """
            frequency:
              norms:
                x: {per_day: 8}
              accounts:
                acme_care:
                  norms: {spacing: off, burst: 30 in 1h, per_day: off}
                "@acme_unverified":
                  limits: {x: {daily: 3}}

            """
        let schedule = "publish_at,account,channel,text\n"
            + rows(10, every: 2, account: "acme_care") { "@fan\($0) We're on it" } + "\n"
            + rows(10, every: 2, account: "acme") + "\n"
            + rows(4, every: 30, account: "acme_unverified") + "\n"
        let findings = try lint(schedule, configuration: configuration)
        let byAccount = Dictionary(grouping: findings) { $0.draft?.account ?? "" }
        #expect(byAccount["acme_care"] == nil)
        // acme: every post after the first breaks spacing; from the 4th, the burst; from the 9th, per_day 8.
        #expect(byAccount["acme"]?.count == 9)
        #expect(byAccount["acme"]?.last?.notes.contains { $0.message.contains("per_day (at most 8 posts, not counting replies, in 1 day: 10 in the window)") } == true)
        #expect(byAccount["acme_unverified"]?.map(\.severity) == [.error])
        #expect(byAccount["acme_unverified"]?.last?.message.hasSuffix("X allows at most 3 posts in 1 day (limit daily)") == true)
    }

    @Test func aDraftOnSeveralChannelsCountsOnEach() throws {
        let schedule = """
            publish_at,account,channel,text
            2026-03-02T09:00:00Z,acme,x,On X
            2026-03-02T09:20:00Z,acme,threads,On Threads
            2026-03-02T09:25:00Z,acme,x;threads,On both

            """
        let findings = try lint(schedule)
        #expect(findings.map { "\($0.location.start.line) \(frequency($0)["channel"]!)" } == ["4 threads"])
        // Moving it must clear Threads (until 09:30) and stay clear on X: 09:30.
        #expect(findings[0].suggestions.map(\.text) == ["2026-03-02T09:30:00Z"])

        let crowded = try lint(schedule.replacingOccurrences(of: "09:00:00Z,acme,x,On X", with: "09:24:00Z,acme,x,On X"))
        #expect(crowded.map { "\($0.location.start.line) \(frequency($0)["channel"]!)" }.sorted() == ["4 threads", "4 x"])
        // X is clear from 09:34, Threads from 09:30: the draft is clear of both at 09:34.
        #expect(crowded.allSatisfy { $0.suggestions.map(\.text) == ["2026-03-02T09:34:00Z"] })
    }

    @Test func draftsWithoutATimeAreLeftOutAndSuppressedOnesStillCount() throws {
        let findings = try lint("""
            publish_at,account,channel,text,gaffe_ignore
            ,acme,x,No time yet,
            2026-03-02T09:00:00Z,acme,x,First,
            2026-03-02T09:01:00Z,acme,x,Second,posting-frequency
            2026-03-02T09:12:00Z,acme,x,Third,
            ,acme,x,No time either,

            """)
        // The second is switched off, yet the third is 11 minutes after it: clean. A third post
        // 2 minutes after the second would not be.
        #expect(findings.isEmpty)
        let close = try lint("""
            publish_at,account,channel,text,gaffe_ignore
            2026-03-02T09:00:00Z,acme,x,First,
            2026-03-02T09:11:00Z,acme,x,Second,posting-frequency
            2026-03-02T09:13:00Z,acme,x,Third,

            """)
        #expect(close.map(\.location.start.line) == [4])
    }

    // MARK: Schedule formats

    @Test func crlfAndQuotedLineBreaksKeepPositionsExact() throws {
        let schedule = "publish_at,account,channel,text\r\n"
            + "2026-03-02T09:00:00Z,acme,x,\"A post\r\nover two lines, with \"\"quotes\"\"\"\r\n"
            + "\"2026-03-02T09:05:00Z\",acme,x,\"Another,\r\nmulti-line\"\r\n"
        let findings = try lint(schedule)
        #expect(findings.count == 1)
        let finding = findings[0]
        #expect(finding.location.start == SourcePosition(line: 4, column: 2))
        #expect(finding.match == "2026-03-02T09:05:00Z")
        #expect(finding.related.map { "\($0.location.start.line):\($0.location.start.column)" } == ["2:1"])
    }

    @Test func jsonLinesSchedulesWork() throws {
        let schedule = """
            {"publish_at": "2026-03-02T09:00:00Z", "account": "acme", "channel": ["x", "threads"], "text": "One"}
            {"text": "Two", "channel": "threads", "publish_at": "2026-03-02T09:03:00Z", "account": "acme"}

            """
        let findings = try lint(schedule, format: .jsonl)
        let second = schedule.split(separator: "\n")[1]
        let column = second.distance(from: second.startIndex, to: second.range(of: "2026-03-02T09:03")!.lowerBound) + 1
        #expect(findings.map { "\($0.location.start.line):\($0.location.start.column) \($0.match ?? "")" } == ["2:\(column) 2026-03-02T09:03:00Z"])
    }

    // MARK: Output

    @Test func jsonAndSarifOutputValidate() throws {
        let configuration = "frequency:\n  quiet_hours: on\n"
        let findings = try lint("publish_at,account,channel,regions,text\n"
            + "2026-03-02T03:00:00Z,acme,x,GB,Night\n2026-03-02T03:05:00Z,acme,x,GB,Night again\n", configuration: configuration)
        #expect(findings.count == 3)
        var summary = LintSummary()
        summary.files = 1
        summary.drafts = 2
        summary.warnings = 1
        summary.infos = 2
        let json = ReporterSamples.render(JSONReporter.self, findings, summary: summary, rules: [PostingFrequencyRule.description])
        #expect(try SchemaValidator.errors(in: json, schema: TestPaths.jsonSchema) == [])
        #expect(json.contains("\"frequency\":{\"account\":\"acme\",\"channel\":\"x\",\"limits\":[{\"id\":\"spacing\""))
        #expect(json.contains("\"quiet_hours\":{\"from\":\"22:00\",\"to\":\"07:00\",\"zone\":\"Europe/London\",\"local_time\":\"03:00\""))
        let sarif = ReporterSamples.render(SARIFReporter.self, findings, summary: summary, rules: [PostingFrequencyRule.description])
        #expect(try SchemaValidator.errors(in: sarif, schema: TestPaths.sarifSchema) == [])
        #expect(sarif.contains("\"relatedLocations\":"))
    }

    // MARK: Configuration

    @Test func configurationMistakesAreNamed() {
        func error(_ yaml: String) -> String {
            do {
                _ = try ConfigurationLoader.parse(yaml, path: ".gaffe.yml")
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        #expect(error("frequency:\n  norms:\n    istagram: {per_week: 3}\n") == ".gaffe.yml:3:5: error: unknown channel 'istagram'; did you mean 'instagram'?")
        #expect(error("frequency:\n  limits:\n    x: {dialy: 50}\n")
            == ".gaffe.yml:3:9: error: unknown limit 'dialy'; did you mean 'daily'? (a new limit needs its window: '50 in 1h' or {posts: 50, within: 1h})")
        #expect(error("frequency:\n  norms: {spacing: 5}\n") == ".gaffe.yml:2:20: error: 'frequency.norms.spacing' is the least time between two posts: a duration such as 10m, or off")
        #expect(error("frequency:\n  norms: {burst: lots}\n")
            == ".gaffe.yml:2:18: error: 'frequency.norms.burst' must be a number of posts, a rate such as '3 in 1h', a duration (for spacing) or off, not 'lots'")
        #expect(error("frequency:\n  norms: {replies_per_hour: {posts: 20}}\n") == ".gaffe.yml:2:29: error: 'frequency.norms.replies_per_hour' needs 'within', the window: {posts: 3, within: 1h}")
        #expect(error("frequency:\n  limits: {x: {daily: {posts: 5, counts: tweets}}}\n")
            == ".gaffe.yml:2:42: error: 'frequency.limits.x.daily.counts' must be all, posts or replies, not 'tweets'")
        #expect(error("frequency:\n  quiet_hours: 22:00 to 07:00\n")
            == ".gaffe.yml:2:16: error: 'frequency.quiet_hours' must be on, off, a range such as 22:00-07:00, or {from: \"22:00\", to: \"07:00\"}")
        #expect(error("frequency:\n  accounts:\n    acme: {norm: {}}\n") == ".gaffe.yml:3:12: error: unknown key 'frequency.accounts.acme.norm'; did you mean 'norms'?")
        #expect(error("frequency:\n  history: {columns: {published: Date}}\n")
            == ".gaffe.yml:2:23: error: unknown field 'published' in frequency.history.columns; did you mean 'published_at'? (fields: published_at, account, channel, text, timezone)")
        #expect(error("frequency:\n  norms: {x: {per_day: 8}, per_week: 20, reply_burst: 10 in 5m}\n  quiet_hours: {from: \"23:00\"}\n") == "no error")
    }

    @Test func configuredValuesResolveByAccountThenChannel() throws {
        let configuration = try ConfigurationLoader.parse("""
            frequency:
              norms:
                spacing: 20m
                x: {spacing: 5m, per_day: 8}
              limits:
                x: {daily: off}
              accounts:
                acme_care:
                  norms: {spacing: off, x: {burst: 50 in 1h}}

            """, path: ".gaffe.yml")
        let policy = try FrequencyPolicy(configuration: configuration)
        func describe(_ account: String?, _ channel: Channel?) -> [String] {
            policy.limits(account: account, channel: channel).map { "\($0.id) \($0.posts)/\(DurationText.format($0.within))" }
        }
        #expect(describe("acme", .x) == ["api-15m 200/15m", "api-3h 300/3h", "spacing 1/5m", "burst 3/1h", "per_day 8/1d"])
        #expect(describe("acme", .facebook) == ["spacing 1/20m", "burst 3/1h", "per_day 2/1d"])
        #expect(describe("acme_care", .x) == ["api-15m 200/15m", "api-3h 300/3h", "burst 50/1h", "per_day 8/1d"])
        #expect(describe(nil, nil) == ["spacing 1/20m", "burst 3/1h"])
        #expect(policy.longestWindow == 7 * 86_400)
    }
}
