import Foundation
import Testing
@testable import GaffeKit

struct ConfigurationTests {
    func error(_ yaml: String) -> String? {
        do {
            _ = try ConfigurationLoader.parse(yaml, path: ".gaffe.yml")
            return nil
        } catch let error as YAMLError {
            return error.description
        } catch {
            return "\(error)"
        }
    }

    @Test func readsEveryTopLevelKey() throws {
        let configuration = try ConfigurationLoader.parse("""
            timezone: America/New_York
            regions: [US, US-NY]
            channels: twitter
            account: "@acme"
            include: ["content/**/*.md"]
            exclude: [drafts/archive/]
            fail_on: warning
            max_file_size: 1000
            rules:
              placeholder: warning
              input: off
            schedule:
              columns: {text: Message, publish_at: Date}
              date_format: "MM/dd/yyyy HH:mm"
              timezone: Europe/London
            """, path: ".gaffe.yml")
        #expect(configuration.timeZone?.identifier == "America/New_York")
        #expect(configuration.regions.map(\.code) == ["US", "US-NY"])
        #expect(configuration.channels == [.x])
        #expect(configuration.account == "@acme")
        #expect(configuration.include == ["content/**/*.md"])
        #expect(configuration.failOn == .warning)
        #expect(configuration.rules["placeholder"]?.severity == .warning)
        #expect(configuration.rules["input"]?.enabled == false)
        #expect(configuration.schedule.columns == [.text: "Message", .publishAt: "Date"])
        #expect(configuration.schedule.timeZone?.identifier == "Europe/London")
    }

    @Test func unknownKeysSayWhereAndSuggest() {
        #expect(error("timezone: UTC\nregoins: [US]\n") == ".gaffe.yml:2:1: error: unknown key 'regoins'; did you mean 'regions'?")
        #expect(error("schedule:\n  columns: {txt: Message}\n")?.hasPrefix(".gaffe.yml:2:13: error: unknown field 'txt' in schedule.columns; did you mean 'text'?") == true)
    }

    @Test func wrongTypesSayWhatWasExpected() {
        #expect(error("regions: {US: 1}\n") == ".gaffe.yml:1:10: error: 'regions' must be a list")
        #expect(error("max_file_size: big\n") == ".gaffe.yml:1:16: error: 'max_file_size' must be a whole number")
        #expect(error("fail_on: sometimes\n") == ".gaffe.yml:1:10: error: 'fail_on' must be error, warning or info, not 'sometimes'")
        #expect(error("timezone: Mars/Base\n") == ".gaffe.yml:1:11: error: unknown time zone 'Mars/Base'; use an IANA name such as America/New_York or UTC")
        #expect(error("regions: [US, XX]\n") == ".gaffe.yml:1:15: error: unknown region 'XX'; expected an ISO 3166-1 alpha-2 code (US), an ISO 3166-2 code (US-NY) or GLOBAL")
        #expect(error("channels: [fax]\n")?.hasPrefix(".gaffe.yml:1:12: error: unknown channel 'fax'") == true)
        #expect(error("rules: [placeholder]\n") == ".gaffe.yml:1:8: error: 'rules' must be a mapping of keys to values")
    }

    @Test func syntaxErrorsAndDuplicateKeysHaveLines() {
        #expect(error("a: [1, 2\nb: 3\n") == ".gaffe.yml:2:2: error: invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence at line 1)")
        #expect(error("timezone: UTC\ntimezone: UTC\n")?.contains("duplicated key 'timezone'") == true)
    }

