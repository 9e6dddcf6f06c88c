import Foundation

/// How strongly two words are separated in normalized text.
public enum WordBreak: UInt8, Sendable, Comparable {
    /// No break: the start of the text, before anything was seen.
    case none = 0
    /// Spaces, a single line break, hyphens, dashes, slashes, quotes, brackets, emoji.
    case soft = 1
    /// A comma, semicolon or colon.
    case clause = 2
    /// The end of a sentence (`.`, `!`, `?`, `…`) or of a paragraph (a blank line).
    case sentence = 3

    public static func < (lhs: WordBreak, rhs: WordBreak) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Receives the normalized form of a text from `TextNormalizer`, one folded word byte at a time,
/// with a break between words.
protocol NormalizedTextSink {
    /// One byte of a folded word character that came from the source bytes `start..<end`.
    mutating func wordByte(_ byte: UInt8, from start: Int, to end: Int, inHashtag: Bool)
    /// A combining mark folded away after the last word byte: that byte's source now ends at `end`.
    mutating func extendLastWordByte(to end: Int)
    /// The break before the next word (runs of separators arrive as one break, the strongest of
    /// the run), or the break that ends the text (`isEnd`).
    mutating func wordBreak(_ strength: WordBreak, isEnd: Bool)
    /// A run of ASCII letters and digits outside a hashtag, `bytes[range]`, to be read lower-cased:
    /// one call instead of one `wordByte` per byte, so a sink can keep its state in registers.
    mutating func asciiWordRun(_ bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>)
}

extension NormalizedTextSink {
    mutating func asciiWordRun(_ bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>) {
        for index in range { wordByte(bytes[index] | 0x20, from: index, to: index + 1, inHashtag: false) }
    }
}

/// Normalizes text for matching, in one pass over its UTF-8 bytes, keeping every output byte's
/// source range so matches map back to exact positions.
///
/// The normalized form is what lexicon terms and the text are compared in:
/// - Unicode compatibility decomposition (NFKD, so `ﬁ`, fullwidth `ｋｉｌｌ` and `𝐤𝐢𝐥𝐥` read as
///   ASCII), combining accents removed (`café` and `cafe` are the same word), case folded.
/// - Curly apostrophes read as `'`, kept only inside a word (`don’t` is `don't`).
/// - Words are runs of letters and digits. Everything else separates words, collapsed into one
///   break per run: spaces, hyphens, dashes, slashes, quotes and emoji are soft breaks; commas,
///   semicolons and colons break a clause; `.`, `!`, `?`, `…` and blank lines end a sentence. A
///   comma or full stop between two ASCII digits is part of the number (`2,000`, `1.5`).
///   A phrase matches across soft breaks only (`killer-deal` is `killer deal`; `killer. Deal` is not).
/// - Hashtags are split into words: at underscores, at case changes and between letters and
///   digits (`#KillerDeal`, `#killer_deal`, `#KILLERDeal` are `killer deal`). A hashtag written in
///   one case (`#KILLERDEAL`) stays one word; the matcher finds known multi-word terms inside it.
/// - @mentions and $cashtags are names, not prose: they are skipped.
/// - Asterisks inside a word are part of it (`f*ck`, `a**hole`), so censored spellings match; so
///   are one to three of `!`, `@`, `$` (and `*`) between two letters outside a hashtag and an
///   address (`sh!t`, `f@ck`, `a$$hole`, `motherf@cker`), read as asterisks (`sh*t`); a `!` only
///   in a short word before a small letter (see `isCensoringRun`).
/// - Zero-width characters (joiners, variation selectors, soft hyphens) are ignored.
enum TextNormalizer {
    /// What an ASCII byte does.
    enum ASCIIAction: UInt8 {
        case symbol, lower, upper, digit, apostrophe, hash, at, dollar, underscore, space, newline, carriageReturn, clause, sentence

        var isWord: Bool { self == .lower || self == .upper || self == .digit }
        var isLetter: Bool { self == .lower || self == .upper }
    }

    /// The actions as raw memory, allocated once and never freed, so a pass reads them without
    /// touching a reference count.
    nonisolated(unsafe) static let asciiActionTable: UnsafePointer<ASCIIAction> = {
        let table = UnsafeMutablePointer<ASCIIAction>.allocate(capacity: 128)
        table.initialize(from: asciiActions, count: 128)
        return UnsafePointer(table)
    }()

