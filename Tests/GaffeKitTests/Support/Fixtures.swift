import Foundation

/// Test fixtures live beside the tests in the source tree (`Tests/GaffeKitTests/Fixtures`).
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static func url(_ relative: String) -> URL { root.appendingPathComponent(relative) }

    static func path(_ relative: String) -> String { url(relative).path }

    /// Every file under a fixture folder with one of the extensions, sorted.
    static func files(under relative: String, extensions: Set<String>) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: path(relative)) else { return [] }
        return walker.compactMap { $0 as? String }
            .filter { extensions.contains(($0 as NSString).pathExtension.lowercased()) }
            .sorted()
            .map { path(relative) + "/" + $0 }
    }
}
