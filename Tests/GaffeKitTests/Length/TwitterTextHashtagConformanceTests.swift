import Foundation
import Testing
@testable import GaffeKit

/// The hashtag cases of twitter-text's `extract.yml`, run against the scanner behind the hashtag
/// caps (Instagram, TikTok, YouTube, Threads).
struct TwitterTextHashtagConformanceTests {
    struct HashtagCase: Sendable, CustomTestStringConvertible {
        var suite: String
        var description: String
        var text: String
        var hashtags: [String]
        var indices: [[Int]]?
        var testDescription: String { "\(suite): \(description)" }
    }

    static let suites = ["hashtags", "hashtags_from_astral", "hashtags_with_indices"]

    static let cases: [HashtagCase] = suites.flatMap { suite in
        TwitterTextFixtures.suite(suite, in: "extract.yml").map { item in
            let expected = item["expected"] as? [Any] ?? []
            let objects = expected.compactMap { $0 as? [String: Any] }
            let tags = objects.isEmpty ? expected.compactMap { $0 as? String } : objects.compactMap { $0["hashtag"] as? String }
            return HashtagCase(suite: suite, description: item["description"] as? String ?? "", text: item["text"] as? String ?? "",
                               hashtags: tags, indices: objects.isEmpty ? nil : objects.map { $0["indices"] as? [Int] ?? [] })
        }
    }

    @Test func suitesHoldEveryPublishedCase() {
        let counts = Dictionary(grouping: Self.cases, by: \.suite).mapValues(\.count)
        #expect(counts == ["hashtags": 65, "hashtags_from_astral": 3, "hashtags_with_indices": 8])
    }

    @Test(arguments: cases)
    func extraction(_ testCase: HashtagCase) {
        let scalars = Array(testCase.text.unicodeScalars)
        let found = TextEntities.hashtags(in: scalars)
        #expect(found.map { String(String.UnicodeScalarView(scalars[($0.lowerBound + 1)..<$0.upperBound])) } == testCase.hashtags)
        if let indices = testCase.indices {
            #expect(found.map { [$0.lowerBound, $0.upperBound] } == indices)
        }
    }
}
