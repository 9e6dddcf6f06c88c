import Foundation

/// Checks the stretches of a long schedule (`BatchCollecting.settle`) on a thread of its own, one
/// after another, so that they overlap reading and checking the drafts that follow. The linter
/// takes what they report between chunks of drafts (`takeWaiting`, `next`) through a `HandOff`;
/// at most `Sizes.bufferedGroups` groups of findings wait.
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

        var isFindings: Bool {
            if case .findings = self { return true }
            return false
        }
    }

    struct Sizes {
        /// Findings are handed over this many at a time, so the lock is taken once per group.
        var groupSize = 1_024
        /// How many groups may wait before the thread waits for the linter to take them.
        var bufferedGroups = 4
        /// Called on the thread before each stretch is checked (tests slow it down with this).
        var beforeEachStretch: (@Sendable () -> Void)?
    }

    private let queue = DispatchQueue(label: "gaffe-stretches")
    private let timings: RunTimings?
    private let sizes: Sizes
    private let handed: HandOff<Handed>

    init(timings: RunTimings?, sizes: Sizes = Sizes()) {
        self.timings = timings
        self.sizes = sizes
        handed = HandOff(capacity: sizes.bufferedGroups, counting: \.isFindings)
    }

    /// Queues the check of a stretch of batch rule number `rule`.
    func submit(rule: Int, identifier: String, _ check: @escaping @Sendable (_ report: (Finding) -> Void) -> Void) {
        queue.async { [self] in
            sizes.beforeEachStretch?()
            let start = RunTimings.startCPU(timings)
            var group: [Reported] = []
            check { finding in
                group.append((rule, finding))
                if group.count >= sizes.groupSize {
                    handed.put(.findings(group))
                    group = []
                }
            }
            if !group.isEmpty { handed.put(.findings(group)) }
            timings?.addCPU(since: start, acrossBatch: identifier, row: RunTimings.Row.stretches)
            handed.put(.stretchChecked)
        }
    }

    /// What the stretches handed over so far, without waiting.
    func takeWaiting() -> [Handed] {
        handed.takeAll()
    }

    /// The next thing a stretch hands over, waiting for it. Only while a stretch submitted has not
    /// yet been taken as `stretchChecked`: otherwise nothing may ever come.
    func next() -> Handed {
        handed.take()
    }
}
