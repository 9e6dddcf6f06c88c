import Foundation

/// A twitter-text configuration (`config/v1.json` … `v3.json` of twitter/twitter-text): how X
/// weighs a post. The built-in values are the published files; a test compares them.
public struct TwitterTextConfiguration: Sendable, Hashable, Codable {
    /// Code points `start...end` weigh `weight`.
    public struct WeightedRange: Sendable, Hashable, Codable {
        public var start: UInt32
        public var end: UInt32
        public var weight: Int
    }

    public var version: Int
    /// The most a post may weigh, in units of `scale`.
    public var maxWeightedTweetLength: Int
    public var scale: Int
    /// The weight of a code point outside every range.
    public var defaultWeight: Int
    /// What every URL counts, however long (t.co shortens them all).
    public var transformedURLLength: Int
    public var ranges: [WeightedRange]
    /// Whether an emoji sequence weighs `defaultWeight` once (v3), not per code point.
    public var emojiParsingEnabled: Bool

    public init(version: Int, maxWeightedTweetLength: Int, scale: Int, defaultWeight: Int, transformedURLLength: Int,
                ranges: [WeightedRange], emojiParsingEnabled: Bool) {
        self.version = version
        self.maxWeightedTweetLength = maxWeightedTweetLength
        self.scale = scale
        self.defaultWeight = defaultWeight
        self.transformedURLLength = transformedURLLength
        self.ranges = ranges
        self.emojiParsingEnabled = emojiParsingEnabled
    }

    enum CodingKeys: String, CodingKey {
        case version, maxWeightedTweetLength, scale, defaultWeight, transformedURLLength, ranges, emojiParsingEnabled
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        version = try container.decode(Int.self, forKey: .version)
        maxWeightedTweetLength = try container.decode(Int.self, forKey: .maxWeightedTweetLength)
        scale = try container.decode(Int.self, forKey: .scale)
        defaultWeight = try container.decode(Int.self, forKey: .defaultWeight)
        transformedURLLength = try container.decode(Int.self, forKey: .transformedURLLength)
        ranges = try container.decode([WeightedRange].self, forKey: .ranges)
        emojiParsingEnabled = try container.decodeIfPresent(Bool.self, forKey: .emojiParsingEnabled) ?? false
    }

    /// Latin to Georgian, spaces and joiners, dashes and quotes, primes weigh one character.
    private static let weightedRanges = [
        WeightedRange(start: 0, end: 4351, weight: 100),
        WeightedRange(start: 8192, end: 8205, weight: 100),
        WeightedRange(start: 8208, end: 8223, weight: 100),
        WeightedRange(start: 8242, end: 8247, weight: 100),
    ]

    /// Legacy 140-character counting.
    public static let v1 = TwitterTextConfiguration(version: 1, maxWeightedTweetLength: 140, scale: 1, defaultWeight: 1,
                                                    transformedURLLength: 23, ranges: [], emojiParsingEnabled: false)
    /// Weighted 280-character counting.
    public static let v2 = TwitterTextConfiguration(version: 2, maxWeightedTweetLength: 280, scale: 100, defaultWeight: 200,
                                                    transformedURLLength: 23, ranges: weightedRanges, emojiParsingEnabled: false)
    /// v2 with each emoji sequence weighing 2: what X uses.
    public static let v3 = TwitterTextConfiguration(version: 3, maxWeightedTweetLength: 280, scale: 100, defaultWeight: 200,
                                                    transformedURLLength: 23, ranges: weightedRanges, emojiParsingEnabled: true)

    /// The weight of one code point.
    func weight(of scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        for range in ranges where range.start <= value && value <= range.end { return range.weight }
        return defaultWeight
    }
}

/// What twitter-text's `parseTweet` reports, with X's own field names.
public struct TwitterTextParseResult: Sendable, Hashable {
    /// The weighted length in characters (weights divided by the scale).
    public var weightedLength: Int
    /// The weighted length in thousandths of the maximum.
    public var permillage: Int
    /// Within the maximum and free of invalid characters.
    public var isValid: Bool
    /// Inclusive UTF-16 offsets into the original text: all of it, and the part that fits.
    public var displayRangeStart: Int
    public var displayRangeEnd: Int
    public var validRangeStart: Int
    public var validRangeEnd: Int
}

