import Foundation

/// Places in the source tree, found from this file's own path, so tests read fixtures and docs
/// where they are checked in (and golden files can be re-recorded there).
enum TestPaths {
    /// `Tests/GaffeKitTests`.
    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    /// The package root (holds `Package.swift`).
    static let packageRoot = testsDirectory.deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = testsDirectory.appendingPathComponent("Fixtures")

    static let sarifSchema = fixtures.appendingPathComponent("schemas/sarif-schema-2.1.0.json")
    /// The JSON format's contract, read where it is documented.
    static let jsonSchema = packageRoot.appendingPathComponent("docs/gaffe-json.schema.json")

    /// A fresh, empty folder under the system's temporary directory.
    static func temporaryDirectory(_ name: String = #function) throws -> URL {
        let safe = name.filter { $0.isLetter || $0.isNumber }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("gaffe-\(safe)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
