import Foundation
import Testing
@testable import GaffeKit

/// A property test: in random documents of every format, built from pieces that make a reader's
/// text differ from its file (markup, entities, escapes, emoji, combining marks, tabs, CRLF, bare
/// CR, CSV quoting, JSON escapes), every finding's range slices the file to exactly the
/// placeholder it names, and its line and column are those an editor shows.
struct PositionPropertyTests {
    /// A small deterministic generator (SplitMix64), so failures reproduce.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Builds a document and remembers where each placeholder went.
    struct Document {
        var text = ""
        var expected: [Range<Int>] = []
        var counter = 0

        mutating func add(_ piece: String) { text += piece }

        mutating func placeholder(_ generator: inout Generator) {
            counter += 1
            let forms = ["{{token_\(counter)}}", "[INSERT LINK \(counter)]", "%NAME\(counter)%", "*|MERGE\(counter)|*", "{first_\(counter)}"]
            let token = forms[Int.random(in: 0..<forms.count, using: &generator)]
            let start = text.utf8.count
            text += token
            expected.append(start..<text.utf8.count)
        }
    }

    static let words = ["the", "\"said\"", "sale", "Café", "naïve", "日本語", "👍🏽", "👨‍👩‍👧", "e\u{301}", "über", "x", "A&B", "50%", "$20"]

    static func prose(_ generator: inout Generator, _ document: inout Document, lineBreak: String, markdown: Bool, html: Bool) {
        for _ in 0..<Int.random(in: 3...12, using: &generator) {
            let roll = Int.random(in: 0..<20, using: &generator)
            switch roll {
            case 0...9: document.add(words[Int.random(in: 0..<words.count, using: &generator)].replacingOccurrences(of: "&", with: html || markdown ? "&amp;" : "&"))
            case 10: document.add("\t")
            case 11: document.placeholder(&generator)
            case 12 where markdown: document.add("**bold**")
            case 13 where markdown: document.add("\\*")
            case 14 where markdown || html: document.add("&eacute;")
            case 15 where markdown: document.add("`code {{no}}`")
            case 16 where html: document.add("<b>bold</b>")
            // A line break never leaves a blank or white-space-only line, which would end the block.
            case 17: document.add(lineBreak + "next")
            default: document.add("word")
            }
            document.add(" ")
        }
    }

    static func markdown(_ generator: inout Generator) -> Document {
        var document = Document()
        let lineBreak = ["\n", "\r\n", "\r"][Int.random(in: 0..<3, using: &generator)]
        if Bool.random(using: &generator) { document.add("\u{FEFF}") }
        if Bool.random(using: &generator) {
            document.add("---" + lineBreak + "title: \"Title ")
            document.placeholder(&generator)
            document.add("\"" + lineBreak + "---" + lineBreak)
        }
        for _ in 0..<Int.random(in: 1...4, using: &generator) {
            let prefix = ["", "> ", "- ", "# ", "1. "][Int.random(in: 0..<5, using: &generator)]
            // A block may not start with white space: four columns of it make a code block.
            document.add(prefix + "Start ")
            // A heading is one line.
            let inner = prefix == "# " ? " " : lineBreak + (prefix == "> " ? "> " : "")
            prose(&generator, &document, lineBreak: inner, markdown: true, html: false)
            document.add(lineBreak + lineBreak)
        }
        return document
    }

    static func html(_ generator: inout Generator) -> Document {
        var document = Document()
        let lineBreak = ["\n", "\r\n"][Int.random(in: 0..<2, using: &generator)]
        document.add("<html><body>" + lineBreak)
        for _ in 0..<Int.random(in: 1...4, using: &generator) {
            document.add(["<p>", "<div>", "<td>", "<li>"][Int.random(in: 0..<4, using: &generator)])
            prose(&generator, &document, lineBreak: lineBreak, markdown: false, html: true)
            document.add("</p>" + lineBreak)
        }
        document.add("</body></html>" + lineBreak)
        return document
    }

    static func csv(_ generator: inout Generator) -> Document {
        var document = Document()
        let lineBreak = ["\n", "\r\n"][Int.random(in: 0..<2, using: &generator)]
        document.add("publish_at,channel,text" + lineBreak)
        for row in 0..<Int.random(in: 1...5, using: &generator) {
            document.add("2026-01-0\(row + 1)T09:00:00Z,x,\"")
            var cell = Document()
            cell.counter = document.counter
            prose(&generator, &cell, lineBreak: lineBreak, markdown: false, html: false)
            // Quotes double inside the quoted cell; placeholders hold no quotes, so each moves by
            // the number of quotes before it.
            let base = document.text.utf8.count
            let cellText = cell.text.replacingOccurrences(of: "\"", with: "\"\"")
            func quotes(before offset: Int) -> Int { cell.text.utf8.prefix(offset).filter { $0 == 0x22 }.count }
            let starts = cell.expected.map { $0.lowerBound + quotes(before: $0.lowerBound) }
            let ends = cell.expected.map { $0.upperBound + quotes(before: $0.upperBound) }
            document.expected += zip(starts, ends).map { (base + $0)..<(base + $1) }
            document.counter = cell.counter
            document.add(cellText + "\"" + lineBreak)
        }
        return document
    }

    @Test func everyFindingSlicesToItsPlaceholder() throws {
        var generator = Generator(state: UInt64(ProcessInfo.processInfo.environment["GAFFE_PROPERTY_SEED"] ?? "") ?? 20_261_124)
        for iteration in 0..<(Int(ProcessInfo.processInfo.environment["GAFFE_PROPERTY_ITERATIONS"] ?? "") ?? 400) {
            let format: InputFormat = [.markdown, .html, .csv, .text][iteration % 4]
            let document: Document
            switch format {
            case .markdown: document = PositionPropertyTests.markdown(&generator)
            case .html: document = PositionPropertyTests.html(&generator)
            case .csv: document = PositionPropertyTests.csv(&generator)
            default:
                var plain = Document()
                PositionPropertyTests.prose(&generator, &plain, lineBreak: ["\n", "\r\n", "\r"][iteration % 3], markdown: false, html: false)
                document = plain
            }

            let findings = try TestLinting.lint(document.text, format: format, rules: ["placeholder"]).findings
            let bytes = Array(document.text.utf8)
            let found = findings.map(\.location.byteRange)
            #expect(found == document.expected, "iteration \(iteration) (\(format)): \(document.text.debugDescription)")
            for finding in findings {
                #expect(finding.match == String(decoding: bytes[finding.location.byteRange], as: UTF8.self))
                #expect(finding.location.start == TestLinting.naivePosition(of: finding.location.byteRange.lowerBound, in: document.text),
                        "iteration \(iteration): \(document.text.debugDescription)")
                #expect(finding.location.end == TestLinting.naivePosition(of: finding.location.byteRange.upperBound, in: document.text))
            }
            if found != document.expected { break }
        }
    }
}
