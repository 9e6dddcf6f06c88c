import Foundation
import Testing
@testable import GaffeKit

/// A batch rule written for this test: the same text posted again by one account on one channel.
/// It exercises the seam later rules (duplicates, overuse, frequency) build on.
struct RepeatedTextRule: BatchRule {
    static let description = RuleDescription(
        identifier: "test-repeated-text", name: "Repeated text", summary: "The same text again on one account and channel.",
        rationale: "Test rule.", defaultSeverity: .warning, scope: .draft,
        triggeringExamples: [Example("text,account,channel\nsame,a,x\n⟦same⟧,a,x\n", format: .csv)],
        nonTriggeringExamples: [Example("text,account,channel\nsame,a,x\nsame,b,x\n", format: .csv)])

    struct Entry: Sendable {
        var text: String
    }

    init(options: NoOptions, context: RuleContext) {}

    func entry(for draft: Draft, context: RuleContext) -> Entry? {
        Entry(text: draft.text)
    }

    func check(_ batch: Batch<Entry>, context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        for group in batch.groups {
            var seen: [String: BatchDraft] = [:]
            for item in group.items {
                if let earlier = seen[item.entry.text] {
                    findings.append(finding(at: item.draft, message: "'\(item.entry.text)' again on \(group.channel?.rawValue ?? "no channel") for \(group.account ?? "no account")",
                                            related: [RelatedLocation("first posted here", location: earlier.textLocation)]))
                } else {
                    seen[item.entry.text] = item.draft
                }
            }
        }
        return findings
    }
}

extension RepeatedTextRule {
    /// A linter that runs this rule alone.
    static func linter() throws -> Linter {
        let config = Configuration()
        let context = RuleContext(configuration: config, referenceDate: TestLinting.defaultReferenceDate)
        let rules = try RuleSet(configuration: config, context: context, only: [description.identifier],
                                registry: BuiltInRules.all + [RepeatedTextRule.self])
        return try Linter(rules: rules, context: context, readerOptions: ReaderOptions())
    }
}

struct BatchRuleTests {
    func lint(_ inputs: [(String, InputFormat, String)]) throws -> [Finding] {
        let linter = try RepeatedTextRule.linter()
        let sink = CollectingSink()
        linter.lint(inputs.map { InputSource.text($0.0, path: $0.2, format: $0.1) }, sink: sink)
        return sink.findings
    }

    let scheduleA = """
        publish_at,account,channel,text
        2026-03-02T09:00:00Z,acme,x,Spring menu
        2026-03-01T09:00:00Z,acme,x;threads,Spring menu
        2026-03-03T09:00:00Z,other,x,Spring menu

        """
    let scheduleB = """
        publish_at,account,channel,text,gaffe_ignore
        2026-03-04T09:00:00Z,acme,threads,Spring menu,
        2026-03-05T09:00:00Z,acme,threads,Spring menu,test-repeated-text

        """

    @Test func groupsByAccountAndChannelInPublishOrder() throws {
        let findings = try lint([(scheduleA, .csv, "a.csv"), (scheduleB, .csv, "b.csv")])
        // acme/x: row 2 (Mar 1, also threads) comes first, so row 1 (Mar 2) repeats it.
        // acme/threads: a.csv row 2 (Mar 1), then b.csv row 1 (Mar 4) repeats; b.csv row 2 is ignored.
        #expect(findings.map { "\($0.location.path):\($0.location.start.line)" } == ["a.csv:2", "b.csv:2"])
        #expect(findings[0].message == "'Spring menu' again on x for acme")
        #expect(findings[0].related.map { "\($0.location.path):\($0.location.start.line)" } == ["a.csv:3"])
        #expect(findings[1].related.map { "\($0.location.path):\($0.location.start.line)" } == ["a.csv:3"])
        #expect(findings.allSatisfy { !$0.sourceLines.isEmpty })
        #expect(findings[0].sourceLines.first?.text == "2026-03-02T09:00:00Z,acme,x,Spring menu")
    }

    @Test func resultsDoNotDependOnInputOrder() throws {
        let forward = try lint([(scheduleA, .csv, "a.csv"), (scheduleB, .csv, "b.csv")])
        let backward = try lint([(scheduleB, .csv, "b.csv"), (scheduleA, .csv, "a.csv")])
        #expect(forward == backward)
    }

    @Test func batchGroupsDraftsOnSeveralChannelsAndAccounts() {
        // Rows out of time order, two accounts (one of them none), one draft on two channels.
        let context = RuleContext(referenceDate: TestLinting.defaultReferenceDate)
        let rows: [(account: String?, channels: [Channel], hour: Int)] = [
            ("acme", [.x], 12), (nil, [], 9), ("acme", [.x, .threads], 10), ("acme", [.threads], 8), ("zed", [.x], 7),
        ]
        var items: [BatchItem<Int>] = []
        for (index, row) in rows.enumerated() {
            let source = SourceText(path: "s.csv", bytes: Array("x".utf8))
            var draft = Draft(source: source, index: index + 1, format: .csv, text: "x", textMap: .verbatim(length: 1, sourceStart: 0))
            draft.metadata.account = row.account
            draft.metadata.channels = row.channels
            draft.metadata.publishAt = Date(timeIntervalSince1970: Double(row.hour) * 3600)
            items.append(BatchItem(draft: BatchDraft(ordinal: index + 1, draft: draft, context: context), entry: index + 1))
        }
        let batch = Batch(items: items)
        #expect(batch.items.map(\.entry) == [5, 4, 2, 3, 1])
        #expect(batch.first?.entry == 5)
        #expect(batch.hasDraftsInSeveralGroups)
        let groups = batch.groups.map { "\($0.account ?? "-")/\($0.channel?.rawValue ?? "-"): \($0.items.map(\.entry))" }
        #expect(groups == ["-/-: [2]", "acme/threads: [4, 3]", "acme/x: [3, 1]", "zed/x: [5]"])
        #expect(!Batch(items: [items[0], items[4]]).hasDraftsInSeveralGroups)
    }

