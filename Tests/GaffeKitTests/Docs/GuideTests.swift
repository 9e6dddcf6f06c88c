import Foundation
import Testing
@testable import GaffeKit

/// The per-audience guides stay complete as Gaffe grows: every rule is explained to marketers,
/// every format is listed for CI owners, every link between documents leads somewhere and every
/// code block is closed.
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

    /// Every Markdown document: README.md and CHANGELOG.md at the root, and everything under docs/.
    static let documents: [String] = {
        let root = TestPaths.packageRoot
        var names = ["README.md", "CHANGELOG.md"]
        let enumerator = FileManager.default.enumerator(atPath: root.appendingPathComponent("docs").path)
        while let relative = enumerator?.nextObject() as? String {
            if relative.hasSuffix(".md") { names.append("docs/" + relative) }
        }
        return names.sorted()
    }()

    @Test(arguments: documents)
    func linksLeadToFilesThatExist(_ name: String) throws {
        let url = TestPaths.packageRoot.appendingPathComponent(name)
        // Links outside code: fenced blocks and inline code hold examples, not links.
        let text = try String(contentsOf: url, encoding: .utf8).replacing(/```[\s\S]*?```/, with: "").replacing(/`[^`\n]*`/, with: "")
        for match in text.matches(of: /\]\(([^)#:]+)(#[^)]*)?\)/) {
            let target = url.deletingLastPathComponent().appendingPathComponent(String(match.output.1))
            #expect(FileManager.default.fileExists(atPath: target.path), "\(name) links to \(match.output.1), which does not exist")
        }
    }

    @Test(arguments: documents)
    func codeBlocksAreClosed(_ name: String) throws {
        let lines = try String(contentsOf: TestPaths.packageRoot.appendingPathComponent(name), encoding: .utf8).split(separator: "\n")
        let fences = lines.filter { $0.drop(while: { $0 == " " }).hasPrefix("```") }
        #expect(fences.count % 2 == 0, "\(name) has a code block that is never closed")
    }
}
