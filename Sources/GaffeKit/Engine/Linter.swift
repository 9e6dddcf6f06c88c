import Foundation

/// Receives findings as a run produces them. Reporters are sinks; so are tests.
public protocol FindingSink: AnyObject {
    /// Called once before any finding, with the rules of the run.
    func begin(rules: [RuleDescription])
    /// Called for every draft as it is read, after annotation and before its findings; for
    /// reports that show all drafts (a timeline), not only flagged ones. Optional.
    func draftRead(_ draft: Draft)
    func report(_ finding: Finding)
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
    private let checker: DraftRuleRunner
    /// Drafts read but not yet checked: checked together, on every core, in reading order.
    private var pending: [Draft] = []
    /// How many drafts are checked together; enough to keep the cores busy, small enough that
    /// memory stays flat.
    static let chunkSize = 512
    /// How many findings across the batch are held to be reported in file order.
    public var batchSortLimit = 20_000

    /// - Throws: what an annotator throws while setting up (an unreadable calendar).
    public init(rules: RuleSet, context: RuleContext, readerOptions: ReaderOptions,
                annotators: [any DraftAnnotator.Type] = BuiltInAnnotators.all) throws {
        self.rules = rules
        self.context = context
        self.readerOptions = readerOptions
        let descriptions = rules.rules.map(\.description)
        let annotators = try annotators.filter { $0.isNeeded(by: descriptions) }.map { try $0.init(context: context) }
        checker = DraftRuleRunner(rules: rules, context: context, annotators: annotators,
                               knownRules: Set(BuiltInRules.all.map { $0.description.identifier }))
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
        if let inputRule = rules.rule(InputRule.description.identifier) {
            for annotator in checker.annotators {
                for (problem, source) in annotator.inputProblems {
                    let finding = Linter.inputFinding(problem, source: source, severity: inputRule.severityOverride)
                    summary.count(finding.severity)
                    sink.report(finding)
                }
            }
        }
        for input in inputs {
            summary.files += 1
            lintOne(input, summary: &summary, sink: sink)
        }
        // Findings across the batch come after those of single drafts, sorted by file and place.
        // A rule that flags every row of a long schedule would make that sort hold them all: past
        // `batchSortLimit` findings, what is held is reported sorted and the rest is streamed in
        // each rule's own order (by account and channel, in publish order), keeping memory flat.
        var held: [Finding] = []
        var streaming = false
        func flushHeld() {
            let order = held.indices.sorted { Finding.sortedOrder(held[$0], held[$1]) }
            for index in order {
                summary.count(held[index].severity)
                sink.report(held[index])
            }
            held = []
        }
        for (rule, collector) in batchCollectors {
            collector.finish(context: context) { produced in
                var finding = produced
                if let index = finding.draft?.index,
                   suppressionsByDraft[DraftReference(path: finding.location.path, index: index)]?
                    .suppresses(rule: finding.ruleID, at: finding.location.byteRange.lowerBound) == true {
                    summary.suppressed += 1
                    return
                }
                if let forced = rule.severityOverride { finding.severity = forced }
                if finding.sourceLines.isEmpty, let source = excerpt(for: finding.location) {
                    finding.sourceLines = source.lines(covering: finding.location.byteRange)
                    if finding.match == nil, !finding.location.byteRange.isEmpty { finding.match = source.text(finding.location.byteRange) }
                }
                if streaming {
                    summary.count(finding.severity)
                    sink.report(finding)
                    return
                }
                held.append(finding)
                if held.count > batchSortLimit {
                    flushHeld()
                    streaming = true
                }
            }
        }
        flushHeld()
        batchCollectors = []
        sink.end(summary)
        return summary
    }

    private func lintOne(_ input: InputSource, summary: inout LintSummary, sink: FindingSink) {
        guard let readerType = BuiltInReaders.reader(for: input.format) else {
            onSkip?(input.path, "no reader for format \(input.format)")
            return
        }
        if case .bytes = input.origin, rules.hasBatchRules { inputsByPath[input.path] = input }
        let reader = readerType.init()
        let inputRule = rules.rule(InputRule.description.identifier)
        do {
            try reader.read(input, options: readerOptions, emit: { draft in
                self.pending.append(draft)
                if self.pending.count >= Linter.chunkSize { self.checkPending(summary: &summary, sink: sink) }
            }, fail: { problem, source in
                // Findings stay in reading order: what was read before the problem goes first.
                self.checkPending(summary: &summary, sink: sink)
                guard let inputRule else { return }
                let finding = Linter.inputFinding(problem, source: source, severity: inputRule.severityOverride)
                summary.count(finding.severity)
                sink.report(finding)
            })
            checkPending(summary: &summary, sink: sink)
        } catch {
            checkPending(summary: &summary, sink: sink)
            guard let inputRule else { return }
            let source = SourceText(path: input.path, bytes: [])
            let finding = Linter.inputFinding(InputProblem("\(error)", at: 0..<0), source: source, severity: inputRule.severityOverride)
            summary.count(finding.severity)
            sink.report(finding)
        }
    }

