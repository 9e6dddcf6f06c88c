import Foundation
import Testing
@testable import GaffeKit

/// `gaffe lexicon scan`: the matcher alone over a file of posts, its lines shared among threads.
struct LexiconScanTests {
    /// A file of about 2 MB (several shares per block) with a known term on known lines, a CRLF
    /// line and a last line without a newline.
    private func file(in folder: URL) throws -> (path: String, matchingLines: [Int]) {
        var text = ""
        var matching: [Int] = []
        for line in 1...40_000 {
            if line % 7 == 0 {
                text += "line \(line): a killer deal on boots\n"
                matching.append(line)
            } else if line == 40_000 {
                text += "the last killer deal"
                matching.append(line)
            } else if line == 12_345 {
                text += "a blowout sale, with CRLF\r\n"
                matching.append(line)
            } else {
                text += "line \(line): our spring collection just landed, come in\n"
            }
        }
        let path = folder.appendingPathComponent("posts.txt").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return (path, matching)
    }

    @Test func threadsFindWhatOneThreadFindsInOrder() throws {
        let temporary = try TemporaryFolder("lexicon-scan")
        let (path, expected) = try file(in: temporary.url)
        let scan = LexiconScan(lexicon: BuiltInLexicons.defaultLexicon(.terms))
        var results: [[String]] = []
        // Blocks of 4 MB (the whole file in one), and of 64 KB and 100 bytes: lines carried from
        // one block to the next, and a block that grows to hold a line.
        for (threads, blockSize) in [(1, 1 << 22), (2, 1 << 22), (5, 1 << 22), (2, 1 << 16), (3, 100)] {
            var found: [String] = []
            let summary = try scan.scan(path: path, threads: threads, blockSize: blockSize) { line, match, bytes in
                found.append("\(line):\(String(decoding: UnsafeBufferPointer(rebasing: bytes[match.range]), as: UTF8.self))")
            }
            #expect(summary.lines == 40_000, "threads: \(threads), block: \(blockSize)")
            #expect(summary.matchingLines == expected.count, "threads: \(threads), block: \(blockSize)")
            #expect(summary.bytes == (try Data(contentsOf: URL(fileURLWithPath: path))).count)
            #expect(found.map { Int($0.split(separator: ":")[0])! } == expected, "threads: \(threads), block: \(blockSize)")
            results.append(found)
        }
        #expect(results.allSatisfy { $0 == results[0] })
        #expect(results[0].contains("12345:blowout sale"))
        #expect(results[0].last == "40000:killer deal")
    }

    @Test func anUnreadableFileIsAUsageError() {
        #expect(throws: UsageError.self) {
            _ = try LexiconScan(lexicon: BuiltInLexicons.defaultLexicon(.terms)).scan(path: "/nonexistent/posts.txt")
        }
    }
}
