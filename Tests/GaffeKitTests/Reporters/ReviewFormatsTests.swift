import Foundation
import Testing
@testable import GaffeKit

/// `--format rdjson` read by protobuf's JSON parser with reviewdog's message types, and
/// `--format junit` read by junitparser, on outputs that use every field.
struct RDJSONReporterTests {
    @Test func everyFieldParsesAsADiagnosticResult() throws {
        let (findings, summary, rules) = try ReporterSamples.run()
        let text = ReporterSamples.render(RDJSONReporter.self, findings, summary: summary, rules: rules)
        let result = try FormatValidators.rdjson(text).get()
        #expect((result["source"] as? [String: Any])?["name"] as? String == "gaffe")
        let diagnostics = try #require(result["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.count == findings.count)
        #expect(diagnostics.map { $0["severity"] as? String } == findings.map { RDJSONReporter.severity($0.severity) })
        #expect(diagnostics.map { ($0["code"] as? [String: Any])?["value"] as? String } == findings.map(\.ruleID))
        // Paths relative to the working directory, absolute outside it.
        let paths = diagnostics.compactMap { ($0["location"] as? [String: Any])?["path"] as? String }
        #expect(paths.first == "content/schedule.csv")
        #expect(paths.contains("/elsewhere/drafts, old/post #1.md"))
        // Fixes become suggestions over the finding's range; alternatives stay in the message.
        let first = diagnostics[0]
        let suggestions = try #require(first["suggestions"] as? [[String: Any]])
        #expect(suggestions.map { $0["text"] as? String } == ["Sam", "there"])
        #expect((first["message"] as? String)?.contains("\nTry: 'Hi friend'") == true)
        #expect((first["message"] as? String)?.contains("\nSee: content/posts/spring menü.md:6:1: the same greeting") == true)
    }

    /// reviewdog counts columns in UTF-8 bytes; Gaffe counts code points.
    @Test func columnsAreUTF8Bytes() throws {
        let line = "Our\t🌸 menu (日本茶, café) is {{x}}"
        let lines = [SourceLine(number: 3, text: line)]
        #expect(RDJSONReporter.byteColumn(line: 3, column: 1, in: lines) == 1)
        #expect(RDJSONReporter.byteColumn(line: 3, column: 5, in: lines) == 5, "a tab is one byte")
        #expect(RDJSONReporter.byteColumn(line: 3, column: 6, in: lines) == 9, "🌸 is four bytes")
        #expect(RDJSONReporter.byteColumn(line: 3, column: 13, in: lines) == 16)
        #expect(RDJSONReporter.byteColumn(line: 3, column: 14, in: lines) == 16 + 3, "each CJK character is three bytes")
        let braces = line.unicodeScalars.count - 4
        #expect(RDJSONReporter.byteColumn(line: 3, column: braces, in: lines) == line.utf8.count - 4)
        #expect(RDJSONReporter.byteColumn(line: 3, column: line.unicodeScalars.count + 1, in: lines) == line.utf8.count + 1)
        #expect(RDJSONReporter.byteColumn(line: 4, column: 2, in: lines) == nil)

        let (findings, _) = try TestLinting.lint("Intro\nOur\t🌸 menu (日本茶, café) is {{first_name}} now\n", rules: ["placeholder"])
        let range = RDJSONReporter.range(of: try #require(findings.first))
        let bytes = Array("Our\t🌸 menu (日本茶, café) is ".utf8).count
        #expect(range == ["start": ["line": 2, "column": .int(bytes + 1)], "end": ["line": 2, "column": .int(bytes + 1 + 14)]])
    }

    @Test func emptyRunsAndStaleEntriesAreValid() throws {
        let empty = ReporterSamples.render(RDJSONReporter.self, [], summary: LintSummary(), rules: [])
        #expect(empty == "{\"source\":{\"name\":\"gaffe\",\"url\":\"https://github.com/gaffe-lint/gaffe\"},\"diagnostics\":[]}\n")
        #expect(try FormatValidators.rdjson(empty).get()["diagnostics"] == nil, "protobuf omits an empty list")

        let output = ReportOutput()
        let reporter = RDJSONReporter(output: output, settings: ReportSettings())
        reporter.begin(rules: [])
        var outcome = BaselineOutcome(path: ".gaffe-baseline.yml")
        var entry = BaselineEntry(path: "a.md", rule: "placeholder", fingerprint: String(repeating: "0", count: 32) + ":1",
                                  severity: .error, line: 3, match: "{{x}}", message: "unfilled merge field '{{x}}'")
        entry.sourceLine = 12
        outcome.stale = [entry]
        reporter.baselineFinished(outcome)
        reporter.end(LintSummary())
        let diagnostics = try #require(try FormatValidators.rdjson(output.captured).get()["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.count == 1)
        #expect((diagnostics[0]["location"] as? [String: Any])?["path"] as? String == ".gaffe-baseline.yml")
        #expect(((diagnostics[0]["location"] as? [String: Any])?["range"] as? [String: Any]).map { "\($0)" }?.contains("12") == true)
    }

    /// The parser is not a rubber stamp.
    @Test(arguments: [
        ("\"severity\":\"ERROR\"", "\"severity\":\"FATAL\""),
        ("\"code\":{", "\"kode\":{"),
        ("\"line\":2,", "\"line\":\"two\","),
        ("\"message\":\"", "\"message\":7,\"x\":\""),
    ])
    func brokenDocumentsAreRejected(_ original: String, _ broken: String) throws {
        let (findings, summary, rules) = try ReporterSamples.run()
        let text = ReporterSamples.render(RDJSONReporter.self, findings, summary: summary, rules: rules)
        #expect(text.contains(original))
        let rejected = try FormatValidators.rdjson(text.replacingOccurrences(of: original, with: broken))
        guard case .failure = rejected else {
            Issue.record("accepted a broken document (\(broken))")
            return
        }
    }
}

struct JUnitReporterTests {
    static func render(_ findings: [Finding], failOn: Severity?, drafts: [Draft] = []) -> String {
        let output = ReportOutput()
        var settings = ReportSettings()
        settings.workingDirectory = ReporterSamples.workingDirectory
        settings.failOn = failOn
        let reporter = JUnitReporter(output: output, settings: settings)
        reporter.begin(rules: [])
        for draft in drafts { reporter.draftRead(draft) }
        for finding in findings { reporter.report(finding) }
        reporter.end(LintSummary())
        return output.captured
    }

