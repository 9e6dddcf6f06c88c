import Foundation
import Testing
@testable import GaffeKit

/// docs/calendar.md stays in step with the code: every kind and every built-in entry is listed.
struct CalendarDocumentationTests {
    static let document: String = {
        let url = TestPaths.packageRoot.appendingPathComponent("docs/calendar.md")
        return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }()

    @Test func everyKindIsDocumented() {
        for kind in EventKind.allCases {
            #expect(Self.document.contains("| `\(kind.rawValue)` |"), "docs/calendar.md does not list the kind \(kind.rawValue)")
        }
    }

    @Test func everyBuiltInEntryIsInTheTable() {
        for entry in BuiltInCalendar.shared.entries {
            #expect(Self.document.contains("| \(entry.id) |"), "docs/calendar.md does not list \(entry.id); run scripts/gen-calendar-table.py")
        }
    }

    @Test func documentedDefaultsMatchTheCode() {
        for kind in EventKind.allCases {
            let grace = kind.defaultGrace == 0 ? "none" : DurationText.describe(kind.defaultGrace)
            #expect(Self.document.contains("| `\(kind.rawValue)` | \(kind.defaultSeverity.rawValue) | \(grace) |"),
                    "docs/calendar.md disagrees with the defaults of \(kind.rawValue)")
        }
    }
}
