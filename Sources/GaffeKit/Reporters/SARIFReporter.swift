import OrderedCollections

/// SARIF 2.1.0 for GitHub code scanning and other result viewers, streamed: the rules are written
/// first, then each result as it arrives (one per line), so memory does not grow with findings.
///
/// ```json
/// {"$schema":"…/sarif-schema-2.1.0.json","version":"2.1.0","runs":[{"tool":{"driver":{"name":"gaffe",
///  "version":"0.1.0","informationUri":"…","rules":[{"id":"placeholder",…}]}},
///  "columnKind":"unicodeCodePoints","originalUriBaseIds":{"%SRCROOT%":{"uri":"file:///repo/"}},"results":[
/// {"ruleId":"placeholder","ruleIndex":1,"level":"error","message":{"text":"…"},"locations":[…],
///  "partialFingerprints":{"gaffeFindingHash/v1":"3f2a…:1"},"properties":{"category":"placeholder",…}}
/// ],"invocations":[{"executionSuccessful":true,"workingDirectory":{"uri":"file:///repo/"}}],
///  "properties":{"summary":{…}}}]}
/// ```
///
/// - Paths inside the working directory are written relative to `%SRCROOT%`, which
///   `originalUriBaseIds` (and `invocations[0].workingDirectory`) set to the working directory;
///   paths outside it are absolute `file://` URIs.
/// - Regions carry lines and columns (Unicode code points, `endColumn` exclusive, as
///   `columnKind` says) and the same range as `byteOffset`/`byteLength`, plus the matched text
///   as `snippet`.
/// - `partialFingerprints` holds `FindingFingerprint`, which ignores line numbers. GitHub's
///   upload action adds its own `primaryLocationLineHash` from the file.
/// - Suggestions marked `isFix` become SARIF `fixes`; notes, alternatives and related places are
///   also written into the message text (related places as embedded links to
///   `relatedLocations`), so viewers that show only the message still show them.
/// - `properties` carries the category, notes, suggestions, the draft summary and the rule's
///   own data (`event`, …), as in the JSON format.
/// - With `--baseline`, every result has a `baselineState`: `new` for findings the baseline does
///   not list; `unchanged` for findings it accepts, with an `external`, `accepted` suppression
///   whose justification is the entry's reason and whose location is the entry's line in the
///   baseline; `absent` for stale entries (placed where the finding was recorded, suppressed the
///   same way). `properties.summary.baseline` has the counts.
public final class SARIFReporter: BaselineAwareReporter {
    public static let name = "sarif"
    public static let summary = "SARIF 2.1.0 for GitHub code scanning and other viewers"
    /// The schema the output validates against (OASIS SARIF 2.1.0, errata 01).
    public static let schemaURI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    static let sourceRootID = "%SRCROOT%"

    private let output: ReportOutput
    private let settings: ReportSettings
    private var ruleIndex: [String: Int] = [:]
    /// The last file's `artifactLocation`: findings arrive file by file.
    private var lastArtifact: (path: String, location: JSONValue)?
    private var fingerprints = FingerprintCounter()
    private var first = true
    private var baseline: BaselineOutcome?

    public init(output: ReportOutput, settings: ReportSettings) {
        self.output = output
        self.settings = settings
    }

    public func begin(rules: [RuleDescription]) {
        for (index, rule) in rules.enumerated() where ruleIndex[rule.identifier] == nil { ruleIndex[rule.identifier] = index }
        let driver: JSONValue = [
            "name": "gaffe",
            "version": .string(settings.version),
            "semanticVersion": .string(settings.version),
            "informationUri": .string(Gaffe.informationURI),
        ]
        var driverText = driver.serialized
        driverText.removeLast()
        var text = "{\"$schema\":" + JSONValue.string(SARIFReporter.schemaURI).serialized + ",\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":"
        text += driverText + ",\"rules\":["
        for (index, rule) in rules.enumerated() {
            text += (index == 0 ? "\n" : ",\n") + SARIFReporter.descriptor(rule).serialized
        }
        let base: JSONValue = [SARIFReporter.sourceRootID: ["uri": .string(ReportPaths.directoryURI(settings.workingDirectory))]]
        text += (rules.isEmpty ? "" : "\n") + "]}},\"columnKind\":\"unicodeCodePoints\",\"defaultEncoding\":\"utf-8\","
        text += "\"originalUriBaseIds\":\(base.serialized),\"results\":["
        output.write(text)
    }

    public func report(_ finding: Finding) {
        var object = result(finding, fingerprint: fingerprints.fingerprint(for: finding))
        if settings.baselinePath != nil { object["baselineState"] = "new" }
        write(object)
    }

    public func reportAccepted(_ finding: Finding, entry: BaselineEntry) {
        var object = result(finding, fingerprint: fingerprints.fingerprint(for: finding))
        object["baselineState"] = "unchanged"
        object["suppressions"] = [suppression(entry)]
        write(object)
    }

