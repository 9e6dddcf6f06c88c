import OrderedCollections

/// Machine-readable findings, streamed one per line inside a single JSON document. This format is a
/// contract, described by `docs/gaffe-json.schema.json`:
///
/// ```json
/// {"tool":{"name":"gaffe","version":"0.1.0"},"findings":[
/// {"rule":"placeholder","severity":"error","message":"…","path":"a.md","line":3,"column":4,
///  "endLine":3,"endColumn":18,"match":"{{first_name}}","category":"placeholder",
///  "suggestions":[],"notes":["…"],"draft":{"index":1,"account":"acme","channel":"x",
///  "publish_at":"2026-03-01T09:00:00-05:00","regions":["US"]}}
/// ],"summary":{"files":1,"drafts":1,"error":1,"warning":0,"info":0}}
/// ```
///
/// Lines and columns are 1-based; columns count Unicode code points; `endColumn` is exclusive.
/// Absent values are omitted, never invented. Rule-specific data (the `event` of calendar rules)
/// appears as further keys of the finding; an entry whose name a fixed key already uses goes under
/// `extra` instead. With `--baseline`, `findings` holds only new findings, and a `baseline` object
/// (its path, the number of findings it `accepted`, its `stale` entries) precedes `summary`.
public final class JSONReporter: BaselineAwareReporter {
    public static let name = "json"
    public static let summary = "one JSON document: tool, findings and summary (see docs/json-format.md)"

    private let output: ReportOutput
    private let settings: ReportSettings
    private var first = true
    /// Findings written and not yet handed to the output.
    private var pending = JSONText(capacity: 1 << 17)
    private var baseline: BaselineOutcome?

    public init(output: ReportOutput, settings: ReportSettings) {
        self.output = output
        self.settings = settings
    }

    public func begin(rules: [RuleDescription]) {
        let tool: JSONValue = ["name": "gaffe", "version": .string(settings.version)]
        output.write("{\"tool\":\(tool.serialized),\"findings\":[")
    }

    public func report(_ finding: Finding) {
        pending.raw(first ? "\n" : ",\n")
        JSONReporter.write(finding, to: &pending)
        first = false
        if pending.count >= 1 << 16 { output.write(&pending) }
    }

    public func baselineFinished(_ outcome: BaselineOutcome) {
        baseline = outcome
    }

    public func end(_ summary: LintSummary) {
        let counts: JSONValue = ["files": .int(summary.files), "drafts": .int(summary.drafts), "error": .int(summary.errors),
                                 "warning": .int(summary.warnings), "info": .int(summary.infos)]
        output.write(&pending)
        var text = "\n]"
        if let baseline {
            let object: JSONValue = ["path": .string(baseline.path), "accepted": .int(baseline.accepted),
                                     "stale": .array(baseline.stale.map(\.json))]
            text += ",\"baseline\":" + object.serialized
        }
        output.write(text + ",\"summary\":\(counts.serialized)}\n")
        output.flush()
    }

    /// A finding as its JSON object.
    public static func encode(_ finding: Finding) -> JSONValue {
        var object: OrderedDictionary<String, JSONValue> = [
            "rule": .string(finding.ruleID),
            "severity": .string(finding.severity.rawValue),
            "message": .string(finding.message),
        ]
        for (key, value) in location(finding.location) { object[key] = value }
        if let match = finding.match { object["match"] = .string(match) }
        if let category = finding.category { object["category"] = .string(category) }
        object["suggestions"] = .array(finding.suggestions.map { .string($0.text) })
        let fixes = finding.suggestions.filter(\.isFix)
        if !fixes.isEmpty { object["fixes"] = .array(fixes.map { .string($0.text) }) }
        object["notes"] = .array(finding.notes.map { .string($0.message) })
        if !finding.related.isEmpty {
            object["related"] = .array(finding.related.map { related in
                var entry: OrderedDictionary<String, JSONValue> = ["message": .string(related.message)]
                for (key, value) in location(related.location) { entry[key] = value }
                return .object(entry)
            })
        }
        if let draft = finding.draft { object["draft"] = encode(draft) }
        addExtra(finding.extra, to: &object)
        return .object(object)
    }

