import Foundation

/// The rules of one run, built from the registry and the configuration.
public struct RuleSet: Sendable {
    /// A rule ready to run.
    public struct Configured: Sendable {
        public let description: RuleDescription
        /// The severity configuration forces on every finding of the rule.
        public let severityOverride: Severity?
        let runner: Runner
    }

    enum Runner: Sendable {
        case draft(@Sendable (Draft, RuleContext) -> [Diagnosis])
        case batch(@Sendable () -> any BatchCollecting)
    }

    public let rules: [Configured]

    /// A problem with `--rules`, `--disable` or the `rules:` section.
    public enum Error: Swift.Error, CustomStringConvertible {
        case unknownRule(String, suggestion: String?)

        public var description: String {
            switch self {
            case .unknownRule(let name, let suggestion):
                "unknown rule '\(name)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? "; run 'gaffe rules' for the list")
            }
        }
    }

    /// Builds the enabled rules.
    /// - Parameters:
    ///   - only: run only these rules (`--rules`), whatever the configuration says.
    ///   - disabled: switch these off for the run (`--disable`).
    /// - Throws: `YAMLError` for a bad `rules:` entry, `RuleSet.Error` for an unknown rule name.
    public init(configuration: Configuration, context: RuleContext, only: [String]? = nil, disabled: [String] = [],
                registry: [any RuleType.Type] = BuiltInRules.all) throws {
        let identifiers = registry.map { $0.description.identifier }
        for name in (only ?? []) + disabled where !identifiers.contains(name) {
            throw Error.unknownRule(name, suggestion: Spelling.closest(to: name, among: identifiers))
        }
        for (name, setting) in configuration.rules where !identifiers.contains(name) {
            let message = RuleSet.Error.unknownRule(name, suggestion: Spelling.closest(to: name, among: identifiers)).description
            let place = setting.place ?? (configuration.path ?? ".gaffe.yml", 1, 1)
            throw YAMLError(path: place.path, line: place.line, column: place.column, message: message)
        }
        var rules: [Configured] = []
        for type in registry {
            let description = type.description
            let setting = configuration.rules[description.identifier]
            var enabled = setting?.enabled ?? description.isEnabledByDefault
            if let only { enabled = only.contains(description.identifier) }
            if disabled.contains(description.identifier) { enabled = false }
            // Options are checked even for disabled rules, so a typo never hides; only enabled
            // rules are built (and only they load what they need, a lexicon or a calendar).
            let make = try RuleSet.prepareRunner(type, options: setting?.options)
            if enabled {
                rules.append(Configured(description: description, severityOverride: setting?.severity, runner: try make(context)))
            }
        }
        self.rules = rules
    }

    /// Decodes a rule's options now, and returns what builds the rule with them.
    private static func prepareRunner<R: RuleType>(_ type: R.Type, options raw: RawYAML?) throws -> (RuleContext) throws -> Runner {
        let options = try OptionsReader.decode(R.Options.self, from: raw?.mapping())
        return { context in
            let rule = try R(options: options, context: context)
            if let rule = rule as? any Rule {
                return draftRunner(rule)
            }
            if let rule = rule as? any BatchRule {
                return batchRunner(rule)
            }
            preconditionFailure("\(R.self) must conform to Rule or BatchRule")
        }
    }

    private static func draftRunner<R: Rule>(_ rule: R) -> Runner {
        .draft { draft, context in rule.check(draft, context: context) }
    }

    private static func batchRunner<R: BatchRule>(_ rule: R) -> Runner {
        .batch { BatchCollector(rule: rule) }
    }

    /// Whether any rule looks across the batch (so the linter must remember drafts).
    public var hasBatchRules: Bool {
        rules.contains { if case .batch = $0.runner { true } else { false } }
    }

    /// The configured rule with an identifier.
    public func rule(_ identifier: String) -> Configured? {
        rules.first { $0.description.identifier == identifier }
    }
}

