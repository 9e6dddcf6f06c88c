/// The default format: one finding per block, as compilers print them, then a summary line.
///
/// ```
/// examples/drafts/welcome.md:3:4: error: unfilled merge field '{{first_name}}' [placeholder]
///  3 | Hi {{first_name}}, welcome.
///    |    ^^^^^^^^^^^^^^
///    = note: Merge fields are filled by the sending tool; …
/// ```
public final class TextReporter: Reporter {
    public static let name = "text"
    public static let summary = "path:line:column: severity: message [rule], with the source line underlined (default)"

    private let output: ReportOutput
    private let style: TextStyle

    public init(output: ReportOutput, settings: ReportSettings) {
        self.output = output
        style = TextStyle(enabled: settings.color)
    }

    public func begin(rules: [RuleDescription]) {}

    public func report(_ finding: Finding) {
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
            text += indent + "= " + style.bold("note") + ": " + note.message + "\n"
        }
        for related in finding.related {
            let place = "\(related.location.path):\(related.location.start.line):\(related.location.start.column)"
            text += indent + "= " + style.bold("see") + ": " + place + ": " + related.message + "\n"
        }
        let fixes = finding.suggestions.filter(\.isFix).map { "'\($0.text)'" }
        let ideas = finding.suggestions.filter { !$0.isFix }.map { "'\($0.text)'" }
        if !fixes.isEmpty { text += indent + "= " + style.bold("fix") + ": replace with " + fixes.joined(separator: " or ") + "\n" }
        if !ideas.isEmpty { text += indent + "= " + style.bold("try") + ": " + ideas.joined(separator: ", ") + "\n" }
        output.write(text)
    }

    public func end(_ summary: LintSummary) {
        let total = summary.errors + summary.warnings + summary.infos
        let scope = "\(summary.files) \(summary.files == 1 ? "file" : "files") (\(summary.drafts) \(summary.drafts == 1 ? "draft" : "drafts"))"
        if total == 0 {
            output.write(style.bold("No problems found") + " in \(scope).\n")
        } else {
            var parts: [String] = []
            if summary.errors > 0 { parts.append(style.color("\(summary.errors) \(summary.errors == 1 ? "error" : "errors")", .error)) }
            if summary.warnings > 0 { parts.append(style.color("\(summary.warnings) \(summary.warnings == 1 ? "warning" : "warnings")", .warning)) }
            if summary.infos > 0 { parts.append(style.color("\(summary.infos) info", .info)) }
            let list = parts.count > 1 ? parts.dropLast().joined(separator: ", ") + " and " + parts.last! : parts[0]
            output.write("\n" + style.bold("Found ") + list + " in \(scope).\n")
        }
        output.flush()
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
