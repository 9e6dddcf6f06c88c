import Foundation

/// Receives findings as a run produces them. Reporters are sinks; so are tests.
public protocol FindingSink: AnyObject {
    /// Called once before any finding, with the rules of the run.
    func begin(rules: [RuleDescription])
    /// Called for every draft as it is read, after annotation and before its findings; for
    /// reports that show all drafts (a timeline), not only flagged ones. Optional.
    func draftRead(_ draft: Draft)
    /// Takes a finding (`consuming`: a run hands each over rather than copying it).
    func report(_ finding: consuming Finding)
    /// Called once after the last finding.
    func end(_ summary: LintSummary)
}

extension FindingSink {
    public func draftRead(_ draft: Draft) {}
}

/// Counts for the summary line and the exit code.
public struct LintSummary: Sendable, Hashable {
    public var files = 0
    public var drafts = 0
    public var errors = 0
    public var warnings = 0
    public var infos = 0
    /// Findings switched off by suppressions.
    public var suppressed = 0

    public init() {}

    mutating func count(_ severity: Severity) {
        switch severity {
        case .error: errors += 1
        case .warning: warnings += 1
        case .info: infos += 1
        }
    }

    /// The number of findings at or above a severity.
    public func count(atLeast severity: Severity) -> Int {
        switch severity {
        case .error: errors
        case .warning: errors + warnings
        case .info: errors + warnings + infos
        }
    }
}

/// Reads inputs, runs rules, and hands findings to a sink.
///
/// Per-draft rules run as each draft is read, and the draft is then dropped: memory stays flat
/// however long a schedule is. Batch rules keep the small entry they ask for and report at the end.
public final class Linter {
    public let rules: RuleSet
    public let context: RuleContext
    public let readerOptions: ReaderOptions
    /// Called with each skipped path and reason (for `--verbose`).
    public var onSkip: ((String, String) -> Void)?

    private var batchCollectors: [(RuleSet.Configured, any BatchCollecting)] = []
    private var suppressionsByDraft: [DraftReference: Suppressions] = [:]
    private var inputsByPath: [String: InputSource] = [:]
    /// Files reopened for the excerpts of findings across the batch, kept open for the run.
    private let excerptFiles = OpenFiles()
    private var ordinal = 0
    /// Whether a draft that came too late for a batch rule checked a stretch at a time was reported.
    private var reportedLateDraft = false
    /// The latest publish time of the drafts delivered so far, while each came in publish order
    /// (`nil` once one did not; drafts without a publish time do not count): only such a schedule
    /// is checked a stretch at a time.
    private var latestPublished: Date? = .distantPast
    /// Checks the stretches of batch rules over a long schedule while reading goes on.
    private var stretchThread = StretchThread(timings: nil)
    /// How the stretch thread hands findings over (tests make the groups small and the thread slow).
    var stretchSizes = StretchThread.Sizes()
    /// How many times a batch rule reported a stretch of a long schedule (for tests).
    private(set) var stretchesReported = 0
    /// Holds what is reported after a stretch was settled until the stretch's findings are in.
    private var order = StretchOrder(limit: 0)
    /// A chunk of drafts delivered, freed by the workers of a later chunk.
    private var spentOutcomes = Slots<DraftRuleRunner.Outcome>()
    private let checker: DraftRuleRunner
    /// How many drafts are checked together; enough to keep the cores busy, small enough that
    /// memory stays flat.
    static let chunkSize = 512
    /// How many findings across the batch are held to be reported in file order.
    public var batchSortLimit = 20_000
    /// How many drafts a batch rule with a horizon keeps before it reports what is settled and
    /// lets go of the drafts out of its reach (`BatchCollector`), on a schedule in publish order.
    public var batchDraftLimit = 50_000
    /// How many drafts read and findings may wait for a stretch being checked before reading
    /// waits for it too (`StretchOrder`).
    public var stretchHoldLimit = 4_096
    /// Where the run's time goes, when the linter was made `timed` (`gaffe lint --timings`).
    /// Time spent formatting the report is measured by wrapping the sink in a `TimedSink`.
    public let timings: RunTimings?

