/// GitHub Actions workflow commands: each finding becomes an annotation on the pull request's
/// files view, then a plain summary line closes the log.
///
/// ```
/// ::error file=drafts/welcome.md,line=3,col=4,endLine=3,endColumn=18,title=Unfilled placeholder (placeholder)::unfilled merge field '{{first_name}}'%0ANote: Merge fields are filled …
/// gaffe: Found 1 error in 1 file (1 draft).
/// ```
///
/// `error` findings are `::error`, `warning` are `::warning`, `info` are `::notice`. Values are
/// escaped as the Actions toolkit escapes them: in the message `%`, CR and LF become `%25`,
/// `%0D` and `%0A`; in properties `:` and `,` also become `%3A` and `%2C`. Because line breaks
/// are escaped, nothing taken from a draft can start a line of its own, so no draft text can
/// issue a workflow command. Paths inside the working directory are written relative to it, as
/// GitHub matches annotations against paths from the repository root.
public final class GitHubReporter: BaselineAwareReporter {
    public static let name = "github"
    public static let summary = "GitHub Actions workflow commands (::error file=…::message), annotating pull requests"

    private let output: ReportOutput
    private let settings: ReportSettings
    private var ruleNames: [String: String] = [:]
    private var paths: RepositoryPaths
    private var baseline: BaselineOutcome?

    public init(output: ReportOutput, settings: ReportSettings) {
        self.output = output
        self.settings = settings
        paths = RepositoryPaths(workingDirectory: settings.workingDirectory)
    }

    public func begin(rules: [RuleDescription]) {
        for rule in rules { ruleNames[rule.identifier] = rule.name }
    }

    public func report(_ finding: Finding) {
        output.write(GitHubReporter.command(for: finding, title: title(finding), file: paths.written(finding.location.path)) + "\n")
    }

    /// Each stale entry is a warning on its line of the baseline file.
    public func baselineFinished(_ outcome: BaselineOutcome) {
        baseline = outcome
        for entry in outcome.stale {
            let properties = [("file", paths.written(outcome.path)), ("line", String(max(entry.sourceLine, 1))), ("title", "Stale baseline entry")]
            output.write(GitHubReporter.command("warning", properties: properties, message: BaselineOutcome.staleMessage(entry)) + "\n")
        }
    }

    public func end(_ summary: LintSummary) {
        // Starts with the tool's name, never with `::`, so the runner prints it as it is.
        if let baseline { output.write("gaffe: " + baseline.sentence + "\n") }
        output.write("gaffe: " + TextReporter.summarySentence(summary) + "\n")
        output.flush()
    }

    /// The workflow command for one finding.
    static func command(for finding: Finding, title: String, file: String) -> String {
        let properties: [(String, String)] = [
            ("file", file),
            ("line", String(finding.location.start.line)),
            ("col", String(finding.location.start.column)),
            ("endLine", String(finding.location.end.line)),
            ("endColumn", String(finding.location.end.column)),
            ("title", title),
        ]
        return command(command(for: finding.severity), properties: properties, message: finding.detailedMessage)
    }

    /// `::name key=value,…::message`, escaped.
    static func command(_ name: String, properties: [(String, String)], message: String) -> String {
        let list = properties.map { "\($0.0)=\(escapeProperty($0.1))" }.joined(separator: ",")
        return "::\(name) \(list)::\(escapeData(message))"
    }

    static func command(for severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .info: "notice"
        }
    }

    /// Escapes a command's message (`%`, CR, LF).
    public static func escapeData(_ text: String) -> String {
        escape(text, isProperty: false)
    }

    /// Escapes a property value: as `escapeData`, and `:` and `,`.
    public static func escapeProperty(_ text: String) -> String {
        escape(text, isProperty: true)
    }

    private static func escape(_ text: String, isProperty: Bool) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "%": output += "%25"
            case "\r": output += "%0D"
            case "\n": output += "%0A"
            case ":" where isProperty: output += "%3A"
            case "," where isProperty: output += "%2C"
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output
    }

    private func title(_ finding: Finding) -> String {
        guard let name = ruleNames[finding.ruleID] else { return finding.ruleID }
        return "\(name) (\(finding.ruleID))"
    }
}
