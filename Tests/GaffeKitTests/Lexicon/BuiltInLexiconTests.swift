import Foundation
import Testing
@testable import GaffeKit

/// The packs that ship: valid, documented, and as complete as the issue asks.
struct BuiltInLexiconTests {
    static let files = BuiltInLexicons.files(.terms)

    @Test func theTermPacksShip() {
        #expect(BuiltInLexiconTests.files.map { ($0 as NSString).lastPathComponent } ==
                ["brand-safety.yml", "finance-claims.yml", "health-claims.yml", "inclusive.yml", "profanity.yml", "tragedy.yml"])
    }

    @Test(arguments: BuiltInLexiconTests.files)
    func lintsCleanWithEveryCheck(_ file: String) throws {
        let (pack, problems) = PackLoader.read(EmbeddedResources.files[file] ?? "", path: "lexicons/" + file, isBuiltIn: true,
                                               vocabulary: BuiltInLexicons.vocabulary)
        #expect(problems.isEmpty, "\(problems.map(\.description).joined(separator: "\n"))")
        let loaded = try #require(pack)
        #expect(loaded.name == ((file as NSString).lastPathComponent as NSString).deletingPathExtension)
        #expect(loaded.kind == .terms)
        #expect(!loaded.description.isEmpty)
        #expect(loaded.sources.count >= 2, "every pack documents its sources of guidance")
        // The fast run-time read (no author checks) gives the same entries.
        let fast = try #require(BuiltInLexicons.packs(.terms).packs.first { $0.name == loaded.name })
        #expect(fast.entries == loaded.entries)
    }

    @Test func atLeastEightHundredEntriesEachWithACategoryAndANote() {
        let entries = BuiltInLexicons.packs(.terms).packs.flatMap(\.entries)
        #expect(entries.count >= 800)
        #expect(entries.allSatisfy { BuiltInLexicons.vocabulary[$0.category] != nil && !$0.note.isEmpty })
        let withSuggestions = entries.filter { !$0.suggestions.isEmpty }.count
        #expect(Double(withSuggestions) / Double(entries.count) > 0.9, "most entries suggest alternatives")
    }

    @Test func noTermIsListedTwiceAcrossPacks() {
        var seen: [String: String] = [:]
        var duplicates: [String] = []
        for pack in BuiltInLexicons.packs(.terms).packs {
            for entry in pack.entries where !entry.isPattern {
                let key = TermMatcher.normalizedText(entry.text) ?? entry.text
                if let other = seen[key] { duplicates.append("\(key): \(other) and \(pack.name)") }
                seen[key] = pack.name
            }
        }
        #expect(duplicates.isEmpty, "\(duplicates)")
    }

    @Test func everyCategoryIsUsedAndRelatesToKnownEvents() {
        let used = Set(PackKind.allCases.flatMap { BuiltInLexicons.packs($0).packs }.flatMap(\.entries).map(\.category))
        #expect(used == Set(BuiltInLexicons.vocabulary.names))
        for name in BuiltInLexicons.vocabulary.names {
            let category = BuiltInLexicons.vocabulary[name]!
            #expect(!category.title.isEmpty && !category.message.isEmpty && !category.frameworks.isEmpty, "\(name)")
        }
        // The categories that the calendar issue's examples escalate.
        #expect(BuiltInLexicons.vocabulary["violence"]?.events.contains(.massShooting) == true)
        #expect(BuiltInLexicons.vocabulary["disaster"]?.events.contains(.flood) == true)
        #expect(BuiltInLexicons.vocabulary["explosion"]?.events.contains(.terrorAttack) == true)
    }

    @Test func slursAreErrorsAndMildProfanityIsInfo() {
        let entries = BuiltInLexicons.packs(.terms).packs.flatMap(\.entries)
        #expect(entries.filter { $0.category == "slur" }.allSatisfy { $0.severity == .error })
        #expect(entries.filter { $0.category == "profanity" && $0.sureness == .low }.allSatisfy { $0.severity == .info })
    }

    @Test func exportListsEveryPlainPhraseOnce() {
        let phrases = LexiconTool.exportPlain()
        #expect(phrases == Array(Set(phrases)).sorted())
        for phrase in ["killer deal", "killer deals", "shoot", "shoots", "shooting", "shot", "blow you away", "blew you away", "blown you away"] {
            #expect(phrases.contains(phrase), "\(phrase)")
        }
        #expect(!phrases.contains { $0.isEmpty || $0.contains("|") })
    }

    @Test func formsWrittenInflectedAreNotInflectedAgain() {
        let phrases = LexiconTool.exportPlain()
        for phrase in ["melts belly fat", "dissolves fat", "dissolving belly fat", "getting wasted", "lynchings", "lynching's"] {
            #expect(phrases.contains(phrase), "\(phrase)")
        }
        // No inflection of an inflection, as forms written inflected used to make.
        let doubled = ["meltsed", "meltsing", "dissolvesed", "gettinged", "takinged", "detoxifyinged", "effinged", "retardeded",
                       "roofieded", "floodgatesed", "dieded", "fatted"]
        #expect(!phrases.contains { phrase in phrase.split(separator: " ").contains { doubled.contains(String($0)) } })
        // A noun that only looks inflected is still made plural.
        let entry = LexiconEntry(pack: "test", matching: .term("mass shooting"), category: "violence", severity: .warning, sureness: .medium,
                                 suggestions: [], suggestionsAreFixes: false, note: "n", exceptions: [], inflect: [.noun], head: nil,
                                 caseSensitive: false, forms: ["school shooting", "china virus"], events: [],
                                 location: PackLocation(path: "t.yml", line: 1))
        let forms = LexiconForms.surfaceForms(of: entry, inflector: .english).map { $0.words.joined(separator: " ") }
        #expect(forms.contains("school shootings") && forms.contains("china viruses"), "\(forms)")
    }
}

