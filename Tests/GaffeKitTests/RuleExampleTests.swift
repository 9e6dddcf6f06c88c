import Foundation
import Testing
@testable import GaffeKit

/// Replays every rule's documented examples, SwiftLint-style: triggering examples must produce
/// findings of that rule exactly at the marked spans, non-triggering ones none. Each example is
/// then replayed adversarially: after an emoji and a combining mark, with CRLF line endings,
/// inside inline code (text rules must stay silent) and under a disable comment.
/// Failures are reported at the example's own line.
struct RuleExampleTests {
    struct RuleCase: CustomTestStringConvertible, Sendable {
        let description: RuleDescription
        var testDescription: String { description.identifier }
    }

    static let cases = BuiltInRules.all.map { RuleCase(description: $0.description) }

    @Test(arguments: cases)
    func everyRuleHasExamples(_ rule: RuleCase) {
        #expect(!rule.description.triggeringExamples.isEmpty, "\(rule.description.identifier) has no triggering examples")
        #expect(!rule.description.nonTriggeringExamples.isEmpty, "\(rule.description.identifier) has no non-triggering examples")
    }

    @Test(arguments: cases)
    func triggeringExamples(_ rule: RuleCase) throws {
        for example in rule.description.triggeringExamples {
            let (text, expected) = example.unmarked
            try check(rule, example, text: text, expected: expected, variant: "as written")
            for variant in ExampleVariant.all(for: example, scope: rule.description.scope) {
                guard let transformed = variant.apply(text: text, expected: expected, rule: rule.description.identifier, format: example.format) else { continue }
                try check(rule, example, text: transformed.text, expected: transformed.expected, variant: variant.name,
                          format: transformed.format)
            }
        }
    }

    @Test(arguments: cases)
    func nonTriggeringExamples(_ rule: RuleCase) throws {
        for example in rule.description.nonTriggeringExamples {
            let (text, expected) = example.unmarked
            #expect(expected.isEmpty, "non-triggering example has markers", sourceLocation: location(example))
            try check(rule, example, text: text, expected: [], variant: "as written")
            if example.format == .text || example.format == .markdown {
                try check(rule, example, text: text.replacingOccurrences(of: "\n", with: "\r\n"), expected: [], variant: "CRLF")
            }
        }
    }

    private func location(_ example: Example) -> Testing.SourceLocation {
        Testing.SourceLocation(fileID: example.fileID, filePath: example.filePath, line: example.line, column: example.column)
    }

    private func check(_ rule: RuleCase, _ example: Example, text: String, expected: [Range<Int>], variant: String,
                       format: InputFormat? = nil) throws {
        let identifier = rule.description.identifier
        let result = try TestLinting.lint(text, format: format ?? example.format, configuration: example.configuration,
                                          rules: [identifier], at: example.referenceDate)
        let findings = result.findings.filter { $0.ruleID == identifier }
        let found = findings.map(\.location.byteRange).sorted { $0.lowerBound < $1.lowerBound }
        let bytes = Array(text.utf8)
        func show(_ ranges: [Range<Int>]) -> String {
            ranges.map { "'\(String(decoding: bytes[$0.clamped(to: 0..<bytes.count)], as: UTF8.self))'@\($0)" }.joined(separator: ", ")
        }
        #expect(found == expected,
                "\(identifier) [\(variant)]: expected \(show(expected)), found \(show(found)); messages: \(findings.map(\.message))",
                sourceLocation: location(example))
        for finding in findings {
            let start = TestLinting.naivePosition(of: finding.location.byteRange.lowerBound, in: text)
            let end = TestLinting.naivePosition(of: finding.location.byteRange.upperBound, in: text)
            #expect(finding.location.start == start && finding.location.end == end,
                    "\(identifier) [\(variant)]: position \(finding.location.start)-\(finding.location.end) should be \(start)-\(end)",
                    sourceLocation: location(example))
            if let match = finding.match {
                #expect(match == String(decoding: bytes[finding.location.byteRange], as: UTF8.self), sourceLocation: location(example))
            }
        }
    }
}

/// A transformation of an example that a rule must survive.
struct ExampleVariant: Sendable {
    let name: String
    let apply: @Sendable (_ text: String, _ expected: [Range<Int>], _ rule: String, _ format: InputFormat) -> (text: String, expected: [Range<Int>], format: InputFormat)?

