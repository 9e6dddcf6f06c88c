import OrderedCollections

/// Finds open invitations to post under a brand's own hashtag ("share your #AcmeMoments",
/// "questions for our chef? #AskAcme"): campaigns that critics can take over. Info, with a note on
/// what to watch; a warning while a brand crisis is live for the draft.
public struct HashtagCampaignRule: Rule {
    public static let description = RuleDescription(
        identifier: "hashtag-campaign",
        name: "Hashtag campaign",
        summary: "An open invitation to post under the brand's own hashtag, which critics can hijack.",
        rationale: """
            An open hashtag hands the microphone to everyone, critics included: #McDStories (2012) \
            filled with food-poisoning stories, #QantasLuxury (2011) with jokes about the grounded \
            fleet, #myNYPD (2014) with photos of police violence, #AskSeaWorld (2015) with \
            questions about orcas. The rule finds an invitation (share, tell, show, post, use, \
            ask…) to post under a hashtag that is the brand's own: one listed in the options, one \
            containing the account's or a configured brand's name, or one shaped like a campaign \
            (#Ask…, #My…, …Stories, …Moments). It is info, with a note on what to check; while a \
            brand-crisis event is live for the draft it is a warning.
            """,
        defaultSeverity: .info,
        scope: .text,
        tags: ["content", "hashtags"],
        precision: .medium,
        triggeringExamples: [
            Example("Share your favourite ⟦#AcmeMoments⟧ with us!"),
            Example("Got questions for our chef? ⟦#AskAcme⟧"),
            Example("Tell us your ⟦#McDStories⟧."),
            Example("Show the city what it means to you: post with ⟦#myNYPD⟧"),
            Example("text,account\nShow us how you wear it with ⟦#AcmeFit⟧,acme\n", format: .csv),
            Example("Post your photos with ⟦#SpringMenu⟧ to be featured.",
                    configuration: "rules:\n  hashtag-campaign:\n    hashtags: [SpringMenu]\n"),
            Example("Describe your dream flight using ⟦#QantasLuxury⟧ to win!",
                    configuration: "rules:\n  hashtag-campaign:\n    brands: [Qantas]\n"),
        ],
        nonTriggeringExamples: [
            Example("Our #AcmeStories series continues next week."),
            Example("Share your favourite recipe #MondayMotivation"),
            Example("Share your thoughts below: which flavour should we bring back?"),
            Example("Shop the spring sale today #deals #sale"),
            Example("Read our guide at https://example.com/help#AskAcme and share it."),
            Example("Post your photos with #SpringMenu to be featured."),
        ]
    )

    public struct Options: RuleOptions {
        /// The brand's own hashtags, without `#`.
        public var hashtags: [String] = []
        /// Brand names a hashtag may contain.
        public var brands: [String] = []

        public init() {}

        public mutating func read(_ reader: OptionsReader) throws {
            try reader.read("hashtags", &hashtags, "The brand's own campaign hashtags (with or without #); an invitation to post under one is reported.")
            try reader.read("brands", &brands, "Brand names: a hashtag that contains one (#QantasLuxury for Qantas) counts as the brand's own. The draft's account name counts too.")
        }
    }

    private let ownHashtags: Set<String>
    private let brandNames: [String]

    public init(options: Options, context: RuleContext) throws {
        ownHashtags = Set(options.hashtags.map { HashtagCampaignRule.folded($0) }.filter { !$0.isEmpty })
        brandNames = options.brands.map { HashtagCampaignRule.folded($0) }.filter { $0.count >= 3 }
    }

    public func check(_ draft: Draft, context: RuleContext) -> [Diagnosis] {
        let prose = draft.prose
        guard prose.utf8.contains(UInt8(ascii: "#")) else { return [] }
        let bytes = Array(prose.utf8)
        let tags = HashtagCampaignRule.hashtags(in: bytes)
        guard !tags.isEmpty else { return [] }
        var names: [String]?  // the brand's names, worked out once a hashtag is not plainly the brand's own
        let crisis = draft.liveEvents.filter { $0.kind == .brandCrisis }.max { $0.severity < $1.severity }
        var words: TextWords?  // the draft's words, read only once a hashtag is the brand's own
        var diagnoses: [Diagnosis] = []
        for tag in tags {
            let name = String(decoding: bytes[(tag.lowerBound + 1)..<tag.upperBound], as: UTF8.self)
            let folded = HashtagCampaignRule.folded(name)
            let shape = CampaignShape(name)
            if !ownHashtags.contains(folded), shape == nil {
                let brands = names ?? brandNames + HashtagCampaignRule.accountNames(draft.metadata.account)
                names = brands
                guard brands.contains(where: { HashtagCampaignRule.contains(folded, $0) }) else { continue }
            }
            let text = words ?? TextWords(prose)
            words = text
            guard HashtagCampaignRule.isInvitation(to: tag, shape: shape, in: text) else { continue }
            var message = HashtagCampaignRule.message("#" + name)
            var notes = [Note(HashtagCampaignRule.hijackNote)]
            var extra: OrderedDictionary<String, JSONValue> = [:]
            var severity: Severity?
            if let crisis {
                severity = .warning
                message += HashtagCampaignRule.duringCrisis(crisis)
                notes.append(Note(HashtagCampaignRule.crisisNote))
                extra["event"] = crisis.json
            }
            diagnoses.append(Diagnosis(.text(tag), message: message, severity: severity, category: "hashtag", notes: notes, extra: extra))
        }
        return diagnoses
    }