    /// Stale entries become `absent` results, where the finding was when it was recorded.
    public func baselineFinished(_ outcome: BaselineOutcome) {
        baseline = outcome
        let directory = Baseline(path: outcome.path).directory
        for entry in outcome.stale {
            var object: OrderedDictionary<String, JSONValue> = ["ruleId": .string(entry.rule)]
            if let index = ruleIndex[entry.rule] { object["ruleIndex"] = .int(index) }
            object["level"] = .string(SARIFReporter.level(entry.severity))
            object["message"] = ["text": .string(entry.message + "\n" + BaselineOutcome.staleMessage(entry))]
            var region: OrderedDictionary<String, JSONValue> = ["startLine": .int(entry.line ?? 1)]
            if let match = entry.match { region["snippet"] = ["text": .string(match)] }
            let path = ReportPaths.absolute(entry.path, in: directory)
            object["locations"] = [["physicalLocation": ["artifactLocation": artifactLocation(path), "region": .object(region)]]]
            object["partialFingerprints"] = [FindingFingerprint.sarifKey: .string(entry.fingerprint)]
            object["baselineState"] = "absent"
            object["suppressions"] = [suppression(entry)]
            write(object)
        }
    }

    private func write(_ result: OrderedDictionary<String, JSONValue>) {
        output.write((first ? "\n" : ",\n") + JSONValue.object(result).serialized)
        first = false
    }

    /// The baseline entry as a SARIF suppression: kept outside the file, accepted on review.
    private func suppression(_ entry: BaselineEntry) -> JSONValue {
        var object: OrderedDictionary<String, JSONValue> = ["kind": "external", "status": "accepted"]
        if let reason = entry.reason { object["justification"] = .string(reason) }
        if let path = settings.baselinePath, entry.sourceLine > 0 {
            object["location"] = ["physicalLocation": ["artifactLocation": artifactLocation(path), "region": ["startLine": .int(entry.sourceLine)]]]
        }
        if let reviewer = entry.reviewer { object["properties"] = ["reviewer": .string(reviewer)] }
        return .object(object)
    }

    public func end(_ summary: LintSummary) {
        let invocation: JSONValue = [
            "executionSuccessful": true,
            "workingDirectory": ["uri": .string(ReportPaths.directoryURI(settings.workingDirectory))],
        ]
        let counts: JSONValue = [
            "files": .int(summary.files), "drafts": .int(summary.drafts), "error": .int(summary.errors),
            "warning": .int(summary.warnings), "info": .int(summary.infos), "suppressed": .int(summary.suppressed),
        ]
        var summaryText = counts.serialized
        if let baseline {
            summaryText.removeLast()
            let object: JSONValue = ["path": .string(baseline.path), "accepted": .int(baseline.accepted), "stale": .int(baseline.stale.count)]
            summaryText += ",\"baseline\":" + object.serialized + "}"
        }
        output.write((first ? "" : "\n") + "],\"invocations\":[\(invocation.serialized)],\"properties\":{\"summary\":\(summaryText)}}]}\n")
        output.flush()
    }