    static let asciiActions: [ASCIIAction] = (0..<128).map { value -> ASCIIAction in
        switch UInt8(value) {
        case UInt8(ascii: "a")...UInt8(ascii: "z"): .lower
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): .upper
        case UInt8(ascii: "0")...UInt8(ascii: "9"): .digit
        case UInt8(ascii: "'"): .apostrophe
        case UInt8(ascii: "#"): .hash
        case UInt8(ascii: "@"): .at
        case UInt8(ascii: "$"): .dollar
        case UInt8(ascii: "_"): .underscore
        case 0x20, 0x09, 0x0B, 0x0C: .space
        case 0x0A: .newline
        case 0x0D: .carriageReturn
        case UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ":"): .clause
        case UInt8(ascii: "."), UInt8(ascii: "!"), UInt8(ascii: "?"): .sentence
        default: .symbol
        }
    }

    /// Normalizes `bytes` (UTF-8; invalid sequences read as separators) into `sink`.
    @inline(__always)
    static func run<Sink: NormalizedTextSink>(_ bytes: UnsafeBufferPointer<UInt8>, into sink: inout Sink) {
        let count = bytes.count
        var state = State()
        let actions = asciiActionTable
        do {
            @inline(__always) func action(at index: Int) -> ASCIIAction? {
                guard index < count else { return nil }
                let byte = bytes[index]
                return byte < 0x80 ? actions[Int(byte)] : nil
            }
            // Whether a word (letter or digit, ASCII or not) starts at `index`.
            @inline(__always) func wordStarts(at index: Int) -> Bool {
                guard index < count else { return false }
                return bytes[index] >= 0xC0 || actions[Int(bytes[index] & 0x7F)].isWord && bytes[index] < 0x80
            }
            @inline(__always) func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
            @inline(__always) func letterStarts(at index: Int) -> Bool {
                guard index < count else { return false }
                return bytes[index] >= 0xC0 || actions[Int(bytes[index] & 0x7F)].isLetter && bytes[index] < 0x80
            }

            // Where a censoring run that starts at `index`, right after a word, ends, if the symbols
            // there stand for letters of the word: asterisks before a letter or digit (`f*ck`,
            // `a**hole`); or, outside a hashtag, one to three symbols of `*!@$` with at least one of
            // `!@$`, between two ASCII letters (`f@ck`, `a$$hole`, `motherf@cker`) but not in an
            // address (`info@brand.com`). A `!` may be a missing space after a sentence, so with
            // one the letter after must be small and the word short (`sh!t`, `b!tch`, `bullsh!t`:
            // three letters or fewer before the run, or two or fewer after it); `today!Shop` and
            // `insane!!!shop` keep their break.
            @inline(__always) func censoredRunEnd(from index: Int, inHashtag: Bool) -> Int? {
                var end = index
                var onlyAsterisks = true
                var hasExclamation = false
                while end < count {
                    switch bytes[end] {
                    case UInt8(ascii: "*"): break
                    case UInt8(ascii: "!"): onlyAsterisks = false; hasExclamation = true
                    case UInt8(ascii: "@"), UInt8(ascii: "$"): onlyAsterisks = false
                    default:
                        if onlyAsterisks { return wordStarts(at: end) ? end : nil }
                        return isCensoringRun(index..<end, inHashtag: inHashtag, hasExclamation: hasExclamation) ? end : nil
                    }
                    end += 1
                }
                return nil
            }
            @inline(__always) func isASCIILetter(at index: Int) -> Bool {
                index >= 0 && index < count && bytes[index] < 0x80 && actions[Int(bytes[index])].isLetter
            }
            func isCensoringRun(_ run: Range<Int>, inHashtag: Bool, hasExclamation: Bool) -> Bool {
                guard !inHashtag, run.count <= 3, isASCIILetter(at: run.lowerBound - 1), isASCIILetter(at: run.upperBound) else { return false }
                var after = 0
                while isASCIILetter(at: run.upperBound + after) { after += 1 }
                guard hasExclamation else {
                    // An address: the word after goes on with `.` and a letter.
                    let next = run.upperBound + after
                    return !(next < count && bytes[next] == UInt8(ascii: ".") && isASCIILetter(at: next + 1))
                }
                guard action(at: run.upperBound) == .lower else { return false }
                var before = 0
                while before < 4, isASCIILetter(at: run.lowerBound - 1 - before) { before += 1 }
                return before <= 3 || after <= 2
            }

            var index = 0
            while index < count {
                let byte = bytes[index]
                guard byte >= 0x80 else {
                    let kind = actions[Int(byte)]
                    // Symbols that censor a word (`f*ck`, `sh!t`) are part of it, read as asterisks.
                    if state.previousWasWord,
                       byte == UInt8(ascii: "*") || byte == UInt8(ascii: "!") || byte == UInt8(ascii: "@") || byte == UInt8(ascii: "$"),
                       let end = censoredRunEnd(from: index, inHashtag: state.inHashtag) {
                        for star in index..<end { sink.wordByte(UInt8(ascii: "*"), from: star, to: star + 1, inHashtag: false) }
                        index = end
                        continue
                    }
                    switch kind {
                    case .lower, .upper, .digit:
                        if state.inHashtag {
                            state.splitHashtag(before: kind, nextIsLower: action(at: index + 1) == .lower)
                            state.flush(&sink)
                            sink.wordByte(byte | 0x20, from: index, to: index + 1, inHashtag: true)
                            state.afterWord()
                            index += 1
                            continue
                        }
                        // A run of ASCII letters and digits outside a hashtag, fed without dispatch.
                        // (`| 0x20` lower-cases a capital and leaves small letters and digits alone.)
                        state.flush(&sink)
                        var next = index + 1
                        while next < count, bytes[next] < 0x80 {
                            if actions[Int(bytes[next])].isWord {
                                next += 1
                            } else if bytes[next] == UInt8(ascii: ",") || bytes[next] == UInt8(ascii: "."), next + 1 < count,
                                      isDigit(bytes[next - 1]), isDigit(bytes[next + 1]) {
                                // A separator between digits belongs to the number (`2,000`, `1.5`).
                                next += 2
                            } else {
                                break
                            }
                        }
                        sink.asciiWordRun(bytes, range: index..<next)
                        state.afterWord()
                        index = next
                        continue
                    case .apostrophe:
                        if state.previousWasWord, letterStarts(at: index + 1) {
                            state.inHashtag = false
                            sink.wordByte(UInt8(ascii: "'"), from: index, to: index + 1, inHashtag: false)
                        } else {
                            state.separate(.soft)
                        }
                    case .hash:
                        let startsTag = !state.previousWasWord && wordStarts(at: index + 1)
                        state.separate(.soft)
                        if startsTag { state.startHashtag() }
                    case .at, .dollar:
                        // @mentions and $cashtags name accounts and tickers: skip the name.
                        let isName = !state.previousWasWord && (kind == .at ? wordStarts(at: index + 1) : action(at: index + 1) == .upper)
                        state.separate(.soft)
                        if isName {
                            var end = index + 1
                            while end < count, bytes[end] >= 0x80 || actions[Int(bytes[end])].isWord || bytes[end] == UInt8(ascii: "_") {
                                end += 1
                            }
                            index = end
                            continue
                        }
                    case .underscore:
                        // Underscores split a hashtag into words (`#killer_deal`) without ending it.
                        if state.inHashtag {
                            state.pending = max(state.pending, .soft)
                            state.previousWasWord = false
                        } else {
                            state.separate(.soft)
                        }
                    case .space, .symbol:
                        state.separate(.soft)
                    case .newline:
                        state.newline()
                    case .carriageReturn:
                        if action(at: index + 1) != .newline { state.newline() }
                    case .clause:
                        state.separate(.clause)
                    case .sentence:
                        state.separate(.sentence)
                    }
                    index += 1
                    continue
                }
                // A non-ASCII scalar.
                guard let (scalar, length) = decode(bytes, at: index) else {
                    state.separate(.soft)
                    index += 1
                    continue
                }
                let end = index + length
                switch ScalarFolding.classify(scalar) {
                case .ignore:
                    break
                case .combiningAccent:
                    if state.previousWasWord { sink.extendLastWordByte(to: end) }
                case .apostrophe:
                    if state.previousWasWord, letterStarts(at: end) {
                        state.inHashtag = false
                        sink.wordByte(UInt8(ascii: "'"), from: index, to: end, inHashtag: false)
                    } else {
                        state.separate(.soft)
                    }
                case .separator(let strength):
                    state.separate(strength)
                case .word(let folded, let isUppercase):
                    if state.inHashtag { state.splitHashtag(before: isUppercase ? .upper : .lower, nextIsLower: false) }
                    state.flush(&sink)
                    for byte in folded { sink.wordByte(byte, from: index, to: end, inHashtag: state.inHashtag) }
                    state.afterWord()
                }
                index = end
            }
        }
        state.pending = max(state.pending, .soft)
        sink.wordBreak(state.pending, isEnd: true)
    }

    /// Normalizes a whole string.
    static func run<Sink: NormalizedTextSink>(_ text: String, into sink: inout Sink) {
        var text = text
        text.withUTF8 { run($0, into: &sink) }
    }

    /// The scalar at `index` and its length in bytes, or nil for an invalid sequence.
    @inline(__always)
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (Unicode.Scalar, Int)? {
        let lead = bytes[index]
        let count = bytes.count
        @inline(__always) func continuation(_ offset: Int) -> UInt32? {
            guard index + offset < count else { return nil }
            let byte = bytes[index + offset]
            return byte & 0xC0 == 0x80 ? UInt32(byte & 0x3F) : nil
        }
        let value: UInt32
        let length: Int
        if lead & 0xE0 == 0xC0 {
            guard let b1 = continuation(1) else { return nil }
            value = UInt32(lead & 0x1F) << 6 | b1
            length = 2
            if value < 0x80 { return nil }
        } else if lead & 0xF0 == 0xE0 {
            guard let b1 = continuation(1), let b2 = continuation(2) else { return nil }
            value = UInt32(lead & 0x0F) << 12 | b1 << 6 | b2
            length = 3
            if value < 0x800 { return nil }
        } else if lead & 0xF8 == 0xF0 {
            guard let b1 = continuation(1), let b2 = continuation(2), let b3 = continuation(3) else { return nil }
            value = UInt32(lead & 0x07) << 18 | b1 << 12 | b2 << 6 | b3
            length = 4
            if value < 0x10000 { return nil }
        } else {
            return nil
        }
        guard let scalar = Unicode.Scalar(value) else { return nil }
        return (scalar, length)
    }

    /// The running state of one pass: the break waiting to be reported, and hashtag splitting.
    private struct State {
        var pending: WordBreak = .soft
        /// Whether the last character seen was part of a word (so `C#` is no hashtag, and for
        /// apostrophes and combining marks).
        var previousWasWord = false
        var newlines = 0
        var inHashtag = false
        /// The kind of the previous character inside a hashtag; `nil` at its start.
        var hashtagPrevious: ASCIIAction?

        @inline(__always)
        mutating func flush<Sink: NormalizedTextSink>(_ sink: inout Sink) {
            if pending != .none {
                sink.wordBreak(pending, isEnd: false)
                pending = .none
            }
        }

        @inline(__always)
        mutating func afterWord() {
            previousWasWord = true
            newlines = 0
        }

        @inline(__always)
        mutating func separate(_ strength: WordBreak) {
            if strength > pending { pending = strength }
            previousWasWord = false
            inHashtag = false
        }

        mutating func newline() {
            newlines += 1
            separate(newlines >= 2 ? .sentence : .soft)
        }

        mutating func startHashtag() {
            inHashtag = true
            hashtagPrevious = nil
        }

        /// Splits a hashtag before a character where its words change: a capital after a small
        /// letter (`killerDeal`), the last capital of a run before small letters (`KILLERDeal`),
        /// and letters next to digits (`Top10`).
        @inline(__always)
        mutating func splitHashtag(before kind: ASCIIAction, nextIsLower: Bool) {
            let previous = hashtagPrevious
            hashtagPrevious = kind
            guard let previous else { return }
            let split = (previous == .lower && kind == .upper)
                || (previous == .upper && kind == .upper && nextIsLower)
                || ((previous == .digit) != (kind == .digit))
            if split, pending < .soft { pending = .soft }
        }
    }
}

