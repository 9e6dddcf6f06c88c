import Foundation
import Testing
@testable import GaffeKit

/// `gaffe lexicon …`, run as a user runs it: the built binary, its output and exit status.
struct LexiconCommandTests {
    /// Runs the built `gaffe` (in `directory`, else in the CLI fixtures folder).
    static func gaffe(_ arguments: [String], in directory: String? = nil) throws -> (status: Int32, output: String, error: String) {
        let run = try directory.map { try GaffeBinary.run(arguments, directory: URL(fileURLWithPath: $0)) } ?? GaffeBinary.run(arguments)
        return (run.status, run.output, run.errorOutput)
    }

    @Test func lintReportsProblemsWithLinesAndExitsOne() throws {
        let folder = try TemporaryFolder("lexicon-cli")
        try folder.write("bad.yml", "entries:\n  - term: killer app\n    category: violance\n    note: n\n")
        try folder.write("good.yml", "entries:\n  - term: killer app\n    category: violence\n    note: n\n")
        let bad = try LexiconCommandTests.gaffe(["lexicon", "lint", "bad.yml"], in: folder.url.path)
        #expect(bad.status == 1)
        #expect(bad.output == """
            bad.yml:3:15: error: unknown category 'violance'; did you mean 'violence'? (run 'gaffe lexicon list --categories' for the vocabulary)
            Found 1 error in 1 file.

            """)
        let good = try LexiconCommandTests.gaffe(["lexicon", "lint", "good.yml"], in: folder.url.path)
        #expect(good.status == 0)
        #expect(good.output == "No problems found in 1 file (1 entries).\n")
    }

    @Test func listShowAndExport() throws {
        let list = try LexiconCommandTests.gaffe(["lexicon", "list"])
        #expect(list.status == 0)
        #expect(list.output.split(separator: "\n").map { String($0.prefix(while: { $0 != " " })) } ==
                ["brand-safety", "finance-claims", "health-claims", "inclusive", "profanity", "tragedy",
                 "customer-care", "engagement-bait", "marketing-cliche"])
        let categories = try LexiconCommandTests.gaffe(["lexicon", "list", "--categories"])
        #expect(categories.output.contains("violence"))
        #expect(categories.output.contains("mass-shooting"))
        let show = try LexiconCommandTests.gaffe(["lexicon", "show", "brand-safety"])
        #expect(show.status == 0)
        #expect(show.output.contains("Sources of guidance:"))
        #expect(show.output.contains("killer deal"))
        let unknown = try LexiconCommandTests.gaffe(["lexicon", "show", "brand-safty"])
        #expect(unknown.status == 2)
        #expect(unknown.error.contains("did you mean 'brand-safety'?"))
        let export = try LexiconCommandTests.gaffe(["lexicon", "export", "--plain"])
        let phrases = export.output.split(separator: "\n").map(String.init)
        #expect(phrases == LexiconTool.exportPlain())
        #expect(phrases.contains("killer deal") && phrases.contains("shooting"))
    }

    @Test func scanCountsLinesLikeGrep() throws {
        let folder = try TemporaryFolder("lexicon-scan")
        let file = URL(fileURLWithPath: try folder.write("posts.txt", "A killer deal today\nNothing to see\r\nShoot us a DM, it's a blowout!\n#KillerDeal"))
        let count = try LexiconCommandTests.gaffe(["lexicon", "scan", file.path, "--count"])
        #expect(count.output == "3\n")
        let matches = try LexiconCommandTests.gaffe(["lexicon", "scan", file.path])
        #expect(matches.output == """
            \(file.path):1:3: violence: killer deal
            \(file.path):3:1: weapons: Shoot
            \(file.path):3:23: explosion: blowout
            \(file.path):4:2: violence: KillerDeal

            """)
        let stats = try LexiconCommandTests.gaffe(["lexicon", "scan", file.path, "--count", "--stats"])
        #expect(stats.error.contains("4 lines"))
        #expect(stats.error.contains("posts/s"))
    }

    @Test func lintUsesUserPacksFromTheConfiguration() throws {
        let folder = try TemporaryFolder("lexicon-config")
        try folder.write(".gaffe.yml", "lexicons: [terms.yml]\nallow:\n  - phrase: killer app\n    reason: product name\n")
        try folder.write("terms.yml", "entries:\n  - {term: megadeal, category: finance-claim, severity: error, note: Legal says no.}\n")
        try folder.write("post.txt", "Our killer app has a megadeal.\n")
        let run = try LexiconCommandTests.gaffe(["lint", "post.txt", "--format", "json", "--rules", "sensitive-term"], in: folder.url.path)
        #expect(run.status == 1)
        #expect(run.output.contains("\"match\":\"megadeal\""))
        #expect(!run.output.contains("killer app\""))
        // A broken user pack stops the run with its line (exit 2).
        try folder.write("terms.yml", "entries:\n  - {term: megadeal, category: nope, note: n}\n")
        let broken = try LexiconCommandTests.gaffe(["lint", "post.txt"], in: folder.url.path)
        #expect(broken.status == 2)
        #expect(broken.error.contains("terms.yml:2:32: error: unknown category 'nope'"))
    }
}
