import Foundation
import Testing
@testable import GaffeKit

/// Renders HTML reports of in-memory inputs, optionally with a storm that the calendar would have
/// put on the drafts (`liveEvents`) and on their findings (`event`), as the calendar rules do.
enum HTMLSamples {
    static let storm = Event(id: "gdacs-TC-1000", title: "Hurricane Sandy", kind: .hurricane, severity: .extreme,
                             regions: [Region(code: "US-NY")!, Region(code: "US-NJ")!],
                             start: ISO8601Date("2012-10-28T00:00:00Z"), end: ISO8601Date("2012-11-01T00:00:00Z"),
                             source: EventSource(kind: .file, location: "events/sandy.xml", itemID: "TC 1000"))

    static let schedule = """
        publish_at,channel,account,regions,text
        2012-10-27T09:00:00-04:00,x,acme,US-NY,Our fall menu is here.
        2012-10-29T09:00:00-04:00,x,acme,US-NY,"Storm sale! 20% off for {{first_name}}, stay in and shop."
        2012-10-29T12:00:00-04:00,instagram,acme,US-NY,Bored in the storm? [INSERT LINK]
        2012-10-30T09:00:00-04:00,x,acme_care,US,"We're here for you, {{first_name}}."
        2012-11-03T09:00:00-04:00,x;linkedin,acme,US,"Back to normal: lorem ipsum."
        """

    static func ISO8601Date(_ text: String) -> Date {
        guard case .instant(let date, _)? = ISO8601.parse(text) else { fatalError(text) }
        return date
    }

    /// Adds the events live at each draft's publish time, and the event to each finding of such a draft.
    final class EventInjector: FindingSink {
        let sink: FindingSink
        let events: [Event]
        private var live: [DraftReference: Event] = [:]

        init(_ sink: FindingSink, events: [Event]) {
            self.sink = sink
            self.events = events
        }

        func begin(rules: [RuleDescription]) { sink.begin(rules: rules) }

        func draftRead(_ draft: Draft) {
            var draft = draft
            draft.liveEvents = events.filter { event in draft.metadata.publishAt.map(event.isLive(at:)) ?? false }
            if let event = draft.liveEvents.first { live[draft.reference] = event }
            sink.draftRead(draft)
        }

        func report(_ finding: Finding) {
            var finding = finding
            if let index = finding.draft?.index, let event = live[DraftReference(path: finding.location.path, index: index)] {
                finding.extra["event"] = event.json
            }
            sink.report(finding)
        }

        func end(_ summary: LintSummary) { sink.end(summary) }
    }

    static func render(_ inputs: [(text: String, format: InputFormat, path: String)], events: [Event] = [],
                       limits: HTMLReportLimits = HTMLReportLimits(), rules: [String] = ["input", "placeholder"]) throws -> String {
        let output = ReportOutput()
        var settings = ReportSettings()
        settings.workingDirectory = ReporterSamples.workingDirectory
        let reporter = HTMLReporter(output: output, settings: settings, limits: limits)
        try TestLinting.lint(inputs: inputs, rules: rules, into: EventInjector(reporter, events: events))
        return output.captured
    }

    static func stormReport(limits: HTMLReportLimits = HTMLReportLimits()) throws -> String {
        try render([(schedule, .csv, "queue/october.csv")], events: [storm], limits: limits)
    }
}

struct HTMLReporterTests {
    @Test func everyFindingIsListedOnceWithWhatTheFiltersRead() throws {
        let (findings, _) = try TestLinting.lint(inputs: [(HTMLSamples.schedule, .csv, "queue/october.csv")], rules: ["input", "placeholder"])
        let page = try ReportDOM.parse(try HTMLSamples.stormReport())
        #expect(page.findings.count == findings.count)
        #expect(Set(page.findings.map(\.id)).count == findings.count, "ids are unique")
        for (finding, element) in zip(findings, page.findings) {
            #expect(element.attributes["data-rule"] == finding.ruleID)
            #expect(element.attributes["data-severity"] == finding.severity.rawValue)
            #expect(element.attributes["data-account"] == finding.draft?.account ?? "")
            #expect(element.text.contains(finding.message))
            #expect(element.text.contains("queue/october.csv:\(finding.location.start.line):\(finding.location.start.column)"))
            #expect(!element.isHidden, "without a script, everything is shown")
        }
        #expect(page.formHidden, "the filter form needs the script; without it, it stays hidden")
        #expect(page.scripts == 1 && page.handlers.isEmpty && page.images == 0)
    }

