import Foundation
import Testing
@testable import GaffeKit

/// `gaffe events sync` against a server on loopback serving the iCalendar fixtures.
final class FeedSyncTests {
    let temporary: TemporaryFolder
    var folder: URL { temporary.url }
    let server: LoopbackServer
    /// Requests for `/dated.ics` that carried its `If-Modified-Since`, counted by the route itself.
    let conditionalDated = Locked(0)
    static let fixture = ICSFixtureTests.folder.appendingPathComponent("mozilla-canada-holidays-remembrance-day-folded-names.ics")
    static let etag = "\"canada-v1\""
    static let lastModified = "Mon, 02 May 2005 21:16:26 GMT"

    init() throws {
        temporary = try TemporaryFolder("gaffe-sync")
        let calendar = Array(try Data(contentsOf: Self.fixture))
        let national = Array(try Data(contentsOf: ICSFixtureTests.folder.appendingPathComponent("owncloud-fete-nationale-yearly-utf8.ics")))
        let conditionalDated = self.conditionalDated
        server = try LoopbackServer(routes: [
            "/canada.ics": { request in
                if request.header("If-None-Match") == FeedSyncTests.etag { return .init(status: 304) }
                return .init(headers: ["ETag": FeedSyncTests.etag, "Last-Modified": FeedSyncTests.lastModified, "Content-Type": "text/calendar"],
                             body: calendar)
            },
            "/dated.ics": { request in
                if request.header("If-Modified-Since") == FeedSyncTests.lastModified {
                    conditionalDated.withLock { $0 += 1 }
                    return .init(status: 304)
                }
                return .init(headers: ["Last-Modified": FeedSyncTests.lastModified], body: national)
            },
            "/broken": { _ in .init(status: 500, body: Array("upstream failed".utf8)) },
            "/huge.ics": { _ in .init(body: calendar + calendar) },
            "/slow.ics": { _ in .init(body: calendar, delay: 4) },
            "/notes.txt": { _ in .init(body: Array("just some text".utf8)) },
        ])
    }

    deinit {
        server.stop()
    }

    private func configuration(_ feeds: String) throws -> String {
        let path = folder.appendingPathComponent(".gaffe.yml").path
        try ("feeds:\n" + feeds).write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private func run(_ configurationPath: String) throws -> (status: Int32, out: [String], err: [String]) {
        var request = EventsRequest()
        request.configurationPath = configurationPath
        var out: [String] = [], err: [String] = []
        let status = try EventsRun.sync(request: request, out: { out.append($0) }, err: { err.append($0) })
        return (status, out, err)
    }

    @Test func syncsFeedsConditionallyAndReportsEachFailure() throws {
        let size = try Data(contentsOf: Self.fixture).count
        let path = try configuration("""
              - url: \(server.url("/canada.ics"))
                name: canada
                regions: [CA]
              - url: \(server.url("/broken"))
                name: broken
              - url: \(server.url("/huge.ics"))
                name: huge
                max_size: \(size + 100)
              - url: \(server.url("/slow.ics"))
                name: slow
                timeout: 1s
              - url: \(server.url("/notes.txt"))
                name: notes
              - url: \(server.url("/dated.ics"))
                name: dated

            """)
        let first = try run(path)
        #expect(first.status == 1)
        #expect(first.out == ["canada: 30 added, 0 updated, 0 unchanged", "dated: 1 added, 0 updated, 0 unchanged"])
        #expect(first.err.count == 5)
        #expect(first.err.contains("\(server.url("/dated.ics")):11:1: warning: TZID on a DATE value is ignored (RFC 5545 §3.2.19): all-day dates are local days wherever the audience is"))
        #expect(first.err.contains { $0.hasPrefix("gaffe: error: broken (\(server.url("/broken"))): HTTP 500") })
        #expect(first.err.contains { $0.hasPrefix("gaffe: error: huge (") && $0.contains("larger than max_size (\(size + 100) bytes)") })
        #expect(first.err.contains { $0.hasPrefix("gaffe: error: slow (") && $0.hasSuffix("timed out") })
        #expect(first.err.contains { $0.hasPrefix("gaffe: error: notes (") && $0.contains("cannot tell the feed's format") })

        // The second sync sends the validators and the server answers 304.
        #expect(conditionalDated.withLock { $0 } == 0)
        let second = try run(path)
        #expect(second.out == ["canada: not modified", "dated: not modified"])
        let conditional = server.requests.filter { $0.path == "/canada.ics" }
        #expect(conditional.count == 2)
        #expect(conditional[0].header("If-None-Match") == nil)
        #expect(conditional[1].header("If-None-Match") == Self.etag)
        #expect(conditional[1].header("If-Modified-Since") == Self.lastModified)
        // Counted where the server reads it: the recorded request list has, rarely and only under
        // load, lacked this request (see the issue note), while the route answered it.
        #expect(conditionalDated.withLock { $0 } >= 1, "the second sync sends the dated feed's Last-Modified back")

        // The events are in the store, with the feed's regions and its URL as their source.
        let store = EventStore(try GaffeStore(path: folder.appendingPathComponent(".gaffe/events.sqlite").path, readOnly: true))
        let all = try store.all()
        let remembrance = try #require(all.recurring.first { $0.template.title == "Remembrance Day" })
        #expect(remembrance.template.regions == [Region(code: "CA")!])
        #expect(remembrance.template.source.kind == .url)
        #expect(remembrance.template.source.location == server.url("/canada.ics"))
        let state = try #require(try FeedState.load(server.url("/canada.ics"), from: store.store))
        #expect(state.etag == Self.etag && state.status == 304 && state.error == nil)
        let failed = try #require(try FeedState.load(server.url("/broken"), from: store.store))
        #expect(failed.status == 500 && failed.error?.hasPrefix("HTTP 500") == true)
    }

    @Test func feedsAreValidatedInTheConfiguration() throws {
        #expect {
            try ConfigurationLoader.parse("feeds:\n  - url: ftp://example.com/feed\n", path: "x.yml")
        } throws: { ($0 as? YAMLError)?.line == 2 && ($0 as? YAMLError)?.message.contains("http, https or file URL") == true }
        #expect {
            try ConfigurationLoader.parse("feeds:\n  - url: https://example.com/a\n    max_size: lots\n", path: "x.yml")
        } throws: { ($0 as? YAMLError)?.line == 3 }
        #expect {
            try ConfigurationLoader.parse("feeds:\n  - url: https://example.com/a\n    format: pdf\n", path: "x.yml")
        } throws: { ($0 as? YAMLError)?.message.contains("unknown feed format 'pdf'") == true }
        #expect {
            try ConfigurationLoader.parse("feeds:\n  - url: https://example.com/a\n  - url: https://example.com/a\n", path: "x.yml")
        } throws: { ($0 as? YAMLError)?.message == "feed https://example.com/a is listed twice" }
        let parsed = try ConfigurationLoader.parse("feeds:\n  - url: https://example.com/a\n    max_size: 5MB\n    timeout: 20s\n", path: "x.yml")
        let feed = try #require(parsed.section(CalendarSettings.self).feeds.first)
        #expect(feed.maxSize == 5 * 1024 * 1024 && feed.timeout == 20 && feed.name == "example.com")
    }

    @Test func syncWithoutFeedsIsAUsageError() throws {
        let path = folder.appendingPathComponent(".gaffe.yml").path
        try "regions: [US]\n".write(toFile: path, atomically: true, encoding: .utf8)
        var request = EventsRequest()
        request.configurationPath = path
        #expect(throws: UsageError.self) { try EventsRun.sync(request: request, out: { _ in }, err: { _ in }) }
    }
}
