/// How a platform measures text. Each unit counts the way its platform does, and can say where a
/// text first goes over a budget, so a finding can point at the part to cut.
public enum LengthUnit: String, Sendable, CaseIterable, CustomStringConvertible {
    /// X: twitter-text configuration v3 (NFC; URLs 23; CJK, symbols and emoji sequences 2).
    case weighted
    /// Extended grapheme clusters: what a reader sees as one character (Bluesky).
    case graphemes
    /// UTF-8 bytes (Bluesky's second limit).
    case bytes
    /// UTF-16 code units, as JavaScript and most integrators count: an emoji or a "bold" Unicode
    /// letter counts 2.
    case utf16
    /// Unicode code points (JSON Schema `maxLength`, used by Pinterest's API).
    case codePoints = "code-points"
    /// Mastodon: grapheme clusters, every `http(s)://` link 23, a remote mention only its `@user`.
    case mastodon
    /// Threads: code points, but every emoji counts its UTF-8 bytes.
    case threads

    public var description: String { rawValue }

    /// The counted thing, for messages: "X counts 297 of 280 weighted characters".
    var noun: String {
        switch self {
        case .weighted: "weighted characters"
        case .bytes: "bytes"
        case .graphemes, .utf16, .codePoints, .mastodon, .threads: "characters"
        }
    }

    /// How the platform counts, for notes.
    var explanation: String {
        switch self {
        case .weighted:
            "X weighs text with twitter-text's configuration v3, after NFC: any link counts 23, each emoji 2, CJK and most symbols 2, letters from Latin to Georgian 1."
        case .graphemes: "Counted in grapheme clusters: what a reader sees as one character, so an emoji with a skin tone or a flag counts 1."
        case .bytes: "Counted in UTF-8 bytes: a Latin letter is 1 byte, an accented letter 2, CJK 3 and an emoji 4 or more."
        case .utf16: "Counted in UTF-16 code units, as the platform's integrators do: an emoji or a styled \"bold\" Unicode letter counts 2."
        case .codePoints: "Counted in Unicode code points: an emoji with a skin tone counts 2, a family emoji 7."
        case .mastodon: "Mastodon counts grapheme clusters; every http(s) link counts 23 characters whatever its length, and a remote mention counts only its @user part."
        case .threads: "Threads counts characters, but each emoji counts as many as its UTF-8 bytes: 4 for most, more with skin tones or joiners."
        }
    }
}

/// A count of text in some unit, and where it first went over the budget it was measured against.
struct LengthMeasurement: Sendable, Hashable {
    var count: Int
    /// The UTF-8 offset of the first character that does not fit, at a grapheme-cluster boundary;
    /// `nil` when the text fits.
    var overflowOffset: Int?
}

extension LengthUnit {
    /// The URL weight X and Mastodon give every link.
    static let linkWeight = 23
    /// What `upperBound` returns when it knows no bound: more than any limit, and safe to add to.
    static let unbounded = Int(Int32.max)

    /// Counts `text`, noting where it first goes over `budget`.
    func measure(_ text: Substring, budget: Int) -> LengthMeasurement {
        switch self {
        case .weighted:
            let configuration = TwitterTextConfiguration.v3
            let scalars = ScalarText(normalizing: text)
            let weighing = TwitterText.weigh(scalars, configuration: configuration, budget: budget)
            let overflow = weighing.overflowScalar.map { LengthUnit.clusterStart(containing: scalars.sourceOffsets[$0], in: text) }
            return LengthMeasurement(count: weighing.scaledWeight / configuration.scale, overflowOffset: overflow)
        case .mastodon:
            return measureMastodon(text, budget: budget)
        case .graphemes: return LengthUnit.measureClusters(text, budget: budget) { _ in 1 }
        case .bytes: return LengthUnit.measureClusters(text, budget: budget) { $0.utf8.count }
        case .utf16: return LengthUnit.measureClusters(text, budget: budget) { $0.utf16.count }
        case .codePoints: return LengthUnit.measureClusters(text, budget: budget) { $0.unicodeScalars.count }
        case .threads: return LengthUnit.measureClusters(text, budget: budget, LengthUnit.threadsWeight)
        }
    }

