import Foundation
import GRDB
import Testing
@testable import GaffeKit

struct EventStoreTests {
    let temporary: TemporaryFolder
    var folder: URL { temporary.url }

    init() throws {
        temporary = try TemporaryFolder("gaffe-store")
    }

    private func at(_ text: String) -> Date {
        guard case .instant(let date, _)? = ISO8601.parse(text) else { fatalError("bad time \(text)") }
        return date
    }

    private func alert(_ id: String, title: String = "Flood warning", end: String = "2026-03-02T00:00:00Z") -> Event {
        Event(id: id, title: title, kind: .flood, severity: .severe, regions: [Region(code: "US-IA")!], start: at("2026-03-01T00:00:00Z"),
              end: at(end), grace: 7 * 86_400, keywords: ["Cedar River"], source: EventSource(kind: .url, location: "https://alerts.example/feed", itemID: id))
    }

    private func result(_ events: [Event], cancelled: [String] = [], superseded: [String] = []) -> ImportResult {
        var result = ImportResult()
        result.events = events
        result.cancelled = cancelled
        result.superseded = superseded
        return result
    }

    private var storePath: String { folder.appendingPathComponent(".gaffe/events.sqlite").path }

    @Test func importIsIdempotentAndUpdatesReplace() throws {
        let store = EventStore(try GaffeStore(path: storePath))
        var changes = try store.save(result([alert("a"), alert("b")]))
        #expect(changes.added == 2 && changes.updated == 0 && changes.unchanged == 0)
        changes = try store.save(result([alert("a"), alert("b")]))
        #expect(changes.added == 0 && changes.unchanged == 2)
        #expect(try store.count() == 2)
        changes = try store.save(result([alert("a", title: "Flood warning (extended)", end: "2026-03-04T00:00:00Z")]))
        #expect(changes.updated == 1)
        let stored = try store.all().events.first { $0.id == "a" }
        #expect(stored?.title == "Flood warning (extended)")
        #expect(stored?.end == at("2026-03-04T00:00:00Z"))
        // Everything about the event survives the round trip through SQLite.
        var expected = alert("a", title: "Flood warning (extended)", end: "2026-03-04T00:00:00Z")
        expected.timeZone = nil
        #expect(stored == expected)
    }

    @Test func cancellationEndsTheEventAndSupersededOnesAreReplaced() throws {
        let store = EventStore(try GaffeStore(path: storePath))
        try store.save(result([alert("a"), alert("b")]))
        let cancelTime = at("2026-03-01T06:00:00Z")
        var changes = try store.save(result([], cancelled: ["a"]), now: cancelTime)
        #expect(changes.cancelled == 1)
        let cancelled = try #require(try store.all().events.first { $0.id == "a" })
        #expect(cancelled.end == cancelTime)
        // A feed that still lists the cancelled alert does not bring it back.
        changes = try store.save(result([alert("a")]))
        #expect(changes.unchanged == 1)
        #expect(try store.all().events.first { $0.id == "a" }?.end == cancelTime)
        // An update under a new id replaces the one it references.
        changes = try store.save(result([alert("b2", title: "Flood warning (updated)")], superseded: ["b"]))
        #expect(changes.added == 1 && changes.superseded == 1)
        #expect(try store.all().events.map(\.id).sorted() == ["a", "b2"])
        // A cancellation that says when it happened ends the event then.
        var dated = result([], cancelled: ["b2"])
        dated.cancelledAt = ["b2": at("2026-03-01T03:00:00Z")]
        #expect(try store.save(dated, now: at("2026-03-05T00:00:00Z")).cancelled == 1)
        #expect(try store.all().events.first { $0.id == "b2" }?.end == at("2026-03-01T03:00:00Z"))
        // Cancelled events are no longer live after their cancellation.
        let events = try store.events(overlapping: DateInterval(start: at("2026-03-01T07:00:00Z"), duration: 3600)).events
        #expect(events.map(\.id).sorted() == ["a", "b2"])
        #expect(events.first { $0.id == "b2" }!.sensitiveUntil == at("2026-03-01T03:00:00Z").addingTimeInterval(7 * 86_400))
        #expect(events.first { $0.id == "a" }!.sensitiveUntil == cancelTime.addingTimeInterval(7 * 86_400))
    }

    @Test func repeatingEventsAreStoredAsRules() throws {
        let store = EventStore(try GaffeStore(path: storePath))
        let ics = """
            BEGIN:VCALENDAR
            BEGIN:VEVENT
            UID:anzac
            SUMMARY:ANZAC Day
            DTSTART;VALUE=DATE:20040425
            RRULE:FREQ=YEARLY
            X-GAFFE-KIND:remembrance
            X-GAFFE-REGIONS:AU;NZ
            END:VEVENT
            END:VCALENDAR
            """
        let imported = ICSImporter().read(SourceText(path: "anzac.ics", bytes: Array(ics.utf8)), options: ImportOptions())
        #expect(try store.save(imported).added == 1)
        #expect(try store.save(imported).unchanged == 1)
        let year = DateInterval(start: at("2031-01-01T00:00:00Z"), duration: 365 * 86_400)
        let (events, recurring) = try store.events(overlapping: year)
        #expect(events.isEmpty)
        let series = try #require(recurring.first)
        #expect(series.id == "ics:anzac" && series.template.source == EventSource(kind: .file, location: "anzac.ics", itemID: "anzac", line: 2))
        #expect(series.instances(overlapping: year).map(\.id) == ["ics:anzac@20310425"])
    }

    @Test func readingNeverWritesTheStore() throws {
        try EventStore(try GaffeStore(path: storePath)).save(result([alert("a")]))
        let before = try Data(contentsOf: URL(fileURLWithPath: storePath))
        let reader = EventStore(try GaffeStore(path: storePath, readOnly: true))
        #expect(try reader.count() == 1)
        #expect(throws: GaffeStore.Failure.self) { try reader.save(result([alert("b")])) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: storePath)) == before)
    }

    @Test func migrationsAreRecordedInOrder() throws {
        let store = try GaffeStore(path: storePath)
        let applied = try store.database.read { db in try StoreSchema.migrator.appliedMigrations(db) }
        #expect(applied == StoreSchema.migrations.map(\.identifier))
    }

    @Test func defaultPathIsBesideTheConfiguration() throws {
        var configuration = GaffeKit.Configuration()
        configuration.path = "/work/site/.gaffe.yml"
        #expect(GaffeStore.defaultPath(for: configuration) == "/work/site/.gaffe/events.sqlite")
        #expect(GaffeStore.defaultPath(for: GaffeKit.Configuration(), currentDirectory: "/tmp/x") == "/tmp/x/.gaffe/events.sqlite")
        let configured = try ConfigurationLoader.parse("calendar:\n  store: data/events.db\n", path: "/work/site/.gaffe.yml")
        #expect(GaffeStore.defaultPath(for: configured) == "/work/site/data/events.db")
    }

    @Test func aFileThatIsNotAStoreIsAClearError() throws {
        let path = folder.appendingPathComponent("notes.txt").path
        try "not a database".write(toFile: path, atomically: true, encoding: .utf8)
        #expect {
            try GaffeStore(path: path)
        } throws: { error in
            "\(error)".contains("cannot open the event store \(path)")
        }
    }
}
