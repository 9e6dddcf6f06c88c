import Foundation

/// Hands everything a run reports to a sink on a thread of its own, in order, so formatting the
/// report overlaps finding what goes in it. The wrapped sink is only ever called from that thread,
/// one call at a time, and `end` returns once the sink has seen everything: sinks need no locks.
///
/// At most `queueLimit` batches of `batchSize` calls wait to be delivered, so a report of a million
/// findings holds a few thousand at a time.
public final class ReportingThread: FindingSink, @unchecked Sendable {
    private enum Call {
        case begin([RuleDescription])
        case draftRead(Draft)
        case report(Finding)
        case end(LintSummary)
    }

    static let batchSize = 256
    static let queueLimit = 16

    private let sink: FindingSink
    private let queue = HandOff<[Call?]>(capacity: ReportingThread.queueLimit)
    private let delivered = DispatchSemaphore(value: 0)
    // Only touched by the calling thread.
    private var batch: [Call?] = []

    /// Wraps `sink`; its thread starts with `begin`.
    public init(_ sink: FindingSink) {
        self.sink = sink
    }

    public func begin(rules: [RuleDescription]) {
        WorkerThread.start(named: "gaffe-report") { [self] in deliverAll() }
        add(.begin(rules))
    }

    public func draftRead(_ draft: consuming Draft) {
        add(.draftRead(draft))
    }

    public func report(_ finding: consuming Finding) {
        add(.report(finding))
    }

    /// Hands over the summary and waits until the sink has been told everything.
    public func end(_ summary: LintSummary) {
        add(.end(summary))
        send()
        delivered.wait()
    }

    private func add(_ call: consuming Call) {
        if batch.isEmpty { batch.reserveCapacity(ReportingThread.batchSize) }
        batch.append(call)
        if batch.count >= ReportingThread.batchSize { send() }
    }

    private func send() {
        guard !batch.isEmpty else { return }
        queue.put(batch)
        batch = []
    }

    /// The reporting thread: delivers batches in order until the summary.
    private func deliverAll() {
        while true {
            var calls = queue.take()
            for index in calls.indices {
                // Moved out of the batch: what the sink is handed is not copied.
                switch calls[index].take()! {
                case .begin(let rules): sink.begin(rules: rules)
                case .draftRead(let draft): sink.draftRead(draft)
                case .report(let finding): sink.report(finding)
                case .end(let summary):
                    sink.end(summary)
                    delivered.signal()
                    return
                }
            }
        }
    }
}
