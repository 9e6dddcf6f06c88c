import Foundation
import Testing
@testable import GaffeKit

/// docs/frequency.md stays in step with lexicons/frequency/limits.yml: every built-in limit and
/// norm is in its table with the same numbers, and the table has nothing the code lacks.
struct FrequencyDocumentationTests {
    static let document: String = {
        let url = TestPaths.packageRoot.appendingPathComponent("docs/frequency.md")
        return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }()

    static func rows(_ table: LimitTable) -> [String] {
        table.entries.map { entry in
            let scope: String
            switch entry.scope {
            case .all: scope = "all"
            case .channel(let channel): scope = channel.rawValue
            }
            let posts = entry.posts.flatMap { $0 }.map(String.init) ?? "?"
            return "| \(scope) | `\(entry.id)` | \(posts) | \(DurationText.describe(entry.within ?? 0)) | \((entry.counts ?? .all).rawValue) | \(entry.grade?.rawValue ?? "?") |"
        }
    }

    @Test func everyBuiltInLimitAndNormIsDocumented() throws {
        let builtIn = try BuiltInFrequency.shared()
        let expected = Self.rows(builtIn.limits) + Self.rows(builtIn.norms)
        #expect(expected.count == 18)
        for row in expected {
            #expect(Self.document.contains("\n" + row + " "), "docs/frequency.md lacks or disagrees with: \(row)")
        }
        let documented = Self.document.split(separator: "\n").filter { $0.hasPrefix("| ") && $0.contains(" | `") && !$0.hasPrefix("| `") }
        #expect(documented.count == expected.count, "docs/frequency.md has rows the built-in table lacks")
    }

    @Test func theBuiltInTableIsComplete() throws {
        let builtIn = try BuiltInFrequency.shared()
        for entry in builtIn.limits.entries + builtIn.norms.entries {
            #expect(entry.source?.isEmpty == false && entry.grade != nil && entry.within != nil, "\(entry.id) lacks a source, grade or window")
        }
    }
}
