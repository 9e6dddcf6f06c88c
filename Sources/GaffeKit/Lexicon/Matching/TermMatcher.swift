/// Finds many phrases in a text in one pass, after normalization, at word boundaries, and maps
/// every match back to its exact place in the original text.
///
/// The matcher knows nothing of drafts, packs or findings: it takes phrases with an integer
/// payload, and text, and returns payloads with UTF-8 ranges of the text. Lexicons give it their
/// terms, inflected forms, exceptions and allowed phrases together, so one scan serves them all.
///
/// ```swift
/// let matcher = TermMatcher(keys: [.init("killer deal", payload: 1), .init("shoot", payload: 2)])
/// matcher.matches(in: "This #KillerDeal won't last") // [payload 1 at 5..<16]
/// matcher.matches(in: "skill shooting")              // [] ("shoot" is not "shooting")
/// ```
///
/// See `TextNormalizer` for what normalization does. A phrase matches whole words only: its first
/// and last words must not continue in the text (`kill` is not in `skill` or `killing`).
public final class TermMatcher: Sendable {
    /// A phrase to find.
    public struct Key: Sendable, Hashable {
        /// Where a key may match.
        public enum Placement: Sendable, Hashable {
            /// As whole words anywhere in the text.
            case words
            /// Written without spaces anywhere inside a hashtag: `killerdeal` in `#KILLERDEALALERT`.
            case insideHashtag
        }

        public var phrase: String
        public var payload: Int
        public var placement: Placement

        public init(_ phrase: String, payload: Int, placement: Placement = .words) {
            self.phrase = phrase
            self.payload = payload
            self.placement = placement
        }
    }

    /// One occurrence of a key.
    public struct Match: Sendable, Hashable {
        public var payload: Int
        /// UTF-8 offsets in the text, from the first byte of the first word to the end of the last.
        public var range: Range<Int>
        /// Whether any of the matched words is part of a hashtag.
        public var inHashtag: Bool
    }

    /// The longest normalized key the matcher accepts, in bytes.
    public static let maximumKeyLength = 200

    /// Word keys, each with a boundary space at both ends: a match can only start after a break,
    /// which lets a scan skip the rest of a word once the automaton is back at its root.
    private let words: PhraseAutomaton
    /// Keys written without spaces, found anywhere inside one-case hashtags; fed only the bytes
    /// of hashtags.
    private let hashtags: PhraseAutomaton
    /// The two automata's tables as plain pointers (they live as long as the automata, which
    /// this matcher owns), so a scan touches no reference count.
    private let wordTables: PhraseAutomaton.Tables
    private let hashtagTables: PhraseAutomaton.Tables

    /// Compiles keys. Keys that normalize to nothing or are longer than `maximumKeyLength` are
    /// left out (`TermMatcher.normalize` says which).
    public convenience init(keys: [Key]) {
        self.init(normalizedKeys: keys.compactMap { key in
            TermMatcher.normalize(key.phrase).map { (words: $0, payload: key.payload, placement: key.placement) }
        })
    }

    /// Compiles keys already in normalized form (words separated by single spaces), skipping a
    /// second normalization when the caller has the words already (`Lexicon`).
    init(normalizedKeys keys: [(words: [UInt8], payload: Int, placement: Key.Placement)]) {
        var wordPhrases: [[UInt8]] = []
        var wordPayloads: [Int] = []
        var hashtagPhrases: [[UInt8]] = []
        var hashtagPayloads: [Int] = []
        wordPhrases.reserveCapacity(keys.count)
        for key in keys where !key.words.isEmpty && key.words.count <= TermMatcher.maximumKeyLength {
            switch key.placement {
            case .words:
                var phrase = [UInt8]()
                phrase.reserveCapacity(key.words.count + 2)
                phrase.append(0x20)
                phrase += key.words
                phrase.append(0x20)
                wordPhrases.append(phrase)
                wordPayloads.append(key.payload)
            case .insideHashtag:
                let joined = key.words.filter { $0 != 0x20 }
                guard !joined.contains(UInt8(ascii: "|")), !joined.contains(UInt8(ascii: "'")) else { continue }
                hashtagPhrases.append(joined)
                hashtagPayloads.append(key.payload)
            }
        }
        words = PhraseAutomaton(phrases: wordPhrases, values: wordPayloads)
        hashtags = PhraseAutomaton(phrases: hashtagPhrases, values: hashtagPayloads)
        wordTables = words.tables
        hashtagTables = hashtags.tables
    }

    /// The number of automaton states, for statistics.
    public var stateCount: Int { words.stateCount + hashtags.stateCount }
    /// The number of byte classes of the word automaton (the width of a row of its transition
    /// table), for statistics.
    public var classCount: Int { words.tables.classCount }
    /// The number of compiled keys, for statistics.
    public var keyCount: Int { words.phraseCount + hashtags.phraseCount }

