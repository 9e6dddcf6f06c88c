import Foundation
import Testing
@testable import GaffeKit

/// `canned-overuse` and `near-duplicate` across a batch: counts, windows, related locations,
/// messages, and findings that do not depend on the order files are read in.
struct CannedBatchRulesTests {
    static func lint(_ inputs: [(String, String)], configuration: String? = nil, rules: [String]) throws -> [Finding] {
        try TestLinting.lint(inputs: inputs.map { (text: $0.1, format: InputFormat.csv, path: $0.0) }, configuration: configuration,
                             rules: rules).findings
    }

    static func place(_ location: GaffeKit.SourceLocation) -> String {
        "\(location.path):\(location.start.line):\(location.start.column)"
    }

    // MARK: canned-overuse

    static let careX = """
        publish_at,account,channel,text
        2026-03-02T09:00:00Z,acme_care,x,@ann We apologize for any inconvenience. A new kettle ships today.
        2026-03-02T10:00:00Z,acme_care,x,@bo Sorry! We apologize for any inconvenience.
        2026-03-02T11:00:00Z,acme_care,x,@cy Thanks for the photo! We apologize for any inconvenience though.
        2026-03-02T12:00:00Z,acme_care,x,@di Oh no. We apologize for any inconvenience!
        2026-03-02T13:00:00Z,acme_care,x,@ed We apologize for any inconvenience - our courier is late today.
        2026-03-02T14:00:00Z,acme_care,x,@fi Sadly we apologize for any inconvenience.
        2026-03-02T15:00:00Z,acme_care,x,@gu Hi! We apologize for any inconvenience; the shop reopens at noon.
        2026-03-03T16:00:00Z,acme_care,x,@hy We apologize for any inconvenience.

        """

    @Test func eachUsePastTheLimitIsReportedWithTheEarlierOnes() throws {
        let findings = try Self.lint([("care.csv", Self.careX)], rules: ["canned-overuse"])
        // x allows 5 a day: uses 6 and 7 are reported; the next day's use, 25 hours after the
        // last, has the window to itself.
        #expect(findings.map { Self.place($0.location) } == ["care.csv:7:44", "care.csv:8:42"])
        let sixth = try #require(findings.first)
        #expect(sixth.match == "we apologize for any inconvenience")
        #expect(sixth.severity == .warning)
        #expect(sixth.message == "'we apologize for any inconvenience' is used for the 6th time by @acme_care on x within 1 day (limit 5); followers reading along see a script")
        #expect(sixth.related.map { Self.place($0.location) } == ["care.csv:2:39", "care.csv:3:45", "care.csv:4:60", "care.csv:5:45", "care.csv:6:38"])
        #expect(sixth.related.first?.message == "use 1 of 6 (2026-03-02T09:00:00Z)")
        #expect(sixth.extra["count"] == .int(6) && sixth.extra["limit"] == .int(5) && sixth.extra["window"] == .string("1d"))
        #expect(findings[1].related.count == 6)
        // The match is the text as the file has it.
        let bytes = Array(Self.careX.utf8)
        for finding in findings {
            #expect(String(decoding: bytes[finding.location.byteRange], as: UTF8.self).lowercased() == "we apologize for any inconvenience")
            for related in finding.related {
                #expect(String(decoding: bytes[related.location.byteRange], as: UTF8.self).lowercased() == "we apologize for any inconvenience")
            }
        }
    }

