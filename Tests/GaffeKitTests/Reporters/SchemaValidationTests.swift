import Foundation
import Testing
@testable import GaffeKit

/// The JSON output validates against its documented schema (`docs/gaffe-json.schema.json`) and
/// the SARIF output against the official SARIF 2.1.0 schema, on outputs that use every field.
struct SchemaValidationTests {
    @Test func jsonWithEveryFieldValidates() throws {
        let (findings, summary, rules) = try ReporterSamples.run()
        let json = ReporterSamples.render(JSONReporter.self, findings, summary: summary, rules: rules)
        #expect(try SchemaValidator.errors(in: json, schema: TestPaths.jsonSchema) == [])
        // The sample really does use every optional field.
        for key in ["\"match\":", "\"category\":", "\"related\":", "\"channels\":", "\"publish_at\":", "\"regions\":", "\"account\":", "\"event\":"] {
            #expect(json.contains(key), "sample JSON lacks \(key)")
        }
    }

    @Test func jsonOfEmptyRunsValidates() throws {
        var summary = LintSummary()
        #expect(try SchemaValidator.errors(in: ReporterSamples.render(JSONReporter.self, [], summary: summary, rules: []),
                                           schema: TestPaths.jsonSchema) == [])
        summary.files = 3
        summary.drafts = 7
        let clean = ReporterSamples.render(JSONReporter.self, [], summary: summary, rules: [PlaceholderRule.description])
        #expect(try SchemaValidator.errors(in: clean, schema: TestPaths.jsonSchema) == [])
    }

    @Test func sarifWithEveryFieldValidates() throws {
        let (findings, summary, rules) = try ReporterSamples.run()
        let sarif = ReporterSamples.render(SARIFReporter.self, findings, summary: summary, rules: rules)
        #expect(try SchemaValidator.errors(in: sarif, schema: TestPaths.sarifSchema) == [])
        for key in ["\"fixes\":", "\"relatedLocations\":", "\"partialFingerprints\":", "\"snippet\":", "\"event\":", "\"level\":\"note\""] {
            #expect(sarif.contains(key), "sample SARIF lacks \(key)")
        }
    }

    @Test func sarifOfEmptyRunsValidates() throws {
        let noRules = ReporterSamples.render(SARIFReporter.self, [], summary: LintSummary(), rules: [])
        #expect(try SchemaValidator.errors(in: noRules, schema: TestPaths.sarifSchema) == [])
        let clean = ReporterSamples.render(SARIFReporter.self, [], summary: LintSummary(), rules: BuiltInRules.all.map { $0.description })
        #expect(try SchemaValidator.errors(in: clean, schema: TestPaths.sarifSchema) == [])
    }

    /// Every built-in rule's metadata, not only the sample's two, is valid SARIF.
    @Test func sarifDescribesEveryBuiltInRuleValidly() throws {
        let (findings, summary, _) = try ReporterSamples.run()
        let sarif = ReporterSamples.render(SARIFReporter.self, findings, summary: summary, rules: BuiltInRules.all.map { $0.description })
        #expect(try SchemaValidator.errors(in: sarif, schema: TestPaths.sarifSchema) == [])
    }

    /// The validator is not a rubber stamp: broken documents are rejected.
    @Test func validatorRejectsBrokenDocuments() throws {
        let (findings, summary, rules) = try ReporterSamples.run()
        let json = ReporterSamples.render(JSONReporter.self, findings, summary: summary, rules: rules)
        let badSeverity = json.replacingOccurrences(of: "\"severity\":\"warning\"", with: "\"severity\":\"fatal\"")
        #expect(try !SchemaValidator.errors(in: badSeverity, schema: TestPaths.jsonSchema).isEmpty)
        let zeroColumn = json.replacingOccurrences(of: "\"column\":", with: "\"column\":0,\"x\":")
        #expect(try !SchemaValidator.errors(in: zeroColumn, schema: TestPaths.jsonSchema).isEmpty)
        let nullMatch = json.replacingOccurrences(of: "\"category\":\"input\"", with: "\"category\":null")
        #expect(try !SchemaValidator.errors(in: nullMatch, schema: TestPaths.jsonSchema).isEmpty)

        let sarif = ReporterSamples.render(SARIFReporter.self, findings, summary: summary, rules: rules)
        let badLevel = sarif.replacingOccurrences(of: "\"level\":\"note\"", with: "\"level\":\"info\"")
        #expect(try !SchemaValidator.errors(in: badLevel, schema: TestPaths.sarifSchema).isEmpty)
        let badColumnKind = sarif.replacingOccurrences(of: "unicodeCodePoints", with: "codePoints")
        #expect(try !SchemaValidator.errors(in: badColumnKind, schema: TestPaths.sarifSchema).isEmpty)
        #expect(throws: SchemaValidator.Failure.self) { try SchemaValidator.errors(in: "{\"tool\":", schema: TestPaths.jsonSchema) }
    }

    /// The schema's channel list is the one Gaffe knows, so a new channel cannot be forgotten there.
    @Test func jsonSchemaListsEveryChannel() throws {
        let schema = try ReporterSamples.object(String(decoding: try Data(contentsOf: TestPaths.jsonSchema), as: UTF8.self))
        let definitions = try #require(schema["definitions"] as? [String: Any])
        let channel = try #require(definitions["channel"] as? [String: Any])
        #expect(channel["enum"] as? [String] == Channel.allCases.map(\.rawValue))
    }
}
