import Foundation

/// What a baseline did in a run: how many findings it accepted and which entries no longer match.
public struct BaselineOutcome: Sendable {
    /// The baseline file as given on the command line.
    public var path: String
    /// Findings the baseline accepted (not reported as new, not counted for the exit code).
    public var accepted = 0
    /// Entries the run could have matched and did not: the finding was fixed or changed, so the
    /// entry should go.
    public var stale: [BaselineEntry] = []

    public init(path: String) {
        self.path = path
    }

    /// `.gaffe-baseline.yml:12: warning: stale baseline entry: placeholder '{{x}}' in a.md:3 no longer matches…`
    public static func staleMessage(_ entry: BaselineEntry) -> String {
        "stale baseline entry: \(entry.summary) no longer matches a finding; remove it, or run 'gaffe baseline write' to refresh the baseline"
    }

    /// `Baseline .gaffe-baseline.yml: 3 findings accepted, 1 stale entry.`
    public var sentence: String {
        let findings = accepted == 1 ? "1 finding accepted" : "\(accepted) findings accepted"
        let entries = stale.count == 1 ? "1 stale entry" : "\(stale.count) stale entries"
        return "Baseline \(path): \(findings), \(entries)."
    }
}

/// A reporter that shows what a baseline did: accepted findings (SARIF marks them `unchanged`,
/// the HTML report lists them apart) and stale entries. Reporters that are not baseline-aware
/// get only the new findings, and the run lists stale entries on standard error.
public protocol BaselineAwareReporter: Reporter {
    /// A finding the baseline accepts, in reporting order (it is not counted in the summary).
    func reportAccepted(_ finding: Finding, entry: BaselineEntry)
    /// Called once, after the last finding and before `end`.
    func baselineFinished(_ outcome: BaselineOutcome)
}

extension BaselineAwareReporter {
    public func reportAccepted(_ finding: Finding, entry: BaselineEntry) {}
}

/// Sits between the linter and a reporter: findings the baseline accepts are held back (or handed
/// to a baseline-aware reporter as accepted), new ones pass through, and the summary the reporter
/// and the exit code see counts only new findings.
public final class BaselineFilter: FindingSink {
    private let sink: FindingSink
    private var matcher: BaselineMatcher
    private var scope: BaselineScope
    private let logStale: (String) -> Void
    public private(set) var outcome: BaselineOutcome
    /// The run's summary without the accepted findings (valid after `end`).
    public private(set) var summary = LintSummary()
    private var acceptedBySeverity: [Severity: Int] = [:]

    /// - Parameters:
    ///   - scope: the files the run reads (its rules are taken from `begin`).
    ///   - logStale: where stale entries go when `sink` is not baseline-aware (standard error).
    public init(sink: FindingSink, baseline: Baseline, scope: BaselineScope, logStale: @escaping (String) -> Void) {
        self.sink = sink
        matcher = BaselineMatcher(baseline: baseline)
        self.scope = scope
        self.logStale = logStale
        outcome = BaselineOutcome(path: baseline.path)
    }

    public func begin(rules: [RuleDescription]) {
        scope.rules = Set(rules.map(\.identifier))
        sink.begin(rules: rules)
    }

    public func draftRead(_ draft: Draft) {
        sink.draftRead(draft)
    }

    public func report(_ finding: Finding) {
        let key = matcher.key(for: finding)
        guard let entry = matcher.match(key) else {
            sink.report(finding)
            return
        }
        outcome.accepted += 1
        acceptedBySeverity[finding.severity, default: 0] += 1
        (sink as? any BaselineAwareReporter)?.reportAccepted(finding, entry: entry)
    }

    public func end(_ summary: LintSummary) {
        var adjusted = summary
        adjusted.errors -= acceptedBySeverity[.error] ?? 0
        adjusted.warnings -= acceptedBySeverity[.warning] ?? 0
        adjusted.infos -= acceptedBySeverity[.info] ?? 0
        self.summary = adjusted
        outcome.stale = matcher.stale(in: scope)
        if let aware = sink as? any BaselineAwareReporter {
            aware.baselineFinished(outcome)
        } else {
            for entry in outcome.stale {
                logStale("\(outcome.path):\(entry.sourceLine): warning: " + BaselineOutcome.staleMessage(entry))
            }
        }
        sink.end(adjusted)
    }
}
