import Foundation
import Testing
@testable import GaffeKit

/// Fast paths that replaced Foundation and Unicode-scalar code must give exactly the old answers.
struct FastPathTests {
    static let samples = ["", " ", "\t", "plain", "  both  ", "\tacme\t", "\u{00A0}nbsp\u{00A0}", "\u{3000}ideo\u{2003}", "a b",
                          " x\n", "\n", "é ", " 👍🏽", "\u{FEFF}bom", "\u{200B}zw\u{200B}", "  ", "mixed \u{2009}thin\u{2009} "]

    @Test(arguments: FastPathTests.samples)
    func trimmingWhitespaceMatchesFoundation(_ sample: String) {
        #expect(sample.trimmingWhitespace() == sample.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Every separator, control and format character, alone and around a word.
    @Test func trimmingAgreesWithFoundationOnEveryCandidateScalar() {
        let candidates = (0...0xFFFF).compactMap(Unicode.Scalar.init).filter { scalar in
            switch scalar.properties.generalCategory {
            case .spaceSeparator, .lineSeparator, .paragraphSeparator, .control, .format: true
            default: scalar.properties.isWhitespace
            }
        }
        var mismatches: [String] = []
        for scalar in candidates {
            let sample = "\(scalar)x\(scalar)"
            if sample.trimmingWhitespace() != sample.trimmingCharacters(in: .whitespacesAndNewlines) {
                mismatches.append("whitespace U+\(String(scalar.value, radix: 16))")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches)")
    }

    @Test func zeroPaddingMatchesStringFormat() {
        for value in [0, 7, 9, 10, 42, 99, 100, 999, 1_000, 2026, 123_456, -3, -42] {
            for width in [1, 2, 3, 4, 6] {
                #expect(value.zeroPadded(width) == String(format: "%0\(width)d", value), "\(value) to \(width)")
            }
        }
        #expect(5.zeroPadded() == "05")
    }

    @Test func asciiCheckSeesEveryNonASCIIByte() {
        #expect("".isASCII && "plain #tag_1 ~".isASCII && "\u{7F}".isASCII)
        #expect(!"café".isASCII && !"\u{80}".isASCII && !"x👍".isASCII)
    }

    @Test func jsonStringsEscapeWhatRFC8259Requires() {
        func encoded(_ string: String) -> String {
            var output = ""
            JSONValue.writeString(string, to: &output)
            return output
        }
        #expect(encoded("plain text") == "\"plain text\"")
        #expect(encoded("say \"hi\" \\ bye") == #""say \"hi\" \\ bye""#)
        #expect(encoded("a\nb\r\tc") == #""a\nb\r\tc""#)
        #expect(encoded("\u{01}\u{1F}") == #""\u0001\u001f""#)
        #expect(encoded("line\u{2028}para\u{2029}") == #""line\u2028para\u2029""#)
        #expect(encoded("café — “quoted” 👍🏽 \u{2027}") == "\"café — “quoted” 👍🏽 \u{2027}\"")
        // What is written parses back to the same string.
        for sample in ["x\"y", "tab\there", "é\u{2028}", "\u{0}", "💥 \\ \u{7F}"] {
            let data = Data(("[" + encoded(sample) + "]").utf8)
            let parsed = try? JSONSerialization.jsonObject(with: data) as? [String]
            #expect(parsed == [sample], "\(sample.debugDescription)")
        }
    }
}
