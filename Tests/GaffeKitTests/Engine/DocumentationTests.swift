import Foundation
import Testing
@testable import GaffeKit

/// docs/rules.md is generated from the rules; this test fails when it is out of date.
/// Regenerate with `swift run gaffe rules --markdown > docs/rules.md` (or `GAFFE_RECORD=1 swift test`).
struct DocumentationTests {
    static let rulesDocument = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("docs/rules.md")

    @Test func ruleReferenceIsCurrent() throws {
        let generated = RuleDocumentation.markdown()
        if ProcessInfo.processInfo.environment["GAFFE_RECORD"] != nil {
            try generated.write(to: DocumentationTests.rulesDocument, atomically: true, encoding: .utf8)
        }
        let committed = try String(contentsOf: DocumentationTests.rulesDocument, encoding: .utf8)
        #expect(committed == generated, "docs/rules.md is out of date: run `swift run gaffe rules --markdown > docs/rules.md`")
    }

    @Test func everyRuleExplainsItself() {
        for type in BuiltInRules.all {
            let description = type.description
            #expect(description.identifier.allSatisfy { $0.isLowercase || $0 == "-" }, "\(description.identifier) is not kebab-case")
            #expect(!description.summary.isEmpty && description.summary.hasSuffix("."))
            #expect(description.rationale.count > 40)
            #expect(RuleDocumentation.explain(description.identifier)?.contains(description.rationale) == true)
        }
    }
}