    @Test func unknownRuleNamesSuggest() throws {
        let configuration = try ConfigurationLoader.parse("rules:\n  placeholdr: off\n", path: ".gaffe.yml")
        #expect(throws: YAMLError.self) {
            _ = try RuleSet(configuration: configuration, context: RuleContext(configuration: configuration))
        }
        do {
            _ = try RuleSet(configuration: configuration, context: RuleContext(configuration: configuration))
        } catch {
            #expect("\(error)" == ".gaffe.yml:2:3: error: unknown rule 'placeholdr'; did you mean 'placeholder'?")
        }
        #expect(throws: RuleSet.Error.self) {
            _ = try RuleSet(configuration: Configuration(), context: RuleContext(), only: ["placehold"])
        }
    }

    @Test func ruleSettingTyposAreCaughtWhenRulesAreBuilt() throws {
        let configuration = try ConfigurationLoader.parse("rules:\n  placeholder:\n    severty: info\n", path: ".gaffe.yml")
        #expect {
            _ = try RuleSet(configuration: configuration, context: RuleContext(configuration: configuration))
        } throws: { error in
            "\(error)" == ".gaffe.yml:3:5: error: unknown key 'rules.placeholder.severty'; did you mean 'severity'?"
        }
    }

    @Test func ruleOptionsAreStrict() throws {
        let configuration = try ConfigurationLoader.parse("rules:\n  placeholder:\n    severity: info\n    colour: red\n", path: ".gaffe.yml")
        #expect {
            _ = try RuleSet(configuration: configuration, context: RuleContext(configuration: configuration))
        } throws: { error in
            "\(error)".hasPrefix(".gaffe.yml:4:5: error: unknown key 'rules.placeholder.colour'")
        }
    }

    @Test func severityOverridesAndSwitchingRulesOff() throws {
        let text = "Hi {{name}}"
        let warned = try TestLinting.lint(text, configuration: "rules:\n  placeholder: {severity: warning}\n")
        #expect(warned.findings.map(\.severity) == [.warning])
        let off = try TestLinting.lint(text, configuration: "rules:\n  placeholder: off\n")
        #expect(off.findings.isEmpty)
    }

    @Test func defaultsFillDraftsThatSayNothing() throws {
        let finding = try #require(TestLinting.lint("Hi {{name}}", configuration: "regions: [GB]\nchannels: [linkedin]\naccount: acme\n").findings.first)
        #expect(finding.draft?.regions.map(\.code) == ["GB"])
        #expect(finding.draft?.channels == [.linkedin])
        #expect(finding.draft?.account == "acme")
    }

    @Test func scheduleMappingReadsAnotherToolsExport() throws {
        let csv = """
            Date,Message,Link
            03/01/2026 09:30,Hi {{first_name}},https://example.com

            """
        let findings = try TestLinting.lint(csv, format: .csv, configuration: """
            schedule:
              columns: {publish_at: Date, text: Message, link: Link}
              date_format: MM/dd/yyyy HH:mm
              timezone: America/New_York
            """).findings
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(finding.location.start == SourcePosition(line: 2, column: 21))
        #expect(finding.draft?.publishAt == ISO8601.parse("2026-03-01T09:30:00-05:00").flatMap { if case .instant(let date, _) = $0 { date } else { nil } })
    }

    @Test func headerlessScheduleUsesColumnNumbers() throws {
        let csv = "01/03/2026 09:30,Hello {{name}},https://example.com\n"
        let findings = try TestLinting.lint(csv, format: .csv, configuration: """
            schedule:
              header: false
              columns: {publish_at: 1, text: 2, link: 3}
              date_format: dd/MM/yyyy HH:mm
              timezone: Europe/London
            """).findings
        #expect(findings.map(\.location.start) == [SourcePosition(line: 1, column: 24)])
        #expect(error("schedule:\n  header: false\n")?.contains("needs columns by number") == true)
    }

    @Test func findsTheNearestConfigurationUpward() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("gaffe-config-\(UUID().uuidString)")
        let nested = root.appendingPathComponent("a/b")
        try FileManager.default.createDirectory(at: nested, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try "timezone: UTC\n".write(to: root.appendingPathComponent(".gaffe.yml"), atomically: true, encoding: .utf8)
        #expect(ConfigurationLoader.find(from: nested.path).map { URL(fileURLWithPath: $0).resolvingSymlinksInPath().path }
                == root.appendingPathComponent(".gaffe.yml").resolvingSymlinksInPath().path)
    }

    @Test func includeAndExcludeGlobs() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("gaffe-globs-\(UUID().uuidString)")
        for path in ["content/a.md", "content/deep/b.md", "content/c.txt", "drafts/archive/old.md", ".hidden/x.md", "notes.unknown"] {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try "x".write(to: url, atomically: true, encoding: .utf8)
        }
        defer { try? FileManager.default.removeItem(at: root) }
        var configuration = try ConfigurationLoader.parse("include: [\"**/*.md\"]\nexclude: [drafts/archive/]\n", path: root.appendingPathComponent(".gaffe.yml").path)
        configuration.path = root.appendingPathComponent(".gaffe.yml").path
        let found = InputDiscovery(configuration: configuration).inputs(for: [root.path])
        #expect(found.inputs.map { String($0.path.dropFirst(root.path.count + 1)) } == ["content/a.md", "content/deep/b.md"])
        let reasons = Dictionary(found.skipped.map { (String($0.path.dropFirst(root.path.count + 1)), $0.reason) }, uniquingKeysWith: { a, _ in a })
        #expect(reasons[".hidden"] == "hidden")
        #expect(reasons["drafts/archive"] == "excluded by configuration")
        #expect(reasons["content/c.txt"] == "not matched by include")
        #expect(reasons["notes.unknown"] == "no reader for this file extension")
    }

    @Test func globs() {
        #expect(Glob("*.md").matches("a/b/c.md"))
        #expect(Glob("content/**/*.md").matches("content/x.md"))
        #expect(Glob("content/**/*.md").matches("content/a/b/x.md"))
        #expect(!Glob("content/*.md").matches("content/a/x.md"))
        #expect(Glob("*.{md,mdx}").matches("x.mdx"))
        #expect(Glob("post-[0-9]?.md").matches("post-1a.md"))
        #expect(!Glob("post-[!0-9].md").matches("post-1.md"))
    }
}
