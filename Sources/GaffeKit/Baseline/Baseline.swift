import Foundation
import OrderedCollections

/// One accepted finding in a baseline file: what it was (rule, matched text, message, the post it
/// was in), where it was when recorded, and who accepted it and why.
///
/// An entry matches a finding of a later run when both the path (relative to the baseline's
/// folder) and the `FindingFingerprint` agree; line numbers are kept for people, never matched.
public struct BaselineEntry: Sendable, Hashable {
    /// The file, relative to the baseline file's folder, with `/` separators (absolute when the
    /// file lies outside that folder).
    public var path: String
    public var rule: String
    /// `FindingFingerprint.hash` and the occurrence in the draft: `3f2a…:1`.
    public var fingerprint: String
    public var severity: Severity
    /// Where the finding was when the entry was written; informative only.
    public var line: Int?
    public var match: String?
    public var message: String
    public var account: String?
    public var channels: [String]
    public var publishAt: String?
    /// Why the finding is acceptable, in the reviewer's words.
    public var reason: String?
    public var reviewer: String?
    /// The entry's line in the baseline file (0 for entries not read from a file).
    public var sourceLine: Int = 0

    public init(path: String, rule: String, fingerprint: String, severity: Severity, line: Int? = nil, match: String? = nil,
                message: String, account: String? = nil, channels: [String] = [], publishAt: String? = nil,
                reason: String? = nil, reviewer: String? = nil) {
        self.path = path
        self.rule = rule
        self.fingerprint = fingerprint
        self.severity = severity
        self.line = line
        self.match = match
        self.message = message
        self.account = account
        self.channels = channels
        self.publishAt = publishAt
        self.reason = reason
        self.reviewer = reviewer
    }

    /// The entry for a finding, its fingerprint and its path as the baseline writes it.
    public init(finding: Finding, fingerprint: String, path: String) {
        self.init(path: path, rule: finding.ruleID, fingerprint: fingerprint, severity: finding.severity,
                  line: finding.location.start.line, match: finding.match, message: finding.message,
                  account: finding.draft?.account, channels: finding.draft?.channels.map(\.rawValue) ?? [],
                  publishAt: finding.draft?.publishAt.map { ISO8601.format($0, in: finding.draft?.timeZone) })
    }

    /// The entry as JSON, with the keys the baseline file uses (plus `baselineLine`, the entry's
    /// line in the baseline file).
    public var json: JSONValue {
        var object: OrderedDictionary<String, JSONValue> = ["path": .string(path), "rule": .string(rule),
                                                            "fingerprint": .string(fingerprint), "severity": .string(severity.rawValue)]
        if let line { object["line"] = .int(line) }
        if let match { object["match"] = .string(match) }
        object["message"] = .string(message)
        if let account { object["account"] = .string(account) }
        if !channels.isEmpty { object["channels"] = .array(channels.map { .string($0) }) }
        if let publishAt { object["publish_at"] = .string(publishAt) }
        if let reason { object["reason"] = .string(reason) }
        if let reviewer { object["reviewer"] = .string(reviewer) }
        if sourceLine > 0 { object["baselineLine"] = .int(sourceLine) }
        return .object(object)
    }

    /// What matches an entry to a finding.
    public var key: BaselineKey { BaselineKey(path: path, fingerprint: fingerprint) }

    /// `rule 'match' in path` (or the message when there is no match), for listings.
    public var summary: String {
        let what = match.map { "'\(Baseline.oneLine($0))'" } ?? "(\(Baseline.oneLine(message)))"
        return "\(rule) \(what) in \(path)" + (line.map { ":\($0)" } ?? "")
    }
}

/// The identity an entry and a finding share.
public struct BaselineKey: Sendable, Hashable {
    public var path: String
    public var fingerprint: String
}

/// A baseline file: findings reviewed and accepted, so that `gaffe lint --baseline FILE` reports
/// only what is new. The format is YAML, one entry per finding, sorted by path and line so that
/// diffs stay small (docs/baseline.md):
///
/// ```yaml
/// version: 1
/// entries:
///   - path: "drafts/spring-menu.md"
///     rule: placeholder
///     fingerprint: 0b9f0c5e2d4a6b8c1e3f5a7b9d0c2e4f:1
///     severity: error
///     line: 7
///     match: "{{first_name}}"
///     message: "unfilled merge field '{{first_name}}'"
///     reason: "Mailchimp fills it when the email is sent"
///     reviewer: "dana"
/// ```
public struct Baseline: Sendable {
    public static let version = 1

    public var entries: [BaselineEntry]
    /// The file it was read from or will be written to, as given.
    public var path: String

    public init(path: String, entries: [BaselineEntry] = []) {
        self.path = path
        self.entries = entries
    }

    /// The folder entry paths are relative to: the baseline file's own.
    public var directory: String {
        let absolute = ReportPaths.absolute(path, in: FileManager.default.currentDirectoryPath)
        return (absolute as NSString).deletingLastPathComponent
    }

    /// A finding's path as this baseline writes it: relative to the baseline's folder where the
    /// file lies inside it, else absolute; `/` separators.
    public func entryPath(for findingPath: String) -> String {
        let absolute = ReportPaths.absolute(findingPath, in: FileManager.default.currentDirectoryPath)
        return ReportPaths.relative(absolute, to: directory) ?? absolute
    }

    /// The absolute path an entry names.
    public func absolutePath(of entry: BaselineEntry) -> String {
        ReportPaths.absolute(entry.path, in: directory)
    }

    // MARK: - Reading