/// Type-erased accumulation for one batch rule during a run.
protocol BatchCollecting: AnyObject {
    /// The rule's horizon (`BatchRule.horizon`).
    var horizon: BatchHorizon? { get }
    /// Room for what the rule keeps of a chunk of `count` drafts, filled on every core as the
    /// drafts are checked.
    func entries(count: Int) -> any ChunkEntries
    /// Remembers a chunk's entries, in reading order, for the drafts `draft(index)` gives.
    func collect(_ entries: any ChunkEntries, drafts draft: (Int) -> BatchDraft?)
    /// For a rule with a horizon: once it keeps `limit` drafts, settles a stretch and lets go of the
    /// drafts out of reach. Only while every draft so far came in publish order (`inOrder`),
    /// unless it did so before. The check of the stretch, to run on any thread; `nil` for none.
    func settle(limit: Int, inOrder: Bool, context: RuleContext) -> (@Sendable (_ report: (Finding) -> Void) -> Void)?
    /// The first draft read, after a stretch was reported, that is published before drafts that
    /// stretch already compared: the rule's findings around it may be incomplete. Given once.
    func takeLateDraft() -> BatchDraft?
    /// Once a stretch was settled: the check of the last stretch (every draft not yet reported),
    /// to run as the others do, on any thread; `nil` for a run never checked a stretch at a time,
    /// which `finish` checks whole.
    func lastStretch(context: RuleContext) -> (@Sendable (_ report: (Finding) -> Void) -> Void)?
    /// Checks every draft kept, at the end of a run never checked a stretch at a time.
    func finish(context: RuleContext, report: (Finding) -> Void)
}

/// What one batch rule keeps of each draft of a chunk.
protocol ChunkEntries: AnyObject, Sendable {
    /// Works out the entry of the chunk's draft at `index`: once per index, on any thread.
    func fill(_ index: Int, from draft: Draft, context: RuleContext)
}

/// A chunk's entries for one rule, in their own type: no value boxed, no cast per draft.
final class RuleEntries<R: BatchRule>: ChunkEntries, @unchecked Sendable {
    private let rule: R
    // Each slot is written by one worker, and read only after every worker is done.
    private let slots: Slots<R.Entry>

    init(rule: R, count: Int) {
        self.rule = rule
        slots = Slots(count: count)
    }

    var count: Int { slots.count }

    func fill(_ index: Int, from draft: Draft, context: RuleContext) {
        if let entry = rule.entry(for: draft, context: context) { slots.set(index, entry) }
    }

    /// The entry of the draft at `index`; `nil` for a draft the rule skips or that was not made.
    subscript(index: Int) -> R.Entry? {
        slots.value(at: index)
    }
}

/// What a batch rule keeps of a run, and when it checks it.
///
/// By default the rule sees every draft at once, at the end of the run. A rule with a `horizon`
/// over a long schedule in publish order is checked a stretch at a time instead: each time it
/// keeps `limit` drafts (and at least half of them are new), the findings of the drafts whose look-ahead
/// has been read are reported, and the drafts beyond every later draft's look-back are let go,
/// so memory stays flat however long the schedule. The findings are those of one whole batch,
/// as long as the drafts keep coming in publish order (a draft without a publish time, which
/// sits at the run's time, may come anywhere before that time is reported); a draft that comes
/// too late for that is handed out (`takeLateDraft`) to be reported.
final class BatchCollector<R: BatchRule>: BatchCollecting {
    let rule: R
    let horizon: BatchHorizon?
    /// The items kept, in reading order.
    private var items: [BatchItem<R.Entry>] = []
    /// The layout of `items`, built as they come until the first stretch is reported.
    private var layout = BatchLayout.Builder()
    /// The latest publish time read.
    private var latest = Date.distantPast
    /// The ordinal of the last item read.
    private var lastOrdinal = 0
    /// What the stretches reported so far leave to report, `nil` until the first.
    private var settled: BatchScope?
    /// The latest publish time read when the last stretch was reported: a draft published
    /// before it may matter to findings already reported.
    private var latestAtCut = Date.distantPast
    private var newSinceCut = 0
    private var lateDraft: BatchDraft?
    private var lateDraftGiven = false

