import Foundation
import Testing
@testable import GaffeKit

/// Prints what importers make of every fixture (run with `swift test --filter FeedDump`).
struct FeedDump {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["GAFFE_FEED_DUMP"] != nil))
    func dump() {
        let filter = ProcessInfo.processInfo.environment["GAFFE_FEED_DUMP"] ?? ""
        for format in ["cap", "nws", "gdacs", "usgs", "rss", "atom"] {
            for path in FeedFixtures.files(in: format) where filter.isEmpty || path.contains(filter) {
                let source = FeedFixtures.source(path)
                guard let importer = BuiltInImporters.importer(for: path, head: source.bytes.prefix(4096)) else {
                    print("== \(path): no importer")
                    continue
                }
                let result = importer.init().read(source, options: ImportOptions())
                print("== \(path) [\(importer.name)] events=\(result.events.count) cancelled=\(result.cancelled) superseded=\(result.superseded.count)")
                for problem in result.problems {
                    let position = source.position(of: problem.range.lowerBound)
                    print("   ! \(position.line):\(position.column) \(problem.severity) \(problem.message)")
                }
                for event in result.events {
                    print("   - \(event.id) line=\(event.source.line ?? 0) \(event.kind.rawValue)/\(event.severity.rawValue) [\(event.sourceKind ?? "")] \(event.regions.map(\.code).joined(separator: " ")) \(ISO8601.format(event.start))..\(ISO8601.format(event.end)) grace=\(Int(event.grace / 3600))h")
                    print("     title=\(event.title) kw=\(event.keywords) notes=\(event.notes)")
                }
            }
        }
    }
}
