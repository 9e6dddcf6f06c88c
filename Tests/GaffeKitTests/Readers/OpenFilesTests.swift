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

    /// Ranges within a block, across blocks and past the end read what the file holds, from
    /// blocks kept or read again after more blocks than are kept were read.
    @Test func rangesAcrossBlocksReadWhatTheFileHolds() throws {
        let folder = try TemporaryFolder("open-files-blocks")
        let size = OpenFiles.blockSize * (OpenFiles.blockLimit + 3) + 123
        let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 / 251) }
        let path = folder.path("big.bin")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let files = OpenFiles()
        let block = OpenFiles.blockSize
        let ranges = [0..<10, (block - 5)..<(block + 5), (3 * block - 1)..<(5 * block + 1), (size - 7)..<(size + 50), 100..<200,
                      (OpenFiles.blockLimit + 2) * block..<((OpenFiles.blockLimit + 2) * block + 9), 0..<10, (block - 5)..<(block + 5)]
        for range in ranges {
            let expected = Array(bytes[range.clamped(to: 0..<size)])
            #expect(files.read(path: path, range: range) == expected, "\(range)")
        }
        #expect(files.read(path: path, range: (size + 10)..<(size + 20)) == [])
    }
}
