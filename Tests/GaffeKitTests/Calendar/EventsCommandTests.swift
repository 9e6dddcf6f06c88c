import Foundation
import Testing
@testable import GaffeKit

/// `gaffe events import | list | export`, through `EventsRun` and through the built binary.
struct EventsCommandTests {
    let temporary: TemporaryFolder
    var folder: URL { temporary.url }

    init() throws {
        temporary = try TemporaryFolder("gaffe-events")
        try temporary.write(".gaffe.yml", "regions: [US]\n")
    }

    private var request: EventsRequest {
        var request = EventsRequest()
        request.configurationPath = folder.appendingPathComponent(".gaffe.yml").path
        return request
    }

    private func fixture(_ name: String) -> String { ICSFixtureTests.folder.appendingPathComponent(name).path }

    private func at(_ text: String) -> Date {
        guard case .instant(let date, _)? = ISO8601.parse(text) else { fatalError("bad time \(text)") }
        return date
    }

    @Test func importReportsProblemsAndIsIdempotent() throws {
        var out: [String] = [], err: [String] = []
        let paths = [fixture("broken-google-rrule-garbage.ics"), folder.appendingPathComponent("missing.ics").path]
        let status = try EventsRun.importFiles(paths, request: request, out: { out.append($0) }, err: { err.append($0) })
        #expect(status == 1)
        #expect(err == [
            "\(paths[0]):50:1: error: cannot read RRULE part 'RRULE:AnythingRandom'; parts are NAME=VALUE, such as FREQ=YEARLY; the event is read without this recurrence",
            "\(paths[0]):70:1: warning: the event has no duration (DTEND equals DTSTART); it is read as lasting one hour",
            "gaffe: error: cannot read the event file \(paths[1])",
        ])
        let store = folder.appendingPathComponent(".gaffe/events.sqlite").path
        #expect(out == ["\(paths[0]): 3 events (3 added, 0 updated, 0 unchanged)",
                        "total: 3 added, 0 updated, 0 unchanged; the store at \(store) holds 3 events"])
        out = []
        let again = try EventsRun.importFiles([fixture("owncloud-fete-nationale-yearly-utf8.ics")], request: request, out: { out.append($0) }, err: { _ in })
        #expect(again == 0)
        _ = try EventsRun.importFiles([fixture("owncloud-fete-nationale-yearly-utf8.ics")], request: request, out: { out.append($0) }, err: { _ in })
        #expect(out.last == "\(fixture("owncloud-fete-nationale-yearly-utf8.ics")): 1 events (0 added, 0 updated, 1 unchanged)")
    }

    @Test func listFiltersByTimeRegionAndKind() throws {
        var request = self.request
        request.at = at("2026-12-07T12:00:00Z")
        var out: [String] = []
        _ = try EventsRun.list(request: request) { out.append($0) }
        #expect(out == ["builtin:us-pearl-harbor-day:2026-12-07\tremembrance\tsevere\tUS\ton 2026-12-07\tNational Pearl Harbor Remembrance Day"])

        request.at = at("2026-11-01T00:00:00Z")
        request.until = at("2026-11-30T00:00:00Z")
        request.regions = [Region(code: "DE")!]
        out = []
        _ = try EventsRun.list(request: request) { out.append($0) }
        #expect(out.map { $0.split(separator: "\t")[0] } == [
            "builtin:road-traffic-victims-day:2026-11-15", "builtin:de-volkstrauertag:2026-11-15",
            "builtin:transgender-day-of-remembrance:2026-11-20", "builtin:de-totensonntag:2026-11-22",
        ])
        request.kinds = [.religiousObservance]
        request.format = "json"
        out = []
        _ = try EventsRun.list(request: request) { out.append($0) }
        #expect(out.count == 1 && out[0].hasPrefix("[{\"id\":\"builtin:de-totensonntag:2026-11-22\""))
    }

    @Test func listReadsEventFilesAndCanLeaveOutTheBuiltInCalendar() throws {
        var request = self.request
        request.eventFiles = [fixture("mozilla-canada-holidays-remembrance-day-folded-names.ics")]
        request.includeBuiltIn = false
        request.at = at("2026-11-11T17:00:00Z")
        var out: [String] = []
        _ = try EventsRun.list(request: request) { out.append($0) }
        #expect(out == ["ics:44cba85d-bb50-11d9-a7b1-d0f9c13c37ca@20261111\tother\tinfo\tworldwide\ton 2026-11-11\tRemembrance Day"])
        request.at = at("2026-11-13T17:00:00Z")
        out = []
        _ = try EventsRun.list(request: request) { out.append($0) }
        #expect(out == ["no events live at 2026-11-13T17:00:00Z"])
    }

    @Test func exportWritesTheStoreAndTheBuiltInCalendar() throws {
        _ = try EventsRun.importFiles([fixture("owncloud-fete-nationale-yearly-utf8.ics")], request: request, out: { _ in }, err: { _ in })
        var request = self.request
        request.format = "ics"
        request.at = at("2026-12-01T00:00:00Z")
        request.until = at("2027-01-01T00:00:00Z")
        var text = ""
        _ = try EventsRun.export(request: request) { text += $0 }
        let result = ICSImporter().read(SourceText(path: "export.ics", bytes: Array(text.utf8)), options: ImportOptions())
        #expect(result.problems.isEmpty)
        #expect(result.recurring.map(\.id) == ["ics:FA9831E7-C238-4FEC-95E5-CD46BD466421"])
        let ids = Set(result.events.map(\.id))
        #expect(ids.contains("builtin:us-pearl-harbor-day:2026-12-07") && ids.contains("builtin:cn-nanjing-massacre-memorial-day:2026-12-13"))
        #expect(!ids.contains { $0.contains(":2026-11-") })
        request.format = "csv"
        #expect(throws: UsageError.self) { try EventsRun.export(request: request) { _ in } }
    }

    // MARK: The binary

    private func run(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        let run = try GaffeBinary.run(arguments, directory: folder)
        return (run.status, run.output, run.errorOutput)
    }

    @Test func theBinaryLintsAScheduleAgainstAnEventFile() throws {
        let schedule = folder.appendingPathComponent("schedule.csv")
        try "publish_at,regions,text\n2026-07-20T10:00:00-06:00,US-CO,\"Summer sale: 20% off, shop now!\"\n"
            .write(to: schedule, atomically: true, encoding: .utf8)
        let ics = folder.appendingPathComponent("crisis.ics")
        try "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:c\nSUMMARY:Cinema shooting\nDTSTART:20260720T063000Z\nX-GAFFE-KIND:mass-shooting\nX-GAFFE-REGIONS:US-CO\nEND:VEVENT\nEND:VCALENDAR\n"
            .write(to: ics, atomically: true, encoding: .utf8)
        let lint = try run(["lint", "--events", ics.path, "--rules", "event-collision", schedule.path])
        #expect(lint.status == 1)
        #expect(lint.out.contains("schedule.csv:2:1: error: promotion scheduled during 'Cinema shooting' (mass-shooting, severe)"))
        let missing = try run(["lint", "--events", "nowhere.ics", schedule.path])
        #expect(missing.status == 2)
        #expect(missing.err == "gaffe: error: cannot read the event file nowhere.ics\n")
        let list = try run(["events", "list", "--at", "2026-07-20T12:00:00Z", "--events", ics.path, "--no-builtin", "--region", "US"])
        #expect(list.status == 0)
        #expect(list.out == "ics:c\tmass-shooting\tsevere\tUS-CO\t2026-07-20T06:30:00Z to 2026-07-20T07:30:00Z\tCinema shooting\n")
        let badRegion = try run(["events", "list", "--region", "Narnia"])
        #expect(badRegion.status == 2)
    }
}
