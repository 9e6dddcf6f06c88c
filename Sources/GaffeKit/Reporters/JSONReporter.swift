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
        var text = first ? "\n" : ",\n"
        JSONReporter.write(finding, to: &text)
        output.write(text)
        first = false
    }

    public func baselineFinished(_ outcome: BaselineOutcome) {
        baseline = outcome
    }

    public func end(_ summary: LintSummary) {
        let counts: JSONValue = ["files": .int(summary.files), "drafts": .int(summary.drafts), "error": .int(summary.errors),
                                 "warning": .int(summary.warnings), "info": .int(summary.infos)]
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
    static func write(_ finding: Finding, to text: inout String) {
        var written: Set<String> = ["rule", "severity", "message", "path", "line", "column", "endLine", "endColumn", "suggestions", "notes"]
        text += "{\"rule\":"
        JSONValue.writeString(finding.ruleID, to: &text)
        text += ",\"severity\":\""
        text += finding.severity.rawValue
        text += "\",\"message\":"
        JSONValue.writeString(finding.message, to: &text)
        text += ","
        writeLocation(finding.location, to: &text)
        if let match = finding.match {
            text += ",\"match\":"
            JSONValue.writeString(match, to: &text)
            written.insert("match")
        }
        if let category = finding.category {
            text += ",\"category\":"
            JSONValue.writeString(category, to: &text)
            written.insert("category")
        }
        text += ",\"suggestions\":["
        for (index, suggestion) in finding.suggestions.enumerated() {
            if index > 0 { text += "," }
            JSONValue.writeString(suggestion.text, to: &text)
        }
        text += "]"
        let fixes = finding.suggestions.filter(\.isFix)
        if !fixes.isEmpty {
            written.insert("fixes")
            text += ",\"fixes\":["
            for (index, fix) in fixes.enumerated() {
                if index > 0 { text += "," }
                JSONValue.writeString(fix.text, to: &text)
            }
            text += "]"
        }
        text += ",\"notes\":["
        for (index, note) in finding.notes.enumerated() {
            if index > 0 { text += "," }
            JSONValue.writeString(note.message, to: &text)
        }
        text += "]"
        if !finding.related.isEmpty {
            written.insert("related")
            text += ",\"related\":["
            for (index, related) in finding.related.enumerated() {
                text += index > 0 ? ",{\"message\":" : "{\"message\":"
                JSONValue.writeString(related.message, to: &text)
                text += ","
                writeLocation(related.location, to: &text)
                text += "}"
            }
            text += "]"
        }
        if let draft = finding.draft {
            written.insert("draft")
            text += ",\"draft\":{\"index\":\(draft.index)"
            if let account = draft.account {
                text += ",\"account\":"
                JSONValue.writeString(account, to: &text)
            }
            if let channel = draft.channels.first { text += ",\"channel\":\"\(channel.rawValue)\"" }
            if draft.channels.count > 1 { text += ",\"channels\":[" + draft.channels.map { "\"\($0.rawValue)\"" }.joined(separator: ",") + "]" }
            if let publishAt = draft.publishAt { text += ",\"publish_at\":\"\(ISO8601.format(publishAt, in: draft.timeZone))\"" }
            if !draft.regions.isEmpty { text += ",\"regions\":[" + draft.regions.map { "\"\($0.code)\"" }.joined(separator: ",") + "]" }
            text += "}"
        }
        var clashing: OrderedDictionary<String, JSONValue> = [:]
        for (key, value) in finding.extra {
            if written.contains(key) || key == "extra" {
                clashing[key] = value
                continue
            }
            written.insert(key)
            text += ","
            JSONValue.writeString(key, to: &text)
            text += ":"
            value.write(to: &text)
        }
        if !clashing.isEmpty {
            text += ",\"extra\":"
            JSONValue.object(clashing).write(to: &text)
        }
        text += "}"
    }

    private static func writeLocation(_ location: SourceLocation, to text: inout String) {
        text += "\"path\":"
        JSONValue.writeString(location.path, to: &text)
        text += ",\"line\":\(location.start.line),\"column\":\(location.start.column),\"endLine\":\(location.end.line),\"endColumn\":\(location.end.column)"
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