/// How one non-ASCII scalar reads in normalized text.
enum ScalarFolding {
    enum Action {
        case ignore
        /// A combining accent (U+0300–U+036F): dropped, so `cafe` + U+0301 reads as `cafe`.
        case combiningAccent
        case apostrophe
        case separator(WordBreak)
        /// A letter or digit, folded to these UTF-8 bytes.
        case word(ArraySlice<UInt8>, isUppercase: Bool)
    }

    /// Folded forms of U+0080–U+024F (Latin-1 and Latin Extended), computed once.
    private static let latin: [Action] = (0x80...0x24F).map { compute(Unicode.Scalar(UInt32($0))!) }

    @inline(__always)
    static func classify(_ scalar: Unicode.Scalar) -> Action {
        let value = scalar.value
        if value <= 0x24F { return latin[Int(value) - 0x80] }
        switch value {
        case 0x300...0x36F: return .combiningAccent
        case 0x2018, 0x2019, 0x02BC, 0xFF07: return .apostrophe
        case 0x200B...0x200F, 0x2060...0x2064, 0xFEFF, 0xFE00...0xFE0F, 0xE0000...0xE007F, 0xE0100...0xE01EF, 0x20D0...0x20FF:
            return .ignore
        case 0x2000...0x200A, 0x2028, 0x202F, 0x205F, 0x3000, 0x1680: return .separator(.soft)
        case 0x2029: return .separator(.sentence)
        case 0x2010...0x2015, 0x2212, 0xFE58, 0xFE63, 0xFF0D: return .separator(.soft)
        case 0x201A...0x201F, 0x2039, 0x203A: return .separator(.soft)
        case 0x2026, 0x3002, 0xFF01, 0xFF0E, 0xFF1F: return .separator(.sentence)
        case 0x1F000...0x1FAFF, 0x2190...0x21FF, 0x2300...0x27BF, 0x2B00...0x2BFF: return .separator(.soft)
        case 0xFF21...0xFF3A: return .word(ArraySlice([UInt8(value - 0xFF21) + 0x61]), isUppercase: true)
        case 0xFF41...0xFF5A: return .word(ArraySlice([UInt8(value - 0xFF41) + 0x61]), isUppercase: false)
        case 0xFF10...0xFF19: return .word(ArraySlice([UInt8(value - 0xFF10) + 0x30]), isUppercase: false)
        default: return compute(scalar)
        }
    }

