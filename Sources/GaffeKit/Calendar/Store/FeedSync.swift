import Foundation
import GRDB
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// What the store remembers of each feed between syncs: the validators for conditional requests
/// (ETag, Last-Modified) and how the last fetch went.
public struct FeedState: Sendable, Hashable {
    public var url: String
    public var etag: String?
    public var lastModified: String?
    public var fetchedAt: Date?
    /// The last HTTP status (0 when the request failed before a response).
    public var status: Int
    public var error: String?

    static func createTable(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE feed (
                url TEXT PRIMARY KEY NOT NULL,
                etag TEXT,
                last_modified TEXT,
                fetched_at REAL,
                status INTEGER NOT NULL,
                error TEXT
            )
            """)
    }

    static func load(_ url: String, from store: GaffeStore) throws -> FeedState? {
        try store.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM feed WHERE url = ?", arguments: [url]).map { row in
                FeedState(url: row["url"], etag: row["etag"], lastModified: row["last_modified"],
                          fetchedAt: (row["fetched_at"] as Double?).map(Date.init(timeIntervalSince1970:)), status: row["status"],
                          error: row["error"])
            }
        }
    }

    func save(in db: Database) throws {
        try db.execute(sql: """
            INSERT OR REPLACE INTO feed (url, etag, last_modified, fetched_at, status, error) VALUES (?, ?, ?, ?, ?, ?)
            """, arguments: [url, etag, lastModified, fetchedAt?.timeIntervalSince1970, status, error])
    }
}

/// A response as `gaffe events sync` needs it.
public struct FeedResponse: Sendable {
    public var status: Int
    public var headers: [String: String]
    public var body: [UInt8]

    public init(status: Int, headers: [String: String], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A header by case-insensitive name.
    public func header(_ name: String) -> String? {
        headers.first { $0.key.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}

/// Fetches a URL with request headers, a timeout and a size cap.
public protocol FeedFetcher: Sendable {
    /// - Throws: `FeedSync.FetchError` for timeouts, oversized bodies and network failures.
    func fetch(_ url: URL, headers: [String: String], timeout: TimeInterval, maxSize: Int) throws -> FeedResponse
}

/// Fetches feeds and stores their events: `gaffe events sync`.
public enum FeedSync {
    /// Why a fetch failed.
    public struct FetchError: Error, CustomStringConvertible {
        public var description: String

        public init(_ description: String) {
            self.description = description
        }
    }

    /// How one feed went.
    public enum Outcome: Sendable {
        case imported(EventStore.Changes, problems: [InputProblem], source: SourceText)
        case notModified
        case failed(String)
    }

    /// Fetches one feed (conditionally, with the validators from its last fetch), imports it and
    /// records the outcome. Never throws: a failure is an outcome, so the other feeds go on.
    public static func sync(_ feed: FeedSettings, into store: GaffeStore, fetcher: some FeedFetcher = URLSessionFeedFetcher(),
                            now: Date = Date()) -> Outcome {
        guard let url = URL(string: feed.url) else { return .failed("not a URL") }
        let previous = (try? FeedState.load(feed.url, from: store)) ?? nil
        var headers = ["Accept": "application/rss+xml, application/atom+xml, application/xml, text/calendar, application/json;q=0.9, */*;q=0.5",
                       "User-Agent": "gaffe/\(Gaffe.version) (+https://github.com/gaffe)"]
        if let etag = previous?.etag { headers["If-None-Match"] = etag }
        if let lastModified = previous?.lastModified { headers["If-Modified-Since"] = lastModified }
        var state = FeedState(url: feed.url, etag: previous?.etag, lastModified: previous?.lastModified, fetchedAt: now, status: 0)
        func record(_ outcome: Outcome) -> Outcome {
            if case .failed(let message) = outcome { state.error = message }
            do {
                try store.write { db in try state.save(in: db) }
            } catch {
                return .failed("\(error)")
            }
            return outcome
        }
        let response: FeedResponse
        do {
            response = try fetcher.fetch(url, headers: headers, timeout: feed.timeout, maxSize: feed.maxSize)
        } catch {
            return record(.failed("\(error)"))
        }
        state.status = response.status
        if response.status == 304 { return record(.notModified) }
        guard (200..<300).contains(response.status) else {
            return record(.failed("HTTP \(response.status) \(HTTPURLResponse.localizedString(forStatusCode: response.status))"))
        }
        let source = SourceText(path: feed.url, bytes: response.body)
        let importer: (any FeedImporter.Type)?
        if let format = feed.format {
            importer = BuiltInImporters.all.first { $0.name == format }
        } else {
            importer = BuiltInImporters.importer(for: url.path, head: response.body.prefix(512))
        }
        guard let importer else {
            return record(.failed("cannot tell the feed's format from its address or content; set 'format' for it in .gaffe.yml"))
        }
        let result = importer.init().read(source, options: feed.importOptions)
        if result.events.isEmpty, result.recurring.isEmpty, result.problems.contains(where: { $0.severity == .error }) {
            // Keep the old validators so the next sync fetches the feed again.
            return record(.failed("the feed could not be read: \(result.problems.first { $0.severity == .error }!.message)"))
        }
        do {
            let changes = try EventStore(store).save(result, now: now)
            state.etag = response.header("ETag")
            state.lastModified = response.header("Last-Modified")
            state.error = nil
            return record(.imported(changes, problems: result.problems, source: source))
        } catch {
            return record(.failed("\(error)"))
        }
    }
}

/// `FeedFetcher` over `URLSession`, streaming the body so an oversized response is cut off as soon
/// as it passes the cap. `file:` URLs are read from disk.
public struct URLSessionFeedFetcher: FeedFetcher {
    public init() {}

    public func fetch(_ url: URL, headers: [String: String], timeout: TimeInterval, maxSize: Int) throws -> FeedResponse {
        if url.isFileURL {
            guard let handle = FileHandle(forReadingAtPath: url.path) else { throw FeedSync.FetchError("cannot read \(url.path)") }
            defer { try? handle.close() }
            let data = handle.readData(ofLength: maxSize + 1)
            guard data.count <= maxSize else { throw FeedSync.FetchError("larger than max_size (\(maxSize) bytes)") }
            return FeedResponse(status: 200, headers: [:], body: Array(data))
        }
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout * 3
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        let collector = ResponseCollector(maxSize: maxSize)
        let session = URLSession(configuration: configuration, delegate: collector, delegateQueue: nil)
        defer { session.invalidateAndCancel() }
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        session.dataTask(with: request).resume()
        return try collector.wait(timeout: timeout * 3 + 5)
    }
}

/// Collects one response for `URLSessionFeedFetcher`.
private final class ResponseCollector: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    private let maxSize: Int
    private let done = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var status = 0
    private var headers: [String: String] = [:]
    private var body: [UInt8] = []
    private var failure: FeedSync.FetchError?

    init(maxSize: Int) {
        self.maxSize = maxSize
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        let http = response as? HTTPURLResponse
        lock.lock()
        status = http?.statusCode ?? 0
        for (key, value) in http?.allHeaderFields ?? [:] {
            if let key = key as? String, let value = value as? String { headers[key] = value }
        }
        let declared = response.expectedContentLength
        if declared > Int64(maxSize) { failure = FeedSync.FetchError("response of \(declared) bytes is larger than max_size (\(maxSize) bytes)") }
        lock.unlock()
        completionHandler(declared > Int64(maxSize) ? .cancel : .allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        lock.lock()
        body.append(contentsOf: data)
        let tooLarge = body.count > maxSize
        if tooLarge, failure == nil { failure = FeedSync.FetchError("response is larger than max_size (\(maxSize) bytes)") }
        lock.unlock()
        if tooLarge { dataTask.cancel() }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        lock.lock()
        if failure == nil, let error {
            let code = (error as NSError).code
            failure = FeedSync.FetchError(code == NSURLErrorTimedOut ? "timed out" : error.localizedDescription)
        }
        lock.unlock()
        done.signal()
    }

    func wait(timeout: TimeInterval) throws -> FeedResponse {
        if done.wait(timeout: .now() + timeout) == .timedOut { throw FeedSync.FetchError("timed out") }
        lock.lock()
        defer { lock.unlock() }
        if let failure { throw failure }
        return FeedResponse(status: status, headers: headers, body: body)
    }
}
