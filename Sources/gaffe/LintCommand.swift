import ArgumentParser
import Foundation
import GaffeKit

struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Lint drafts, documents and schedules.",
        discussion: """
            Reads Markdown (.md, .markdown, .mdx), plain text (.txt), HTML (.html, .htm) and \
            schedules (.csv, .jsonl, .ndjson). Folders are searched recursively. Exit status: 0 when \
            nothing reaches --fail-on, 1 when something does, 2 for usage or configuration errors.
            """
    )

    @Argument(help: "Files or folders to lint; - reads standard input.")
    var paths: [String] = []

    @Option(help: "Output format: \(BuiltInReporters.names.joined(separator: ", ")).")
    var format = "text"

    @Option(help: "Write the report to this file instead of standard output.")
    var output: String?

    @Option(name: .customLong("fail-on"), help: "Lowest severity that makes the exit status 1: error, warning, info or never.")
    var failOn: String?

    @Option(help: "Use this configuration file instead of the nearest .gaffe.yml.")
    var config: String?

    @Flag(name: .customLong("no-config"), help: "Ignore .gaffe.yml files.")
    var noConfig = false

    @Option(help: "Run only these rules (comma-separated).")
    var rules: String?

    @Option(help: "Switch these rules off for this run (comma-separated).")
    var disable: String?

    @Option(name: .customLong("stdin-filename"), help: "Name (and format, by extension) of standard input.")
    var stdinFilename: String?

    @Option(help: "Treat this time (ISO 8601) as now, for drafts without a publish time.")
    var at: String?

    @Option(name: .customLong("events"), help: ArgumentHelp("Read events from this file too (iCalendar or a feed); repeat for several.", valueName: "file"))
    var eventFiles: [String] = []

    @Option(name: .customLong("history"),
            help: ArgumentHelp("Posts already published (CSV or JSON Lines exports), counted by posting-frequency; repeat for several.", valueName: "file"))
    var historyFiles: [String] = []

    @Option(help: ArgumentHelp("Use this event store instead of .gaffe/events.sqlite beside .gaffe.yml.", valueName: "path"))
    var store: String?

    @Flag(name: .shortAndLong, help: "Say which files were skipped and why.")
    var verbose = false

    @Option(help: "Report only findings not accepted in this baseline file (see gaffe baseline write), and list its stale entries.")
    var baseline: String?

    @Flag(help: "Print where the run's time went (each rule, reading, reporting) to standard error.")
    var timings = false

    /// The request the flags describe (shared with `gaffe baseline write`).
    func makeRequest() -> LintRequest {
        var request = LintRequest()
        request.paths = paths
        request.format = format
        request.outputPath = output
        request.configurationPath = config
        request.noConfiguration = noConfig
        request.stdinFilename = stdinFilename
        request.verbose = verbose
        request.onlyRules = rules.map(splitList)
        request.disabledRules = disable.map(splitList) ?? []
        request.inputs.eventFiles = eventFiles
        request.inputs.storePath = store
        request.inputs.historyFiles = historyFiles
        if let failOn {
            if failOn == "never" {
                request.failOn = .some(nil)
            } else if let severity = Severity(rawValue: failOn) {
                request.failOn = .some(severity)
            } else {
                fail("--fail-on takes error, warning, info or never, not '\(failOn)'")
            }
        }
        if let at { request.referenceDate = parseTimeOption(at, option: "--at") }
        request.color = isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true
        request.baselinePath = baseline
        request.timings = timings
        return request
    }

    func run() throws {
        let request = makeRequest()
        try runReportingErrors { try LintRun.run(request) }
    }

    private func splitList(_ value: String) -> [String] {
        value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
