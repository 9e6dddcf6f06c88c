/// Fixes where the findings of each stretch of a long schedule fall in the report, so that two
/// runs over the same input write the same report byte for byte however the threads are timed.
///
/// A stretch's findings come right after what was reported for the drafts delivered up to the
/// chunk at which the stretch was settled. What the run reports after that point (drafts read,
/// their findings, input problems) is held here while the stretch is checked on the
/// `StretchThread`, and goes to the sink once the stretch has reported everything. Past
/// `limit` held calls the linter waits for the stretch instead of reading on, so memory
/// stays bounded.
struct StretchOrder {
    private enum Call {
        case draftRead(Draft)
        case report(Finding)
    }

    /// How many calls may be held before reading waits for the stretch being checked.
    let limit: Int
    /// One segment per stretch submitted and not yet checked: what was reported after it was
    /// submitted and before the next one was.
    private var segments: [[Call]] = []
    private var heldCount = 0

    init(limit: Int) {
        self.limit = max(0, limit)
    }

    /// Whether a stretch is still being checked, so what is reported now must wait for it.
    var isAwaitingStretch: Bool { !segments.isEmpty }
    /// Whether so much is held that reading should wait for the stretch being checked.
    var isFull: Bool { !segments.isEmpty && heldCount > limit }

    /// A stretch was submitted: what is reported from now on comes after its findings.
    mutating func stretchSubmitted() {
        segments.append([])
    }

    mutating func draftRead(_ draft: Draft, sink: FindingSink) {
        if segments.isEmpty { sink.draftRead(draft) } else { hold(.draftRead(draft)) }
    }

    mutating func report(_ finding: consuming Finding, sink: FindingSink) {
        if segments.isEmpty { sink.report(finding) } else { hold(.report(finding)) }
    }

    /// The stretch submitted earliest has reported everything: what was held after it goes to the sink.
    mutating func stretchChecked(sink: FindingSink) {
        guard !segments.isEmpty else { return }
        let segment = segments.removeFirst()
        heldCount -= segment.count
        for call in segment {
            switch call {
            case .draftRead(let draft): sink.draftRead(draft)
            case .report(let finding): sink.report(finding)
            }
        }
    }

    private mutating func hold(_ call: Call) {
        segments[segments.count - 1].append(call)
        heldCount += 1
    }
}
