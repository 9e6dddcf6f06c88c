import Foundation

/// Checks the stretches of a long schedule (`BatchCollecting.settle`) on a thread of its own, one
/// after another, so that they overlap reading and checking the drafts that follow. The linter
/// takes what they report between chunks of drafts; at most `bufferLimit` findings wait.
final class StretchThread: @unchecked Sendable {
    /// A finding and the index of the batch rule that reported it.
    typealias Reported = (rule: Int, finding: Finding)

    static let bufferLimit = 4_096
    /// Findings are handed over this many at a time, so the lock is taken once per group.
    static let groupSize = 256

    private let queue = DispatchQueue(label: "gaffe-stretches")
    private let timings: RunTimings?
    // Guarded by `condition`.
    private let condition = NSCondition()
    private var waiting: [Reported] = []
    private var running = 0

    init(timings: RunTimings?) {
        self.timings = timings
    }

    /// Queues the check of a stretch of batch rule number `rule`.
    func submit(rule: Int, identifier: String, _ check: @escaping @Sendable (_ report: (Finding) -> Void) -> Void) {
        condition.lock()
        running += 1
        condition.unlock()
        queue.async { [self] in
            let start = RunTimings.startCPU(timings)
            var group: [Reported] = []
            check { finding in
                group.append((rule, finding))
                if group.count >= StretchThread.groupSize { hand(&group) }
            }
            hand(&group)
            timings?.addCPU(since: start, acrossBatch: identifier, row: RunTimings.Row.stretches)
            condition.lock()
            running -= 1
            condition.broadcast()
            condition.unlock()
        }
    }

    private func hand(_ group: inout [Reported]) {
        guard !group.isEmpty else { return }
        condition.lock()
        while waiting.count >= StretchThread.bufferLimit { condition.wait() }
        waiting += group
        condition.broadcast()
        condition.unlock()
        group = []
    }

    /// What the stretches reported so far, without waiting.
    func take() -> [Reported] {
        condition.lock()
        defer { condition.unlock() }
        let taken = waiting
        waiting = []
        condition.broadcast()
        return taken
    }

    /// Waits until every stretch queued is checked, handing what they report to `deliver` as it comes.
    func finish(_ deliver: ([Reported]) -> Void) {
        while true {
            condition.lock()
            while waiting.isEmpty, running > 0 { condition.wait() }
            let taken = waiting
            waiting = []
            let done = running == 0
            condition.broadcast()
            condition.unlock()
            deliver(taken)
            if done, taken.isEmpty { return }
        }
    }
}
