import Foundation
@testable import GaffeKit

/// Realistic findings for reporter tests: real runs of the linter over a schedule and a Markdown
/// post, then dressed with what today's rules do not produce yet (fixes, alternatives, related
/// places, located notes, an event), so every field of every format is exercised.
enum ReporterSamples {
    /// The folder reporters are told is the working directory.
    static let workingDirectory = "/work/repo"

    static let schedule = """
        publish_at,timezone,channel,account,regions,text
        2026-03-01T09:00:00,America/New_York,x;linkedin,acme,US;US-NY,"Hi {{first_name}}, our ""spring"" menu
        is here: [INSERT LINK] and {{first_name}} again"
        2026-03-02T10:00:00Z,,fax,acme,,Spring menu all week
        """

    static let post = """
        ---
        title: Spring menu
        date: 2026-03-03T08:00:00+01:00
        channels: [instagram]
        ---
        Dear <MailMerge ID>,\tthe 🌸 menu is TK.
        """

    /// Findings, the run summary and the rule descriptions, in the order a run reports them.
    static func run() throws -> (findings: [Finding], summary: LintSummary, rules: [RuleDescription]) {
        let inputs: [(text: String, format: InputFormat, path: String)] = [
            (schedule, .csv, "content/schedule.csv"),
            (post, .markdown, "content/posts/spring menü.md"),
        ]
        var (findings, summary) = try TestLinting.lint(inputs: inputs, rules: ["input", "placeholder"])
        precondition(findings.count >= 5, "the sample inputs should produce findings: \(findings.map(\.message))")

        // The first placeholder: a fix, an alternative, a related place, a located note and an event.
        let earlier = SourceText(path: "content/posts/spring menü.md", bytes: Array(post.utf8)).location(of: byteRange(of: "Dear <MailMerge ID>", in: post))
        var first = findings[0]
        first.suggestions = [Suggestion("Sam", isFix: true), Suggestion("there", isFix: true), Suggestion("Hi friend")]
        first.related = [RelatedLocation("the same greeting [unfilled] went out on 3 March", location: earlier)]
        first.notes.append(Note("the template is defined here", location: earlier))
        let festival = Event(id: "config:spring-festival", title: "Spring festival", kind: .other, severity: .minor, regions: [Region(code: "US")!],
                             start: Date(timeIntervalSince1970: 1_772_323_200), end: Date(timeIntervalSince1970: 1_772_409_600),
                             source: EventSource(kind: .file, location: ".gaffe.yml", itemID: "spring-festival"))
        first.extra = ["event": festival.json, "similarity": 0.93]
        findings[0] = first
        // The same finding seen as a warning and as an info, from outside the working directory.
        var warning = findings[1]
        warning.severity = .warning
        summary.errors -= 1
        summary.warnings += 1
        findings[1] = warning
        var outside = findings[2]
        outside.severity = .info
        outside.location.path = "/elsewhere/drafts, old/post #1.md"
        outside.related = [RelatedLocation("read from standard input", location: SourceText(path: "-", bytes: Array("x".utf8)).location(of: 0..<1))]
        summary.errors -= 1
        summary.infos += 1
        findings[2] = outside
        // A file that could not be read at all: no draft, no span, no excerpt.
        findings.append(Linter.inputFinding(InputProblem("file is not valid UTF-8", at: 0..<0), source: SourceText(path: "content/broken.txt", bytes: []),
                                            severity: nil))
        summary.errors += 1
        summary.files += 1
        let rules = [InputRule.description, PlaceholderRule.description]
        return (findings, summary, rules)
    }

    /// The byte range of the first occurrence of `needle` in `text`.
    static func byteRange(of needle: String, in text: String) -> Range<Int> {
        let bytes = Array(text.utf8)
        let pattern = Array(needle.utf8)
        let start = (0...(bytes.count - pattern.count)).first { bytes[$0..<($0 + pattern.count)].elementsEqual(pattern) }!
        return start..<(start + pattern.count)
    }

    /// What a reporter writes for `findings`, with the sample working directory.
    static func render<R: Reporter>(_ type: R.Type, _ findings: [Finding], summary: LintSummary, rules: [RuleDescription],
                                    color: Bool = false) -> String {
        let output = ReportOutput()
        var settings = ReportSettings()
        settings.workingDirectory = workingDirectory
        settings.version = Gaffe.version
        settings.color = color
        let reporter = R(output: output, settings: settings)
        reporter.begin(rules: rules)
        for finding in findings { reporter.report(finding) }
        reporter.end(summary)
        return output.captured
    }

    /// Parses JSON text into Foundation values for structural checks.
    static func object(_ text: String) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw SchemaValidator.Failure(description: "not a JSON object")
        }
        return object
    }
}
