import Foundation

/// A phrase that survives small variations, written over normalized words:
///
/// - `like if you agree`: words, matched like a term's words;
/// - `(like|rt|retweet) if`: one of several alternatives, each one or more words;
/// - `tag a [best] friend`: an optional part (`[a|b]` is an optional choice);
/// - `tag * who`: any one word; `tag *{1,3} who`: one to three words (at most 8);
/// - `comment <number>`: a number (`5`, `2,000`, `1.5`); `<number> kg` also matches `5kg`, a number with the next word
///   written on.
///
/// Alternatives and options expand into plain sequences (at most `maximumExpansions`); each must
/// start with a word, which the matcher finds in its one pass before the rest is checked against
/// the words that follow. Like a term, a pattern does not match across `,` `;` `:` or the end of a
/// sentence.
public struct TokenPattern: Sendable, Hashable {
    /// One position of an expanded pattern.
    public enum Element: Sendable, Hashable {
        case word(String)
        /// Between `min` and `max` words, whatever they are.
        case gap(min: Int, max: Int)
        case number
    }

    /// A pattern the parser cannot read, with the 0-based character offset of the problem.
    public struct SyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
        public var message: String
        public var offset: Int

        public var description: String { message }
    }

    public static let maximumExpansions = 256
    public static let maximumGap = 8

    /// The pattern as written.
    public let source: String
    /// Every plain sequence the pattern stands for.
    public let expansions: [[Element]]

    /// Parses and expands a pattern.
    /// - Throws: `SyntaxError` for unbalanced brackets, empty alternatives, a pattern that does
    ///   not start with a word, bad gaps, or too many expansions.
    public init(_ source: String) throws {
        self.source = source
        var parser = Parser(characters: Array(source))
        let expansions = try parser.parseAlternatives(until: nil)
        if parser.index < parser.characters.count {
            throw SyntaxError(message: "unexpected '\(parser.characters[parser.index])'", offset: parser.index)
        }
        var unique: [[Element]] = []
        var seen: Set<[Element]> = []
        for expansion in expansions where seen.insert(expansion).inserted { unique.append(expansion) }
        guard !unique.isEmpty, unique.allSatisfy({ !$0.isEmpty }) else {
            throw SyntaxError(message: "the pattern can match nothing", offset: 0)
        }
        for expansion in unique {
            guard case .word = expansion.first else {
                throw SyntaxError(message: "every alternative must start with a word, not a wildcard or an optional part", offset: 0)
            }
        }
        self.expansions = unique
    }

    /// The words an expansion starts with (found by the automaton) and the rest (checked after).
    static func split(_ expansion: [Element]) -> (anchor: [String], rest: [Element]) {
        var anchor: [String] = []
        var index = 0
        while index < expansion.count, case .word(let word) = expansion[index] {
            anchor.append(word)
            index += 1
        }
        return (anchor, Array(expansion[index...]))
    }

    /// Matches `rest` against the tokens from `start`; returns the index after the last token
    /// used, or nil. Tokens must follow one another with soft breaks only.
    static func match(_ rest: ArraySlice<Element>, in tokens: [NormalizedToken], from start: Int) -> Int? {
        guard let element = rest.first else { return start }
        let remaining = rest.dropFirst()
        func usable(_ index: Int) -> Bool { index < tokens.count && tokens[index].breakBefore <= .soft }
        switch element {
        case .word(let word):
            guard usable(start), tokens[start].text == word else { return nil }
            return match(remaining, in: tokens, from: start + 1)
        case .number:
            guard usable(start) else { return nil }
            let text = tokens[start].text.utf8
            // Digits, with the separators the normalizer keeps inside a number (`2,000`, `1.5`).
            guard let first = text.first, first >= 0x30 && first <= 0x39 else { return nil }
            let digits = text.prefix { $0 >= 0x30 && $0 <= 0x39 || $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: ".") }.count
            if digits == text.count { return match(remaining, in: tokens, from: start + 1) }
            // A number with its unit written on (`5kg` for `<number> kg`): the token is both.
            guard case .word(let unit)? = remaining.first, text.dropFirst(digits).elementsEqual(unit.utf8) else { return nil }
            return match(remaining.dropFirst(), in: tokens, from: start + 1)
        case .gap(let minimum, let maximum):
            var taken = 0
            while taken < minimum {
                guard usable(start + taken) else { return nil }
                taken += 1
            }
            while true {
                if let end = match(remaining, in: tokens, from: start + taken) { return end }
                guard taken < maximum, usable(start + taken) else { return nil }
                taken += 1
            }
        }
    }

    private struct Parser {
        let characters: [Character]
        var index = 0

        init(characters: [Character]) {
            self.characters = characters
        }

        mutating func parseAlternatives(until closing: Character?) throws -> [[Element]] {
            var alternatives: [[Element]] = []
            var current: [[Element]] = [[]]
            while index < characters.count {
                let character = characters[index]
                if character == closing {
                    break
                } else if character == "|" {
                    alternatives += current
                    current = [[]]
                    index += 1
                } else if character == ")" || character == "]" {
                    throw SyntaxError(message: "unbalanced '\(character)'", offset: index)
                } else if character == "(" || character == "[" {
                    let start = index
                    index += 1
                    let inner = try parseAlternatives(until: character == "(" ? ")" : "]")
                    guard index < characters.count else {
                        throw SyntaxError(message: "'\(character)' is never closed", offset: start)
                    }
                    index += 1
                    var options = inner
                    if character == "[" { options.append([]) } else if inner.contains(where: \.isEmpty) {
                        throw SyntaxError(message: "empty alternative inside '(…)'; use '[…]' for an optional part", offset: start)
                    }
                    current = try combine(current, options, at: start)
                } else if character == "*" {
                    let start = index
                    index += 1
                    var gap = Element.gap(min: 1, max: 1)
                    if index < characters.count, characters[index] == "{" {
                        guard let close = characters[index...].firstIndex(of: "}") else {
                            throw SyntaxError(message: "'{' is never closed", offset: index)
                        }
                        let bounds = String(characters[(index + 1)..<close]).split(separator: ",", omittingEmptySubsequences: false)
                        guard bounds.count == 2, let minimum = Int(String(bounds[0]).trimmingSpaces),
                              let maximum = Int(String(bounds[1]).trimmingSpaces),
                              minimum >= 0, minimum <= maximum, maximum <= TokenPattern.maximumGap, maximum > 0 else {
                            throw SyntaxError(message: "a gap is written *{min,max} with 0 ≤ min ≤ max ≤ \(TokenPattern.maximumGap)", offset: start)
                        }
                        gap = .gap(min: minimum, max: maximum)
                        index = close + 1
                    }
                    current = current.map { $0 + [gap] }
                } else if character == "<" {
                    guard let close = characters[index...].firstIndex(of: ">") else {
                        throw SyntaxError(message: "'<' is never closed", offset: index)
                    }
                    let name = String(characters[(index + 1)..<close])
                    guard name == "number" else {
                        throw SyntaxError(message: "unknown class '<\(name)>'; the only class is <number>", offset: index)
                    }
                    current = current.map { $0 + [.number] }
                    index = close + 1
                } else if character.isWhitespace {
                    index += 1
                } else {
                    let start = index
                    while index < characters.count, !" \t\n()[]|*<{}".contains(characters[index]) { index += 1 }
                    let words = TermMatcher.words(of: String(characters[start..<index]))
                    current = current.map { $0 + words.map { Element.word($0) } }
                }
                if current.count > TokenPattern.maximumExpansions {
                    throw SyntaxError(message: "the pattern expands to more than \(TokenPattern.maximumExpansions) phrases", offset: index)
                }
            }
            alternatives += current
            return alternatives
        }

        private func combine(_ prefixes: [[Element]], _ options: [[Element]], at offset: Int) throws -> [[Element]] {
            guard prefixes.count * options.count <= TokenPattern.maximumExpansions else {
                throw SyntaxError(message: "the pattern expands to more than \(TokenPattern.maximumExpansions) phrases", offset: offset)
            }
            return prefixes.flatMap { prefix in options.map { prefix + $0 } }
        }
    }
}
