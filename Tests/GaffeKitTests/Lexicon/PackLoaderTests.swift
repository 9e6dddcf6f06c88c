import Foundation
import Testing
@testable import GaffeKit

/// Reading and validating pack files: what `gaffe lexicon lint` reports, at which line.
struct PackLoaderTests {
    private func read(_ text: String, path: String = "brand.yml") -> (pack: LexiconPack?, problems: [String]) {
        let (pack, problems) = PackLoader.read(text, path: path, vocabulary: BuiltInLexicons.vocabulary)
        return (pack, problems.map(\.description))
    }

    @Test func readsAWellFormedPack() throws {
        let (pack, problems) = read("""
            name: acme-terms
            title: Acme's own terms
            sources: [Acme style guide]
            defaults:
              category: violence
              severity: info
              inflect: noun
            categories:
              acme-legal:
                title: Acme legal
                message: needs legal review
                events: [brand-crisis]
            entries:
              - term: deathmatch
                note: A fight to the death.
                suggest: [showdown]
              - term: unlimited warranty
                category: acme-legal
                severity: error
                inflect: none
                note: Our warranty has limits.
                exceptions: [no unlimited warranty]
              - pattern: (crush|smash) (it|them)
                note: Crushing as a metaphor.
                fix: false
            """)
        #expect(problems.isEmpty)
        let entries = try #require(pack).entries
        #expect(pack?.name == "acme-terms")
        #expect(pack?.categories.map(\.name) == ["acme-legal"])
        #expect(entries.map(\.category) == ["violence", "acme-legal", "violence"])
        #expect(entries.map(\.severity) == [.info, .error, .info])
        #expect(entries.map(\.inflect) == [.noun, [], .noun])
        #expect(entries[0].location.line == 14)
        #expect(entries[2].isPattern)
        #expect(entries[2].suggestionsAreFixes == false)
    }

