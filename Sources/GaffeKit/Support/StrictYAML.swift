import Foundation
import OrderedCollections
import Yams

/// An error in a YAML file Gaffe reads (configuration, lexicon, calendar), with its place.
public struct YAMLError: Error, Sendable, CustomStringConvertible, Equatable {
    public var path: String
    public var line: Int
    public var column: Int
    public var message: String

    public init(path: String, line: Int, column: Int, message: String) {
        self.path = path
        self.line = line
        self.column = column
        self.message = message
    }

    /// `path:line:column: error: message`, as compilers print it.
    public var description: String { "\(path):\(line):\(column): error: \(message)" }
}

/// Parses YAML text into a node that remembers its file and place, for strict reading.
public enum StrictYAML {
    /// Parses one YAML document. An empty document is an empty mapping.
    /// - Throws: `YAMLError` with the line and column of a syntax error or duplicated key.
    public static func parse(_ text: String, path: String, lineOffset: Int = 0) throws -> YAMLNode {
        do {
            // The basic resolver: strict readers interpret scalars themselves, and Yams' default
            // resolver runs regular expressions on every key while it checks for duplicates.
            let node = try Yams.compose(yaml: text, .basic) ?? Node.mapping(Node.Mapping([]))
            return YAMLNode(node: node, path: path, keyPath: "", lineOffset: lineOffset)
        } catch let error as YamlError {
            throw convert(error, path: path, lineOffset: lineOffset)
        }
    }

    static func convert(_ error: YamlError, path: String, lineOffset: Int) -> YAMLError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let detail = context.map { "\(problem) (\($0.text) at line \($0.mark.line + lineOffset))" } ?? problem
            return YAMLError(path: path, line: mark.line + lineOffset, column: mark.column, message: "invalid YAML: \(detail)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return YAMLError(path: path, line: context.mark.line + lineOffset, column: context.mark.column,
                             message: "duplicated key \(duplicates.map { "'\($0)'" }.joined(separator: ", "))")
        case .reader(let problem, _, _, _):
            return YAMLError(path: path, line: 1 + lineOffset, column: 1, message: "cannot read YAML: \(problem)")
        default:
            return YAMLError(path: path, line: 1 + lineOffset, column: 1, message: "invalid YAML: \(error)")
        }
    }
}

/// A YAML node with the file and key path it came from, and typed accessors that throw
/// `YAMLError`s naming the place and what was expected.
public struct YAMLNode {
    public let node: Node
    public let path: String
    /// Dotted key path for messages, such as `rules.length`.
    public let keyPath: String
    let lineOffset: Int

    /// 1-based line in the file.
    public var line: Int { (node.mark?.line ?? 1) + lineOffset }
    /// 1-based column in code points.
    public var column: Int { node.mark?.column ?? 1 }

    /// An error at this node.
    public func error(_ message: String) -> YAMLError {
        YAMLError(path: path, line: line, column: column, message: message)
    }

    private var what: String { keyPath.isEmpty ? "the document" : "'\(keyPath)'" }

    /// The scalar text, or nil when this is not a scalar.
    public var scalarText: String? {
        if case .scalar(let scalar) = node { return scalar.string }
        return nil
    }

    /// Whether the node is YAML null (`~`, `null` or empty).
    public var isNull: Bool {
        guard case .scalar(let scalar) = node else { return false }
        return scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    public func string() throws -> String {
        guard case .scalar(let scalar) = node else { throw error("\(what) must be a string") }
        return scalar.string
    }

    public func bool() throws -> Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain else { throw error("\(what) must be true or false") }
        switch scalar.string.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw error("\(what) must be true or false, not '\(scalar.string)'")
        }
    }

    public func int() throws -> Int {
        guard case .scalar(let scalar) = node, let value = Int(scalar.string.replacingOccurrences(of: "_", with: "")) else {
            throw error("\(what) must be a whole number")
        }
        return value
    }

    public func double() throws -> Double {
        guard case .scalar(let scalar) = node, let value = Double(scalar.string) else {
            throw error("\(what) must be a number")
        }
        return value
    }

    /// The items of a sequence; a single scalar reads as a list of one.
    public func list() throws -> [YAMLNode] {
        switch node {
        case .sequence(let sequence):
            return sequence.enumerated().map { index, item in
                YAMLNode(node: item, path: path, keyPath: "\(keyPath)[\(index)]", lineOffset: lineOffset)
            }
        case .scalar where isNull:
            return []
        case .scalar:
            return [self]
        default:
            throw error("\(what) must be a list")
        }
    }

    /// A list of strings; a single string reads as a list of one.
    public func strings() throws -> [String] {
        try list().map { try $0.string() }
    }

    /// The node as a mapping, for reading keys strictly.
    public func mapping() throws -> YAMLMapping {
        if isNull { return YAMLMapping(owner: self, entries: [:]) }
        guard case .mapping(let mapping) = node else { throw error("\(what) must be a mapping of keys to values") }
        var entries: OrderedDictionary<String, (key: YAMLNode, value: YAMLNode)> = [:]
        for (key, value) in mapping {
            let name = key.string ?? ""
            let child = keyPath.isEmpty ? name : "\(keyPath).\(name)"
            entries[name] = (YAMLNode(node: key, path: path, keyPath: child, lineOffset: lineOffset),
                             YAMLNode(node: value, path: path, keyPath: child, lineOffset: lineOffset))
        }
        return YAMLMapping(owner: self, entries: entries)
    }

    /// Decodes a value type that knows how to read itself.
    public func decode<T: YAMLReadable>(_ type: T.Type = T.self) throws -> T {
        try T(yaml: self)
    }
}

