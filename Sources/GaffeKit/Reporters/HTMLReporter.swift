import Foundation

/// A review report as one self-contained HTML file, for editors and CI artifacts: no network, no
/// external assets, readable without JavaScript and better with it.
///
/// - **Summary**: findings by severity, rule, account and channel (worst first), and the worst
///   findings of the run.
/// - **Timeline**: posts per day per account and channel as an SVG chart, live events as bands,
///   posts that collide with an event marked; the same numbers as a table.
/// - **Flagged drafts**: each draft with findings shown whole, as Gaffe read it, with the flagged
///   spans highlighted (linked to their findings), then each finding's message, event, notes,
///   suggestions and place, and the baseline entry that would record a decision about it.
/// - **Filters** by severity, rule, account, channel and event (a small inline script; the URL's
///   fragment or query sets them: `report.html#severity=error&rule=placeholder`), `j`/`k` to move
///   between findings, WCAG AA colours (checked by a test), a print stylesheet.
///
/// Everything taken from drafts, paths and messages is escaped, and the page's
/// Content-Security-Policy runs only its own script (by hash): a `<script>` in a post is text.
///
/// Memory stays bounded on any schedule: per account, channel and day the report keeps a count;
/// it keeps the text of drafts with findings (up to `HTMLReportLimits.flaggedDrafts`), of all
/// drafts only while they fit in `retainedTextBytes`, and at most `findings` findings, dropping
/// the least severe first. The page says what it left out.
public final class HTMLReporter: BaselineAwareReporter {
    public static let name = "html"
    public static let summary = "a self-contained HTML review report: summary, timeline, flagged drafts, filters"

    private let output: ReportOutput
    private let settings: ReportSettings
    let limits: HTMLReportLimits

    private(set) var rules: [String: RuleDescription] = [:]
    private(set) var timeline: HTMLTimeline
    private(set) var kept: KeptFindings
    private(set) var accepted: [ReportedFinding] = []
    private(set) var drafts: [DraftReference: KeptDraft] = [:]
    /// The draft last read, kept until the next one in case a finding names it.
    private var lastDraft: KeptDraft?
    private var retainedBytes = 0
    private var flaggedDrafts = 0
    private(set) var droppedDrafts = 0
    private(set) var bySeverity: [Severity: Int] = [:]
    private(set) var byRule = SeverityTally()
    private(set) var byAccount = SeverityTally()
    private(set) var byChannel = SeverityTally()
    private var fingerprints = FingerprintCounter()
    private var nextID = 1
    private(set) var baseline: BaselineOutcome?
    private(set) var summaryCounts = LintSummary()

    public convenience init(output: ReportOutput, settings: ReportSettings) {
        self.init(output: output, settings: settings, limits: HTMLReportLimits())
    }

    public init(output: ReportOutput, settings: ReportSettings, limits: HTMLReportLimits) {
        self.output = output
        self.settings = settings
        self.limits = limits
        timeline = HTMLTimeline(eventLimit: limits.events)
        kept = KeptFindings(limit: limits.findings)
    }

    public func begin(rules: [RuleDescription]) {
        for rule in rules { self.rules[rule.identifier] = rule }
    }

    public func draftRead(_ draft: Draft) {
        timeline.count(draft)
        let keptDraft = KeptDraft(draft)
        if retainedBytes + keptDraft.byteCount <= limits.retainedTextBytes {
            retainedBytes += keptDraft.byteCount
            drafts[keptDraft.reference] = keptDraft
            lastDraft = nil
        } else {
            lastDraft = keptDraft
        }
    }

    public func report(_ finding: Finding) {
        let item = reported(finding)
        bySeverity[finding.severity, default: 0] += 1
        byRule.add(finding.ruleID, finding.severity)
        byAccount.add(finding.draft?.account ?? HTMLTimeline.noAccount, finding.severity)
        let channels = finding.draft?.channels.map(\.rawValue) ?? []
        for channel in channels.isEmpty ? [HTMLTimeline.noChannel] : channels { byChannel.add(channel, finding.severity) }
        if let event = item.event { timeline.collide(finding, with: event) }
        markFlagged(item)
        kept.add(item)
    }

    public func reportAccepted(_ finding: Finding, entry: BaselineEntry) {
        var item = reported(finding)
        item.accepted = entry
        if accepted.count < limits.findings { accepted.append(item) }
    }

    public func baselineFinished(_ outcome: BaselineOutcome) {
        baseline = outcome
    }

    public func end(_ summary: LintSummary) {
        summaryCounts = summary
        output.write(HTMLPage(report: self, settings: settings).render())
        output.flush()
    }

    private func reported(_ finding: Finding) -> ReportedFinding {
        defer { nextID += 1 }
        return ReportedFinding(id: nextID, finding: finding, fingerprint: fingerprints.fingerprint(for: finding),
                               event: EventBand(json: finding.extra["event"]))
    }

    /// Keeps the draft of a finding (the one just read, or one retained) for display.
    private func markFlagged(_ item: ReportedFinding) {
        guard let reference = item.draftReference else { return }
        if drafts[reference]?.flagged == false {
            drafts[reference]!.flagged = true
            flaggedDrafts += 1
            return
        }
        guard drafts[reference] == nil, var draft = lastDraft, draft.reference == reference else { return }
        guard flaggedDrafts < limits.flaggedDrafts else {
            droppedDrafts += 1
            lastDraft = nil
            return
        }
        draft.flagged = true
        flaggedDrafts += 1
        drafts[reference] = draft
        lastDraft = nil
    }

    // MARK: - What the page reads

    var totalFindings: Int { bySeverity.values.reduce(0, +) }
    var keptFindings: [ReportedFinding] { kept.all }
    var droppedFindings: Int { kept.dropped }
    var shownDrafts: [KeptDraft] { drafts.values.filter(\.flagged) }
    var ruleNames: [String: String] { rules.mapValues(\.name) }
}
