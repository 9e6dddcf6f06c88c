import Foundation
import Testing
@testable import GaffeKit

/// The time × region index: which events are live for an audience at an instant.
struct EventIndexTests {
    let utc = TimeZone(identifier: "UTC")!

    private func at(_ text: String) -> Date {
        guard case .instant(let date, _)? = ISO8601.parse(text) else { fatalError("bad time \(text)") }
        return date
    }

    private func regions(_ codes: String...) -> [Region] { codes.map { Region(code: $0)! } }

    private func index(_ events: [Event], grace: [EventKind: TimeInterval] = [:]) -> EventIndex {
        var result = ImportResult()
        result.events = events
        var sources = EventIndex.Sources()
        sources.files = [result]
        sources.grace = grace
        return EventIndex(sources: sources)
    }

    private func storm(regions codes: [String] = ["US-NY", "US-NJ"]) -> Event {
        Event(id: "storm", title: "Hurricane Sandy", kind: .hurricane, severity: .extreme, regions: codes.map { Region(code: $0)! },
              start: at("2012-10-29T12:00:00Z"), end: at("2012-10-31T00:00:00Z"), grace: 7 * 86_400, keywords: ["Sandy"],
              source: EventSource(kind: .file, location: "storm.ics"))
    }

    @Test func regionsOverlapThroughTheHierarchy() {
        let index = index([storm()])
        let time = at("2012-10-30T12:00:00Z")
        #expect(index.liveEvents(at: time, audience: regions("US-NY")).map(\.id) == ["storm"])
        // A national audience includes New York; a New York City borough is in New York.
        #expect(index.liveEvents(at: time, audience: regions("US")).map(\.id) == ["storm"])
        #expect(index.liveEvents(at: time, audience: regions("US-CA")).isEmpty)
        #expect(index.liveEvents(at: time, audience: regions("GB")).isEmpty)
        // No audience means everyone.
        #expect(index.liveEvents(at: time, audience: []).map(\.id) == ["storm"])
        #expect(index.liveEvents(at: time, audience: [.global]).map(\.id) == ["storm"])
        // A global event reaches every audience.
        #expect(self.index([storm(regions: ["GLOBAL"])]).liveEvents(at: time, audience: regions("JP")).map(\.id) == ["storm"])
    }

    @Test func namedEventsAreKeyedByTheirDayOnlyWhileAllOfTheDaysAreLive() {
        // The storm starts at noon on the 29th; a named vigil that morning ends at 11:00; an
        // unnamed event never counts.
        var vigil = storm()
        vigil.id = "vigil"
        vigil.keywords = ["vigil"]
        vigil.start = at("2012-10-29T08:00:00Z")
        vigil.end = at("2012-10-29T11:00:00Z")
        vigil.grace = 0
        var unnamed = storm()
        unnamed.id = "unnamed"
        unnamed.keywords = []
        let index = index([storm(), vigil, unnamed])
        let day = Int((at("2012-10-29T00:00:00Z").timeIntervalSince1970 / 86_400).rounded(.down))
        let morning = index.namedEventsOfTheDay(at: at("2012-10-29T09:00:00Z"))
        #expect(morning.events.map(\.id) == ["vigil"] && morning.day == nil)
        let afternoon = index.namedEventsOfTheDay(at: at("2012-10-29T13:00:00Z"))
        #expect(afternoon.events.map(\.id) == ["storm"] && afternoon.day == nil)
        // The next day only the storm is named, live all day: the day is the key.
        let next = index.namedEventsOfTheDay(at: at("2012-10-30T13:00:00Z"))
        #expect(next.events.map(\.id) == ["storm"] && next.day == day + 1)
        #expect(index.namedEvents(at: at("2012-10-30T13:00:00Z")).map(\.id) == ["storm"])
        #expect(index.namedEventsOfTheDay(at: at("2012-10-28T13:00:00Z")).events.isEmpty)
    }

