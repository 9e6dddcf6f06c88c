import Foundation
import Testing
@testable import GaffeKit

/// Excerpts of findings across the batch are read again from their files, through a bounded set
/// of open descriptors.
struct OpenFilesTests {
    @Test func readsEveryFileWithFewerDescriptorsThanFiles() throws {
        let folder = try TemporaryFolder("open-files")
        let paths = try (0..<5).map { try folder.write("f\($0).txt", "file \($0): hello") }
        let files = OpenFiles(limit: 2)
        // Round-robin twice, so every file is closed and opened again.
        for _ in 0..<2 {
            for (index, path) in paths.enumerated() {
                #expect(files.read(path: path, range: 0..<6) == Array("file \(index)".utf8))
                #expect(files.read(path: path, range: 8..<13) == Array("hello".utf8))
                #expect(files.openCount <= 2)
            }
        }
        #expect(files.read(path: paths[0], range: 10..<100) == Array("llo".utf8), "fewer bytes at the end")
        #expect(files.read(path: folder.path("missing.txt"), range: 0..<4) == nil)
    }
}