    /// - Parameter timed: measure each rule, annotator and the making of drafts into `timings`.
    /// - Throws: what an annotator throws while setting up (an unreadable calendar).
    public init(rules: RuleSet, context: RuleContext, readerOptions: ReaderOptions,
                annotators: [any DraftAnnotator.Type] = BuiltInAnnotators.all, timed: Bool = false) throws {
        self.rules = rules
        self.context = context
        self.readerOptions = readerOptions
        let descriptions = rules.rules.map(\.description)
        let annotators = try annotators.filter { $0.isNeeded(by: descriptions) }.map { try $0.init(context: context) }
        let batchRules = Set(rules.rules.compactMap { rule in
            if case .batch = rule.runner { rule.description.identifier } else { nil }
        })
        timings = timed ? RunTimings(rules: descriptions.map(\.identifier), batchRules: batchRules,
                                     annotators: annotators.map { "\(type(of: $0))" }) : nil
        checker = DraftRuleRunner(rules: rules, context: context, annotators: annotators,
                                  knownRules: Set(BuiltInRules.all.map { $0.description.identifier }), timings: timings)
    }

    /// Lints the inputs in order and reports to `sink`.
    @discardableResult
    public func lint(_ inputs: [InputSource], sink: FindingSink) -> LintSummary {
        var summary = LintSummary()
        sink.begin(rules: rules.rules.map(\.description))
        batchCollectors = rules.rules.compactMap { rule in
            if case .batch(let make) = rule.runner { return (rule, make()) }
            return nil
        }
        stretchThread = StretchThread(timings: timings, sizes: stretchSizes)
        order = StretchOrder(limit: stretchHoldLimit)
        for annotator in checker.annotators {
            for (problem, source) in annotator.inputProblems { report(problem, in: source, summary: &summary, sink: sink) }
        }
        read(inputs, summary: &summary, sink: sink)
        relayStretches(summary: &summary, sink: sink, waitingWhile: { $0.isAwaitingStretch })
        // Findings across the batch come after those of single drafts, sorted by file and place
        // (those of a long schedule checked a stretch at a time come after each stretch's drafts).
        var hold = BatchFindingHold(limit: batchSortLimit)
        for (index, (rule, collector)) in batchCollectors.enumerated() {
            let start = RunTimings.startCPU(timings)
            if let last = collector.lastStretch(context: context) {
                // The last stretch of a long schedule is checked and reported as the others were
                // (in sorted groups), before the findings of rules checked whole, sorted last.
                stretchThread.submit(rule: index, identifier: rule.description.identifier, last)
                order.stretchSubmitted()
                relayStretches(summary: &summary, sink: sink, waitingWhile: { $0.isAwaitingStretch })
            } else {
                collector.finish(context: context) { hold.add(relay($0, of: rule, summary: &summary), summary: &summary, sink: sink) }
            }
            timings?.addCPU(since: start, acrossBatch: rule.description.identifier, row: RunTimings.Row.linter)
        }
        hold.flush(summary: &summary, sink: sink)
        batchCollectors = []
        sink.end(summary)
        timings?.finish()
        return summary
    }

    /// A finding across the batch made ready for the sink: `nil` when its draft suppresses it,
    /// else with the rule's configured severity and the source lines it points at.
    private func relay(_ produced: Finding, of rule: RuleSet.Configured, summary: inout LintSummary) -> Finding? {
        var finding = produced
        if let index = finding.draft?.index,
           suppressionsByDraft[DraftReference(path: finding.location.path, index: index)]?
            .suppresses(rule: finding.ruleID, at: finding.location.byteRange.lowerBound) == true {
            summary.suppressed += 1
            return nil
        }
        if let forced = rule.severityOverride { finding.severity = forced }
        addExcerpt(to: &finding)
        return finding
    }

    /// Gives a finding made after its file was read the source lines it points at, and its match.
    private func addExcerpt(to finding: inout Finding) {
        if finding.sourceLines.isEmpty, let source = excerpt(for: finding.location) {
            finding.sourceLines = source.lines(covering: finding.location.byteRange)
            if finding.match == nil, !finding.location.byteRange.isEmpty { finding.match = source.text(finding.location.byteRange) }
        }
    }