    /// The folding of a scalar from its Unicode properties: NFKD, combining accents removed,
    /// lower-cased, with the full case foldings lower-casing misses (`ß` is `ss`, `ς` is `σ`).
    static func compute(_ scalar: Unicode.Scalar) -> Action {
        let properties = scalar.properties
        switch properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber, .spacingMark, .nonspacingMark:
            if (0x300...0x36F).contains(scalar.value) { return .combiningAccent }
            switch scalar.value {
            case 0xDF, 0x1E9E: return .word(ArraySlice(Array("ss".utf8)), isUppercase: scalar.value == 0x1E9E)
            case 0x3C2: return .word(ArraySlice(Array("σ".utf8)), isUppercase: false)
            default: break
            }
            let decomposed = String(scalar).decomposedStringWithCompatibilityMapping.lowercased()
            var bytes: [UInt8] = []
            for piece in decomposed.unicodeScalars where !(0x300...0x36F).contains(piece.value) {
                if piece.value == 0xDF { bytes += Array("ss".utf8); continue }
                let properties = piece.properties
                guard properties.isAlphabetic || properties.numericType != nil || properties.generalCategory == .nonspacingMark
                        || properties.generalCategory == .spacingMark else { continue }
                bytes += Array(String(piece).utf8)
            }
            if bytes.isEmpty { return .ignore }
            return .word(ArraySlice(bytes), isUppercase: properties.isUppercase || properties.generalCategory == .titlecaseLetter)
        case .enclosingMark, .format:
            return .ignore
        case .spaceSeparator, .control:
            return .separator(.soft)
        case .lineSeparator:
            return .separator(.soft)
        case .paragraphSeparator:
            return .separator(.sentence)
        default:
            if properties.isSentenceTerminal { return .separator(.sentence) }
            if properties.isTerminalPunctuation { return .separator(.clause) }
            return .separator(.soft)
        }
    }
}
