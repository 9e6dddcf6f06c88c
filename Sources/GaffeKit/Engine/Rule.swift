import Foundation
import OrderedCollections

/// What a rule reports about one draft, in the draft's own coordinates. The linter turns it into a
/// `Finding` with a file location, the matched source text and the draft's summary.
public struct Diagnosis: Sendable {
    /// What the diagnosis points at.
    public enum Target: Sendable, Hashable {
        /// A range of the draft text (UTF-8 offsets).
        case text(Range<Int>)
        /// A field of the draft as the reader found it (the `publish_at` cell, say).
        case field(DraftField)
        /// A range of the file, for readers' own problems.
        case source(Range<Int>)
    }

    public var target: Target
    public var message: String
    /// Overrides the rule's default severity (a lexicon entry's own severity, an escalation).
    public var severity: Severity?
    public var category: String?
    public var suggestions: [Suggestion]
    public var notes: [Note]
    public var related: [RelatedLocation]
    public var extra: OrderedDictionary<String, JSONValue>

    public init(_ target: Target, message: String, severity: Severity? = nil, category: String? = nil,
                suggestions: [Suggestion] = [], notes: [Note] = [], related: [RelatedLocation] = [],
                extra: OrderedDictionary<String, JSONValue> = [:]) {
        self.target = target
        self.message = message
        self.severity = severity
        self.category = category
        self.suggestions = suggestions
        self.notes = notes
        self.related = related
        self.extra = extra
    }
}

/// What every rule shares: its description and its options.
public protocol RuleType: Sendable {
    associatedtype Options: RuleOptions = NoOptions
    /// The rule's specification; see `RuleDescription`.
    static var description: RuleDescription { get }
    /// Builds the rule with its configured options.
    init(options: Options, context: RuleContext) throws
}

/// A rule that looks at one draft at a time. Most rules are this kind.
public protocol Rule: RuleType {
    /// The problems in one draft.
    func check(_ draft: Draft, context: RuleContext) -> [Diagnosis]
}

/// A rule that looks across the whole run (duplicates, overuse, posting frequency).
///
/// The linter calls `entry(for:context:)` on every draft as it streams past, keeping only the small
/// `Entry` the rule asks for, then calls `check(_:context:)` once with all entries grouped by
/// account and channel, each group in publish order.
public protocol BatchRule: RuleType {
    associatedtype Entry: Sendable
    /// What to remember of a draft; `nil` to skip it.
    func entry(for draft: Draft, context: RuleContext) -> Entry?
    /// The findings across the batch.
    func check(_ batch: Batch<Entry>, context: RuleContext) -> [Finding]
    /// The findings across the batch, handed over one at a time as they are made, so a rule
    /// that finds a problem with every draft of a million-row schedule never holds them all.
    /// Rules that can report as they go implement this; the default reports `check`'s array.
    func check(_ batch: Batch<Entry>, context: RuleContext, report: (Finding) -> Void)
    /// How far in time the rule looks around a draft, when that is bounded; `nil` (the default)
    /// when any draft may matter to any other. A rule with a horizon lets a long schedule in
    /// publish order be checked a stretch at a time, each batch holding only the drafts within
    /// reach; such a rule reports only at the drafts `Batch.reports(at:)` names.
    var horizon: BatchHorizon? { get }
}

/// How far in time a batch rule looks: what it reports at a draft published at *t* depends only
/// on the drafts published from *t* − `lookBack` to *t* + `lookAhead`, both ends included.
public struct BatchHorizon: Sendable, Hashable {
    public var lookBack: TimeInterval
    public var lookAhead: TimeInterval

    public init(lookBack: TimeInterval, lookAhead: TimeInterval = 0) {
        self.lookBack = lookBack
        self.lookAhead = lookAhead
    }
}

extension BatchRule {
    public var horizon: BatchHorizon? { nil }