extension PositionPropertyTests.Generator {
    mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }
    mutating func chance(_ percent: UInt64) -> Bool { next() % 100 < percent }
}

/// Every finding's range is exactly the text that was inserted, whatever surrounds it: emoji,
/// combining marks, CRLF, full-width letters, Markdown emphasis, hashtags.
struct LexiconPropertyTests {
    typealias Generator = PositionPropertyTests.Generator

    /// (No negator among them: a claim right after "don’t" is denied, not made; see
    /// `SensitiveTermRuleTests.aDeniedClaimIsNoClaim`.)
    static let fillers = ["coffee", "morning", "team", "blue", "garden", "quiet", "river", "table", "paper", "lamp", "window",
                          "travel", "bright", "simple", "green", "music", "city", "bread", "soft", "warm", "hello", "studio",
                          "Café", "Cafe\u{301}", "naïve", "ｆｕｌｌ", "東京", "Ελλάδα", "we’re", "it's", "42", "2026"]
    static let separators = [" ", "  ", ", ", ". ", " — ", "\r\n", "\n", "\t", " 👍🏽 ", " 🎉", " (", ") ", " \"", "\" ", " “", "” ", "… "]
    /// What is inserted, and the part a finding must cover.
    static let terms: [(inserted: String, match: String)] = [
        ("killer deal", "killer deal"), ("Killer Deal", "Killer Deal"), ("KILLER DEAL", "KILLER DEAL"), ("killer-deal", "killer-deal"),
        ("killer\r\ndeal", "killer\r\ndeal"), ("#KillerDeal", "KillerDeal"), ("#killer_deal", "killer_deal"), ("#KILLERDEAL", "KILLERDEAL"),
        ("explosive", "explosive"), ("Explosive", "Explosive"), ("to die for", "to die for"), ("blowout", "blowout"),
        ("guaranteed returns", "guaranteed returns"), ("train wreck", "train wreck"), ("Shooting", "Shooting"), ("tsunami of", "tsunami of"),
        ("blew us away", "blew us away"), ("ＫＩＬＬＥＲ ｄｅａｌ", "ＫＩＬＬＥＲ ｄｅａｌ"), ("clinically proven", "clinically proven"),
        ("manpower", "manpower"), ("f*ck", "f*ck"), ("sh!t", "sh!t"), ("a$$hole", "a$$hole"),
    ]

