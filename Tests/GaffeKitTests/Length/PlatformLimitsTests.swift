import Foundation
import Testing
@testable import GaffeKit

/// The built-in table of limits, its strict reader, and its documentation.
struct PlatformLimitsTests {
    @Test func theBuiltInTableLoadsWithASourceForEveryNumber() throws {
        let table = try PlatformLimits.builtIn()
        #expect(Set(table.platforms.keys) == Set(Channel.allCases).subtracting([.blog]))
        for platform in table.platforms.values {
            for limit in platform.limits.values.joined() {
                #expect(limit.source?.hasPrefix("https://") == true && limit.grade != nil, "\(platform.channel) limit \(limit.limit)")
                #expect(limit.limit > 0)
            }
            for cap in platform.caps.values.joined() {
                #expect(cap.source?.hasPrefix("https://") == true && cap.grade != nil, "\(platform.channel) cap \(cap.limit)")
            }
        }
        #expect(table.platforms[.x]?.limits[.body] == [PlatformLimits.Limit(
            limit: 280, unit: .weighted, grade: .primary,
            source: "https://github.com/twitter/twitter-text/blob/30e2430d90cff3b46393ea54caf511441983c260/config/v3.json",
            note: table.platforms[.x]?.limits[.body]?.first?.note)])
        #expect(table.platforms[.instagram]?.caps[.hashtags]?.map { [$0.limit: $0.severity] } == [[30: .error], [5: .warning]])
    }

    private func error(_ yaml: String) -> String {
        do {
            _ = try PlatformLimits(yaml: yaml, path: "limits.yml")
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    @Test func theReaderIsStrict() {
        #expect(error("x:\n  name: X\n  appends_link: true\n  body:\n    - {limit: 280, unit: weighted}\n") == "no error")
        #expect(error("x:\n  name: X\n  appends_link: true\n  body:\n    - {limit: 280, unit: wieghted}\n")
            == "limits.yml:5:26: error: unknown unit 'wieghted'; did you mean 'weighted'? (units: weighted, graphemes, bytes, utf16, code-points, mastodon, threads)")
        #expect(error("x:\n  name: X\n  appends_link: true\n  bdy: []\n").contains("limits.yml:4:3: error: unknown key 'x.bdy'; did you mean 'body'?"))
        #expect(error("twitter:\n  name: X\n  appends_link: true\n").contains("write the channel's own name 'x'"))
        #expect(error("myspace:\n  name: X\n  appends_link: true\n").contains("unknown channel 'myspace'"))
        #expect(error("x:\n  appends_link: true\n").contains("missing required key 'name'"))
        #expect(error("x:\n  name: X\n  appends_link: true\n  body:\n    - {unit: weighted}\n").contains("missing required key 'limit'"))
        #expect(error("x:\n  name: X\n  appends_link: true\n  hashtags:\n    - {limit: 5, grade: sure}\n")
            .contains("must be primary, secondary or unverified, not 'sure'"))
        #expect(error("x:\n  name: X\n  appends_link: true\n  hashtags:\n    - {limit: 5, severity: fatal}\n").contains("must be error, warning or info"))
    }
}

/// docs/rules/length.md lists every built-in limit; this keeps the page and the table in step.
struct LengthDocumentationTests {
    static let page = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/rules/length.md")

    @Test func theDocumentedTableIsTheBuiltInOne() throws {
        let text = try String(contentsOf: Self.page, encoding: .utf8)
        let begin = try #require(text.range(of: "<!-- limits:begin -->"))
        let end = try #require(text.range(of: "<!-- limits:end -->"))
        let documented = text[begin.upperBound..<end.lowerBound].split(separator: "\n")
            .filter { $0.hasPrefix("| ") && !$0.hasPrefix("| channel ") }.map(String.init)
        var expected: [String] = []
        for platform in try PlatformLimits.builtIn().platforms.values {
            let channel = platform.channel.rawValue
            for (target, limits) in platform.limits {
                for limit in limits {
                    expected.append("| \(channel) | \(target.rawValue) | \(LengthMessages.grouped(limit.limit)) | \(limit.unit.rawValue) | "
                        + "\(limit.severity.rawValue) | \(limit.grade?.rawValue ?? "") | <\(limit.source ?? "")> |")
                }
            }
            for (entity, caps) in platform.caps {
                for cap in caps {
                    expected.append("| \(channel) | \(entity.rawValue) | \(LengthMessages.grouped(cap.limit)) | count | "
                        + "\(cap.severity.rawValue) | \(cap.grade?.rawValue ?? "") | <\(cap.source ?? "")> |")
                }
            }
        }
        #expect(documented.sorted() == expected.sorted())
    }
}
