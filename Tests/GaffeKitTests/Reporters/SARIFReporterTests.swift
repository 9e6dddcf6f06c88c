import Foundation
import Testing
@testable import GaffeKit

/// What GitHub code scanning and other SARIF consumers rely on, field by field.
struct SARIFReporterTests {
    private func run() throws -> (run: [String: Any], results: [[String: Any]]) {
        let (findings, summary, rules) = try ReporterSamples.run()
        let log = try ReporterSamples.object(ReporterSamples.render(SARIFReporter.self, findings, summary: summary, rules: rules))
        #expect(log["version"] as? String == "2.1.0")
        #expect(log["$schema"] as? String == SARIFReporter.schemaURI)
        let runs = try #require(log["runs"] as? [[String: Any]])
        #expect(runs.count == 1)
        return (runs[0], try #require(runs[0]["results"] as? [[String: Any]]))
    }

    private func dig(_ value: Any?, _ path: Any...) -> Any? {
        var current = value
        for step in path {
            if let key = step as? String { current = (current as? [String: Any])?[key] }
            if let index = step as? Int { current = (current as? [Any]).flatMap { index < $0.count ? $0[index] : nil } }
        }
        return current
    }

    @Test func driverDescribesTheToolAndEveryRule() throws {
        let (run, _) = try run()
        let driver = try #require(dig(run, "tool", "driver") as? [String: Any])
        #expect(driver["name"] as? String == "gaffe")
        #expect(driver["version"] as? String == Gaffe.version)
        #expect(driver["informationUri"] as? String == Gaffe.informationURI)
        let rules = try #require(driver["rules"] as? [[String: Any]])
        #expect(rules.map { $0["id"] as? String } == ["input", "placeholder"])
        let placeholder = rules[1]
        #expect(placeholder["name"] as? String == "UnfilledPlaceholder")
        #expect(dig(placeholder, "shortDescription", "text") as? String == PlaceholderRule.description.summary)
        #expect(dig(placeholder, "fullDescription", "text") as? String == PlaceholderRule.description.rationale)
        #expect(dig(placeholder, "help", "text") as? String == RuleDocumentation.explain("placeholder"))
        #expect(dig(placeholder, "help", "markdown") as? String == RuleDocumentation.markdown("placeholder"))
        #expect(dig(placeholder, "defaultConfiguration", "level") as? String == "error")
        #expect(dig(placeholder, "defaultConfiguration", "enabled") == nil)
        #expect(dig(placeholder, "properties", "tags") as? [String] == ["content", "template"])
        #expect(dig(placeholder, "properties", "precision") as? String == "high")
        #expect(dig(placeholder, "properties", "problem.severity") as? String == "error")
        #expect(dig(rules[0], "properties", "precision") as? String == "very-high")
    }

    @Test func runDeclaresColumnsEncodingAndSourceRoot() throws {
        let (run, _) = try run()
        #expect(run["columnKind"] as? String == "unicodeCodePoints")
        #expect(run["defaultEncoding"] as? String == "utf-8")
        #expect(dig(run, "originalUriBaseIds", "%SRCROOT%", "uri") as? String == "file:///work/repo/")
        #expect(dig(run, "invocations", 0, "workingDirectory", "uri") as? String == "file:///work/repo/")
        #expect(dig(run, "invocations", 0, "executionSuccessful") as? Bool == true)
        #expect(dig(run, "properties", "summary", "warning") as? Int == 1)
    }

    @Test func levelsMapFromSeverities() throws {
        let (_, results) = try run()
        #expect(results.map { $0["level"] as? String } == ["error", "warning", "note", "error", "error", "error", "error"])
        #expect(SARIFReporter.level(.info) == "note")
    }

    @Test func resultsPointAtRelativeURIsWithExactRegions() throws {
        let (_, results) = try run()
        let first = try #require(dig(results[0], "locations", 0, "physicalLocation") as? [String: Any])
        #expect(dig(first, "artifactLocation", "uri") as? String == "content/schedule.csv")
        #expect(dig(first, "artifactLocation", "uriBaseId") as? String == "%SRCROOT%")
        let region = try #require(first["region"] as? [String: Any])
        #expect(region["startLine"] as? Int == 2 && region["startColumn"] as? Int == 67)
        #expect(region["endLine"] as? Int == 2 && region["endColumn"] as? Int == 81)
        #expect(dig(region, "snippet", "text") as? String == "{{first_name}}")
        let offset = try #require(region["byteOffset"] as? Int)
        let length = try #require(region["byteLength"] as? Int)
        let bytes = Array(ReporterSamples.schedule.utf8)
        #expect(String(decoding: bytes[offset..<(offset + length)], as: UTF8.self) == "{{first_name}}")
        #expect(results[0]["ruleId"] as? String == "placeholder")
        #expect(results[0]["ruleIndex"] as? Int == 1)
        #expect(results[3]["ruleIndex"] as? Int == 0)
        // Spaces and non-ASCII letters are percent-encoded; paths outside the folder stay absolute.
        #expect(dig(results[4], "locations", 0, "physicalLocation", "artifactLocation", "uri") as? String == "content/posts/spring%20men%C3%BC.md")
        let outside = try #require(dig(results[2], "locations", 0, "physicalLocation", "artifactLocation") as? [String: Any])
        #expect(outside["uri"] as? String == "file:///elsewhere/drafts,%20old/post%20%231.md")
        #expect(outside["uriBaseId"] == nil)
    }

    @Test func fixesReplaceTheFindingsRange() throws {
        let (_, results) = try run()
        let fixes = try #require(results[0]["fixes"] as? [[String: Any]])
        #expect(fixes.count == 2, "only suggestions marked isFix become fixes")
        #expect(dig(fixes[0], "description", "text") as? String == "Replace with 'Sam'")
        let change = try #require(dig(fixes[0], "artifactChanges", 0) as? [String: Any])
        #expect(dig(change, "artifactLocation", "uri") as? String == "content/schedule.csv")
        #expect(dig(change, "replacements", 0, "insertedContent", "text") as? String == "Sam")
        let deleted = try #require(dig(change, "replacements", 0, "deletedRegion") as? [String: Any])
        let region = try #require(dig(results[0], "locations", 0, "physicalLocation", "region") as? [String: Any])
        for key in ["startLine", "startColumn", "endLine", "endColumn", "byteOffset", "byteLength"] {
            #expect(deleted[key] as? Int == region[key] as? Int, "\(key)")
        }
        #expect(results[1]["fixes"] == nil)
    }

    @Test func messageCarriesNotesSuggestionsAndLinksToRelatedPlaces() throws {
        let (_, results) = try run()
        let text = try #require(dig(results[0], "message", "text") as? String)
        #expect(text == """
            unfilled merge field '{{first_name}}'
            Note: Merge fields are filled by the sending tool; this one would reach readers as written. Fill it in or check the tool's merge settings.
            Fix: replace with 'Sam' or 'there'
            Try: 'Hi friend'
            See: [the same greeting \\[unfilled\\] went out on 3 March](1)
            See: [the template is defined here](2)
            """)
        let related = try #require(results[0]["relatedLocations"] as? [[String: Any]])
        #expect(related.map { $0["id"] as? Int } == [1, 2])
        #expect(dig(related[0], "message", "text") as? String == "the same greeting [unfilled] went out on 3 March")
        #expect(dig(related[0], "physicalLocation", "region", "startLine") as? Int == 6)
        #expect(dig(related[1], "message", "text") as? String == "the template is defined here")
        #expect(results[1]["relatedLocations"] == nil)
        #expect(SARIFReporter.escapeLinkText(#"a [b] \c"#) == #"a \[b\] \\c"#)
    }

    @Test func propertiesCarryCategoryDraftAndRuleData() throws {
        let (_, results) = try run()
        let properties = try #require(results[0]["properties"] as? [String: Any])
        #expect(properties["category"] as? String == "placeholder")
        #expect(dig(properties, "draft", "channels") as? [String] == ["x", "linkedin"])
        #expect(dig(properties, "draft", "publish_at") as? String == "2026-03-01T09:00:00-05:00")
        #expect(dig(properties, "event", "title") as? String == "Spring festival")
        #expect(properties["similarity"] as? Double == 0.93)
        #expect((properties["suggestions"] as? [[String: Any]])?.map { $0["isFix"] as? Bool } == [true, true, false])
        #expect((properties["notes"] as? [String])?.count == 2)
        // A file that could not be read has no draft and no snippet.
        let broken = try #require(results.last)
        #expect(dig(broken, "properties", "draft") == nil)
        #expect(dig(broken, "locations", 0, "physicalLocation", "region", "snippet") == nil)
        #expect(dig(broken, "locations", 0, "physicalLocation", "region", "byteLength") as? Int == 0)
    }

    /// Rule data whose name SARIF or Gaffe already uses is kept, under `extra`, not dropped.
    @Test func clashingRuleDataMovesUnderExtra() throws {
        var (findings, summary, rules) = try ReporterSamples.run()
        findings = [findings[1]]
        findings[0].extra = ["tags": "not an array of strings", "category": "other", "score": 2]
        summary = LintSummary()
        let text = ReporterSamples.render(SARIFReporter.self, findings, summary: summary, rules: rules)
        #expect(try SchemaValidator.errors(in: text, schema: TestPaths.sarifSchema) == [])
        let properties = try #require(dig(try ReporterSamples.object(text), "runs", 0, "results", 0, "properties") as? [String: Any])
        #expect(properties["category"] as? String == "placeholder")
        #expect(properties["score"] as? Int == 2)
        #expect(dig(properties, "extra", "tags") as? String == "not an array of strings")
        #expect(dig(properties, "extra", "category") as? String == "other")
    }

    /// Results are written as they arrive, not held until the end of the run.
    @Test func resultsStreamBeforeTheRunEnds() throws {
        let (findings, _, rules) = try ReporterSamples.run()
        let output = ReportOutput()
        let reporter = SARIFReporter(output: output, settings: ReportSettings())
        reporter.begin(rules: rules)
        #expect(output.captured.hasSuffix("\"results\":["))
        reporter.report(findings[0])
        #expect(output.captured.hasSuffix("}") && output.captured.contains("\"ruleId\":\"placeholder\""))
        let afterOne = output.captured.count
        reporter.report(findings[1])
        #expect(output.captured.count > afterOne)
    }

    @Test func ruleNamesAndDescriptionsFitGitHubsLimits() {
        #expect(SARIFReporter.pascalCase("Unfilled placeholder") == "UnfilledPlaceholder")
        #expect(SARIFReporter.pascalCase("Too many #hashtags (Instagram)") == "TooManyHashtagsInstagram")
        let long = String(repeating: "word ", count: 400)
        let cut = SARIFReporter.limited(long)
        #expect(cut.count <= 1024 && cut.hasSuffix("word…"))
        #expect(SARIFReporter.limited("short") == "short")
    }
}
