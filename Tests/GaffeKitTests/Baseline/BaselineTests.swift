import Foundation
import Testing
@testable import GaffeKit

/// `gaffe baseline write` and `gaffe lint --baseline`, end to end with the built binary in a
/// scratch folder: the round trip the issue asks for, and the cases around it.
struct BaselineRoundTripTests {
    /// A scratch content folder with a post and a schedule, linted with placeholder and input only.
    final class Workspace {
        let directory: URL
        static let lintOptions = ["--no-config", "--rules", "input,placeholder"]

        init(_ name: String = #function) throws {
            directory = try TestPaths.temporaryDirectory(name)
            try write("drafts/welcome.md", """
                ---
                title: Welcome
                ---
                Hi {{first_name}}, welcome to the spring menu.

                Our patio opens soon.
                """)
            try write("schedule.csv", """
                publish_at,channel,account,text
                2026-03-02T09:00:00Z,x,acme,Spring menu tasting this Friday.
                2026-03-03T09:00:00Z,x,acme,"Dear [NAME], your table is ready."
                """)
        }

        deinit { try? FileManager.default.removeItem(at: directory) }

        func write(_ path: String, _ text: String) throws {
            let url = directory.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data((text + "\n").utf8).write(to: url)
        }

        func read(_ path: String) throws -> String {
            try String(contentsOf: directory.appendingPathComponent(path), encoding: .utf8)
        }

        func gaffe(_ arguments: [String]) throws -> ChildProcess {
            try GaffeBinary.run(arguments, directory: directory)
        }

        static let content = ["drafts", "schedule.csv"]

        func writeBaseline(_ extra: [String] = [], paths: [String] = content) throws -> ChildProcess {
            try gaffe(["baseline", "write", ".gaffe-baseline.yml"] + extra + Self.lintOptions + paths)
        }

        func lint(_ extra: [String] = [], paths: [String] = content) throws -> ChildProcess {
            try gaffe(["lint", "--baseline", ".gaffe-baseline.yml"] + extra + Self.lintOptions + paths)
        }
    }

    @Test func timingsGoToStandardErrorOfBothWriteAndLintAndChangeNothingElse() throws {
        let space = try Workspace()
        let written = try space.writeBaseline(["--timings"])
        #expect(written.status == 0, "\(written.errorOutput)")
        #expect(written.output == "Wrote .gaffe-baseline.yml: 2 entries (2 new, 0 kept, 0 removed).\n")
        #expect(written.errorOutput.hasPrefix("Timings: "))
        #expect(written.errorOutput.contains("rule: placeholder"))
        let plain = try space.lint()
        let timed = try space.lint(["--timings"])
        #expect(timed.status == plain.status)
        #expect(timed.output == plain.output)
        #expect(plain.errorOutput == "")
        #expect(timed.errorOutput.hasPrefix("Timings: "))
        #expect(timed.errorOutput.contains("reporting: formatting and writing the report"))
    }

