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
    /// Room for what the rule keeps of a chunk of `count` drafts, filled on every core as the
    /// drafts are checked.
    func entries(count: Int) -> any ChunkEntries
    /// Remembers a chunk's entries, in reading order, for the drafts `draft(index)` gives.
    func collect(_ entries: any ChunkEntries, drafts draft: (Int) -> BatchDraft?)
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

final class BatchCollector<R: BatchRule>: BatchCollecting {
    let rule: R
    private var items: [BatchItem<R.Entry>] = []
    private var layout = BatchLayout.Builder()

    init(rule: R) {
        self.rule = rule
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
        for index in 0..<entries.count {
            guard let entry = entries[index], let draft = draft(index) else { continue }
            items.append(BatchItem(draft: draft, entry: entry))
            layout.add(draft)
        }
        swap(&items, &self.items)
        swap(&layout, &self.layout)
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
