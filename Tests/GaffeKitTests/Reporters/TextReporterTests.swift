import Foundation
import Testing
@testable import GaffeKit

/// The text format's exact shape: location line, gutter, the source line, a marker under the span
/// (tabs copied, wide characters two columns), notes, and the summary sentence.
struct TextReporterTests {
    private func render(_ text: String, format: InputFormat = .text, path: String? = nil, color: Bool = false) throws -> String {
        let (findings, summary) = try TestLinting.lint(text, format: format, rules: ["placeholder", "input"], path: path)
        return ReporterSamples.render(TextReporter.self, findings, summary: summary, rules: [], color: color)
    }

    @Test func underlinesAfterTabsWideCharactersAndCombiningMarks() throws {
        let output = try render("\tCafe\u{0301} 🌸 日本 TK and [INSERT LINK]\n")
        #expect(output == """
            example.txt:1:13: error: editor's mark 'TK' shows copy still to come [placeholder]
            1 | \tCafe\u{0301} 🌸 日本 TK and [INSERT LINK]
              | \t             ^^
              = note: Editors write TK or XXX for copy still to come; finish the copy before scheduling.
            example.txt:1:20: error: template placeholder '[INSERT LINK]' left in the copy [placeholder]
            1 | \tCafe\u{0301} 🌸 日本 TK and [INSERT LINK]
              | \t                    ^^^^^^^^^^^^^
              = note: Replace the bracketed placeholder with the real text or link before scheduling.

            Found 2 errors in 1 file (1 draft).

            """)
    }

    @Test func widensTheGutterForLongLineNumbers() throws {
        let text = String(repeating: "Fine line.\n", count: 11) + "Hi {{name}}\n"
        let output = try render(text)
        #expect(output.hasPrefix("""
            example.txt:12:4: error: unfilled merge field '{{name}}' [placeholder]
            12 | Hi {{name}}
               |    ^^^^^^^^
               = note:
            """))
    }

    @Test func spansOverSeveralLinesAreUnderlinedOnEach() throws {
        let source = SourceText(path: "post.txt", bytes: Array("First line\nSecond line\n".utf8))
        let location = source.location(of: 6..<17)
        let finding = Finding(ruleID: "placeholder", severity: .warning, message: "spans two lines", location: location,
                              sourceLines: source.lines(covering: location.byteRange))
        var summary = LintSummary()
        summary.files = 2
        summary.drafts = 2
        summary.warnings = 1
        #expect(ReporterSamples.render(TextReporter.self, [finding], summary: summary, rules: []) == """
            post.txt:1:7: warning: spans two lines [placeholder]
            1 | First line
              |       ^^^^
            2 | Second line
              | ^^^^^^

            Found 1 warning in 2 files (2 drafts).

            """)
    }

    @Test func fixesAlternativesRelatedPlacesAndLocatedNotes() throws {
        let (findings, summary, _) = try ReporterSamples.run()
        let output = ReporterSamples.render(TextReporter.self, Array(findings.prefix(1)), summary: summary, rules: [])
        #expect(output.hasSuffix("""
              = note: content/posts/spring menü.md:6:1: the template is defined here
              = see: content/posts/spring menü.md:6:1: the same greeting [unfilled] went out on 3 March
              = fix: replace with 'Sam' or 'there'
              = try: 'Hi friend'

            Found 5 errors, 1 warning and 1 info in 3 files (3 drafts).

            """))
        // A problem with a whole file has no excerpt.
        var one = LintSummary()
        one.files = 1
        one.errors = 1
        let broken = ReporterSamples.render(TextReporter.self, [findings.last!], summary: one, rules: [])
        #expect(broken.hasPrefix("content/broken.txt:1:1: error: file is not valid UTF-8 [input]\n\nFound"))
    }

    @Test func summarySentences() {
        var summary = LintSummary()
        summary.files = 1
        summary.drafts = 1
        #expect(TextReporter.summarySentence(summary) == "No problems found in 1 file (1 draft).")
        summary.files = 4
        summary.drafts = 9
        summary.errors = 1
        summary.infos = 3
        #expect(TextReporter.summarySentence(summary) == "Found 1 error and 3 info in 4 files (9 drafts).")
        summary.warnings = 2
        summary.errors = 2
        #expect(TextReporter.summarySentence(summary) == "Found 2 errors, 2 warnings and 3 info in 4 files (9 drafts).")
    }

    @Test func colourOnlyWhenAsked() throws {
        let plain = try render("Hi {{name}}")
        #expect(!plain.contains("\u{1B}["))
        let coloured = try render("Hi {{name}}", color: true)
        #expect(coloured.contains("\u{1B}[1;31merror\u{1B}[0m"))
        #expect(coloured.contains("\u{1B}[1;31m   ^^^^^^^^\u{1B}[0m"))
        // Stripping the escapes gives back the plain text exactly.
        let stripped = coloured.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
        #expect(stripped == plain)
    }
}