    @Test func writeLintCleanEditAboveChangeTextRemoveIt() throws {
        let space = try Workspace()
        let written = try space.writeBaseline()
        #expect(written.status == 0, "\(written.errorOutput)")
        #expect(written.output == "Wrote .gaffe-baseline.yml: 2 entries (2 new, 0 kept, 0 removed).\n")
        let baseline = try Baseline.parse(try space.read(".gaffe-baseline.yml"), path: ".gaffe-baseline.yml")
        #expect(baseline.entries.map(\.path) == ["drafts/welcome.md", "schedule.csv"], "paths relative to the baseline's folder")
        #expect(baseline.entries.map(\.match) == ["{{first_name}}", "[NAME]"])
        #expect(baseline.entries.map(\.line) == [4, 3])

        // 1. Lint with the baseline: clean.
        let clean = try space.lint()
        #expect(clean.status == 0)
        #expect(clean.output == "Baseline .gaffe-baseline.yml: 2 findings accepted, 0 stale entries.\nNo problems found in 2 files (3 drafts).\n")

        // 2. Lines added above the findings (and a row inserted before the flagged one): still clean.
        try space.write("drafts/welcome.md", """
            ---
            title: Welcome
            author: Dana
            ---
            A new opening paragraph.

            Hi {{first_name}}, welcome to the spring menu.

            Our patio opens soon.
            """)
        try space.write("schedule.csv", """
            publish_at,channel,account,text
            2026-03-01T09:00:00Z,x,acme,A new first post.
            2026-03-02T09:00:00Z,x,acme,Spring menu tasting this Friday.
            2026-03-03T09:00:00Z,x,acme,"Dear [NAME], your table is ready."
            """)
        let edited = try space.lint()
        #expect(edited.status == 0, "\(edited.output)")
        #expect(edited.output.hasSuffix("2 findings accepted, 0 stale entries.\nNo problems found in 2 files (4 drafts).\n"))

        // 3. The flagged text changes: reported again, and the old entry is stale.
        try space.write("drafts/welcome.md", """
            ---
            title: Welcome
            author: Dana
            ---
            A new opening paragraph.

            Hi {{firstname}}, welcome to the spring menu.

            Our patio opens soon.
            """)
        let changed = try space.lint()
        #expect(changed.status == 1)
        #expect(changed.output.hasPrefix("drafts/welcome.md:7:4: error: unfilled merge field '{{firstname}}' [placeholder]\n"))
        #expect(changed.output.contains(
            ".gaffe-baseline.yml:8: warning: stale baseline entry: placeholder '{{first_name}}' in drafts/welcome.md:4 no longer matches a finding;"))
        #expect(changed.output.hasSuffix("Baseline .gaffe-baseline.yml: 1 finding accepted, 1 stale entry.\nFound 1 error in 2 files (4 drafts).\n"))

        // 4. The flagged text is removed: nothing to report, and the entry is listed as stale.
        try space.write("drafts/welcome.md", "---\ntitle: Welcome\n---\nHi there, welcome to the spring menu.")
        let removed = try space.lint()
        #expect(removed.status == 0, "stale entries are listed, not failed")
        #expect(removed.output.hasPrefix(".gaffe-baseline.yml:8: warning: stale baseline entry: placeholder '{{first_name}}' in drafts/welcome.md:4"))
        #expect(removed.output.hasSuffix("1 finding accepted, 1 stale entry.\nNo problems found in 2 files (4 drafts).\n"))

        // Rewriting drops the stale entry and says so.
        let rewritten = try space.writeBaseline()
        #expect(rewritten.output == """
            removed: placeholder '{{first_name}}' in drafts/welcome.md:4 (no longer found)
            Wrote .gaffe-baseline.yml: 1 entry (0 new, 1 kept, 1 removed).

            """)
        #expect(try space.lint().output == "Baseline .gaffe-baseline.yml: 1 finding accepted, 0 stale entries.\nNo problems found in 2 files (4 drafts).\n")
    }

    @Test func reasonsAndReviewersSurviveARewriteAndFillOnlyNewEntries() throws {
        let space = try Workspace()
        _ = try space.writeBaseline(["--reason", "sent through Mailchimp, which fills merge fields", "--reviewer", "dana"])
        var baseline = try Baseline.parse(try space.read(".gaffe-baseline.yml"), path: "b")
        #expect(baseline.entries.allSatisfy { $0.reason == "sent through Mailchimp, which fills merge fields" && $0.reviewer == "dana" })

        try space.write("notes.txt", "Remember: TK")
        let update = try space.writeBaseline(["--reason", "draft notes", "--reviewer", "sam"], paths: ["."])
        #expect(update.output == "Wrote .gaffe-baseline.yml: 3 entries (1 new, 2 kept, 0 removed).\n")
        baseline = try Baseline.parse(try space.read(".gaffe-baseline.yml"), path: "b")
        #expect(baseline.entries.map(\.reviewer) == ["dana", "sam", "dana"])
        #expect(baseline.entries.map(\.path) == ["drafts/welcome.md", "notes.txt", "schedule.csv"])
    }

    /// A run over a few files (a pre-commit hook) or a few rules says nothing about other entries.
    @Test func entriesOutsideTheRunAreNeitherStaleNorDropped() throws {
        let space = try Workspace()
        _ = try space.writeBaseline()
        let onlyPost = try space.lint(paths: ["drafts/welcome.md"])
        #expect(onlyPost.output == "Baseline .gaffe-baseline.yml: 1 finding accepted, 0 stale entries.\nNo problems found in 1 file (1 draft).\n")
        let onlyInputRule = try space.gaffe(["lint", "--baseline", ".gaffe-baseline.yml", "--no-config", "--rules", "input"] + Workspace.content)
        #expect(onlyInputRule.output.contains("0 findings accepted, 0 stale entries."))

        let partial = try space.writeBaseline(paths: ["schedule.csv"])
        #expect(partial.output == "Wrote .gaffe-baseline.yml: 2 entries (0 new, 1 kept, 0 removed, 1 outside this run).\n")

        // A file that no longer exists can never match again: its entries are stale in any run.
        try FileManager.default.removeItem(at: space.directory.appendingPathComponent("drafts/welcome.md"))
        let deleted = try space.lint(paths: ["schedule.csv"])
        #expect(deleted.output.contains("stale baseline entry: placeholder '{{first_name}}' in drafts/welcome.md:4"))
    }

    /// Two identical findings in one post are two entries; fixing one leaves one stale.
    @Test func repeatedFindingsInOneDraftAreCountedNotMerged() throws {
        let space = try Workspace()
        try space.write("drafts/welcome.md", "Hi {{first_name}}! Yes, {{first_name}}, you.")
        _ = try space.writeBaseline()
        let baseline = try Baseline.parse(try space.read(".gaffe-baseline.yml"), path: "b")
        let fingerprints = baseline.entries.filter { $0.path == "drafts/welcome.md" }.map(\.fingerprint)
        #expect(fingerprints.count == 2)
        #expect(fingerprints.map { $0.hasSuffix(":1") || $0.hasSuffix(":2") } == [true, true])
        #expect(Set(fingerprints.map { $0.prefix(32) }).count == 1, "same rule, text and post")

        try space.write("drafts/welcome.md", "Hi {{first_name}}! Yes, you.")
        let once = try space.lint()
        #expect(once.status == 0)
        #expect(once.output.contains("2 findings accepted, 1 stale entry."))
        try space.write("drafts/welcome.md", "Hi {{first_name}}! Yes, {{first_name}}, {{first_name}}.")
        let thrice = try space.lint()
        #expect(thrice.status == 1, "a third copy is new")
        #expect(thrice.output.contains("drafts/welcome.md:1:41: error: unfilled merge field '{{first_name}}'"))
    }

    /// The same finding in a post with another publish time or account is another post.
    @Test func aPostRescheduledIsANewPost() throws {
        let space = try Workspace()
        _ = try space.writeBaseline()
        try space.write("schedule.csv", """
            publish_at,channel,account,text
            2026-03-02T09:00:00Z,x,acme,Spring menu tasting this Friday.
            2026-03-04T09:00:00Z,x,acme,"Dear [NAME], your table is ready."
            """)
        let moved = try space.lint()
        #expect(moved.status == 1)
        #expect(moved.output.contains("schedule.csv:3:35: error: template placeholder '[NAME]'"))
        #expect(moved.output.contains("stale baseline entry: placeholder '[NAME]' in schedule.csv:3"))
    }

    @Test func machineFormatsCarryTheBaselineAndValidate() throws {
        let space = try Workspace()
        _ = try space.writeBaseline()
        try space.write("drafts/welcome.md", "Hi {{firstname}}.")

        let json = try space.lint(["--format", "json"])
        #expect(try SchemaValidator.errors(in: json.output, schema: TestPaths.jsonSchema) == [])
        let object = try ReporterSamples.object(json.output)
        let baseline = try #require(object["baseline"] as? [String: Any])
        #expect(baseline["accepted"] as? Int == 1)
        let stale = try #require(baseline["stale"] as? [[String: Any]])
        #expect(stale.map { $0["match"] as? String } == ["{{first_name}}"])
        #expect(stale.first?["baselineLine"] as? Int == 8)
        #expect((object["findings"] as? [[String: Any]])?.map { $0["match"] as? String } == ["{{firstname}}"])

        let sarif = try space.lint(["--format", "sarif"])
        #expect(try SchemaValidator.errors(in: sarif.output, schema: TestPaths.sarifSchema) == [])
        let runs = try #require(try ReporterSamples.object(sarif.output)["runs"] as? [[String: Any]])
        let results = try #require(runs.first?["results"] as? [[String: Any]])
        let states = results.map { "\($0["baselineState"] ?? "-") \((($0["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any]).flatMap { ($0["artifactLocation"] as? [String: Any])?["uri"] } ?? "-")" }
        #expect(states == ["new drafts/welcome.md", "unchanged schedule.csv", "absent drafts/welcome.md"])
        let accepted = try #require(results[1]["suppressions"] as? [[String: Any]])
        #expect(accepted.first?["kind"] as? String == "external" && accepted.first?["status"] as? String == "accepted")
        #expect(sarif.status == 1)

        let rdjson = try space.lint(["--format", "rdjson"])
        let diagnostics = try #require(try FormatValidators.rdjson(rdjson.output).get()["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.map { ($0["code"] as? [String: Any])?["value"] as? String } == ["placeholder", "stale-baseline-entry"])
        let junit = try space.lint(["--format", "junit"])
        let suites = try FormatValidators.junit(junit.output).get()
        #expect(suites.map { $0["name"] as? String } == ["drafts/welcome.md", "schedule.csv", ".gaffe-baseline.yml"])
        #expect(suites.map { $0["failures"] as? Int } == [1, 0, 0], "accepted and stale are not failures")

        let html = try space.lint(["--format", "html"])
        #expect(html.output.contains("<section id=\"baseline\""))
        #expect(html.output.contains("<details><summary>1 accepted finding</summary>"))
        #expect(html.output.contains("<code>.gaffe-baseline.yml:8</code> placeholder &#39;{{first_name}}&#39; in drafts/welcome.md:4")
                || html.output.contains("<code>.gaffe-baseline.yml:8</code> placeholder '{{first_name}}' in drafts/welcome.md:4"))
        #expect(try ReportDOM.parse(html.output).findings.count == 1, "only the new finding is listed as a finding")

        let github = try space.lint(["--format", "github"])
        #expect(github.output.contains("::warning file=.gaffe-baseline.yml,line=8,title=Stale baseline entry::stale baseline entry: placeholder '{{first_name}}'"))
        #expect(github.output.hasSuffix("gaffe: Baseline .gaffe-baseline.yml: 1 finding accepted, 1 stale entry.\ngaffe: Found 1 error in 2 files (3 drafts).\n"))
    }

    @Test func baselineProblemsAreUsageErrors() throws {
        let space = try Workspace()
        let missing = try space.lint()
        #expect(missing.status == 2)
        #expect(missing.errorOutput == "gaffe: error: cannot read the baseline .gaffe-baseline.yml\n")

        try space.write(".gaffe-baseline.yml", "version: 1\nentries:\n  - path: a.md\n    rule: placeholder\n    fingerprnt: x\n")
        let typo = try space.lint()
        #expect(typo.status == 2)
        #expect(typo.errorOutput == ".gaffe-baseline.yml:3:5: error: missing required key 'fingerprint'\n")

        try FileManager.default.removeItem(at: space.directory.appendingPathComponent(".gaffe-baseline.yml"))
        _ = try space.writeBaseline()
        let overBaseline = try space.gaffe(["lint", "--baseline", ".gaffe-baseline.yml", "--output", "./.gaffe-baseline.yml", "--no-config", "."])
        #expect(overBaseline.status == 2)
        #expect(overBaseline.errorOutput == "gaffe: error: --output ./.gaffe-baseline.yml is the baseline; Gaffe never writes over what it reads\n")
        let overInput = try space.gaffe(["baseline", "write", "schedule.csv", "--no-config", "."])
        #expect(overInput.status == 2)
        #expect(overInput.errorOutput == "gaffe: error: the baseline schedule.csv is one of the inputs; Gaffe never writes over what it reads\n")
        let withBaseline = try space.gaffe(["baseline", "write", "b.yml", "--baseline", "x.yml", "."])
        #expect(withBaseline.status == 2)
        #expect(withBaseline.errorOutput.contains("--baseline is for gaffe lint"))
    }
}

/// The baseline file format on its own: strict reading with lines, and writing that reads back.
struct BaselineFileTests {
    static let entry = """
        version: 1
        entries:
          - path: "drafts/a.md"
            rule: placeholder
            fingerprint: 0123456789abcdef0123456789abcdef:1
            severity: error
            line: 3
            match: "{{x}}"
            message: "unfilled merge field '{{x}}'"
        """

    @Test func readsEntriesWithTheirLines() throws {
        let baseline = try Baseline.parse(Self.entry, path: "b.yml")
        #expect(baseline.entries.count == 1)
        #expect(baseline.entries[0].sourceLine == 3)
        #expect(baseline.entries[0].summary == "placeholder '{{x}}' in drafts/a.md:3")
        #expect(try Baseline.parse("version: 1\nentries: []\n", path: "b").entries.isEmpty)
        #expect(try Baseline.parse("version: 1\n", path: "b").entries.isEmpty)
    }

    @Test(arguments: [
        ("version: 2\nentries: []\n", "b.yml:1:10: error: this Gaffe reads baseline version 1, not 2"),
        ("entries: []\n", "b.yml:1:1: error: missing required key 'version'"),
        ("version: 1\nentrys: []\n", "b.yml:2:1: error: unknown key 'entrys'; did you mean 'entries'?"),
        (entry.replacingOccurrences(of: "severity: error", with: "severity: fatal"),
         "b.yml:6:15: error: severity must be error, warning or info, not 'fatal'"),
        (entry.replacingOccurrences(of: ":1\n", with: "\n"),
         "b.yml:5:18: error: '0123456789abcdef0123456789abcdef' is not a Gaffe fingerprint (32 hexadecimal digits, ':' and a number)"),
        (entry + "\n    reviwer: dana", "b.yml:10:5: error: unknown key 'entries[0].reviwer'; did you mean 'reviewer'?"),
        ("version: 1\nentries: [\n", "b.yml:3:1: error: invalid YAML"),
    ])
    func badFilesSayWhereAndWhat(_ text: String, _ message: String) throws {
        let error = try #require(throws: YAMLError.self) { try Baseline.parse(text, path: "b.yml") }
        #expect(error.description.hasPrefix(message), "\(error.description)")
    }

    /// Whatever a draft says, the quoted form reads back as the same text.
    @Test(arguments: [
        "plain", "quote \" and \\ backslash", "line\nbreak\r\nand\ttab", "# not a comment", "- not a list", "key: value",
        "{{first_name}}", "[NAME]", "*|FNAME|*", "%FIRSTNAME%", "'single'", "@mention", "emoji 🌸 and é (e\u{301})",
        "NEL\u{85}LS\u{2028}PS\u{2029}BOM\u{FEFF}", "control \u{1}\u{7F}\u{9F}", " leading and trailing ", "", "null", "true", "~",
    ])
    func quotingRoundTrips(_ text: String) throws {
        let yaml = "version: 1\nentries:\n  - {path: \(Baseline.quoted(text)), rule: r, fingerprint: 0123456789abcdef0123456789abcdef:1, severity: info, message: \(Baseline.quoted(text))}\n"
        let entry = try #require(try Baseline.parse(yaml, path: "b").entries.first)
        #expect(entry.path == text)
        #expect(entry.message == text)
    }

    @Test func writtenFilesReadBackSortedWithEveryField() throws {
        var baseline = Baseline(path: "b.yml")
        baseline.entries = [
            BaselineEntry(path: "z.csv", rule: "placeholder", fingerprint: String(repeating: "a", count: 32) + ":1", severity: .warning,
                          line: 9, match: "TK", message: "m", account: "acme", channels: ["x", "linkedin"],
                          publishAt: "2026-03-01T09:00:00-05:00", reason: "ok: \"fine\"", reviewer: "dana"),
            BaselineEntry(path: "a.md", rule: "input", fingerprint: String(repeating: "b", count: 32) + ":2", severity: .info, message: "no span"),
        ]
        let text = baseline.yaml
        #expect(text.hasPrefix("# Gaffe baseline: findings reviewed and accepted."))
        let read = try Baseline.parse(text, path: "b.yml")
        var expected = baseline.sortedEntries
        for index in expected.indices { expected[index].sourceLine = read.entries[index].sourceLine }
        #expect(read.entries == expected)
        #expect(read.entries.map(\.path) == ["a.md", "z.csv"])
        #expect(Baseline(path: "b.yml").yaml.hasSuffix("version: 1\nentries: []\n"))
    }
}