    /// After a chunk is delivered: the batch rules that keep too many drafts of a schedule in
    /// publish order settle a stretch (checked on the stretch thread), what earlier stretches
    /// reported goes to the sink, and a draft that came too late for a stretch is reported.
    private func settleStretches(summary: inout LintSummary, sink: FindingSink) {
        var late: (draft: BatchDraft, rules: [String])?
        for (index, (rule, collector)) in batchCollectors.enumerated() {
            let start = RunTimings.startCPU(timings)
            if let check = collector.settle(limit: batchDraftLimit, inOrder: latestPublished != nil, context: context) {
                stretchThread.submit(rule: index, identifier: rule.description.identifier, check)
                order.stretchSubmitted()
                stretchesReported += 1
            }
            // The warning names the rules that found this draft late (another rule may have found
            // another, and a rule that never saw this draft must not be named).
            if let draft = collector.takeLateDraft(), late == nil || late?.draft === draft {
                late = (draft, (late?.rules ?? []) + [rule.description.identifier])
            }
            timings?.addCPU(since: start, acrossBatch: rule.description.identifier, row: RunTimings.Row.linter)
        }
        if let late, !reportedLateDraft, let inputRule = checker.inputRule {
            reportedLateDraft = true
            var finding = Finding(ruleID: InputRule.description.identifier, severity: inputRule.severityOverride ?? .warning,
                                  message: Linter.lateDraftMessage(rules: late.rules, undatedAt: late.draft.hasPublishTime ? nil : context.referenceDate),
                                  location: late.draft.timeLocation,
                                  category: "input", draft: late.draft.summary)
            addExcerpt(to: &finding)
            summary.count(finding.severity)
            order.report(finding, sink: sink)
        }
        relayStretches(summary: &summary, sink: sink, waitingWhile: { $0.isFull })
    }

    /// Reports what the stretch thread handed over, each group of findings (`StretchThread.Sizes`)
    /// sorted by file and place, so a stretch with more findings than a group comes as several
    /// sorted runs, the same on every run; then what was held until each stretch was checked.
    /// Waits for more while `waitingWhile` holds, which it may only while a stretch is awaited.
    private func relayStretches(summary: inout LintSummary, sink: FindingSink, waitingWhile: (StretchOrder) -> Bool) {
        repeat {
            for handed in waitingWhile(order) ? [stretchThread.next()] : stretchThread.takeWaiting() {
                switch handed {
                case .findings(let reported):
                    var hold = BatchFindingHold(limit: batchSortLimit)
                    for (rule, finding) in reported {
                        hold.add(relay(finding, of: batchCollectors[rule].0, summary: &summary), summary: &summary, sink: sink)
                    }
                    hold.flush(summary: &summary, sink: sink)
                case .stretchChecked:
                    order.stretchChecked(sink: sink)
                }
            }
        } while waitingWhile(order)
    }

    /// The warning for a draft read after its place in publish order was checked; `undatedAt` is
    /// the run's time, where a draft without a publish time sits.
    static func lateDraftMessage(rules: [String], undatedAt: Date? = nil) -> String {
        let checked = "a schedule this long is checked a stretch at a time in publish order, so \(rules.joined(separator: ", ")) "
            + "may miss what this draft repeats or crowds"
        guard let undatedAt else {
            return "published before drafts already checked across the batch: \(checked); sort the schedule by publish time"
        }
        return "no publish time, so it counts as published at the run's time (\(ISO8601.format(undatedAt)): now, or the time --at gives), "
            + "before drafts already checked across the batch: \(checked); give it a publish time, or put the drafts "
            + "without one before the others"
    }

