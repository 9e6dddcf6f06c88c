import Foundation
import Testing
@testable import GaffeKit

/// The similarity machinery of `near-duplicate`: normalization, shingles, signatures, banding and
/// the search that avoids comparing every pair.
struct MinHashTests {
    static let hasher = MinHasher()

    static func signature(_ text: String) -> MinHashSignature? {
        let normalized = ComparableText.normalized(text)
        var shingles: [UInt32] = []
        normalized.withUnsafeBufferPointer { hasher.shingleHashes($0, into: &shingles) }
        return hasher.signature(ofShingles: shingles)
    }

    /// The exact Jaccard similarity of two texts' 5-byte shingle sets.
    static func exactJaccard(_ lhs: String, _ rhs: String) -> Double {
        func shingles(_ text: String) -> Set<[UInt8]> {
            let bytes = ComparableText.normalized(text)
            guard bytes.count >= 5 else { return [bytes] }
            return Set((0...(bytes.count - 5)).map { Array(bytes[$0..<($0 + 5)]) })
        }
        let a = shingles(lhs)
        let b = shingles(rhs)
        return Double(a.intersection(b).count) / Double(a.union(b).count)
    }

    @Test func normalizationSetsAsideCaseLinksMentionsAndNumbers() {
        // The rules pass the draft's prose, in which URLs are blanked.
        func text(_ input: String) -> String { String(decoding: ComparableText.normalized(ProseMask.blankingURLs(in: input)), as: UTF8.self) }
        #expect(text("@sam Get 20% OFF today!! #SpringSale https://x.co/1") == "get 0 off today spring sale")
        #expect(text("Ｇｅｔ 25% off — TODAY… with SAVE25") == "get 0 off today with save0")
        #expect(text("Café crème, 19.99 €, 2,000 or 3, 4") == "cafe creme 0 0 or 0 0")
        #expect(text("  ") == "")
        #expect(text("See https://example.com/a?b=1 now") == "see now")
    }

    @Test func identicalNormalizedTextsHaveIdenticalSignatures() throws {
        let a = try #require(Self.signature("Our spring sneakers just dropped. Get 20% off with SPRING20!"))
        let b = try #require(Self.signature("OUR SPRING SNEAKERS JUST DROPPED! get 35% off with spring35"))
        #expect(a == b)
        #expect(a.similarity(to: b) == 1)
        #expect(a.bytes.count == 128)
        #expect(Self.signature("") == nil)
        #expect(Self.signature("!!!") == nil)
        // Shorter than a shingle: one shingle of the whole text.
        #expect(Self.signature("hi") == Self.signature("HI!"))
    }

    @Test func signaturesAreTheSameInEveryRun() throws {
        // Fixed constants: the same text always gives the same bytes (a change here changes
        // which drafts are candidates, so it is deliberate).
        let signature = try #require(Self.signature("Meet the new rain jacket"))
        #expect(Array(signature.bytes.prefix(8)) == Array(try #require(Self.signature("meet the NEW rain jacket")).bytes.prefix(8)))
        #expect(StableHash.hash("abc") == StableHash.hash("abc"))
        #expect(StableHash.hash("abc") != StableHash.hash("abd"))
        #expect(StableHash.hash("") != StableHash.hash("\0"))
    }

    @Test func estimatesTrackTheExactJaccardSimilarity() throws {
        // Pairs of posts at many similarities; with 128 permutations the standard error is at
        // most 0.045, so every estimate should be within 0.15 and the mean error near zero.
        var generator = PositionPropertyTests.Generator(state: 42)
        let words = ["coffee", "jacket", "spring", "sale", "today", "new", "city", "rain", "boots", "weekend", "free", "shipping",
                     "order", "bright", "classic", "design", "every", "adventure", "morning", "team", "store", "open", "late", "menu"]
        var errors: [Double] = []
        for _ in 0..<300 {
            let base = (0..<(8 + Int(generator.next() % 12))).map { _ in generator.pick(words) }
            var other = base
            for _ in 0..<Int(generator.next() % 6) { other[Int(generator.next() % UInt64(other.count))] = generator.pick(words) }
            if generator.chance(30) { other.append(generator.pick(words)) }
            let lhs = base.joined(separator: " ")
            let rhs = other.joined(separator: " ")
            let estimate = try #require(Self.signature(lhs)).similarity(to: try #require(Self.signature(rhs)))
            let exact = Self.exactJaccard(lhs, rhs)
            #expect(abs(estimate - exact) < 0.15, "\(lhs) | \(rhs): estimate \(estimate), exact \(exact)")
            errors.append(estimate - exact)
        }
        let mean = errors.reduce(0, +) / Double(errors.count)
        #expect(abs(mean) < 0.02, "biased estimates: mean error \(mean)")
    }

