import Foundation
import Testing
@testable import GaffeKit

struct SHA256Tests {
    /// FIPS 180-4 / NIST CSRC example vectors.
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
    ])
    func knownAnswers(_ input: String, _ digest: String) {
        #expect(SHA256.hex(input) == digest)
    }

    @Test func millionAsAcrossBlockBoundariesInPieces() {
        var hasher = SHA256()
        for size in [1, 63, 64, 65, 127, 999_680] { hasher.update([UInt8](repeating: 0x61, count: size)) }
        #expect(SHA256.hexString(hasher.finalize()) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Sequences without contiguous storage take the byte-by-byte path, mixed with the fast one.
    @Test func mixedSequenceKinds() {
        var hasher = SHA256()
        hasher.update(AnySequence(Array("abcdbcdecdefdefgefghfghighijhijk".utf8)))
        hasher.update(Array("ijkljklmklmnlmnomnopnopq".utf8))
        #expect(SHA256.hexString(hasher.finalize()) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func multiByteText() {
        // Python: hashlib.sha256("café 🌸".encode()).hexdigest()
        #expect(SHA256.hex("café 🌸") == "fe929d88fcba4c2853f572146271b203fcdc1b077a7254247593f9ef66d4d295")
    }
}

/// Fingerprints survive edits elsewhere in the file and change when the problem itself changes.
struct FindingFingerprintTests {
    private func fingerprints(_ text: String, format: InputFormat = .text, path: String? = nil) throws -> [String] {
        var counter = FingerprintCounter()
        return try TestLinting.lint(text, format: format, rules: ["placeholder", "input"], path: path).findings.map { counter.fingerprint(for: $0) }
    }

    @Test func survivesLinesAddedAboveAndRewrapping() throws {
        let original = try fingerprints("---\ntitle: Menu\n---\nHi {{first_name}}, the menu is TK.\n", format: .markdown)
        let moved = try fingerprints("---\ntitle: Menu\n---\nA new opening paragraph.\n\nAnd another one.\n\nHi {{first_name}},\nthe menu is TK.\n",
                                     format: .markdown)
        #expect(original.count == 2)
        #expect(original == moved)
        let crlf = try fingerprints("---\r\ntitle: Menu\r\n---\r\nHi {{first_name}}, the menu is TK.\r\n", format: .markdown)
        #expect(crlf == original)
    }

    @Test func survivesRowsInsertedAboveInASchedule() throws {
        let header = "publish_at,channel,account,text\n"
        let row = "2026-03-01T09:00:00Z,x,acme,Hi {{first_name}}!\n"
        let original = try fingerprints(header + row, format: .csv)
        let later = try fingerprints(header + "2026-02-01T09:00:00Z,x,acme,Clean post\n" + row, format: .csv)
        #expect(original.count == 1 && original == later)
        // Another post (another time or account) with the same placeholder is another finding.
        let otherTime = try fingerprints(header + "2026-03-02T09:00:00Z,x,acme,Hi {{first_name}}!\n", format: .csv)
        let otherAccount = try fingerprints(header + "2026-03-01T09:00:00Z,x,beans,Hi {{first_name}}!\n", format: .csv)
        #expect(otherTime != original && otherAccount != original)
    }

    @Test func changesWithTheRuleOrTheMatchedText() throws {
        let base = try fingerprints("Hi {{first_name}}!")
        #expect(try fingerprints("Hi {{last_name}}!") != base)
        #expect(try fingerprints("Hello there {{First_Name}}!") == base, "case differences are the same problem")
        let finding = try TestLinting.lint("Hi {{first_name}}!", rules: ["placeholder"]).findings[0]
        var other = finding
        other.ruleID = "length"
        #expect(FindingFingerprint.hash(of: other) != FindingFingerprint.hash(of: finding))
        var elsewhere = finding
        elsewhere.location = SourceLocation(path: "other.txt", byteRange: 40..<54, start: SourcePosition(line: 9, column: 2),
                                            end: SourcePosition(line: 9, column: 16))
        #expect(FindingFingerprint.hash(of: elsewhere) == FindingFingerprint.hash(of: finding), "the place is not part of the hash")
        #expect(FindingFingerprint.hash(of: finding).count == 32)
    }

    @Test func repeatsInOneDraftAreNumberedAndEachDraftStartsAgain() throws {
        let twice = try fingerprints("Hi {{first_name}} and {{first_name}}.")
        #expect(twice.count == 2)
        #expect(twice[0].hasSuffix(":1") && twice[1].hasSuffix(":2"))
        #expect(twice[0].dropLast(2) == twice[1].dropLast(2))
        let rows = try fingerprints("publish_at,text\n2026-03-01T09:00:00Z,Hi {{x}}\n2026-03-02T09:00:00Z,Hi {{x}}\n", format: .csv)
        #expect(rows.map { $0.suffix(2) } == [":1", ":1"])
    }

    @Test(arguments: [
        ("  Hello\u{00A0}\n\tWorld  ", "hello world"),
        ("Cafe\u{0301}", "café"),
        ("{{First_Name}}", "{{first_name}}"),
        ("", ""),
    ])
    func normalization(_ input: String, _ expected: String) {
        #expect(FindingFingerprint.normalize(input) == expected)
    }
}
