import Foundation

/// Where a run's time went (`gaffe lint --timings`), as ESLint's `TIMING` and SwiftLint's
/// `--benchmark` tell their users: each rule, each annotator, making drafts from records, and
/// writing the report, with the findings each rule reported.
///
/// Times are summed over the threads that ran each part, so on several cores the parts add up to
/// more than the run took. Steps that run once per draft (annotators, per-draft rules, a batch
/// rule's note of each draft, making drafts) are timed by the wall clock around each call: a thread
/// the system sets aside meanwhile still counts. Steps that run on a thread of their own (reading,
/// reporting, a batch rule's work across the batch) are timed by that thread's CPU clock, so
/// waiting for another thread does not count. Compare parts of one run rather than runs on a busy
/// machine.
///
/// Each thread adds to a row of its own (workers by their number, the linter's thread, the
/// reading and the reporting thread), so timing costs two clock reads per part and draft and no
/// locks.
public final class RunTimings: @unchecked Sendable {
    /// One part of the run.
    public struct Part: Sendable, Hashable {
        /// `rule`, `annotator`, `setup`, `reading`, `batch` or `reporting`.
        public let kind: String
        /// The rule's identifier (with the half of a batch rule's work), the annotator's name, or
        /// what the step did.
        public let name: String
        public let seconds: Double
        /// Findings reported, for rules.
        public let findings: Int?
    }

    /// The rows of threads other than the workers.
    enum Row {
        static var linter: Int { Parallel.workerLimit }
        static var reporting: Int { Parallel.workerLimit + 1 }
        static var reading: Int { Parallel.workerLimit + 2 }
        /// The thread that checks the stretches of a long schedule (`StretchThread`).
        static var stretches: Int { Parallel.workerLimit + 3 }
        static var count: Int { Parallel.workerLimit + 4 }
    }

    /// A slot per part, in the order `parts` lists them, with the rule whose findings it counts.
    private let names: [(kind: String, name: String, findingsOf: String?)]
    private let slotsByRule: [String: Int]
    private let batchSlotsByRule: [String: Int]
    private let annotatorSlots: [Int]
    let settingUp: Int
    let reading: Int
    let makingDrafts: Int
    /// Summarizing each draft for the batch rules (`BatchDraft`), which they share.
    let summarizing: Int
    let reporting: Int
    /// UInt64 nanoseconds, one row per thread, each row a whole number of cache lines apart.
    private let rowLength: Int
    private let nanoseconds: UnsafeMutablePointer<UInt64>
    /// Findings per rule, counted on the reporting thread only.
    private var findingsByRule: [String: Int] = [:]
    /// Set by `finish`.
    private var wall: Double?
    private var started = RunTimings.now()

    /// - Parameters:
    ///   - rules: the run's rules, in order.
    ///   - batchRules: those of them that look across the batch, which get a second part for
    ///     that work (the first is their note of each draft).
    ///   - annotators: the names of the run's annotators.
    public init(rules: [String], batchRules: Set<String> = [], annotators: [String]) {
        var names: [(kind: String, name: String, findingsOf: String?)] = []
        var slotsByRule: [String: Int] = [:]
        var batchSlotsByRule: [String: Int] = [:]
        for rule in rules where slotsByRule[rule] == nil {
            slotsByRule[rule] = names.count
            if batchRules.contains(rule) {
                names.append(("rule", "\(rule), noting each draft", nil))
                batchSlotsByRule[rule] = names.count
                names.append(("rule", "\(rule), across the batch", rule))
            } else {
                names.append(("rule", rule, rule))
            }
        }
        annotatorSlots = annotators.map { name in
            names.append(("annotator", name, nil))
            return names.count - 1
        }
        settingUp = names.count
        names.append(("setup", "configuration, rules and lexicons", nil))
        reading = names.count
        names.append(("reading", "reading files and splitting records", nil))
        makingDrafts = names.count
        names.append(("reading", "making drafts from records", nil))
        summarizing = names.count
        names.append(("batch", "summarizing drafts for the batch rules", nil))
        reporting = names.count
        names.append(("reporting", "formatting and writing the report", nil))
        self.names = names
        self.slotsByRule = slotsByRule
        self.batchSlotsByRule = batchSlotsByRule
        rowLength = (names.count + 7) / 8 * 8
        nanoseconds = .allocate(capacity: rowLength * Row.count)
        nanoseconds.initialize(repeating: 0, count: rowLength * Row.count)
    }

    deinit {
        nanoseconds.deallocate()
    }

    /// A monotonic clock in nanoseconds (the one `gaffe lexicon scan --stats` reads too).
    public static func now() -> UInt64 {
        DispatchTime.now().uptimeNanoseconds
    }

    /// `now()` when timing, else 0 without reading the clock: the untimed run pays one branch.
    @inline(__always)
    static func start(_ timings: RunTimings?) -> UInt64 {
        timings == nil ? 0 : now()
    }

    /// The slot of a rule (a batch rule's note of each draft), or `nil` for one this run does not have.
    func slot(rule: String) -> Int? { slotsByRule[rule] }

    /// The slot of a batch rule's work across the batch.
    func slot(acrossBatch rule: String) -> Int? { batchSlotsByRule[rule] }

