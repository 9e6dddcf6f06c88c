import Foundation

/// What `gaffe reschedule` was asked to do, independent of how the CLI spells it.
public struct RescheduleRequest: Sendable {
    /// The schedule to read (CSV or JSON Lines).
    public var schedulePath = ""
    /// Where to write the new schedule; required unless `dryRun`.
    public var outputPath: String?
    public var configurationPath: String?
    public var noConfiguration = false
    /// History files, event files and the store, as for `gaffe lint`.
    public var inputs = RunInputs()
    /// "Now" for the event calendar (`--at`).
    public var referenceDate: Date?
    /// Print the moves without writing anything.
    public var dryRun = false

    public init() {}
}

/// One draft `gaffe reschedule` moved, or could not.
public struct ScheduleMove: Sendable, Hashable {
    /// The draft's row and where its `publish_at` cell is.
    public var row: Int
    public var position: SourcePosition
    public var from: Date
    /// `nil` when no time breaks nothing (quiet hours around the clock, a format that cannot say it).
    public var to: Date?
    public var fromText: String
    public var toText: String?
    /// Why it moved, one phrase per limit, event or constraint.
    public var reasons: [String]
}

/// Runs `gaffe reschedule`: reads a schedule, moves each draft that breaks a frequency limit or
/// collides with a live event to the earliest time that breaks nothing, keeping the order of each
/// account's posts on each channel, and writes the schedule again with only those `publish_at`
/// cells changed, byte for byte as they were otherwise.
///
/// Drafts are placed in publish order against the posts already placed (history first): each
/// takes the earliest time at or after its own (and after the previous draft of its account on
/// each of its channels) at which every window containing it stays within every limit, it falls
/// outside quiet hours, no event would flag it, and its cell can say the time exactly. As every
/// placement keeps every window within its limit, `gaffe lint` of the result finds nothing of
/// these kinds.
public enum RescheduleRun {
    /// - Returns: 0, or 1 when a draft that needed to move could not.
    /// - Throws: `UsageError` for bad arguments, a missing file or an output that is an input.
    public static func run(_ request: RescheduleRequest, out: (String) -> Void, err: (String) -> Void) throws -> Int32 {
        let path = request.schedulePath
        guard FileManager.default.fileExists(atPath: path) else { throw UsageError("no such schedule: \(path)") }
        guard let format = BuiltInReaders.format(forPath: path), format == .csv || format == .jsonl,
              let readerType = BuiltInReaders.reader(for: format) else {
            throw UsageError("\(path) is not a schedule; gaffe reschedule reads CSV (.csv) and JSON Lines (.jsonl, .ndjson)")
        }
        var lintRequest = LintRequest()
        lintRequest.paths = [path]
        lintRequest.configurationPath = request.configurationPath
        lintRequest.noConfiguration = request.noConfiguration
        let configuration = try LintRun.loadConfiguration(lintRequest, log: { _ in })
        let input = InputSource.file(path, format: format)
        if !request.dryRun {
            guard let output = request.outputPath else { throw UsageError("name the new schedule with --output NEW\(format == .csv ? ".csv" : ".jsonl") (or use --dry-run)") }
            let others = (request.inputs.historyFiles + request.inputs.eventFiles).map { InputSource.file($0, format: .text) }
            try LintRun.refuseToOverwriteInput(output, inputs: [input] + others, configuration: configuration)
        }

        let context = RuleContext(configuration: configuration, referenceDate: request.referenceDate ?? Date(), inputs: request.inputs)
        let rules: RuleSet
        do {
            rules = try RuleSet(configuration: configuration, context: context)
        } catch let error as RuleSet.Error {
            throw UsageError(error.description)
        }
        let frequency = rules.rule(PostingFrequencyRule.description.identifier) != nil
        let events = rules.rule(EventCollisionRule.description.identifier) != nil
        guard frequency || events else {
            throw UsageError("posting-frequency and event-collision are both switched off in the configuration: nothing to reschedule")
        }

        var planner = try ReschedulePlanner(configuration: configuration, context: context, frequency: frequency, events: events)
        var problems = 0
        try readerType.init().read(input, options: ReaderOptions(configuration: configuration), emit: { draft in
            for problem in draft.problems where problem.severity == .error {
                err(EventsRun.describe(problem, in: draft.source))
                problems += 1
            }
            planner.add(draft)
        }, fail: { problem, source in
            err(EventsRun.describe(problem, in: source))
            problems += 1
        })
        let plan = planner.plan()

        for move in plan.moves {
            let place = "\(path):\(move.position.line):\(move.position.column)"
            if let toText = move.toText {
                out("\(place): moved \(move.fromText.trimmingSpaces) → \(toText.trimmingSpaces): \(move.reasons.joined(separator: "; "))")
            } else {
                err("\(place): warning: not moved: \(move.reasons.joined(separator: "; "))")
            }
        }
        let moved = plan.moves.filter { $0.to != nil }
        var summary = "\(moved.count) of \(plan.draftCount) draft\(plan.draftCount == 1 ? "" : "s") moved"
        if plan.moves.count > moved.count { summary += ", \(plan.moves.count - moved.count) could not be" }
        if plan.untimed > 0 { summary += "; \(plan.untimed) without a publish time left as they are" }
        if problems > 0 { summary += "; \(problems) problem\(problems == 1 ? "" : "s") in the input (rows copied as they are)" }
        if request.dryRun {
            out(summary + " (dry run: nothing written)")
        } else if let output = request.outputPath {
            try ScheduleWriter.write(input: path, replacements: plan.replacements, to: output)
            out(summary + "; wrote \(output)")
        }
        return plan.moves.count > moved.count ? 1 : 0
    }
}