    /// Checks the pending drafts on every core, then, in reading order, shows each to the sink,
    /// feeds the batch rules and reports its findings.
    private func checkPending(summary: inout LintSummary, sink: FindingSink) {
        guard !pending.isEmpty else { return }
        let results = checker.checkAll(&pending)
        for (index, result) in results.enumerated() {
            let draft = pending[index]
            summary.drafts += 1
            summary.suppressed += result.suppressed
            sink.draftRead(draft)
            if !batchCollectors.isEmpty {
                ordinal += 1
                let batchDraft = BatchDraft(ordinal: ordinal, draft: draft, context: context)
                if batchDraft.suppressions != nil { suppressionsByDraft[draft.reference] = draft.suppressions }
                for (_, collector) in batchCollectors {
                    collector.collect(draft, as: batchDraft, context: context)
                }
            }
            for finding in result.findings {
                summary.count(finding.severity)
                sink.report(finding)
            }
        }
        pending.removeAll(keepingCapacity: true)
    }

    /// Resolves a rule's diagnosis into a finding at its place in the file.
    static func finding(from diagnosis: Diagnosis, rule: RuleSet.Configured, draft: Draft) -> Finding {
        let range: Range<Int>
        switch diagnosis.target {
        case .text(let textRange): range = draft.textMap.sourceRange(forText: textRange)
        case .field(let field): range = draft.anchor(field)
        case .source(let sourceRange): range = sourceRange
        }
        let location = draft.source.location(of: range)
        return Finding(ruleID: rule.description.identifier,
                       severity: rule.severityOverride ?? diagnosis.severity ?? rule.description.defaultSeverity,
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
    private func excerpt(for location: SourceLocation) -> SourceText? {
        let window = 8192
        let lower = max(0, location.byteRange.lowerBound - window)
        let upper = location.byteRange.upperBound + window
        let bytes: [UInt8]?
        if let input = inputsByPath[location.path], case .bytes(let all) = input.origin {
            bytes = Array(all[min(lower, all.count)..<min(upper, all.count)])
        } else {
            bytes = excerptFiles.read(path: location.path, range: lower..<upper)
        }
        guard var slice = bytes else { return nil }
        // Start the window at a line start so line numbers can be counted from the finding's line,
        // and end it a few lines after the finding: excerpts show at most four.
        var start = location.byteRange.lowerBound - lower
        start = min(start, slice.count)
        while start > 0, slice[start - 1] != 0x0A, slice[start - 1] != 0x0D { start -= 1 }
        var end = min(max(location.byteRange.upperBound - lower, start), slice.count)
        var breaks = 0
        while end < slice.count, breaks < 4 {
            if slice[end] == 0x0A || slice[end] == 0x0D { breaks += 1 }
            end += 1
        }
        slice = Array(slice[start..<end])
        return SourceText(path: location.path, bytes: slice, baseOffset: lower + start, baseLine: location.start.line)
    }
}

/// The per-draft half of a run, free of shared mutable state so it can run on every core:
/// annotate a draft, run the per-draft rules, and turn their diagnoses into findings.
struct DraftRuleRunner: Sendable {
    struct Result: Sendable {
        var findings: [Finding]
        var suppressed: Int
    }

    let rules: RuleSet
    let context: RuleContext
    let annotators: [any DraftAnnotator]
    let knownRules: Set<String>
    /// The per-draft rules alone, so each draft does not walk past the batch rules.
    let draftRules: [RuleSet.Configured]

    init(rules: RuleSet, context: RuleContext, annotators: [any DraftAnnotator], knownRules: Set<String>) {
        self.rules = rules
        self.context = context
        self.annotators = annotators
        self.knownRules = knownRules
        draftRules = rules.rules.filter { if case .draft = $0.runner { true } else { false } }
    }

    /// Annotates and checks drafts in parallel, in place; the results come in the drafts' order.
    func checkAll(_ drafts: inout [Draft]) -> [Result] {
        let count = drafts.count
        let workers = min(ProcessInfo.processInfo.activeProcessorCount, max(1, count / 16))
        let slots = ResultSlots<Result>(count: count)
        drafts.withUnsafeMutableBufferPointer { buffer in
            let shared = SharedBuffer(base: buffer.baseAddress!)
            if workers <= 1 {
                for index in 0..<count { slots.set(index, check(&shared.base[index])) }
                return
            }
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                var index = worker
                while index < count {
                    slots.set(index, check(&shared.base[index]))
                    index += workers
                }
            }
        }
        return slots.take()
    }

    /// Annotates one draft and runs the per-draft rules on it; the findings come sorted.
    func check(_ draft: inout Draft) -> Result {
        for annotator in annotators { annotator.annotate(&draft, context: context) }
        var findings: [Finding] = []
        var suppressed = 0
        for rule in draftRules {
            guard case .draft(let check) = rule.runner else { continue }
            for diagnosis in check(draft, context) {
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
        guard let inputRule = rules.rule(InputRule.description.identifier) else { return [] }
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

/// Fixed slots that several threads fill, each writing only its own indices.
private final class ResultSlots<Value>: @unchecked Sendable {
    private let storage: UnsafeMutablePointer<Value?>
    private let count: Int

    init(count: Int) {
        self.count = count
        storage = .allocate(capacity: count)
        storage.initialize(repeating: nil, count: count)
    }

    func set(_ index: Int, _ value: Value) {
        storage[index] = value
    }

    /// Moves the values out, in order; call once every slot is set and no thread writes any more.
    func take() -> [Value] {
        var values: [Value] = []
        values.reserveCapacity(count)
        for index in 0..<count {
            values.append((storage + index).move()!)
            (storage + index).initialize(to: nil)
        }
        return values
    }

    deinit {
        storage.deinitialize(count: count)
        storage.deallocate()
    }
}

/// A buffer whose elements several threads touch, each only its own indices.
private struct SharedBuffer<Element>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Element>
}
