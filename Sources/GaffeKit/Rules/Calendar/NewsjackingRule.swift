import Foundation
import OrderedCollections

/// Finds promotions that ride on a tragedy by name, and posts that trade engagement for sympathy.
public struct NewsjackingRule: Rule {
    public static let description = RuleDescription(
        identifier: "newsjacking",
        name: "Newsjacking a tragedy",
        summary: "A promotion that names a live or recent tragedy, or a post that asks for likes or shares to pray for its victims.",
        rationale: """
            "#Sandy sale", a discount code named after the storm, "RT to pray for the victims", \
            "clicking like sends best wishes": brands that tie a tragedy to their offer or trade \
            engagement for sympathy are remembered for it. The rule looks for the names and hashtags \
            of events live or still in their grace period (anywhere: a global platform carries the \
            post everywhere, so a region mismatch is no defence) in drafts that read as promotions, \
            and for requests for likes, shares or retweets tied to prayers, victims or condolences. \
            Naming a remembrance day or anniversary in a promotion is a warning; a tragedy, an error.
            """,
        defaultSeverity: .error,
        scope: .text,
        triggeringExamples: [
            Example("Stuck inside? Our ⟦#Sandy⟧ sale is on: 20% off everything, shop now!",
                    configuration: EventCollisionRule.stormConfiguration, at: "2012-10-30T15:00:00Z"),
            Example("Bored during ⟦Hurricane Sandy⟧? Use code STAYIN for 20% off.",
                    configuration: EventCollisionRule.stormConfiguration, at: "2012-11-04T15:00:00Z"),
            Example("⟦RT to pray⟧ for everyone in the path of the storm.", configuration: EventCollisionRule.stormConfiguration,
                    at: "2012-10-30T15:00:00Z"),
            Example("⟦Click like to send your best wishes⟧ to our injured driver.",
                    configuration: EventCollisionRule.stormConfiguration, at: "2013-03-01T12:00:00Z"),
            Example("Stock up before ⟦Sandy⟧ hits: 30% off candles, today only!",
                    configuration: "regions: [GB]\n" + EventCollisionRule.stormConfiguration, at: "2012-10-29T15:00:00Z"),
            Example("Remember ⟦Pearl Harbor⟧ with 20% off all flags, today only!", at: "2026-12-07T15:00:00Z"),
        ],
        nonTriggeringExamples: [
            Example("Our thoughts are with everyone in Hurricane Sandy's path. Please stay safe.",
                    configuration: EventCollisionRule.stormConfiguration, at: "2012-10-30T15:00:00Z"),
            Example("Our sandy beach towels are 20% off today only, shop now!",
                    configuration: EventCollisionRule.stormConfiguration, at: "2012-10-30T15:00:00Z"),
            Example("Our #Sandy sale is back: 20% off everything, shop now!",
                    configuration: EventCollisionRule.stormConfiguration, at: "2012-12-20T15:00:00Z"),
            Example("Like and share to win a free coffee this week!", configuration: EventCollisionRule.stormConfiguration,
                    at: "2012-10-30T15:00:00Z"),
            Example("Sandpaper and sanding blocks: 20% off, shop now.", configuration: EventCollisionRule.stormConfiguration,
                    at: "2012-10-30T15:00:00Z"),
        ]
    )

    let index: EventIndex
    /// The names of each set of events a draft may mention, with a prefilter over their first
    /// words; schedules meet the same few sets again and again, so each is built once per run.
    private let nameSets = Locked<[Int: (ids: [String], names: EventNames)]>([:])
    private let namesByDay = Locked<[Int: EventNames]>([:])

    /// The names of some events, by first word, and the byte prefilter for those first words.
    struct EventNames: Sendable {
        var byFirstWord: [String: [EventMentions.Name]]
        var prefilter: ByteNeedles
        var nonASCIIFirstWords: [String]
    }

    public init(options: NoOptions, context: RuleContext) throws {
        index = try context.service(EventIndex.self)
    }