    /// The normalized form of a phrase: its words separated by single spaces, with ` | ` where
    /// punctuation breaks a clause or sentence; `nil` when nothing is left.
    public static func normalize(_ phrase: String) -> [UInt8]? {
        var collector = NormalizedCollector()
        TextNormalizer.run(phrase, into: &collector)
        return collector.bytes.isEmpty ? nil : collector.bytes
    }

    /// The normalized form of a phrase as a string (see `normalize(_:)`).
    public static func normalizedText(_ phrase: String) -> String? {
        normalize(phrase).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Every occurrence of every key in `text`, in order of where they end.
    public func matches(in text: String) -> [Match] {
        var text = text
        return text.withUTF8 { matches(in: $0) }
    }

    /// Every occurrence of every key in UTF-8 bytes, in order of where they end.
    public func matches(in bytes: UnsafeBufferPointer<UInt8>) -> [Match] {
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: Feeder.ringSize) { ring in
            var feeder = Feeder(words: wordTables, hashtags: hashtagTables, ring: ring.baseAddress!)
            TextNormalizer.run(bytes, into: &feeder)
            return feeder.found
        }
    }

    /// Feeds normalized bytes through the automata, remembering where the last `ringSize` bytes
    /// came from so a match can be mapped back when its last byte arrives.
    private struct Feeder: NormalizedTextSink {
        static let ringSize = 256
        static let ringMask = ringSize - 1
        // A ring entry: the source start (low 40 bits), the source length (next 16 bits), and
        // whether the byte is part of a hashtag (top bit).
        static let startMask: UInt64 = (1 << 40) - 1
        static let hashtagBit: UInt64 = 1 << 63

        let words: PhraseAutomaton.Tables
        let hashtags: PhraseAutomaton.Tables
        let ring: UnsafeMutablePointer<UInt64>
        var wordRow = 0
        var hashtagRow = 0
        var position = 0
        var found: [Match] = []

        init(words: PhraseAutomaton.Tables, hashtags: PhraseAutomaton.Tables, ring: UnsafeMutablePointer<UInt64>) {
            self.words = words
            self.hashtags = hashtags
            self.ring = ring
        }

        @inline(__always)
        mutating func wordByte(_ byte: UInt8, from start: Int, to end: Int, inHashtag: Bool) {
            ring[position & Feeder.ringMask] = UInt64(truncatingIfNeeded: start) & Feeder.startMask
                | UInt64(truncatingIfNeeded: end - start) << 40 | (inHashtag ? Feeder.hashtagBit : 0)
            let transition = words.transitions[wordRow &+ Int(words.classes[Int(byte)])]
            wordRow = Int(transition >> 1)
            if transition & 1 != 0 { reportWords() }
            if inHashtag {
                let hashtagTransition = hashtags.transitions[hashtagRow &+ Int(hashtags.classes[Int(byte)])]
                hashtagRow = Int(hashtagTransition >> 1)
                if hashtagTransition & 1 != 0 { reportHashtag() }
            } else {
                hashtagRow = 0
            }
            position &+= 1
        }

        /// Feeds an ASCII word outside a hashtag with the automaton's state in registers. No word
        /// key starts inside a word (each starts with a space), so once the automaton is back at
        /// its root the rest of the word cannot matter and is skipped.
        @inline(__always)
        mutating func asciiWordRun(_ bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>) {
            let transitions = words.transitions
            let classes = words.classes
            let ring = self.ring
            var row = wordRow
            var position = self.position
            var index = range.lowerBound
            let end = range.upperBound
            while index < end {
                ring[position & Feeder.ringMask] = UInt64(truncatingIfNeeded: index) | 1 << 40
                let transition = transitions[row &+ Int(classes[Int(bytes[index] | 0x20)])]
                row = Int(transition >> 1)
                if transition & 1 != 0 {
                    wordRow = row
                    self.position = position
                    reportWords()
                }
                position &+= 1
                index &+= 1
                if row == 0 { break }
            }
            wordRow = row
            self.position = position
            hashtagRow = 0
        }

        mutating func extendLastWordByte(to end: Int) {
            let slot = (position &- 1) & Feeder.ringMask
            let entry = ring[slot]
            let start = entry & Feeder.startMask
            ring[slot] = start | UInt64(truncatingIfNeeded: end - Int(start)) << 40 | entry & Feeder.hashtagBit
        }

        @inline(__always)
        mutating func wordBreak(_ strength: WordBreak, isEnd: Bool) {
            feedBreak(0x20)
            if strength != .soft {
                feedBreak(UInt8(ascii: "|"))
                feedBreak(0x20)
            }
        }

        @inline(__always)
        private mutating func feedBreak(_ byte: UInt8) {
            ring[position & Feeder.ringMask] = 0
            let transition = words.transitions[wordRow &+ Int(words.classes[Int(byte)])]
            wordRow = Int(transition >> 1)
            if transition & 1 != 0 { reportWords() }
            hashtagRow = 0
            position &+= 1
        }