/// X's post length, counted like twitter-text: NFC first; every URL weighs 23 characters; each
/// emoji sequence 2 (v3); every other code point 1 inside the ranges of the configuration
/// (Latin to Georgian, general punctuation spaces and quotes) and 2 outside (CJK, symbols).
public enum TwitterText {
    /// Parses a post the way twitter-text's reference parser does.
    public static func parse(_ text: String, configuration: TwitterTextConfiguration = .v3) -> TwitterTextParseResult {
        // Like the reference, a text of nothing but spaces and control characters is empty.
        guard text.utf16.contains(where: { $0 > 0x20 }) else {
            return TwitterTextParseResult(weightedLength: 0, permillage: 0, isValid: false, displayRangeStart: 0,
                                          displayRangeEnd: -1, validRangeStart: 0, validRangeEnd: -1)
        }
        let normalized = ScalarText(normalizing: text[...])
        let weighing = weigh(normalized, configuration: configuration, budget: configuration.maxWeightedTweetLength)
        let weightedLength = weighing.scaledWeight / configuration.scale
        // The reference shifts its offsets by the length change of normalization.
        let shift = normalized.originalUTF16Count - normalized.utf16Count
        return TwitterTextParseResult(
            weightedLength: weightedLength,
            permillage: weightedLength * 1000 / configuration.maxWeightedTweetLength,
            isValid: !weighing.hasInvalidCharacters && weightedLength <= configuration.maxWeightedTweetLength,
            displayRangeStart: 0, displayRangeEnd: normalized.utf16Count + shift - 1,
            validRangeStart: 0, validRangeEnd: weighing.validUTF16Count + shift - 1)
    }

    /// The URLs twitter-text finds in `text`, as ranges of the text.
    public static func urls(in text: String) -> [Range<String.Index>] {
        let scalars = Array(text.unicodeScalars)
        var indices = Array(text.unicodeScalars.indices)
        indices.append(text.endIndex)
        return TwitterTextURLs.extract(scalars).map { indices[$0.range.lowerBound]..<indices[$0.range.upperBound] }
    }

    /// A weighing of normalized text against a budget.
    struct Weighing {
        /// The total weight, in units of the configuration's scale.
        var scaledWeight = 0
        var hasInvalidCharacters = false
        /// How many UTF-16 code units of the normalized text fit, the way the reference counts them.
        var validUTF16Count = 0
        /// The scalar where the first unit (code point, URL or emoji) that goes over the budget begins.
        var overflowScalar: Int?
    }

    /// Weighs normalized text, noting where it first goes over `budget` characters.
    static func weigh(_ text: ScalarText, configuration: TwitterTextConfiguration, budget: Int) -> Weighing {
        let scalars = text.scalars
        let urls = TwitterTextURLs.extract(scalars)
        let (product, overflow) = budget.multipliedReportingOverflow(by: configuration.scale)
        let scaledBudget = overflow ? (budget < 0 ? Int.min : Int.max) : product
        var weighing = Weighing()
        var nextURL = 0
        var index = 0
        func add(_ weight: Int, utf16: Int, checksValidity: Bool = false) {
            weighing.scaledWeight += weight
            if weighing.scaledWeight > scaledBudget, weighing.overflowScalar == nil { weighing.overflowScalar = index }
            // As in the reference, an invalid character stops the valid range for code points only.
            if weighing.scaledWeight <= scaledBudget, !(checksValidity && weighing.hasInvalidCharacters) {
                weighing.validUTF16Count += utf16
            }
        }
        while index < scalars.count {
            if nextURL < urls.count, urls[nextURL].range.lowerBound == index {
                let range = urls[nextURL].range
                add(configuration.transformedURLLength * configuration.scale, utf16: utf16Width(scalars[range]))
                index = range.upperBound
                nextURL += 1
            } else if configuration.emojiParsingEnabled, let end = EmojiSequences.match(scalars, at: index) {
                add(configuration.defaultWeight, utf16: utf16Width(scalars[index..<end]))
                index = end
            } else {
                let scalar = scalars[index]
                if TwitterTextCharacters.isInvalid(scalar.value) { weighing.hasInvalidCharacters = true }
                add(configuration.weight(of: scalar), utf16: UTF16.width(scalar), checksValidity: true)
                index += 1
            }
        }
        return weighing
    }

    private static func utf16Width(_ scalars: ArraySlice<Unicode.Scalar>) -> Int {
        scalars.reduce(0) { $0 + UTF16.width($1) }
    }
}
