import Foundation
import GRDB

/// The history part of Gaffe's store: one row per post and channel, keyed by account, channel,
/// time and a digest of the text, so importing the same export twice leaves one row per post.
public struct HistoryStore: Sendable {
    public let store: GaffeStore

    public init(_ store: GaffeStore) {
        self.store = store
    }

    /// What one import changed.
    public struct Changes: Sendable, Hashable {
        public var added = 0
        public var unchanged = 0

        public init() {}

        public var description: String { "\(added) added, \(unchanged) already stored" }
    }

    /// The `history-v1` migration.
    static func createTable(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE history (
                account TEXT NOT NULL,
                channel TEXT NOT NULL,
                published_at REAL NOT NULL,
                text_digest TEXT NOT NULL,
                text TEXT,
                is_reply INTEGER NOT NULL,
                source_path TEXT NOT NULL,
                source_start INTEGER NOT NULL,
                source_end INTEGER NOT NULL,
                start_line INTEGER NOT NULL,
                start_column INTEGER NOT NULL,
                end_line INTEGER NOT NULL,
                end_column INTEGER NOT NULL,
                imported_at REAL NOT NULL,
                PRIMARY KEY (account, channel, published_at, text_digest)
            );
            CREATE INDEX history_time ON history(published_at);
            """)
    }

    /// Stores posts; those already stored are left as they are.
    @discardableResult
    public func save(_ posts: [HistoryPost], now: Date = Date()) throws -> Changes {
        try store.write { db in
            var changes = Changes()
            let statement = try db.makeStatement(sql: """
                INSERT OR IGNORE INTO history (account, channel, published_at, text_digest, text, is_reply, source_path,
                    source_start, source_end, start_line, start_column, end_line, end_column, imported_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for post in posts {
                let location = post.location
                try statement.execute(arguments: [
                    post.account ?? "", post.channel?.rawValue ?? "", post.publishedAt.timeIntervalSince1970,
                    SHA256.hex(post.text ?? ""), post.text, post.isReply, location.path, location.byteRange.lowerBound,
                    location.byteRange.upperBound, location.start.line, location.start.column, location.end.line,
                    location.end.column, now.timeIntervalSince1970,
                ])
                if db.changesCount > 0 { changes.added += 1 } else { changes.unchanged += 1 }
            }
            return changes
        }
    }

    /// Stored posts, in time order, filtered by time (after `after`, up to `until`), account and channel.
    public func posts(after: Date? = nil, until: Date? = nil, account: String? = nil, channel: Channel? = nil) throws -> [HistoryPost] {
        try store.read { db in
            guard try db.tableExists("history") else { return [] }
            var conditions: [String] = []
            var arguments: [any DatabaseValueConvertible] = []
            if let after {
                conditions.append("published_at > ?")
                arguments.append(after.timeIntervalSince1970)
            }
            if let until {
                conditions.append("published_at <= ?")
                arguments.append(until.timeIntervalSince1970)
            }
            if let account {
                conditions.append("account = ?")
                arguments.append(account)
            }
            if let channel {
                conditions.append("channel = ?")
                arguments.append(channel.rawValue)
            }
            let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM history \(filter) ORDER BY published_at, account, channel",
                                        arguments: StatementArguments(arguments))
            return rows.map { row in
                let account: String = row["account"]
                let channel: String = row["channel"]
                let location = SourceLocation(path: row["source_path"], byteRange: (row["source_start"] as Int)..<(row["source_end"] as Int),
                                              start: SourcePosition(line: row["start_line"], column: row["start_column"]),
                                              end: SourcePosition(line: row["end_line"], column: row["end_column"]))
                return HistoryPost(publishedAt: Date(timeIntervalSince1970: row["published_at"]), account: account.isEmpty ? nil : account,
                                   channel: Channel(rawValue: channel), isReply: row["is_reply"], text: row["text"], location: location)
            }
        }
    }

    /// How many posts the store holds.
    public func count() throws -> Int {
        try store.read { db in
            guard try db.tableExists("history") else { return 0 }
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM history") ?? 0
        }
    }
}
