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
    /// Each event's names, read into words once per run.
    private let nameCache = Locked<[String: [(first: String, name: EventMentions.Name)]]>([:])

    public init(options: NoOptions, context: RuleContext) throws {
        index = try context.service(EventIndex.self)
    }

    public func check(_ draft: Draft, context: RuleContext) -> [Diagnosis] {
        let at = context.publishDate(of: draft)
        var events = index.namedEvents(at: at).filter { $0.severity > .info }
        let known = Set(events.map(\.id))
        events += draft.liveEvents.filter { !known.contains($0.id) && $0.severity > .info && !($0.keywords.isEmpty && $0.hashtags.isEmpty) }
        var names: [String: [EventMentions.Name]] = [:]
        for event in events {
            let eventNames = nameCache.withLock { cache in
                if let ready = cache[event.id] { return ready }
                let made = EventMentions.names(of: event)
                cache[event.id] = made
                return made
            }
            for (first, name) in eventNames { names[first, default: []].append(name) }
        }
        // Most drafts name nothing: look for the names' first words in the bytes before reading words.
        let mayMention = !names.isEmpty && ByteSearch.mayContainAny(Array(names.keys), in: draft.prose)
        guard mayMention || EngagementBait.mayMatch(draft.prose) else { return [] }
        var diagnoses: [Diagnosis] = []
        let words = TextWords(draft.prose)
        let mentions = mayMention ? EventMentions.find(names, in: words) : []
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
    private static let sympathyStems: [[UInt8]] = ["pray", "condolence", "victim", "mourn", "griev", "wishes", "get well", "peace",
                                                   "memory", "sympathy", "rip", "send", "donate", "give", "honor", "honour"].map { Array($0.utf8) }
    private static let verbStems: [[UInt8]] = ["rt", "tweet", "like", "shar", "repost", "reblog", "heart", "comment", "repl", "tag",
                                               "follow", "tap"].map { Array($0.utf8) }

    /// Whether a text may hold a match: cheap, so most drafts skip the word-level check.
    static func mayMatch(_ text: String) -> Bool {
        ByteSearch.containsAny(sympathyStems, in: text) && ByteSearch.containsAny(verbStems, in: text)
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

/// Substring search on bytes, for prefilters on short texts: ASCII letters match either case;
/// needles are lower-case.
enum ByteSearch {
    /// Whether a text may contain one of some lower-case words: ASCII words by folding bytes,
    /// others (`école`) in the text lower-cased.
    static func mayContainAny(_ words: [String], in text: String) -> Bool {
        let ascii = words.filter { $0.utf8.allSatisfy { $0 < 0x80 } }
        if containsAny(ascii.map { Array($0.utf8) }, in: text) { return true }
        guard ascii.count < words.count else { return false }
        let lowered = text.lowercased()
        return words.contains { word in !ascii.contains(word) && lowered.contains(word) }
    }

    static func containsAny(_ needles: [[UInt8]], in text: String) -> Bool {
        var copy = text
        return copy.withUTF8 { haystack in
            needles.contains { contains(haystack, $0) }
        }
    }

    static func contains(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, needle.count <= haystack.count else { return needle.isEmpty }
        @inline(__always) func folded(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }
        let last = haystack.count - needle.count
        return needle.withUnsafeBufferPointer { pattern in
            var index = 0
            while index <= last {
                if folded(haystack[index]) == first {
                    var matched = 1
                    while matched < pattern.count, folded(haystack[index + matched]) == pattern[matched] { matched += 1 }
                    if matched == pattern.count { return true }
                }
                index += 1
            }
            return false
        }
    }
}
