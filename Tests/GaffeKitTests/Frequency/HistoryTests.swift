import Foundation
import GRDB
import Testing
@testable import GaffeKit

/// Posting history: reading exports (exact places of problems, bad input), the store
/// (idempotent imports, filters, old stores), the run's history service and `gaffe history`.
struct HistoryTests {
    let temporary: TemporaryFolder

    init() throws {
        temporary = try TemporaryFolder("gaffe-history")
    }

    func read(_ name: String, _ text: String, configuration: GaffeKit.Configuration = GaffeKit.Configuration()) throws -> (posts: [HistoryPost], problems: [String]) {
        let path = try temporary.write(name, text)
        var posts: [HistoryPost] = []
        var problems: [String] = []
        try HistoryReader(configuration: configuration).read(path: path, emit: { posts.append($0) }, fail: { problem, source in
            let position = source.position(of: problem.range.lowerBound)
            problems.append("\(position.line):\(position.column): \(problem.severity.rawValue): \(problem.message)")
        })
        return (posts, problems)
    }

    func describe(_ post: HistoryPost) -> String {
        "\(ISO8601.format(post.publishedAt)) \(post.account ?? "-") \(post.channel?.rawValue ?? "-")\(post.isReply ? " reply" : "") @\(post.location.start.line):\(post.location.start.column)"
    }

