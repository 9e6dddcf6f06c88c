import Foundation

/// What a run looked at, so that only baseline entries it could have matched are called stale:
/// a run over a few changed files (a pre-commit hook) or with `--rules` says nothing about the
/// entries of other files or rules.
public struct BaselineScope: Sendable {
    /// Absolute, standardized paths of the files the run read.
    public var paths: Set<String>
    /// The rules that ran; `nil` for all.
    public var rules: Set<String>?

    public init(paths: Set<String> = [], rules: Set<String>? = nil) {
        self.paths = paths
        self.rules = rules
    }

    /// A scope from the paths as the run names them (relative to the working directory).
    public init(inputPaths: [String], rules: Set<String>? = nil) {
        let directory = FileManager.default.currentDirectoryPath
        self.init(paths: Set(inputPaths.map { ReportPaths.absolute($0, in: directory) }), rules: rules)
    }

    /// Whether the run could have found `entry` again: its file was read (or no longer exists, so
    /// nothing can ever match it) and its rule ran.
    func covers(_ entry: BaselineEntry, in baseline: Baseline) -> Bool {
        let absolute = baseline.absolutePath(of: entry)
        if !FileManager.default.fileExists(atPath: absolute) { return true }
        guard paths.contains(absolute) else { return false }
        return rules?.contains(entry.rule) ?? true
    }
}

/// Pairs the findings of a run with a baseline's entries, one entry per finding (two identical
/// entries accept two identical findings), numbering repeated findings of a draft the way
/// SARIF's `partialFingerprints` does.
public struct BaselineMatcher {
    public let baseline: Baseline
    private var unmatched: [BaselineKey: [BaselineEntry]] = [:]
    private var counter = FingerprintCounter()

    public init(baseline: Baseline) {
        self.baseline = baseline
        for entry in baseline.entries { unmatched[entry.key, default: []].append(entry) }
    }

    /// The finding's fingerprint and path as the baseline writes them, in reporting order.
    public mutating func key(for finding: Finding) -> BaselineKey {
        BaselineKey(path: baseline.entryPath(for: finding.location.path), fingerprint: counter.fingerprint(for: finding))
    }

    /// The entry that accepts `finding`, taken out of the unmatched ones; `nil` for a new finding.
    public mutating func match(_ key: BaselineKey) -> BaselineEntry? {
        guard var candidates = unmatched[key], !candidates.isEmpty else { return nil }
        let entry = candidates.removeFirst()
        unmatched[key] = candidates.isEmpty ? nil : candidates
        return entry
    }

    /// Entries no finding took, in file order.
    public var leftovers: [BaselineEntry] {
        unmatched.values.flatMap { $0 }.sorted { ($0.sourceLine, $0.path, $0.fingerprint) < ($1.sourceLine, $1.path, $1.fingerprint) }
    }

    /// The leftovers the run could have matched: stale entries.
    public func stale(in scope: BaselineScope) -> [BaselineEntry] {
        leftovers.filter { scope.covers($0, in: baseline) }
    }
}