    /// SARIF's name for a severity.
    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .info: "note"
        }
    }

    // MARK: - Rules

    /// A rule's `reportingDescriptor`, with the fields GitHub code scanning shows.
    static func descriptor(_ rule: RuleDescription) -> JSONValue {
        var configuration: OrderedDictionary<String, JSONValue> = ["level": .string(level(rule.defaultSeverity))]
        if !rule.isEnabledByDefault { configuration["enabled"] = false }
        var properties: OrderedDictionary<String, JSONValue> = [:]
        if !rule.tags.isEmpty { properties["tags"] = .array(rule.tags.map { .string($0) }) }
        if let precision = rule.precision { properties["precision"] = .string(precision.rawValue) }
        properties["problem.severity"] = .string(rule.defaultSeverity == .info ? "recommendation" : rule.defaultSeverity.rawValue)
        properties["scope"] = .string(rule.scope.rawValue)
        return [
            "id": .string(rule.identifier),
            "name": .string(pascalCase(rule.name)),
            "shortDescription": ["text": .string(limited(rule.summary))],
            "fullDescription": ["text": .string(limited(rule.rationale))],
            "help": [
                "text": .string(RuleDocumentation.explain(rule.identifier) ?? rule.summary + "\n\n" + rule.rationale),
                "markdown": .string(RuleDocumentation.markdown(rule.identifier) ?? "**\(rule.name).** \(rule.summary)\n\n\(rule.rationale)\n"),
            ],
            "defaultConfiguration": .object(configuration),
            "properties": .object(properties),
        ]
    }

    /// `Unfilled placeholder` → `UnfilledPlaceholder`, the identifier-like form SARIF suggests for `name`.
    static func pascalCase(_ name: String) -> String {
        name.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// GitHub shows at most 1,024 characters of a description; longer ones are cut at a word.
    static func limited(_ text: String, to limit: Int = 1024) -> String {
        guard text.count > limit else { return text }
        var cut = String(text.prefix(limit - 1))
        if let space = cut.lastIndex(of: " ") { cut = String(cut[..<space]) }
        return cut + "…"
    }

    // MARK: - Results

    func result(_ finding: Finding, fingerprint: String) -> OrderedDictionary<String, JSONValue> {
        var object: OrderedDictionary<String, JSONValue> = ["ruleId": .string(finding.ruleID)]
        if let index = ruleIndex[finding.ruleID] { object["ruleIndex"] = .int(index) }
        object["level"] = .string(SARIFReporter.level(finding.severity))

        // Related places: the finding's own, then notes that point somewhere. Ids start at 1.
        var related: [(message: String, location: SourceLocation)] = finding.related.map { ($0.message, $0.location) }
        related += finding.notes.compactMap { note in note.location.map { (note.message, $0) } }

        object["message"] = ["text": .string(messageText(finding, related: related))]
        object["locations"] = [["physicalLocation": physicalLocation(finding.location, snippet: finding.match)]]
        object["partialFingerprints"] = [FindingFingerprint.sarifKey: .string(fingerprint)]
        if !related.isEmpty {
            object["relatedLocations"] = .array(related.enumerated().map { index, place in
                ["id": .int(index + 1), "physicalLocation": physicalLocation(place.location, snippet: nil),
                 "message": ["text": .string(place.message)]]
            })
        }
        let fixes = finding.suggestions.filter(\.isFix)
        if !fixes.isEmpty {
            object["fixes"] = .array(fixes.map { fix in
                [
                    "description": ["text": .string("Replace with '\(fix.text)'")],
                    "artifactChanges": [[
                        "artifactLocation": artifactLocation(finding.location.path),
                        "replacements": [["deletedRegion": region(finding.location, snippet: nil),
                                          "insertedContent": ["text": .string(fix.text)]]],
                    ]],
                ]
            })
        }
        object["properties"] = .object(properties(finding))
        return object
    }

    /// The message, then one line each for notes, fixes, alternatives and related places, worded
    /// as the text format words them.
    func messageText(_ finding: Finding, related: [(message: String, location: SourceLocation)]) -> String {
        var lines = [finding.message]
        for note in finding.notes where note.location == nil { lines.append("Note: " + note.message) }
        if let fixes = finding.fixList { lines.append("Fix: replace with " + fixes) }
        if let ideas = finding.alternativeList { lines.append("Try: " + ideas) }
        for (index, place) in related.enumerated() {
            lines.append("See: [\(SARIFReporter.escapeLinkText(place.message))](\(index + 1))")
        }
        return lines.joined(separator: "\n")
    }

    /// Link text of an embedded link: `\`, `[` and `]` are escaped with a backslash (SARIF §3.11.6).
    static func escapeLinkText(_ text: String) -> String {
        var output = ""
        for character in text {
            if character == "\\" || character == "[" || character == "]" { output.append("\\") }
            output.append(character)
        }
        return output
    }

    func properties(_ finding: Finding) -> OrderedDictionary<String, JSONValue> {
        var properties: OrderedDictionary<String, JSONValue> = [:]
        if let category = finding.category { properties["category"] = .string(category) }
        if !finding.notes.isEmpty { properties["notes"] = .array(finding.notes.map { .string($0.message) }) }
        if !finding.suggestions.isEmpty {
            properties["suggestions"] = .array(finding.suggestions.map { ["text": .string($0.text), "isFix": .bool($0.isFix)] })
        }
        if let draft = finding.draft { properties["draft"] = JSONReporter.encode(draft) }
        // `tags` has a fixed meaning in any SARIF property bag.
        JSONReporter.addExtra(finding.extra, to: &properties, reserved: ["tags"])
        return properties
    }

    func physicalLocation(_ location: SourceLocation, snippet: String?) -> JSONValue {
        ["artifactLocation": artifactLocation(location.path), "region": region(location, snippet: snippet)]
    }

    func artifactLocation(_ path: String) -> JSONValue {
        if let lastArtifact, lastArtifact.path == path { return lastArtifact.location }
        let location: JSONValue
        if let relative = ReportPaths.relative(path, to: settings.workingDirectory) {
            location = ["uri": .string(ReportPaths.uriPath(relative)), "uriBaseId": .string(SARIFReporter.sourceRootID)]
        } else {
            location = ["uri": .string("file://" + ReportPaths.uriPath(ReportPaths.absolute(path, in: settings.workingDirectory)))]
        }
        lastArtifact = (path, location)
        return location
    }

    func region(_ location: SourceLocation, snippet: String?) -> JSONValue {
        var region: OrderedDictionary<String, JSONValue> = [
            "startLine": .int(location.start.line), "startColumn": .int(location.start.column),
            "endLine": .int(location.end.line), "endColumn": .int(location.end.column),
            "byteOffset": .int(location.byteRange.lowerBound), "byteLength": .int(location.byteRange.count),
        ]
        if let snippet { region["snippet"] = ["text": .string(snippet)] }
        return .object(region)
    }
}
