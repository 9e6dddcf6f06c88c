import Foundation

/// The embedded `lexicons/feeds/vocabulary.yml`: each feed's words for hazards mapped onto
/// `EventKind`, and the default keyword list for generic news feeds. Read once, strictly (an
/// unknown key or kind is an error naming its line, caught by the tests).
final class FeedVocabulary: Sendable {
    static let shared: FeedVocabulary = {
        do {
            return try FeedVocabulary(yaml: EmbeddedResources.files["feeds/vocabulary.yml"] ?? "", path: "lexicons/feeds/vocabulary.yml")
        } catch {
            preconditionFailure("built-in lexicons/feeds/vocabulary.yml is invalid: \(error)")
        }
    }()

    let same: [String: EventKind]
    let vtec: [String: EventKind]
    let capCategories: [String: EventKind]
    let gdacs: [String: EventKind]
    /// Lower-cased NWS event names that stay at severity `info`.
    let lowSignal: Set<String>
    let keywords: KeywordClassifier

    init(yaml: String, path: String) throws {
        let root = try StrictYAML.parse(yaml, path: path).mapping()
        func table(_ key: String, uppercased: Bool = true) throws -> [String: EventKind] {
            let mapping = try root.require(key, as: YAMLNode.self).mapping()
            var result: [String: EventKind] = [:]
            for name in mapping.keys {
                guard let node = mapping.take(name) else { continue }
                result[uppercased ? name.uppercased() : name] = try FeedVocabulary.kind(node)
            }
            try mapping.finish()
            return result
        }
        same = try table("same")
        vtec = try table("vtec")
        capCategories = try table("cap-categories", uppercased: false)
        gdacs = try table("gdacs")
        lowSignal = Set(try root.require("low-signal", as: [String].self).map { $0.lowercased() })
        let keywordMapping = try root.require("keywords", as: YAMLNode.self).mapping()
        var phrases: [String: EventKind] = [:]
        for name in keywordMapping.keys {
            guard let node = keywordMapping.take(name) else { continue }
            guard let kind = EventKind(rawValue: name) else { throw node.error("unknown event kind '\(name)'") }
            for phrase in try node.strings() { phrases[phrase] = kind }
        }
        try keywordMapping.finish()
        keywords = KeywordClassifier(phrases: phrases, ignore: try root.require("ignore", as: [String].self))
        try root.finish()
    }

    private static func kind(_ node: YAMLNode) throws -> EventKind {
        let name = try node.string()
        guard let kind = EventKind(rawValue: name) else { throw node.error("unknown event kind '\(name)'") }
        return kind
    }

    /// The keyword classifier for an import: the defaults with `extra` phrases added on top.
    func keywords(with extra: [String: EventKind]) -> KeywordClassifier {
        extra.isEmpty ? keywords : keywords.adding(extra)
    }
}

/// Names the hazard in a headline from a phrase list: whole words, case- and accent-insensitive,
/// longest phrase at each place, and never inside an `ignore` phrase ("crash course", "flood of
/// orders", "no tropical cyclones"). The first hazard named wins.
struct KeywordClassifier: Sendable {
    /// A hazard named in a text.
    struct Match: Sendable, Hashable {
        var kind: EventKind
        /// The phrase as listed.
        var phrase: String
        /// The words of the text that matched, as written.
        var text: String
    }

    private let phrases: [String: (kind: EventKind, phrase: String)]
    private let ignore: Set<String>
    private let longest: Int
    private let source: (phrases: [String: EventKind], ignore: [String])

    init(phrases: [String: EventKind], ignore: [String]) {
        var table: [String: (EventKind, String)] = [:]
        for (phrase, kind) in phrases {
            let key = KeywordClassifier.words(in: phrase).map(\.word).joined(separator: " ")
            if !key.isEmpty { table[key] = (kind, phrase) }
        }
        self.phrases = table
        self.ignore = Set(ignore.map { KeywordClassifier.words(in: $0).map(\.word).joined(separator: " ") })
        longest = (table.keys.map { $0.split(separator: " ").count } + self.ignore.map { $0.split(separator: " ").count }).max() ?? 1
        source = (phrases, ignore)
    }

    /// The classifier with more phrases, which win over the defaults.
    func adding(_ extra: [String: EventKind]) -> KeywordClassifier {
        KeywordClassifier(phrases: source.phrases.merging(extra) { _, new in new }, ignore: source.ignore)
    }

    /// The first hazard a text names, or nil.
    func classify(_ text: String) -> Match? {
        let words = KeywordClassifier.words(in: text)
        var index = 0
        while index < words.count {
            var advanced = false
            for length in stride(from: min(longest, words.count - index), through: 1, by: -1) {
                let key = words[index..<(index + length)].map(\.word).joined(separator: " ")
                if ignore.contains(key) {
                    index += length
                    advanced = true
                    break
                }
                if let found = phrases[key] {
                    // A longer ignore phrase starting inside this match ("crash course" after
                    // "take a"): check the words the match covers do not begin one.
                    if let blocked = ignoredSpan(words, from: index, covering: length) {
                        index = blocked
                        advanced = true
                        break
                    }
                    let written = words[index..<(index + length)].map(\.original).joined(separator: " ")
                    return Match(kind: found.kind, phrase: found.phrase, text: written)
                }
            }
            if !advanced { index += 1 }
        }
        return nil
    }

    /// The index after an ignore phrase that starts within `from..<from+covering`, if any.
    private func ignoredSpan(_ words: [(word: String, original: String)], from: Int, covering: Int) -> Int? {
        for start in from..<(from + covering) {
            for length in stride(from: min(longest, words.count - start), through: 1, by: -1) {
                let key = words[start..<(start + length)].map(\.word).joined(separator: " ")
                if ignore.contains(key) { return start + length }
            }
        }
        return nil
    }

    /// Words of a text: runs of letters and digits, folded for matching and as written.
    static func words(in text: String) -> [(word: String, original: String)] {
        text.split { !($0.isLetter || $0.isNumber) }.map { original in
            let folded = original.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: Locale(identifier: "en_US_POSIX"))
            return (folded, String(original))
        }
    }
}
