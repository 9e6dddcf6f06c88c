import Foundation
import Testing
@testable import GaffeKit

/// `gaffe reschedule` round trips: the output parses, each account's order on each channel is
/// kept, every byte but the moved `publish_at` cells is as it was, and `gaffe lint` of the output
/// finds nothing of the kinds it fixes. Plus time formats, refusals, and random schedules.
struct RescheduleTests {
    let temporary: TemporaryFolder

    init() throws {
        temporary = try TemporaryFolder("gaffe-reschedule")
    }

    struct Result {
        var status: Int32
        var out: [String]
        var err: [String]
        var input: [UInt8]
        var output: [UInt8]
    }

    /// Reschedules `schedule` written to `name`, with `configuration` as its `.gaffe.yml` and
    /// `history` as a `--history` file.
    func reschedule(_ schedule: String, name: String = "schedule.csv", configuration: String = "", history: String? = nil,
                    dryRun: Bool = false) throws -> Result {
        try reschedule(bytes: Array(schedule.utf8), name: name, configuration: configuration, history: history, dryRun: dryRun)
    }

    func reschedule(bytes: [UInt8], name: String = "schedule.csv", configuration: String = "", history: String? = nil,
                    dryRun: Bool = false) throws -> Result {
        let input = temporary.path(name)
        try Data(bytes).write(to: URL(fileURLWithPath: input))
        var request = RescheduleRequest()
        request.schedulePath = input
        request.configurationPath = try temporary.write(".gaffe.yml", configuration)
        request.outputPath = temporary.path("new-" + name)
        request.dryRun = dryRun
        if let history { request.inputs.historyFiles = [try temporary.write("history.csv", history)] }
        try? FileManager.default.removeItem(atPath: request.outputPath!)
        var out: [String] = []
        var err: [String] = []
        let status = try RescheduleRun.run(request, out: { out.append($0) }, err: { err.append($0) })
        let output = FileManager.default.contents(atPath: request.outputPath!).map(Array.init) ?? []
        return Result(status: status, out: out, err: err, input: bytes, output: output)
    }

    /// The findings `gaffe lint` reports on the output for the rules reschedule fixes, and input errors.
    func lintOutput(_ result: Result, format: InputFormat = .csv, configuration: String = "", history: String? = nil) throws -> [Finding] {
        var inputs = RunInputs()
        if let history { inputs.historyFiles = [try temporary.write("history.csv", history)] }
        let text = String(decoding: result.output, as: UTF8.self)
        return try TestLinting.lint(text, format: format, configuration: configuration,
                                    rules: ["posting-frequency", "event-collision", "input"], runInputs: inputs).findings
            .filter { $0.ruleID != "input" || $0.severity == .error }
    }

    /// Each draft's row, account, channels and publish instant, read as `gaffe lint` reads them.
    func drafts(_ bytes: [UInt8], format: InputFormat, configuration: String) throws -> [(row: Int, account: String?, channels: [Channel], time: Date)] {
        let config = try ConfigurationLoader.parse(configuration, path: "test.gaffe.yml")
        var result: [(Int, String?, [Channel], Date)] = []
        let reader: any DraftReader = format == .csv ? CSVReader() : JSONLinesReader()
        try reader.read(InputSource(path: "s", origin: .bytes(bytes), format: format), options: ReaderOptions(configuration: config),
                        emit: { draft in
                            if let time = draft.metadata.publishAt { result.append((draft.index, draft.metadata.account, draft.metadata.channels, time)) }
                        }, fail: { _, _ in })
        return result
    }

