import Foundation
import Testing
@testable import GaffeKit

/// The JSON format is a contract (docs/json-format.md): these pin what is written and what is left out.
struct JSONReporterTests {
    private func findings() throws -> [[String: Any]] {
        let (findings, summary, rules) = try ReporterSamples.run()
        let document = try ReporterSamples.object(ReporterSamples.render(JSONReporter.self, findings, summary: summary, rules: rules))
        return try #require(document["findings"] as? [[String: Any]])
    }

    @Test func writesTheDocumentedKeysInOrder() throws {
        let (findings, summary, rules) = try ReporterSamples.run()
        let text = ReporterSamples.render(JSONReporter.self, findings, summary: summary, rules: rules)
        let lines = text.split(separator: "\n")
        #expect(lines.first == "{\"tool\":{\"name\":\"gaffe\",\"version\":\"\(Gaffe.version)\"},\"findings\":[")
        #expect(lines.last == "],\"summary\":{\"files\":3,\"drafts\":3,\"error\":5,\"warning\":1,\"info\":1}}")
        #expect(lines.count == findings.count + 2, "one finding per line")
        #expect(lines[4] == """
            {"rule":"input","severity":"error","message":"unknown channel 'fax'; expected one of x, facebook, instagram, linkedin, threads, bluesky, mastodon, tiktok, youtube, pinterest, email, blog (twitter is an alias of x)","path":"content/schedule.csv",\
            "line":4,"column":23,"endLine":4,"endColumn":26,"match":"fax","category":"input","suggestions":[],"notes":[],\
            "draft":{"index":2,"account":"acme","publish_at":"2026-03-02T10:00:00Z"}},
            """)
    }

    @Test func absentValuesAreOmittedNotInvented() throws {
        let all = try findings()
        let broken = try #require(all.last)
        #expect(broken["match"] == nil && broken["draft"] == nil && broken["related"] == nil)
        #expect(broken["suggestions"] as? [String] == [] && broken["notes"] as? [String] == [])
        let post = all[4]
        let draft = try #require(post["draft"] as? [String: Any])
        #expect(Set(draft.keys) == ["index", "channel", "publish_at"])
        #expect(draft["channel"] as? String == "instagram")
        let row = try #require(all[0]["draft"] as? [String: Any])
        #expect(row["channel"] as? String == "x" && row["channels"] as? [String] == ["x", "linkedin"])
        #expect(row["regions"] as? [String] == ["US", "US-NY"])
    }

    @Test func ruleDataFollowsTheFixedKeysWithoutReplacingThem() throws {
        var (findings, summary, rules) = try ReporterSamples.run()
        findings = [findings[0]]
        findings[0].extra["message"] = "not the message"
        summary = LintSummary()
        let text = ReporterSamples.render(JSONReporter.self, findings, summary: summary, rules: rules)
        let finding = try #require((try ReporterSamples.object(text)["findings"] as? [[String: Any]])?.first)
        #expect(finding["message"] as? String == "unfilled merge field '{{first_name}}'")
        #expect((finding["extra"] as? [String: Any])?["message"] as? String == "not the message", "kept, not dropped")
        #expect((finding["event"] as? [String: Any])?["severity"] as? String == "minor")
        #expect(text.contains("\"regions\":[\"US\",\"US-NY\"]},\"event\":{"), "rule data comes after the draft")
        let related = try #require((finding["related"] as? [[String: Any]])?.first)
        #expect(related["path"] as? String == "content/posts/spring menü.md" && related["line"] as? Int == 6)
    }

    /// Every finding's line and columns slice its `match` out of the file, in code points.
    @Test func positionsSliceTheMatch() throws {
        let sources = [("content/schedule.csv", ReporterSamples.schedule), ("content/posts/spring menü.md", ReporterSamples.post)]
        for finding in try findings() {
            guard let path = finding["path"] as? String, let text = sources.first(where: { $0.0 == path })?.1,
                  let match = finding["match"] as? String else { continue }
            let lines = text.components(separatedBy: "\n")
            let line = try #require(finding["line"] as? Int)
            let column = try #require(finding["column"] as? Int)
            let endColumn = try #require(finding["endColumn"] as? Int)
            guard finding["endLine"] as? Int == line else { continue }
            let scalars = Array(lines[line - 1].unicodeScalars)
            var sliced = String.UnicodeScalarView()
            sliced.append(contentsOf: scalars[(column - 1)..<(endColumn - 1)])
            #expect(String(sliced) == match)
        }
    }
}

struct JSONValueTests {
    @Test(arguments: [
        "plain text", "", "quote \" and backslash \\ and slash /", "line\nbreak\r\ttab", "\u{0}\u{1}\u{1F}\u{7F}",
        "line\u{2028}and paragraph\u{2029}separators", "em — dash … and 🌸 e\u{301}", "\u{2028}", "ends with \\",
        "\u{E2}", "日本語\n\"引用\"",
    ])
    func stringsRoundTripAndStaySafe(_ text: String) throws {
        let json = JSONValue.array([.string(text)]).serialized
        let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String]
        #expect(parsed == [text])
        #expect(!json.unicodeScalars.contains { $0.value < 0x20 || $0 == "\u{2028}" || $0 == "\u{2029}" })
    }

    @Test(arguments: [0, 7, 9, 10, 99, 100, 4096, -1, -10, -987_654_321, Int.max, Int.min])
    func wholeNumbersAreWrittenAsSwiftSpellsThem(_ value: Int) {
        var json = JSONText()
        json.int(value)
        #expect(json.text == String(value))
        #expect(JSONValue.int(value).serialized == String(value))
    }

    @Test func textIsHandedToTheOutputAndEmptied() {
        let output = ReportOutput()
        var json = JSONText()
        json.raw("{\"a\":")
        json.string("é\n")
        json.raw("}")
        output.write(&json)
        let emptied = json.isEmpty
        #expect(emptied)
        #expect(output.captured == #"{"a":"é\n"}"#)
    }

    @Test func eachByteThatNeedsALookIsSeenInAWordOfEight() {
        for special: UInt8 in [0x00, 0x01, 0x09, 0x0A, 0x1F, 0x22, 0x5C, 0xE2] {
            for position in 0..<8 {
                var bytes = [UInt8](repeating: 0x61, count: 8)
                bytes[position] = special
                let word = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
                #expect(JSONText.mayNeedEscape(word), "byte \(special) at \(position)")
            }
        }
        // Plain text, the bytes just around the special ones, and other UTF-8 lead and
        // continuation bytes pass eight at a time.
        for bytes: [UInt8] in [Array("abcdefgh".utf8), [0x20, 0x21, 0x23, 0x5B, 0x5D, 0x7F, 0x80, 0xFF], [0xE1, 0xE3, 0xC3, 0xA9, 0xF0, 0x9F, 0x91, 0x8D]] {
            let word = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
            #expect(!JSONText.mayNeedEscape(word), "\(bytes)")
        }
    }

    @Test func stringsAreEscapedTheSameWhereverTheEscapeFalls() throws {
        // Escapes at every position of strings around the eight-byte steps, against the
        // escaping JSON defines, scalar by scalar.
        func expected(_ text: String) -> String {
            var out = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case "\u{2028}": out += "\\u2028"
                case "\u{2029}": out += "\\u2029"
                case _ where scalar.value < 0x20: out += "\\u00" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out + "\""
        }
        for special in ["\"", "\\", "\n", "\u{1}", "\u{1F}", "\u{2028}", "\u{2029}", "é", "✓", "👍🏽",
                        "\"\\", "\u{2028}\"x\u{1}", "x\nxxxxxxx\t"] {
            for length in 0..<20 {
                for position in 0...length {
                    var text = String(repeating: "x", count: length)
                    text.insert(contentsOf: special, at: text.index(text.startIndex, offsetBy: position))
                    var json = JSONText()
                    json.string(text)
                    #expect(json.text == expected(text), "\(special.debugDescription) at \(position) of \(length)")
                }
            }
        }
    }

    @Test func escapesAreTheShortForms() {
        #expect(JSONValue.string("a\"b\\c\nd\re\tf\u{1}g\u{2028}").serialized == #""a\"b\\c\nd\re\tf\u0001g\u2028""#)
    }
}

/// The reporter writes findings straight to text; the bytes must be those of the documented tree.
struct JSONDirectWriteTests {
    @Test func directWritingMatchesTheTree() throws {
        var findings = try TestLinting.lint("""
            publish_at,channel,account,regions,text
            2026-03-01T09:00:00-05:00,x;threads,acme,US-NY,"Hi {{first_name}} \\"quoted\\" 👍🏽 [INSERT LINK]"
            bad-date,fax,acme,US,plain

            """, format: .csv).findings
        #expect(findings.count >= 3)
        var extra = findings[0]
        extra.extra = ["event": ["id": "e1", "title": "Storm"], "match": "clash", "extra": 1, "similarity": 0.85]
        extra.related = [RelatedLocation("earlier \"one\"", location: findings[1].location)]
        extra.suggestions = [Suggestion("fix", isFix: true), Suggestion("idea")]
        findings.append(extra)
        var noMatch = findings[0]
        noMatch.match = nil
        noMatch.category = nil
        noMatch.draft = nil
        noMatch.extra = ["match": "no clash when absent"]
        findings.append(noMatch)
        var clash = extra
        clash.extra = ["fixes": "a rule's own key never replaces the fixes"]
        findings.append(clash)
        for finding in findings {
            var direct = JSONText()
            JSONReporter.write(finding, to: &direct)
            #expect(direct.text == JSONReporter.encode(finding).serialized)
        }
        // Every suggestion is listed; those that may replace the span as written are the fixes.
        let written = JSONReporter.encode(extra).serialized
        #expect(written.contains("\"suggestions\":[\"fix\",\"idea\"],\"fixes\":[\"fix\"],"))
        #expect(JSONReporter.encode(clash).serialized.contains("\"fixes\":[\"fix\"]"))
        #expect(JSONReporter.encode(clash).serialized.contains("\"extra\":{\"fixes\":"))
        #expect(!JSONReporter.encode(findings[0]).serialized.contains("\"fixes\""), "omitted when no suggestion is a fix")
    }
}
