import Foundation

/// A word or pattern that gave a draft its tone, in draft-text coordinates.
public struct ToneSignal: Sendable, Hashable {
    /// `phrase`, or the name of the pattern (`price`, `percent-off`, `code`), or `link`.
    public var kind: String
    public var range: Range<Int>
    public var text: String
}

/// Whether a draft reads as a promotion, as sympathy, or neither, with the evidence.
///
/// A promotion during a disaster is an error where a condolence is not; rules about events,
/// sensitive terms and engagement bait weigh the same evidence, so it is computed in one place.
public struct Tone: Sendable, Hashable {
    public var promotional: [ToneSignal] = []
    public var sympathetic: [ToneSignal] = []
    /// Whether the draft carries a product or shop link (`link` field or in the text).
    public var hasLink = false

    /// Promotional evidence that is not outweighed by sympathy: at least one promotional signal,
    /// and more promotional than sympathetic signals.
    public var isPromotional: Bool {
        !promotional.isEmpty && promotional.count >= sympathetic.count
    }

    /// Sympathetic evidence and no stronger promotional evidence.
    public var isSympathetic: Bool {
        !sympathetic.isEmpty && sympathetic.count > promotional.count
    }

    /// The tone of a draft's prose.
    public static func of(_ draft: Draft) -> Tone {
        ToneLexicon.shared.analyze(draft.prose, text: draft.text, link: draft.metadata.link)
    }

    /// The tone of a piece of text (tests, and rules that look at one sentence).
    public static func of(_ text: String) -> Tone {
        ToneLexicon.shared.analyze(ProseMask.blankingURLs(in: text), text: text, link: nil)
    }
}

/// The embedded `lexicons/tone.yml`, compiled once.
final class ToneLexicon: Sendable {
    static let shared: ToneLexicon = {
        do {
            return try ToneLexicon(yaml: EmbeddedResources.files["tone.yml"] ?? "", path: "lexicons/tone.yml")
        } catch {
            preconditionFailure("built-in lexicons/tone.yml is invalid: \(error)")
        }
    }()

    /// Phrases by their first word, each as its words.
    private let promotionalPhrases: [Substring: [[Substring]]]
    private let sympatheticPhrases: [Substring: [[Substring]]]
    private let patterns: [(String, NSRegularExpression)]

    init(yaml: String, path: String) throws {
        let root = try StrictYAML.parse(yaml, path: path).mapping()
        func phrases(_ section: YAMLMapping) throws -> [Substring: [[Substring]]] {
            var index: [Substring: [[Substring]]] = [:]
            for phrase in try section.read("phrases", as: [String].self) ?? [] {
                let words = ToneLexicon.words(in: phrase.lowercased()).map(\.word)
                guard let first = words.first else { continue }
                index[first, default: []].append(words)
            }
            return index
        }
        let promotional = try root.require("promotional", as: YAMLNode.self).mapping()
        promotionalPhrases = try phrases(promotional)
        var compiled: [(String, NSRegularExpression)] = []
        if let node = promotional.take("patterns") {
            let patternMapping = try node.mapping()
            for name in patternMapping.keys {
                guard let value = patternMapping.take(name) else { continue }
                do {
                    compiled.append((name, try NSRegularExpression(pattern: try value.string(), options: [.caseInsensitive])))
                } catch let error as YAMLError {
                    throw error
                } catch {
                    throw value.error("invalid pattern '\(name)': \(error)")
                }
            }
        }
        patterns = compiled
        try promotional.finish()
        let sympathetic = try root.require("sympathetic", as: YAMLNode.self).mapping()
        sympatheticPhrases = try phrases(sympathetic)
        try sympathetic.finish()
        try root.finish()
    }

    func analyze(_ prose: String, text: String, link: String?) -> Tone {
        var tone = Tone()
        let lowered = prose.lowercased()
        // Lower-casing can change byte lengths for a few scripts; fall back to the original then.
        let source = lowered.utf8.count == prose.utf8.count ? lowered : prose
        let words = ToneLexicon.words(in: source)
        // Signals quote the draft's own text, found at the same offsets.
        tone.promotional = match(promotionalPhrases, words: words, in: source == lowered ? prose : source)
        tone.sympathetic = match(sympatheticPhrases, words: words, in: source == lowered ? prose : source)
        let range = NSRange(text.startIndex..., in: text)
        for (name, pattern) in patterns {
            for result in pattern.matches(in: text, range: range) {
                guard let matched = Range(result.range, in: text) else { continue }
                let lower = text.utf8.distance(from: text.utf8.startIndex, to: matched.lowerBound)
                let upper = text.utf8.distance(from: text.utf8.startIndex, to: matched.upperBound)
                tone.promotional.append(ToneSignal(kind: name, range: lower..<upper, text: String(text[matched])))
            }
        }
        tone.promotional.sort { $0.range.lowerBound < $1.range.lowerBound }
        tone.hasLink = link.map { !$0.isEmpty } ?? false || !ProseMask.urlRanges(in: text).isEmpty
        return tone
    }

    private func match(_ index: [Substring: [[Substring]]], words: [(word: Substring, range: Range<Int>)], in text: String) -> [ToneSignal] {
        var signals: [ToneSignal] = []
        var i = 0
        while i < words.count {
            var matchedLength = 0
            for phrase in index[words[i].word] ?? [] where phrase.count > matchedLength && i + phrase.count <= words.count {
                if zip(phrase, words[i..<(i + phrase.count)]).allSatisfy({ $0 == $1.word }) { matchedLength = phrase.count }
            }
            if matchedLength > 0 {
                let range = words[i].range.lowerBound..<words[i + matchedLength - 1].range.upperBound
                let utf8 = text.utf8
                let phrase = String(decoding: utf8[utf8.index(utf8.startIndex, offsetBy: range.lowerBound)..<utf8.index(utf8.startIndex, offsetBy: range.upperBound)], as: UTF8.self)
                signals.append(ToneSignal(kind: "phrase", range: range, text: phrase))
                i += matchedLength
            } else {
                i += 1
            }
        }
        return signals
    }

    /// Words (letters, digits, apostrophes and inner hyphens) with their UTF-8 ranges.
    static func words(in text: String) -> [(word: Substring, range: Range<Int>)] {
        var result: [(Substring, Range<Int>)] = []
        var start: String.Index?
        var startOffset = 0
        var offset = 0
        for index in text.indices {
            let character = text[index]
            let isWordCharacter = character.isLetter || character.isNumber || character == "'" || character == "’" || character == "-"
            if isWordCharacter, start == nil {
                start = index
                startOffset = offset
            } else if !isWordCharacter, let begin = start {
                result.append((text[begin..<index], startOffset..<offset))
                start = nil
            }
            offset += character.utf8.count
        }
        if let begin = start { result.append((text[begin...], startOffset..<offset)) }
        return result.map { word, range in
            // Leading and trailing apostrophes and hyphens are punctuation, not part of the word.
            var trimmed = word
            var lower = range.lowerBound
            var upper = range.upperBound
            while let first = trimmed.first, first == "'" || first == "’" || first == "-" {
                lower += first.utf8.count
                trimmed = trimmed.dropFirst()
            }
            while let last = trimmed.last, last == "'" || last == "’" || last == "-" {
                upper -= last.utf8.count
                trimmed = trimmed.dropLast()
            }
            return (trimmed, lower..<upper)
        }.filter { !$0.0.isEmpty }
    }
}
