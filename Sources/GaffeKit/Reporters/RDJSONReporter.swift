import OrderedCollections

/// reviewdog's Diagnostic Format as one JSON document (`rdjson`, the `DiagnosticResult` message of
/// reviewdog's `proto/rdf/reviewdog.proto`), so `reviewdog -f=rdjson` turns findings into
/// pull-request review comments, the way Vale and alex users run them. Streamed:
///
/// ```json
/// {"source":{"name":"gaffe","url":"https://github.com/gaffe-lint/gaffe"},"diagnostics":[
/// {"message":"unfilled merge field '{{first_name}}'\nNote: …","location":{"path":"drafts/welcome.md",
///  "range":{"start":{"line":7,"column":4},"end":{"line":7,"column":18}}},"severity":"ERROR",
///  "code":{"value":"placeholder","url":"…/docs/rules.md#placeholder"},"suggestions":[…]}
/// ]}
/// ```
///
/// - Columns are **UTF-8 byte** columns, as the format defines them (Gaffe's own columns count
///   code points), computed from the finding's source lines; the end is exclusive.
/// - Severities: `ERROR`, `WARNING`, `INFO`.
/// - The message carries the notes, fixes, alternatives and related places, one per line.
/// - Suggestions marked `isFix` become `suggestions` over the finding's range, which reviewdog
///   offers as suggested changes; alternatives stay in the message.
/// - Paths inside the working directory are relative to it, as reviewdog matches them against the
///   diff from the repository root.
/// - With `--baseline`, each stale entry is a `WARNING` on its line of the baseline file, with the
///   code `stale-baseline-entry`.
public final class RDJSONReporter: BaselineAwareReporter {
    public static let name = "rdjson"
    public static let summary = "reviewdog's Diagnostic Format (rdjson), for pull-request review comments"

    private let output: ReportOutput
    private let settings: ReportSettings
    private var first = true
    private var paths: RepositoryPaths

    public init(output: ReportOutput, settings: ReportSettings) {
        self.output = output
        self.settings = settings
        paths = RepositoryPaths(workingDirectory: settings.workingDirectory)
    }

    public func begin(rules: [RuleDescription]) {
        let source: JSONValue = ["name": "gaffe", "url": .string(Gaffe.informationURI)]
        output.write("{\"source\":\(source.serialized),\"diagnostics\":[")
    }

    public func report(_ finding: Finding) {
        var diagnostic: OrderedDictionary<String, JSONValue> = ["message": .string(finding.detailedMessage)]
        let range = RDJSONReporter.range(of: finding)
        diagnostic["location"] = ["path": .string(paths.written(finding.location.path)), "range": range]
        diagnostic["severity"] = .string(RDJSONReporter.severity(finding.severity))
        diagnostic["code"] = ["value": .string(finding.ruleID), "url": .string(RDJSONReporter.documentationURL(finding.ruleID))]
        let fixes = finding.suggestions.filter(\.isFix)
        if !fixes.isEmpty {
            diagnostic["suggestions"] = .array(fixes.map { ["range": range, "text": .string($0.text)] })
        }
        write(.object(diagnostic))
    }

    public func baselineFinished(_ outcome: BaselineOutcome) {
        for entry in outcome.stale {
            let start: JSONValue = ["line": .int(max(entry.sourceLine, 1))]
            write([
                "message": .string(BaselineOutcome.staleMessage(entry)),
                "location": ["path": .string(paths.written(outcome.path)), "range": ["start": start]],
                "severity": "WARNING",
                "code": ["value": "stale-baseline-entry", "url": .string(Gaffe.informationURI + "/blob/main/docs/baseline.md")],
            ])
        }
    }

    public func end(_ summary: LintSummary) {
        output.write((first ? "" : "\n") + "]}\n")
        output.flush()
    }

    private func write(_ diagnostic: JSONValue) {
        output.write((first ? "\n" : ",\n") + diagnostic.serialized)
        first = false
    }

    static func severity(_ severity: Severity) -> String {
        switch severity {
        case .error: "ERROR"
        case .warning: "WARNING"
        case .info: "INFO"
        }
    }

    /// Where `gaffe rules RULE` is documented online.
    static func documentationURL(_ rule: String) -> String {
        Gaffe.informationURI + "/blob/main/docs/rules.md#" + rule
    }

    /// The finding's range with UTF-8 byte columns.
    static func range(of finding: Finding) -> JSONValue {
        let location = finding.location
        let start = byteColumn(line: location.start.line, column: location.start.column, in: finding.sourceLines)
        var end = byteColumn(line: location.end.line, column: location.end.column, in: finding.sourceLines)
        if end == nil, location.start.line == location.end.line, let start {
            // The byte range is exact, and on one line it is the distance between the columns.
            end = start + location.byteRange.count
        }
        return [
            "start": ["line": .int(location.start.line), "column": .int(start ?? location.start.column)],
            "end": ["line": .int(location.end.line), "column": .int(end ?? location.end.column)],
        ]
    }

    /// The UTF-8 byte column (1-based) of a code-point column on one of the source lines; `nil`
    /// when the line is not among them.
    static func byteColumn(line: Int, column: Int, in lines: [SourceLine]) -> Int? {
        guard let text = lines.first(where: { $0.number == line })?.text else { return nil }
        var bytes = 1
        var scalars = text.unicodeScalars.makeIterator()
        for _ in 1..<max(column, 1) {
            // Past the end of the text (a span over the line ending), each column is one byte.
            bytes += scalars.next().map(UTF8.width) ?? 1
        }
        return bytes
    }
}
