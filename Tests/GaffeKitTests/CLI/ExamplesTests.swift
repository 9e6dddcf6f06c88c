import Foundation
import Testing
@testable import GaffeKit

/// `swift run gaffe lint examples`, the README's first command, run with the built binary: the
/// examples trigger findings (exit 1), every machine format is valid against its schema, and not
/// one byte of the examples changes. No golden files: the examples grow as rules are added.
struct ExamplesTests {
    static let examples = TestPaths.packageRoot.appendingPathComponent("examples")

    private func snapshot() throws -> [String: String] {
        var hashes: [String: String] = [:]
        let enumerator = FileManager.default.enumerator(atPath: Self.examples.path)
        while let relative = enumerator?.nextObject() as? String {
            let url = Self.examples.appendingPathComponent(relative)
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else { continue }
            var hasher = SHA256()
            hasher.update(try Data(contentsOf: url))
            hashes[relative] = SHA256.hexString(hasher.finalize())
        }
        return hashes
    }

    @Test func lintingTheExamplesFindsProblemsWithValidOutputAndChangesNothing() throws {
        let before = try snapshot()
        #expect(before.count >= 5, "the examples are where the README says")

        let text = try GaffeBinary.run(["lint", "examples"], directory: TestPaths.packageRoot)
        #expect(text.status == 1, "the examples include drafts that must fail: \(text.errorOutput)")
        #expect(text.errorOutput == "")
        #expect(text.output.contains("examples/drafts/") && text.output.contains("examples/schedules/"))
        #expect(text.output.hasSuffix(" drafts).\n") && text.output.contains("\nFound "))

        let json = try GaffeBinary.run(["lint", "--format", "json", "examples"], directory: TestPaths.packageRoot)
        #expect(json.status == 1)
        #expect(try SchemaValidator.errors(in: json.output, schema: TestPaths.jsonSchema) == [])

        let sarif = try GaffeBinary.run(["lint", "--format", "sarif", "examples"], directory: TestPaths.packageRoot)
        #expect(sarif.status == 1)
        #expect(try SchemaValidator.errors(in: sarif.output, schema: TestPaths.sarifSchema) == [])
        #expect(sarif.output.contains("\"uri\":\"examples/drafts/"), "URIs relative to the repository root")

        let github = try GaffeBinary.run(["lint", "--format", "github", "examples"], directory: TestPaths.packageRoot)
        let lines = github.output.split(separator: "\n")
        #expect(lines.dropLast().allSatisfy { $0.hasPrefix("::error ") || $0.hasPrefix("::warning ") || $0.hasPrefix("::notice ") })
        #expect(lines.last?.hasPrefix("gaffe: Found ") == true)

        let rdjson = try GaffeBinary.run(["lint", "--format", "rdjson", "examples"], directory: TestPaths.packageRoot)
        let diagnostics = try FormatValidators.rdjson(rdjson.output).get()["diagnostics"] as? [[String: Any]]
        let junit = try GaffeBinary.run(["lint", "--format", "junit", "examples"], directory: TestPaths.packageRoot)
        let cases = try FormatValidators.junit(junit.output).get().flatMap { $0["cases"] as? [[String: Any]] ?? [] }

        // The bulk-upload example, with its own column mapping.
        let bulk = try GaffeBinary.run(["lint", "--format", "json", "--config", "examples/bulk-upload/.gaffe.yml", "examples/bulk-upload"],
                                       directory: TestPaths.packageRoot)
        #expect(bulk.status == 1)
        #expect(try SchemaValidator.errors(in: bulk.output, schema: TestPaths.jsonSchema) == [])

        // Whatever the format, the numbers agree.
        let summary = try #require(try ReporterSamples.object(json.output)["summary"] as? [String: Int])
        let findings = try #require(try ReporterSamples.object(json.output)["findings"] as? [[String: Any]])
        #expect(summary["error"]! + summary["warning"]! + summary["info"]! == findings.count)
        #expect(lines.count - 1 == findings.count)
        #expect(diagnostics?.count == findings.count)
        #expect(cases.filter { $0["name"] as? String != "no findings" }.count == findings.count)

        // The examples show every rule that finds something in prose or schedules.
        let shown = Set(findings.compactMap { $0["rule"] as? String })
        for rule in BuiltInRules.all.map({ $0.description.identifier }) where rule != InputRule.description.identifier {
            #expect(shown.contains(rule), "no example shows the rule \(rule)")
        }

        #expect(try snapshot() == before, "linting never modifies an input")
    }
}
