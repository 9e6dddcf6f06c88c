import Foundation
import Testing
import Yams
@testable import GaffeKit

/// The files under `Fixtures/twitter-text/` (see SOURCES.md there), read at test time as the
/// conformance README asks.
enum TwitterTextFixtures {
    static func url(_ name: String) -> URL {
        Fixtures.url("twitter-text/\(name)")
    }

    static func text(_ name: String) -> String {
        (try? String(contentsOf: url(name), encoding: .utf8)) ?? ""
    }

    /// The cases of one suite of a conformance file, in file order.
    static func suite(_ suite: String, in file: String) -> [[String: Any]] {
        guard let root = try? Yams.load(yaml: text(file)) as? [String: Any],
              let tests = root["tests"] as? [String: Any] else { return [] }
        return tests[suite] as? [[String: Any]] ?? []
    }

    static func configuration(_ name: String) throws -> TwitterTextConfiguration {
        try JSONDecoder().decode(TwitterTextConfiguration.self, from: Data(contentsOf: url(name)))
    }
}

/// Every case of twitter-text's counting suites in `validate.yml`, run against the published
/// configuration each suite was written for (per the reference runners: v2 for
/// WeightedTweetsCounterTest, v3 for the discounted-emoji and directional-marker suites, v1 for the
/// legacy `tweets` suite).
struct TwitterTextConformanceTests {
    struct WeightedCase: Sendable, CustomTestStringConvertible {
        var suite: String
        var configurationFile: String
        var description: String
        var text: String
        var weightedLength: Int
        var valid: Bool
        var permillage: Int
        var displayRange: [Int]
        var validRange: [Int]
        var testDescription: String { "\(suite): \(description)" }
    }

    struct ValidityCase: Sendable, CustomTestStringConvertible {
        var description: String
        var text: String
        var valid: Bool
        var testDescription: String { "tweets: \(description)" }
    }

    static let weightedSuites = [
        ("WeightedTweetsCounterTest", "v2.json"),
        ("WeightedTweetsWithDiscountedEmojiCounterTest", "v3.json"),
        ("UnicodeDirectionalMarkerCounterTest", "v3.json"),
    ]

    static let weightedCases: [WeightedCase] = weightedSuites.flatMap { suite, configuration in
        TwitterTextFixtures.suite(suite, in: "validate.yml").map { item in
            let expected = item["expected"] as? [String: Any] ?? [:]
            func int(_ key: String) -> Int { expected[key] as? Int ?? Int.min }
            return WeightedCase(suite: suite, configurationFile: configuration, description: item["description"] as? String ?? "",
                                text: item["text"] as? String ?? "", weightedLength: int("weightedLength"),
                                valid: expected["valid"] as? Bool ?? false, permillage: int("permillage"),
                                displayRange: [int("displayRangeStart"), int("displayRangeEnd")],
                                validRange: [int("validRangeStart"), int("validRangeEnd")])
        }
    }

    static let validityCases: [ValidityCase] = TwitterTextFixtures.suite("tweets", in: "validate.yml").map { item in
        ValidityCase(description: item["description"] as? String ?? "", text: item["text"] as? String ?? "",
                     valid: item["expected"] as? Bool ?? false)
    }

    @Test func suitesHoldEveryPublishedCase() {
        let counts = Dictionary(grouping: Self.weightedCases, by: \.suite).mapValues(\.count)
        #expect(counts == ["WeightedTweetsCounterTest": 20, "WeightedTweetsWithDiscountedEmojiCounterTest": 22,
                           "UnicodeDirectionalMarkerCounterTest": 2])
        #expect(Self.validityCases.count == 8)
    }

    @Test(arguments: weightedCases)
    func weightedCounting(_ testCase: WeightedCase) throws {
        let configuration = try TwitterTextFixtures.configuration(testCase.configurationFile)
        let result = TwitterText.parse(testCase.text, configuration: configuration)
        #expect(result.weightedLength == testCase.weightedLength)
        #expect(result.isValid == testCase.valid)
        #expect(result.permillage == testCase.permillage)
        #expect([result.displayRangeStart, result.displayRangeEnd] == testCase.displayRange)
        #expect([result.validRangeStart, result.validRangeEnd] == testCase.validRange)
    }

    @Test(arguments: validityCases)
    func legacyValidity(_ testCase: ValidityCase) throws {
        let configuration = try TwitterTextFixtures.configuration("v1.json")
        #expect(TwitterText.parse(testCase.text, configuration: configuration).isValid == testCase.valid)
    }

    @Test func builtInConfigurationsAreThePublishedOnes() throws {
        #expect(try TwitterTextFixtures.configuration("v1.json") == .v1)
        #expect(try TwitterTextFixtures.configuration("v2.json") == .v2)
        #expect(try TwitterTextFixtures.configuration("v3.json") == .v3)
    }

    @Test func embeddedDomainTableIsThePublishedOne() throws {
        let published = try TopLevelDomains(yaml: TwitterTextFixtures.text("tld_lib.yml"), path: "tld_lib.yml")
        let embedded = TopLevelDomains.shared
        #expect(embedded.country == published.country)
        #expect(embedded.generic == published.generic)
        #expect(embedded.country.count == 315)
        #expect(embedded.generic.count == 1259)
    }
}
