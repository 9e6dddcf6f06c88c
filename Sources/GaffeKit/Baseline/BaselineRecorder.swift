import Foundation

/// Collects a run's findings as baseline entries, for `gaffe baseline write`.
public final class BaselineRecorder: FindingSink {
    private var matcher: BaselineMatcher
    public private(set) var entries: [BaselineEntry] = []
    public private(set) var rules: Set<String> = []

    /// - Parameter target: the baseline being written (its folder makes entry paths relative).
    public init(target: Baseline) {
        matcher = BaselineMatcher(baseline: Baseline(path: target.path))
    }

    public func begin(rules: [RuleDescription]) {
        self.rules = Set(rules.map(\.identifier))
    }

    public func report(_ finding: Finding) {
        let key = matcher.key(for: finding)
        entries.append(BaselineEntry(finding: finding, fingerprint: key.fingerprint, path: key.path))
    }

    public func end(_ summary: LintSummary) {}
}

/// What `gaffe baseline write` changed.
public struct BaselineUpdate: Sendable {
    public var baseline: Baseline
    /// Entries for findings the old baseline did not have.
    public var added = 0
    /// Entries carried over (with their reasons) because the finding is still there.
    public var kept = 0
    /// Old entries dropped because the run no longer finds them.
    public var removed: [BaselineEntry] = []
    /// Old entries left alone because the run did not look at their file or rule.
    public var untouched = 0

    /// `Wrote .gaffe-baseline.yml: 12 entries (3 new, 9 kept, 1 removed).`
    public var sentence: String {
        let total = baseline.entries.count
        var parts = ["\(added) new", "\(kept) kept", "\(removed.count) removed"]
        if untouched > 0 { parts.append("\(untouched) outside this run") }
        return "Wrote \(baseline.path): \(total) \(total == 1 ? "entry" : "entries") (\(parts.joined(separator: ", ")))."
    }
}

extension Baseline {
    /// The baseline after a run: entries for every finding of the run, keeping the reason and
    /// reviewer of entries that still match; old entries the run could not have seen (other files,
    /// other rules) stay as they are; old entries within the run that no longer match are dropped.
    /// `reason` and `reviewer` fill the entries that have none.
    public func updated(with recorded: [BaselineEntry], scope: BaselineScope, reason: String? = nil,
                        reviewer: String? = nil) -> BaselineUpdate {
        var matcher = BaselineMatcher(baseline: self)
        var update = BaselineUpdate(baseline: Baseline(path: path))
        for var entry in recorded {
            if let old = matcher.match(entry.key) {
                entry.reason = old.reason
                entry.reviewer = old.reviewer
                update.kept += 1
            } else {
                update.added += 1
            }
            if entry.reason == nil { entry.reason = reason }
            if entry.reviewer == nil { entry.reviewer = reviewer }
            update.baseline.entries.append(entry)
        }
        for old in matcher.leftovers {
            if scope.covers(old, in: self) {
                update.removed.append(old)
            } else {
                update.untouched += 1
                update.baseline.entries.append(old)
            }
        }
        return update
    }
}

/// Runs `gaffe baseline write`: lints as `gaffe lint` would with the same request, and writes
/// every finding into the baseline file, merged with what the file already holds.
public enum BaselineWriteRun {
    /// - Parameters:
    ///   - path: the baseline file to write (created or updated).
    ///   - reason, reviewer: filled into entries that have none.
    /// - Throws: `UsageError` or `YAMLError` for problems that deserve exit code 2 (an unreadable
    ///   existing baseline among them: Gaffe never overwrites a file it cannot read back).
    public static func run(_ request: LintRequest, path: String, reason: String? = nil, reviewer: String? = nil,
                           readStandardInput: () -> [UInt8] = { StandardInput.readAll() },
                           log: @escaping (String) -> Void) throws -> BaselineUpdate {
        let run = try LintRun.prepare(request, readStandardInput: readStandardInput, log: log)
        try LintRun.refuseToOverwriteInput(path, inputs: run.inputs, configuration: run.configuration, role: "the baseline")
        let existing = FileManager.default.fileExists(atPath: path) ? try Baseline.load(path: path) : Baseline(path: path)
        let recorder = BaselineRecorder(target: existing)
        run.linter.lint(run.inputs, sink: run.timed(recorder))
        if let timings = run.linter.timings { log(timings.table) }
        let scope = BaselineScope(inputPaths: run.inputs.map(\.path), rules: recorder.rules)
        let update = existing.updated(with: recorder.entries, scope: scope, reason: reason, reviewer: reviewer)
        do {
            try Data(update.baseline.yaml.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw UsageError("cannot write the baseline \(path): \(error.localizedDescription)")
        }
        return update
    }
}
