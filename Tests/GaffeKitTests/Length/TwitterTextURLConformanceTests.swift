import Foundation
import Testing
@testable import GaffeKit

/// The URL cases of twitter-text's `extract.yml`: the extractor X's count depends on (a URL counts
/// 23 only when X finds it). Every case of the four URL suites runs; none is skipped.
struct TwitterTextURLConformanceTests {
    struct URLCase: Sendable, CustomTestStringConvertible {
        var suite: String
        var description: String
        var text: String
        var urls: [String]
        /// Code-point offsets, for the suites that give them.
        var indices: [[Int]]?
        var testDescription: String { "\(suite): \(description)" }
    }

    static let suites = ["urls", "urls_with_indices", "urls_with_directional_markers", "tco_urls_with_params"]

    static let cases: [URLCase] = suites.flatMap { suite in
        TwitterTextFixtures.suite(suite, in: "extract.yml").map { item in
            let expected = item["expected"] as? [Any] ?? []
            let objects = expected.compactMap { $0 as? [String: Any] }
            let urls = objects.isEmpty ? expected.compactMap { $0 as? String } : objects.compactMap { $0["url"] as? String }
            let indices = objects.isEmpty ? nil : objects.map { $0["indices"] as? [Int] ?? [] }
            return URLCase(suite: suite, description: item["description"] as? String ?? "", text: item["text"] as? String ?? "",
                           urls: urls, indices: indices)
        }
    }

    @Test func suitesHoldEveryPublishedCase() {
        let counts = Dictionary(grouping: Self.cases, by: \.suite).mapValues(\.count)
        #expect(counts == ["urls": 91, "urls_with_indices": 10, "urls_with_directional_markers": 2, "tco_urls_with_params": 5])
    }

    @Test(arguments: cases)
    func extraction(_ testCase: URLCase) {
        let text = testCase.text
        let found = TwitterText.urls(in: text)
        #expect(found.map { String(text[$0]) } == testCase.urls)
        if let indices = testCase.indices {
            let scalars = text.unicodeScalars
            let offsets = found.map { [scalars.distance(from: scalars.startIndex, to: $0.lowerBound),
                                       scalars.distance(from: scalars.startIndex, to: $0.upperBound)] }
            #expect(offsets == indices)
        }
    }
}
