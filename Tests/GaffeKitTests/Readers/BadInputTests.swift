import Foundation
import Testing
@testable import GaffeKit

/// Input Gaffe cannot read is reported where it is, as an `input` finding, and the rest is still
/// linted: never a crash, never a silent skip.
struct BadInputTests {
    /// Lints inputs and returns the `input` findings as `path:line:column: message` and all
    /// placeholder findings as `path:line`.
    func run(_ inputs: [(String, InputFormat, String)], configuration: String? = nil) throws -> (input: [String], placeholders: [String], summary: LintSummary) {
        let result = try TestLinting.lint(inputs: inputs.map { ($0.0, $0.1, $0.2) }, configuration: configuration, rules: ["input", "placeholder"])
        let input = result.findings.filter { $0.ruleID == "input" }
            .map { "\($0.location.path):\($0.location.start.line):\($0.location.start.column): \($0.severity.rawValue): \($0.message)" }
        let placeholders = result.findings.filter { $0.ruleID == "placeholder" }.map { "\($0.location.path):\($0.location.start.line)" }
        return (input, placeholders, result.summary)
    }

    @Test func invalidUTF8IsReportedAtItsLineAndOtherFilesGoOn() throws {
        // Raw bytes: a Swift string would repair them.
        let config = Configuration()
        let context = RuleContext(configuration: config, referenceDate: TestLinting.defaultReferenceDate)
        let linter = try Linter(rules: RuleSet(configuration: config, context: context, only: ["input", "placeholder"]),
                                context: context, readerOptions: ReaderOptions())
        let sink = CollectingSink()
        linter.lint([
            InputSource(path: "bad.md", origin: .bytes([0x6F, 0x6B, 0x0A, 0x62, 0x61, 0x64, 0x20, 0xC3, 0x28, 0x0A]), format: .markdown),
            .text("fine {{x}}\n", path: "good.md", format: .markdown),
            InputSource(path: "bad.csv", origin: .bytes(Array("text\nok {{a}}\nbad \u{1}".utf8) + [0xFF] + Array("\nalso {{b}}\n".utf8)), format: .csv),
        ], sink: sink)
        let input = sink.findings.filter { $0.ruleID == "input" }
        #expect(input.map { "\($0.location.path):\($0.location.start.line):\($0.location.start.column)" } == ["bad.md:2:5", "bad.csv:3:6"])
        // Every reader words it alike: the byte, what is skipped, the fix.
        #expect(input.map(\.message) == [
            "invalid UTF-8 at byte 7 (0xC3); the file is skipped (Gaffe reads UTF-8 only: re-save the file as UTF-8)",
            "invalid UTF-8 at byte 19 (0xFF); the row is skipped (Gaffe reads UTF-8 only: re-save the file as UTF-8)",
        ])
        #expect(sink.findings.filter { $0.ruleID == "placeholder" }.map(\.location.path) == ["good.md", "bad.csv", "bad.csv"])
        #expect(sink.summary.files == 3)
    }

    @Test func brokenFrontMatterIsReportedAndTheBodyStillLinted() throws {
        let result = try run([("---\ntitle: \"unclosed\nregions: [US\n---\nBody {{x}}\n", .markdown, "a.md")])
        #expect(result.input.count == 1)
        #expect(result.input[0].hasPrefix("a.md:"))
        #expect(result.input[0].contains("front matter: invalid YAML"))
        #expect(result.placeholders == ["a.md:5"])
    }

    @Test func unclosedFrontMatterIsReported() throws {
        let result = try run([("---\ntitle: x\nBody {{x}}\n", .markdown, "a.md")])
        #expect(result.input == ["a.md:1:1: error: front matter opened by '---' on this line is never closed by a '---' line; the file is read as Markdown without front matter"])
        #expect(result.placeholders == ["a.md:3"])
    }

    @Test func badFieldsAreReportedAtTheirCells() throws {
        let csv = """
            publish_at,channel,regions,timezone,text
            2026-13-01T09:00:00Z,x,US,,one
            2026-03-01 09:00,twiter,US;Atlantis,Mars/Base,two {{x}}
            2026-03-01 09:00,x,us-ny,America/New_York,three

            """
        let result = try run([(csv, .csv, "s.csv")])
        let expected: [String] = [
            "s.csv:2:1: error: cannot read publish time '2026-13-01T09:00:00Z'; write ISO 8601 such as 2026-03-01T09:30:00-05:00, or set schedule.date_format in .gaffe.yml",
            "s.csv:3:1: warning: publish time '2026-03-01 09:00' has no UTC offset and no time zone is set; read as UTC (add an offset, a timezone column, or timezone: in .gaffe.yml)",
            "s.csv:3:18: error: unknown channel 'twiter'; did you mean 'twitter'?",
            "s.csv:3:28: error: unknown region 'Atlantis'; expected an ISO 3166-1 alpha-2 code (US), an ISO 3166-2 code (US-NY) or GLOBAL",
            "s.csv:3:37: error: unknown time zone 'Mars/Base'; use an IANA name such as America/New_York",
        ]
        #expect(result.input.sorted() == expected.sorted())
        #expect(result.placeholders == ["s.csv:3"])
    }

    @Test func malformedCSVIsReportedAndLaterRowsStillRead() throws {
        let csv = "text,channel\n\"closed\"junk,x\nfine {{a}},x\n\"never closed {{b}},x\n"
        let result = try run([(csv, .csv, "s.csv")])
        #expect(result.input == [
            "s.csv:2:9: error: text after the closing quote of a quoted field; write a quote inside a quoted field as \"\"",
            "s.csv:4:1: error: quoted field is never closed: the file ends inside it",
        ])
        #expect(result.placeholders == ["s.csv:3", "s.csv:4"])
    }

    @Test func rowsWithTooManyFieldsWarn() throws {
        let result = try run([("text,channel\na,x,extra\n", .csv, "s.csv")])
        #expect(result.input == ["s.csv:2:5: warning: row has 3 fields but the header has 2; the extra fields are ignored"])
    }

    @Test func missingTextColumnSuggestsTheMapping() throws {
        let result = try run([("publish_at,Message\n2026-01-01T00:00:00Z,hello\n", .csv, "s.csv")])
        #expect(result.input.count == 1)
        #expect(result.input[0].contains("no 'text' column in the header (columns: publish_at, Message)"))
        #expect(result.input[0].contains("schedule: {columns: {text: NAME}}"))
    }

    @Test func invalidJSONLinesAreReportedAndOthersRead() throws {
        let jsonl = "{\"text\":\"ok {{a}}\"}\n{\"text\": \"broken\n\n[1,2]\n{\"text\":\"after {{b}}\"}\n"
        let result = try run([(jsonl, .jsonl, "s.jsonl")])
        #expect(result.input == [
            "s.jsonl:2:16: error: invalid JSON: the string is not closed; the line is skipped",
            "s.jsonl:4:1: error: invalid JSON: each line must be a JSON object starting with {; the line is skipped",
        ])
        #expect(result.placeholders == ["s.jsonl:1", "s.jsonl:5"])
    }

    @Test func filesLargerThanTheLimitAreRefused() throws {
        let result = try run([(String(repeating: "a", count: 200), .markdown, "big.md")], configuration: "max_file_size: 100")
        #expect(result.input == ["big.md:1:1: error: the file is 200 bytes, more than the 100 bytes Gaffe reads whole (set max_file_size in .gaffe.yml)"])
    }

    @Test func binaryFilesAreRefused() throws {
        let result = try run([("abc\u{0}def", .text, "x.txt")])
        #expect(result.input == ["x.txt:1:4: error: the file contains a NUL byte at byte 3; it looks binary, not text"])
    }

    @Test func malformedHTMLStillReadsItsText() throws {
        let result = try run([("<p>unclosed <b>bold <i>{{x}}</p></div></span>\n<table><td>{{y}}", .html, "x.html")])
        #expect(result.input.isEmpty)
        #expect(result.placeholders == ["x.html:1", "x.html:2"])
    }

    @Test func unknownSuppressionRuleIsAWarning() throws {
        let result = try run([("<!-- gaffe-disable placeholdr -->\n{{x}}\n", .markdown, "a.md")])
        #expect(result.input == ["a.md:1:1: warning: suppression names unknown rule 'placeholdr'; did you mean 'placeholder'?"])
        #expect(result.placeholders == ["a.md:2"])
    }

    @Test func frontMatterTitleThatIsNotTextWarns() throws {
        let result = try run([("---\ntitle: {{name}}\n---\nBody\n", .markdown, "a.md")])
        #expect(result.input == ["a.md:2:8: warning: front matter 'title' is not text (YAML read it as a mapping); put the value in quotes"])
    }

    @Test func aMissingFileIsReportedNotFatal() throws {
        let config = Configuration()
        let context = RuleContext(configuration: config)
        let linter = try Linter(rules: RuleSet(configuration: config, context: context, only: ["input"]), context: context, readerOptions: ReaderOptions())
        let sink = CollectingSink()
        linter.lint([.file("/nonexistent/gaffe/file.md", format: .markdown)], sink: sink)
        #expect(sink.findings.map(\.message) == ["cannot open the file: No such file or directory"])
    }
}
