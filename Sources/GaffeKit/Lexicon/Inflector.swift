/// A grammatical form of a word, as the inflector makes it from a lexicon entry.
public enum WordForm: String, Sendable, Hashable, CaseIterable, Codable {
    case base
    /// `deal` → `deals`
    case plural
    /// `killer` → `killer's`
    case possessive
    /// `killers'`, `men's`
    case pluralPossessive = "plural-possessive"
    /// `shoot` → `shoots`
    case thirdPerson = "third-person"
    /// `shoot` → `shooting`
    case presentParticiple = "present-participle"
    /// `blow` → `blew`
    case past
    /// `blow` → `blown`
    case pastParticiple = "past-participle"
    /// `crazy` → `crazier`
    case comparative
    /// `crazy` → `craziest`
    case superlative
}

/// The parts of speech an entry is inflected as.
public struct InflectionKinds: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Plural and possessive of the last word (or the `head`).
    public static let noun = InflectionKinds(rawValue: 1)
    /// `-s`, `-ing`, past and past participle of the first word (or the `head`).
    public static let verb = InflectionKinds(rawValue: 2)
    /// Comparative and superlative of the last word (or the `head`).
    public static let adjective = InflectionKinds(rawValue: 4)

    /// The names used in pack files.
    public static let names: [(String, InflectionKinds)] = [("noun", .noun), ("verb", .verb), ("adjective", .adjective)]

    /// The forms each kind makes.
    public var forms: [WordForm] {
        var forms: [WordForm] = []
        if contains(.noun) { forms += [.plural, .possessive, .pluralPossessive] }
        if contains(.verb) { forms += [.thirdPerson, .presentParticiple, .past, .pastParticiple] }
        if contains(.adjective) { forms += [.comparative, .superlative] }
        return forms
    }
}

/// Makes English inflections from a small table of irregular words (`lexicons/english/`) and the
/// regular spelling rules: `-s`/`-es`/`-ies`, `-ing` with a silent `e` dropped or a final consonant
/// doubled (`stab` → `stabbing`), `-ed`/`-d`/`-ied`, `-er`/`-est`.
public struct Inflector: Sendable {
    private struct Verb: Sendable {
        var past: [String]
        var participle: [String]
        var presentParticiple: [String]
        var thirdPerson: [String]
    }

    private let verbs: [String: Verb]
    private let nouns: [String: [String]]

    /// The inflector for the built-in irregular-word tables.
    public static let english: Inflector = Inflector(
        verbs: EmbeddedResources.files["english/irregular-verbs.tsv"] ?? "",
        nouns: EmbeddedResources.files["english/irregular-nouns.tsv"] ?? "")

    /// Builds an inflector from the tab-separated tables (see `lexicons/english/`).
    public init(verbs verbTable: String, nouns nounTable: String) {
        func rows(_ table: String) -> [[String]] {
            table.split(whereSeparator: \.isNewline).compactMap { line in
                guard !line.hasPrefix("#"), !line.allSatisfy(\.isWhitespace) else { return nil }
                return line.split(separator: "\t", omittingEmptySubsequences: false).map { String($0) }
            }
        }
        func alternatives(_ column: String?) -> [String] {
            (column ?? "").split(separator: "|").map(String.init).filter { !$0.isEmpty }
        }
        var verbs: [String: Verb] = [:]
        for columns in rows(verbTable) where columns.count >= 3 {
            let base = columns[0]
            verbs[base] = Verb(past: alternatives(columns[1]), participle: alternatives(columns[2]),
                               presentParticiple: alternatives(columns.count > 3 ? columns[3] : nil),
                               thirdPerson: alternatives(columns.count > 4 ? columns[4] : nil))
        }
        var nouns: [String: [String]] = [:]
        for columns in rows(nounTable) where columns.count >= 2 {
            nouns[columns[0]] = alternatives(columns[1])
        }
        self.verbs = verbs
        self.nouns = nouns
    }

    /// The forms of a word for the given kinds, without the base form; empty for words that are
    /// not plain lower-case letters.
    public func forms(of word: String, as kinds: InflectionKinds) -> [(form: WordForm, word: String)] {
        guard Inflector.isInflectable(word) else { return [] }
        var result: [(WordForm, String)] = []
        for form in kinds.forms {
            for inflected in inflect(word, to: form) where inflected != word {
                result.append((form, inflected))
            }
        }
        return result
    }