    func apply(text: String, expected: [Range<Int>], rule: String, format: InputFormat) -> (text: String, expected: [Range<Int>], format: InputFormat)? {
        apply(text, expected, rule, format)
    }

    static func all(for example: Example, scope: RuleScope) -> [ExampleVariant] {
        var variants = [crlf]
        if scope == .text, example.format == .text || example.format == .markdown {
            variants += [emojiPrefix, insideCode]
        }
        variants.append(disabled)
        return variants
    }

    /// Shifts ranges after an insertion of `length` bytes at `offset`.
    static func shift(_ ranges: [Range<Int>], at offset: Int, by length: Int) -> [Range<Int>] {
        ranges.map { range in
            let lower = range.lowerBound >= offset ? range.lowerBound + length : range.lowerBound
            let upper = range.upperBound > offset || (range.upperBound == offset && range.lowerBound >= offset) ? range.upperBound + length : range.upperBound
            return lower..<upper
        }
    }

    /// Where body text starts: after front matter in Markdown, else at 0.
    static func bodyStart(_ text: String, format: InputFormat) -> Int {
        guard format == .markdown, text.hasPrefix("---\n") else { return 0 }
        let bytes = Array(text.utf8)
        var index = 4
        while index < bytes.count {
            let lineEnd = bytes[index...].firstIndex(of: 0x0A) ?? bytes.count
            if Array(bytes[index..<lineEnd]) == Array("---".utf8) { return min(lineEnd + 1, bytes.count) }
            index = lineEnd + 1
        }
        return 0
    }

    static let crlf = ExampleVariant(name: "CRLF") { text, expected, _, format in
        guard format != .jsonl else { return nil }
        var result: [UInt8] = []
        var map: [Int] = []
        for byte in text.utf8 {
            map.append(result.count)
            if byte == 0x0A { result.append(0x0D) }
            result.append(byte)
        }
        map.append(result.count)
        let ranges = expected.map { map[$0.lowerBound]..<map[$0.upperBound] }
        return (String(decoding: result, as: UTF8.self), ranges, format)
    }

    static let emojiPrefix = ExampleVariant(name: "after emoji and combining mark") { text, expected, _, format in
        let prefix = "👍🏽 Cafe\u{301}: "
        let at = bodyStart(text, format: format)
        let bytes = Array(text.utf8)
        let result = String(decoding: bytes[..<at], as: UTF8.self) + prefix + String(decoding: bytes[at...], as: UTF8.self)
        return (result, shift(expected, at: at, by: prefix.utf8.count), format)
    }

    static let insideCode = ExampleVariant(name: "inside inline code") { text, _, _, format in
        let at = bodyStart(text, format: format)
        let bytes = Array(text.utf8)
        let body = String(decoding: bytes[at...], as: UTF8.self)
        guard !body.contains("`"), !body.contains("\n") || body.hasSuffix("\n") && !body.dropLast().contains("\n") else { return nil }
        let trimmed = body.hasSuffix("\n") ? String(body.dropLast()) : body
        let result = String(decoding: bytes[..<at], as: UTF8.self) + "`` " + trimmed + " ``\n"
        return (result, [], .markdown)
    }

    static let disabled = ExampleVariant(name: "under a disable comment") { text, _, rule, format in
        switch format {
        case .markdown where bodyStart(text, format: format) > 0:
            // With front matter, the draft-wide switch is the front matter's own.
            return ("---\ngaffe:\n  ignore: [\(rule)]\n" + text.dropFirst(4), [], .markdown)
        case .markdown, .text:
            let at = bodyStart(text, format: format)
            let bytes = Array(text.utf8)
            let result = String(decoding: bytes[..<at], as: UTF8.self) + "<!-- gaffe-disable \(rule) -->\n" + String(decoding: bytes[at...], as: UTF8.self)
            // Plain text has no comments; the same body read as Markdown must honour them.
            return (result, [], .markdown)
        case .html:
            return ("<!-- gaffe-disable \(rule) -->\n" + text, [], .html)
        case .csv:
            var records: [CSVRecord] = []
            var parser = CSVRecordParser()
            parser.feed(Array(text.utf8)[...]) { records.append($0) }
            parser.finish { records.append($0) }
            var output = ""
            for (index, record) in records.enumerated() {
                output += String(decoding: record.bytes, as: UTF8.self) + (index == 0 ? ",gaffe_ignore" : ",\(rule)") + "\n"
            }
            return (output, [], .csv)
        default:
            return nil
        }
    }
}
