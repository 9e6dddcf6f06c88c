import Foundation
import GRDB

/// The events part of the store: one row per event or repeating series, keyed by its stable id,
/// so importing the same item twice leaves one event and a newer version replaces the older.
public struct EventStore: Sendable {
    public let store: GaffeStore

    public init(_ store: GaffeStore) {
        self.store = store
    }

    /// What one import changed.
    public struct Changes: Sendable, Hashable {
        public var added = 0
        public var updated = 0
        public var unchanged = 0
        /// Events ended by a cancelling message (CAP `Cancel`).
        public var cancelled = 0
        /// Events replaced by a newer message under another id (CAP `Update`).
        public var superseded = 0

        public init() {}

        public static func + (lhs: Changes, rhs: Changes) -> Changes {
            var sum = lhs
            sum.added += rhs.added
            sum.updated += rhs.updated
            sum.unchanged += rhs.unchanged
            sum.cancelled += rhs.cancelled
            sum.superseded += rhs.superseded
            return sum
        }

        public var description: String {
            var parts = ["\(added) added", "\(updated) updated", "\(unchanged) unchanged"]
            if cancelled > 0 { parts.append("\(cancelled) ended by cancellation") }
            if superseded > 0 { parts.append("\(superseded) replaced") }
            return parts.joined(separator: ", ")
        }
    }

    static func createTables(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE event (
                id TEXT PRIMARY KEY NOT NULL,
                title TEXT NOT NULL,
                kind TEXT NOT NULL,
                source_word TEXT,
                severity TEXT NOT NULL,
                regions TEXT NOT NULL,
                start REAL NOT NULL,
                "end" REAL NOT NULL,
                sensitive_until REAL,
                time_zone TEXT,
                all_day INTEGER NOT NULL,
                local_start TEXT,
                local_end TEXT,
                grace REAL NOT NULL,
                keywords TEXT NOT NULL,
                hashtags TEXT NOT NULL,
                sensitive TEXT NOT NULL,
                source_kind TEXT NOT NULL,
                source_location TEXT NOT NULL,
                source_item TEXT,
                source_line INTEGER,
                url TEXT,
                summary TEXT,
                notes TEXT NOT NULL,
                recurrence TEXT,
                cancelled_at REAL,
                imported_at REAL NOT NULL,
                updated_at REAL NOT NULL
            );
            CREATE INDEX event_window ON event(start, sensitive_until);
            """)
    }

    /// Stores what an importer read: new events are added, changed ones replaced, identical ones
    /// left alone; cancelled events end when the feed says they were cancelled, else at `now`
    /// (never before their start); superseded ones are removed.
    @discardableResult
    public func save(_ result: ImportResult, now: Date = Date()) throws -> Changes {
        try store.write { db in
            var changes = Changes()
            let written = Set(result.events.map(\.id) + result.recurring.map(\.id))
            for event in result.events {
                try upsert(EventRow(event, now: now), in: db, changes: &changes)
            }
            for series in result.recurring {
                try upsert(EventRow(series, now: now), in: db, changes: &changes)
            }
            for id in result.cancelled where !written.contains(id) {
                // The feed's own time of cancellation when it gives one (a CAP Cancel's `sent`).
                let ended = (result.cancelledAt[id] ?? now).timeIntervalSince1970
                try db.execute(sql: """
                    UPDATE event SET "end" = MAX(start, MIN("end", :ended)), sensitive_until = MAX(start, MIN("end", :ended)) + grace,
                        cancelled_at = :ended, updated_at = :now WHERE id = :id AND cancelled_at IS NULL
                    """, arguments: ["ended": ended, "now": now.timeIntervalSince1970, "id": id])
                changes.cancelled += db.changesCount
            }
            for id in result.superseded where !written.contains(id) {
                try db.execute(sql: "DELETE FROM event WHERE id = ?", arguments: [id])
                changes.superseded += db.changesCount
            }
            return changes
        }
    }

    private func upsert(_ row: EventRow, in db: Database, changes: inout Changes) throws {
        if let existing = try Row.fetchOne(db, sql: "SELECT * FROM event WHERE id = ?", arguments: [row.id]) {
            let stored = EventRow(row: existing)
            // A cancelled event stays ended, even when a feed still lists its earlier message.
            if stored.cancelledAt != nil || stored.sameContent(as: row) {
                changes.unchanged += 1
                return
            }
            var updated = row
            updated.importedAt = existing["imported_at"]
            try updated.insert(in: db, replacing: true)
            changes.updated += 1
        } else {
            try row.insert(in: db, replacing: false)
            changes.added += 1
        }
    }

    /// One-off events whose sensitive windows overlap an interval, and the repeating series that
    /// may have instances in it.
    public func events(overlapping interval: DateInterval) throws -> (events: [Event], recurring: [RecurringEvent]) {
        try store.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT * FROM event WHERE start < :to AND (sensitive_until IS NULL OR sensitive_until > :from)
                ORDER BY start, id
                """, arguments: ["from": interval.start.timeIntervalSince1970, "to": interval.end.timeIntervalSince1970])
            return split(rows.map(EventRow.init(row:)))
        }
    }

    /// Everything stored, in start order.
    public func all() throws -> (events: [Event], recurring: [RecurringEvent]) {
        try store.read { db in
            split(try Row.fetchAll(db, sql: "SELECT * FROM event ORDER BY start, id").map(EventRow.init(row:)))
        }
    }

    /// How many events and series the store holds.
    public func count() throws -> Int {
        try store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM event") ?? 0 }
    }

    private func split(_ rows: [EventRow]) -> (events: [Event], recurring: [RecurringEvent]) {
        var events: [Event] = []
        var recurring: [RecurringEvent] = []
        for row in rows {
            if let text = row.recurrence {
                let source = SourceText(path: store.path, bytes: Array(text.utf8))
                if let series = ICSImporter().read(source, options: ImportOptions()).recurring.first {
                    recurring.append(series)
                }
            } else {
                events.append(row.event)
            }
        }
        return (events, recurring)
    }
}

