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

    public init(options: NoOptions, context: RuleContext) throws {
        index = try context.service(EventIndex.self)
    }

    public func check(_ draft: Draft, context: RuleContext) -> [Diagnosis] {
        let at = context.publishDate(of: draft)
        var events = index.namedEvents(at: at).filter { $0.severity > .info }
        let known = Set(events.map(\.id))
        events += draft.liveEvents.filter { !known.contains($0.id) && $0.severity > .info && !($0.keywords.isEmpty && $0.hashtags.isEmpty) }
        var diagnoses: [Diagnosis] = []
        let mentions = EventMentions.find(events, in: draft.prose)
        for bait in EngagementBait.find(in: draft.prose) {
            let event = mentions.first { $0.sentence == bait.sentence }?.event
            var extra: OrderedDictionary<String, JSONValue> = [:]
            if let event { extra["event"] = event.json }
            diagnoses.append(Diagnosis(.text(bait.range), message: NewsjackingMessages.bait(bait.text, event: event), category: "engagement-bait",
                                       notes: [Note(NewsjackingMessages.baitNote)], extra: extra))
        }
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

    static func find(_ events: [Event], in text: String) -> [Mention] {
        guard !events.isEmpty else { return [] }
        var found: [Mention] = []
        let sentences = Sentences(text)
        for event in events {
            for keyword in event.keywords where !keyword.isEmpty {
                for range in occurrences(of: keyword, in: text, hashtag: false) {
                    found.append(mention(range, in: text, event: event, sentences: sentences))
                }
            }
            for hashtag in event.hashtags where !hashtag.isEmpty {
                for range in occurrences(of: "#" + hashtag, in: text, hashtag: true) {
                    found.append(mention(range, in: text, event: event, sentences: sentences))
                }
            }
        }
        // Keep the longest of overlapping mentions ("Hurricane Sandy" over "Sandy", "#Sandy" over "Sandy").
        found.sort { ($0.range.lowerBound, -$0.range.count) < ($1.range.lowerBound, -$1.range.count) }
        var kept: [Mention] = []
        for candidate in found {
            if let last = kept.last, candidate.range.lowerBound < last.range.upperBound { continue }
            kept.append(candidate)
        }
        return kept
    }

    private static func mention(_ range: Range<String.Index>, in text: String, event: Event, sentences: Sentences) -> Mention {
        let lower = text.utf8.distance(from: text.utf8.startIndex, to: range.lowerBound)
        let upper = text.utf8.distance(from: text.utf8.startIndex, to: range.upperBound)
        return Mention(range: lower..<upper, text: String(text[range]), event: event, sentence: sentences.index(of: lower))
    }

    /// Case-insensitive whole-word occurrences; a hashtag may continue (`#SandySale`).
    static func occurrences(of phrase: String, in text: String, hashtag: Bool) -> [Range<String.Index>] {
        var result: [Range<String.Index>] = []
        var searchStart = text.startIndex
        let capitalised = phrase.first?.isUppercase == true && !hashtag
        while let range = text.range(of: phrase, options: [.caseInsensitive, .diacriticInsensitive], range: searchStart..<text.endIndex) {
            searchStart = range.upperBound
            let before = range.lowerBound > text.startIndex ? text[text.index(before: range.lowerBound)] : nil
            let after = range.upperBound < text.endIndex ? text[range.upperBound] : nil
            func isWord(_ character: Character?) -> Bool { character.map { $0.isLetter || $0.isNumber } ?? false }
            guard !isWord(before), before != "#" || hashtag, before != "@" else { continue }
            var upper = range.upperBound
            if hashtag {
                while upper < text.endIndex, text[upper].isLetter || text[upper].isNumber || text[upper] == "_" { upper = text.index(after: upper) }
            } else if isWord(after) {
                // A discount code in capitals that starts with the name: SANDY20, SANDYSALE.
                guard text[range] == text[range].uppercased() else { continue }
                while upper < text.endIndex, text[upper].isUppercase || text[upper].isNumber { upper = text.index(after: upper) }
                guard upper == text.endIndex || !isWord(text[upper]) else { continue }
            }
            if capitalised, let first = text[range].first, first.isLowercase { continue }
            result.append(range.lowerBound..<upper)
        }
        return result
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

/// Requests for engagement tied to sympathy: "RT to pray", "like to send your best wishes",
/// "for every retweet we'll donate", within one sentence.
enum EngagementBait {
    struct Match {
        var range: Range<Int>
        var text: String
        var sentence: Int
    }

    private static let verbs = #"(?:re-?tweet|retweets|rt|like|likes|liking|click(?:ing)?\s+['"‘“]?like['"’”]?|share|shares|sharing|repost|reblog|double[- ]tap|heart|comment|reply|tag|follow)"#
    private static let links = #"(?:to|and|if|&|=|for|if\s+you(?:'re|\s+are)?|so\s+we\s+can)"#
    private static let sympathy = #"(?:pray(?:ing|ers?)?|send(?:ing)?\s+(?:\w+\s+){0,2}(?:prayers|thoughts|love|best\s+wishes|condolences|sympathy|support)|best\s+wishes|get\s+well|thoughts\s+and\s+prayers|condolences|victims|rip|rest\s+in\s+peace|mourn(?:ing)?|grieving|in\s+memory|honou?r\s+(?:the|those)\s+(?:victims|fallen|lost))"#
    private static let pattern: NSRegularExpression = {
        let perAction = #"\bfor\s+every\s+(?:re-?tweet|rt|like|share|follow)\b[^.!?\n]{0,60}?\b(?:donate|give)\b"#
        let request = #"\b\#(verbs)\b[^.!?\n]{0,20}?\b\#(links)\b[^.!?\n]{0,40}?\b\#(sympathy)\b"#
        // Built from constants; a failure here is a programming error caught by every test run.
        return try! NSRegularExpression(pattern: "\(perAction)|\(request)", options: [.caseInsensitive])
    }()

    static func find(in text: String) -> [Match] {
        let sentences = Sentences(text)
        return pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { result in
            guard let range = Range(result.range, in: text) else { return nil }
            let lower = text.utf8.distance(from: text.utf8.startIndex, to: range.lowerBound)
            let upper = text.utf8.distance(from: text.utf8.startIndex, to: range.upperBound)
            return Match(range: lower..<upper, text: String(text[range]), sentence: sentences.index(of: lower))
        }
    }
}