    /// Reads the inputs on a thread of their own while this one checks what was read: reading
    /// the next drafts overlaps checking the last ones, and what the sink sees keeps file order.
    private func read(_ inputs: [InputSource], summary: inout LintSummary, sink: FindingSink) {
        let channel = HandOff<ReadItem>(capacity: 4, counting: \.isDrafts)
        let options = readerOptions
        let timings = timings
        WorkerThread.start(named: "gaffe-reader") {
            let start = RunTimings.startCPU(timings)
            defer { if let timings { timings.addCPU(since: start, to: timings.reading, row: RunTimings.Row.reading) } }
            for input in inputs {
                guard let readerType = BuiltInReaders.reader(for: input.format) else {
                    channel.put(.skipped(input.path, "no reader for format \(input.format)"))
                    continue
                }
                channel.put(.begin(input))
                var chunk: [PendingDraft] = []
                chunk.reserveCapacity(Linter.chunkSize)
                func send() {
                    guard !chunk.isEmpty else { return }
                    channel.put(.drafts(chunk))
                    chunk = []
                    chunk.reserveCapacity(Linter.chunkSize)
                }
                func add(_ pending: PendingDraft) {
                    chunk.append(pending)
                    if chunk.count >= Linter.chunkSize { send() }
                }
                func fail(_ problem: InputProblem, _ source: SourceText) {
                    // Findings stay in reading order: what was read before the problem goes first.
                    send()
                    channel.put(.problem(problem, source))
                }
                do {
                    let reader = readerType.init()
                    if let reader = reader as? any PendingDraftReader {
                        try reader.readPending(input, options: options, emit: add, fail: fail)
                    } else {
                        try reader.read(input, options: options, emit: { add(PendingDraft($0)) }, fail: fail)
                    }
                    send()
                } catch {
                    send()
                    channel.put(.problem(InputProblem("\(error)", at: 0..<0), SourceText(path: input.path, bytes: [])))
                }
            }
            channel.put(.end)
        }

        // Two chunks are in flight: while the workers check one, this thread delivers the one
        // before (to the sink and the batch rules, in order), so the one part that cannot be
        // spread over the cores overlaps the part that can.
        var checked: Checked?
        func deliverChecked() {
            guard let chunk = checked else { return }
            deliver(chunk, summary: &summary, sink: sink)
            settleStretches(summary: &summary, sink: sink)
            checked = nil
            // Freed by the workers of the chunk after next, once nothing reads it any more.
            spentOutcomes = chunk.outcomes
        }
        while true {
            switch channel.take() {
            case .begin(let input):
                deliverChecked()
                summary.files += 1
                if case .bytes = input.origin, rules.hasBatchRules { inputsByPath[input.path] = input }
            case .skipped(let path, let reason):
                deliverChecked()
                summary.files += 1
                onSkip?(path, reason)
            case .drafts(let drafts):
                let checking = startChecking(drafts)
                deliverChecked()
                checked = checking.wait()
            case .problem(let problem, let source):
                deliverChecked()
                report(problem, in: source, summary: &summary, sink: sink)
            case .end:
                deliverChecked()
                spentOutcomes = Slots()
                return
            }
        }
    }

    /// Starts making and checking a chunk of drafts on every core, each draft made, checked and
    /// noted for the batch rules by one thread while it is fresh in that core's cache.
    private func startChecking(_ pending: [PendingDraft]) -> Checking {
        let first = ordinal + 1
        ordinal += pending.count
        let checker = checker
        // A chunk delivered before the last is freed by these workers, a share each.
        let leftovers = spentOutcomes
        spentOutcomes = Slots()
        let entries = batchCollectors.map { $0.1.entries(count: pending.count) }
        let timings = timings
        let timingSlots = batchCollectors.map { timings?.slot(rule: $0.0.description.identifier) ?? -1 }
        return Checking(entries: entries) { [pending] in
            var pending = pending
            return Parallel.updateInSlots(&pending) { pending, index, worker in
                leftovers.discard(index)
                return checker.process(&pending, ordinal: first + index, worker: worker) { draft in
                    for (rule, slot) in zip(entries, timingSlots) {
                        let start = RunTimings.start(timings)
                        rule.fill(index, from: draft, context: checker.context)
                        if let timings { timings.add(since: start, to: slot, row: worker) }
                    }
                }
            }
        }
    }

