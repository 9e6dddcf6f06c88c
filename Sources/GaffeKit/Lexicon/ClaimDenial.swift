import Foundation

/// Whether a claim found in a text is denied rather than made: "our tea does not cure anxiety",
/// "there are no guaranteed returns", or the supplement disclaimer "not intended to diagnose,
/// treat, cure or prevent any disease". For categories marked `claim` (`LexiconCategory.isClaim`).
enum ClaimDenial {
    /// Words that deny what directly follows them.
    static let negators: Set<Substring> = ["not", "no", "never", "nor", "neither", "cannot", "without"]
    /// Words that may stand between a negator and the claim it denies: "is not a cure for",
    /// "has never been clinically proven".
    static let between: Set<Substring> = ["a", "an", "the", "any", "been", "be"]
    /// Phrases that deny what follows them as a negator does: "there is no such thing as a
    /// risk-free investment".
    static let denyingPhrases: [[Substring]] = [["no", "such", "thing", "as"]]
    /// How many words before a claim are read: the longest denying phrase and one of `between`.
    static let wordsLookedAt = (denyingPhrases.map(\.count).max() ?? 1) + 1

    /// Whether the claim at `range` of a text's UTF-8 `bytes` is denied: the word before it in its
    /// clause is a negator (`not`, `no`, `never`, `don't`, `doesn't` …), or one of `between`
    /// after a negator, or a denying phrase ("no such thing as"), with or without one of
    /// `between`; not in a question ("who doesn't want guaranteed returns?"). Or the claim
    /// lies inside the supplement disclaimer, from "not intended to" to "disease".
    static func isDenied(_ range: Range<Int>, in bytes: [UInt8]) -> Bool {
        guard range.upperBound <= bytes.count else { return false }
        let sentence = bytes.sentence(around: range)
        if isInsideDisclaimer(range, sentence: sentence, bytes: bytes) { return true }
        if sentence.upperBound < bytes.count, bytes[sentence.upperBound] == UInt8(ascii: "?") { return false }
        var clauseStart = range.lowerBound
        while clauseStart > sentence.lowerBound, ![UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ":")].contains(bytes[clauseStart - 1]) {
            clauseStart -= 1
        }
        let before = String(decoding: bytes[clauseStart..<range.lowerBound], as: UTF8.self).lowercased()
            .replacingOccurrences(of: "\u{2019}", with: "'")
        let words = Array(before.split { !($0.isLetter || $0.isNumber || $0 == "'") }.suffix(wordsLookedAt))
        func denies(_ word: Substring) -> Bool { negators.contains(word) || word.hasSuffix("n't") }
        guard let last = words.last else { return false }
        if denies(last) { return true }
        if words.count >= 2, between.contains(last), denies(words[words.count - 2]) { return true }
        let phraseEnd = between.contains(last) ? words.count - 1 : words.count
        return denyingPhrases.contains { phrase in
            phraseEnd >= phrase.count && words[(phraseEnd - phrase.count)..<phraseEnd].elementsEqual(phrase)
        }
    }

    /// Whether `range` lies within the supplement disclaimer of its sentence: after "not intended
    /// to diagnose" (or treat, cure, prevent) and before the "disease" that ends it.
    private static func isInsideDisclaimer(_ range: Range<Int>, sentence: Range<Int>, bytes: [UInt8]) -> Bool {
        let lowered = Array(String(decoding: bytes[sentence], as: UTF8.self).lowercased().utf8)
        // Lower-casing keeps ASCII offsets; a sentence whose length changed is not compared.
        guard lowered.count == sentence.count else { return false }
        for verb in ["diagnose", "treat", "cure", "prevent"] {
            guard let start = lowered.firstRange(of: Array("not intended to \(verb)".utf8))?.lowerBound,
                  let end = lowered[start...].firstRange(of: Array("disease".utf8))?.upperBound else { continue }
            if (sentence.lowerBound + start..<sentence.lowerBound + end).contains(range.lowerBound) { return true }
        }
        return false
    }
}
