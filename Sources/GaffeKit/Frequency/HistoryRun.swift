import Foundation

/// What a `gaffe history …` command was asked to do.
public struct HistoryRequest: Sendable {
    public var configurationPath: String?
    public var noConfiguration = false
    /// `--store`; default `.gaffe/events.sqlite` beside the configuration.
    public var storePath: String?
    /// The import time for `import`.
    public var at: Date?
    /// `list`: posts published after `since` and up to `until`.
    public var since: Date?
    public var until: Date?
    public var account: String?
    public var channel: Channel?
    public var format = "text"

    public init() {}
}

/// Runs `gaffe history import | list`: posts that already went out, kept in the same SQLite store as
/// events, so `gaffe lint` and `gaffe reschedule` count yesterday's posts at the start of a schedule.
public enum HistoryRun {
    /// `gaffe history import FILE...`: reads each export and stores its posts; a post already
    /// stored stays one. Problems print as `path:line:column: severity: message`.
    /// - Returns: 0, or 1 when a file had errors.
    public static func importFiles(_ paths: [String], request: HistoryRequest, out: (String) -> Void, err: (String) -> Void) throws -> Int32 {
        guard !paths.isEmpty else { throw UsageError("no files to import; pass history exports (CSV or JSON Lines with published_at, account, channel)") }
        let configuration = try loadConfiguration(request)
        let reader = HistoryReader(configuration: configuration)
        let store = try openStore(request, configuration: configuration)
        var status: Int32 = 0
        var total = HistoryStore.Changes()
        for path in paths {
            var posts: [HistoryPost] = []
            do {
                try reader.read(path: path, emit: { posts.append($0) }, fail: { problem, source in
                    err(EventsRun.describe(problem, in: source))
                    if problem.severity == .error { status = 1 }
                })
            } catch let error as UsageError {
                err("gaffe: error: \(error.description)")
                status = 1
                continue
            }
            let changes = try HistoryStore(store).save(posts, now: request.at ?? Date())
            total.added += changes.added
            total.unchanged += changes.unchanged
            out("\(path): \(posts.count) post\(posts.count == 1 ? "" : "s") (\(changes.description))")
        }
        if paths.count > 1 { out("total: \(total.description); the store at \(store.path) holds \(try HistoryStore(store).count()) posts") }
        return status
    }

    /// `gaffe history list`: stored posts in time order, filtered by time, account and channel.
    public static func list(request: HistoryRequest, out: (String) -> Void) throws -> Int32 {
        let configuration = try loadConfiguration(request)
        let path = request.storePath ?? GaffeStore.defaultPath(for: configuration)
        guard FileManager.default.fileExists(atPath: path) else {
            if request.storePath != nil { throw UsageError("no store at \(path)") }
            out(request.format == "json" ? "[]" : "no history stored (gaffe history import FILE... adds some)")
            return 0
        }
        if let since = request.since, let until = request.until, until <= since { throw UsageError("--until must be after --since") }
        let posts: [HistoryPost]
        do {
            posts = try HistoryStore(GaffeStore(path: path, readOnly: true))
                .posts(after: request.since, until: request.until, account: request.account, channel: request.channel)
        } catch let error as GaffeStore.Failure {
            throw UsageError(error.description)
        }
        switch request.format {
        case "json":
            out(JSONValue.array(posts.map(json)).serialized)
        case "text":
            if posts.isEmpty { out("no posts match") }
            for post in posts {
                let text = (post.text ?? "").replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
                out("\(ISO8601.format(post.publishedAt))\t\(post.account ?? "-")\t\(post.channel?.rawValue ?? "-")\t\(text)")
            }
        default:
            throw UsageError("unknown format '\(request.format)' for history list; use text or json")
        }
        return 0
    }

    static func json(_ post: HistoryPost) -> JSONValue {
        var object: [(String, JSONValue)] = [("published_at", .string(ISO8601.format(post.publishedAt)))]
        if let account = post.account { object.append(("account", .string(account))) }
        if let channel = post.channel { object.append(("channel", .string(channel.rawValue))) }
        if post.isReply { object.append(("reply", .bool(true))) }
        if let text = post.text { object.append(("text", .string(text))) }
        object.append(("source", .string("\(post.location.path):\(post.location.start.line)")))
        return .object(.init(uniqueKeysWithValues: object))
    }

    static func loadConfiguration(_ request: HistoryRequest) throws -> Configuration {
        var events = EventsRequest()
        events.configurationPath = request.configurationPath
        events.noConfiguration = request.noConfiguration
        return try EventsRun.loadConfiguration(events)
    }

    static func openStore(_ request: HistoryRequest, configuration: Configuration) throws -> GaffeStore {
        var events = EventsRequest()
        events.storePath = request.storePath
        return try EventsRun.openStore(events, configuration: configuration)
    }
}