    /// In reading order: shows each checked draft to the sink, hands its entries to the batch
    /// rules and reports its findings.
    private func deliver(_ checked: Checked, summary: inout LintSummary, sink: FindingSink) {
        let outcomes = checked.outcomes
        for ((rule, collector), entries) in zip(batchCollectors, checked.entries) {
            let start = RunTimings.startCPU(timings)
            collector.collect(entries) { outcomes[$0].batchDraft }
            timings?.addCPU(since: start, acrossBatch: rule.description.identifier, row: RunTimings.Row.linter)
        }
        for index in 0..<outcomes.count {
            guard let draft = outcomes[index].draft else {
                if let failure = outcomes[index].failure { report(failure.problem, in: failure.source, summary: &summary, sink: sink) }
                continue
            }
            if let batchDraft = outcomes[index].batchDraft {
                if let suppressions = batchDraft.suppressions { suppressionsByDraft[batchDraft.reference] = suppressions }
                // A draft without a publish time sits at the run's time, wherever it is in the file.
                if let latest = latestPublished, batchDraft.hasPublishTime {
                    latestPublished = batchDraft.publishAt < latest ? nil : batchDraft.publishAt
                }
            }
            summary.drafts += 1
            summary.suppressed += outcomes[index].result.suppressed
            order.draftRead(draft, sink: sink)
            for finding in outcomes[index].result.findings {
                summary.count(finding.severity)
                order.report(finding, sink: sink)
            }
        }
    }

    /// Reports a problem of the input outside any draft (when the `input` rule is on).
    private func report(_ problem: InputProblem, in source: SourceText, summary: inout LintSummary, sink: FindingSink) {
        guard let inputRule = checker.inputRule else { return }
        let finding = Linter.inputFinding(problem, source: source, severity: inputRule.severityOverride)
        summary.count(finding.severity)
        order.report(finding, sink: sink)
    }

    /// Resolves a rule's diagnosis into a finding at its place in the file.
    static func finding(from diagnosis: Diagnosis, rule: DraftCheck, draft: Draft) -> Finding {
        let range: Range<Int>
        switch diagnosis.target {
        case .text(let textRange): range = draft.textMap.sourceRange(forText: textRange)
        case .field(let field): range = draft.anchor(field)
        case .source(let sourceRange): range = sourceRange
        }
        let location = draft.source.location(of: range)
        return Finding(ruleID: rule.identifier,
                       severity: rule.severityOverride ?? diagnosis.severity ?? rule.defaultSeverity,
                       message: diagnosis.message, location: location,
                       match: range.isEmpty ? nil : draft.source.text(range), category: diagnosis.category,
                       suggestions: diagnosis.suggestions, notes: diagnosis.notes, related: diagnosis.related,
                       draft: DraftSummary(draft), sourceLines: draft.source.lines(covering: range), extra: diagnosis.extra)
    }

    static func inputFinding(_ problem: InputProblem, source: SourceText, severity: Severity?) -> Finding {
        let range = problem.range.clamped(to: source.baseOffset..<max(source.baseOffset, source.endOffset))
        return Finding(ruleID: InputRule.description.identifier, severity: severity ?? problem.severity,
                       message: problem.message, location: source.location(of: range),
                       match: range.isEmpty ? nil : source.text(range), category: "input",
                       sourceLines: source.bytes.isEmpty ? [] : source.lines(covering: range))
    }

    /// The source around a finding made after its file was read (batch rules), for its lines and match.
    ///
    /// Most lines are short, so a little around the finding is read first; a wider window only
    /// when the finding's first line starts, or its last shown line ends, outside the first one.
    private func excerpt(for location: SourceLocation) -> SourceText? {
        let windows = [1024, 16_384]
        for window in windows {
            let lower = max(0, location.byteRange.lowerBound - window)
            let upper = location.byteRange.upperBound + window
            let bytes: [UInt8]?
            if let input = inputsByPath[location.path], case .bytes(let all) = input.origin {
                bytes = Array(all[min(lower, all.count)..<min(upper, all.count)])
            } else {
                bytes = excerptFiles.read(path: location.path, range: lower..<upper)
            }
            guard let slice = bytes else { return nil }
            // Start the window at a line start so line numbers can be counted from the finding's
            // line, and end it a few lines after the finding: excerpts show at most four.
            var start = min(location.byteRange.lowerBound - lower, slice.count)
            while start > 0, slice[start - 1] != 0x0A, slice[start - 1] != 0x0D { start -= 1 }
            var end = min(max(location.byteRange.upperBound - lower, start), slice.count)
            var breaks = 0
            while end < slice.count, breaks < 4 {
                if slice[end] == 0x0A || slice[end] == 0x0D { breaks += 1 }
                end += 1
            }
            let cutAtStart = start == 0 && lower > 0
            let cutAtEnd = breaks == 0 && slice.count == upper - lower
            if (cutAtStart || cutAtEnd) && window != windows.last { continue }
            return SourceText(path: location.path, bytes: Array(slice[start..<end]), baseOffset: lower + start,
                              baseLine: location.start.line)
        }
        return nil
    }
}