        private func sourceRange(first: Int, last: Int) -> Range<Int> {
            let head = ring[first & Feeder.ringMask]
            let tail = ring[last & Feeder.ringMask]
            let end = Int(tail & Feeder.startMask) + Int((tail >> 40) & 0xFFFF)
            return Int(head & Feeder.startMask)..<end
        }

        private mutating func reportWords() {
            let state = wordRow / words.classCount
            for output in Int(words.outputStarts[state])..<Int(words.outputStarts[state + 1]) {
                let key = Int(words.outputs[output])
                // Word keys carry a boundary space at each end.
                let first = position - Int(words.lengths[key]) + 2
                let last = position - 1
                guard first <= last, first >= 0 else { continue }
                var inHashtag = false
                for index in first...last where ring[index & Feeder.ringMask] & Feeder.hashtagBit != 0 { inHashtag = true }
                found.append(Match(payload: words.values[key], range: sourceRange(first: first, last: last), inHashtag: inHashtag))
            }
        }

        private mutating func reportHashtag() {
            let state = hashtagRow / hashtags.classCount
            for output in Int(hashtags.outputStarts[state])..<Int(hashtags.outputStarts[state + 1]) {
                let key = Int(hashtags.outputs[output])
                let first = position - Int(hashtags.lengths[key]) + 1
                guard first >= 0 else { continue }
                found.append(Match(payload: hashtags.values[key], range: sourceRange(first: first, last: position), inHashtag: true))
            }
        }
    }
}

/// Collects a normalized phrase: words separated by a space, or ` | ` across punctuation.
struct NormalizedCollector: NormalizedTextSink {
    var bytes: [UInt8] = []
    private var pendingBreak: WordBreak = .none

    mutating func wordByte(_ byte: UInt8, from start: Int, to end: Int, inHashtag: Bool) {
        if !bytes.isEmpty {
            switch pendingBreak {
            case .none: break
            case .soft: bytes.append(0x20)
            case .clause, .sentence: bytes += [0x20, UInt8(ascii: "|"), 0x20]
            }
        }
        pendingBreak = .none
        bytes.append(byte)
    }

    mutating func extendLastWordByte(to end: Int) {}

    mutating func wordBreak(_ strength: WordBreak, isEnd: Bool) {
        pendingBreak = strength
    }
}

/// A word of normalized text with its place in the original.
public struct NormalizedToken: Sendable, Hashable {
    /// The folded word.
    public var text: String
    /// UTF-8 offsets in the original text.
    public var range: Range<Int>
    /// How strongly the word is separated from the one before it.
    public var breakBefore: WordBreak
    /// Whether the word is part of a hashtag.
    public var inHashtag: Bool
}

extension TermMatcher {
    /// The words of a text after normalization, with their places.
    public static func tokens(in text: String) -> [NormalizedToken] {
        var collector = TokenCollector()
        TextNormalizer.run(text, into: &collector)
        return collector.tokens
    }

    /// The normalized words of a phrase.
    public static func words(of phrase: String) -> [String] {
        tokens(in: phrase).map(\.text)
    }

    /// The normalized words of a phrase with `|` where punctuation breaks it (a comma, colon or
    /// sentence end), as the matcher sees text: "Hell, Michigan" is `hell | michigan`. Exceptions
    /// and allowed phrases are matched in this form, so they may run across the punctuation a term
    /// never crosses.
    public static func wordsWithBreaks(of phrase: String) -> [String] {
        var words: [String] = []
        for token in tokens(in: phrase) {
            if !words.isEmpty, token.breakBefore > .soft { words.append(clauseBreak) }
            words.append(token.text)
        }
        return words
    }

    /// What `wordsWithBreaks(of:)` writes for punctuation between two words.
    public static let clauseBreak = "|"
}

struct TokenCollector: NormalizedTextSink {
    var tokens: [NormalizedToken] = []
    private var current: [UInt8] = []
    private var start = 0
    private var end = 0
    private var inHashtag = false
    private var pendingBreak: WordBreak = .none

    mutating func wordByte(_ byte: UInt8, from start: Int, to end: Int, inHashtag: Bool) {
        if current.isEmpty {
            self.start = start
            self.end = end
            self.inHashtag = inHashtag
        }
        self.inHashtag = self.inHashtag || inHashtag
        current.append(byte)
        self.end = max(self.end, end)
    }

    mutating func extendLastWordByte(to end: Int) {
        self.end = max(self.end, end)
    }

    mutating func wordBreak(_ strength: WordBreak, isEnd: Bool) {
        if !current.isEmpty {
            tokens.append(NormalizedToken(text: String(decoding: current, as: UTF8.self), range: start..<end,
                                          breakBefore: pendingBreak, inHashtag: inHashtag))
            current.removeAll(keepingCapacity: true)
        }
        pendingBreak = strength
    }
}
