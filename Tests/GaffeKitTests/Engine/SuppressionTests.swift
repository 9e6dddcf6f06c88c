import Testing
@testable import GaffeKit

struct SuppressionTests {
    func lines(_ text: String, format: InputFormat = .markdown) throws -> [Int] {
        try TestLinting.lint(text, format: format, rules: ["placeholder"]).findings.map(\.location.start.line)
    }

    @Test func disableNextLine() throws {
        #expect(try lines("{{a}}\n<!-- gaffe-disable-next-line placeholder -->\n{{b}}\n{{c}}\n") == [1, 4])
        #expect(try lines("<!-- gaffe-disable-next-line -->\n{{b}}\n{{c}}\n") == [3])
        #expect(try lines("<!-- gaffe-disable-next-line sensitive-term -->\n{{b}}\n") == [2])
    }

    @Test func disableAndEnableRegions() throws {
        let text = """
            {{a}}
            <!-- gaffe-disable placeholder -->
            {{b}}

            {{c}}
            <!-- gaffe-enable placeholder -->
            {{d}}
            <!-- gaffe-disable -->
            {{e}}
            <!-- gaffe-enable -->
            {{f}}

            """
        #expect(try lines(text) == [1, 7, 11])
    }

    @Test func enablingOneRuleInsideAnAllRulesRegion() throws {
        let text = "<!-- gaffe-disable -->\n{{a}}\n<!-- gaffe-enable placeholder -->\n{{b}}\n<!-- gaffe-enable -->\n{{c}}\n"
        #expect(try lines(text) == [4, 6])
    }

    @Test func inlineCommentsWorkMidParagraph() throws {
        #expect(try lines("One {{a}} <!-- gaffe-disable-next-line -->\n{{b}} two\n") == [1])
    }

    @Test func frontMatterIgnore() throws {
        #expect(try lines("---\ngaffe:\n  ignore: [placeholder]\n---\n{{a}}\n").isEmpty)
        #expect(try lines("---\ngaffe: {ignore: all}\n---\n{{a}}\n").isEmpty)
        #expect(try lines("---\ngaffe: {ignore: [sensitive-term]}\n---\n{{a}}\n") == [4])
    }

    @Test func frontMatterGaffeBlockIsStrict() throws {
        let result = try TestLinting.lint("---\ngaffe: {ignroe: [x]}\n---\nBody\n", format: .markdown, rules: ["input"])
        #expect(result.findings.map(\.message) == ["front matter: unknown key 'gaffe.ignroe'; did you mean 'ignore'?"])
    }

    @Test func scheduleIgnoreColumn() throws {
        let csv = "text,gaffe_ignore\n{{a}},placeholder\n{{b}},\n{{c}},all\n"
        #expect(try lines(csv, format: .csv) == [3])
    }

    @Test func htmlComments() throws {
        let html = "<p>{{a}}</p>\n<!-- gaffe-disable-next-line placeholder -->\n<p>{{b}}</p>\n<p>{{c}}</p>\n"
        #expect(try lines(html, format: .html) == [1, 4])
    }

    @Test func suppressedFindingsAreCounted() throws {
        let result = try TestLinting.lint("<!-- gaffe-disable -->\n{{a}} {{b}}\n", format: .markdown, rules: ["placeholder"])
        #expect(result.summary.suppressed == 2)
    }

    @Test func commandsParse() {
        #expect(SuppressionCommand(comment: "gaffe-disable a, b") == .disable(["a", "b"]))
        #expect(SuppressionCommand(comment: "gaffe-enable") == .enable(nil))
        #expect(SuppressionCommand(comment: "gaffe-disable-next-line a b") == .disableNextLine(["a", "b"]))
        #expect(SuppressionCommand(comment: "a regular comment") == nil)
    }
}

struct LeadingSuppressionTests {
    /// A disable comment at the very top of a document also covers findings about the document
    /// as a whole (its length, its timing), which point at its start.
    @Test func aLeadingDisableCoversWholeDraftFindings() throws {
        let body = String(repeating: "word ", count: 70)
        let config = "channels: [x]\n"
        #expect(try TestLinting.lint(body, format: .markdown, configuration: config, rules: ["length"]).findings.count == 1)
        #expect(try TestLinting.lint("<!-- gaffe-disable length -->\n" + body, format: .markdown, configuration: config, rules: ["length"]).findings.isEmpty)
        // After text, a disable comment covers only what follows it.
        let later = "Intro.\n\n<!-- gaffe-disable placeholder -->\n{{a}}\n"
        #expect(try TestLinting.lint("{{b}}\n\n" + later, format: .markdown, rules: ["placeholder"]).findings.map(\.location.start.line) == [1])
    }
}
