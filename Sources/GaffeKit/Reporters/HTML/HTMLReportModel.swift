import Foundation
import OrderedCollections

/// How much the HTML report keeps, so that a report of a million-row schedule stays a page a
/// browser can open and a run whose memory stays bounded. Whatever is left out is counted, and
/// the page says what it does not show.
public struct HTMLReportLimits: Sendable {
    /// Findings shown in full; beyond it the least severe are dropped first.
    public var findings = 5_000
    /// Drafts shown whole with their flagged spans.
    public var flaggedDrafts = 2_000
    /// Memory for keeping every draft while the run is small (its text and map, and an estimate
    /// of the bookkeeping around them), so findings that compare posts across the run (reported
    /// after all drafts are read) can still show their post whole.
    public var retainedTextBytes = 4 << 20
    /// A draft longer than this shows only the passages around its flagged spans.
    public var wholeDraftBytes = 20_000
    /// Lanes of the timeline; the smaller accounts and channels are summed into one more.
    public var timelineSeries = 12
    /// Live events drawn on the timeline.
    public var events = 200

    public init() {}
}

/// A draft the report shows: its text as Gaffe read it, the map back to the file, and who posts it.
struct KeptDraft {
    var reference: DraftReference
    var text: String
    var map: SourceMap
    var summary: DraftSummary
    /// Where the draft starts in its file.
    var firstLine: Int
    var eventIDs: [String]
    /// A row of a schedule (shown as `row N`), rather than a document.
    var isRow: Bool
    var flagged = false

    init(_ draft: Draft) {
        reference = draft.reference
        text = draft.text
        map = draft.textMap
        summary = DraftSummary(draft)
        let start = draft.fields[.record]?.lowerBound ?? draft.textMap.sourceStart(forText: 0)
        firstLine = draft.source.position(of: start).line
        eventIDs = draft.liveEvents.map(\.id)
        isRow = draft.format == .csv || draft.format == .jsonl
    }

    /// What keeping the draft costs, roughly: its text, its map, and a fixed overhead for the
    /// strings, arrays and dictionary slot around them.
    var byteCount: Int { text.utf8.count + map.segmentCount * 40 + 400 }
}

/// A finding as the report lists it, with its place in the page.
struct ReportedFinding {
    /// Reporting order; the element id is `f<id>`.
    var id: Int
    var finding: Finding
    var fingerprint: String
    /// The baseline entry that accepts it (only for the accepted list).
    var accepted: BaselineEntry?
    /// The event the finding is about (calendar rules put it under `event`).
    var event: EventBand?

    var anchor: String { "f\(id)" }
    var draftReference: DraftReference? {
        finding.draft.map { DraftReference(path: finding.location.path, index: $0.index) }
    }
}

/// Findings kept worst first within a fixed budget: when full, a new finding replaces the latest
/// kept one of a lower severity, or is dropped.
struct KeptFindings {
    let limit: Int
    private(set) var bySeverity: [Severity: [ReportedFinding]] = [:]
    private(set) var dropped = 0

    init(limit: Int) {
        self.limit = limit
    }

    var count: Int { bySeverity.values.reduce(0) { $0 + $1.count } }

    mutating func add(_ item: ReportedFinding) {
        if count >= limit {
            guard let lower = Severity.allCases.first(where: { $0 < item.finding.severity && !(bySeverity[$0]?.isEmpty ?? true) }) else {
                dropped += 1
                return
            }
            bySeverity[lower]!.removeLast()
            dropped += 1
        }
        bySeverity[item.finding.severity, default: []].append(item)
    }

    /// Everything kept, in reporting order.
    var all: [ReportedFinding] {
        bySeverity.values.flatMap { $0 }.sorted { $0.id < $1.id }
    }
}

/// Counts of findings by severity under some name (a rule, an account, a channel).
struct SeverityTally {
    var counts: OrderedDictionary<String, [Severity: Int]> = [:]

    mutating func add(_ name: String, _ severity: Severity) {
        counts[name, default: [:]][severity, default: 0] += 1
    }

    /// Names worst first: most errors, then warnings, then info, then by name.
    var rows: [(name: String, error: Int, warning: Int, info: Int)] {
        counts.map { (name: $0.key, error: $0.value[.error] ?? 0, warning: $0.value[.warning] ?? 0, info: $0.value[.info] ?? 0) }
            .sorted { lhs, rhs in
                if lhs.error != rhs.error { return lhs.error > rhs.error }
                if lhs.warning != rhs.warning { return lhs.warning > rhs.warning }
                if lhs.info != rhs.info { return lhs.info > rhs.info }
                return lhs.name < rhs.name
            }
    }
}

/// An event as the report draws it: a band on the timeline and a box beside its findings.
struct EventBand: Hashable {
    var id: String
    var title: String
    var kind: String
    var severity: String
    var start: Date
    /// The end of the sensitive window (end plus grace, when known).
    var end: Date
    var regions: [String]
    var source: String?

    init(_ event: Event) {
        id = event.id
        title = event.title
        kind = event.kind.rawValue
        severity = event.severity.rawValue
        start = event.start
        end = event.sensitiveUntil
        regions = event.regions.map(\.code)
        source = event.source.location
    }

    /// The `event` object calendar rules attach to findings (`{id,title,kind,severity,start,end,regions,source}`).
    init?(json: JSONValue?) {
        guard case .object(let object)? = json, case .string(let id)? = object["id"] else { return nil }
        func string(_ key: String) -> String? {
            if case .string(let value)? = object[key] { return value }
            return nil
        }
        func date(_ key: String) -> Date? {
            guard let text = string(key) else { return nil }
            switch ISO8601.parse(text) {
            case .instant(let date, _): return date
            case .local(let fields): return fields.date(in: TimeZone(identifier: "UTC")!)
            case nil: return nil
            }
        }
        guard let start = date("start") else { return nil }
        self.id = id
        title = string("title") ?? id
        kind = string("kind") ?? "other"
        severity = string("severity") ?? "moderate"
        self.start = start
        end = max(date("end") ?? start, start)
        if case .array(let codes)? = object["regions"] {
            regions = codes.compactMap { if case .string(let code) = $0 { return code } else { return nil } }
        } else {
            regions = []
        }
        if case .object(let source)? = object["source"], case .string(let location)? = source["location"] {
            self.source = location
        } else {
            source = string("source")
        }
    }

    /// `Hurricane Sandy (hurricane, extreme; US-NY, US-NJ) 2012-10-29 → 2012-11-02`.
    var label: String {
        let regionText = regions.isEmpty ? "" : "; " + regions.joined(separator: ", ")
        return "\(title) (\(kind), \(severity)\(regionText)) \(HTMLDates.day(start)) → \(HTMLDates.day(end))"
    }
}

/// Dates as the report prints them (UTC days for events; each draft's own zone for drafts).
enum HTMLDates {
    static func day(_ date: Date, in zone: TimeZone = TimeZone(identifier: "UTC")!) -> String {
        String(ISO8601.format(date, in: zone).prefix(10))
    }

    /// The day number (days since 1970-01-01) of an instant in a zone.
    static func dayNumber(_ date: Date, in zone: TimeZone) -> Int {
        let seconds = date.timeIntervalSince1970 + Double(zone.secondsFromGMT(for: date))
        return Int((seconds / 86_400).rounded(.down))
    }

    /// `2026-03-02` for a day number.
    static func day(number: Int) -> String {
        day(Date(timeIntervalSince1970: Double(number) * 86_400))
    }
}
