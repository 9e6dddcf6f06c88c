import Foundation
import Testing
@testable import GaffeKit

/// The reporting thread hands a sink everything, in order, on one thread of its own, and returns
/// from `end` only once the sink has seen it all.
struct ReportingThreadTests {
    /// Writes down each call and the thread it came on.
    final class ThreadRecordingSink: FindingSink {
        var calls: [String] = []
        var threads: Set<ObjectIdentifier> = []
        var findings: [Finding] = []

        private func note(_ call: String) {
            calls.append(call)
            threads.insert(ObjectIdentifier(Thread.current))
        }

        func begin(rules: [RuleDescription]) { note("begin") }
        func draftRead(_ draft: Draft) { note("draft \(draft.index)") }
        func report(_ finding: Finding) {
            note("finding \(finding.location.start.line)")
            findings.append(finding)
        }
        func end(_ summary: LintSummary) { note("end \(summary.drafts)") }
    }

    /// A schedule long enough to fill the queue many times over, every row with a finding.
    static let schedule = "publish_at,channel,account,text\n" + (0..<3000).map { row in
        "2026-03-01T09:\(String(format: "%02d", row % 60)):00Z,x,acme,Hi {{first_name}}, row \(row)\n"
    }.joined()

    @Test func deliversEverythingInOrderOnOneOtherThreadBeforeEndReturns() throws {
        let direct = ThreadRecordingSink()
        try TestLinting.lint(inputs: [(Self.schedule, .csv, "long.csv")], rules: ["placeholder"], into: direct)
        let recorded = ThreadRecordingSink()
        let summary = try TestLinting.lint(inputs: [(Self.schedule, .csv, "long.csv")], rules: ["placeholder"],
                                           into: ReportingThread(recorded))
        // Everything arrived by the time lint returned, in the order the run made it.
        #expect(recorded.calls.count > ReportingThread.batchSize * ReportingThread.queueLimit)
        #expect(recorded.calls == direct.calls)
        #expect(recorded.calls.first == "begin")
        #expect(recorded.calls.last == "end 3000")
        #expect(recorded.findings == direct.findings)
        #expect(summary.drafts == 3000)
        // One thread, and not the caller's.
        #expect(recorded.threads.count == 1)
        #expect(!recorded.threads.contains(ObjectIdentifier(Thread.current)))
    }

    @Test func aRunWithNothingToReportStillBeginsAndEnds() throws {
        let recorded = ThreadRecordingSink()
        try TestLinting.lint(inputs: [], into: ReportingThread(recorded))
        #expect(recorded.calls == ["begin", "end 0"])
    }
}