    /// Writes a finding's JSON object straight to text: the same bytes as `encode(_:).serialized`,
    /// without building the tree (reports of many findings spend their time here).
    static func write(_ finding: Finding, to json: inout JSONText) {
        json.raw("{\"rule\":")
        json.string(finding.ruleID)
        json.raw(",\"severity\":\"")
        json.raw(finding.severity.rawValue)
        json.raw("\",\"message\":")
        json.string(finding.message)
        json.raw(",")
        writeLocation(finding.location, to: &json)
        if let match = finding.match {
            json.raw(",\"match\":")
            json.string(match)
        }
        if let category = finding.category {
            json.raw(",\"category\":")
            json.string(category)
        }
        json.raw(",\"suggestions\":[")
        var hasFixes = false
        for (index, suggestion) in finding.suggestions.enumerated() {
            if index > 0 { json.raw(",") }
            json.string(suggestion.text)
            hasFixes = hasFixes || suggestion.isFix
        }
        json.raw("]")
        if hasFixes {
            json.raw(",\"fixes\":[")
            var first = true
            for fix in finding.suggestions where fix.isFix {
                if !first { json.raw(",") }
                first = false
                json.string(fix.text)
            }
            json.raw("]")
        }
        json.raw(",\"notes\":[")
        for (index, note) in finding.notes.enumerated() {
            if index > 0 { json.raw(",") }
            json.string(note.message)
        }
        json.raw("]")
        if !finding.related.isEmpty {
            json.raw(",\"related\":[")
            for (index, related) in finding.related.enumerated() {
                json.raw(index > 0 ? ",{\"message\":" : "{\"message\":")
                json.string(related.message)
                json.raw(",")
                writeLocation(related.location, to: &json)
                json.raw("}")
            }
            json.raw("]")
        }
        if let draft = finding.draft {
            json.raw(",\"draft\":{\"index\":")
            json.int(draft.index)
            if let account = draft.account {
                json.raw(",\"account\":")
                json.string(account)
            }
            if let channel = draft.channels.first {
                json.raw(",\"channel\":")
                json.string(channel.rawValue)
            }
            if draft.channels.count > 1 {
                json.raw(",\"channels\":[")
                for (index, channel) in draft.channels.enumerated() {
                    if index > 0 { json.raw(",") }
                    json.string(channel.rawValue)
                }
                json.raw("]")
            }
            if let publishAt = draft.publishAt {
                json.raw(",\"publish_at\":\"")
                json.raw(ISO8601.format(publishAt, in: draft.timeZone))
                json.raw("\"")
            }
            if !draft.regions.isEmpty {
                json.raw(",\"regions\":[")
                for (index, region) in draft.regions.enumerated() {
                    if index > 0 { json.raw(",") }
                    json.string(region.code)
                }
                json.raw("]")
            }
            json.raw("}")
        }
        guard !finding.extra.isEmpty else { return json.raw("}") }
        // A rule's own key never replaces a fixed one written above: those go under `extra`.
        func isTaken(_ key: String) -> Bool {
            switch key {
            case "rule", "severity", "message", "path", "line", "column", "endLine", "endColumn", "suggestions", "notes", "extra":
                true
            case "match": finding.match != nil
            case "category": finding.category != nil
            case "fixes": hasFixes
            case "related": !finding.related.isEmpty
            case "draft": finding.draft != nil
            default: false
            }
        }
        var clashing: OrderedDictionary<String, JSONValue> = [:]
        for (key, value) in finding.extra {
            if isTaken(key) {
                clashing[key] = value
                continue
            }
            json.raw(",")
            json.string(key)
            json.raw(":")
            value.write(to: &json)
        }
        if !clashing.isEmpty {
            json.raw(",\"extra\":")
            JSONValue.object(clashing).write(to: &json)
        }
        json.raw("}")
    }

    private static func writeLocation(_ location: SourceLocation, to json: inout JSONText) {
        json.raw("\"path\":")
        json.string(location.path)
        json.raw(",\"line\":")
        json.int(location.start.line)
        json.raw(",\"column\":")
        json.int(location.start.column)
        json.raw(",\"endLine\":")
        json.int(location.end.line)
        json.raw(",\"endColumn\":")
        json.int(location.end.column)
    }

    /// Adds a rule's own data after the fixed keys. A name already taken (or listed in
    /// `reserved`) never replaces the fixed value: such entries go under an `extra` object instead.
    static func addExtra(_ extra: OrderedDictionary<String, JSONValue>, to object: inout OrderedDictionary<String, JSONValue>,
                         reserved: Set<String> = []) {
        var clashing: OrderedDictionary<String, JSONValue> = [:]
        for (key, value) in extra {
            if object[key] != nil || reserved.contains(key) || key == "extra" { clashing[key] = value } else { object[key] = value }
        }
        if !clashing.isEmpty { object["extra"] = .object(clashing) }
    }

    static func location(_ location: SourceLocation) -> OrderedDictionary<String, JSONValue> {
        ["path": .string(location.path), "line": .int(location.start.line), "column": .int(location.start.column),
         "endLine": .int(location.end.line), "endColumn": .int(location.end.column)]
    }

    static func encode(_ draft: DraftSummary) -> JSONValue {
        var object: OrderedDictionary<String, JSONValue> = ["index": .int(draft.index)]
        if let account = draft.account { object["account"] = .string(account) }
        if let channel = draft.channels.first { object["channel"] = .string(channel.rawValue) }
        if draft.channels.count > 1 { object["channels"] = .array(draft.channels.map { .string($0.rawValue) }) }
        if let publishAt = draft.publishAt { object["publish_at"] = .string(ISO8601.format(publishAt, in: draft.timeZone)) }
        if !draft.regions.isEmpty { object["regions"] = .array(draft.regions.map { .string($0.code) }) }
        return .object(object)
    }
}
