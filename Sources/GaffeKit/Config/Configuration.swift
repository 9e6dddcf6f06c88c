import Foundation
import OrderedCollections

/// How one rule is configured: switched on or off, its severity, and its options.
public struct RuleSetting: Sendable {
    public var enabled: Bool?
    public var severity: Severity?
    /// The rest of the rule's mapping, decoded by the rule's own `Options` when rules are built.
    public var options: RawYAML?
    /// Where the setting is written, for messages.
    public var place: (path: String, line: Int, column: Int)?

    public init(enabled: Bool? = nil, severity: Severity? = nil, options: RawYAML? = nil) {
        self.enabled = enabled
        self.severity = severity
        self.options = options
    }
}

/// A YAML mapping kept for a later, strict decoding step (rule options are decoded by the rule).
public struct RawYAML: @unchecked Sendable {
    // Yams nodes are immutable values; they are only missing the annotation.
    public let node: YAMLNode
    /// Keys the configuration loader already consumed (`enabled`, `severity`).
    let consumed: [String]

    /// A fresh strict reader over the mapping.
    public func mapping() throws -> YAMLMapping {
        let mapping = try node.mapping()
        for key in consumed { _ = mapping.take(key) }
        return mapping
    }
}

/// Column names and formats of a schedule export (CSV or JSON Lines).
public struct ScheduleMapping: Sendable, Hashable {
    /// The column that holds each field, where it is not the field's own name.
    public var columns: [DraftField: String] = [:]
    /// A `DateFormatter` pattern for `publish_at` (`MM/dd/yyyy HH:mm`); ISO 8601 is always accepted.
    public var dateFormat: String?
    /// The zone of local times in the schedule, overriding the top-level `timezone`.
    public var timeZone: TimeZone?
    /// Whether a CSV schedule starts with a header row. Without one, columns are named by
    /// their 1-based number (`columns: {publish_at: "1", text: "2"}`), as in bulk-upload
    /// templates that have no header.
    public var hasHeader = true

    public init() {}

    /// The column name for a field.
    public func column(for field: DraftField) -> String {
        columns[field] ?? field.rawValue
    }
}

/// Everything `.gaffe.yml` can say. Every key has a type, a default and a line in
/// docs/configuration.md; unknown keys are errors.
public struct Configuration: Sendable {
    /// The file this was read from; `nil` for the defaults.
    public var path: String?
    public var rules: OrderedDictionary<String, RuleSetting> = [:]
    /// Zone for publish times written without an offset.
    public var timeZone: TimeZone?
    /// Audience for drafts that name none.
    public var regions: [Region] = []
    /// Channels for drafts that name none.
    public var channels: [Channel] = []
    /// Account for drafts that name none.
    public var account: String?
    /// Globs, relative to the configuration file, of files to lint and to skip.
    public var include: [String] = []
    public var exclude: [String] = []
    public var schedule = ScheduleMapping()
    /// The lowest severity that makes `gaffe lint` exit 1; `nil` never fails.
    public var failOn: Severity? = .error
    /// Largest file read whole (Markdown, HTML, text), in bytes. Schedules are streamed.
    public var maxFileSize = 64 * 1024 * 1024
    /// Feature sections (see `ConfigurationSection`), by type.
    var sections: [ObjectIdentifier: any ConfigurationSection] = [:]

    public init() {}

    /// The directory relative paths in the configuration are resolved against.
    public var baseDirectory: String? {
        path.map { ($0 as NSString).deletingLastPathComponent }
    }
}
