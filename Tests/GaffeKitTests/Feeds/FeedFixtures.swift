import Foundation
@testable import GaffeKit

/// Loads the feed fixtures under `Fixtures/feeds/<format>/`, byte for byte.
enum FeedFixtures {
    static let root = Fixtures.url("feeds")

    /// The fixture `format/name` as a `SourceText` whose path is `format/name`.
    static func source(_ relativePath: String) -> SourceText {
        let url = root.appendingPathComponent(relativePath)
        let data = (try? Data(contentsOf: url)) ?? Data()
        precondition(!data.isEmpty, "missing fixture \(relativePath)")
        return SourceText(path: relativePath, bytes: [UInt8](data))
    }

    /// Every fixture file name in one format folder, sorted.
    static func files(in format: String) -> [String] {
        let folder = root.appendingPathComponent(format)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0 != "SOURCES.md" }.sorted().map { "\(format)/\($0)" }
    }

    /// The 1-based line of a file offset.
    static func line(_ offset: Int, in source: SourceText) -> Int { source.position(of: offset).line }
}