    @Test func limitsAndWindowsPerChannelAreConfigurable() throws {
        let strict = "rules:\n  canned-overuse:\n    channels:\n      x: {limit: 2, window: 2h}\n"
        let findings = try Self.lint([("care.csv", Self.careX)], configuration: strict, rules: ["canned-overuse"])
        // In any two hours there are at most two uses, so nothing passes a limit of 2...
        #expect(findings.isEmpty)
        let tight = "rules:\n  canned-overuse:\n    channels:\n      x: {limit: 2, window: 3h}\n"
        // ...but three hours hold three uses from the third on.
        #expect(try Self.lint([("care.csv", Self.careX)], configuration: tight, rules: ["canned-overuse"]).map(\.location.start.line)
                == [4, 5, 6, 7, 8])
        // Channels without their own limit take `limit` and `window`.
        let noChannel = Self.careX.replacingOccurrences(of: ",x,", with: ",,")
        let defaults = try Self.lint([("care.csv", noChannel)], rules: ["canned-overuse"])
        #expect(defaults.map(\.location.start.line) == [5, 6, 7, 8, 9])
        #expect(defaults.first?.message.contains("by @acme_care within 7 days (limit 3)") == true)
        #expect(throws: YAMLError.self) {
            try Self.lint([("care.csv", Self.careX)], configuration: "rules:\n  canned-overuse:\n    channels:\n      fax: {limit: 2}\n",
                          rules: ["canned-overuse"])
        }
        #expect(throws: YAMLError.self) {
            try Self.lint([("care.csv", Self.careX)], configuration: "rules:\n  canned-overuse:\n    window: soon\n", rules: ["canned-overuse"])
        }
        let zero = #expect(throws: YAMLError.self) {
            try Self.lint([("care.csv", Self.careX)], configuration: "rules:\n  canned-overuse:\n    limit: 0\n", rules: ["canned-overuse"])
        }
        #expect(zero?.line == 3)
        #expect(zero?.message == "'limit' must be at least 1")
    }

    @Test func aRepeatedReplyTemplateIsReportedOnceNotPhraseByPhrase() throws {
        var rows = ["publish_at,account,channel,text"]
        let names = ["Ann", "Bo", "Cy", "Di", "Ed", "Fi", "Gu"]
        for (index, name) in names.enumerated() {
            rows.append("2026-03-02T0\(index + 1):00:00Z,acme_care,x,\"@\(name.lowercased())\(index) Hi \(name), so sorry to hear that! Please DM us your order number #A\(index)\(index * 7) and we'll look into it ^KT\"")
        }
        let csv = rows.joined(separator: "\n") + "\n"
        let findings = try Self.lint([("care.csv", csv)], rules: ["canned-overuse"])
        #expect(findings.map(\.location.start.line) == [7, 8])
        #expect(findings.allSatisfy { $0.category == "reply-template" })
        #expect(findings.first?.message == "the same reply template is sent for the 6th time by @acme_care on x within 1 day (limit 5); followers reading the replies see a script")
        #expect(findings.first?.related.count == 5)
        // The finding covers the whole reply, quotes excluded or not, as the text cell lies.
        #expect(findings.first?.related.first?.location.start.line == 2)
    }

    @Test func pastTwentyEarlierUsesTheMostRecentAreListedAndTheRestCounted() throws {
        // 26 uses in 26 minutes: the 26th lists uses 6 to 25 and says 5 are not listed, as a
        // phrase and as a reply template.
        var phrases = ["publish_at,account,channel,text"]
        var templates = ["publish_at,account,channel,text"]
        for minute in 0..<26 {
            let time = "2026-03-02T09:\(minute.zeroPadded(2)):00Z"
            let item = ["kettle", "toaster", "blender", "mug", "lamp", "jacket"][minute % 6] + " " + ["order", "parcel", "refund", "delivery", "return"][minute / 6]
            phrases.append("\(time),acme_care,x,@user\(minute) We apologize for any inconvenience with the \(item).")
            templates.append("\(time),acme_care,x,\"@user\(minute) Hi, so sorry to hear that! Please DM us your order number #A\(minute) and we'll look into it ^KT\"")
        }
        for (csv, rule) in [(phrases, "phrase"), (templates, "template")] {
            let findings = try Self.lint([("care.csv", csv.joined(separator: "\n") + "\n")], rules: ["canned-overuse"])
            let last = try #require(findings.last, "\(rule)")
            #expect(last.location.start.line == 27, "\(rule)")
            #expect((last.category == "reply-template") == (rule == "template"), "\(rule): \(last.category ?? "")")
            #expect(last.extra["count"] == .int(26), "\(rule)")
            #expect(last.related.count == 20, "\(rule)")
            #expect(last.related.first?.message == "use 6 of 26 (2026-03-02T09:05:00Z)", "\(rule)")
            #expect(last.related.last?.message == "use 25 of 26 (2026-03-02T09:24:00Z)", "\(rule)")
            #expect(last.related.map(\.location.start.line) == Array(7...26), "\(rule)")
            #expect(last.notes.map(\.message).contains("The 20 most recent earlier uses are listed; 5 before them are not."), "\(rule)")
        }
    }

    @Test func anHonestOneOffApologyIsNotOveruse() throws {
        let csv = """
            publish_at,account,channel,text
            2026-03-02T09:00:00Z,acme_care,x,"@ann We apologize for any inconvenience, Ann: the kettle was faulty and a new one ships today."
            2026-03-02T10:00:00Z,acme_care,x,@bo Glad the boots fit!
            2026-03-02T11:00:00Z,acme_care,x,@cy Your table for four is booked for Friday at 8.

            """
        #expect(try Self.lint([("care.csv", csv)], rules: ["canned-overuse"]).isEmpty)
    }

    // MARK: near-duplicate

    static let promotions = """
        publish_at,account,channel,text
        2026-03-02T09:00:00Z,acme,x,Our spring sneakers just dropped. Get 20% off today only with code SPRING20!
        2026-03-02T11:00:00Z,acme,x,Behind the scenes: how we design every sneaker we sell.
        2026-03-03T09:00:00Z,acme,x,Our spring sneakers just dropped. Get 20% off today only with code SPRING20!
        2026-03-04T09:00:00Z,acme,x,Our bold spring sneakers just dropped. Get 30% off today only with code SPRING30!
        2026-03-04T10:00:00Z,acme_uk,x,Our spring sneakers just dropped. Get 20% off today only with code SPRING20!
        2026-03-05T09:00:00Z,acme,x;threads,Meet the new rain jacket. Designed for everyday adventures in the city.
        2026-03-06T09:00:00Z,acme,x;threads,Meet the new rain jacket. Designed for everyday adventures in the city!

        """

    @Test func nearDuplicatesNameTheEarlierPostAndTheSimilarity() throws {
        let findings = try Self.lint([("week.csv", Self.promotions)], rules: ["near-duplicate"])
        #expect(findings.map(\.location.start.line) == [4, 5, 6, 8])
        let exact = findings[0]
        #expect(exact.severity == .warning)
        #expect(exact.message == "exact duplicate of a post by the same account 1 day earlier; post it once")
        #expect(exact.related.map(\.location.start.line) == [2])
        #expect(exact.related.first?.message == "the earlier post (@acme, 2026-03-02T09:00:00Z)")
        #expect(exact.extra["exact"] == .bool(true) && exact.extra["similarity"] == .double(1))
        let near = findings[1]
        #expect(near.message.hasSuffix("% similar to a post by the same account 1 day earlier; followers see the same post twice"))
        #expect(near.related.map(\.location.start.line) == [4], "the best match: the exact copy of the day before is as similar, and more recent")
        let other = findings[2]
        #expect(other.severity == .info)
        // The most recent match from another account: the bold variant an hour before.
        #expect(other.message.hasSuffix("% similar to a post by @acme 1 hour earlier; followers see the same post twice"))
        #expect(other.related.map(\.location.start.line) == [5])
        // A draft on two channels is reported once.
        #expect(findings[3].message.hasPrefix("100% similar to a post by the same account 1 day earlier"))
        #expect(findings.allSatisfy { $0.location.byteRange.count > 10 })
    }

    @Test func optionsWidenAndNarrowTheComparison() throws {
        let alone = try Self.lint([("week.csv", Self.promotions)], configuration: "rules:\n  near-duplicate:\n    across_accounts: false\n",
                                  rules: ["near-duplicate"])
        #expect(alone.map(\.location.start.line) == [4, 5, 8])
        let short = try Self.lint([("week.csv", Self.promotions)], configuration: "rules:\n  near-duplicate:\n    window: 12h\n",
                                  rules: ["near-duplicate"])
        #expect(short.map(\.location.start.line) == [6])
        let strict = try Self.lint([("week.csv", Self.promotions)], configuration: "rules:\n  near-duplicate:\n    threshold: 1.0\n",
                                   rules: ["near-duplicate"])
        #expect(strict.map(\.location.start.line) == [4, 6, 8])
        let replies = """
            publish_at,account,channel,text
            2026-03-02T09:00:00Z,acme_care,x,@ann We're sorry to hear that. Please DM us your order number.
            2026-03-02T09:05:00Z,acme_care,x,@bo We're sorry to hear that. Please DM us your order number.

            """
        #expect(try Self.lint([("r.csv", replies)], rules: ["near-duplicate"]).isEmpty)
        #expect(try Self.lint([("r.csv", replies)], configuration: "rules:\n  near-duplicate:\n    include_replies: true\n",
                              rules: ["near-duplicate"]).map(\.location.start.line) == [3])
        let error = #expect(throws: YAMLError.self) {
            try Self.lint([("r.csv", replies)], configuration: "rules:\n  near-duplicate:\n    threshold: 0.2\n", rules: ["near-duplicate"])
        }
        #expect(error?.line == 3)
        #expect(error?.message == "'threshold' must be between 0.5 and 1.0, not 0.2")
    }

    @Test func twoDifferentPostsAboutTheSameProductAreNotDuplicates() throws {
        let csv = """
            publish_at,account,channel,text
            2026-03-02T09:00:00Z,acme,x,Our new rain jacket is here: fully waterproof and light enough to pack anywhere.
            2026-03-03T09:00:00Z,acme,x,Three ways to wear the rain jacket this spring: commuting, hiking and festivals.
            2026-03-04T09:00:00Z,acme,x,The rain jacket comes in five colours. Which one would you pick?

            """
        #expect(try Self.lint([("jacket.csv", csv)], rules: ["near-duplicate"]).isEmpty)
    }

    // MARK: Order of inputs

    @Test func batchFindingsDoNotDependOnTheOrderOfFiles() throws {
        // The same drafts split over three files, read in every order.
        let lines = (Self.promotions + Self.careX.split(separator: "\n").dropFirst().joined(separator: "\n") + "\n")
            .split(separator: "\n").map(String.init)
        let header = lines[0]
        let rows = Array(lines.dropFirst())
        let files = (0..<3).map { part in
            (["a.csv", "b.csv", "c.csv"][part], ([header] + rows.enumerated().filter { $0.offset % 3 == part }.map(\.element)).joined(separator: "\n") + "\n")
        }
        let rules = ["near-duplicate", "canned-overuse"]
        let reference = try Self.lint(files, rules: rules)
        #expect(reference.count >= 6)
        for order in [[2, 1, 0], [1, 0, 2], [0, 2, 1]] {
            #expect(try Self.lint(order.map { files[$0] }, rules: rules) == reference, "order \(order)")
        }
    }

    // MARK: Positions

    /// Phrases and replies written with emoji, curly quotes, CSV quoting and line breaks around
    /// them: every `canned-overuse` finding and related location covers exactly the phrase as
    /// the file has it.
    @Test func normalizationNeverMovesAFindingOffItsText() throws {
        var generator = PositionPropertyTests.Generator(state: 21)
        let phrases = ["we apologize for any inconvenience", "We Apologise For Any Inconvenience", "WE APOLOGIZE FOR ANY INCONVENIENCE",
                       "we apologize for any\u{00A0}inconvenience", "we  apologize for   any inconvenience", "we apologize for any inconvenience",
                       "ｗｅ apologize for any inconvenience"]
        let fillers = ["Oh no 😞", "Café\u{301} update:", "Hi there,", "Sorry —", "\u{201C}Quick note\u{201D}", "Re: your order,", "👍🏽", "東京 store:"]
        let tails = [" A new one ships today.", " 🙏", "!", ". DM us.", "\u{2026} thanks", ""]
        for iteration in 0..<40 {
            var csv = "publish_at,account,channel,text\n"
            var expected: [String] = []
            for row in 0..<7 {
                let phrase = generator.pick(phrases)
                let text = "@user\(row) " + generator.pick(fillers) + " " + phrase + generator.pick(tails) + (generator.chance(30) ? "\nSecond line" : "")
                let quoted = "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                let needsQuotes = text.contains("\n") || text.contains(",") || text.contains("\"")
                csv += "2026-03-02T0\(row):\(10 + iteration):00Z,acme_care,x,\(needsQuotes || generator.chance(50) ? quoted : text)\n"
                expected.append(phrase)
            }
            let findings = try Self.lint([("p.csv", csv)], configuration: "rules:\n  canned-overuse:\n    template_min_words: 50\n",
                                         rules: ["canned-overuse"])
            let bytes = Array(csv.utf8)
            #expect(findings.count == 2, "iteration \(iteration): \(findings.map(\.message))\n\(csv)")
            for finding in findings {
                let written = String(decoding: bytes[finding.location.byteRange], as: UTF8.self)
                #expect(expected.contains(written), "iteration \(iteration): '\(written)'")
                #expect(finding.match == written)
                let start = TestLinting.naivePosition(of: finding.location.byteRange.lowerBound, in: csv)
                #expect(finding.location.start == start, "iteration \(iteration)")
                for related in finding.related {
                    let text = String(decoding: bytes[related.location.byteRange], as: UTF8.self)
                    #expect(expected.contains(text), "iteration \(iteration): related '\(text)'")
                    #expect(related.location.start == TestLinting.naivePosition(of: related.location.byteRange.lowerBound, in: csv))
                }
            }
        }
    }
}
