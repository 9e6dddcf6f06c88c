import Foundation
import Testing
@testable import GaffeKit

/// Drafts are read on one thread and checked on others; a schedule's rows are made into drafts on
/// every core. Nothing of that may show: findings keep file order, rows keep their numbers, and
/// a draft's copies stay independent.
struct ConcurrentReadingTests {
    @Test func findingsOfALongScheduleKeepFileOrderAcrossChunksAndBadRows() throws {
        // 3,000 rows: several chunks of drafts and blocks of rows. Every 700th row has invalid
        // UTF-8 (an `input` finding made while reading), every 100th a placeholder (a finding
        // made while checking); the two kinds must interleave exactly in file order.
        var bytes = Array("publish_at,channel,text\n".utf8)
        var expected: [String] = []
        for row in 1...3000 {
            let line = row + 1
            if row % 700 == 0 {
                bytes += Array("2026-03-01T09:00:00Z,x,bad ".utf8) + [0xFF] + Array("\n".utf8)
                expected.append("input:\(line)")
            } else if row % 100 == 0 {
                bytes += Array("2026-03-01T09:00:00Z,x,row \(row) {{first_name}}\n".utf8)
                expected.append("placeholder:\(line)")
            } else {
                bytes += Array("2026-03-01T09:00:00Z,x,row \(row) is fine\n".utf8)
            }
        }
        let config = Configuration()
        let context = RuleContext(configuration: config, referenceDate: TestLinting.defaultReferenceDate)
        let linter = try Linter(rules: RuleSet(configuration: config, context: context, only: ["input", "placeholder"]),
                                context: context, readerOptions: ReaderOptions())
        let sink = CollectingSink()
        linter.lint([InputSource(path: "long.csv", origin: .bytes(bytes), format: .csv),
                     .text("after {{x}}\n", path: "next.md", format: .markdown)], sink: sink)
        let seen = sink.findings.map { "\($0.ruleID):\($0.location.start.line)" }
        #expect(seen == expected + ["placeholder:1"])
        #expect(sink.findings.last?.location.path == "next.md")
        // Rows are numbered as the file has them, bad ones included.
        let placeholderRows = sink.findings.filter { $0.ruleID == "placeholder" && $0.location.path == "long.csv" }.compactMap { $0.draft?.index }
        #expect(placeholderRows == (1...3000).filter { $0 % 100 == 0 && $0 % 700 != 0 })
        #expect(sink.summary.drafts == 3000 - 4 + 1)
        #expect(sink.summary.files == 2)
    }

    @Test func batchRulesSeeEveryDraftOfALongScheduleOnceInReadingOrder() throws {
        // 2,000 rows over several chunks, checked two chunks at a time; every 300th row is not
        // UTF-8 and makes no draft. Every other row's entry must reach the batch rule once, with
        // the draft it belongs to, whichever worker worked it out.
        var bytes = Array("publish_at,channel,account,text\n".utf8)
        for row in 1...2000 {
            if row % 300 == 0 {
                bytes += Array("2026-03-01T09:00:00Z,x,a,bad ".utf8) + [0xFF] + Array("\n".utf8)
            } else {
                bytes += Array("2026-03-01T09:00:00Z,x,a\(row % 7),row \(row)\n".utf8)
            }
        }
        let linter = try RepeatedTextRule.linter()
        let sink = CollectingSink()
        linter.lint([InputSource(path: "long.csv", origin: .bytes(bytes), format: .csv),
                     .text("publish_at,channel,account,text\n2026-03-01T09:00:00Z,x,a1,row 1\n", path: "more.csv", format: .csv)], sink: sink)
        // Only the second file's row repeats a text (row 1 of long.csv, account a1).
        #expect(sink.findings.map { "\($0.location.path):\($0.draft?.index ?? 0)" } == ["more.csv:1"])
        #expect(sink.findings.first?.related.first?.location.start.line == 2)
        #expect(sink.summary.drafts == 2000 - 6 + 1)
    }

    @Test func slotsHandBackWhatWasSetAndLetGoOfWhatIsDiscarded() {
        final class Tracked: Sendable {}
        weak var first: Tracked?
        let slots = Parallel.slots(100) { index, _ -> (Int, Tracked) in
            let tracked = Tracked()
            if index == 0 { first = tracked }
            return (index, tracked)
        }
        #expect((0..<100).allSatisfy { slots[$0].0 == $0 })
        #expect(first != nil)
        slots.discard(0)
        #expect(first == nil)
        #expect(slots.value(at: 0) == nil)
        slots.discard(1_000) // past the end: nothing
        #expect(slots.value(at: 1)?.0 == 1)
    }

    @Test func aChangedCopyOfADraftLeavesTheOriginalAlone() {
        let original = Draft(source: SourceText(path: "a.txt", bytes: Array("hello".utf8)), index: 1, format: .text,
                             text: "hello", textMap: .verbatim(length: 5, sourceStart: 0))
        var copy = original
        copy.metadata.account = "acme"
        copy.index = 2
        copy.problems.append(InputProblem("changed", at: 0..<1))
        #expect(original.metadata.account == nil)
        #expect(original.index == 1)
        #expect(original.problems.isEmpty)
        #expect(copy.metadata.account == "acme")
        #expect(copy.index == 2)
        #expect(copy.text == original.text)
    }

    @Test func parallelMapKeepsOrderAndNamesWorkersWithinTheLimit() {
        let values = Parallel.map(10_000) { index, worker -> (Int, Int) in (index * 2, worker) }
        #expect(values.map(\.0) == (0..<10_000).map { $0 * 2 })
        #expect(values.allSatisfy { $0.1 >= 0 && $0.1 < Parallel.workerLimit })
        #expect(Parallel.map(3) { $0 } == [0, 1, 2])
        #expect(Parallel.map(0) { $0 }.isEmpty)
        var numbers = Array(0..<1000)
        let doubled = Parallel.update(&numbers) { value, _ -> Int in
            value += 1
            return value * 2
        }
        #expect(numbers == Array(1...1000))
        #expect(doubled == (1...1000).map { $0 * 2 })
    }
}
