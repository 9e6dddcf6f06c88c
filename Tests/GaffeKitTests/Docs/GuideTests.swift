import Foundation
import Testing
@testable import GaffeKit

/// The per-audience guides stay complete as Gaffe grows: every rule is explained to marketers,
/// every format is listed for CI owners, and every link between documents leads somewhere.
struct GuideTests {
    static func document(_ name: String) throws -> String {
        try String(contentsOf: TestPaths.packageRoot.appendingPathComponent("docs/" + name), encoding: .utf8)
    }

    @Test func marketersGuideExplainsEveryRule() throws {
        let guide = try Self.document("guide-marketer.md")
        for rule in BuiltInRules.all.map({ $0.description.identifier }) {
            #expect(guide.contains("| `\(rule)` |"), "docs/guide-marketer.md has no row for the rule \(rule)")
        }
    }

    @Test func ciGuideListsEveryFormat() throws {
        let guide = try Self.document("guide-ci.md")
        let formats = try Self.document("output-formats.md")
        for name in BuiltInReporters.names {
            #expect(guide.contains("| `\(name)` |"), "docs/guide-ci.md does not list --format \(name)")
            #expect(formats.contains("## `\(name)`") || name == "text" && formats.contains("## `text`"), "docs/output-formats.md has no section for \(name)")
        }
    }

    @Test(arguments: ["guide-marketer.md", "guide-ci.md", "guide-editor.md", "baseline.md", "html-report.md", "integrations.md", "output-formats.md"])
    func linksLeadToFilesThatExist(_ name: String) throws {
        // Links outside code: fenced blocks and inline code hold examples, not links.
        let text = try Self.document(name).replacing(/```[\s\S]*?```/, with: "").replacing(/`[^`\n]*`/, with: "")
        for match in text.matches(of: /\]\(([^)#:]+)(#[^)]*)?\)/) {
            let target = TestPaths.packageRoot.appendingPathComponent("docs").appendingPathComponent(String(match.output.1))
            #expect(FileManager.default.fileExists(atPath: target.path), "\(name) links to \(match.output.1), which does not exist")
        }
    }
}
