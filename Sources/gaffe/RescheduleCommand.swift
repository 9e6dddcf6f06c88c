import ArgumentParser
import Foundation
import GaffeKit

struct RescheduleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reschedule",
        abstract: "Write a copy of a schedule with drafts that post too often or during live events moved.",
        discussion: """
            Each draft that breaks a posting-frequency limit, falls in quiet hours (when configured) \
            or collides with a live event moves to the earliest time that breaks nothing, keeping \
            the order of each account's posts on each channel. Only those publish_at cells change, \
            written the way the schedule writes them; every other byte stays as it was. The input \
            is never written over. Reads history, events and the store as gaffe lint does. Exit \
            status 1 when a draft could not be moved, 2 for usage or configuration errors.
            """
    )

    @Argument(help: "The schedule (.csv, .jsonl, .ndjson).")
    var schedule: String

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the new schedule here (never the input).", valueName: "file"))
    var output: String?

    @Flag(name: .customLong("dry-run"), help: "Print what would move; write nothing.")
    var dryRun = false

    @Option(help: "Use this configuration file instead of the nearest .gaffe.yml.")
    var config: String?

    @Flag(name: .customLong("no-config"), help: "Ignore .gaffe.yml files.")
    var noConfig = false

    @Option(name: .customLong("history"),
            help: ArgumentHelp("Posts already published (CSV or JSON Lines exports), counted in every window; repeat for several.", valueName: "file"))
    var historyFiles: [String] = []

    @Option(name: .customLong("events"), help: ArgumentHelp("Read events from this file too; repeat for several.", valueName: "file"))
    var eventFiles: [String] = []

    @Option(help: ArgumentHelp("Use this store of events and history instead of .gaffe/events.sqlite beside .gaffe.yml.", valueName: "path"))
    var store: String?

    @Option(help: "Treat this time (ISO 8601) as now, for the event calendar.")
    var at: String?

    func run() throws {
        var request = RescheduleRequest()
        request.schedulePath = schedule
        request.outputPath = output
        request.dryRun = dryRun
        request.configurationPath = config
        request.noConfiguration = noConfig
        request.inputs.historyFiles = historyFiles
        request.inputs.eventFiles = eventFiles
        request.inputs.storePath = store
        if let at { request.referenceDate = parseTimeOption(at, option: "--at") }
        try runReportingErrors { try RescheduleRun.run(request, out: printLine, err: printError) }
    }
}