/// An event as a row of the `event` table.
struct EventRow: Sendable {
    var id: String
    var event: Event
    var recurrence: String?
    var sensitiveUntil: Double?
    var cancelledAt: Double?
    var importedAt: Double
    var updatedAt: Double

    init(_ event: Event, now: Date) {
        id = event.id
        self.event = event
        sensitiveUntil = event.sensitiveUntil.timeIntervalSince1970
        importedAt = now.timeIntervalSince1970
        updatedAt = importedAt
    }

    init(_ series: RecurringEvent, now: Date) {
        self.init(series.template, now: now)
        recurrence = series.icsText
        sensitiveUntil = series.lastStart.map {
            $0.timeIntervalSince1970 + series.template.end.timeIntervalSince(series.template.start) + series.template.grace + 2 * 86_400
        }
    }

    init(row: Row) {
        id = row["id"]
        func list(_ column: String) -> [String] {
            let text: String = row[column] ?? "[]"
            return (try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? []
        }
        var localWindow: LocalWindow?
        if let start: String = row["local_start"], let end: String = row["local_end"],
           case .local(let from)? = ISO8601.parse(start), case .local(let to)? = ISO8601.parse(end) {
            func civil(_ fields: ISO8601.LocalDateTime) -> CivilDateTime {
                CivilDateTime(date: CivilDate(year: fields.year, month: fields.month, day: fields.day), hour: fields.hour,
                              minute: fields.minute, second: fields.second)
            }
            localWindow = LocalWindow(start: civil(from), end: civil(to))
        }
        let zoneName: String? = row["time_zone"]
        event = Event(
            id: id, title: row["title"], kind: EventKind(rawValue: row["kind"]) ?? .other, sourceKind: row["source_word"],
            severity: EventSeverity(rawValue: row["severity"]) ?? .moderate,
            regions: (row["regions"] as String).split(separator: " ").compactMap { Region(code: String($0)) },
            start: Date(timeIntervalSince1970: row["start"]), end: Date(timeIntervalSince1970: row["end"]),
            timeZone: zoneName.flatMap { TimeZone(identifier: $0) ?? TimeZones.named($0) }, isAllDay: row["all_day"], localWindow: localWindow, grace: row["grace"],
            keywords: list("keywords"), hashtags: list("hashtags"), sensitiveCategories: list("sensitive"),
            source: EventSource(kind: EventSource.Kind(rawValue: row["source_kind"]) ?? .store, location: row["source_location"],
                                itemID: row["source_item"], line: row["source_line"]),
            url: row["url"], summary: row["summary"], notes: list("notes"))
        recurrence = row["recurrence"]
        sensitiveUntil = row["sensitive_until"]
        cancelledAt = row["cancelled_at"]
        importedAt = row["imported_at"]
        updatedAt = row["updated_at"]
    }

    /// Whether two rows describe the same event (times of import aside).
    func sameContent(as other: EventRow) -> Bool {
        let content = columns.filter { !["imported_at", "updated_at"].contains($0.name) }
        let otherContent = other.columns.filter { !["imported_at", "updated_at"].contains($0.name) }
        return content.map(\.value) == otherContent.map(\.value)
    }

    static func json(_ values: [String]) -> String {
        (try? String(decoding: JSONEncoder().encode(values), as: UTF8.self)) ?? "[]"
    }

    /// The row's columns and values, in one place for writing and comparing.
    private var columns: [(name: String, value: DatabaseValue)] {
        var columns: [(String, DatabaseValue)] = []
        func add(_ name: String, _ value: (any DatabaseValueConvertible)?) {
            columns.append((name, value?.databaseValue ?? .null))
        }
        add("id", id)
        add("title", event.title)
        add("kind", event.kind.rawValue)
        add("source_word", event.sourceKind)
        add("severity", event.severity.rawValue)
        add("regions", event.regions.map(\.code).joined(separator: " "))
        add("start", event.start.timeIntervalSince1970)
        add("end", event.end.timeIntervalSince1970)
        add("sensitive_until", recurrence == nil ? event.sensitiveUntil.timeIntervalSince1970 : sensitiveUntil)
        add("time_zone", event.timeZone?.identifier)
        add("all_day", event.isAllDay)
        add("local_start", event.localWindow.map { "\($0.start)" })
        add("local_end", event.localWindow.map { "\($0.end)" })
        add("grace", event.grace)
        add("keywords", EventRow.json(event.keywords))
        add("hashtags", EventRow.json(event.hashtags))
        add("sensitive", EventRow.json(event.sensitiveCategories))
        add("source_kind", event.source.kind.rawValue)
        add("source_location", event.source.location)
        add("source_item", event.source.itemID)
        add("source_line", event.source.line)
        add("url", event.url)
        add("summary", event.summary)
        add("notes", EventRow.json(event.notes))
        add("recurrence", recurrence)
        add("cancelled_at", cancelledAt)
        add("imported_at", importedAt)
        add("updated_at", updatedAt)
        return columns
    }

    func insert(in db: Database, replacing: Bool) throws {
        let columns = self.columns
        let names = columns.map { "\"\($0.name)\"" }.joined(separator: ", ")
        let placeholders = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        try db.execute(sql: "\(replacing ? "INSERT OR REPLACE" : "INSERT") INTO event (\(names)) VALUES (\(placeholders))",
                       arguments: StatementArguments(columns.map(\.value)))
    }
}
