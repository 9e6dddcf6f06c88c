import Foundation

/// Whether a claim found in a text is denied rather than made: "our tea does not cure anxiety",
/// "there are no guaranteed returns", or the supplement disclaimer "not intended to diagnose,
/// treat, cure or prevent any disease". For categories marked `claim` (`LexiconCategory.isClaim`).
enum ClaimDenial {
    /// Words that deny what follows them within a few words.
    static let negators: Set<Substring> = ["not", "no", "never", "nor", "neither", "cannot", "without"]
    /// How many words before a claim a negator may stand: "is not a cure for" denies, "don't wait
    /// to double your money" does not.
    static let reach = 2
    /// Words after a negator that turn it into a call to act or a claim of more: "not only cures",
    /// "doesn't just", "don't miss guaranteed returns".
    static let notDenying: Set<Substring> = ["only", "just", "miss", "wait", "forget", "hesitate", "delay"]

    /// Whether the claim at `range` (UTF-8 offsets of `text`) is denied: a negator among the
    /// `reach` words before it in its clause (`not`, `no`, `never`, `don't`, `doesn't` …, but not
    /// "why not" nor one followed by a word of `notDenying`), or a sentence that is the
    /// supplement disclaimer.
    static func isDenied(_ range: Range<Int>, in text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard range.lowerBound <= bytes.count else { return false }
        let sentence = sentenceBounds(around: range, in: bytes)
        let sentenceText = String(decoding: bytes[sentence], as: UTF8.self).lowercased()
        if ["diagnose", "treat", "cure", "prevent"].contains(where: { sentenceText.contains("not intended to \($0)") }) {
            return true
        }
        var clauseStart = range.lowerBound
        while clauseStart > sentence.lowerBound, ![UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ":")].contains(bytes[clauseStart - 1]) {
            clauseStart -= 1
        }
        let before = String(decoding: bytes[clauseStart..<range.lowerBound], as: UTF8.self).lowercased()
            .replacingOccurrences(of: "\u{2019}", with: "'")
        let words = before.split { !($0.isLetter || $0 == "'") }.suffix(reach)
        let following = String(decoding: bytes[range], as: UTF8.self).lowercased().split { !$0.isLetter }.first
        for (offset, word) in words.enumerated() {
            guard negators.contains(word) || word.hasSuffix("n't") else { continue }
            let index = words.index(words.startIndex, offsetBy: offset)
            let previous = index > words.startIndex ? words[words.index(before: index)] : nil
            let next = words.index(after: index) < words.endIndex ? words[words.index(after: index)] : following
            if word == "not", previous == "why" { continue }
            if let next, notDenying.contains(next) { continue }
            return true
        }
        return false
    }

    /// The sentence holding `range`: from after the last `.`, `!`, `?` or line break before it to
    /// the first after it.
    private static func sentenceBounds(around range: Range<Int>, in bytes: [UInt8]) -> Range<Int> {
        let ends: Set<UInt8> = [UInt8(ascii: "."), UInt8(ascii: "!"), UInt8(ascii: "?"), 0x0A, 0x0D]
        var start = min(range.lowerBound, bytes.count)
        while start > 0, !ends.contains(bytes[start - 1]) { start -= 1 }
        var end = min(range.upperBound, bytes.count)
        while end < bytes.count, !ends.contains(bytes[end]) { end += 1 }
        return start..<end
    }
}