    init(rule: R) {
        self.rule = rule
        horizon = rule.horizon
    }

    func entries(count: Int) -> any ChunkEntries {
        RuleEntries(rule: rule, count: count)
    }

    func collect(_ entries: any ChunkEntries, drafts draft: (Int) -> BatchDraft?) {
        let entries = entries as! RuleEntries<R>
        // Worked on as locals, put back once: each access to a class's property is checked at
        // run time, which a draft at a time adds up.
        var items: [BatchItem<R.Entry>] = []
        var layout = BatchLayout.Builder()
        swap(&items, &self.items)
        swap(&layout, &self.layout)
        let building = settled == nil
        var latest = self.latest
        let before = items.count
        for index in 0..<entries.count {
            guard let entry = entries[index], let draft = draft(index) else { continue }
            items.append(BatchItem(draft: draft, entry: entry))
            if building { layout.add(draft) }
            // A draft without a publish time sits at the run's time, which says nothing of how far
            // reading has got: it never moves `latest`, and like any draft behind it is late only
            // if its time was reported already.
            if draft.hasPublishTime, draft.publishAt >= latest {
                latest = draft.publishAt
            } else if draft.publishAt < latestAtCut, !lateDraftGiven, lateDraft == nil {
                lateDraft = draft
            }
        }
        if items.count > before { lastOrdinal = items[items.count - 1].draft.ordinal }
        newSinceCut += items.count - before
        self.latest = latest
        swap(&items, &self.items)
        swap(&layout, &self.layout)
    }

    func settle(limit: Int, inOrder: Bool, context: RuleContext) -> (@Sendable (_ report: (Finding) -> Void) -> Void)? {
        // A schedule out of order before the first stretch is checked whole, as any other run.
        // At least as many new drafts as drafts kept from before, so no draft is checked more
        // than twice however dense the schedule.
        guard let horizon, items.count >= limit, newSinceCut * 2 >= limit, newSinceCut * 2 >= items.count,
              inOrder || settled != nil else { return nil }
        let reportedBefore = settled?.reportedBefore ?? .distantPast
        let cut = latest.addingTimeInterval(-horizon.lookAhead)
        guard cut > reportedBefore else { return nil }
        let scope = BatchScope(newFrom: settled?.newFrom ?? 0, reportedBefore: reportedBefore, cut: cut)
        let batch = Batch(items: items, scope: scope)
        // Every draft not yet reported is published at or after the cut; the earliest any of them
        // looks back to is the cut less the look-back.
        let reach = cut.addingTimeInterval(-horizon.lookBack)
        items.removeAll { $0.draft.publishAt < reach }
        // The layout serves a batch checked whole only.
        layout = BatchLayout.Builder()
        settled = BatchScope(newFrom: lastOrdinal + 1, reportedBefore: cut)
        latestAtCut = latest
        newSinceCut = 0
        let rule = rule
        return { report in rule.check(batch, context: context, report: report) }
    }

    func lastStretch(context: RuleContext) -> (@Sendable (_ report: (Finding) -> Void) -> Void)? {
        guard let settled else { return nil }
        let batch = Batch(items: items, scope: settled)
        items = []
        let rule = rule
        return { report in rule.check(batch, context: context, report: report) }
    }

    func takeLateDraft() -> BatchDraft? {
        guard let late = lateDraft else { return nil }
        lateDraft = nil
        lateDraftGiven = true
        return late
    }

    func finish(context: RuleContext, report: (Finding) -> Void) {
        let batch = Batch(items: items, layout: layout.layout())
        items = []
        layout = BatchLayout.Builder()
        rule.check(batch, context: context, report: report)
        // What the rule kept of every draft is freed while the report is written.
        BackgroundRelease.release(batch)
    }
}
