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
public struct TermMatcher: Sendable {
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

    private let automaton: PhraseAutomaton
    private let keyTable: KeyTable

    /// Compiles keys. Keys that normalize to nothing or are longer than `maximumKeyLength` are
    /// left out (`TermMatcher.normalize` says which).
    public init(keys: [Key]) {
        self.init(normalizedKeys: keys.compactMap { key in
            TermMatcher.normalize(key.phrase).map { (words: $0, payload: key.payload, placement: key.placement) }
        })
    }

    /// Compiles keys already in normalized form (words separated by single spaces), skipping a
    /// second normalization when the caller has the words already (`Lexicon`).
    init(normalizedKeys keys: [(words: [UInt8], payload: Int, placement: Key.Placement)]) {
        var phrases: [[UInt8]] = []
        var payloads: [Int] = []
        var insideHashtag: [Bool] = []
        phrases.reserveCapacity(keys.count)
        for key in keys where !key.words.isEmpty && key.words.count <= TermMatcher.maximumKeyLength {
            switch key.placement {
            case .words:
                var phrase = [UInt8]()
                phrase.reserveCapacity(key.words.count + 2)
                phrase.append(0x20)
                phrase += key.words
                phrase.append(0x20)
                phrases.append(phrase)
            case .insideHashtag:
                let joined = key.words.filter { $0 != 0x20 }
                guard !joined.contains(UInt8(ascii: "|")), !joined.contains(UInt8(ascii: "'")) else { continue }
                phrases.append(joined)
            }
            payloads.append(key.payload)
            insideHashtag.append(key.placement == .insideHashtag)
        }
        automaton = PhraseAutomaton(phrases: phrases)
        keyTable = KeyTable(payloads: payloads, insideHashtag: insideHashtag)
    }

    /// The number of automaton states, for statistics.
    public var stateCount: Int { automaton.stateCount }
    /// The number of byte classes (the width of a row of the transition table), for statistics.
    public var classCount: Int { automaton.classCount }
    /// The number of compiled keys, for statistics.
    public var keyCount: Int { automaton.phraseCount }

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
        withExtendedLifetime((automaton, keyTable)) {
            withUnsafeTemporaryAllocation(of: Int.self, capacity: 3 * Feeder.ringSize) { ring in
                var feeder = Feeder(automaton: automaton, keys: keyTable, ring: ring.baseAddress!)
                TextNormalizer.run(bytes, into: &feeder)
                return feeder.found
            }
        }
    }

    /// What each compiled key stands for, as raw memory (see `PhraseAutomaton`).
    private final class KeyTable: @unchecked Sendable {
        let payloads: UnsafeMutablePointer<Int>
        let insideHashtag: UnsafeMutablePointer<Bool>

        init(payloads: [Int], insideHashtag: [Bool]) {
            self.payloads = .allocate(capacity: max(1, payloads.count))
            self.payloads.initialize(from: payloads, count: payloads.count)
            self.insideHashtag = .allocate(capacity: max(1, insideHashtag.count))
            self.insideHashtag.initialize(from: insideHashtag, count: insideHashtag.count)
        }

        deinit {
            payloads.deallocate()
            insideHashtag.deallocate()
        }
    }

    /// Feeds normalized bytes through the automaton, remembering the source range of the last
    /// `ringSize` bytes so a match can be mapped back when its last byte arrives.
    private struct Feeder: NormalizedTextSink {
        static let ringSize = 256
        static let ringMask = ringSize - 1

        let transitions: UnsafeMutablePointer<UInt32>
        let classes: UnsafeMutablePointer<UInt8>
        let outputStarts: UnsafeMutablePointer<Int32>
        let outputs: UnsafeMutablePointer<Int32>
        let lengths: UnsafeMutablePointer<Int32>
        let payloads: UnsafeMutablePointer<Int>
        let insideHashtag: UnsafeMutablePointer<Bool>
        let classCount: Int
        /// Source start, source end, and whether in a hashtag (1) or not (0), of the last bytes fed.
        let starts: UnsafeMutablePointer<Int>
        let ends: UnsafeMutablePointer<Int>
        let hashtags: UnsafeMutablePointer<Int>
        var row = 0
        var position = 0
        var found: [Match] = []

        init(automaton: PhraseAutomaton, keys: KeyTable, ring: UnsafeMutablePointer<Int>) {
            transitions = automaton.transitions
            classes = automaton.classes
            outputStarts = automaton.outputStarts
            outputs = automaton.outputs
            lengths = automaton.lengths
            payloads = keys.payloads
            insideHashtag = keys.insideHashtag
            classCount = automaton.classCount
            starts = ring
            ends = ring + Feeder.ringSize
            hashtags = ring + 2 * Feeder.ringSize
        }

        @inline(__always)
        mutating func feed(_ byte: UInt8, from start: Int, to end: Int, inHashtag: Bool) {
            let slot = position & Feeder.ringMask
            starts[slot] = start
            ends[slot] = end
            hashtags[slot] = inHashtag ? 1 : 0
            let transition = transitions[row &+ Int(classes[Int(byte)])]
            row = Int(transition >> 1)
            if transition & 1 != 0 { report() }
            position &+= 1
        }

        @inline(__always)
        mutating func wordByte(_ byte: UInt8, from start: Int, to end: Int, inHashtag: Bool) {
            feed(byte, from: start, to: end, inHashtag: inHashtag)
        }

        mutating func extendLastWordByte(to end: Int) {
            ends[(position &- 1) & Feeder.ringMask] = end
        }

        @inline(__always)
        mutating func wordBreak(_ strength: WordBreak, isEnd: Bool) {
            feed(0x20, from: -1, to: -1, inHashtag: false)
            if strength != .soft {
                feed(UInt8(ascii: "|"), from: -1, to: -1, inHashtag: false)
                feed(0x20, from: -1, to: -1, inHashtag: false)
            }
        }

        private mutating func report() {
            let state = row / classCount
            for output in Int(outputStarts[state])..<Int(outputStarts[state + 1]) {
                let key = Int(outputs[output])
                let length = Int(lengths[key])
                let isInsideHashtag = insideHashtag[key]
                // Word keys carry a boundary space at each end.
                let first = isInsideHashtag ? position - length + 1 : position - length + 2
                let last = isInsideHashtag ? position : position - 1
                guard first <= last, first >= 0 else { continue }
                var inHashtag = 0
                var allInHashtag = 1
                for index in first...last {
                    let flag = hashtags[index & Feeder.ringMask]
                    inHashtag |= flag
                    allInHashtag &= flag
                }
                if isInsideHashtag, allInHashtag == 0 { continue }
                let range = starts[first & Feeder.ringMask]..<ends[last & Feeder.ringMask]
                found.append(Match(payload: payloads[key], range: range, inHashtag: inHashtag != 0))
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