    /// Checks the round-trip promises and returns the moved rows' new cell texts by row.
    @discardableResult
    func checkRoundTrip(_ result: Result, format: InputFormat = .csv, configuration: String = "", history: String? = nil,
                        sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> [Int: String] {
        #expect(result.status == 0, "reschedule failed: \(result.err)", sourceLocation: sourceLocation)
        let lint = try lintOutput(result, format: format, configuration: configuration, history: history)
        #expect(lint.isEmpty, "the output still has findings: \(lint.map { "\($0.location.start.line): \($0.message)" })", sourceLocation: sourceLocation)

        let before = try drafts(result.input, format: format, configuration: configuration)
        let after = try drafts(result.output, format: format, configuration: configuration)
        #expect(before.map(\.row) == after.map(\.row), "rows differ", sourceLocation: sourceLocation)
        // Order kept on every account and channel, and nothing moved earlier.
        var lanes: Set<String> = []
        for draft in before { for channel in draft.channels.isEmpty ? [nil] : draft.channels.map(Optional.some) { lanes.insert("\(draft.account ?? "")/\(channel?.rawValue ?? "")") } }
        for lane in lanes {
            func rows(_ list: [(row: Int, account: String?, channels: [Channel], time: Date)]) -> [Int] {
                list.filter { draft in
                    (draft.channels.isEmpty ? [nil] : draft.channels.map(Optional.some)).contains { "\(draft.account ?? "")/\($0?.rawValue ?? "")" == lane }
                }.sorted { ($0.time, $0.row) < ($1.time, $1.row) }.map(\.row)
            }
            #expect(rows(before) == rows(after), "order changed on \(lane)", sourceLocation: sourceLocation)
        }
        for (old, new) in zip(before, after) {
            #expect(new.time >= old.time, "row \(old.row) moved earlier", sourceLocation: sourceLocation)
        }

        // Every byte other than the moved cells is as it was: put the old cells back and compare.
        func cells(_ bytes: [UInt8]) throws -> [Int: Range<Int>] {
            let config = try ConfigurationLoader.parse(configuration, path: "test.gaffe.yml")
            var ranges: [Int: Range<Int>] = [:]
            let reader: any DraftReader = format == .csv ? CSVReader() : JSONLinesReader()
            try reader.read(InputSource(path: "s", origin: .bytes(bytes), format: format), options: ReaderOptions(configuration: config),
                            emit: { draft in ranges[draft.index] = draft.fields[.publishAt] }, fail: { _, _ in })
            return ranges
        }
        let oldCells = try cells(result.input)
        let newCells = try cells(result.output)
        var restored = result.output
        var moved: [Int: String] = [:]
        for (row, range) in newCells.sorted(by: { $0.value.lowerBound > $1.value.lowerBound }) {
            let newText = Array(result.output[range])
            let oldText = Array(result.input[oldCells[row]!])
            if newText != oldText { moved[row] = String(decoding: newText, as: UTF8.self) }
            restored.replaceSubrange(range, with: oldText)
        }
        #expect(restored == result.input, "bytes outside the moved cells changed", sourceLocation: sourceLocation)
        return moved
    }

    // MARK: Round trips

    static let storm = """
        timezone: America/New_York
        regions: [US]
        calendar: {builtin: false}
        events:
          - id: storm
            title: Big storm
            kind: hurricane
            severity: extreme
            regions: [US]
            start: 2026-03-02T12:00:00Z
            end: 2026-03-02T18:00:00Z
            grace: 6h

        """

    @Test func aMessyCSVRoundTrips() throws {
        let schedule = "\u{FEFF}publish_at,account,channel,text,notes\r\n"
            + "2026-03-02T09:00:00Z,acme,x,\"Morning, everyone\",ok\r\n"
            + "2026-03-02T09:04:00Z,acme,x,\"Two lines\r\nof \"\"quoted\"\" text\",\"spacing, 4 minutes\"\r\n"
            + "2026-03-02T09:06:00-05:00,acme_uk,facebook,Hello from the storm,\r\n"
            + "2026-03-02T09:08:00Z,acme,x;threads,Both channels,\r\n"
            + "2026-03-02T08:59:00Z,acme,facebook,Out of order,\r\n"
            + "2026-03-02T09:01:00Z,acme,facebook,Too soon,\r\n"
            + "2026-03-02T09:30:00.250Z,acme,instagram,Fractional seconds,\r\n"
            + "2026-03-02T09:31:00.250Z,acme,instagram,Fractional again,\r\n"
            + "2026-03-02 09:00,acme,linkedin,Local time in the storm,\r\n"
            + ",acme,x,No time yet,\r\n"
            + "2026-03-03T10:00:00+0000,acme,x,\"20% off everything, shop now!\",\r\n"
        let history = "published_at,account,channel\n2026-03-02T08:55:00Z,acme,x\n"
        let result = try reschedule(schedule, configuration: Self.storm, history: history)
        let moved = try checkRoundTrip(result, configuration: Self.storm, history: history)
        // History makes the first post too soon; the rest of acme's X queue keeps its order after it.
        #expect(moved[1] == "2026-03-02T09:05:00Z")
        #expect(moved[2] == "2026-03-02T09:15:00Z")
        // The storm is live in the US until 00:00 UTC; the offset follows the zone.
        #expect(moved[3] == "2026-03-02T19:00:00-05:00")
        #expect(moved[6] == "2026-03-02T09:09:00Z")
        #expect(moved[8] == "2026-03-02T09:40:00.250Z")
        #expect(moved[9] == "2026-03-02 19:00")
        #expect(moved[10] == nil && moved[11] == nil && moved[5] == nil && moved[7] == nil)
        #expect(result.out.first == "\(temporary.path("schedule.csv")):2:1: moved 2026-03-02T09:00:00Z → 2026-03-02T09:05:00Z: norm spacing on X for acme (at least 10 minutes between posts; 1 already in the window)")
        #expect(result.out.contains { $0.contains(":5:1: moved 2026-03-02T09:06:00-05:00 → 2026-03-02T19:00:00-05:00: collides with 'Big storm' (hurricane, extreme) in US") })
        #expect(result.out.last == "\(moved.count) of 11 drafts moved; 1 without a publish time left as they are; wrote \(temporary.path("new-schedule.csv"))")
    }

    @Test func jsonLinesRoundTrip() throws {
        let schedule = """
            {"publish_at": "2026-03-02T09:00:00+01:00", "account": "acme", "channel": ["x", "threads"], "text": "Caf\\u00e9 \\"news\\""}
            {"text": "Second", "channel": "threads", "publish_at": "2026-03-02T09:05:00+01:00", "account": "acme", "extra": {"a": [1, 2]}}
            {"text": "Third", "channel": "x", "publish_at": "2026-03-02T09:06:00+01:00", "account": "acme"}

            """
        let result = try reschedule(schedule, name: "schedule.jsonl")
        let moved = try checkRoundTrip(result, format: .jsonl)
        #expect(moved == [2: "2026-03-02T09:10:00+01:00", 3: "2026-03-02T09:10:00+01:00"])
    }

    @Test func configuredDateFormatsAndLocalTimesAreWrittenBackTheSameWay() throws {
        let configuration = "schedule:\n  date_format: MM/dd/yyyy HH:mm\n  timezone: Europe/London\n"
        let formatted = try reschedule("publish_at,account,channel,text\n03/29/2026 00:55,acme,x,One\n03/29/2026 00:58,acme,x,Two\n",
                                       configuration: configuration)
        // Clocks in London go from 01:00 to 02:00 on 29 March: ten minutes after 00:55 GMT is 02:05 BST.
        #expect(try checkRoundTrip(formatted, configuration: configuration) == [2: "03/29/2026 02:05"])

        // New York repeats 01:00–02:00 on 1 November: 01:00 EST cannot be written as a local time
        // that reads back as itself, so the post waits for 02:00.
        let autumn = "publish_at,timezone,account,channel,text\n2026-11-01 01:50,America/New_York,acme,x,One\n2026-11-01 01:55,America/New_York,acme,x,Two\n"
        let result = try reschedule(autumn)
        let moved = try checkRoundTrip(result)
        #expect(moved == [2: "2026-11-01 02:00"])
    }

    @Test func timesKeepTheirStyle() throws {
        func format(_ text: String, zone: TimeZone? = nil, dateFormat: String? = nil, moveTo target: String) -> String? {
            var options = ReaderOptions()
            options.schedule.dateFormat = dateFormat
            let parser = MetadataParser(options: options)
            guard let style = PublishTimeFormat(text: text, zone: zone, dateFormat: dateFormat, parser: parser),
                  case .instant(let date, _)? = ISO8601.parse(target),
                  let time = style.earliestRepresentable(atOrAfter: date.timeIntervalSince1970) else { return nil }
            return style.format(Date(timeIntervalSince1970: time))
        }
        let newYork = TimeZone(identifier: "America/New_York")!
        #expect(format("2026-03-02T09:00:00Z", moveTo: "2026-03-02T09:10:30Z") == "2026-03-02T09:10:30Z")
        #expect(format("2026-03-02T09:00Z", moveTo: "2026-03-02T09:10:30Z") == "2026-03-02T09:11Z")
        #expect(format("2026-03-02 09:00:00 +0530", moveTo: "2026-03-02T09:10:00Z") == "2026-03-02 14:40:00 +0530")
        #expect(format("2026-03-02t09:00:00+05", moveTo: "2026-03-02T09:10:00Z") == "2026-03-02t14:10:00+05")
        #expect(format("  2026-03-02T09:00:00.5-05:00 ", moveTo: "2026-03-02T14:10:00.25Z") == "  2026-03-02T09:10:00.3-05:00 ")
        // A written offset that was the zone's follows the zone across DST; one that was not stays.
        #expect(format("2026-03-06T09:00:00-05:00", zone: newYork, moveTo: "2026-03-09T13:00:00Z") == "2026-03-09T09:00:00-04:00")
        #expect(format("2026-03-06T09:00:00-03:00", zone: newYork, moveTo: "2026-03-09T13:00:00Z") == "2026-03-09T10:00:00-03:00")
        #expect(format("2026-03-06T09:00:00Z", zone: newYork, moveTo: "2026-03-09T13:00:00Z") == "2026-03-09T13:00:00Z")
        // A date alone can only say midnight.
        #expect(format("2026-03-06", zone: newYork, moveTo: "2026-03-06T13:00:00Z") == "2026-03-07")
        #expect(format("6 March 2026 9am", dateFormat: nil, moveTo: "2026-03-06T13:00:00Z") == nil)
        #expect(format("06.03.2026 09:00", zone: newYork, dateFormat: "dd.MM.yyyy HH:mm", moveTo: "2026-03-06T14:10:20Z") == "06.03.2026 09:11")
    }

    @Test func historyAndQuietHoursCountWhenMoving() throws {
        let configuration = "frequency:\n  quiet_hours: 22:00-07:00\n"
        let history = "published_at,account,channel\n2026-03-02T08:20:00Z,acme,x\n2026-03-02T08:30:00Z,acme,x\n2026-03-02T08:40:00Z,acme,x\n"
        let schedule = "publish_at,account,channel,regions,text\n2026-03-02T09:00:00Z,acme,x,GB,Burst with history\n2026-03-02T23:00:00Z,acme,x,GB,Late\n"
        let result = try reschedule(schedule, configuration: configuration, history: history)
        let moved = try checkRoundTrip(result, configuration: configuration, history: history)
        #expect(moved == [1: "2026-03-02T09:20:00Z", 2: "2026-03-03T07:00:00Z"])
        #expect(result.out[1].hasSuffix("moved 2026-03-02T23:00:00Z → 2026-03-03T07:00:00Z: quiet hours 22:00–07:00: 23:00 in Europe/London"))
    }

    @Test func draftsThatCannotMoveAreReported() throws {
        let configuration = "frequency:\n  quiet_hours: 08:00-07:00\n"
        let result = try reschedule("publish_at,account,channel,regions,text\n2026-03-02T09:00:00Z,acme,x,US,Never a good time\n",
                                    configuration: configuration)
        #expect(result.status == 1)
        #expect(result.err == ["\(temporary.path("schedule.csv")):2:1: warning: not moved: quiet hours 08:00–07:00: 04:00 in America/New_York; no later time breaks nothing (quiet hours around the clock for its audience, or an event without end)"])
        // The row is copied as it was.
        #expect(result.output == result.input)
    }

    @Test func nothingIsWrittenInADryRunOrOverAnInput() throws {
        let schedule = "publish_at,account,channel,text\n2026-03-02T09:00:00Z,acme,x,One\n2026-03-02T09:01:00Z,acme,x,Two\n"
        let dry = try reschedule(schedule, dryRun: true)
        #expect(dry.output.isEmpty)
        #expect(dry.out.last == "1 of 2 drafts moved (dry run: nothing written)")

        let input = try temporary.write("in.csv", schedule)
        var request = RescheduleRequest()
        request.schedulePath = input
        request.noConfiguration = true
        func refusal(_ output: String?) -> String {
            request.outputPath = output
            do {
                _ = try RescheduleRun.run(request, out: { _ in }, err: { _ in })
                return "written"
            } catch {
                return "\(error)"
            }
        }
        #expect(refusal(input) == "--output \(input) is one of the inputs; Gaffe never writes over what it reads")
        try FileManager.default.createSymbolicLink(atPath: temporary.path("link.csv"), withDestinationPath: input)
        #expect(refusal(temporary.path("link.csv")).hasSuffix("is one of the inputs; Gaffe never writes over what it reads"))
        try FileManager.default.linkItem(atPath: input, toPath: temporary.path("hard.csv"))
        #expect(refusal(temporary.path("hard.csv")).hasSuffix("is one of the inputs; Gaffe never writes over what it reads"))
        request.inputs.historyFiles = [try temporary.write("history.csv", "published_at,account,channel\n")]
        #expect(refusal(temporary.path("history.csv")).hasSuffix("is one of the inputs; Gaffe never writes over what it reads"))
        request.inputs.historyFiles = []
        #expect(refusal(nil) == "name the new schedule with --output NEW.csv (or use --dry-run)")
        #expect(String(decoding: FileManager.default.contents(atPath: input)!, as: UTF8.self) == schedule)
        #expect(refusal(temporary.path("out.csv")) == "written")

        request.schedulePath = try temporary.write("notes.md", "# Notes\n")
        #expect(refusal(temporary.path("out.md")).hasSuffix("is not a schedule; gaffe reschedule reads CSV (.csv) and JSON Lines (.jsonl, .ndjson)"))
        request.schedulePath = temporary.path("missing.csv")
        #expect(refusal(temporary.path("out.csv")) == "no such schedule: \(temporary.path("missing.csv"))")
    }

    @Test func randomSchedulesRoundTrip() throws {
        var random = SlotSearchTests.Generator(state: 2026)
        let channels = ["x", "facebook", "threads", "x;threads", "instagram"]
        var moves = 0
        for round in 0..<12 {
            var lines = ["publish_at,account,channel,text,gaffe_ignore"]
            for index in 0..<Int.random(in: 20...80, using: &random) {
                let minute = Int.random(in: 0...(6 * 60), using: &random)
                let date = Date(timeIntervalSince1970: 1_772_442_000 + Double(minute * 60 + Int.random(in: 0...1, using: &random) * 30))
                let account = ["acme", "acme_care", "acme_uk"][Int.random(in: 0...2, using: &random)]
                let text = Bool.random(using: &random) ? "@fan\(index) thanks" : "\"Post \(index),\nwith a line break\""
                let ignore = Int.random(in: 0..<15, using: &random) == 0 ? "posting-frequency" : ""
                lines.append("\(ISO8601.format(date, in: TimeZone(secondsFromGMT: [0, -18_000, 3600][index % 3]))),\(account),\(channels[Int.random(in: 0..<channels.count, using: &random)]),\(text),\(ignore)")
            }
            let configuration = round % 2 == 0 ? "" : "frequency:\n  limits:\n    threads: {api-24h: 6, replies-24h: 4}\n  norms:\n    burst: 2 in 30m\n"
            let result = try reschedule(lines.joined(separator: round % 3 == 0 ? "\r\n" : "\n") + "\n", configuration: configuration)
            moves += try checkRoundTrip(result, configuration: configuration).count
        }
        // The schedules are crowded: many drafts had to move.
        #expect(moves > 50)
    }
}
