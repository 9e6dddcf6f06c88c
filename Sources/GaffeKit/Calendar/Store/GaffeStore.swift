import Foundation
import GRDB

/// Gaffe's SQLite store: events imported and synced from feeds, each feed's HTTP cache state, and
/// (from the posting-frequency feature) publishing history. One file, `.gaffe/events.sqlite`
/// beside `.gaffe.yml` unless `--store` or `calendar.store` says otherwise.
///
/// The schema grows by migrations, listed in `StoreSchema.migrations`: a feature adds its tables
/// with one more named migration at the end of that list, and every store opened for writing is
/// brought up to date. Readers (`gaffe lint`) open the file read-only and never change it.
public final class GaffeStore: Sendable {
    let database: DatabaseQueue
    public let path: String

    /// A store that could not be opened or read.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Opens (and for writing, creates and migrates) the store at `path`.
    /// - Throws: `Failure` naming the file and what went wrong.
    public init(path: String, readOnly: Bool = false) throws {
        self.path = path
        do {
            var configuration = GRDB.Configuration()
            configuration.readonly = readOnly
            configuration.busyMode = .timeout(5)
            if !readOnly {
                let directory = (path as NSString).deletingLastPathComponent
                if !directory.isEmpty { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
            }
            database = try DatabaseQueue(path: path, configuration: configuration)
            if !readOnly { try StoreSchema.migrator.migrate(database) }
        } catch let error as DatabaseError {
            throw Failure(description: "cannot open the event store \(path): \(error.message ?? "\(error)")")
        } catch {
            throw Failure(description: "cannot open the event store \(path): \(error.localizedDescription)")
        }
    }

    /// The default store for a configuration: `.gaffe/events.sqlite` beside the configuration
    /// file (or in the current directory without one), unless `calendar.store` names another.
    public static func defaultPath(for configuration: Configuration, currentDirectory: String = FileManager.default.currentDirectoryPath) -> String {
        let base = configuration.baseDirectory.flatMap { $0.isEmpty ? nil : $0 } ?? currentDirectory
        if let configured = configuration.section(CalendarSettings.self).storePath {
            return configured.hasPrefix("/") ? configured : (base as NSString).appendingPathComponent(configured)
        }
        return (base as NSString).appendingPathComponent(".gaffe/events.sqlite")
    }

    /// Runs database work, turning SQLite errors into `Failure`s that name the store.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try database.read(body)
        } catch let error as DatabaseError {
            throw Failure(description: "cannot read the event store \(path): \(error.message ?? "\(error)")")
        }
    }

    func write<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try database.write(body)
        } catch let error as DatabaseError {
            throw Failure(description: "cannot write the event store \(path): \(error.message ?? "\(error)")")
        }
    }
}

/// The store's schema, as an ordered list of named migrations. Never edit a migration that has
/// shipped; add a new one.
public enum StoreSchema {
    public static let migrations: [(identifier: String, migrate: @Sendable (Database) throws -> Void)] = [
        ("events-v1", EventStore.createTables),
        ("feeds-v1", FeedState.createTable),
        ("history-v1", HistoryStore.createTable),
    ]

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for (identifier, migrate) in migrations {
            migrator.registerMigration(identifier, migrate: migrate)
        }
        return migrator
    }
}