    /// The shapes of campaign hashtags: `#Ask…` and `#My…` followed by a capital (`#AskSeaWorld`,
    /// `#myNYPD`), and tags ending in a word of personal stories (`#McDStories`, `#AcmeMoments`).
    enum CampaignShape: Equatable {
        case ask, my, stories

        static let storyWords = ["stories", "story", "moments", "memories", "experience", "experiences", "selfie", "selfies",
                                 "photos", "pics", "fans", "wave", "challenge"]

        init?(_ name: String) {
            if name.isASCII {
                self.init(ascii: Array(name.utf8))
                return
            }
            let characters = Array(name)
            func capitalAfter(_ prefix: Int) -> Bool { characters.count > prefix + 1 && characters[prefix].isUppercase }
            let lower = name.lowercased()
            if lower.hasPrefix("ask"), capitalAfter(3) {
                self = .ask
            } else if lower.hasPrefix("my"), capitalAfter(2) {
                self = .my
            } else if let word = CampaignShape.storyWords.first(where: { lower.hasSuffix($0) && lower.count > $0.count + 1 }),
                      characters[characters.count - word.count].isUppercase {
                self = .stories
            } else {
                return nil
            }
        }

        /// `init(_:)` for an all-ASCII name, on its bytes.
        private init?(ascii name: [UInt8]) {
            func isUpper(_ byte: UInt8) -> Bool { byte >= 0x41 && byte <= 0x5A }
            let lower = name.map { isUpper($0) ? $0 | 0x20 : $0 }
            func capitalAfter(_ prefix: Int) -> Bool { name.count > prefix + 1 && isUpper(name[prefix]) }
            if lower.starts(with: "ask".utf8), capitalAfter(3) {
                self = .ask
            } else if lower.starts(with: "my".utf8), capitalAfter(2) {
                self = .my
            } else if let word = CampaignShape.storyWords.first(where: { lower.count > $0.utf8.count + 1 && lower.suffix($0.utf8.count).elementsEqual($0.utf8) }),
                      isUpper(name[name.count - word.utf8.count]) {
                self = .stories
            } else {
                return nil
            }
        }
    }

    /// Words that invite readers to post: looked for before the hashtag in its sentence.
    static let invitations: Set<String> = ["share", "tell", "show", "post", "send", "tweet", "upload", "submit", "snap", "tag",
                                           "use", "using", "join", "ask", "enter", "describe", "caption", "add", "tweeting", "posting",
                                           "sharing", "tagging"]
    /// Words that make an `#Ask…` hashtag an open call.
    static let questions: Set<String> = ["ask", "questions", "question", "anything", "answers", "answer"]

    /// Whether the hashtag's sentence invites readers to post under it.
    static func isInvitation(to tag: Range<Int>, shape: CampaignShape?, in words: TextWords) -> Bool {
        guard let index = words.words.firstIndex(where: { $0.range.lowerBound > tag.lowerBound }) else { return false }
        let sentence = words.sentences[index]
        let before = (max(0, index - 10)..<index).filter { words.sentences[$0] == sentence && words.words[$0].range.upperBound <= tag.lowerBound }
        if before.contains(where: { invitations.contains(words.lowered[$0]) }) { return true }
        // "Questions for our chef? #AskAcme": an #Ask… tag with a question anywhere in the draft.
        return shape == .ask && words.lowered.contains(where: questions.contains)
    }

    /// The hashtags of a text as UTF-8 ranges, `#` included: `#` after anything but a letter,
    /// digit, `&` or `_`, then letters, digits and underscores (at least one letter).
    static func hashtags(in text: String) -> [Range<Int>] {
        hashtags(in: Array(text.utf8))
    }