    @Test func everyFindingIsATestCaseAndFailuresFollowFailOn() throws {
        let (findings, summary, rules) = try ReporterSamples.run()
        let text = ReporterSamples.render(JUnitReporter.self, findings, summary: summary, rules: rules)
        let suites = try FormatValidators.junit(text).get()
        let cases = suites.flatMap { $0["cases"] as? [[String: Any]] ?? [] }
        #expect(cases.count == findings.count)
        // A suite per run of findings in one file, in reporting order.
        var expectedSuites: [String] = []
        for finding in findings where expectedSuites.last != finding.location.path {
            expectedSuites.append(finding.location.path)
        }
        #expect(suites.map { $0["name"] as? String } == expectedSuites)
        // Default threshold: errors fail; the warning and the info pass with their text in system-out.
        let failed = cases.filter { ($0["results"] as? [[String: Any]])?.first?["kind"] as? String == "Failure" }
        #expect(failed.count == findings.filter { $0.severity == .error }.count)
        let passed = cases.filter { ($0["results"] as? [[String: Any]])?.isEmpty == true }
        #expect(passed.allSatisfy { ($0["system_out"] as? String)?.contains(": warning: ") == true || ($0["system_out"] as? String)?.contains(": info: ") == true })
        let first = try #require(failed.first)
        #expect(first["file"] as? String == "content/schedule.csv" && first["line"] as? String == "2")
        #expect((first["results"] as? [[String: Any]])?.first?["type"] as? String == "error")
        #expect(((first["results"] as? [[String: Any]])?.first?["text"] as? String)?.contains("= fix: replace with 'Sam' or 'there'") == true)

        let strict = try FormatValidators.junit(Self.render(findings, failOn: .info)).get()
        #expect(strict.reduce(0) { $0 + ($1["failures"] as? Int ?? 0) } == findings.count)
        let never = try FormatValidators.junit(Self.render(findings, failOn: nil)).get()
        #expect(never.reduce(0) { $0 + ($1["failures"] as? Int ?? 0) } == 0)
    }

    @Test func cleanFilesPassAndHostileTextStaysText() throws {
        let collected = CollectingSink()
        try TestLinting.lint(inputs: [("All good here.\n", .text, "clean.txt")], rules: ["placeholder"], into: collected)
        let clean = collected.drafts
        let (findings, _) = try TestLinting.lint("Bad \u{1}\u{1B}[31m ]]></failure><x>&amp; {{first_name}}\n", rules: ["placeholder"], path: "evil.txt")
        let text = Self.render(findings, failOn: .error, drafts: clean)
        #expect(!text.contains("\u{1}") && !text.contains("\u{1B}"), "XML 1.0 cannot hold C0 controls")
        let suites = try FormatValidators.junit(text).get()
        #expect(suites.map { $0["name"] as? String } == ["clean.txt", "evil.txt"])
        let cleanCases = try #require(suites[0]["cases"] as? [[String: Any]])
        #expect(cleanCases.map { $0["name"] as? String } == ["no findings"])
        let evil = try #require((suites[1]["cases"] as? [[String: Any]])?.first)
        let body = try #require((evil["results"] as? [[String: Any]])?.first?["text"] as? String)
        #expect(body.contains("\u{FFFD}\u{FFFD}[31m ]]></failure><x>&amp; {{first_name}}"), "read back exactly, bar the controls")
    }

    @Test func batchFindingsForAnEarlierFileFormASecondSuite() throws {
        let (findings, _, _) = try ReporterSamples.run()
        let schedule = findings.filter { $0.location.path == "content/schedule.csv" }
        let post = try #require(findings.first { $0.location.path == "content/posts/spring menü.md" })
        let reordered = [schedule[0], post, schedule[1]]
        let suites = try FormatValidators.junit(Self.render(reordered, failOn: .error)).get()
        #expect(suites.map { $0["name"] as? String } == ["content/schedule.csv", "content/posts/spring menü.md", "content/schedule.csv"])
    }

    /// A suite too large for memory waits in a temporary file and comes back byte for byte.
    @Test func largeSuitesSpillToATemporaryFileAndComeBackWhole() throws {
        let buffer = CaseBuffer(memoryLimit: 300)
        let cases = (0..<200).map { "    <testcase name=\"case \($0) 🌸 日本 é\"/>\n" }
        for testCase in cases { buffer.append(testCase) }
        let spilled = try #require(buffer.spillURL)
        #expect(FileManager.default.fileExists(atPath: spilled.path))
        #expect(buffer.count == 200)
        let output = ReportOutput()
        buffer.drain(into: output)
        #expect(output.captured == cases.joined())
        #expect(!FileManager.default.fileExists(atPath: spilled.path), "the temporary file is removed")
    }
}