/// What a reschedule decided.
struct ReschedulePlan {
    var moves: [ScheduleMove] = []
    /// The new bytes of each moved cell, by file range, in file order.
    var replacements: [(range: Range<Int>, bytes: [UInt8])] = []
    var draftCount = 0
    var untimed = 0
}

/// Collects a schedule's drafts as they are read, then places them.
struct ReschedulePlanner {
    /// What placing a draft needs to know of it.
    private struct Planned {
        let row: Int
        let ordinal: Int
        let time: Double
        let account: String?
        let channels: [Channel]
        let isReply: Bool
        let regions: [Region]
        let zone: TimeZone?
        let promotional: Bool
        let sympathetic: Bool
        let cell: Range<Int>
        let cellText: String
        let position: SourcePosition
        let checksFrequency: Bool
        let checksEvents: Bool
    }

    /// The posts of one account on one channel placed so far.
    private final class Lane {
        let account: String?
        let channel: Channel?
        let limits: [WindowLimit]
        var placed: [WindowLimit.Counts: PlacedPosts] = [:]
        var last: (time: Double, line: Int)?

        init(account: String?, channel: Channel?, limits: [WindowLimit]) {
            self.account = account
            self.channel = channel
            self.limits = limits
            for counts in Set(limits.map(\.counts)) { placed[counts] = PlacedPosts() }
        }

        func place(_ time: Double, reply: Bool) {
            for counts in Array(placed.keys) where counts.includes(reply: reply) { placed[counts]!.insert(time) }
        }
    }

    private let configuration: Configuration
    private let context: RuleContext
    private let policy: FrequencyPolicy
    private let frequency: Bool
    private let events: Bool
    private let annotator: CalendarAnnotator?
    private let index: EventIndex?
    private let parser: MetadataParser
    private var drafts: [Planned] = []
    private var untimed = 0

    init(configuration: Configuration, context: RuleContext, frequency: Bool, events: Bool) throws {
        self.configuration = configuration
        self.context = context
        self.frequency = frequency
        self.events = events
        policy = try FrequencyPolicy(configuration: configuration)
        annotator = events ? try CalendarAnnotator(context: context) : nil
        index = events ? try context.service(EventIndex.self) : nil
        parser = MetadataParser(options: ReaderOptions(configuration: configuration))
    }