    static func hashtags(in bytes: [UInt8]) -> [Range<Int>] {
        func isTagByte(_ byte: UInt8) -> Bool {
            byte >= 0x80 || (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte == UInt8(ascii: "_")
        }
        var found: [Range<Int>] = []
        var index = 0
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "#") else { index += 1; continue }
            if index > 0, isTagByte(bytes[index - 1]) || bytes[index - 1] == UInt8(ascii: "&") { index += 1; continue }
            var end = index + 1
            var hasLetter = false
            var isASCII = true
            while end < bytes.count, isTagByte(bytes[end]) {
                if bytes[end] >= 0x80 || bytes[end] | 0x20 >= 0x61 && bytes[end] | 0x20 <= 0x7A { hasLetter = true }
                if bytes[end] >= 0x80 { isASCII = false }
                end += 1
            }
            if isASCII {
                // ASCII tag bytes are letters, digits and underscores: nothing to trim.
                if hasLetter { found.append(index..<end) }
                index = max(end, index + 1)
                continue
            }
            // A non-ASCII byte may be punctuation or an emoji: end the tag at the last letter-like
            // character by trimming trailing non-letters the lexicon normalizer would separate.
            let tagText = String(decoding: bytes[(index + 1)..<end], as: UTF8.self)
            let trimmed = tagText.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
            if hasLetter, !trimmed.isEmpty, trimmed.contains(where: \.isLetter) {
                found.append(index..<(index + 1 + trimmed.utf8.count))
            }
            index = max(end, index + 1)
        }
        return found
    }

    /// Letters and digits, lower-cased: `#Acme_Moments` and `acme moments` compare equal.
    static func folded(_ text: String) -> String {
        if text.isASCII {
            let kept = text.utf8.compactMap { byte -> UInt8? in
                switch byte {
                case 0x30...0x39, 0x61...0x7A: byte
                case 0x41...0x5A: byte | 0x20
                default: nil
                }
            }
            return String(decoding: kept, as: UTF8.self)
        }
        return String(text.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || $0.properties.numericType != nil }.map(Character.init))
    }

    /// Whether `text` contains `part` (UTF-8, byte for byte).
    static func contains(_ text: String, _ part: String) -> Bool {
        let text = Array(text.utf8)
        let part = Array(part.utf8)
        guard !part.isEmpty else { return true }
        guard text.count >= part.count else { return false }
        for start in 0...(text.count - part.count) where text[start] == part[0] && text[start..<(start + part.count)].elementsEqual(part) {
            return true
        }
        return false
    }

    /// Parts of an account name long enough to identify a brand in a hashtag: `acme_care` gives
    /// `acme`; words for teams and places (`care`, `support`, `uk`) are left out.
    static func accountNames(_ account: String?) -> [String] {
        guard let account else { return [] }
        if account.isASCII { return accountNames(ascii: Array(account.utf8)) }
        var parts: [String] = []
        var current = ""
        var previous: Character?
        for character in account {
            let boundary = !(character.isLetter) || (previous?.isLowercase == true && character.isUppercase)
            if boundary, !current.isEmpty {
                parts.append(current.lowercased())
                current = ""
            }
            if character.isLetter { current.append(character) }
            previous = character
        }
        if !current.isEmpty { parts.append(current.lowercased()) }
        return parts.filter { $0.count >= 3 && !genericAccountWords.contains($0) }
    }

    /// `accountNames(_:)` for an all-ASCII account, on its bytes.
    private static func accountNames(ascii account: [UInt8]) -> [String] {
        func isLower(_ byte: UInt8) -> Bool { byte >= 0x61 && byte <= 0x7A }
        func isUpper(_ byte: UInt8) -> Bool { byte >= 0x41 && byte <= 0x5A }
        var parts: [String] = []
        var current: [UInt8] = []
        var previous: UInt8?
        func endPart() {
            if current.count >= 3 {
                let part = String(decoding: current, as: UTF8.self)
                if !genericAccountWords.contains(part) { parts.append(part) }
            }
            current = []
        }
        for byte in account {
            let isLetter = isLower(byte) || isUpper(byte)
            if !isLetter || (previous.map(isLower) == true && isUpper(byte)) { endPart() }
            if isLetter { current.append(byte | 0x20) }
            previous = byte
        }
        endPart()
        return parts
    }

    static let genericAccountWords: Set<String> = ["care", "help", "helps", "support", "official", "team", "news", "global", "app",
                                                   "shop", "store", "inc", "the", "service", "services", "usa", "airways", "airlines",
                                                   "group", "hq", "online", "live", "info", "brand"]

    // MARK: Messages

    static func message(_ tag: String) -> String {
        "'\(tag)' invites anyone to post under the brand's own hashtag; open campaigns get hijacked"
    }

    static func duringCrisis(_ event: Event) -> String {
        ", and \(event.label) is live"
    }

    static let hijackNote = "Open hashtags hand the microphone to critics too (#McDStories, #QantasLuxury during the grounding, #myNYPD, #AskSeaWorld). Before launch, check what people are saying about the brand this week; have someone watch the tag in its first hours; decide who replies, what you will not answer, and when to stop."

    static let crisisNote = "Do not open a hashtag while the brand is under fire: the first posts will be about the crisis."
}