    /// A random draft and the byte ranges of its inserted terms.
    static func draft(_ generator: inout Generator, markdown: Bool) -> (text: String, expected: [(Range<Int>, String)]) {
        // In Markdown a line that starts with a tab is code, which is rightly not linted.
        let separators = markdown ? separators.filter { !$0.contains("\t") } : separators
        var text = markdown ? generator.pick(fillers) : ""
        var expected: [(Range<Int>, String)] = []
        func appendFiller() {
            for _ in 0..<(1 + Int(generator.next() % 4)) {
                text += generator.pick(separators) + generator.pick(fillers)
            }
            text += generator.pick(separators)
        }
        appendFiller()
        for _ in 0..<(1 + Int(generator.next() % 4)) {
            let term = generator.pick(terms)
            var inserted = term.inserted
            var prefix = ""
            var suffix = ""
            if markdown, !inserted.hasPrefix("#"), !inserted.contains("\n"), !inserted.contains("*"), generator.chance(40) {
                (prefix, suffix) = generator.chance(50) ? ("**", "**") : ("_", "_")
            }
            if !text.hasSuffix(" "), !text.hasSuffix("\n"), !text.hasSuffix("\t") { text += " " }
            if markdown, text.hasSuffix("\n") { text += generator.pick(fillers) + " " }
            let start = text.utf8.count + prefix.utf8.count + (inserted.utf8.count - term.match.utf8.count)
            text += prefix + inserted + suffix
            expected.append((start..<(start + term.match.utf8.count), term.match))
            inserted = ""
            text += " "
            appendFiller()
        }
        return (text, expected)
    }

    @Test(arguments: [InputFormat.text, .markdown])
    func findingsSliceBackToExactlyTheInsertedTerms(_ format: InputFormat) throws {
        var generator = Generator(state: format == .text ? 7 : 11)
        for iteration in 0..<150 {
            let (text, expected) = LexiconPropertyTests.draft(&generator, markdown: format == .markdown)
            let findings = try TestLinting.lint(text, format: format, rules: ["sensitive-term"]).findings
            let bytes = Array(text.utf8)
            let found = findings.map { ($0.location.byteRange, $0.match ?? "") }
            #expect(found.map(\.0) == expected.map(\.0), "iteration \(iteration): \(text.debugDescription) found \(found.map(\.1)) expected \(expected.map(\.1))")
            for finding in findings {
                #expect(finding.match == String(decoding: bytes[finding.location.byteRange], as: UTF8.self))
                #expect(expected.contains { $0.1 == finding.match }, "iteration \(iteration): unexpected \(finding.match ?? "")")
            }
        }
    }
}

/// The compact form the binary loads must be what the YAML says.
struct CompiledPacksTests {
    @Test func theCompiledFormIsUpToDate() throws {
        let (packs, problems) = BuiltInLexicons.parseYAML(.terms, validate: true)
        #expect(problems.isEmpty)
        let embedded = try #require(EmbeddedResources.files[BuiltInLexicons.compiledFile(.terms)])
        #expect(embedded == CompiledPacks.write(packs),
                "lexicons/compiled/terms.tsv is out of date: run `swift run gaffe lexicon compile` and commit the result")
        let loaded = try CompiledPacks.read(embedded)
        #expect(loaded.map(\.name) == packs.map(\.name))
        #expect(loaded.flatMap(\.entries) == packs.flatMap(\.entries))
        #expect(loaded.map(\.sources) == packs.map(\.sources))
    }

    @Test func roundTripsAwkwardText() throws {
        let entry = LexiconEntry(pack: "odd", matching: .pattern(try TokenPattern("(tab|new) line")), category: "violence",
                                 severity: .error, sureness: .high, suggestions: ["a\tb", "c\\d", "e|f", ""],
                                 suggestionsAreFixes: false, note: "line one\nline two \\t not a tab\r\nend", exceptions: ["x y"],
                                 inflect: [.noun, .verb], head: 2, caseSensitive: true, forms: ["f\\s"], events: [.flood, .war],
                                 condition: .promotional, location: PackLocation(path: "odd.yml", line: 7, column: 3))
        let pack = LexiconPack(name: "odd", kind: .phrases, title: "T\tT", description: "D\nD", sources: ["s1", "s|2"],
                               categories: [LexiconCategory(name: "c", title: "C", message: "m", events: [.epidemic], isClaim: true,
                                                            location: PackLocation(path: "odd.yml", line: 2, column: 3)),
                                            LexiconCategory(name: "d", title: "D", message: "n", location: PackLocation(path: "odd.yml", line: 4, column: 3))],
                               entries: [entry], path: "odd.yml", isBuiltIn: true)
        let read = try CompiledPacks.read(CompiledPacks.write([pack]))
        #expect(read.first?.entries == [entry])
        #expect(read.first?.title == "T\tT" && read.first?.description == "D\nD" && read.first?.sources == ["s1", "s|2"])
        #expect(read.first?.categories == pack.categories)
        #expect(read.first?.categories.map(\.isClaim) == [true, false])
        #expect(throws: CompiledPacks.FormatError.self) { try CompiledPacks.read("# something else\nP\tx\n") }
    }
}
