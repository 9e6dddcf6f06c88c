import Foundation

/// JUnit XML, for CI dashboards that chart test results (GitLab, Jenkins, Azure DevOps, CircleCI).
/// Each file is a `testsuite`; each finding is a `testcase`, failed when its severity reaches the
/// run's `--fail-on` threshold (so the dashboard agrees with the exit code) and passed otherwise,
/// with the finding in `system-out`; a file without findings is one passed case. Streamed: a
/// file's suite is written when the run moves to the next file (its counts come first, so its
/// cases wait in memory, or in a temporary file beyond a few megabytes).
///
/// ```xml
/// <?xml version="1.0" encoding="UTF-8"?>
/// <testsuites name="gaffe">
///   <testsuite name="drafts/welcome.md" tests="1" failures="1" errors="0" skipped="0">
///     <testcase classname="drafts/welcome.md" name="placeholder: unfilled merge field '{{first_name}}' (7:4)"
///               file="drafts/welcome.md" line="7">
///       <failure type="error" message="unfilled merge field '{{first_name}}'">drafts/welcome.md:7:4: error: …</failure>
///     </testcase>
///   </testsuite>
/// </testsuites>
/// ```
///
/// - The failure's text is the finding as the text format prints it (excerpt, notes, fixes).
/// - Findings that compare posts across the run (batch rules) arrive after all files are read;
///   they form a second suite for their file.
/// - With `--baseline`, stale entries form a suite named after the baseline file, one passed case
///   each with the entry in `system-out` (stale entries do not fail a run).
/// - Everything is escaped for XML 1.0; characters it cannot hold become U+FFFD.
public final class JUnitReporter: BaselineAwareReporter {
    public static let name = "junit"
    public static let summary = "JUnit XML for CI dashboards: a test suite per file, a failed test per finding at --fail-on"

    private let output: ReportOutput
    private let settings: ReportSettings
    private var paths: RepositoryPaths
    /// The file whose cases are being gathered, and those cases.
    private var current: (path: String, cases: CaseBuffer, failures: Int)?

    public init(output: ReportOutput, settings: ReportSettings) {
        self.output = output
        self.settings = settings
        paths = RepositoryPaths(workingDirectory: settings.workingDirectory)
    }

    public func begin(rules: [RuleDescription]) {
        output.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"gaffe\">\n")
    }

    public func draftRead(_ draft: Draft) {
        if current?.path != draft.source.path { start(draft.source.path) }
    }

    public func report(_ finding: Finding) {
        if current?.path != finding.location.path { start(finding.location.path) }
        let file = paths.written(finding.location.path)
        let name = "\(finding.ruleID): \(Baseline.oneLine(finding.message)) (\(finding.location.start.line):\(finding.location.start.column))"
        var xml = "    <testcase classname=\"\(Markup.attribute(file))\" name=\"\(Markup.attribute(name))\" file=\"\(Markup.attribute(file))\" line=\"\(finding.location.start.line)\">\n"
        let details = Markup.text(TextReporter.block(for: finding))
        if let threshold = settings.failOn, finding.severity >= threshold {
            xml += "      <failure type=\"\(finding.severity.rawValue)\" message=\"\(Markup.attribute(finding.message))\">\(details)</failure>\n"
            current?.failures += 1
        } else {
            xml += "      <system-out>\(details)</system-out>\n"
        }
        current?.cases.append(xml + "    </testcase>\n")
    }

    public func baselineFinished(_ outcome: BaselineOutcome) {
        guard !outcome.stale.isEmpty else { return }
        start(outcome.path)
        let file = paths.written(outcome.path)
        for entry in outcome.stale {
            let message = BaselineOutcome.staleMessage(entry)
            current?.cases.append("""
                    <testcase classname="\(Markup.attribute(file))" name="\(Markup.attribute("stale baseline entry: " + entry.summary))" file="\(Markup.attribute(file))" line="\(max(entry.sourceLine, 1))">
                      <system-out>\(Markup.text("\(outcome.path):\(entry.sourceLine): warning: \(message)"))</system-out>
                    </testcase>

                """)
        }
        flush(cleanCase: false)
    }

    public func end(_ summary: LintSummary) {
        flush()
        output.write("</testsuites>\n")
        output.flush()
    }

    private func start(_ path: String) {
        flush()
        current = (path, CaseBuffer(), 0)
    }

    /// Writes the gathered suite; a file without findings gets one passed case.
    private func flush(cleanCase: Bool = true) {
        guard let suite = current else { return }
        current = nil
        let file = paths.written(suite.path)
        if suite.cases.count == 0 {
            guard cleanCase else { return }
            suite.cases.append("    <testcase classname=\"\(Markup.attribute(file))\" name=\"no findings\" file=\"\(Markup.attribute(file))\"/>\n")
        }
        output.write("  <testsuite name=\"\(Markup.attribute(file))\" tests=\"\(suite.cases.count)\" failures=\"\(suite.failures)\" errors=\"0\" skipped=\"0\">\n")
        suite.cases.drain(into: output)
        output.write("  </testsuite>\n")
    }
}

/// The test cases of one suite, kept in memory up to `memoryLimit` bytes and in a temporary file
/// beyond, so a schedule with a million findings does not hold them all.
final class CaseBuffer {
    let memoryLimit: Int
    private var cases: [String] = []
    private var bytes = 0
    private var spill: (url: URL, handle: FileHandle)?
    private(set) var count = 0
    /// The temporary file, while there is one (tests check it goes).
    var spillURL: URL? { spill?.url }

    init(memoryLimit: Int = 4 << 20) {
        self.memoryLimit = memoryLimit
    }

    func append(_ testCase: String) {
        count += 1
        if spill == nil, bytes + testCase.utf8.count <= memoryLimit {
            cases.append(testCase)
            bytes += testCase.utf8.count
            return
        }
        if spill == nil {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("gaffe-junit-\(UUID().uuidString).xml")
            if FileManager.default.createFile(atPath: url.path, contents: nil), let handle = FileHandle(forUpdatingAtPath: url.path) {
                spill = (url, handle)
                handle.write(Data(cases.joined().utf8))
                cases = []
            } else {
                // No temporary folder to write to: keep everything in memory rather than lose it.
                cases.append(testCase)
                return
            }
        }
        spill?.handle.write(Data(testCase.utf8))
    }

    /// Writes every case to `output`, in order, and forgets them.
    func drain(into output: ReportOutput) {
        for testCase in cases { output.write(testCase) }
        cases = []
        guard let (url, handle) = spill else { return }
        spill = nil
        defer {
            try? handle.close()
            try? FileManager.default.removeItem(at: url)
        }
        handle.seek(toFileOffset: 0)
        var pending = Data()
        while true {
            let chunk = handle.readData(ofLength: 1 << 20)
            if chunk.isEmpty { break }
            pending.append(chunk)
            // Whole lines only, so no UTF-8 sequence is cut in two.
            if let newline = pending.lastIndex(of: 0x0A) {
                output.write(String(decoding: pending[...newline], as: UTF8.self))
                pending = Data(pending[(newline + 1)...])
            }
        }
        if !pending.isEmpty { output.write(String(decoding: pending, as: UTF8.self)) }
    }
}
