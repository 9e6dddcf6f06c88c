import Foundation

/// The words in `lexicons/bait-context.yml` that name a death, an injury, a disaster or a
/// vulnerable group, compiled once into the lexicon's one-pass matcher. Engagement bait beside one
/// of them is an error.
struct BaitContext: Sendable {
    /// What a word names.
    enum Kind: String, Sendable, CaseIterable {
        case death, injury, disaster, vulnerable

        /// Completes "beside …".
        var phrase: String {
            switch self {
            case .death: "a death"
            case .injury: "an injury"
            case .disaster: "a disaster"
            case .vulnerable: "a vulnerable group"
            }
        }
    }

    /// A word of the list in a text.
    struct Mention: Sendable, Hashable {
        var range: Range<Int>
        var kind: Kind
    }

    private let matcher: TermMatcher
    private let kinds: [Kind]

    /// The built-in list, read once per process.
    static let shared: BaitContext = {
        do {
            return try BaitContext(yaml: EmbeddedResources.files["bait-context.yml"] ?? "", path: "lexicons/bait-context.yml")
        } catch {
            preconditionFailure("built-in lexicons/bait-context.yml is invalid: \(error)")
        }
    }()

    /// - Throws: `YAMLError` for a file that is not a mapping of the four kinds to lists of words.
    init(yaml: String, path: String) throws {
        let root = try StrictYAML.parse(yaml, path: path).mapping()
        var keys: [TermMatcher.Key] = []
        var kinds: [Kind] = []
        for kind in Kind.allCases {
            for word in try root.read(kind.rawValue, as: [String].self) ?? [] {
                keys.append(TermMatcher.Key(word, payload: kinds.count, placement: .words))
                kinds.append(kind)
            }
        }
        try root.finish()
        matcher = TermMatcher(keys: keys)
        self.kinds = kinds
    }

    /// The first word of the list in a text, if any.
    func firstMention(in text: String) -> Mention? {
        matcher.matches(in: text).min { $0.range.lowerBound < $1.range.lowerBound }.map {
            Mention(range: $0.range, kind: kinds[$0.payload])
        }
    }
}