    @Test func graceKeepsAnEventLiveAfterItsEnd() {
        let index = index([storm()])
        #expect(index.liveEvents(at: at("2012-11-06T23:59:00Z"), audience: regions("US-NY")).count == 1)
        #expect(index.liveEvents(at: at("2012-11-07T00:00:00Z"), audience: regions("US-NY")).isEmpty)
        #expect(index.liveEvents(at: at("2012-10-29T11:59:00Z"), audience: regions("US-NY")).isEmpty)
        // Configuration can set the grace of a kind.
        let shorter = self.index([storm()], grace: [.hurricane: 86_400])
        #expect(shorter.liveEvents(at: at("2012-11-01T12:00:00Z"), audience: regions("US-NY")).isEmpty)
        #expect(shorter.liveEvents(at: at("2012-10-31T12:00:00Z"), audience: regions("US-NY")).first?.grace == 86_400)
    }

    @Test func eventsSpanningYearsAreFoundInEachYear() {
        var drought = storm()
        drought.start = at("2025-11-01T00:00:00Z")
        drought.end = at("2026-03-01T00:00:00Z")
        let index = index([drought])
        #expect(index.candidates(at: at("2025-12-31T23:00:00Z")).count == 1)
        #expect(index.candidates(at: at("2026-01-01T01:00:00Z")).count == 1)
        #expect(index.candidates(at: at("2026-03-08T23:00:00Z")).count == 0)
    }

    /// Remembrance Day (11 November) is live in Auckland from 11:00 UTC on the 10th, in London
    /// from midnight UTC on the 11th: all-day events are the local day of each audience.
    @Test func allDayEventsAreLiveOnTheAudiencesLocalDay() {
        var sources = EventIndex.Sources()
        sources.builtIn = BuiltInCalendar.shared
        let index = EventIndex(sources: sources)
        let title = "Remembrance Day (Armistice Day)"
        let earlyForLondon = at("2026-11-10T12:00:00Z")
        #expect(index.liveEvents(at: earlyForLondon, audience: regions("NZ")).contains { $0.title == title })
        #expect(!index.liveEvents(at: earlyForLondon, audience: regions("GB")).contains { $0.title == title })
        let lateForAuckland = at("2026-11-11T20:00:00Z")
        #expect(!index.liveEvents(at: lateForAuckland, audience: regions("NZ")).contains { $0.title == title })
        #expect(index.liveEvents(at: lateForAuckland, audience: regions("GB")).contains { $0.title == title })
        // The resolved event carries the audience's own window.
        let resolved = index.liveEvents(at: earlyForLondon, audience: regions("NZ")).first { $0.title == title }
        #expect(resolved.map { ISO8601.format($0.start) } == "2026-11-10T11:00:00Z")
        #expect(resolved?.timeZone?.identifier == "Pacific/Auckland")
    }

    @Test func aStateAudienceReadsANationalDayOnItsOwnClock() {
        var sources = EventIndex.Sources()
        sources.builtIn = BuiltInCalendar.shared
        let index = EventIndex(sources: sources)
        // 2026-12-08T02:00Z is still 7 December in California but already the 8th in New York.
        let time = at("2026-12-08T02:00:00-00:00")
        let pearlHarbor = "National Pearl Harbor Remembrance Day"
        #expect(index.liveEvents(at: time, audience: regions("US-CA")).contains { $0.title == pearlHarbor })
        #expect(index.liveEvents(at: at("2026-12-08T06:00:00Z"), audience: regions("US-NY")).allSatisfy { $0.title != pearlHarbor })
        // A national audience reaches Hawaii, where it is still the 7th.
        #expect(index.liveEvents(at: at("2026-12-08T09:00:00Z"), audience: regions("US")).contains { $0.title == pearlHarbor })
    }

    @Test func momentsKeptByLocalClocksAreLiveInEachZone() {
        var sources = EventIndex.Sources()
        sources.builtIn = BuiltInCalendar.shared
        let index = EventIndex(sources: sources)
        let moment = "National Moment of Remembrance (Memorial Day)"
        // 15:00 in New York is 19:00Z; in Los Angeles 22:00Z.
        #expect(index.liveEvents(at: at("2026-05-25T19:30:00Z"), audience: regions("US-NY")).contains { $0.title == moment })
        #expect(!index.liveEvents(at: at("2026-05-25T19:30:00Z"), audience: regions("US-CA")).contains { $0.title == moment })
        #expect(index.liveEvents(at: at("2026-05-25T22:30:00Z"), audience: regions("US-CA")).contains { $0.title == moment })
    }