    /// The slot of the run's `index`th annotator.
    func slot(annotator index: Int) -> Int { annotatorSlots[index] }

    /// Adds the time since `start` (a reading of `now`) to `slot` in `row` (a worker's number, or
    /// one of `Row`'s), which only the thread of that row writes.
    @inline(__always)
    func add(since start: UInt64, to slot: Int, row: Int) {
        record(RunTimings.now() &- start, to: slot, row: row)
    }

    /// Adds `time` nanoseconds to `slot` in `row`.
    @inline(__always)
    func record(_ time: UInt64, to slot: Int, row: Int) {
        nanoseconds[row * rowLength + slot] &+= time
    }

    /// Counts a finding of `rule`; on the reporting thread only.
    func countFinding(of rule: String) {
        findingsByRule[rule, default: 0] += 1
    }

    /// Counts the setting up of the run, which began at `start` (a reading of `now`), in the run.
    public func includeSetUp(since start: UInt64) {
        add(since: start, to: settingUp, row: Row.linter)
        started = min(started, start)
    }

    /// The CPU time the calling thread has used, in nanoseconds.
    static func threadCPUTime() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }

    /// `threadCPUTime()` when timing, else 0.
    static func startCPU(_ timings: RunTimings?) -> UInt64 {
        timings == nil ? 0 : threadCPUTime()
    }

    /// Adds the CPU time the calling thread used since `start` (a reading of `threadCPUTime`).
    func addCPU(since start: UInt64, to slot: Int, row: Int) {
        record(RunTimings.threadCPUTime() &- start, to: slot, row: row)
    }

    /// `addCPU` to the slot of a batch rule's work across the batch.
    func addCPU(since start: UInt64, acrossBatch rule: String, row: Int) {
        if let slot = batchSlotsByRule[rule] { addCPU(since: start, to: slot, row: row) }
    }

    /// Ends the measurement: the run's wall time is what passed since `init`.
    func finish() {
        wall = Double(RunTimings.now() - started) / 1e9
    }

    /// The wall time from `init` to `finish`, or to now before it.
    public var wallSeconds: Double { wall ?? Double(RunTimings.now() - started) / 1e9 }

    /// Every part of the run, slowest first.
    public var parts: [Part] {
        var parts: [Part] = []
        for (slot, name) in names.enumerated() {
            var total: UInt64 = 0
            for row in 0..<Row.count { total &+= nanoseconds[row * rowLength + slot] }
            let findings = name.findingsOf.map { findingsByRule[$0, default: 0] }
            parts.append(Part(kind: name.kind, name: name.name, seconds: Double(total) / 1e9, findings: findings))
        }
        return parts.sorted { ($0.seconds, $1.name) > ($1.seconds, $0.name) }
    }

    /// The table `gaffe lint --timings` prints to standard error; parts that took no time and
    /// found nothing are left out.
    public var table: String {
        let parts = parts.filter { $0.seconds > 0 || ($0.findings ?? 0) > 0 }
        let total = parts.reduce(0) { $0 + $1.seconds }
        let labels = parts.map { "\($0.kind): \($0.name)" }
        let width = max(labels.map(\.count).max() ?? 0, "Part".count)
        func padded(_ text: String, _ width: Int, left: Bool = false) -> String {
            let pad = String(repeating: " ", count: max(0, width - text.count))
            return left ? text + pad : pad + text
        }
        var lines = ["Timings: time inside each part, summed over threads (\(Parallel.workerLimit) cores; see docs/PERFORMANCE.md)."]
        lines.append("\(padded("Part", width, left: true))  \(padded("Seconds", 8))  \(padded("Share", 6))  \(padded("Findings", 8))")
        for (part, label) in zip(parts, labels) {
            let share = total > 0 ? part.seconds / total * 100 : 0
            lines.append("\(padded(label, width, left: true))  \(padded(String(format: "%.3f", part.seconds), 8))  "
                         + "\(padded(String(format: "%.1f%%", share), 6))  \(padded(part.findings.map(String.init) ?? "", 8))")
        }
        lines.append("Whole run: \(String(format: "%.3f", wallSeconds)) s of wall time; the parts add up to \(String(format: "%.3f", total)) s.")
        return lines.joined(separator: "\n")
    }
}

/// Passes findings on to a sink, counting each rule's findings and the CPU time of the thread
/// that calls it, from `begin` to `end`, for `timings`. Wrap the sink inside a `ReportingThread`,
/// so that the time is the reporting thread's alone; its counts then need no lock.
public final class TimedSink: FindingSink {
    private let sink: FindingSink
    private let timings: RunTimings

    public init(_ sink: FindingSink, timings: RunTimings) {
        self.sink = sink
        self.timings = timings
    }

    /// The thread's CPU time at `begin`.
    private var started: UInt64 = 0

    public func begin(rules: [RuleDescription]) {
        started = RunTimings.threadCPUTime()
        sink.begin(rules: rules)
    }

    public func draftRead(_ draft: Draft) {
        sink.draftRead(draft)
    }

    public func report(_ finding: consuming Finding) {
        timings.countFinding(of: finding.ruleID)
        sink.report(finding)
    }

    public func end(_ summary: LintSummary) {
        sink.end(summary)
        timings.addCPU(since: started, to: timings.reporting, row: RunTimings.Row.reporting)
    }
}
