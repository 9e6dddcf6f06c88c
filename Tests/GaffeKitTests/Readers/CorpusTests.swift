import Foundation
import Testing
@testable import GaffeKit

/// Real blog posts and real email HTML, byte for byte (see Fixtures/corpora/SOURCES.md): Gaffe
/// reads them without a crash or an input error, every finding points exactly at its text, honest
/// writing stays clean, and the files are untouched.
struct CorpusTests {
    static let blogPosts = Fixtures.files(under: "corpora/blog-md", extensions: ["md"])
    static let emails = Fixtures.files(under: "corpora/html", extensions: ["html"])

    func lint(_ paths: [String], configuration: String? = nil) throws -> [Finding] {
        let config = try configuration.map { try ConfigurationLoader.parse($0, path: ".gaffe.yml") } ?? Configuration()
        let context = RuleContext(configuration: config, referenceDate: TestLinting.defaultReferenceDate)
        let linter = try Linter(rules: RuleSet(configuration: config, context: context), context: context,
                                readerOptions: ReaderOptions(configuration: config))
        let sink = CollectingSink()
        linter.lint(paths.map { InputSource.file($0, format: BuiltInReaders.format(forPath: $0)!) }, sink: sink)
        #expect(sink.summary.files == paths.count)
        return sink.findings
    }

    /// Every finding's range slices its file to its `match`, at the line and column an editor shows.
    func expectExactPositions(_ findings: [Finding]) throws {
        var contents: [String: [UInt8]] = [:]
        for finding in findings {
            let bytes = try contents[finding.location.path] ?? Array(Data(contentsOf: URL(fileURLWithPath: finding.location.path)))
            contents[finding.location.path] = bytes
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(finding.match == String(decoding: bytes[finding.location.byteRange], as: UTF8.self))
            #expect(finding.location.start == TestLinting.naivePosition(of: finding.location.byteRange.lowerBound, in: text))
            #expect(finding.location.end == TestLinting.naivePosition(of: finding.location.byteRange.upperBound, in: text))
        }
    }

    @Test func corporaArePresent() {
        #expect(CorpusTests.blogPosts.count == 57)
        #expect(CorpusTests.emails.count == 16)
    }

    @Test func honestBlogPostsAreClean() throws {
        let findings = try lint(CorpusTests.blogPosts)
        #expect(findings.filter { $0.ruleID == "input" }.isEmpty, "\(findings.filter { $0.ruleID == "input" }.map(\.message))")
        let placeholders = findings.filter { $0.ruleID == "placeholder" }
        #expect(placeholders.isEmpty, "\(placeholders.map { "\($0.location.path):\($0.location.start): \($0.message)" })")
        try expectExactPositions(findings)
    }

    @Test func emailTemplatesShowTheirMergeFieldsExactly() throws {
        let findings = try lint(CorpusTests.emails)
        #expect(findings.filter { $0.ruleID == "input" }.isEmpty)
        let placeholders = findings.filter { $0.ruleID == "placeholder" }
        #expect(placeholders.count > 100)
        try expectExactPositions(placeholders)
        // Every one is template syntax or template filler, never ordinary prose.
        for finding in placeholders {
            let match = finding.match ?? ""
            let isTemplate = match.hasPrefix("*|") || match.hasPrefix("{{") || match.hasPrefix("[") || match.hasPrefix("<")
                || match.hasPrefix("&lt;") || match.lowercased() == "lorem ipsum"
            #expect(isTemplate, "\(finding.location.path):\(finding.location.start): \(match)")
        }
    }

    @Test func senderFilledSyntaxesLeaveOnlyTheRealPlaceholders() throws {
        let findings = try lint(CorpusTests.emails, configuration: "rules:\n  placeholder: {filled_by_sender: [mailchimp, handlebars]}\n")
            .filter { $0.ruleID == "placeholder" }
        let matches = Set(findings.compactMap(\.match))
        #expect(!matches.contains { $0.hasPrefix("*|") || $0.hasPrefix("{{") })
        #expect(matches.contains("[Product Name]"))
        #expect(matches.contains("Lorem ipsum"))
    }

    @Test func filesAreNotModified() throws {
        let paths = CorpusTests.blogPosts + CorpusTests.emails
        let before = try paths.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
        _ = try lint(paths)
        let after = try paths.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
        #expect(before == after)
    }
}
