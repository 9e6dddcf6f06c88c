import Foundation
@testable import GaffeKit

/// Collects findings in memory.
final class CollectingSink: FindingSink {
    var findings: [Finding] = []
    var summary = LintSummary()
    var rules: [RuleDescription] = []
    var drafts: [Draft] = []

    func begin(rules: [RuleDescription]) { self.rules = rules }
    func draftRead(_ draft: Draft) { drafts.append(draft) }
    func report(_ finding: Finding) { findings.append(finding) }
    func end(_ summary: LintSummary) { self.summary = summary }
}

/// Lints text held in memory, the way examples and tests need it.
enum TestLinting {
    static let defaultReferenceDate = Date(timeIntervalSince1970: 1_768_478_400) // 2026-01-15T12:00:00Z

    static func fileName(for format: InputFormat) -> String {
        switch format {
        case .markdown: "example.md"
        case .html: "example.html"
        case .csv: "example.csv"
        case .jsonl: "example.jsonl"
        default: "example.txt"
        }
    }

    /// Lints one in-memory input.
    /// - Parameters:
    ///   - rules: run only these rules (all enabled rules when nil).
    static func lint(_ text: String, format: InputFormat = .text, configuration: String? = nil, rules: [String]? = nil,
                     at referenceDate: Date? = nil, path: String? = nil, runInputs: RunInputs = RunInputs()) throws -> (findings: [Finding], summary: LintSummary) {
        try lint(inputs: [(text, format, path ?? fileName(for: format))], configuration: configuration, rules: rules, at: referenceDate,
                 runInputs: runInputs)
    }

    /// Lints several in-memory inputs in one run.
    static func lint(inputs: [(text: String, format: InputFormat, path: String)], configuration: String? = nil, rules: [String]? = nil,
                     at referenceDate: Date? = nil, runInputs: RunInputs = RunInputs()) throws -> (findings: [Finding], summary: LintSummary) {
        let sink = CollectingSink()
        let summary = try lint(inputs: inputs, configuration: configuration, rules: rules, at: referenceDate, runInputs: runInputs, into: sink)
        return (sink.findings, summary)
    }

    /// Lints in-memory inputs straight into a sink (a reporter), drafts and all.
    @discardableResult
    static func lint(inputs: [(text: String, format: InputFormat, path: String)], configuration: String? = nil, rules: [String]? = nil,
                     at referenceDate: Date? = nil, runInputs: RunInputs = RunInputs(), into sink: FindingSink) throws -> LintSummary {
        let config = try configuration.map { try ConfigurationLoader.parse($0, path: "example.gaffe.yml") } ?? Configuration()
        let context = RuleContext(configuration: config, referenceDate: referenceDate ?? defaultReferenceDate, inputs: runInputs)
        let ruleSet = try RuleSet(configuration: config, context: context, only: rules)
        let linter = try Linter(rules: ruleSet, context: context, readerOptions: ReaderOptions(configuration: config))
        let sources = inputs.map { InputSource.text($0.text, path: $0.path, format: $0.format) }
        return linter.lint(sources, sink: sink)
    }

    /// Line and column of a byte offset, counted the slow, obvious way, to check the fast one.
    static func naivePosition(of offset: Int, in text: String) -> SourcePosition {
        var bytes = Array(text.utf8)
        var skip = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { skip = 3 }
        bytes = Array(bytes[..<min(offset, bytes.count)])
        var line = 1
        var column = 1
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0D {
                line += 1
                column = 1
                if index + 1 < bytes.count, bytes[index + 1] == 0x0A { index += 1 }
            } else if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80, index >= skip {
                column += 1
            }
            index += 1
        }
        return SourcePosition(line: line, column: column)
    }
}
