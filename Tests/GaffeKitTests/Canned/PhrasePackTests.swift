import Foundation
import Testing
@testable import GaffeKit

/// The phrase packs that ship: valid, documented, as complete as the issue asks, and as easy for
/// users to add to, trim and override as the term packs.
struct PhrasePackTests {
    static let files = BuiltInLexicons.files(.phrases)

    @Test func thePhrasePacksShip() {
        #expect(Self.files.map { ($0 as NSString).lastPathComponent } == ["customer-care.yml", "engagement-bait.yml", "marketing-cliche.yml"])
    }

    @Test(arguments: PhrasePackTests.files)
    func lintsCleanWithEveryCheck(_ file: String) throws {
        let (pack, problems) = PackLoader.read(EmbeddedResources.files[file] ?? "", path: "lexicons/" + file, isBuiltIn: true,
                                               vocabulary: BuiltInLexicons.vocabulary)
        #expect(problems.isEmpty, "\(problems.map(\.description).joined(separator: "\n"))")
        let loaded = try #require(pack)
        #expect(loaded.kind == .phrases)
        #expect(!loaded.description.isEmpty)
        #expect(loaded.sources.count >= 2, "every pack documents its sources of guidance")
        let fast = try #require(BuiltInLexicons.packs(.phrases).packs.first { $0.name == loaded.name })
        #expect(fast.entries == loaded.entries)
    }

    @Test func atLeast250EntriesEachWithANoteMostWithSuggestions() {
        let entries = BuiltInLexicons.packs(.phrases).packs.flatMap(\.entries)
        #expect(entries.count >= 250)
        #expect(entries.allSatisfy { BuiltInLexicons.vocabulary[$0.category] != nil && !$0.note.isEmpty })
        let withSuggestions = entries.filter { !$0.suggestions.isEmpty }.count
        #expect(Double(withSuggestions) / Double(entries.count) > 0.9, "most entries suggest alternatives")
        // Bait belongs to its own pack and rule; the other packs hold none.
        for pack in BuiltInLexicons.packs(.phrases).packs {
            #expect(pack.entries.allSatisfy { PhraseCategories.isBait($0) == (pack.name == "engagement-bait") }, "\(pack.name)")
        }
        #expect(Set(entries.filter(PhraseCategories.isBait).map(\.category)) == PhraseCategories.bait)
        // Every one of the examples is in.
        let lexicon = BuiltInLexicons.defaultLexicon(.phrases)
        for phrase in ["we apologize for any inconvenience", "please DM us your order number", "your call is important to us",
                       "we value your feedback", "thanks for reaching out", "follow us so we can DM you", "don't miss out",
                       "link in bio", "you won't believe", "game changer", "like if you agree", "RT if you agree", "share to win",
                       "tag a friend who", "comment YES"] {
            #expect(!lexicon.find(in: phrase).isEmpty, "\(phrase)")
        }
    }

    @Test func noPhraseIsListedTwice() {
        var seen: [String: String] = [:]
        var duplicates: [String] = []
        for pack in BuiltInLexicons.packs(.phrases).packs {
            for entry in pack.entries {
                let key = entry.isPattern ? "pattern:" + entry.text : "term:" + (TermMatcher.normalizedText(entry.text) ?? entry.text)
                if let other = seen[key] { duplicates.append("\(key): \(other) and \(pack.name)") }
                seen[key] = pack.name
            }
        }
        #expect(duplicates.isEmpty, "\(duplicates)")
    }

