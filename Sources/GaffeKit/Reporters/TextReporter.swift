/// The default format: one finding per block, as compilers print them, then a summary line.
///
/// ```
/// examples/drafts/welcome.md:3:4: error: unfilled merge field '{{first_name}}' [placeholder]
///  3 | Hi {{first_name}}, welcome.
///    |    ^^^^^^^^^^^^^^
///    = note: Merge fields are filled by the sending tool; …
/// ```
public final class TextReporter: BaselineAwareReporter {
    public static let name = "text"
    public static let summary = "path:line:column: severity: message [rule], with the source line underlined (default)"

    private let output: ReportOutput
    private let style: TextStyle
    private var baseline: BaselineOutcome?

    public init(output: ReportOutput, settings: ReportSettings) {
        self.output = output
        style = TextStyle(enabled: settings.color)
    }

    public func begin(rules: [RuleDescription]) {}

    public func report(_ finding: Finding) {
        output.write(TextReporter.block(for: finding, style: style))
    }

    /// One finding as the text format prints it: the located message, the excerpt, then notes,
    /// related places, fixes and alternatives.
    static func block(for finding: Finding, style: TextStyle = TextStyle(enabled: false)) -> String {
        let location = "\(finding.location.path):\(finding.location.start.line):\(finding.location.start.column)"
        var text = style.bold(location) + ": " + style.severity(finding.severity) + ": " + style.bold(finding.message)
            + " " + style.dim("[\(finding.ruleID)]") + "\n"
        for row in SourceExcerpt.render(finding) {
            if let marker = row.marker {
                text += style.dim(row.line) + style.marker(marker, finding.severity) + "\n"
            } else {
                let separator = row.line.range(of: " | ")!
                text += style.dim(String(row.line[..<separator.upperBound])) + row.line[separator.upperBound...] + "\n"
            }
        }
        let indent = String(repeating: " ", count: (finding.sourceLines.last.map { String($0.number).count } ?? 0) + 1)
        for note in finding.notes {
            text += indent + "= " + style.bold("note") + ": " + (note.location.map(TextReporter.place) ?? "") + note.message + "\n"
        }
        for related in finding.related {
            text += indent + "= " + style.bold("see") + ": " + TextReporter.place(related.location) + related.message + "\n"
        }
        if let fixes = finding.fixList { text += indent + "= " + style.bold("fix") + ": replace with " + fixes + "\n" }
        if let ideas = finding.alternativeList { text += indent + "= " + style.bold("try") + ": " + ideas + "\n" }
        return text
    }

    public func baselineFinished(_ outcome: BaselineOutcome) {
        baseline = outcome
        for entry in outcome.stale {
            output.write(style.bold("\(outcome.path):\(entry.sourceLine)") + ": " + style.severity(.warning) + ": "
                         + BaselineOutcome.staleMessage(entry) + "\n")
        }
    }

    public func end(_ summary: LintSummary) {
        let total = summary.errors + summary.warnings + summary.infos + (baseline?.stale.count ?? 0)
        var text = total == 0 ? "" : "\n"
        if let baseline { text += baseline.sentence + "\n" }
        output.write(text + TextReporter.summarySentence(summary, style: style) + "\n")
        output.flush()
    }

    /// `path:line:column: `, the way a related place or a located note is introduced.
    static func place(_ location: SourceLocation) -> String {
        "\(location.path):\(location.start.line):\(location.start.column): "
    }

    /// `Found 2 errors and 1 warning in 3 files (12 drafts).` or `No problems found in 1 file (1 draft).`
    static func summarySentence(_ summary: LintSummary, style: TextStyle = TextStyle(enabled: false)) -> String {
        let scope = "\(summary.files) \(summary.files == 1 ? "file" : "files") (\(summary.drafts) \(summary.drafts == 1 ? "draft" : "drafts"))"
        var parts: [String] = []
        if summary.errors > 0 { parts.append(style.color("\(summary.errors) \(summary.errors == 1 ? "error" : "errors")", .error)) }
        if summary.warnings > 0 { parts.append(style.color("\(summary.warnings) \(summary.warnings == 1 ? "warning" : "warnings")", .warning)) }
        if summary.infos > 0 { parts.append(style.color("\(summary.infos) info", .info)) }
        guard let last = parts.last else { return style.bold("No problems found") + " in \(scope)." }
        let list = parts.count > 1 ? parts.dropLast().joined(separator: ", ") + " and " + last : last
        return style.bold("Found ") + list + " in \(scope)."
    }
}

extension Finding {
    /// The message, then notes, fixes, alternatives and related places, one per line, worded as
    /// the text format words them: what one-message formats show (GitHub annotations, reviewdog
    /// comments, JUnit failures).
    var detailedMessage: String {
        var lines = [message]
        for note in notes { lines.append("Note: " + (note.location.map(TextReporter.place) ?? "") + note.message) }
        if let fixes = fixList { lines.append("Fix: replace with " + fixes) }
        if let ideas = alternativeList { lines.append("Try: " + ideas) }
        for related in related {
            lines.append("See: " + TextReporter.place(related.location) + related.message)
        }
        return lines.joined(separator: "\n")
    }

    /// The direct replacements, quoted: `'a' or 'b'`; `nil` when there are none.
    var fixList: String? {
        let fixes = suggestions.filter(\.isFix).map { "'\($0.text)'" }
        return fixes.isEmpty ? nil : fixes.joined(separator: " or ")
    }

    /// The alternatives for a human to weigh, quoted: `'a', 'b'`; `nil` when there are none.
    var alternativeList: String? {
        let ideas = suggestions.filter { !$0.isFix }.map { "'\($0.text)'" }
        return ideas.isEmpty ? nil : ideas.joined(separator: ", ")
    }
}

/// ANSI styling, decided once per run: every method returns its input unchanged when colour is off.
struct TextStyle {
    let enabled: Bool

    private func wrap(_ text: String, _ code: String) -> String {
        enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    func bold(_ text: String) -> String { wrap(text, "1") }
    func dim(_ text: String) -> String { wrap(text, "2") }

    func color(_ text: String, _ severity: Severity) -> String {
        switch severity {
        case .error: wrap(text, "1;31")
        case .warning: wrap(text, "1;33")
        case .info: wrap(text, "1;36")
        }
    }

    func severity(_ severity: Severity) -> String { color(severity.rawValue, severity) }

    func marker(_ text: String, _ severity: Severity) -> String { color(text, severity) }
}