    /// `BatchDraft` keeps each field once and puts `reference`, `summary` and the locations back
    /// together on demand: they must say what the draft itself says, with or without a publish
    /// time, a zone of its own or suppressions.
    @Test func aBatchDraftSaysWhatItsDraftSays() throws {
        let csv = """
            publish_at,account,channels,regions,text,gaffe_ignore
            2026-03-02T09:00:00+01:00,acme,x;threads,US;GB,Killer deal today,
            ,,,,No time here,posting-frequency
            2026-03-03T10:30:00Z,zed,linkedin,,Another post,all

            """
        let context = RuleContext(referenceDate: TestLinting.defaultReferenceDate)
        var drafts: [Draft] = []
        try CSVReader().read(InputSource(path: "s.csv", origin: .bytes(Array(csv.utf8)), format: .csv), options: ReaderOptions(),
                             emit: { drafts.append($0) }, fail: { _, _ in })
        // A document without front matter: no place of its own for the publish time.
        try MarkdownReader().read(InputSource(path: "post.md", origin: .bytes(Array("# Sale\n\nA killer deal.\n".utf8)), format: .markdown),
                                  options: ReaderOptions(), emit: { drafts.append($0) }, fail: { _, _ in })
        try #require(drafts.count == 4)
        for (ordinal, draft) in drafts.enumerated() {
            let kept = BatchDraft(ordinal: ordinal, draft: draft, context: context)
            #expect(kept.ordinal == ordinal)
            #expect(kept.reference == draft.reference)
            #expect(kept.summary == DraftSummary(draft))
            #expect(kept.publishAt == context.publishDate(of: draft))
            #expect(kept.hasPublishTime == (draft.metadata.publishAt != nil))
            #expect(kept.textLocation == draft.source.location(of: draft.anchor(.text)))
            #expect(kept.timeLocation == draft.source.location(of: draft.anchor(.publishAt)))
            #expect(kept.account == draft.metadata.account && kept.channels == draft.metadata.channels)
            #expect(kept.regions == draft.metadata.regions && kept.timeZone == draft.metadata.timeZone)
            #expect(kept.suppressions == ([1, 2].contains(ordinal) ? draft.suppressions : nil))
        }
        #expect(drafts[1].metadata.publishAt == nil && drafts[0].metadata.channels.count == 2)
        let document = BatchDraft(ordinal: 3, draft: drafts[3], context: context)
        #expect(document.timeLocation == document.textLocation && !document.hasPublishTime)
        #expect(BatchDraft(ordinal: 1, draft: drafts[1], context: context).suppresses(rule: "posting-frequency", at: 0))
        #expect(!BatchDraft(ordinal: 1, draft: drafts[1], context: context).suppresses(rule: "near-duplicate", at: 0))
    }

    /// The batch layout keeps a slot per channel at `Channel.ordinal`: it must be each channel's
    /// place in `allCases`.
    @Test func channelOrdinalsArePlacesInAllCases() {
        #expect(Channel.allCases.map(\.ordinal) == Array(Channel.allCases.indices))
    }

    @Test func batchGroupsOrderTies() {
        // Equal publish times fall back to file and draft number.
        let context = RuleContext(referenceDate: TestLinting.defaultReferenceDate)
        var drafts: [BatchItem<Int>] = []
        for (index, path) in ["b.csv", "a.csv", "a.csv"].enumerated() {
            let source = SourceText(path: path, bytes: Array("x".utf8))
            var draft = Draft(source: source, index: index, format: .text, text: "x", textMap: .verbatim(length: 1, sourceStart: 0))
            draft.metadata.account = "acme"
            drafts.append(BatchItem(draft: BatchDraft(ordinal: index, draft: draft, context: context), entry: index))
        }
        let batch = Batch(items: drafts)
        #expect(batch.items.map(\.entry) == [1, 2, 0])
        #expect(batch.groups.count == 1)
        #expect(batch.groups[0].account == "acme")
        #expect(batch.groups[0].channel == nil)
    }
}

struct BatchStreamingTests {
    /// Past the sort limit, batch findings are streamed in the rule's order instead of held.
    @Test func manyBatchFindingsAreStreamedInTheRulesOrder() throws {
        var csv = "publish_at,account,channel,text\n"
        for day in 1...9 { csv += "2026-03-0\(10 - day)T09:00:00Z,acme,x,same\n" }
        func run(limit: Int) throws -> [Int] {
            let linter = try RepeatedTextRule.linter()
            linter.batchSortLimit = limit
            let sink = CollectingSink()
            linter.lint([.text(csv, path: "s.csv", format: .csv)], sink: sink)
            #expect(sink.summary.warnings == 8)
            return sink.findings.map(\.location.start.line)
        }
        // Rows are in reverse time order, so the rule reports lines 9, 8, … 2; held, they sort.
        #expect(try run(limit: 100) == [2, 3, 4, 5, 6, 7, 8, 9])
        // Past the limit: the four held so far in file order, then the rest as the rule makes them.
        #expect(try run(limit: 3) == [6, 7, 8, 9, 5, 4, 3, 2])
    }
}
