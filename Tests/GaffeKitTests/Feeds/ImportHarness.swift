import Foundation
import Testing
@testable import GaffeKit

/// What an importer made of one file, with helpers for exact expectations.
struct Imported {
    let source: SourceText
    let result: ImportResult

    var events: [Event] { result.events }
    var ids: [String] { result.events.map(\.id) }

    func event(_ id: String) -> Event? { result.events.first { $0.id == id } }

    /// Problems as `line:column severity`, in file order.
    var problemPlaces: [String] {
        result.problems.map { problem in
            let position = source.position(of: problem.range.lowerBound)
            return "\(position.line):\(position.column) \(problem.severity.rawValue)"
        }
    }

    func problems(_ severity: Severity) -> [InputProblem] { result.problems.filter { $0.severity == severity } }

    /// The 1-based lines of the problems of one severity.
    func lines(_ severity: Severity) -> [Int] { problems(severity).map { source.position(of: $0.range.lowerBound).line } }
}

enum ImportHarness {
    /// Reads a fixture with the importer `BuiltInImporters` picks for it, checking it is `expected`.
    static func fixture(_ path: String, expected: any FeedImporter.Type, options: ImportOptions = ImportOptions()) -> Imported {
        let source = FeedFixtures.source(path)
        let picked = BuiltInImporters.importer(for: path, head: source.bytes.prefix(4096))
        #expect(picked.map { $0.name } == expected.name, "\(path) should be read by \(expected.name)")
        return Imported(source: source, result: expected.init().read(source, options: options))
    }

    /// Reads text held in memory.
    static func text(_ text: String, path: String = "feed.xml", with importer: any FeedImporter.Type,
                     options: ImportOptions = ImportOptions()) -> Imported {
        let source = SourceText(path: path, bytes: Array(text.utf8))
        return Imported(source: source, result: importer.init().read(source, options: options))
    }

    static func date(_ text: String) -> Date { FeedDates.iso(text)!.date }

    static let day: TimeInterval = 86_400
}

extension Event {
    var regionCodes: [String] { regions.map(\.code) }
    var sensitiveEnd: Date { end.addingTimeInterval(grace) }
}