    public func check(_ draft: Draft, context: RuleContext) -> [Diagnosis] {
        let at = context.publishDate(of: draft)
        // Events are read in place by index: copying one out touches every string it holds.
        var (events, day) = index.namedEventsOfTheDay(at: at)
        if !events.indices.allSatisfy({ events[$0].severity > .info }) {
            events = events.filter { $0.severity > .info }
            day = nil
        }
        // Live events come from the same index, so they are almost always among these already.
        let live = draft.liveEvents
        for position in live.indices where live[position].severity > .info
            && !(live[position].keywords.isEmpty && live[position].hashtags.isEmpty)
            && !events.indices.contains(where: { events[$0].id == live[position].id }) {
            events.append(live[position])
            day = nil
        }
        let names = names(of: events, day: day)
        // Most drafts name nothing: look for the names' first words in the bytes before reading words.
        let mayMention = !names.byFirstWord.isEmpty && (names.prefilter.containsAny(in: draft.prose)
            || (!names.nonASCIIFirstWords.isEmpty && ByteSearch.loweredContainsAny(names.nonASCIIFirstWords, in: draft.prose)))
        guard mayMention || EngagementBait.mayMatch(draft.prose) else { return [] }
        var diagnoses: [Diagnosis] = []
        let words = TextWords(draft.prose)
        let mentions = mayMention ? EventMentions.find(names.byFirstWord, in: words) : []
        for bait in EngagementBait.find(in: words) {
            let event = mentions.first { $0.sentence == bait.sentence }?.event
            var extra: OrderedDictionary<String, JSONValue> = [:]
            if let event { extra["event"] = event.json }
            diagnoses.append(Diagnosis(.text(bait.range), message: NewsjackingMessages.bait(bait.text, event: event), category: "engagement-bait",
                                       notes: [Note(NewsjackingMessages.baitNote)], extra: extra))
        }
        guard !mentions.isEmpty else { return diagnoses }
        let tone = Tone.of(draft)
        guard tone.isPromotional else { return diagnoses }
        for mention in mentions where !diagnoses.contains(where: { $0.target == .text(mention.range) }) {
            let event = mention.event
            diagnoses.append(Diagnosis(.text(mention.range), message: NewsjackingMessages.mention(mention.text, event: event),
                                       severity: event.kind.isCommemorative ? .warning : nil, category: "event",
                                       notes: [Note(EventCollisionMessages.window(event, at: at)), Note(EventCollisionMessages.promotional(tone))],
                                       extra: ["event": event.json]))
        }
        return diagnoses.sorted { lhs, rhs in
            guard case .text(let left) = lhs.target, case .text(let right) = rhs.target else { return false }
            return left.lowerBound < right.lowerBound
        }
    }

    /// The names of a set of events, built once per distinct set; `day` when the set is all the
    /// named events of that UTC day (`EventIndex.namedEventsOfTheDay`), a cheaper key than their ids.
    private func names(of events: [Event], day: Int?) -> EventNames {
        guard !events.isEmpty else { return EventNames(byFirstWord: [:], prefilter: ByteNeedles([]), nonASCIIFirstWords: []) }
        if let day {
            if let ready = namesByDay.withLock({ $0[day] }) { return ready }
            let made = names(of: events, day: nil)
            namesByDay.withLock { cache in
                if cache.count > 1024 { cache.removeAll() }
                cache[day] = made
            }
            return made
        }
        var hasher = Hasher()
        for event in events { hasher.combine(event.id) }
        let hash = hasher.finalize()
        if let ready = nameSets.withLock({ $0[hash] }), ready.ids.elementsEqual(events.lazy.map(\.id)) { return ready.names }
        var byFirstWord: [String: [EventMentions.Name]] = [:]
        for event in events {
            for (first, name) in EventMentions.names(of: event) { byFirstWord[first, default: []].append(name) }
        }
        let ascii = byFirstWord.keys.filter(\.isASCII)
        let made = EventNames(byFirstWord: byFirstWord, prefilter: ByteNeedles(ascii),
                              nonASCIIFirstWords: byFirstWord.keys.filter { !ascii.contains($0) }.sorted())
        nameSets.withLock { cache in
            if cache.count > 1024 { cache.removeAll() }
            cache[hash] = (events.map(\.id), made)
        }
        return made
    }
}

/// The messages of `newsjacking`.
enum NewsjackingMessages {
    static func mention(_ text: String, event: Event) -> String {
        "promotion names '\(text)': \(event.label), live \(event.windowDescription) in \(event.regionsDescription); do not tie an offer to it"
    }

    static func bait(_ text: String, event: Event?) -> String {
        let on = event.map { " on \($0.label)" } ?? " on a tragedy"
        return "'\(text)' trades likes or shares for sympathy\(on); ask for nothing, or point to a way to help"
    }

