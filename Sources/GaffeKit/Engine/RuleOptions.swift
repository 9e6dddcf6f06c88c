import Foundation

/// A rule's settings. Each option is declared once, in `read(_:)`, with its key, default and a doc
/// line; the same declaration decodes `.gaffe.yml` strictly and documents the option.
///
/// ```swift
/// struct Options: RuleOptions {
///     var maxHashtags = 30
///     mutating func read(_ reader: OptionsReader) throws {
///         try reader.read("max_hashtags", &maxHashtags, "Most hashtags an Instagram caption may carry.")
///     }
/// }
/// ```
public protocol RuleOptions: Sendable {
    init()
    mutating func read(_ reader: OptionsReader) throws
}

/// Options for a rule that has none.
public struct NoOptions: RuleOptions {
    public init() {}
    public func read(_ reader: OptionsReader) throws {}
}

/// One documented option.
public struct OptionDocumentation: Sendable, Hashable {
    public var key: String
    public var defaultValue: String
    public var summary: String
}

/// Reads options from a YAML mapping, or, with no mapping, records their documentation.
public final class OptionsReader {
    private let mapping: YAMLMapping?
    public private(set) var documentation: [OptionDocumentation] = []

    init(mapping: YAMLMapping?) {
        self.mapping = mapping
    }

    /// Reads `key` into `value` when configured; records its documentation either way.
    public func read<T: YAMLReadable>(_ key: String, _ value: inout T, _ summary: String) throws {
        try read(key, &value, summary) { _ in nil }
    }

    /// Reads `key` into `value` when configured and checks it: `problem` says what is wrong with
    /// a value (`"must be at least 1"`), or returns nil; a problem is an error at the value's line.
    public func read<T: YAMLReadable>(_ key: String, _ value: inout T, _ summary: String, check problem: (T) -> String?) throws {
        documentation.append(OptionDocumentation(key: key, defaultValue: OptionsReader.describe(value), summary: summary))
        guard let mapping, let node = mapping.take(key), !node.isNull else { return }
        let read = try T(yaml: node)
        if let problem = problem(read) { throw node.error("'\(key)' \(problem)") }
        value = read
    }

    /// Reads an optional `key`; `nil` stays the default.
    public func read<T: YAMLReadable>(_ key: String, _ value: inout T?, _ summary: String) throws {
        documentation.append(OptionDocumentation(key: key, defaultValue: value.map { OptionsReader.describe($0) } ?? "none", summary: summary))
        if let mapping, let read: T = try mapping.read(key) { value = read }
    }

    /// Reads a nested mapping with a custom reader, documenting it as a group.
    public func readMapping(_ key: String, _ summary: String, _ body: (YAMLMapping) throws -> Void) throws {
        documentation.append(OptionDocumentation(key: key, defaultValue: "", summary: summary))
        if let mapping, let node = mapping.take(key) {
            let nested = try node.mapping()
            try body(nested)
        }
    }

    static func describe(_ value: Any) -> String {
        switch value {
        case let list as [Any]: return "[" + list.map { describe($0) }.joined(separator: ", ") + "]"
        case let zone as TimeZone: return zone.identifier
        case let severity as Severity: return severity.rawValue
        case let channel as Channel: return channel.rawValue
        default: return String(describing: value)
        }
    }

    /// The documentation of an options type's declarations and defaults.
    public static func documentation<O: RuleOptions>(of type: O.Type) -> [OptionDocumentation] {
        let reader = OptionsReader(mapping: nil)
        var options = O()
        try? options.read(reader)
        return reader.documentation
    }

    /// Decodes options from a mapping, failing on unknown keys.
    public static func decode<O: RuleOptions>(_ type: O.Type, from mapping: YAMLMapping?) throws -> O {
        var options = O()
        guard let mapping else { return options }
        let reader = OptionsReader(mapping: mapping)
        try options.read(reader)
        try mapping.finish()
        return options
    }
}