    @Test func bandsAreChosenLikeDatasketch() {
        // datasketch 2.0.0, MinHashLSH(threshold=t, num_perm=128, weights=(0.1, 0.9)) → (b, r).
        let expected: [(Double, Int, Int)] = [(0.5, 32, 4), (0.6, 25, 5), (0.7, 20, 6), (0.75, 16, 8), (0.8, 14, 9), (0.85, 11, 11),
                                              (0.9, 8, 16), (0.95, 5, 25)]
        for (threshold, bands, rows) in expected {
            #expect(LSHBands.optimal(threshold: threshold) == LSHBands(bands: bands, rows: rows), "threshold \(threshold)")
        }
        // And with datasketch's default weights.
        #expect(LSHBands.optimal(threshold: 0.8, falsePositiveWeight: 0.5, falseNegativeWeight: 0.5) == LSHBands(bands: 9, rows: 13))
        let bands = LSHBands(bands: 14, rows: 9)
        #expect(bands.candidateProbability(0.9) > 0.99)
        #expect(bands.candidateProbability(0.3) < 0.001)
    }

    @Test func searchFindsTheMostRecentEarlierMatchWithinTheWindow() throws {
        let texts = [
            "Weekend sale on every rain jacket and every pair of boots in the store, shop now before it's gone",      // 0
            "Meet our baristas: the team behind every cup you drink",                                                // 1
            "Weekend sale on every rain jacket and every pair of boots in the store, shop now before it's all gone",  // 2 ≈ 0
            "Weekend sale on every rain jacket and every pair of boots in the store, shop now before it's gone",      // 3 = 0
            "Weekend sale on every rain jacket and every pair of boots in the store, shop now before it's gone",      // 4 = 0
        ]
        let times: [Double] = [0, 100, 200, 300, 864_000]
        let accounts: [Int32] = [0, 0, 0, 1, 0]
        let items = try zip(zip(texts, times), accounts).map { pair, account in
            DuplicateSearch.Item(signature: try #require(Self.signature(pair.0)), time: pair.1, account: account,
                                 textHash: StableHash.hash(pair.0))
        }
        let search = DuplicateSearch(bands: LSHBands.optimal(threshold: 0.8), threshold: 0.8, window: 7 * 86_400, acrossAccounts: true)
        let results = search.run(items)
        #expect(results[0] == DuplicateSearch.Result())
        #expect(results[1] == DuplicateSearch.Result())
        let near = try #require(results[2].sameAccount)
        #expect(near.earlier == 0 && !near.isExact && near.similarity >= 0.8 && near.similarity < 1)
        #expect(MinHashTests.exactJaccard(texts[0], texts[2]) > 0.8)
        // The most recent match from another account, even though an older exact copy exists.
        #expect(results[3].sameAccount == nil)
        #expect(results[3].otherAccount?.earlier == 2)
        // Ten days is past the 7-day window.
        #expect(results[4] == DuplicateSearch.Result())
        let wide = DuplicateSearch(bands: search.bands, threshold: 0.8, window: 30 * 86_400, acrossAccounts: false).run(items)
        #expect(wide[4].sameAccount?.earlier == 2)
        #expect(wide[3] == DuplicateSearch.Result())
        let exactOnly = DuplicateSearch(bands: search.bands, threshold: 1.0, window: 30 * 86_400, acrossAccounts: true).run(items)
        #expect(exactOnly[4].sameAccount == DuplicateSearch.Match(earlier: 0, similarity: 1, isExact: true))
        #expect(exactOnly[3].otherAccount == DuplicateSearch.Match(earlier: 0, similarity: 1, isExact: true))
        #expect(exactOnly[2] == DuplicateSearch.Result())
    }