/// A mapping read strictly: every key must be asked for, and `finish()` reports the others as
/// unknown, with a did-you-mean among the keys that were asked for.
public final class YAMLMapping {
    public let owner: YAMLNode
    public let entries: OrderedDictionary<String, (key: YAMLNode, value: YAMLNode)>
    private(set) var knownKeys: [String] = []

    init(owner: YAMLNode, entries: OrderedDictionary<String, (key: YAMLNode, value: YAMLNode)>) {
        self.owner = owner
        self.entries = entries
    }

    /// The keys present, in file order.
    public var keys: [String] { Array(entries.keys) }

    /// The value for a key, recording the key as known.
    public func take(_ key: String) -> YAMLNode? {
        knownKeys.append(key)
        return entries[key]?.value
    }

    /// Reads a key's value if present.
    public func read<T: YAMLReadable>(_ key: String, as type: T.Type = T.self) throws -> T? {
        guard let node = take(key), !node.isNull else { return nil }
        return try T(yaml: node)
    }

    /// Reads a key's value into `target` if present, leaving the default otherwise.
    public func read<T: YAMLReadable>(_ key: String, into target: inout T) throws {
        if let value: T = try read(key) { target = value }
    }

    /// Reads a required key.
    public func require<T: YAMLReadable>(_ key: String, as type: T.Type = T.self) throws -> T {
        guard let value: T = try read(key) else { throw owner.error("missing required key '\(key)'") }
        return value
    }

    /// Throws for the first key that was never asked for, suggesting the closest known key.
    public func finish() throws {
        for (name, entry) in entries where !knownKeys.contains(name) {
            var message = "unknown key '\(entry.key.keyPath)'"
            if let suggestion = Spelling.closest(to: name, among: knownKeys) {
                message += "; did you mean '\(suggestion)'?"
            } else if !knownKeys.isEmpty {
                message += " (known keys: \(knownKeys.joined(separator: ", ")))"
            }
            throw entry.key.error(message)
        }
    }
}

/// A value that can be read from a YAML node.
public protocol YAMLReadable {
    init(yaml: YAMLNode) throws
}

extension String: YAMLReadable {
    public init(yaml: YAMLNode) throws { self = try yaml.string() }
}

extension Bool: YAMLReadable {
    public init(yaml: YAMLNode) throws { self = try yaml.bool() }
}

extension Int: YAMLReadable {
    public init(yaml: YAMLNode) throws { self = try yaml.int() }
}

extension Double: YAMLReadable {
    public init(yaml: YAMLNode) throws { self = try yaml.double() }
}

extension Array: YAMLReadable where Element: YAMLReadable {
    public init(yaml: YAMLNode) throws { self = try yaml.list().map { try Element(yaml: $0) } }
}

extension Severity: YAMLReadable {
    public init(yaml: YAMLNode) throws {
        let text = try yaml.string().lowercased()
        guard let value = Severity(rawValue: text == "note" ? "info" : text) else {
            throw yaml.error("'\(yaml.keyPath)' must be error, warning or info, not '\(text)'")
        }
        self = value
    }
}

extension Channel: YAMLReadable {
    public init(yaml: YAMLNode) throws {
        let text = try yaml.string()
        guard let channel = Channel(name: text) else {
            throw yaml.error("unknown channel '\(text)'; expected one of \(Channel.acceptedNames)")
        }
        self = channel
    }
}

extension Region: YAMLReadable {
    public init(yaml: YAMLNode) throws {
        let text = try yaml.string()
        guard let region = Region(code: text) else {
            throw yaml.error("unknown region '\(text)'; expected an ISO 3166-1 alpha-2 code (US), an ISO 3166-2 code (US-NY) or GLOBAL")
        }
        self = region
    }
}

extension TimeZone: YAMLReadable {
    public init(yaml: YAMLNode) throws {
        let text = try yaml.string()
        guard let zone = TimeZones.named(text) else {
            throw yaml.error("unknown time zone '\(text)'; use an IANA name such as America/New_York or UTC")
        }
        self = zone
    }
}

/// Spelling help for messages.
public enum Spelling {
    /// The candidate closest to `word` by edit distance, if it is close enough to be a likely typo.
    public static func closest(to word: String, among candidates: [String]) -> String? {
        let limit = word.count <= 4 ? 1 : max(2, word.count / 3)
        var best: (String, Int)?
        for candidate in Set(candidates) {
            let distance = editDistance(word.lowercased(), candidate.lowercased())
            if distance <= limit, distance < (best?.1 ?? Int.max) || (distance == best?.1 && candidate < best!.0) {
                best = (candidate, distance)
            }
        }
        return best?.0
    }

    /// Levenshtein distance over characters.
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}

extension YAMLNode: YAMLReadable {
    /// The node itself, for reading nested mappings later.
    public init(yaml: YAMLNode) throws { self = yaml }
}

extension Node {
    /// Whether the node is a mapping.
    var isMapping: Bool {
        if case .mapping = self { return true }
        return false
    }
}