    public func check(_ batch: Batch<Entry>, context: RuleContext, report: (Finding) -> Void) {
        for finding in check(batch, context: context) { report(finding) }
    }
}

/// A batch rule that reports as it goes: it implements only the streaming `check`, and the array
/// form collects what it reports.
public protocol StreamingBatchRule: BatchRule {}

extension StreamingBatchRule {
    public func check(_ batch: Batch<Entry>, context: RuleContext) -> [Finding] {
        var findings: [Finding] = []
        check(batch, context: context) { findings.append($0) }
        return findings
    }
}

/// Shared state every rule may consult: the configuration, the time of the run, the run's extra
/// inputs, and services later parts of Gaffe provide (the lexicon matcher, the event calendar).
///
/// Its values live in one shared box: a context is handed to every rule for every draft on every
/// core, and copying it costs one reference count instead of one per setting.
public struct RuleContext: Sendable {
    private final class Storage: Sendable {
        let configuration: Configuration
        let referenceDate: Date
        let inputs: RunInputs
        let services: Services

        init(configuration: Configuration, referenceDate: Date, inputs: RunInputs, services: Services) {
            self.configuration = configuration
            self.referenceDate = referenceDate
            self.inputs = inputs
            self.services = services
        }
    }

    private var storage: Storage

    public var configuration: Configuration {
        _read { yield storage.configuration }
        set { storage = Storage(configuration: newValue, referenceDate: referenceDate, inputs: inputs, services: services) }
    }
    /// "Now" for drafts that carry no publish time (`--at`, default the time of the run).
    public var referenceDate: Date {
        get { storage.referenceDate }
        set { storage = Storage(configuration: configuration, referenceDate: newValue, inputs: inputs, services: services) }
    }
    /// Files and stores named on the command line beside the drafts.
    public var inputs: RunInputs {
        _read { yield storage.inputs }
        set { storage = Storage(configuration: configuration, referenceDate: referenceDate, inputs: newValue, services: services) }
    }
    /// Shared services, built once per run on first use.
    public var services: Services { storage.services }

    public init(configuration: Configuration = Configuration(), referenceDate: Date = Date(), inputs: RunInputs = RunInputs()) {
        storage = Storage(configuration: configuration, referenceDate: referenceDate, inputs: inputs, services: Services())
    }

    /// The publish instant of a draft, or the reference date for a draft without one.
    public func publishDate(of draft: Draft) -> Date {
        draft.metadata.publishAt ?? referenceDate
    }

    /// A shared service, built on first use (rules ask for theirs in `init`).
    public func service<S: Service>(_ type: S.Type) throws -> S {
        try services.resolve(type, context: self)
    }
}

/// What a run reads beside its drafts.
public struct RunInputs: Sendable {
    /// Event files to use as well as the built-in calendar and the store (`--events`).
    public var eventFiles: [String] = []
    /// Posting history files (`--history`).
    public var historyFiles: [String] = []
    /// The SQLite store of events and history (`--store`); `nil` for the default place.
    public var storePath: String?

    public init() {}
}

/// Something several rules share and that is costly to build (the compiled lexicons, the event
/// index). Built once per run, on first use, from the run's context.
public protocol Service: Sendable {
    static func make(context: RuleContext) throws -> Self
}

/// The services of one run.
public final class Services: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [ObjectIdentifier: any Sendable] = [:]

    public init() {}

    func resolve<S: Service>(_ type: S.Type, context: RuleContext) throws -> S {
        lock.lock()
        defer { lock.unlock() }
        if let existing = storage[ObjectIdentifier(type)] as? S { return existing }
        let made = try S.make(context: context)
        storage[ObjectIdentifier(type)] = made
        return made
    }

    /// Puts a ready-made service in place (tests).
    public func register<S: Service>(_ service: S) {
        lock.lock()
        defer { lock.unlock() }
        storage[ObjectIdentifier(S.self)] = service
    }
}
