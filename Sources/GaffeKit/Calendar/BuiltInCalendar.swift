import Foundation

/// The calendar that ships inside Gaffe: remembrance days, national days of mourning and
/// anniversaries of mass-casualty events, from the YAML files under `lexicons/calendar/`
/// (embedded at build time). Each entry cites its source; docs/calendar.md lists them all.
public final class BuiltInCalendar: Sendable {
    /// The embedded calendar, read once. Its validity is guarded by tests, so a broken file is a
    /// programming error.
    public static let shared: BuiltInCalendar = {
        do {
            return try BuiltInCalendar(files: EmbeddedResources.files.filter { $0.key.hasPrefix("calendar/") && $0.key.hasSuffix(".yml") })
        } catch {
            preconditionFailure("built-in calendar is invalid: \(error)")
        }
    }()

    public let entries: [CalendarEntry]

    /// Reads calendar files (`entries:` lists), strictly.
    /// - Parameter files: file text by path relative to `lexicons/`.
    /// - Throws: `YAMLError` at the line of the first problem.
    public init(files: [String: String]) throws {
        var entries: [CalendarEntry] = []
        var seen: [String: String] = [:]
        for (path, text) in files.sorted(by: { $0.key < $1.key }) {
            let location = "lexicons/" + path
            let root = try StrictYAML.parse(text, path: location).mapping()
            _ = try root.read("name", as: String.self)
            let list = try root.require("entries", as: YAMLNode.self)
            entries += try CalendarEntry.list(list, origin: .builtIn, location: location, requireSource: true, seen: &seen)
            try root.finish()
        }
        self.entries = entries
    }

    /// Occurrences whose windows (with grace) overlap an interval, leaving out skipped entries.
    public func events(overlapping interval: DateInterval, skipping skip: Set<String> = []) -> [Event] {
        entries.filter { !skip.contains($0.id) }.flatMap { $0.events(overlapping: interval) }
    }
}