    @Test func csvExportsAreReadWithExactPlaces() throws {
        let csv = "\u{FEFF}published_at,account,channel,text,timezone\r\n"
            + "2026-03-01T09:00:00Z,@acme,twitter,\"Spring\r\nmenu, \"\"new\"\"\",\r\n"
            + "2026-03-01 10:00,acme,x threads,@sam thanks!,Europe/London\r\n"
            + "yesterday,acme,x,Late,\r\n"
            + "2026-03-01T11:00:00Z,acme,fax,Unknown channel,\r\n"
            + ",acme,x,No time,\r\n"
            + "2026-03-01T12:00:00Z,,,No account or channel,\r\n"
        let (posts, problems) = try read("history.csv", csv)
        #expect(posts.map(describe) == [
            "2026-03-01T09:00:00Z acme x @2:1",
            "2026-03-01T10:00:00Z acme x reply @4:1",
            "2026-03-01T10:00:00Z acme threads reply @4:1",
            "2026-03-01T12:00:00Z - - @8:1",
        ])
        #expect(posts[0].text == "Spring\r\nmenu, \"new\"")
        #expect(problems == [
            "5:1: error: cannot read publish time 'yesterday'; write ISO 8601 such as 2026-03-01T09:30:00-05:00, or set frequency.history.date_format in .gaffe.yml",
            "6:27: error: unknown channel 'fax'; expected one of x, facebook, instagram, linkedin, threads, bluesky, mastodon, tiktok, youtube, pinterest, email, blog (twitter is an alias of x)",
            "7:1: error: history row has no publish time; it is not counted",
        ])
    }

    @Test func aScheduleUsedAsHistoryAndMappedColumnsWork() throws {
        // `publish_at` is accepted for `published_at`; other exports map their own names.
        let (schedule, _) = try read("schedule.csv", "publish_at,account,channel\n2026-03-01T09:00:00Z,acme,x\n")
        #expect(schedule.count == 1)
        let configuration = try ConfigurationLoader.parse("""
            timezone: America/New_York
            frequency:
              history:
                columns: {published_at: Date, account: Profile, channel: Network, text: Message}
                date_format: MM/dd/yyyy HH:mm

            """, path: ".gaffe.yml")
        let (posts, problems) = try read("export.csv", "Date,Profile,Network,Message\n03/01/2026 09:00,acme,Facebook,Hello\n", configuration: configuration)
        #expect(problems == [])
        #expect(posts.map(describe) == ["2026-03-01T14:00:00Z acme facebook @2:1"])
    }

    @Test func aHeaderWithoutTheTimeIsReportedOnce() throws {
        let (posts, problems) = try read("export.csv", "Published,account,channel\n2026-03-01T09:00:00Z,acme,x\n2026-03-02T09:00:00Z,acme,x\n")
        #expect(posts.isEmpty)
        #expect(problems == ["1:1: error: no published_at or publish_at column in the header of the history export (columns: Published, account, channel); did you mean 'Published'? Map it with frequency: {history: {columns: {published_at: Published}}}"])
    }

    @Test func jsonLinesExportsReportBrokenLines() throws {
        let jsonl = """
            {"published_at": "2026-03-01T09:00:00Z", "account": "acme", "channel": ["x", "threads"], "text": "@kim hi"}
            {"published_at": "2026-03-01T10:00:00Z", "account": "acme", "channel": "x",
            {"account": "acme", "channel": "x"}

            {"published_at": 42, "account": "acme", "channel": "x"}
            """
        let (posts, problems) = try read("history.jsonl", jsonl)
        #expect(posts.map(describe) == ["2026-03-01T09:00:00Z acme x reply @1:19", "2026-03-01T09:00:00Z acme threads reply @1:19"])
        #expect(problems == [
            "2:75: error: invalid JSON: expected a quoted key; the line is skipped",
            "3:1: error: history line has no \"published_at\" or \"publish_at\"",
            "5:18: error: cannot read publish time '42'; write ISO 8601 such as 2026-03-01T09:30:00-05:00, or set frequency.history.date_format in .gaffe.yml",
        ])
    }

    @Test func badFilesAreUsageErrors() throws {
        #expect(throws: UsageError.self) { try read("history.txt", "published_at\n") }
        var caught: String?
        do {
            try HistoryReader(configuration: GaffeKit.Configuration()).read(path: temporary.path("missing.csv"), emit: { _ in }, fail: { _, _ in })
        } catch {
            caught = "\(error)"
        }
        #expect(caught == "no such history file: \(temporary.path("missing.csv"))")
        try FileManager.default.createDirectory(atPath: temporary.path("folder.jsonl"), withIntermediateDirectories: true)
        #expect(throws: UsageError.self) {
            try HistoryReader(configuration: GaffeKit.Configuration()).read(path: temporary.path("folder.jsonl"), emit: { _ in }, fail: { _, _ in })
        }
        let (posts, problems) = try read("accents.csv", "published_at,account,channel,text\n2026-03-01T09:00:00Z,acme,x,caf\u{E9}\n")
        #expect(posts.count == 1)
        #expect(problems.isEmpty)
        let path = temporary.path("bad.csv")
        try Data("published_at,account,channel,text\n2026-03-01T09:00:00Z,acme,x,caf".utf8 + [0xE9, 0x0A]).write(to: URL(fileURLWithPath: path))
        var found: [String] = []
        try HistoryReader(configuration: GaffeKit.Configuration()).read(path: path, emit: { _ in }, fail: { problem, _ in found.append(problem.message) })
        #expect(found == ["invalid UTF-8 at byte 65 (0xE9); the row is skipped (Gaffe reads UTF-8 only: re-save the file as UTF-8)"])
    }

    @Test func theStoreKeepsOnePostPerImportedRow() throws {
        let store = try GaffeStore(path: temporary.path("store/events.sqlite"))
        let history = HistoryStore(store)
        let (posts, _) = try read("history.csv", """
            published_at,account,channel,text
            2026-03-01T09:00:00Z,acme,x,One
            2026-03-01T09:00:00Z,acme,x,Two at the same time
            2026-03-02T09:00:00Z,acme,facebook,Three
            2026-03-03T09:00:00Z,other,x,Four

            """)
        #expect(try history.save(posts) == { var changes = HistoryStore.Changes(); changes.added = 4; return changes }())
        #expect(try history.save(posts).unchanged == 4)
        #expect(try history.count() == 4)
        let stored = try history.posts()
        #expect(stored.map(\.text) == ["One", "Two at the same time", "Three", "Four"])
        #expect(stored[2].location.path.hasSuffix("history.csv") && stored[2].location.start.line == 4)
        #expect(try history.posts(after: posts[1].publishedAt).count == 2)
        #expect(try history.posts(account: "acme", channel: .x).count == 2)
        #expect(try history.posts(until: posts[0].publishedAt).count == 2)
    }

    @Test func aStoreWithoutHistoryReadsAsEmpty() throws {
        let path = temporary.path("old.sqlite")
        try DatabaseQueue(path: path).write { db in try db.execute(sql: "CREATE TABLE event (id TEXT)") }
        let store = HistoryStore(try GaffeStore(path: path, readOnly: true))
        #expect(try store.count() == 0)
        #expect(try store.posts().isEmpty)
    }

    @Test func theRunReadsFilesAndStoreOnce() throws {
        let file = try temporary.write("history.csv", """
            published_at,account,channel,text
            2026-03-01T09:00:00Z,acme,x,One
            2026-03-01T10:00:00Z,acme,x,Two

            """)
        let storePath = temporary.path("events.sqlite")
        let (posts, _) = try read("stored.csv", "published_at,account,channel,text\n2026-03-01T10:00:00Z,acme,x,Two\n2026-03-01T11:00:00Z,acme,x,Three\n")
        try HistoryStore(GaffeStore(path: storePath)).save(posts)
        var inputs = RunInputs()
        inputs.historyFiles = [file]
        inputs.storePath = storePath
        let history = try PostingHistory.make(context: RuleContext(inputs: inputs))
        #expect(history.posts(after: .distantPast).map(\.text) == ["One", "Two", "Three"])
        #expect(history.posts(after: posts[0].publishedAt).map(\.text) == ["Three"])

        inputs.storePath = temporary.path("nowhere.sqlite")
        #expect(throws: UsageError.self) { try PostingHistory.make(context: RuleContext(inputs: inputs)) }
        inputs.storePath = nil
        inputs.historyFiles = [temporary.path("missing.csv")]
        var request = LintRequest()
        request.paths = [file]
        request.noConfiguration = true
        request.inputs = inputs
        #expect(throws: UsageError.self) { try LintRun.run(request, log: { _ in }) }
    }

    @Test func brokenHistoryRowsAreInputFindingsWhereTheyAre() throws {
        var inputs = RunInputs()
        inputs.historyFiles = [try temporary.write("sent.csv", "published_at,account,channel\n2026-03-01T09:00:00Z,acme,x\nlast tuesday,acme,x\n")]
        let findings = try TestLinting.lint("publish_at,account,channel,text\n2026-03-01T09:05:00Z,acme,x,Hello\n", format: .csv,
                                            rules: ["posting-frequency", "input"], runInputs: inputs).findings
        #expect(findings.map { "\(($0.location.path as NSString).lastPathComponent):\($0.location.start.line):\($0.location.start.column) \($0.ruleID)" }
            == ["sent.csv:3:1 input", "example.csv:2:1 posting-frequency"])
        #expect(findings[0].match == "last tuesday")
    }

    @Test func historyCommandsImportAndList() throws {
        let file = try temporary.write("history.csv", """
            published_at,account,channel,text
            2026-03-01T09:00:00Z,acme,x,"One,
            two"
            2026-03-01T10:00:00Z,acme,threads,@sam Hi
            nonsense,acme,x,Bad

            """)
        var request = HistoryRequest()
        request.noConfiguration = true
        request.storePath = temporary.path("events.sqlite")
        var out: [String] = []
        var err: [String] = []
        #expect(try HistoryRun.importFiles([file], request: request, out: { out.append($0) }, err: { err.append($0) }) == 1)
        #expect(out == ["\(file): 2 posts (2 added, 0 already stored)"])
        #expect(err == ["\(file):5:1: error: cannot read publish time 'nonsense'; write ISO 8601 such as 2026-03-01T09:30:00-05:00, or set frequency.history.date_format in .gaffe.yml"])
        out = []
        _ = try HistoryRun.importFiles([file, file], request: request, out: { out.append($0) }, err: { _ in })
        #expect(out.last == "total: 0 added, 4 already stored; the store at \(request.storePath!) holds 2 posts")

        out = []
        #expect(try HistoryRun.list(request: request, out: { out.append($0) }) == 0)
        #expect(out == ["2026-03-01T09:00:00Z\tacme\tx\tOne, two", "2026-03-01T10:00:00Z\tacme\tthreads\t@sam Hi"])
        request.channel = .threads
        request.format = "json"
        out = []
        _ = try HistoryRun.list(request: request, out: { out.append($0) })
        #expect(out == ["[{\"published_at\":\"2026-03-01T10:00:00Z\",\"account\":\"acme\",\"channel\":\"threads\",\"reply\":true,\"text\":\"@sam Hi\",\"source\":\"\(file):4\"}]"])
        request.format = "yaml"
        #expect(throws: UsageError.self) { try HistoryRun.list(request: request, out: { _ in }) }
    }
}
