import Testing
@testable import GaffeKit

/// A `Finding` shares one box of fields between copies; it must still behave as a plain value.
struct FindingValueTests {
    static func sample() -> Finding {
        let source = SourceText(path: "post.txt", bytes: Array("Killer deal today\n".utf8))
        return Finding(ruleID: "sensitive-term", severity: .warning, message: "'Killer deal' evokes violence",
                       location: source.location(of: 0..<11), match: "Killer deal", category: "violence",
                       suggestions: [Suggestion("Great deal", isFix: true)], notes: [Note("A killer is someone who kills.")])
    }

    @Test func changingACopyLeavesTheOriginalAsItWas() {
        let original = Self.sample()
        var copy = original
        #expect(copy == original)
        copy.severity = .error
        copy.notes.append(Note("Escalated."))
        copy.extra["lexicon"] = ["pack": "brand-safety"]
        #expect(original.severity == .warning)
        #expect(original.notes.count == 1)
        #expect(original.extra.isEmpty)
        #expect(copy.severity == .error && copy.notes.count == 2)
        #expect(copy != original)
    }

    @Test func equalFieldsInSeparateBoxesAreEqualAndHashAlike() {
        let first = Self.sample()
        let second = Self.sample()
        #expect(first == second)
        #expect(first.hashValue == second.hashValue)
        #expect(Set([first, second, first]).count == 1)
        var third = second
        third.message = "other"
        #expect(Set([first, third]).count == 2)
    }

    @Test func printsItsFieldsAsAFinding() {
        let text = String(describing: Self.sample())
        #expect(text.hasPrefix("Finding(ruleID: \"sensitive-term\", severity: "))
        #expect(text.contains("match: Optional(\"Killer deal\")"))
    }
}