    /// Unrelated posts, and posts from 30 near-identical families (half of them with the last
    /// word changed), in publish order.
    static func batch(_ count: Int, seed: UInt64) throws -> [DuplicateSearch.Item] {
        var generator = PositionPropertyTests.Generator(state: seed)
        // Words of letters only: digits would all read as 0.
        let words = (0..<400).map { _ in String((0..<6).map { _ in Character(UnicodeScalar(UInt8(97 + generator.next() % 26))) }) }
        let families = (0..<30).map { _ in (0..<14).map { _ in generator.pick(words) } }
        return try (0..<count).map { index in
            var text: [String]
            if index % 2 == 0 {
                text = (0..<12).map { _ in generator.pick(words) }
            } else {
                text = families[index / 2 % 30]
                if generator.chance(50) { text[13] = generator.pick(words) }
            }
            let joined = text.joined(separator: " ")
            return DuplicateSearch.Item(signature: try #require(Self.signature(joined)), time: Double(index), account: 0,
                                        textHash: StableHash.hash(joined))
        }
    }

    @Test func searchGrowsLinearlyNotWithEveryPair() throws {
        let search = DuplicateSearch(bands: LSHBands.optimal(threshold: 0.8), threshold: 0.8, window: 1e9, acrossAccounts: true)
        var small = 0
        var large = 0
        let smallResults = search.run(try Self.batch(2_000, seed: 9), comparisons: &small)
        _ = search.run(try Self.batch(8_000, seed: 9), comparisons: &large)
        // Unrelated posts match nothing; every family member after the first 30 finds one.
        #expect(smallResults.enumerated().filter { $0.offset % 2 == 0 }.allSatisfy { $0.element == DuplicateSearch.Result() })
        let members = smallResults.enumerated().filter { $0.offset % 2 == 1 && $0.offset > 120 }
        #expect(Double(members.filter { $0.element.sameAccount != nil }.count) >= 0.95 * Double(members.count))
        // Four times the drafts: about four times the comparisons (all pairs would be sixteen),
        // and never more than the per-band bound.
        #expect(Double(large) < 6 * Double(small), "\(small) comparisons for 2,000 drafts, \(large) for 8,000")
        #expect(large <= 8_000 * search.bands.bands * search.maximumChecks)
        #expect(large < 8_000 * 7_999 / 2 / 20)
    }
}

/// Reply templates: what stays when mentions, names, numbers and sign-offs are set aside.
struct ReplyTemplateTests {
    static func key(_ text: String) -> String {
        ReplyTemplate.words(of: ProseMask.blankingURLs(in: text)).joined(separator: " ")
    }

    @Test func namesOrderIdsLinksAndSignOffsFallAway() {
        let first = Self.key("@jo Hi Jo, so sorry! DM us order #A1234 and see https://help.example.com/r/1 ^KT")
        #expect(first == "so sorry dm us order 0 and see")
        #expect(Self.key("@jo So sorry! DM us order #A77 and see https://help.example.com/r/3") == first, "an opening salutation falls away whole")
        #expect(Self.key("@al_b Hi Al, so sorry! DM us order #B9 and see https://help.example.com/r/2 ^MB") == first)
        #expect(Self.key("@x Hi Al, so sorry! DM us order ORD-5521 and see https://help.example.com/r/2 - Sam") == first)
        #expect(Self.key("@x Sarah, we're sorry. Your refund of $20.50 is on its way ~Alex") == "we're sorry your refund of 0 is on its way")
        #expect(Self.key("@x So sorry. Thanks Tom for waiting") == "so sorry thanks <name> for waiting", "a name later on is a slot")
        #expect(Self.key("@x Hi there, thanks!") == "hi there thanks")
        #expect(Self.key("@x It's well-known") == "it's well known")
        #expect(Self.key("@x Hi Jo, glad it fits") != Self.key("@x Hi Jo, sorry it doesn't fit"))
    }

    @Test func repliesStartWithAMention() {
        #expect(ReplyTemplate.isReply("@sam thanks"))
        #expect(ReplyTemplate.isReply("  \n@sam thanks"))
        #expect(!ReplyTemplate.isReply("Thanks @sam"))
        #expect(!ReplyTemplate.isReply(""))
    }
}
