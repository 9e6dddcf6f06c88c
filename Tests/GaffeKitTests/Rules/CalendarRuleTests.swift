import Foundation
import Testing
@testable import GaffeKit

/// `event-collision` and `newsjacking` beyond their documented examples: severities, messages,
/// notes, the event carried by each finding, and a whole run from a schedule and an ICS file.
struct CalendarRuleTests {
    static let storm = EventCollisionRule.stormConfiguration

    private func at(_ text: String) -> Date {
        guard case .instant(let date, _)? = ISO8601.parse(text) else { fatalError("bad time \(text)") }
        return date
    }

    private func lint(_ csv: String, configuration: String? = storm, rules: [String] = ["event-collision", "newsjacking"],
                      at: String? = nil) throws -> [Finding] {
        try TestLinting.lint(csv, format: .csv, configuration: configuration, rules: rules, at: at.map(self.at)).findings
    }

    // MARK: event-collision

    @Test func severityFollowsTheEventAndTheTone() throws {
        let findings = try lint("""
            publish_at,regions,text
            2012-10-30T09:00:00-04:00,US-NY,"Flash sale: 20% off everything, shop now!"
            2012-10-30T09:00:00-04:00,US-NY,Our new autumn menu is here.
            2012-10-30T09:00:00-04:00,US-NY,Our thoughts are with everyone affected by the storm. Please stay safe.
            2012-11-05T09:00:00-05:00,US-NY,"Flash sale: 20% off everything, shop now!"
            2012-11-05T09:00:00-05:00,US-NY,Our new autumn menu is here.
            2012-11-08T09:00:00-05:00,US-NY,"Flash sale: 20% off everything, shop now!"
            """, rules: ["event-collision"])
        // Five days after the end, an extreme event still makes a promotion an error; other posts
        // drop to information.
        #expect(findings.map { "\($0.location.start.line):\($0.severity.rawValue)" }
            == ["2:error", "3:warning", "4:info", "5:error", "6:info"])
    }

    @Test func commemorativeDaysWeighLess() {
        let remembrance = Event(id: "r", title: "R", kind: .remembrance, severity: .severe, regions: [.global], start: at("2026-01-01T00:00:00Z"),
                                end: at("2026-01-02T00:00:00Z"), source: EventSource(kind: .builtIn, location: "x"))
        let promotion = Tone.of("Flash sale: 20% off everything, shop now!")
        let plain = Tone.of("Our new menu is here.")
        let during = at("2026-01-01T12:00:00Z")
        #expect(EventCollisionRule.severity(of: remembrance, tone: promotion, at: during) == .warning)
        #expect(EventCollisionRule.severity(of: remembrance, tone: plain, at: during) == .info)
        var extreme = remembrance
        extreme.severity = .extreme
        #expect(EventCollisionRule.severity(of: extreme, tone: promotion, at: during) == .error)
        var minor = remembrance
        minor.severity = .minor
        #expect(EventCollisionRule.severity(of: minor, tone: promotion, at: during) == nil)
        var info = remembrance
        info.kind = .hurricane
        info.severity = .info
        #expect(EventCollisionRule.severity(of: info, tone: promotion, at: during) == nil)
    }

    @Test func theFindingNamesTheEventItsWindowRegionsAndSource() throws {
        let findings = try lint("""
            publish_at,regions,text
            2012-10-30T09:00:00-04:00,US-NY,"Flash sale: 20% off everything, shop now!"
            """, rules: ["event-collision"])
        let finding = try #require(findings.first)
        #expect(finding.message == "promotion scheduled during 'Hurricane Sandy' (hurricane, extreme), 2012-10-29T12:00:00Z to 2012-11-01T00:00:00Z in US-NY, US-NJ [source: example.gaffe.yml:2 (item sandy-2012)]; hold it or move it")
        #expect(finding.match == "2012-10-30T09:00:00-04:00")
        #expect(finding.notes.map(\.message) == [
            "Hurricane Sandy is live 2012-10-29T12:00:00Z to 2012-11-01T00:00:00Z in US-NY, US-NJ, still too soon until 2012-11-08T00:00:00Z (7 days after it ends).",
            "It reads as a promotion: 'Flash sale', '20% off', 'shop now'.",
            "Earliest publish time at which nothing collides: 2012-11-07T20:00:00-04:00.",
        ])
        #expect(finding.category == "event")
        #expect(finding.extra["event"]?.serialized == """
            {"id":"config:sandy-2012","title":"Hurricane Sandy","kind":"hurricane","severity":"extreme","start":"2012-10-29T12:00:00Z","end":"2012-11-01T00:00:00Z","regions":["US-NY","US-NJ"],"source":{"id":"sandy-2012","kind":"file","location":"example.gaffe.yml"}}
            """)
    }

    @Test func draftsWithoutRegionsAreGlobalOrTakeTheConfiguredOnes() throws {
        let global = try lint("publish_at,text\n2012-10-30T09:00:00-04:00,Flash sale today only!\n", rules: ["event-collision"])
        #expect(global.first?.notes.contains { $0.message.hasPrefix("The draft names no audience regions and the configuration sets none, so it is treated as reaching every region") } == true)
        let defaults = try lint("publish_at,text\n2012-10-30T09:00:00-04:00,Flash sale today only!\n",
                                configuration: "regions: [US]\n" + Self.storm, rules: ["event-collision"])
        #expect(defaults.first?.notes.contains { $0.message == "Audience US comes from `regions:` in the configuration." } == true)
        let elsewhere = try lint("publish_at,text\n2012-10-30T09:00:00-04:00,Flash sale today only!\n",
                                 configuration: "regions: [FR]\n" + Self.storm, rules: ["event-collision"])
        #expect(elsewhere.isEmpty)
    }

    @Test func draftsWithoutAPublishTimeUseTheReferenceTime() throws {
        let findings = try TestLinting.lint("Flash sale: 20% off everything, shop now!", configuration: Self.storm, rules: ["event-collision"],
                                            at: at("2012-10-30T15:00:00Z")).findings
        #expect(findings.map(\.severity) == [.error])
        let later = try TestLinting.lint("Flash sale: 20% off everything, shop now!", configuration: Self.storm, rules: ["event-collision"],
                                         at: at("2013-02-20T15:00:00Z")).findings
        #expect(later.isEmpty)
    }

    @Test func severalLiveEventsAreListed() throws {
        // 11:00 on 11 November 2026 in London: the silence, the day, and for a global post more.
        let findings = try lint("publish_at,regions,text\n2026-11-11T11:00:30+00:00,GB,Flash sale: 20% off everything today only!\n",
                                configuration: nil, rules: ["event-collision"])
        let finding = try #require(findings.first)
        #expect(finding.severity == .error)
        #expect(finding.message.hasPrefix("promotion scheduled during 'Two-minute silence (Remembrance Day)' (remembrance, extreme)"))
        #expect(finding.notes.contains { $0.message == "Also live: 'Remembrance Day (Armistice Day)' (remembrance, moderate) in GB, CA, AU, NZ." })
        #expect(finding.notes.last?.message == "Earliest publish time at which nothing collides: 2026-11-12T00:00:00Z.")
        guard case .array(let events)? = finding.extra["events"] else { Issue.record("no events array"); return }
        #expect(events.count == 2)
    }

    @Test func disabledBuiltInCalendarAndSkippedEntries() throws {
        let csv = "publish_at,regions,text\n2026-12-07T10:00:00-05:00,US,Flash sale! 20% off everything today only.\n"
        #expect(try lint(csv, configuration: nil, rules: ["event-collision"]).count == 1)
        #expect(try lint(csv, configuration: "calendar:\n  builtin: false\n", rules: ["event-collision"]).isEmpty)
        #expect(try lint(csv, configuration: "calendar:\n  skip: [us-pearl-harbor-day]\n", rules: ["event-collision"]).isEmpty)
        #expect {
            try ConfigurationLoader.parse("calendar:\n  skip: [us-pearl-harbour-day]\n", path: "x.yml")
        } throws: { ($0 as? YAMLError)?.message.contains("did you mean 'us-pearl-harbor-day'?") == true }
    }

    // MARK: newsjacking

    @Test func newsjackingQuotesTheEvent() throws {
        let findings = try lint("""
            publish_at,regions,text
            2012-10-30T09:00:00-04:00,GB,Our #SandySale is on: 20% off everything with code FRANKENSTORM!
            """, rules: ["newsjacking"])
        // A discount code named after the storm is a mention too.
        #expect(findings.map(\.match) == ["#SandySale", "FRANKENSTORM"])
        let finding = try #require(findings.first)
        #expect(finding.severity == .error)
        #expect(finding.message == "promotion names '#SandySale': 'Hurricane Sandy' (hurricane, extreme), live 2012-10-29T12:00:00Z to 2012-11-01T00:00:00Z in US-NY, US-NJ; do not tie an offer to it")
        #expect(finding.extra["event"] != nil)
    }

    @Test func longestMentionWinsAndCapitalisedNamesMustBeCapitalised() {
        let event = Event(id: "s", title: "Hurricane Sandy", kind: .hurricane, severity: .extreme, regions: [.global],
                          start: at("2012-10-29T00:00:00Z"), end: at("2012-10-31T00:00:00Z"), keywords: ["Hurricane Sandy", "Sandy"],
                          hashtags: ["Sandy"], source: EventSource(kind: .file, location: "x"))
        let text = "Hurricane Sandy, #sandy and Sandy, code SANDY20, but not sandy beaches, Sandyford or SANDYford."
        let mentions = EventMentions.find([event], in: TextWords(text)).map(\.text)
        #expect(mentions == ["Hurricane Sandy", "#sandy", "Sandy", "SANDY20"])
    }

    @Test func engagementBaitOnATragedy() {
        #expect(EngagementBait.find(in: TextWords("RT to pray for the victims.")).map(\.text) == ["RT to pray"])
        #expect(EngagementBait.find(in: TextWords("For every retweet we will donate $1 to the relief fund.")).map(\.text)
            == ["For every retweet we will donate"])
        #expect(EngagementBait.find(in: TextWords("Like this post if you're sending prayers to Houston")).map(\.text)
            == ["Like this post if you're sending prayers"])
        #expect(EngagementBait.find(in: TextWords("Share to win a free coffee! Our prayers are with you.")).isEmpty)
        #expect(EngagementBait.find(in: TextWords("We like to pray before dinner, and we follow the news.")).map(\.text) == ["like to pray"])
    }

    @Test func namesWithCapitalsOutsideASCIIAreFound() throws {
        let configuration = """
            events:
              - id: turbine-collapse
                title: Ørsted turbine collapse
                kind: industrial-disaster
                regions: [DK]
                start: 2026-06-01
                keywords: [Ørsted]

            """
        let findings = try TestLinting.lint("Ørsted fans: 20% off everything, shop now!", configuration: configuration,
                                            rules: ["newsjacking"], at: at("2026-06-01T12:00:00Z")).findings
        #expect(findings.map(\.match) == ["Ørsted"])
    }

    @Test func remembranceDaysNamedInAPromotionAreWarnings() throws {
        let findings = try TestLinting.lint("Memorial Day sale: 30% off grills, shop now!", rules: ["newsjacking"],
                                            at: at("2026-05-25T14:00:00Z")).findings
        #expect(findings.map(\.severity) == [.warning])
        #expect(findings.map(\.match) == ["Memorial Day"])
    }

    // MARK: A whole run

    @Test func scheduleAndCrisisCalendarEndToEnd() throws {
        let temporary = try TemporaryFolder("gaffe-e2e")
        let folder = temporary.url
        let ics = folder.appendingPathComponent("crisis.ics")
        try """
            BEGIN:VCALENDAR\r
            VERSION:2.0\r
            PRODID:-//Acme//Crisis calendar//EN\r
            BEGIN:VEVENT\r
            UID:festival-shooting@acme.example\r
            SUMMARY:Riverside festival shooting\r
            DTSTART:20260704T230000Z\r
            DTEND:20260705T060000Z\r
            X-GAFFE-KIND:mass-shooting\r
            X-GAFFE-REGIONS:US-CO;US-NM\r
            X-GAFFE-KEYWORDS:Riverside\r
            X-GAFFE-HASHTAGS:RiversideStrong\r
            RRULE:FREQ=BOGUS\r
            END:VEVENT\r
            END:VCALENDAR\r

            """.write(to: ics, atomically: true, encoding: .utf8)
        let schedule = folder.appendingPathComponent("schedule.csv")
        try """
            publish_at,channel,regions,text
            2026-07-05T09:00:00-06:00,twitter,US,Fourth of July weekend sale: 25% off everything!
            2026-07-05T10:00:00-06:00,twitter,US-CO,#RiversideStrong: share this and get 10% off your next order
            2026-07-05T11:00:00-06:00,instagram,US-CO,Like and share to send your prayers to Riverside.
            2026-07-05T12:00:00-06:00,twitter,GB,Our summer collection has landed.
            2026-08-01T09:00:00-06:00,twitter,US,Fourth of July leftovers: 25% off everything!

            """.write(to: schedule, atomically: true, encoding: .utf8)
        let output = folder.appendingPathComponent("report.json")
        var request = LintRequest()
        request.paths = [schedule.path]
        request.noConfiguration = true
        request.format = "json"
        request.outputPath = output.path
        request.inputs.eventFiles = [ics.path]
        let status = try LintRun.run(request)
        #expect(status == 1)
        let json = try String(contentsOf: output, encoding: .utf8)
        #expect(try SchemaValidator.errors(in: json, schema: TestPaths.jsonSchema) == [])
        let report = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        let findings = try #require(report?["findings"] as? [[String: Any]])
        let summary = findings.map { "\($0["rule"] ?? ""):\($0["line"] ?? ""):\($0["severity"] ?? "")" }
        #expect(summary == [
            "input:13:error",
            "event-collision:2:error",
            "event-collision:3:error",
            "newsjacking:3:error",
            "event-collision:4:warning",
            "newsjacking:4:error",
        ])
        let input = findings[0]
        #expect((input["path"] as? String)?.hasSuffix("crisis.ics") == true)
        #expect((input["message"] as? String)?.hasPrefix("unknown RRULE FREQ 'BOGUS'") == true)
        let event = try #require(findings[1]["event"] as? [String: Any])
        #expect(event["id"] as? String == "ics:festival-shooting@acme.example")
        #expect(event["kind"] as? String == "mass-shooting")
        #expect(event["regions"] as? [String] == ["US-CO", "US-NM"])
        #expect((event["source"] as? [String: Any])?["id"] as? String == "festival-shooting@acme.example")
    }
}
