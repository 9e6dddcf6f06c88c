import Foundation
import Testing
@testable import GaffeKit

/// The backtest in `examples/backtest`: with a GDACS alert for Hurricane Sandy, the 2012 storm-week
/// schedule is flagged where the real brands went wrong, and an ordinary week is not.
struct BacktestTests {
    static let alert = "examples/backtest/sandy-2012/gdacs-sandy-2012.xml"

    func findings(_ schedule: String) throws -> [(rule: String, line: Int, severity: String)] {
        let run = try GaffeBinary.run(["lint", "--no-config", "--format", "json", "--events", Self.alert, schedule],
                                      directory: TestPaths.packageRoot)
        #expect(run.errorOutput == "")
        let findings = try #require(try ReporterSamples.object(run.output)["findings"] as? [[String: Any]])
        return findings.map { ($0["rule"] as! String, $0["line"] as! Int, $0["severity"] as! String) }
    }

    @Test func theStormWeekIsFlagged() throws {
        let found = try findings("examples/backtest/sandy-2012/schedule.csv")
        func has(_ rule: String, _ line: Int, _ severity: String) -> Bool {
            found.contains { $0.rule == rule && $0.line == line && $0.severity == severity }
        }
        #expect(has("event-collision", 3, "error"), "the storm discount")
        #expect(has("newsjacking", 3, "error"), "SANDYSALE names the storm")
        #expect(has("event-collision", 4, "error"), "stuck inside? shop now")
        #expect(has("event-collision", 5, "info"), "sympathy is not an error")
        #expect(has("newsjacking", 6, "error"), "RT to send your prayers")
        #expect(!found.contains { $0.line == 7 }, "the UK audience is outside the storm")
        #expect(!found.contains { $0.line == 5 && $0.severity == "error" })
    }

    @Test func anOrdinaryWeekIsClean() throws {
        #expect(try findings("examples/backtest/quiet-week/schedule.csv").isEmpty)
    }
}