    static let baitNote = "Engagement asked for in the name of victims (\"RT to pray\", \"like to send best wishes\") reads as farming sympathy. If you want to help, link to a relief organisation instead."
}

/// The words of a text with their UTF-8 ranges, lower-cased, and the sentence each is in: what
/// both matchers below read, computed once per draft.
struct TextWords {
    let text: String
    let bytes: [UInt8]
    let words: [(word: Substring, range: Range<Int>)]
    let lowered: [String]
    let sentences: [Int]

    init(_ text: String) {
        self.text = text
        bytes = Array(text.utf8)
        words = ToneLexicon.words(in: text)
        lowered = words.map { $0.word.lowercased() }
        let boundaries = Sentences(text)
        sentences = words.map { boundaries.index(of: $0.range.lowerBound) }
    }

    func slice(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }
}

/// Where events are named in a text: their keywords as whole words (a capitalised name such as
/// "Sandy" must be capitalised in the text too, so "sandy beaches" is not the storm), discount
/// codes in capitals that start with one (`SANDY20`), and their hashtags (`#Sandy`, and hashtags
/// that start with one: `#SandySale`).
enum EventMentions {
    struct Mention {
        var range: Range<Int>
        var text: String
        var event: Event
        /// The index of the sentence it is in.
        var sentence: Int
    }

    /// A keyword or hashtag of an event, read into words.
    struct Name: Sendable {
        var words: [String]
        var phrase: String
        var capitalised: Bool
        var hashtag: Bool
        var event: Event
    }

    /// An event's names, keyed by their first word (lower-cased).
    static func names(of event: Event) -> [(first: String, name: Name)] {
        var names: [(String, Name)] = []
        for keyword in event.keywords {
            let words = ToneLexicon.words(in: keyword.lowercased()).map { String($0.word) }
            guard let first = words.first else { continue }
            let capitalised = words.count == 1 && keyword.first?.isUppercase == true
            names.append((first, Name(words: words, phrase: keyword.lowercased(), capitalised: capitalised, hashtag: false, event: event)))
        }
        for hashtag in event.hashtags {
            let word = hashtag.lowercased()
            guard let first = ToneLexicon.words(in: word).first, first.word == Substring(word) else { continue }
            names.append((word, Name(words: [word], phrase: word, capitalised: false, hashtag: true, event: event)))
        }
        return names
    }

    static func find(_ events: [Event], in text: TextWords) -> [Mention] {
        var names: [String: [Name]] = [:]
        for event in events {
            for (first, name) in EventMentions.names(of: event) { names[first, default: []].append(name) }
        }
        return find(names, in: text)
    }

    /// Mentions of names (by first word) in a text; the text is walked once.
    static func find(_ names: [String: [Name]], in text: TextWords) -> [Mention] {
        guard !names.isEmpty, !text.words.isEmpty else { return [] }
        var found: [Mention] = []
        for (index, word) in text.words.enumerated() {
            let lowered = text.lowered[index]
            let afterHash = word.range.lowerBound > 0 && text.bytes[word.range.lowerBound - 1] == 0x23
            let beforeHandle = word.range.lowerBound > 0 && text.bytes[word.range.lowerBound - 1] == 0x40
            if beforeHandle { continue }
            for (key, candidates) in names where lowered.hasPrefix(key) {
                for name in candidates {
                    let start = afterHash ? word.range.lowerBound - 1 : word.range.lowerBound
                    if name.hashtag {
                        // #Sandy, #SandySale.
                        guard afterHash else { continue }
                        found.append(mention(start..<word.range.upperBound, name: name, text: text, index: index))
                        continue
                    }
                    if afterHash { continue }
                    if lowered != key {
                        // SANDY20: a code in capitals that starts with the name.
                        let original = word.word
                        guard name.words.count == 1, original == original.uppercased(), original.contains(where: \.isLetter) else { continue }
                        found.append(mention(start..<word.range.upperBound, name: name, text: text, index: index))
                        continue
                    }
                    let last = index + name.words.count - 1
                    guard last < text.words.count else { continue }
                    let range = word.range.lowerBound..<text.words[last].range.upperBound
                    guard text.slice(range).lowercased() == name.phrase else { continue }
                    if name.capitalised, word.word.first?.isLowercase == true { continue }
                    found.append(mention(range, name: name, text: text, index: index))
                }
            }
        }
        // Keep the longest of overlapping mentions ("Hurricane Sandy" over "Sandy").
        found.sort { ($0.range.lowerBound, -$0.range.count) < ($1.range.lowerBound, -$1.range.count) }
        var kept: [Mention] = []
        for candidate in found {
            if let last = kept.last, candidate.range.lowerBound < last.range.upperBound { continue }
            kept.append(candidate)
        }
        return kept
    }

