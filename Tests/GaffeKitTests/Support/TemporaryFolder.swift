import Foundation

/// A folder of its own under the system's temporary directory (`TestPaths.temporaryDirectory`),
/// removed when the value is.
final class TemporaryFolder: @unchecked Sendable {
    let url: URL

    init(_ label: String = "gaffe") throws {
        url = try TestPaths.temporaryDirectory(label)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    /// A path inside the folder.
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// Writes a text file into the folder and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try text.write(toFile: path(name), atomically: true, encoding: .utf8)
        return path(name)
    }
}
