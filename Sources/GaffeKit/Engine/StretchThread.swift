import Foundation

/// Checks the stretches of a long schedule (`BatchCollecting.settle`) on a thread of its own, one
/// after another, so that they overlap reading and checking the drafts that follow. The linter
/// takes what they report between chunks of drafts (`take`); at most `Sizes.bufferLimit` findings
/// wait (a group more, while one is handed over).
///
/// What a stretch hands over depends on the drafts alone, never on timing: its findings in groups
/// of `Sizes.groupSize` (the last group of a stretch may be smaller), then `stretchChecked`.
final class StretchThread: @unchecked Sendable {
    /// A finding and the index of the batch rule that reported it.
    typealias Reported = (rule: Int, finding: Finding)

    /// What the thread hands to the linter, in the order the stretches were submitted.
    enum Handed {
        case findings([Reported])
        /// The stretch submitted earliest of those not yet checked has reported everything.
        case stretchChecked
    }

    struct Sizes {
        /// Findings are handed over this many at a time, so the lock is taken once per group.
        var groupSize = 1_024
        /// How many findings may wait before the thread waits for the linter to take them.
        var bufferLimit = 4_096
        /// Called on the thread before each stretch is checked (tests slow it down with this).
        var beforeEachStretch: (@Sendable () -> Void)?
    }

    private let queue = DispatchQueue(label: "gaffe-stretches")
    private let timings: RunTimings?
    private let sizes: Sizes
    // Guarded by `condition`.
    private let condition = NSCondition()
    private var waiting: [Handed] = []
    private var waitingFindings = 0
    private var running = 0

    init(timings: RunTimings?, sizes: Sizes = Sizes()) {
        self.timings = timings
        self.sizes = sizes
    }

    /// Queues the check of a stretch of batch rule number `rule`.
    func submit(rule: Int, identifier: String, _ check: @escaping @Sendable (_ report: (Finding) -> Void) -> Void) {
        condition.lock()
        running += 1
        condition.unlock()
        queue.async { [self] in
            sizes.beforeEachStretch?()
            let start = RunTimings.startCPU(timings)
            var group: [Reported] = []
            check { finding in
                group.append((rule, finding))
                if group.count >= sizes.groupSize { hand(&group) }
            }
            hand(&group)
            timings?.addCPU(since: start, acrossBatch: identifier, row: RunTimings.Row.stretches)
            condition.lock()
            waiting.append(.stretchChecked)
            running -= 1
            condition.broadcast()
            condition.unlock()
        }
    }

    private func hand(_ group: inout [Reported]) {
        guard !group.isEmpty else { return }
        condition.lock()
        while waitingFindings >= sizes.bufferLimit { condition.wait() }
        waitingFindings += group.count
        waiting.append(.findings(group))
        condition.broadcast()
        condition.unlock()
        group = []
    }

    /// What the stretches handed over so far. With `wait`, first waits until there is something,
    /// unless no stretch is being checked.
    func take(wait: Bool) -> [Handed] {
        condition.lock()
        defer { condition.unlock() }
        while wait, waiting.isEmpty, running > 0 { condition.wait() }
        let taken = waiting
        waiting = []
        waitingFindings = 0
        condition.broadcast()
        return taken
    }
}
