import Foundation
import Testing
@testable import GaffeKit

/// The `length` rule end to end: drafts read from text, CSV and Markdown, checked per channel.
struct LengthRuleTests {
    private func findings(_ text: String, format: InputFormat = .text, configuration: String? = nil) throws -> [Finding] {
        try TestLinting.lint(text, format: format, configuration: configuration, rules: ["length"]).findings
    }

    /// The source text a finding points at.
    private func match(_ finding: Finding, in text: String) -> String {
        String(decoding: Array(text.utf8)[finding.location.byteRange], as: UTF8.self)
    }

    private func csv(channel: String, text: String, link: String = "", title: String? = nil) -> String {
        let quoted = "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        if let title {
            return "channel,title,text,link\n\(channel),\"\(title)\",\(quoted),\(link)\n"
        }
        return "channel,text,link\n\(channel),\(quoted),\(link)\n"
    }

    /// 310 characters of Latin text without links.
    private let ascii310 = String(repeating: "Fresh coffee, roasted today. ", count: 10) + "Order now, friends!!"

    // MARK: The appended link

    @Test func theLinkSchedulersAppendIsCounted() throws {
        let body = String(repeating: "a", count: 260)
        let input = csv(channel: "x", text: body, link: "https://example.com/autumn")
        let found = try findings(input, format: .csv)
        try #require(found.count == 1)
        #expect(found[0].message == "X counts 284 of 280 weighted characters")
        // 280 - 24 for the link and its space leaves 256 characters of text.
        #expect(match(found[0], in: input) == String(repeating: "a", count: 4))
        #expect(found[0].notes.contains { $0.message.contains("append") && $0.message.contains("https://example.com/autumn") })
    }

    @Test func aLinkAlreadyInTheTextIsNotCountedTwice() throws {
        let body = String(repeating: "a", count: 250) + " https://example.com/autumn"
        #expect(try findings(csv(channel: "x", text: body, link: "https://example.com/autumn"), format: .csv).isEmpty)
        #expect(try findings(csv(channel: "x", text: body, link: "https://example.com/other"), format: .csv).count == 1)
    }

    @Test func aLinkThatAloneIsTooLongPointsAtTheLinkField() throws {
        let input = csv(channel: "x", text: "", link: "https://example.com/autumn")
        let found = try findings(input, format: .csv, configuration: "rules:\n  length:\n    limits: {x: 10}")
        try #require(found.count == 1)
        #expect(found[0].message == "X counts 24 of 10 weighted characters")
        #expect(match(found[0], in: input) == "https://example.com/autumn")
    }

    @Test func instagramDoesNotGetTheLinkAppended() throws {
        let body = String(repeating: "a", count: 2190)
        #expect(try findings(csv(channel: "instagram", text: body, link: "https://example.com/autumn"), format: .csv).isEmpty)
    }

    // MARK: Several channels

    @Test func eachChannelIsCheckedInItsOwnUnit() throws {
        let input = csv(channel: "x bluesky mastodon", text: ascii310)
        let found = try findings(input, format: .csv)
        #expect(found.map(\.message) == ["X counts 310 of 280 weighted characters", "Bluesky counts 310 of 300 characters"])
        #expect(found.map { $0.location.byteRange.count } == [30, 10])
        #expect(found.allSatisfy { $0.severity == .error && $0.category == "length" })
    }

    @Test func aChannelNamedTwiceIsCheckedOnce() throws {
        #expect(try findings(csv(channel: "x twitter", text: ascii310), format: .csv).count == 1)
    }

    @Test func aDraftWithoutChannelsIsNotChecked() throws {
        #expect(try findings(ascii310).isEmpty)
        #expect(try findings("channel,text\n,\"\(ascii310)\"\n", format: .csv).isEmpty)
    }

    @Test func channelsFromTheConfigurationApply() throws {
        #expect(try findings(ascii310, configuration: "channels: [linkedin]").isEmpty)
        #expect(try findings(ascii310, configuration: "channels: [linkedin, bluesky]").count == 1)
    }

    // MARK: Units through the rule

    @Test func linkedInCountsEmojiAsTwo() throws {
        let text = String(repeating: "a", count: 2999) + "🎉"
        let found = try findings(text, configuration: "channels: [linkedin]")
        try #require(found.count == 1)
        #expect(found[0].message == "LinkedIn counts 3,001 of 3,000 characters")
        #expect(match(found[0], in: text) == "🎉")
        #expect(try findings(String(repeating: "a", count: 2998) + "🎉", configuration: "channels: [linkedin]").isEmpty)
    }

    @Test func threadsCountsEmojiBytes() throws {
        let text = String(repeating: "a", count: 490) + " 👋🏽 🙂"
        let found = try findings(text, configuration: "channels: [threads]")
        try #require(found.count == 1)
        #expect(found[0].message == "Threads counts 504 of 500 characters")
        #expect(match(found[0], in: text) == "🙂")
    }

    @Test func bigNumbersAreGrouped() throws {
        let text = String(repeating: "a", count: 63_207)
        #expect(try findings(text, configuration: "channels: [facebook]").map(\.message) == ["Facebook counts 63,207 of 63,206 characters"])
    }

    @Test func crlfLineBreaksCountOnce() throws {
        let fits = String(repeating: "a", count: 140) + "\r\n" + String(repeating: "b", count: 139)
        #expect(try findings(fits, configuration: "channels: [x]").isEmpty)
        let over = fits + "c"
        let found = try findings(over, configuration: "channels: [x]")
        try #require(found.count == 1)
        #expect(found[0].message == "X counts 281 of 280 weighted characters")
        #expect(match(found[0], in: over) == "c")
    }

    @Test func trailingWhitespaceIsNotCounted() throws {
        #expect(try findings(String(repeating: "a", count: 280) + "\n\n  \n", configuration: "channels: [x]").isEmpty)
        let over = String(repeating: "a", count: 281) + "\n"
        let found = try findings(over, configuration: "channels: [x]")
        #expect(found.map { match($0, in: over) } == ["a"])
    }

    @Test func markdownCountsItsProseOnly() throws {
        let code = String(repeating: "let x = 1\n", count: 40)
        let input = "---\nchannels: [x]\n---\nShort intro.\n\n```\n\(code)```\n"
        #expect(try findings(input, format: .markdown).isEmpty)
    }

    @Test func theFindingCarriesItsNumbers() throws {
        let found = try findings(ascii310, configuration: "channels: [x]")
        try #require(found.count == 1)
        #expect(found[0].extra["length"] == .object(["channel": .string("x"), "target": .string("body"), "unit": .string("weighted"),
                                                      "count": .int(310), "limit": .int(280)]))
    }

    // MARK: Titles, subjects and links

    @Test func titlesHaveTheirOwnLimits() throws {
        let title = String(repeating: "t", count: 101)
        let input = csv(channel: "youtube pinterest x", text: "Short description.", title: title)
        let found = try findings(input, format: .csv)
        #expect(found.map(\.message) == ["Pinterest counts 101 of 100 characters in the title", "YouTube counts 101 of 100 characters in the title"])
        #expect(found.allSatisfy { match($0, in: input) == "t" })
    }

    @Test func longEmailSubjectsAreInfo() throws {
        let input = "---\ntitle: \(String(repeating: "s", count: 55))\nchannels: [email]\n---\nHello.\n"
        let found = try findings(input, format: .markdown)
        try #require(found.count == 1)
        #expect(found[0].severity == .info)
        #expect(found[0].message == "Email counts 55 of 50 characters in the subject line")
        #expect(match(found[0], in: input) == "sssss")
    }

    @Test func pinterestWarnsAt500AndRefusesAt800() throws {
        let medium = try findings(String(repeating: "p", count: 600), configuration: "channels: [pinterest]")
        #expect(medium.map(\.severity) == [.warning])
        #expect(medium.map(\.message) == ["Pinterest counts 600 of 500 characters"])
        let long = try findings(String(repeating: "p", count: 900), configuration: "channels: [pinterest]")
        #expect(long.map(\.severity) == [.error])
        #expect(long.map(\.message) == ["Pinterest counts 900 of 800 characters"])
    }

    @Test func pinterestLinksHaveALimit() throws {
        let link = "https://example.com/" + String(repeating: "x", count: 2030)
        let input = csv(channel: "pinterest", text: "Autumn blend.", link: link)
        let found = try findings(input, format: .csv)
        #expect(found.map(\.message) == ["Pinterest counts 2,050 of 2,048 characters in the link"])
        #expect(found.map { match($0, in: input) } == [link])
    }

    // MARK: Hashtags, mentions, links

    private func tags(_ count: Int) -> String {
        (1...count).map { "#tag\($0)" }.joined(separator: " ")
    }

    @Test func instagramHashtagCaps() throws {
        let many = try findings("Autumn " + tags(31), configuration: "channels: [instagram]")
        #expect(many.map(\.severity) == [.error])
        #expect(many.map(\.message) == ["Instagram allows 30 hashtags; this post has 31"])
        let some = "Autumn " + tags(8)
        let warned = try findings(some, configuration: "channels: [instagram]")
        #expect(warned.map(\.severity) == [.warning])
        #expect(warned.map { match($0, in: some) } == ["#tag6 #tag7 #tag8"])
        #expect(try findings("Autumn " + tags(5), configuration: "channels: [instagram]").isEmpty)
    }

    @Test func hashtagCapsAreOptions() throws {
        let strict = "channels: [instagram]\nrules:\n  length:\n    hashtags: {instagram: 5}"
        #expect(try findings("Autumn " + tags(8), configuration: strict).map(\.severity) == [.error])
        let off = "channels: [instagram, tiktok]\nrules:\n  length:\n    hashtags: {instagram: off, tiktok: off}"
        #expect(try findings("Autumn " + tags(40), configuration: off).isEmpty)
        #expect(try findings("Autumn " + tags(6), configuration: "channels: [tiktok]").map(\.severity) == [.warning])
    }

    @Test func instagramMentionCap() throws {
        let text = (1...21).map { "@friend\($0)" }.joined(separator: " ")
        let found = try findings(text, configuration: "channels: [instagram]")
        #expect(found.map(\.message) == ["Instagram allows 20 @-mentions; this post has 21"])
        #expect(found.map(\.severity) == [.warning])
        #expect(found.map { match($0, in: text) } == ["@friend21"])
    }

    @Test func threadsCountsDistinctLinks() throws {
        let links = (1...6).map { "https://example.com/\($0)" }
        let six = "Links: " + links.joined(separator: " ")
        let found = try findings(six, configuration: "channels: [threads]")
        #expect(found.map(\.message) == ["Threads allows 5 distinct links; this post has 6"])
        #expect(found.map { match($0, in: six) } == ["https://example.com/6"])
        // A repeated link counts once.
        let repeated = "Links: " + links.prefix(5).joined(separator: " ") + " " + links[0]
        #expect(try findings(repeated, configuration: "channels: [threads]").isEmpty)
        // The appended link is a sixth.
        let input = csv(channel: "threads", text: "Links: " + links.prefix(5).joined(separator: " "), link: links[5])
        let appended = try findings(input, format: .csv)
        #expect(appended.map { match($0, in: input) } == [links[5]])
    }

    @Test func threadsMakesOneTopicTag() throws {
        let found = try findings("New roast #coffee #autumn", configuration: "channels: [threads]")
        #expect(found.map(\.severity) == [.info])
    }

    // MARK: Options

    @Test func limitsCanBeRaisedOrSwitchedOff() throws {
        #expect(try findings(ascii310, configuration: "channels: [x]\nrules:\n  length:\n    limits: {x: 25000}").isEmpty)
        #expect(try findings(ascii310, configuration: "channels: [x]\nrules:\n  length:\n    limits: {x: off}").isEmpty)
        let lowered = try findings(ascii310, configuration: "channels: [x]\nrules:\n  length:\n    limits: {x: 300}")
        #expect(lowered.map(\.message) == ["X counts 310 of 300 weighted characters"])
        #expect(lowered.first?.notes.contains { $0.message.contains("configuration") } == true)
    }

    @Test func limitsCanNameTheirTarget() throws {
        let title = String(repeating: "t", count: 60)
        let input = csv(channel: "youtube", text: "Short.", title: title)
        let found = try findings(input, format: .csv, configuration: "rules:\n  length:\n    limits:\n      youtube: {title: 50, body: off}")
        #expect(found.map(\.message) == ["YouTube counts 60 of 50 characters in the title"])
    }

    @Test func aChannelWithoutBuiltInLimitsCanGetOne() throws {
        let found = try findings(ascii310, configuration: "channels: [blog]\nrules:\n  length:\n    limits: {blog: 200}")
        #expect(found.map(\.message) == ["Blog counts 310 of 200 characters"])
    }

    @Test func optionsAreReadStrictly() throws {
        func error(_ options: String) -> String {
            do {
                _ = try findings("text", configuration: "rules:\n  length:\n" + options)
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        #expect(error("    limits: {twiter: 300}").contains("unknown channel 'twiter'"))
        #expect(error("    limits: {x: lots}").contains("'rules.length.limits.x' must be a whole number or off"))
        #expect(error("    limits: {x: -3}").contains("must be a whole number or off"))
        #expect(error("    limits: {youtube: {tittle: 80}}").contains("did you mean 'title'"))
        #expect(error("    limit: {x: 300}").contains("did you mean 'limits'"))
        #expect(error("    hashtags: {instagram: many}").contains("'rules.length.hashtags.instagram' must be a whole number or off"))
        #expect(error("    limits: {x: ~}").contains("'rules.length.limits.x' must be a whole number or off"))
        #expect(error("    limits: {x: 300}") == "no error")
    }

    @Test func optionsAreDocumented() {
        let keys = OptionsReader.documentation(of: LengthRule.Options.self).map(\.key)
        #expect(keys == ["limits", "hashtags", "mentions", "links"])
    }
}