    @Test func flaggedSpansAreTheFindingsText() throws {
        let html = try HTMLSamples.render([("Hi {{first_name}} and [NAME].\n\nSee you \"soon\" TK.\n", .text, "post.txt"),
                                           ("publish_at,text\n2026-03-01T09:00:00Z,\"A \"\"quoted\"\" XXX here\"\n", .csv, "q.csv")])
        let page = try ReportDOM.parse(html)
        #expect(page.spans.map(\.text) == ["{{first_name}}", "[NAME]", "TK", "XXX"])
        #expect(page.spans.map(\.findings) == [["f1"], ["f2"], ["f3"], ["f4"]])
        #expect(html.contains("<div class=\"post\">A \"quoted\" <a class=\"span span-error\""), "the row's text as it will be published")
    }

    @Test func hostileDraftTextIsEscapedEverywhere() throws {
        let evil = "<script>document.title='pwned'</script><img src=x onerror=\"alert(1)\"> \"' & {{first_name}} </div></li>"
        let csv = "publish_at,account,text\n2026-03-01T09:00:00Z,\"<b onclick=alert(2)>acme</b>\",\"\(evil.replacingOccurrences(of: "\"", with: "\"\""))\"\n"
        let html = try HTMLSamples.render([(evil + "\n", .text, "<evil>&\".txt"), (csv, .csv, "evil.csv")])
        #expect(html.components(separatedBy: "<script").count == 2, "only the report's own script")
        #expect(!html.contains("<img") && !html.contains("<b onclick"))
        #expect(html.contains("&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;") || html.contains("&lt;script&gt;document.title='pwned'&lt;/script&gt;"))
        let page = try ReportDOM.parse(html)
        #expect(page.handlers.isEmpty && page.images == 0 && page.scripts == 1)
        #expect(page.title == "Gaffe report: 2 findings")
        #expect(page.findings.contains { $0.attributes["data-account"] == "<b onclick=alert(2)>acme</b>" }, "attributes hold the text, escaped")
    }

    @Test func theContentSecurityPolicyAllowsOnlyTheReportsScript() throws {
        let html = try HTMLSamples.stormReport()
        let script = try #require(html.range(of: "<script>")).upperBound
        let end = try #require(html.range(of: "</script>")).lowerBound
        var hasher = SHA256()
        hasher.update(String(html[script..<end]))
        let hash = "sha256-" + Data(hasher.finalize()).base64EncodedString()
        #expect(html.contains("script-src '\(hash)';"))
        #expect(html.contains("default-src 'none'"))
        // Nothing to fetch: no external stylesheet, image, font or script.
        for pattern in ["<link", " src=", "url(", "@import", "href=\"http", "<iframe", "<object", "<embed"] {
            #expect(!html.contains(pattern), "\(pattern)")
        }
    }

    @Test func summaryCountsAndWorstFirst() throws {
        let html = try HTMLSamples.stormReport()
        #expect(html.contains("<li class=\"tile-error\"><strong>4</strong>errors</li>"))
        #expect(html.contains("<li><strong>5</strong>drafts in 1 file</li>"))
        // The collision findings, inside the storm, come before the one after it.
        let worst = try #require(html.range(of: "<ol class=\"worst\">")).upperBound
        let list = String(html[worst..<html.range(of: "</ol>", range: worst..<html.endIndex)!.lowerBound])
        #expect(list.range(of: "queue/october.csv:3:")!.lowerBound < list.range(of: "queue/october.csv:6:")!.lowerBound)
        #expect(html.contains("<tr><th scope=\"row\">acme</th><td class=\"n\">3</td>"))
        #expect(html.contains("<tr><th scope=\"row\">acme_care</th><td class=\"n\">1</td>"))
    }

    @Test func timelineCountsPostsPerDayAndDrawsTheStorm() throws {
        let html = try HTMLSamples.stormReport()
        let svg = String(html[html.range(of: "<svg")!.lowerBound..<html.range(of: "</svg>")!.upperBound])
        // Lanes: acme·instagram, acme·linkedin, acme·x, acme_care·x.
        #expect(svg.components(separatedBy: "class=\"lane-label\"").count - 1 == 4)
        #expect(svg.contains(">acme · x</text>") && svg.contains(">acme_care · x</text>"))
        #expect(svg.components(separatedBy: "class=\"bar\"").count - 1 == 6, "one bar per lane and day with posts")
        #expect(svg.contains("<title>acme · x: 1 post on 2012-10-29</title>"))
        #expect(svg.contains("class=\"band band-severe\"><title>Hurricane Sandy (hurricane, extreme; US-NY, US-NJ) 2012-10-28 → 2012-11-01</title>"))
        // Collisions: the three drafts inside the storm with findings, on their lanes.
        #expect(svg.components(separatedBy: "class=\"collision\"").count - 1 == 3)
        #expect(svg.contains("acme · instagram on 2012-10-29 collides with Hurricane Sandy"))
        #expect(html.contains("<td>1 ▼</td>"), "the table marks collisions too")
        #expect(html.contains("data-events=\"[&quot;gdacs-TC-1000&quot;]\""))
        #expect(html.contains("<option value=\"gdacs-TC-1000\">Hurricane Sandy</option>"))
    }

    @Test func laneLimitSumsTheQuietestSeries() throws {
        var limits = HTMLReportLimits()
        limits.timelineSeries = 2
        let html = try HTMLSamples.stormReport(limits: limits)
        #expect(html.contains(">others · all channels</text>"))
        #expect(html.components(separatedBy: "class=\"lane-label\"").count - 1 == 3)
    }

    @Test func findingLimitKeepsTheMostSevereAndSaysSo() throws {
        var limits = HTMLReportLimits()
        limits.findings = 2
        let inputs: [(text: String, format: InputFormat, path: String)] = [
            ("<!-- gaffe-disable-next-line placeholdr -->\nHi {{a}}\n\n<!-- gaffe-disable-next-line placeholdr -->\nTK\n", .markdown, "a.md"),
        ]
        let html = try HTMLSamples.render(inputs, limits: limits)
        let page = try ReportDOM.parse(html)
        #expect(page.findings.map { $0.attributes["data-severity"] } == ["error", "error"], "the two warnings made way")
        #expect(html.contains("The report shows 2 of 4 findings, the most severe first"))
        #expect(html.contains("<li class=\"tile-warning\"><strong>2</strong>warnings</li>"), "the summary counts everything")
    }

    @Test func draftsBeyondTheBudgetKeepOnlyWhatIsFlagged() throws {
        var limits = HTMLReportLimits()
        limits.retainedTextBytes = 0
        limits.flaggedDrafts = 1
        let csv = "publish_at,text\n2026-03-01T09:00:00Z,Fine one\n2026-03-02T09:00:00Z,Hi {{a}}\n2026-03-03T09:00:00Z,Also TK\n"
        let html = try HTMLSamples.render([(csv, .csv, "q.csv")], limits: limits)
        let page = try ReportDOM.parse(html)
        #expect(page.draftsShown == 1)
        #expect(!html.contains("Fine one"), "an unflagged draft is never shown")
        #expect(html.contains("<div class=\"post\">Hi <a class=\"span"))
        #expect(html.contains("id=\"other\""), "the second flagged draft is listed with its excerpt")
        #expect(html.contains("1 flagged drafts are listed under Other findings without their text"))
    }

    @Test func longDraftsShowThePassagesAroundTheirSpans() throws {
        var limits = HTMLReportLimits()
        limits.wholeDraftBytes = 2_000
        let filler = String(repeating: "Plain words about the menu. ", count: 200)
        let html = try HTMLSamples.render([(filler + "Hi {{first_name}}. " + filler + "End TK.\n", .text, "long.txt")], limits: limits)
        #expect(html.contains("<span class=\"elided\">[… "))
        #expect(html.components(separatedBy: "class=\"elided\"").count - 1 == 2, "before the first passage, and between the two")
        #expect(try ReportDOM.parse(html).spans.map(\.text) == ["{{first_name}}", "TK"])
    }

    @Test func emptyRunsSaySo() throws {
        let html = try HTMLSamples.render([("All fine.\n", .text, "ok.txt")])
        #expect(html.contains("<p>No problems found.</p>"))
        #expect(html.contains("No draft has a publish time"))
        #expect(html.contains("<p>No draft has findings.</p>"))
        #expect(!html.contains("<form id=\"filters\""))
    }

    // MARK: - Colours

    /// WCAG 2.1 relative luminance and contrast ratio.
    static func contrast(_ first: String, _ second: String) -> Double {
        func luminance(_ hex: String) -> Double {
            let value = Int(hex.dropFirst(), radix: 16)!
            let channels = [(value >> 16) & 0xFF, (value >> 8) & 0xFF, value & 0xFF].map { Double($0) / 255 }
            let linear = channels.map { $0 <= 0.040_45 ? $0 / 12.92 : pow(($0 + 0.055) / 1.055, 2.4) }
            return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
        }
        let (a, b) = (luminance(first), luminance(second))
        return (max(a, b) + 0.05) / (min(a, b) + 0.05)
    }

    @Test func coloursMeetWCAGAA() {
        #expect(abs(Self.contrast("#000000", "#ffffff") - 21) < 0.01)
        #expect(abs(Self.contrast("#767676", "#ffffff") - 4.54) < 0.01)
        for pair in HTMLPalette.textPairs {
            #expect(Self.contrast(pair.foreground, pair.background) >= 4.5, "\(pair.name): \(Self.contrast(pair.foreground, pair.background))")
        }
        for pair in HTMLPalette.graphicPairs {
            #expect(Self.contrast(pair.foreground, pair.background) >= 3, "\(pair.name): \(Self.contrast(pair.foreground, pair.background))")
        }
        // Every colour in the stylesheet comes from the palette.
        let palette = Set((HTMLPalette.textPairs + HTMLPalette.graphicPairs).flatMap { [$0.foreground, $0.background] })
        let used = HTMLAssets.stylesheet.matches(of: /#[0-9a-f]{6}/).map { String($0.output) }
        #expect(Set(used).subtracting(palette).isEmpty, "\(Set(used).subtracting(palette))")
    }

    // MARK: - Markup escaping

    @Test(arguments: [
        ("a < b & c > d", "a &lt; b &amp; c &gt; d", "a &lt; b &amp; c &gt; d"),
        ("\"quoted\" 'single'", "\"quoted\" 'single'", "&quot;quoted&quot; &#39;single&#39;"),
        ("line\nbreak\ttab\r", "line\nbreak\ttab&#13;", "line&#10;break&#9;tab&#13;"),
        ("nul\u{0} esc\u{1B} del\u{7F} c1\u{85} non\u{FFFE}", "nul\u{FFFD} esc\u{FFFD} del\u{FFFD} c1\u{FFFD} non\u{FFFD}",
         "nul\u{FFFD} esc\u{FFFD} del\u{FFFD} c1\u{FFFD} non\u{FFFD}"),
        ("🌸 café 日本", "🌸 café 日本", "🌸 café 日本"),
    ])
    func markupEscapes(_ input: String, _ text: String, _ attribute: String) {
        #expect(Markup.text(input) == text)
        #expect(Markup.attribute(input) == attribute)
    }
}