    @Test func globalEventsOfLocalDaysUseTheDraftsZone() {
        let day = LocalWindow(days: CivilDate(year: 2026, month: 12, day: 1), through: CivilDate(year: 2026, month: 12, day: 1))
        let widest = RegionZones.widest(day, in: [])
        let event = Event(id: "aids", title: "World AIDS Day", kind: .remembrance, severity: .moderate, regions: [.global],
                          start: widest.start, end: widest.end, isAllDay: true, localWindow: day, source: EventSource(kind: .file, location: "x"))
        let index = index([event])
        let tokyo = TimeZone(identifier: "Asia/Tokyo")!
        // 2026-11-30T16:00Z is 1 December in Tokyo.
        #expect(index.liveEvents(at: at("2026-11-30T16:00:00Z"), audience: [], zone: tokyo).count == 1)
        #expect(index.liveEvents(at: at("2026-11-30T14:00:00Z"), audience: [], zone: tokyo).isEmpty)
        // Without a zone, the day anywhere on Earth.
        #expect(index.liveEvents(at: at("2026-11-30T11:00:00Z"), audience: []).count == 1)
    }

    @Test func storeFilesAndConfigurationAreReadTogether() throws {
        let temporary = try TemporaryFolder("gaffe-index")
        let folder = temporary.url
        let ics = folder.appendingPathComponent("crisis.ics")
        try """
            BEGIN:VCALENDAR
            BEGIN:VEVENT
            UID:recall
            SUMMARY:Product recall
            DTSTART;VALUE=DATE:20260301
            X-GAFFE-KIND:brand-crisis
            X-GAFFE-REGIONS:US
            END:VEVENT
            END:VCALENDAR

            """.write(to: ics, atomically: true, encoding: .utf8)
        let store = try GaffeStore(path: folder.appendingPathComponent("events.sqlite").path)
        var stored = ImportResult()
        stored.events = [storm()]
        stored.events[0].start = at("2026-03-01T00:00:00Z")
        stored.events[0].end = at("2026-03-02T00:00:00Z")
        try EventStore(store).save(stored)
        let configuration = try ConfigurationLoader.parse("""
            regions: [US]
            events:
              - id: launch-freeze
                title: Launch freeze
                kind: brand-crisis
                regions: [US]
                start: 2026-03-01
                end: 2026-03-03
            """, path: folder.appendingPathComponent(".gaffe.yml").path)
        var inputs = RunInputs()
        inputs.eventFiles = [ics.path]
        inputs.storePath = store.path
        let index = try EventIndex.make(context: RuleContext(configuration: configuration, inputs: inputs))
        let live = index.liveEvents(at: at("2026-03-01T18:00:00Z"), audience: regions("US-NY")).map(\.id).sorted()
        #expect(live == ["config:launch-freeze", "ics:recall", "storm"])
    }

    @Test func missingInputsAreUsageErrors() {
        var inputs = RunInputs()
        inputs.eventFiles = ["/no/such/file.ics"]
        #expect(throws: UsageError.self) { try EventIndex.make(context: RuleContext(inputs: inputs)) }
        var store = RunInputs()
        store.storePath = "/no/such/store.sqlite"
        #expect(throws: UsageError.self) { try EventIndex.make(context: RuleContext(inputs: store)) }
        // A file that is not an event store.
        let temporary = try? TemporaryFolder("gaffe-bad-store")
        var foreign = RunInputs()
        foreign.storePath = try? temporary?.write("events.sqlite", "not a database")
        #expect {
            try EventIndex.make(context: RuleContext(inputs: foreign))
        } throws: { error in
            "\(error)".contains("cannot read the event store") || "\(error)".contains("cannot open the event store")
        }
    }
}