    /// Counts cluster by cluster, noting the first cluster that goes over `budget`.
    private static func measureClusters(_ text: Substring, budget: Int, _ weight: (Character) -> Int) -> LengthMeasurement {
        var count = 0
        var offset = 0
        var overflow: Int?
        for character in text {
            count += weight(character)
            if count > budget, overflow == nil { overflow = offset }
            offset += character.utf8.count
        }
        return LengthMeasurement(count: count, overflowOffset: overflow)
    }

    /// What Threads counts for one cluster: 1 per code point, but an emoji its UTF-8 bytes.
    private static func threadsWeight(_ character: Character) -> Int {
        let scalars = Array(character.unicodeScalars)
        var total = 0
        var index = 0
        while index < scalars.count {
            if let end = EmojiSequences.match(scalars, at: index) {
                total += scalars[index..<end].reduce(0) { $0 + UTF8.width($1) }
                index = end
            } else {
                total += 1
                index += 1
            }
        }
        return total
    }

    /// Mastodon's count: clusters, with each `http(s)://` link as 23 and the domain of a remote
    /// mention (`@user@example.social`) left out.
    private func measureMastodon(_ text: Substring, budget: Int) -> LengthMeasurement {
        let scalars = ScalarText(text)
        let links = TwitterTextURLs.extract(scalars.scalars, requireProtocol: true).map(\.range)
        let mentionDomains = MastodonMentions.domains(in: scalars.scalars)
        var count = 0
        var overflow: Int?
        var scalarIndex = 0
        var offset = 0
        var link = 0
        for character in text {
            while link < links.count, links[link].upperBound <= scalarIndex { link += 1 }
            let weight: Int
            if link < links.count, links[link].contains(scalarIndex) {
                weight = links[link].lowerBound == scalarIndex ? LengthUnit.linkWeight : 0
            } else if mentionDomains.contains(where: { $0.contains(scalarIndex) }) {
                weight = 0
            } else {
                weight = 1
            }
            count += weight
            if count > budget, overflow == nil { overflow = offset }
            scalarIndex += character.unicodeScalars.count
            offset += character.utf8.count
        }
        return LengthMeasurement(count: count, overflowOffset: overflow)
    }

    /// The start of the grapheme cluster that holds the UTF-8 `offset`.
    static func clusterStart(containing offset: Int, in text: Substring) -> Int {
        var start = 0
        for character in text {
            let end = start + character.utf8.count
            if offset < end { return start }
            start = end
        }
        return start
    }
}

/// Remote mentions as Mastodon counts them: `@user@example.social` costs only `@user`.
enum MastodonMentions {
    /// The `@domain` parts of remote mentions, as scalar ranges.
    static func domains(in scalars: [Unicode.Scalar]) -> [Range<Int>] {
        var found: [Range<Int>] = []
        let count = scalars.count
        var index = 0
        func isWord(_ scalar: Unicode.Scalar) -> Bool {
            scalar.properties.isAlphabetic || scalar.properties.generalCategory == .decimalNumber || scalar == "_"
        }
        while index < count {
            guard scalars[index] == "@", index == 0 || !(isWord(scalars[index - 1]) || scalars[index - 1] == "=" || scalars[index - 1] == "/") else {
                index += 1
                continue
            }
            var end = index + 1
            while end < count, TwitterTextCharacters.isASCIIAlphanumeric(scalars[end].value) || "_.-".unicodeScalars.contains(scalars[end]) {
                end += 1
            }
            while end > index + 1, scalars[end - 1] == "." || scalars[end - 1] == "-" { end -= 1 }
            guard end > index + 1, end < count, scalars[end] == "@" else {
                index = end
                continue
            }
            var domainEnd = end + 1
            while domainEnd < count, isWord(scalars[domainEnd]) || scalars[domainEnd] == "." || scalars[domainEnd] == "-" { domainEnd += 1 }
            while domainEnd > end + 1, !isWord(scalars[domainEnd - 1]) { domainEnd -= 1 }
            if domainEnd > end + 1 { found.append(end..<domainEnd) }
            index = domainEnd
        }
        return found
    }
}