    @Test func reportsEveryProblemAtItsLine() {
        let (pack, problems) = read("""
            name: acme
            entries:
              - term: killer sale
                category: violance
                note: typo in the category
              - term: killer sale
                category: violence
                note: a duplicate
              - term: "  "
                category: violence
                note: empty
              - term: shoot
                category: violence
                inflect: verb
                note: guns
                exceptions: [photo shoot, bamboo forest, shoot]
              - term: blast
                category: violence
                sugest: [burst]
                note: typo in a key
              - term: bomb
                category: explosion
              - pattern: (like|rt if
                category: violence
                note: broken pattern
              - term: kaboom
                category: explosion
                inflect: adverb
                note: bad inflection
              - term: boom
                term2: x
                category: explosion
                note: unknown key
                events: [hurricane, earthquakes]
              - term: ka-blam
                category: explosion
                note: this one is fine
            """)
        #expect(problems == [
            "brand.yml:4:15: error: unknown category 'violance'; did you mean 'violence'? (run 'gaffe lexicon list --categories' for the vocabulary)",
            "brand.yml:6:5: error: duplicate entry 'killer sale'; it is already at line 3",
            "brand.yml:9:11: error: empty term",
            "brand.yml:16:31: error: unreachable exception 'bamboo forest': it does not contain 'shoot' or any of its forms, so it can never apply",
            "brand.yml:16:46: error: the exception 'shoot' is the term itself, so the entry could never match; remove the entry instead",
            "brand.yml:19:5: error: unknown key 'entries[4].sugest'; did you mean 'suggest'?",
            "brand.yml:21:5: error: missing required key 'note': say why the term is risky",
            "brand.yml:23:14: error: invalid pattern '(like|rt if': '(' is never closed (at character 1)",
            "brand.yml:28:14: error: 'inflect' takes noun, verb, adjective or none, not 'adverb'",
            "brand.yml:34:25: error: unknown event kind 'earthquakes'; did you mean 'earthquake'? (see docs/lexicons.md for the vocabulary)",
        ])
        // Entries with errors are left out; the others load.
        #expect(pack?.entries.map(\.text) == ["ka-blam"])
    }

    @Test func reportsYAMLSyntaxAndShapeErrors() {
        #expect(read("entries:\n  - term: [unclosed\n").problems.first?.hasPrefix("brand.yml:3:1: error: invalid YAML") == true)
        #expect(read("name: acme\n").problems == ["brand.yml:1:1: error: missing required key 'entries'"])
        #expect(read("entries: []\n").problems == ["brand.yml:1:10: warning: the pack has no entries"])
        #expect(read("name: Acme Terms\nentries: []\n").problems.first == "brand.yml:1:7: error: pack name 'Acme Terms' must be lower-case letters, digits and hyphens")
        #expect(read("entries: []\nkind: words\n").problems.contains("brand.yml:2:7: error: unknown pack kind 'words'; expected terms or phrases"))
        #expect(read("entries: []\nextra: 1\n").problems.contains { $0.contains("unknown key 'extra'") })
    }

    @Test func warnsAboutSuggestionsAndInflectionsThatCannotWork() {
        let problems = read("""
            entries:
              - term: 9/11
                category: tragedy
                inflect: noun
                note: n
                suggest: ["9/11"]
            """).problems
        #expect(problems == [
            "brand.yml:4:14: warning: cannot inflect '11': only words of plain letters are inflected; list other spellings under 'forms'",
            "brand.yml:6:15: warning: the suggestion '9/11' is the term itself",
        ])
    }

    @Test func warnsAboutAnExceptionListedTwice() {
        let problems = read("""
            entries:
              - term: shoot
                category: weapons
                note: n
                exceptions: [photo shoot, bamboo shoot, Photo-Shoot]
            """).problems
        #expect(problems == ["brand.yml:5:45: warning: duplicate exception 'Photo-Shoot': the entry already lists 'photo shoot'"])
    }

    @Test func aNumberedExceptionMustStartWithAWord() {
        let problems = read("""
            entries:
              - term: kill
                category: violence
                inflect: verb
                note: n
                exceptions: [kills and <number> blocks, "<number> kills", "kill <number>, then", "kill, <number> then", "kill… <number> times",
                             kills <Number> times]
            """).problems
        let message = "cannot be matched: with <number> in it, it must start with a word and have no punctuation next to or after the number"
        #expect(problems == ["brand.yml:6:45: error: the exception '<number> kills' \(message)",
                             "brand.yml:6:63: error: the exception 'kill <number>, then' \(message)",
                             "brand.yml:6:86: error: the exception 'kill, <number> then' \(message)",
                             "brand.yml:6:109: error: the exception 'kill… <number> times' \(message)",
                             "brand.yml:7:18: warning: the exception 'kills <Number> times' has angle brackets: only <number> (in lower case) stands for something"])
    }

    @Test func warnsAboutAFormWhoseAsterisksAreDropped() {
        let problems = read("""
            entries:
              - term: fuck
                category: profanity
                note: n
                forms: [f*ck, "f***"]
            """).problems
        #expect(problems == ["brand.yml:5:19: warning: the asterisks in 'f***' are not part of a word (only those between letters are), so it reads as 'f'"])
    }

    @Test func warnsAboutASuggestKeyThatListsNothing() {
        for value in ["", " []"] {
            let problems = read("""
                entries:
                  - term: tornado of
                    category: disaster
                    suggest:\(value)
                    note: n
                """).problems
            #expect(problems.count == 1 && problems[0].hasPrefix("brand.yml:4:") &&
                    problems[0].hasSuffix("warning: 'suggest' lists nothing: give alternatives, or leave the key out"), "\(problems)")
        }
    }

    @Test func lintsFilesOnDiskWithExitStatusSemantics() throws {
        let temporary = try TemporaryFolder("lexicon-lint")
        let folder = temporary.url
        let good = folder.appendingPathComponent("good.yml").path
        let bad = folder.appendingPathComponent("bad.yml").path
        try "categories:\n  acme:\n    title: Acme\n    message: is Acme's\nentries:\n  - {term: acme thing, category: acme, note: n}\n"
            .write(toFile: good, atomically: true, encoding: .utf8)
        try "entries:\n  - term: other thing\n    category: acme\n  - {term: x, category: nope, note: n}\n"
            .write(toFile: bad, atomically: true, encoding: .utf8)
        let result = LexiconTool.lint(paths: [good, bad])
        #expect(result.errors == 2)
        // The category defined in good.yml is known to bad.yml.
        #expect(result.output == """
            \(bad):2:5: error: missing required key 'note': say why the term is risky
            \(bad):4:25: error: unknown category 'nope' (run 'gaffe lexicon list --categories' for the vocabulary)
            Found 2 errors in 2 files.
            """)
        #expect(LexiconTool.lint(paths: [good]).output == "No problems found in 1 file (1 entries).")
        #expect(LexiconTool.lint(paths: [folder.appendingPathComponent("missing.yml").path]).errors == 1)
    }
}
