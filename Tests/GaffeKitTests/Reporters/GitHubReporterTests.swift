import Foundation
import Testing
@testable import GaffeKit

struct GitHubReporterTests {
    @Test func escapesAsTheActionsToolkitDoes() {
        #expect(GitHubReporter.escapeData("100% done\r\nnext: a, b") == "100%25 done%0D%0Anext: a, b")
        #expect(GitHubReporter.escapeProperty("100% done\r\nnext: a, b") == "100%25 done%0D%0Anext%3A a%2C b")
        #expect(GitHubReporter.escapeData("%0A is not a newline") == "%250A is not a newline")
        #expect(GitHubReporter.escapeProperty("C:\\drafts,old") == "C%3A\\drafts%2Cold")
    }

    @Test func writesOneCommandPerFindingAndAPlainSummary() throws {
        let (findings, summary, rules) = try ReporterSamples.run()
        let lines = ReporterSamples.render(GitHubReporter.self, findings, summary: summary, rules: rules).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == findings.count + 2, "one line per finding, the summary, and the final newline")
        #expect(lines[0] == """
            ::error file=content/schedule.csv,line=2,col=67,endLine=2,endColumn=81,title=Unfilled placeholder (placeholder)::\
            unfilled merge field '{{first_name}}'%0ANote: Merge fields are filled by the sending tool; this one would reach readers as \
            written. Fill it in or check the tool's merge settings.%0ANote: content/posts/spring menü.md:6:1: the template is defined \
            here%0AFix: replace with 'Sam' or 'there'%0ATry: 'Hi friend'%0ASee: content/posts/spring menü.md:6:1: the same greeting \
            [unfilled] went out on 3 March
            """)
        #expect(lines[1].hasPrefix("::warning file=content/schedule.csv,line=3,col=10,endLine=3,endColumn=23,title="))
        // Outside the working directory the path stays absolute; its comma is escaped.
        #expect(lines[2].hasPrefix("::notice file=/elsewhere/drafts%2C old/post #1.md,line=3,col=28,endLine=3,endColumn=42,"))
        #expect(lines[3].hasPrefix("::error file=content/schedule.csv,line=4,col=23,endLine=4,endColumn=26,title=Unreadable input (input)::"))
        #expect(lines[6] == "::error file=content/broken.txt,line=1,col=1,endLine=1,endColumn=1,title=Unreadable input (input)::file is not valid UTF-8")
        #expect(lines[7] == "gaffe: Found 5 errors, 1 warning and 1 info in 3 files (3 drafts).")
        #expect(lines[8].isEmpty)
    }

    /// Draft text is untrusted: whatever it holds, it cannot start a workflow command of its own.
    @Test func draftTextCannotInjectCommands() throws {
        let hostile = "Hi {{name}}\n::add-mask::secret\r::error file=x::pwned"
        var finding = try #require(try TestLinting.lint("Hi {{name}}", rules: ["placeholder"]).findings.first)
        finding.message = hostile
        finding.notes = [Note("::warning::also\nhere")]
        finding.location.path = "a,b:c\n::error::x.md"
        let text = ReporterSamples.render(GitHubReporter.self, [finding], summary: LintSummary(), rules: [PlaceholderRule.description])
        let lines = text.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0].hasPrefix("::error file=a%2Cb%3Ac%0A%3A%3Aerror%3A%3Ax.md,line=1,"))
        #expect(lines[0].hasSuffix("::Hi {{name}}%0A::add-mask::secret%0D::error file=x::pwned%0ANote: ::warning::also%0Ahere"))
        #expect(!lines[1].hasPrefix("::") && lines[1] == "gaffe: No problems found in 0 files (0 drafts).")
        #expect(!text.contains("\r"))
    }

    @Test func rulesNotInTheRunAreTitledByIdentifier() throws {
        var finding = try #require(try TestLinting.lint("TK", rules: ["placeholder"]).findings.first)
        finding.ruleID = "future-rule"
        let command = GitHubReporter.command(for: finding, title: "future-rule", file: "a.txt")
        #expect(command.hasPrefix("::error file=a.txt,line=1,col=1,endLine=1,endColumn=3,title=future-rule::"))
        #expect(GitHubReporter.command(for: .info) == "notice")
        #expect(GitHubReporter.command(for: .warning) == "warning")
    }
}