    /// Reads a baseline file.
    /// - Throws: `UsageError` when the file cannot be read; `YAMLError` (with line and column) when
    ///   its content is not a valid baseline.
    public static func load(path: String) throws -> Baseline {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw UsageError("cannot read the baseline \(path)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw YAMLError(path: path, line: 1, column: 1, message: "the baseline is not valid UTF-8")
        }
        return try parse(text, path: path)
    }

    /// Parses baseline text.
    /// - Throws: `YAMLError` naming the line of the first problem.
    public static func parse(_ text: String, path: String) throws -> Baseline {
        let root = try StrictYAML.parse(text, path: path).mapping()
        let version: Int = try root.require("version")
        guard version == Baseline.version else {
            throw root.take("version")!.error("this Gaffe reads baseline version \(Baseline.version), not \(version)")
        }
        var baseline = Baseline(path: path)
        if let list = root.take("entries"), !list.isNull {
            for item in try list.list() {
                baseline.entries.append(try entry(item))
            }
        }
        try root.finish()
        return baseline
    }

    private static func entry(_ node: YAMLNode) throws -> BaselineEntry {
        let fields = try node.mapping()
        let path: String = try fields.require("path")
        let rule: String = try fields.require("rule")
        let fingerprintNode = fields.take("fingerprint")
        let fingerprint: String = try fields.require("fingerprint")
        guard isFingerprint(fingerprint) else {
            throw (fingerprintNode ?? node).error("'\(fingerprint)' is not a Gaffe fingerprint (32 hexadecimal digits, ':' and a number)")
        }
        let severityText: String = try fields.require("severity")
        guard let severity = Severity(rawValue: severityText) else {
            throw (fields.take("severity") ?? node).error("severity must be error, warning or info, not '\(severityText)'")
        }
        var entry = BaselineEntry(path: path, rule: rule, fingerprint: fingerprint, severity: severity,
                                  line: try fields.read("line"), match: try fields.read("match"),
                                  message: try fields.read("message") ?? "", account: try fields.read("account"),
                                  channels: try fields.read("channels") ?? [], publishAt: try fields.read("publish_at"),
                                  reason: try fields.read("reason"), reviewer: try fields.read("reviewer"))
        entry.sourceLine = node.line
        try fields.finish()
        return entry
    }

    /// `hex32:n`, as `FingerprintCounter` writes it.
    static func isFingerprint(_ text: String) -> Bool {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 32, let occurrence = Int(parts[1]), occurrence >= 1 else { return false }
        return parts[0].allSatisfy { $0.isHexDigit && !$0.isUppercase }
    }

    // MARK: - Writing

    /// The entries in the order the file lists them: by path, line, rule and fingerprint.
    public var sortedEntries: [BaselineEntry] {
        entries.sorted { lhs, rhs in
            if lhs.path != rhs.path { return lhs.path < rhs.path }
            if (lhs.line ?? 0) != (rhs.line ?? 0) { return (lhs.line ?? 0) < (rhs.line ?? 0) }
            if lhs.rule != rhs.rule { return lhs.rule < rhs.rule }
            return lhs.fingerprint < rhs.fingerprint
        }
    }

    /// The file's text: a comment saying what it is, the version, then one block per entry.
    public var yaml: String {
        var text = """
            # Gaffe baseline: findings reviewed and accepted. `gaffe lint --baseline <this file>` reports
            # only findings that are not listed here, and lists entries that no longer match anything.
            # Written by `gaffe baseline write`; give each entry you accept a reason and a reviewer.
            # Entries match by path, rule and fingerprint (the rule, the flagged text and the post), never
            # by line. See docs/baseline.md.
            version: \(Baseline.version)

            """
        if entries.isEmpty {
            return text + "entries: []\n"
        }
        text += "entries:\n"
        for entry in sortedEntries { text += Baseline.yaml(entry) }
        return text
    }

    /// One entry as the file lists it: an item of `entries`, indented by two spaces.
    public static func yaml(_ entry: BaselineEntry) -> String {
        var text = "  - path: \(quoted(entry.path))\n"
        text += "    rule: \(quoted(entry.rule))\n"
        text += "    fingerprint: \(entry.fingerprint)\n"
        text += "    severity: \(entry.severity.rawValue)\n"
        if let line = entry.line { text += "    line: \(line)\n" }
        if let match = entry.match { text += "    match: \(quoted(match))\n" }
        text += "    message: \(quoted(entry.message))\n"
        if let account = entry.account { text += "    account: \(quoted(account))\n" }
        if !entry.channels.isEmpty { text += "    channels: [\(entry.channels.map(quoted).joined(separator: ", "))]\n" }
        if let publishAt = entry.publishAt { text += "    publish_at: \(quoted(publishAt))\n" }
        if let reason = entry.reason { text += "    reason: \(quoted(reason))\n" }
        if let reviewer = entry.reviewer { text += "    reviewer: \(quoted(reviewer))\n" }
        return text
    }

    /// A YAML double-quoted scalar that reads back as exactly `text`: `"` and `\` escaped, and every
    /// character a YAML 1.1 reader could fold or drop (controls, NEL, line and paragraph separators,
    /// byte order marks) written as an escape.
    public static func quoted(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            default:
                let value = scalar.value
                if value < 0x20 || value == 0x7F || (0x80...0x9F).contains(value) || value == 0x2028 || value == 0x2029
                    || value == 0xFEFF {
                    let hex = String(value, radix: 16, uppercase: true)
                    output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        return output + "\""
    }

    /// Text on one line, for listings: line breaks and tabs shown as spaces.
    static func oneLine(_ text: String) -> String {
        String(text.map { $0.isNewline || $0 == "\t" ? " " : $0 })
    }
}