    /// A word in one form (several where English allows more than one spelling).
    public func inflect(_ word: String, to form: WordForm) -> [String] {
        guard Inflector.isInflectable(word) else { return [word] }
        switch form {
        case .base: return [word]
        case .plural: return plural(word)
        case .possessive: return [word + "'s"]
        case .pluralPossessive: return plural(word).map { $0.hasSuffix("s") ? $0 : $0 + "'s" }
        case .thirdPerson: return verbs[word].flatMap { $0.thirdPerson.isEmpty ? nil : $0.thirdPerson } ?? [sibilantPlural(word)]
        case .presentParticiple: return verbs[word].flatMap { $0.presentParticiple.isEmpty ? nil : $0.presentParticiple } ?? [ing(word)]
        case .past: return verbs[word].map(\.past) ?? [ed(word)]
        case .pastParticiple: return verbs[word].map(\.participle) ?? [ed(word)]
        case .comparative: return [comparison(word, "er")]
        case .superlative: return [comparison(word, "est")]
        }
    }

    static func isInflectable(_ word: String) -> Bool {
        !word.isEmpty && word.utf8.allSatisfy { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") }
    }

    private static let vowels: Set<Character> = ["a", "e", "i", "o", "u"]

    private func isVowel(_ character: Character?) -> Bool {
        character.map { Inflector.vowels.contains($0) } ?? false
    }

    private func plural(_ word: String) -> [String] {
        if let irregular = nouns[word] { return irregular }
        if word.hasSuffix("man"), word.count > 3 { return [String(word.dropLast(3)) + "men"] }
        return [sibilantPlural(word)]
    }

    /// `-s`, `-es` after a sibilant, `-ies` after a consonant and `y`.
    private func sibilantPlural(_ word: String) -> String {
        if ["s", "x", "z", "ch", "sh"].contains(where: { word.hasSuffix($0) }) { return word + "es" }
        if word.hasSuffix("y"), !isVowel(word.dropLast().last) { return word.dropLast() + "ies" }
        return word + "s"
    }

    /// Whether a one-syllable word ends consonant–vowel–consonant, so its consonant doubles
    /// (`stab` → `stabbed`).
    private func doublesFinalConsonant(_ word: String) -> Bool {
        let letters = Array(word)
        guard letters.count >= 3, let last = letters.last, !isVowel(last), !"wxy".contains(last) else { return false }
        guard isVowel(letters[letters.count - 2]), !isVowel(letters[letters.count - 3]) else { return false }
        var groups = 0
        var previousWasVowel = false
        for letter in letters {
            let vowel = isVowel(letter) || letter == "y" && !previousWasVowel && groups > 0
            if vowel, !previousWasVowel { groups += 1 }
            previousWasVowel = vowel
        }
        return groups == 1
    }

    private func ing(_ word: String) -> String {
        if word.hasSuffix("ie") { return word.dropLast(2) + "ying" }
        if word.hasSuffix("ee") || word.hasSuffix("ye") || word.hasSuffix("oe") { return word + "ing" }
        if word.hasSuffix("e"), word.count > 2 { return word.dropLast() + "ing" }
        if doublesFinalConsonant(word) { return word + String(word.last!) + "ing" }
        return word + "ing"
    }

    private func ed(_ word: String) -> String {
        if word.hasSuffix("e") { return word + "d" }
        if word.hasSuffix("y"), !isVowel(word.dropLast().last) { return word.dropLast() + "ied" }
        if doublesFinalConsonant(word) { return word + String(word.last!) + "ed" }
        return word + "ed"
    }

    private func comparison(_ word: String, _ suffix: String) -> String {
        if word.hasSuffix("e") { return word + suffix.dropFirst() }
        if word.hasSuffix("y"), !isVowel(word.dropLast().last) { return word.dropLast() + "i" + suffix }
        if doublesFinalConsonant(word) { return word + String(word.last!) + suffix }
        return word + suffix
    }
}