    mutating func add(_ incoming: Draft) {
        guard let publishAt = incoming.metadata.publishAt, let cell = incoming.fields[.publishAt] else {
            untimed += 1
            return
        }
        var draft = incoming
        // Reading the tone costs more than the rest: read it when an event live at the draft's time
        // could matter (as event-collision does), and otherwise take the draft for a promotion, the
        // strictest reading, should a move for frequency land it in an event.
        var tone = (promotional: true, sympathetic: false)
        if let annotator {
            annotator.annotate(&draft, context: context)
            let at = publishAt
            if draft.liveEvents.contains(where: { EventCollisionRule.severity(of: $0, promotional: true, sympathetic: false, at: at) != nil }) {
                let read = Tone.of(draft)
                tone = (read.isPromotional, read.isSympathetic)
            }
        }
        let body = draft.parts.first { $0.kind == .body }?.range ?? 0..<0
        let suppressions = draft.suppressions
        func checks(_ rule: String) -> Bool { !suppressions.suppresses(rule: rule, at: cell.lowerBound) }
        drafts.append(Planned(
            row: draft.index, ordinal: drafts.count, time: publishAt.timeIntervalSince1970, account: draft.metadata.account,
            channels: draft.metadata.channels, isReply: ReplyDetection.isReply(draft.text.utf8.dropFirst(body.lowerBound).prefix(body.count)),
            regions: draft.metadata.regions, zone: draft.metadata.timeZone, promotional: tone.promotional, sympathetic: tone.sympathetic,
            cell: cell, cellText: String(decoding: draft.source.slice(cell), as: UTF8.self), position: draft.source.position(of: cell.lowerBound),
            checksFrequency: frequency && checks(PostingFrequencyRule.description.identifier),
            checksEvents: events && checks(EventCollisionRule.description.identifier)))
    }

    private struct LaneKey: Hashable {
        let account: String?
        let channel: Channel?
    }

    /// Places every draft in publish order and says which moved where.
    func plan() -> ReschedulePlan {
        var result = ReschedulePlan()
        result.draftCount = drafts.count + untimed
        result.untimed = untimed
        guard let earliest = drafts.map(\.time).min() else { return result }
        var lanes: [LaneKey: Lane] = [:]
        func lane(_ key: LaneKey) -> Lane {
            if let existing = lanes[key] { return existing }
            let made = Lane(account: key.account, channel: key.channel, limits: policy.limits(account: key.account, channel: key.channel))
            lanes[key] = made
            return made
        }
        if frequency, let history = try? context.service(PostingHistory.self) {
            for post in history.posts(after: Date(timeIntervalSince1970: earliest - policy.longestWindow)) {
                lane(LaneKey(account: post.account, channel: post.channel)).place(post.publishedAt.timeIntervalSince1970, reply: post.isReply)
            }
        }
        let dateFormat = configuration.schedule.dateFormat
        for draft in drafts.sorted(by: { ($0.time, $0.ordinal) < ($1.time, $1.ordinal) }) {
            let draftLanes = (draft.channels.isEmpty ? [nil] : draft.channels.map(Optional.some)).map { lane(LaneKey(account: draft.account, channel: $0)) }
            var constraints: [(reason: (Double) -> String, allowed: (Double) -> Double?)] = []

            // Keep each lane's order: after the previous draft of the lane, if that one moved past this one.
            if let (floor, line) = draftLanes.compactMap(\.last).max(by: { $0.time < $1.time }), floor > draft.time {
                constraints.append((reason: { _ in "keeps its place after line \(line), which moved to \(ISO8601.format(Date(timeIntervalSince1970: floor), in: draft.zone))" },
                                    allowed: { $0 > floor ? $0 : floor + 1 }))
            }
            if draft.checksFrequency {
                for lane in draftLanes {
                    // The closures read the lane's posts when called: holding a copy would make
                    // each later insertion copy the whole array.
                    for limit in lane.limits where limit.counts.includes(reply: draft.isReply) {
                        constraints.append((reason: { time in Self.limitReason(limit, lane: lane, at: time) },
                                            allowed: { lane.placed[limit.counts]!.earliestAllowed(from: $0, limit: limit) }))
                    }
                }
                if let quiet = policy.quietHours(account: draft.account) {
                    let zones = QuietHours.zones(regions: draft.regions, draftZone: draft.zone)
                    constraints.append((reason: { time in
                        let (zone, local) = quiet.quietZone(at: Date(timeIntervalSince1970: time), zones: zones)!
                        return "quiet hours \(quiet.description): \(QuietHours.clock(local.secondOfDay - local.second)) in \(zone.identifier)"
                    }, allowed: { quiet.earliestOutside(from: Date(timeIntervalSince1970: $0), zones: zones)?.timeIntervalSince1970 }))
                }
            }
            if draft.checksEvents, let index {
                constraints.append((reason: { time in
                    let blocking = EventCollisionRule.blockingEvents(index: index, audience: draft.regions, zone: draft.zone,
                                                                     promotional: draft.promotional, sympathetic: draft.sympathetic,
                                                                     at: Date(timeIntervalSince1970: time))
                    return "collides with " + blocking.map { "\($0.label) in \($0.regionsDescription)" }.joined(separator: ", ")
                }, allowed: {
                    EventCollisionRule.earliestClearTime(index: index, audience: draft.regions, zone: draft.zone, promotional: draft.promotional,
                                                         sympathetic: draft.sympathetic, from: Date(timeIntervalSince1970: $0)).timeIntervalSince1970
                }))
            }

            let blocked = constraints.filter { ($0.allowed(draft.time) ?? .infinity) > draft.time }
            var placedAt = draft.time
            if !blocked.isEmpty {
                let format = PublishTimeFormat(text: draft.cellText, zone: draft.zone, dateFormat: dateFormat, parser: parser)
                var all = constraints.map(\.allowed)
                if let format { all.append { format.earliestRepresentable(atOrAfter: $0) } }
                let reasons = blocked.map { $0.reason(draft.time) }
                let position = draft.position
                if let format, let time = SlotSearch.earliest(from: draft.time, constraints: all) {
                    let text = format.format(Date(timeIntervalSince1970: time))
                    placedAt = time
                    result.moves.append(ScheduleMove(row: draft.row, position: position, from: Date(timeIntervalSince1970: draft.time), to: Date(timeIntervalSince1970: time),
                                                     fromText: draft.cellText, toText: text, reasons: reasons))
                    result.replacements.append((draft.cell, Array(text.utf8)))
                } else {
                    let why = format == nil ? "its publish time '\(draft.cellText)' is in a form Gaffe cannot write back"
                        : "no later time breaks nothing (quiet hours around the clock for its audience, or an event without end)"
                    result.moves.append(ScheduleMove(row: draft.row, position: position, from: Date(timeIntervalSince1970: draft.time), to: nil,
                                                     fromText: draft.cellText, toText: nil, reasons: reasons + [why]))
                }
            }
            for lane in draftLanes {
                lane.place(placedAt, reply: draft.isReply)
                if placedAt >= (lane.last?.time ?? -.infinity) { lane.last = (placedAt, draft.position.line) }
            }
        }
        result.moves.sort { $0.row < $1.row }
        result.replacements.sort { $0.range.lowerBound < $1.range.lowerBound }
        return result
    }