    private static func mention(_ range: Range<Int>, name: Name, text: TextWords, index: Int) -> Mention {
        Mention(range: range, text: text.slice(range), event: name.event, sentence: text.sentences[index])
    }
}

/// Sentence boundaries of a text, by UTF-8 offset.
struct Sentences {
    private var ends: [Int] = []

    init(_ text: String) {
        var offset = 0
        var previous: Character?
        for character in text {
            offset += character.utf8.count
            if character == "\n" || ((previous == "." || previous == "!" || previous == "?") && character == " ") { ends.append(offset) }
            previous = character
        }
    }

    func index(of offset: Int) -> Int {
        ends.firstIndex { offset < $0 } ?? ends.count
    }
}

/// Requests for engagement tied to sympathy, within one sentence: "RT to pray", "like to send
/// your best wishes", "share if you're sending prayers", "for every retweet we'll donate".
enum EngagementBait {
    struct Match {
        var range: Range<Int>
        var text: String
        var sentence: Int
    }

    static let verbs: Set<String> = ["rt", "retweet", "retweets", "re-tweet", "like", "likes", "liking", "share", "shares", "sharing",
                                     "repost", "reblog", "heart", "comment", "reply", "tag", "follow", "double-tap"]
    static let links: Set<String> = ["to", "and", "if", "for", "so"]
    /// Words and phrases of sympathy the request is tied to.
    static let sympathy: [[String]] = [
        ["pray"], ["praying"], ["prayer"], ["prayers"], ["condolences"], ["victims"], ["rip"], ["mourn"], ["mourning"], ["grieving"],
        ["best", "wishes"], ["get", "well"], ["rest", "in", "peace"], ["in", "memory"], ["sympathy"],
        ["honor", "the", "victims"], ["honour", "the", "victims"], ["honor", "the", "fallen"], ["honour", "the", "fallen"],
    ]
    /// "send your love": a sending verb and, within two words, something sent.
    static let sent: Set<String> = ["thoughts", "love", "support", "strength", "hugs"]
    static let sending: Set<String> = ["send", "sending", "sends"]

    /// Every match holds one of these and one of the engagement verbs; looked for in the bytes
    /// before any word is read.
    private static let sympathyStems = ByteNeedles(["pray", "condolence", "victim", "mourn", "griev", "wishes", "get well", "peace",
                                                    "memory", "sympathy", "rip", "send", "donate", "give", "honor", "honour"])
    private static let verbStems = ByteNeedles(["rt", "tweet", "like", "shar", "repost", "reblog", "heart", "comment", "repl", "tag",
                                                "follow", "tap"])

    /// Whether a text may hold a match: cheap, so most drafts skip the word-level check.
    static func mayMatch(_ text: String) -> Bool {
        sympathyStems.containsAny(in: text) && verbStems.containsAny(in: text)
    }

    static func find(in text: TextWords) -> [Match] {
        let lowered = text.lowered
        var matches: [Match] = []
        var index = 0
        while index < lowered.count {
            defer { index += 1 }
            let sentence = text.sentences[index]
            func inSentence(_ position: Int) -> Bool { position < lowered.count && text.sentences[position] == sentence }
            // "for every retweet … donate".
            if lowered[index] == "for", inSentence(index + 2), lowered[index + 1] == "every", verbs.contains(lowered[index + 2]) {
                if let end = (index + 3..<min(index + 15, lowered.count)).first(where: { inSentence($0) && (lowered[$0] == "donate" || lowered[$0] == "give") }) {
                    matches.append(match(from: index, to: end, in: text))
                    index = end
                    continue
                }
            }
            guard verbs.contains(lowered[index]) else { continue }
            var start = index
            if index > 0, lowered[index - 1] == "click" || lowered[index - 1] == "clicking", text.sentences[index - 1] == sentence { start = index - 1 }
            guard let link = (index + 1..<min(index + 6, lowered.count)).first(where: { inSentence($0) && links.contains(lowered[$0]) })
                    ?? separatorLink(after: index, in: text) else { continue }
            if let end = sympathyEnd(from: link + 1, limit: link + 10, in: text, sentence: sentence) {
                matches.append(match(from: start, to: end, in: text))
                index = end
            }
        }
        return matches
    }