/// What running one per-draft rule needs: its identifier, severities and check.
struct DraftCheck: Sendable {
    let identifier: String
    let severityOverride: Severity?
    let defaultSeverity: Severity
    let check: @Sendable (Draft, RuleContext) -> [Diagnosis]
    /// The rule's slot in the run's timings, when it is timed.
    var timingSlot = -1
}

/// The per-draft half of a run, free of shared mutable state so it can run on every core:
/// annotate a draft, run the per-draft rules, and turn their diagnoses into findings.
struct DraftRuleRunner: Sendable {
    struct Result: Sendable {
        var findings: [Finding]
        var suppressed: Int
    }

    let context: RuleContext
    let annotators: [any DraftAnnotator]
    let knownRules: Set<String>
    /// The per-draft rules alone, so each draft does not walk past the batch rules (nor copy
    /// their descriptions).
    let draftRules: [DraftCheck]
    /// The `input` rule, which reports suppressions of unknown rules, when it is on.
    let inputRule: DraftCheck?
    /// Whether batch rules run, so each draft is also summarized for them.
    let hasBatchRules: Bool
    let timings: RunTimings?

    /// What becomes of one pending draft. (Fields rather than enum cases, so the linter reads
    /// each in place instead of copying them all out.)
    struct Outcome {
        /// The draft, or `nil` when its record could not be made into one, for `failure`.
        var draft: Draft?
        var failure: DraftFailure?
        /// Its findings.
        var result = Result(findings: [], suppressed: 0)
        /// What the batch rules know of it, when batch rules run.
        var batchDraft: BatchDraft?
    }

    init(rules: RuleSet, context: RuleContext, annotators: [any DraftAnnotator], knownRules: Set<String>, timings: RunTimings? = nil) {
        self.context = context
        self.annotators = annotators
        self.knownRules = knownRules
        self.timings = timings
        draftRules = rules.rules.compactMap { rule in
            guard case .draft(let check) = rule.runner else { return nil }
            return DraftCheck(identifier: rule.description.identifier, severityOverride: rule.severityOverride,
                              defaultSeverity: rule.description.defaultSeverity, check: check,
                              timingSlot: timings?.slot(rule: rule.description.identifier) ?? -1)
        }
        inputRule = draftRules.first { $0.identifier == InputRule.description.identifier }
        hasBatchRules = rules.hasBatchRules
    }

    /// Makes a pending draft, checks it, and summarizes it for the batch rules, whose entries
    /// `noteForBatch` works out; `ordinal` is its place in the run, `worker` the thread's (for the
    /// reader's caches).
    func process(_ pending: inout PendingDraft, ordinal: Int, worker: Int, noteForBatch: (Draft) -> Void) -> Outcome {
        let start = RunTimings.start(timings)
        let made = pending.make(worker: worker)
        if let timings { timings.add(since: start, to: timings.makingDrafts, row: worker) }
        switch made {
        case .failure(let failure):
            return Outcome(failure: failure)
        case .success(var draft):
            let result = check(&draft, worker: worker)
            guard hasBatchRules else { return Outcome(draft: draft, result: result) }
            noteForBatch(draft)
            let summarizing = RunTimings.start(timings)
            let batchDraft = BatchDraft(ordinal: ordinal, draft: draft, context: context)
            if let timings { timings.add(since: summarizing, to: timings.summarizing, row: worker) }
            return Outcome(draft: draft, result: result, batchDraft: batchDraft)
        }
    }

