import Foundation
import Testing
@testable import GaffeKit

/// Exact positions through everything that makes a reader's text differ from its file: front
/// matter, CRLF, a byte order mark, tabs, emoji and combining characters, entities, escapes, CSV
/// quoting. Each case marks the expected spans of `placeholder` findings with `⟦…⟧`.
struct PositionTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let text: String
        let format: InputFormat
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "markdown front matter title and description", text: """
            ---
            title: "Hello ⟦{{first_name}}⟧"
            description: >-
              Folded text with ⟦[INSERT LINK]⟧
              and more ⟦%NAME%⟧
            tags: [a, "{{not_linted}}"]
            ---
            Body ⟦{{x}}⟧ here.

            """, format: .markdown),
        Case(name: "markdown single-quoted and plain front matter", text: """
            ---
            title: 'It''s ⟦{{name}}⟧'
            description: plain ⟦{{value}}⟧ text
            ---
            Body.

            """, format: .markdown),
        Case(name: "markdown double-quoted with escapes", text: """
            ---
            title: "Tab\\there \\"q\\" ⟦{{name}}⟧ \\u00e9 ⟦TKTK⟧"
            ---
            Body.

            """, format: .markdown),
        Case(name: "markdown CRLF", text: "---\r\ntitle: Hi ⟦{{a}}⟧\r\n---\r\nLine one ⟦{{b}}⟧\r\nline two ⟦{{c}}⟧\r\n\r\n- item ⟦{{d}}⟧\r\n", format: .markdown),
        Case(name: "markdown bare CR", text: "---\rtitle: Hi ⟦{{a}}⟧\r---\rLine ⟦{{b}}⟧\r", format: .markdown),
        Case(name: "markdown byte order mark", text: "\u{FEFF}⟦{{start}}⟧ of the file\nand ⟦{{next}}⟧\n", format: .markdown),
        Case(name: "markdown byte order mark and front matter", text: "\u{FEFF}---\ntitle: \"⟦{{t}}⟧\"\n---\nBody ⟦{{b}}⟧\n", format: .markdown),
        Case(name: "markdown tabs", text: "Text\twith a tab ⟦{{a}}⟧\n> quote\t⟦{{b}}⟧\n\n-\titem\t⟦{{c}}⟧\n", format: .markdown),
        Case(name: "markdown emoji and combining marks", text: "👍🏽 Cafe\u{301} 👨‍👩‍👧 ⟦{{name}}⟧ and e\u{301}\u{302} ⟦[NAME]⟧\n", format: .markdown),
        Case(name: "markdown entities and escapes", text: "Tom &amp; Jerry &copy; &#233; &#x1F600; ⟦{{a}}⟧ \\*not em\\* ⟦{{b}}⟧ a\\_b ⟦%FIRST%⟧\n", format: .markdown),
        Case(name: "markdown continuation lines with indentation", text: "First line ⟦{{a}}⟧\n   second line ⟦{{b}}⟧\n      third ⟦{{c}}⟧\n", format: .markdown),
        Case(name: "markdown inline markup around placeholders", text: "**bold ⟦{{a}}⟧** _em ⟦{{b}}⟧_ [link ⟦{{c}}⟧](https://example.com/{{d}}) `{{code}}` ⟦*|FNAME|*⟧\n", format: .markdown),
        Case(name: "markdown nested blocks", text: "> - quoted item ⟦{{a}}⟧\n>   continued ⟦{{b}}⟧\n>\n> 1. number ⟦{{c}}⟧\n\n# Heading ⟦{{d}}⟧\n\nSetext ⟦{{e}}⟧\n===\n", format: .markdown),
        Case(name: "markdown merge tags as HTML", text: "Dear ⟦<MailMerge ID>⟧, hi ⟦<<Name>>⟧ <b>bold</b>\n\n⟦<First Name>⟧\n", format: .markdown),
        Case(name: "markdown code blocks and comments skipped", text: "```\n{{fenced}}\n```\n\n    {{indented}}\n\n<!-- {{comment}} -->\n\nText ⟦{{a}}⟧\n", format: .markdown),
        Case(name: "html entities and attributes", text: """
            <html><head><title>⟦*|MC:SUBJECT|*⟧</title><style>p { content: "{{css}}" }</style></head>
            <body><p>Tom &amp; Jerry &eacute; ⟦{{name}}⟧</p>
            <img src="x.png" alt="Photo of ⟦[NAME]⟧ &amp; co" title='⟦{{title}}⟧'>
            <p>Dear ⟦<MailMerge ID>⟧,&nbsp;⟦&lt;First Name&gt;⟧</p>
            <script>var t = "{{script}}";</script><pre>{{pre}}</pre><code>{{code}}</code>
            </body></html>

            """, format: .html),
        Case(name: "html CRLF and byte order mark", text: "\u{FEFF}<p>One ⟦{{a}}⟧</p>\r\n<p>Two\r\n⟦{{b}}⟧</p>\r\n", format: .html),
        Case(name: "plain text with tabs, emoji, CRLF", text: "Hi\t⟦{{a}}⟧ 🎉\r\nsecond 👍🏽 ⟦[INSERT LINK]⟧\r\n", format: .text),
        Case(name: "csv multi-line quoted fields and doubled quotes", text: #"""
            publish_at,channel,text,link
            2026-03-01T09:00:00Z,x,"Line one ⟦{{a}}⟧
            line two with ""quotes"" ⟦{{b}}⟧",https://example.com
            2026-03-02T09:00:00Z,facebook,Plain ⟦[NAME]⟧ row,
            2026-03-03T09:00:00Z,x,"""Quoted"" start ⟦{{c}}⟧ and ""end""",

            """#, format: .csv),
        Case(name: "csv CRLF, BOM and emoji", text: "\u{FEFF}text,channel\r\n\"👍🏽 Cafe\u{301} ⟦{{a}}⟧\r\nnext ⟦{{b}}⟧\",x\r\nrow ⟦{{c}}⟧,x\r\n", format: .csv),
        Case(name: "jsonl escapes", text: """
            {"publish_at":"2026-03-01T09:00:00Z","channel":"x","text":"Say \\"hi\\" \\u00e9\\n⟦{{name}}⟧ \\ud83d\\ude00 ⟦[NAME]⟧"}
            {"text":"second ⟦{{b}}⟧", "channel": ["x", "threads"]}

            """, format: .jsonl),
    ]

    @Test(arguments: cases)
    func placeholderSpansAreExact(_ testCase: Case) throws {
        let example = Example(testCase.text, format: testCase.format)
        let (text, expected) = example.unmarked
        let result = try TestLinting.lint(text, format: testCase.format, rules: ["placeholder", "input"])
        #expect(result.findings.filter { $0.ruleID == "input" }.isEmpty, "unexpected input findings: \(result.findings.filter { $0.ruleID == "input" }.map(\.message))")
        let findings = result.findings.filter { $0.ruleID == "placeholder" }
        let bytes = Array(text.utf8)
        #expect(findings.map(\.location.byteRange) == expected,
                "found \(findings.map { "\($0.match ?? "")@\($0.location.byteRange)" }), expected \(expected.map { String(decoding: bytes[$0], as: UTF8.self) })")
        for finding in findings {
            #expect(finding.location.start == TestLinting.naivePosition(of: finding.location.byteRange.lowerBound, in: text))
            #expect(finding.location.end == TestLinting.naivePosition(of: finding.location.byteRange.upperBound, in: text))
            #expect(finding.match == String(decoding: bytes[finding.location.byteRange], as: UTF8.self))
        }
    }

    /// libxml2 delivers long text in ~1,000-byte chunks and drops consumed input from its buffer;
    /// positions stay exact across both, deep into a large document.
    @Test func htmlPositionsSurviveLongTextAndLargeFiles() throws {
        let filler = String(repeating: "Plain prose sits here, é 日本 👍🏽 &amp; text. ", count: 60)
        var text = "<html><body>\n"
        var expected: [Range<Int>] = []
        for index in 0..<40 {
            text += "<p>\(filler)"
            let start = text.utf8.count
            text += "{{field_\(index)}}"
            expected.append(start..<text.utf8.count)
            text += "\(filler)</p>\n"
        }
        text += "</body></html>\n"
        let findings = try TestLinting.lint(text, format: .html, rules: ["placeholder"]).findings
        #expect(findings.map(\.location.byteRange) == expected)
        #expect(findings.last?.location.start == TestLinting.naivePosition(of: expected.last!.lowerBound, in: text))
    }

    @Test func columnsCountCodePointsAndSkipTheByteOrderMark() throws {
        let text = "\u{FEFF}👍🏽 e\u{301}\t{{x}}\n"
        let finding = try #require(TestLinting.lint(text, format: .text, rules: ["placeholder"]).findings.first)
        // 👍 🏽 space e ◌́ tab = 6 code points before the placeholder.
        #expect(finding.location.start == SourcePosition(line: 1, column: 7))
        #expect(finding.location.end == SourcePosition(line: 1, column: 12))
    }

    @Test func csvPositionsAreInsideTheTextCellOnItsOwnLine() throws {
        let text = "publish_at,text\n2026-01-01T00:00:00Z,\"a\nb \"\"q\"\" {{x}}\"\n"
        let finding = try #require(TestLinting.lint(text, format: .csv, rules: ["placeholder"]).findings.first)
        #expect(finding.location.start == SourcePosition(line: 3, column: 9))
        #expect(finding.draft?.index == 1)
    }
}