    /// `&` or `=` between the verb and the next word ("RT & pray", "1 RT = 1 prayer").
    private static func separatorLink(after index: Int, in text: TextWords) -> Int? {
        guard index + 1 < text.words.count else { return nil }
        let gap = text.slice(text.words[index].range.upperBound..<text.words[index + 1].range.lowerBound)
        return gap.contains("&") || gap.contains("=") ? index : nil
    }

    /// The index of the last word of the first expression of sympathy in a stretch of a sentence.
    private static func sympathyEnd(from first: Int, limit: Int, in text: TextWords, sentence: Int) -> Int? {
        let lowered = text.lowered
        var position = first
        while position < min(limit, lowered.count), text.sentences[position] == sentence {
            for phrase in sympathy where position + phrase.count <= lowered.count && Array(lowered[position..<(position + phrase.count)]) == phrase {
                return position + phrase.count - 1
            }
            if sending.contains(lowered[position]),
               let target = (position + 1...min(position + 3, lowered.count - 1)).first(where: { sent.contains(lowered[$0]) || lowered[$0] == "prayers" }) {
                return target
            }
            position += 1
        }
        return nil
    }

    private static func match(from first: Int, to last: Int, in text: TextWords) -> Match {
        let range = text.words[first].range.lowerBound..<text.words[last].range.upperBound
        return Match(range: range, text: text.slice(range), sentence: text.sentences[first])
    }
}

/// Substring search for prefilters on short texts.
enum ByteSearch {
    /// Whether a text, lower-cased, contains one of some lower-case words (for names outside ASCII).
    static func loweredContainsAny(_ words: [String], in text: String) -> Bool {
        let lowered = text.lowercased()
        return words.contains { lowered.contains($0) }
    }
}

/// A set of lower-case ASCII needles searched for in one pass over a text's bytes: a table of the
/// needles' first two bytes says where a needle may start, and only there are needles compared.
/// ASCII letters in the text match either case.
struct ByteNeedles: Sendable {
    private let needles: [[UInt8]]
    /// Needles by their first two bytes (folded); one-byte needles under their byte alone.
    private let byPair: [UInt16: [Int]]
    /// One bit per two-byte prefix, tested before the dictionary.
    private let pairBits: [UInt64]
    private let single: [Bool]

    init(_ words: [String]) {
        needles = words.map { Array($0.lowercased().utf8) }.filter { !$0.isEmpty }
        var byPair: [UInt16: [Int]] = [:]
        var bits = [UInt64](repeating: 0, count: 1024)
        var single = [Bool](repeating: false, count: 256)
        for (index, needle) in needles.enumerated() {
            if needle.count == 1 {
                single[Int(needle[0])] = true
                continue
            }
            let key = UInt16(needle[0]) << 8 | UInt16(needle[1])
            byPair[key, default: []].append(index)
            bits[Int(key) >> 6] |= 1 << (UInt64(key) & 63)
        }
        self.byPair = byPair
        pairBits = bits
        self.single = single
    }

    @inline(__always) private static func fold(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }

    /// Whether the text contains one of the needles.
    func containsAny(in text: String) -> Bool {
        guard !needles.isEmpty else { return false }
        var copy = text
        return copy.withUTF8 { haystack in
            let count = haystack.count
            guard count > 0 else { return false }
            var previous = Self.fold(haystack[0])
            if single[Int(previous)] { return true }
            var index = 1
            while index < count {
                let current = Self.fold(haystack[index])
                if single[Int(current)] { return true }
                let key = UInt16(previous) << 8 | UInt16(current)
                if pairBits[Int(key) >> 6] & (1 << (UInt64(key) & 63)) != 0, let candidates = byPair[key] {
                    for candidate in candidates where matches(needles[candidate], at: index - 1, in: haystack) { return true }
                }
                previous = current
                index += 1
            }
            return false
        }
    }

    private func matches(_ needle: [UInt8], at start: Int, in haystack: UnsafeBufferPointer<UInt8>) -> Bool {
        guard start + needle.count <= haystack.count else { return false }
        var offset = 2
        while offset < needle.count {
            if Self.fold(haystack[start + offset]) != needle[offset] { return false }
            offset += 1
        }
        return true
    }
}