    /// Annotates one draft and runs the per-draft rules on it; the findings come sorted.
    /// `worker` is the thread's number, for the timings.
    func check(_ draft: inout Draft, worker: Int = 0) -> Result {
        for (index, annotator) in annotators.enumerated() {
            let start = RunTimings.start(timings)
            annotator.annotate(&draft, context: context)
            if let timings { timings.add(since: start, to: timings.slot(annotator: index), row: worker) }
        }
        var findings: [Finding] = []
        var suppressed = 0
        for rule in draftRules {
            let start = RunTimings.start(timings)
            let diagnoses = rule.check(draft, context)
            if let timings { timings.add(since: start, to: rule.timingSlot, row: worker) }
            for diagnosis in diagnoses {
                let finding = Linter.finding(from: diagnosis, rule: rule, draft: draft)
                if draft.suppressions.suppresses(rule: finding.ruleID, at: finding.location.byteRange.lowerBound) {
                    suppressed += 1
                    continue
                }
                findings.append(finding)
            }
        }
        findings += unknownSuppressionRules(in: draft)
        findings.sort(by: Finding.sortedOrder)
        return Result(findings: findings, suppressed: suppressed)
    }

    /// Suppressions that name rules Gaffe does not have are reported, so a typo never silently
    /// leaves a rule switched on.
    private func unknownSuppressionRules(in draft: Draft) -> [Finding] {
        guard let inputRule else { return [] }
        return draft.suppressions.mentions.filter { !knownRules.contains($0.rule) }.map { mention in
            var message = "suppression names unknown rule '\(mention.rule)'"
            if let guess = Spelling.closest(to: mention.rule, among: Array(knownRules)) { message += "; did you mean '\(guess)'?" }
            var finding = Linter.inputFinding(InputProblem(message, at: mention.range, severity: .warning), source: draft.source,
                                              severity: inputRule.severityOverride)
            finding.draft = DraftSummary(draft)
            return finding
        }
    }
}

/// A chunk of drafts checked: what became of each, and what each batch rule keeps of them.
private struct Checked {
    let outcomes: Slots<DraftRuleRunner.Outcome>
    let entries: [any ChunkEntries]
}

/// A chunk being checked on a thread of its own, whose result is waited for.
private final class Checking: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private let entries: [any ChunkEntries]
    // Written once by the working thread before it signals `done`, read after `wait`.
    private var outcomes: Slots<DraftRuleRunner.Outcome>?

    init(entries: [any ChunkEntries], _ work: @escaping @Sendable () -> Slots<DraftRuleRunner.Outcome>) {
        self.entries = entries
        DispatchQueue.global().async { [self] in
            outcomes = work()
            done.signal()
        }
    }

    func wait() -> Checked {
        done.wait()
        return Checked(outcomes: outcomes!, entries: entries)
    }
}

/// What the reading thread hands the checking thread, in reading order (through a `HandOff`
/// that lets it run a few chunks of drafts ahead at most, so memory stays flat).
private enum ReadItem {
    /// An input is about to be read.
    case begin(InputSource)
    case skipped(String, String)
    case drafts([PendingDraft])
    /// A problem outside any draft (a bad header, an unreadable file).
    case problem(InputProblem, SourceText)
    /// Every input has been read.
    case end

    var isDrafts: Bool {
        if case .drafts = self { return true }
        return false
    }
}

/// Findings across the batch on their way to the sink: held to be reported sorted by file and
/// place; past `limit` of them, what is held goes out sorted and the rest streams in the rule's
/// own order (by account and channel, in publish order), so a rule that flags every row of a long
/// schedule never has them all held.
private struct BatchFindingHold {
    let limit: Int
    private var held: [Finding] = []
    private var streaming = false

    init(limit: Int) {
        self.limit = limit
    }

    mutating func add(_ finding: Finding?, summary: inout LintSummary, sink: FindingSink) {
        guard let finding else { return }
        if streaming {
            summary.count(finding.severity)
            sink.report(finding)
            return
        }
        held.append(finding)
        if held.count > limit {
            flush(summary: &summary, sink: sink)
            streaming = true
        }
    }

    mutating func flush(summary: inout LintSummary, sink: FindingSink) {
        let order = held.indices.sorted { Finding.sortedOrder(held[$0], held[$1]) }
        for index in order {
            summary.count(held[index].severity)
            sink.report(held[index])
        }
        held = []
    }
}
