import Foundation

/// Whether a rule points at words in the text or speaks about a draft as a whole.
public enum RuleScope: String, Sendable {
    /// Findings point at spans of prose (placeholders, sensitive terms): such a rule must stay
    /// silent on text inside code and must follow the span wherever the text moves.
    case text
    /// Findings are about the draft as a whole: its length, its timing, its metadata.
    case draft
}

/// How often a rule's findings are real problems. SARIF consumers such as GitHub code scanning
/// show the most precise results first.
public enum RulePrecision: String, Sendable, CaseIterable {
    case veryHigh = "very-high"
    case high
    case medium
    case low
}

/// A rule's specification: identity, default severity, documentation and examples. It feeds
/// `gaffe rules`, the docs, SARIF `tool.driver.rules` and the generic example test.
public struct RuleDescription: Sendable {
    /// Stable kebab-case identifier used in config, suppressions and output: `placeholder`.
    public let identifier: String
    /// Human name: "Unfilled placeholder".
    public let name: String
    /// One sentence on what the rule finds.
    public let summary: String
    /// Why it matters, a short paragraph.
    public let rationale: String
    public let defaultSeverity: Severity
    public let scope: RuleScope
    /// Whether the rule runs unless configuration switches it on.
    public let isEnabledByDefault: Bool
    /// Words to filter results by (SARIF `properties.tags`): `content`, `timing`, `input`.
    public let tags: [String]
    /// How often its findings are real problems; `nil` when not yet judged.
    public let precision: RulePrecision?
    /// Inputs the rule must flag, with the expected spans marked `⟦…⟧`.
    public let triggeringExamples: [Example]
    /// Inputs the rule must leave alone.
    public let nonTriggeringExamples: [Example]

    public init(identifier: String, name: String, summary: String, rationale: String, defaultSeverity: Severity,
                scope: RuleScope, isEnabledByDefault: Bool = true, tags: [String] = [], precision: RulePrecision? = nil,
                triggeringExamples: [Example], nonTriggeringExamples: [Example]) {
        self.identifier = identifier
        self.name = name
        self.summary = summary
        self.rationale = rationale
        self.defaultSeverity = defaultSeverity
        self.scope = scope
        self.isEnabledByDefault = isEnabledByDefault
        self.tags = tags
        self.precision = precision
        self.triggeringExamples = triggeringExamples
        self.nonTriggeringExamples = nonTriggeringExamples
    }
}

/// An input for a rule's documentation and tests. Expected finding spans are marked with `⟦` and
/// `⟧`, characters no copy contains; the markers are removed before linting.
public struct Example: Sendable {
    public static let openMarker: Character = "⟦"
    public static let closeMarker: Character = "⟧"

    /// The input, with markers.
    public let text: String
    /// How the input is read: a plain-text post, a Markdown document, a schedule…
    public let format: InputFormat
    /// A `.gaffe.yml` applied while linting the example (defaults such as `channels`, rule options).
    public let configuration: String?
    /// The time "now" for rules that look at the clock.
    public let referenceDate: Date?
    /// Where the example is written, for test failures.
    public let fileID: String
    public let filePath: String
    public let line: Int
    public let column: Int

    public init(_ text: String, format: InputFormat = .text, configuration: String? = nil, at referenceDate: String? = nil,
                fileID: String = #fileID, filePath: String = #filePath, line: Int = #line, column: Int = #column) {
        self.text = text
        self.format = format
        self.configuration = configuration
        self.referenceDate = referenceDate.flatMap { value -> Date? in
            if case .instant(let date, _) = ISO8601.parse(value) { return date }
            return nil
        }
        self.fileID = fileID
        self.filePath = filePath
        self.line = line
        self.column = column
    }

    /// The input without markers, and the byte ranges the markers enclosed.
    public var unmarked: (text: String, expected: [Range<Int>]) {
        var output: [UInt8] = []
        var expected: [Range<Int>] = []
        var openings: [Int] = []
        for character in text {
            if character == Example.openMarker {
                openings.append(output.count)
            } else if character == Example.closeMarker, let start = openings.popLast() {
                expected.append(start..<output.count)
            } else {
                output.append(contentsOf: String(character).utf8)
            }
        }
        return (String(decoding: output, as: UTF8.self), expected.sorted { $0.lowerBound < $1.lowerBound })
    }
}
