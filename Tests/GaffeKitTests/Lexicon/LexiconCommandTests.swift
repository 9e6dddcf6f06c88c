import Foundation
import Testing
@testable import GaffeKit

/// `gaffe lexicon …`, run as a user runs it: the built binary, its output and exit status.
struct LexiconCommandTests {
    /// Runs the `gaffe` binary built beside the test bundle.
    static func gaffe(_ arguments: [String], in directory: String? = nil) throws -> (status: Int32, output: String, error: String) {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [bundle, bundle.deletingLastPathComponent()].map { $0.appendingPathComponent("gaffe").path }
        let binary = try #require(candidates.first { FileManager.default.isExecutableFile(atPath: $0) }, "gaffe binary not found near \(bundle.path)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outputData, as: UTF8.self), String(decoding: errorData, as: UTF8.self))
    }

    private func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gaffe-lexicon-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func lintReportsProblemsWithLinesAndExitsOne() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "entries:\n  - term: killer app\n    category: violance\n    note: n\n".write(to: folder.appendingPathComponent("bad.yml"), atomically: true, encoding: .utf8)
        try "entries:\n  - term: killer app\n    category: violence\n    note: n\n".write(to: folder.appendingPathComponent("good.yml"), atomically: true, encoding: .utf8)
        let bad = try LexiconCommandTests.gaffe(["lexicon", "lint", "bad.yml"], in: folder.path)
        #expect(bad.status == 1)
        #expect(bad.output == """
            bad.yml:3:15: error: unknown category 'violance'; did you mean 'violence'? (run 'gaffe lexicon list --categories' for the vocabulary)
            Found 1 error in 1 file.

            """)
        let good = try LexiconCommandTests.gaffe(["lexicon", "lint", "good.yml"], in: folder.path)
        #expect(good.status == 0)
        #expect(good.output == "No problems found in 1 file (1 entries).\n")
    }

    @Test func listShowAndExport() throws {
        let list = try LexiconCommandTests.gaffe(["lexicon", "list"])
        #expect(list.status == 0)
        #expect(list.output.split(separator: "\n").map { String($0.prefix(while: { $0 != " " })) } ==
                ["brand-safety", "finance-claims", "health-claims", "inclusive", "profanity", "tragedy"])
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
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("posts.txt")
        try "A killer deal today\nNothing to see\r\nShoot us a DM, it's a blowout!\n#KillerDeal".write(to: file, atomically: true, encoding: .utf8)
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
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "lexicons: [terms.yml]\nallow:\n  - phrase: killer app\n    reason: product name\n"
            .write(to: folder.appendingPathComponent(".gaffe.yml"), atomically: true, encoding: .utf8)
        try "entries:\n  - {term: megadeal, category: finance-claim, severity: error, note: Legal says no.}\n"
            .write(to: folder.appendingPathComponent("terms.yml"), atomically: true, encoding: .utf8)
        try "Our killer app has a megadeal.\n".write(to: folder.appendingPathComponent("post.txt"), atomically: true, encoding: .utf8)
        let run = try LexiconCommandTests.gaffe(["lint", "post.txt", "--format", "json", "--rules", "sensitive-term"], in: folder.path)
        #expect(run.status == 1)
        #expect(run.output.contains("\"match\":\"megadeal\""))
        #expect(!run.output.contains("killer app\""))
        // A broken user pack stops the run with its line (exit 2).
        try "entries:\n  - {term: megadeal, category: nope, note: n}\n"
            .write(to: folder.appendingPathComponent("terms.yml"), atomically: true, encoding: .utf8)
        let broken = try LexiconCommandTests.gaffe(["lint", "post.txt"], in: folder.path)
        #expect(broken.status == 2)
        #expect(broken.error.contains("terms.yml:2:32: error: unknown category 'nope'"))
    }
}