    @Test func theCompiledFormIsUpToDate() throws {
        let (packs, problems) = BuiltInLexicons.parseYAML(.phrases, validate: true)
        #expect(problems.isEmpty)
        let embedded = try #require(EmbeddedResources.files[BuiltInLexicons.compiledFile(.phrases)])
        #expect(embedded == CompiledPacks.write(packs),
                "lexicons/compiled/phrases.tsv is out of date: run `swift run gaffe lexicon compile` and commit the result")
        #expect(try CompiledPacks.read(embedded).flatMap(\.entries) == packs.flatMap(\.entries))
    }

    // MARK: Configuration

    static let userPack = """
        name: acme-phrases
        kind: phrases
        title: Acme's own canned lines
        defaults:
          category: customer-care
          severity: info
        entries:
          - term: per my last tweet
            note: Reads as passive-aggressive in a reply.
            suggest: [As I mentioned]
          - pattern: (thanks|thank you) for reaching out
            severity: warning
            note: Our style guide bans this opener.
            suggest: [Thanks for telling us]

        """

    func lint(_ text: String, configuration: String, rules: [String] = ["canned-phrase"]) throws -> [Finding] {
        let folder = try TemporaryFolder()
        try folder.write("phrases.yml", Self.userPack)
        try folder.write(".gaffe.yml", configuration)
        let config = try ConfigurationLoader.load(path: folder.url.appendingPathComponent(".gaffe.yml").path)
        let context = RuleContext(configuration: config, referenceDate: TestLinting.defaultReferenceDate)
        let linter = try Linter(rules: try RuleSet(configuration: config, context: context, only: rules), context: context,
                                readerOptions: ReaderOptions(configuration: config))
        let sink = CollectingSink()
        linter.lint([InputSource.text(text, path: "post.txt", format: .text)], sink: sink)
        return sink.findings
    }

    @Test func usersAddOverrideAndRemovePhrases() throws {
        let text = "Thanks for reaching out! Per my last tweet, don't miss out."
        let added = try lint(text, configuration: "lexicons: [phrases.yml]\n")
        #expect(added.map { $0.match ?? "" } == ["Thanks for reaching out", "Per my last tweet", "don't miss out"])
        // The user's entry with the same pattern replaces the built-in one.
        #expect(added[0].severity == .warning)
        #expect(added[0].notes.first?.message == "Our style guide bans this opener.")
        #expect(added[0].suggestions.map(\.text) == ["Thanks for telling us"])
        #expect(added[0].extra["lexicon"] == .object(["pack": .string("acme-phrases"), "term": .string("(thanks|thank you) for reaching out")]))
        // Built-in packs switched off, a category switched off, a phrase allowed with a reason.
        let trimmed = try lint(text, configuration: "lexicons:\n  packs: [phrases.yml]\n  disable: [marketing-cliche]\n")
        #expect(trimmed.map { $0.match ?? "" } == ["Thanks for reaching out", "Per my last tweet"])
        let offCategory = try lint(text, configuration: "lexicons:\n  categories:\n    customer-care: off\n")
        #expect(offCategory.map { $0.match ?? "" } == ["don't miss out"])
        let severe = try lint(text, configuration: "lexicons:\n  categories:\n    cliche: warning\n")
        #expect(severe.map(\.severity) == [.info, .warning])
        let allowed = try lint(text, configuration: "allow:\n  - phrase: don't miss out\n    reason: our campaign line\n")
        #expect(allowed.map { $0.match ?? "" } == ["Thanks for reaching out"])
        // Bait categories follow the same switches.
        let bait = try lint("Like if you agree!", configuration: "lexicons:\n  categories:\n    react-bait: error\n", rules: ["engagement-bait"])
        #expect(bait.map(\.severity) == [.error])
    }

    @Test func aBrokenUserPackStopsTheRunAtItsLine() throws {
        let folder = try TemporaryFolder()
        try folder.write("bad.yml", "kind: phrases\nentries:\n  - term: synergy\n    category: cliché\n    note: x\n")
        try folder.write(".gaffe.yml", "lexicons: [bad.yml]\n")
        let config = try ConfigurationLoader.load(path: folder.url.appendingPathComponent(".gaffe.yml").path)
        let context = RuleContext(configuration: config)
        #expect {
            try RuleSet(configuration: config, context: context, only: ["canned-phrase"])
        } throws: { error in
            "\(error)".contains("bad.yml:4:15") && "\(error)".contains("unknown category 'cliché'; did you mean 'cliche'?")
        }
    }
}