    /// Why a limit refuses a time: the limit, where, and how many posts the fullest window holds.
    private static func limitReason(_ limit: WindowLimit, lane: Lane, at time: Double) -> String {
        let placed = lane.placed[limit.counts]!
        let place = PostingFrequencyMessages.place(account: lane.account, channel: lane.channel)
        var most = 0
        let near = placed.times[placed.upperBound(time - limit.within)..<placed.upperBound(time)]
        for start in [time - limit.within] + near {
            most = max(most, placed.count(after: start, upTo: start + limit.within))
        }
        let what = limit.kind == .limit ? "limit" : "norm"
        return "\(what) \(limit.id)\(place) (\(limit.phrase); \(most) already in the window)"
    }
}

/// Writes a file again with some byte ranges replaced, streaming, through a temporary file in the
/// same folder that is renamed over the target only when complete.
enum ScheduleWriter {
    static func write(input path: String, replacements: [(range: Range<Int>, bytes: [UInt8])], to output: String) throws {
        let directory = (output as NSString).deletingLastPathComponent
        let temporary = (directory.isEmpty ? "." : directory) + "/.\((output as NSString).lastPathComponent).gaffe-\(getpid()).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: nil), let handle = FileHandle(forWritingAtPath: temporary) else {
            throw UsageError("cannot write \(output)")
        }
        var offset = 0
        var next = 0
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20)
        do {
            try InputSource.file(path, format: .csv).chunks { chunk in
                for byte in chunk {
                    defer { offset += 1 }
                    if next < replacements.count, offset == replacements[next].range.lowerBound {
                        buffer += replacements[next].bytes
                    }
                    if next < replacements.count, replacements[next].range.contains(offset) {
                        if offset == replacements[next].range.upperBound - 1 { next += 1 }
                        continue
                    }
                    buffer.append(byte)
                }
                try handle.write(contentsOf: buffer)
                buffer.removeAll(keepingCapacity: true)
            }
            try handle.close()
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: temporary)
            throw UsageError("cannot write \(output): \(error)")
        }
        guard rename(temporary, output) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temporary)
            throw UsageError("cannot write \(output): \(reason)")
        }
    }
}
