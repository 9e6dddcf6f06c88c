import ArgumentParser
import Foundation
import GaffeKit

struct EventsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "Import, sync, list and export the events Gaffe checks drafts against.",
        discussion: """
            Events live in a SQLite store, .gaffe/events.sqlite beside .gaffe.yml unless --store or \
            calendar.store says otherwise. The built-in calendar of remembrance days is always \
            available and needs no import.
            """,
        subcommands: [Import.self, Sync.self, List.self, Export.self]
    )

    /// Options every events subcommand takes.
    struct StoreOptions: ParsableArguments {
        @Option(help: "Use this configuration file instead of the nearest .gaffe.yml.")
        var config: String?

        @Flag(name: .customLong("no-config"), help: "Ignore .gaffe.yml files.")
        var noConfig = false

        @Option(help: ArgumentHelp("The event store (default: .gaffe/events.sqlite beside .gaffe.yml).", valueName: "path"))
        var store: String?

        var request: EventsRequest {
            var request = EventsRequest()
            request.configurationPath = config
            request.noConfiguration = noConfig
            request.storePath = store
            return request
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import events from iCalendar or feed files into the store.",
            discussion: "Importing the same item twice keeps one event; a newer version replaces the older. Exit status 1 when a file has errors."
        )

        @OptionGroup var options: StoreOptions

        @Argument(help: "Files to import.")
        var files: [String] = []

        func run() throws {
            try runReportingErrors { try EventsRun.importFiles(files, request: options.request, out: printOut, err: printErr) }
        }
    }

    struct Sync: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fetch the feeds listed under feeds: in .gaffe.yml into the store.",
            discussion: "Uses conditional requests, so an unchanged feed costs one round trip. Exit status 1 when a feed failed; the others are still synced."
        )

        @OptionGroup var options: StoreOptions

        func run() throws {
            try runReportingErrors { try EventsRun.sync(request: options.request, out: printOut, err: printErr) }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the events live at a time, for a region or kind.")

        @OptionGroup var options: StoreOptions

        @Option(help: "The time to look at (ISO 8601); default now.")
        var at: String?

        @Option(help: "List events live at any time from --at until this time.")
        var until: String?

        @Option(help: "Only events that reach this region (ISO 3166 code); repeat for several.")
        var region: [String] = []

        @Option(help: "Only events of this kind; repeat for several.")
        var kind: [String] = []

        @Option(name: .customLong("events"), help: ArgumentHelp("Read events from this file too; repeat for several.", valueName: "file"))
        var eventFiles: [String] = []

        @Flag(name: .customLong("no-builtin"), help: "Leave out the built-in calendar.")
        var noBuiltIn = false

        @Option(help: "Output format: text or json.")
        var format = "text"

        func run() throws {
            var request = options.request
            request.at = at.map { parseTimeOption($0, option: "--at") }
            request.until = until.map { parseTimeOption($0, option: "--until") }
            request.regions = region.map { code in
                guard let parsed = Region(code: code) else { fail("unknown region '\(code)'; use an ISO 3166 code such as US or US-NY") }
                return parsed
            }
            request.kinds = kind.map { word in
                guard let parsed = EventKind(word: word) else {
                    fail("unknown kind '\(word)'; use one of \(EventKind.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return parsed
            }
            request.eventFiles = eventFiles
            request.includeBuiltIn = !noBuiltIn
            request.format = format
            try runReportingErrors { try EventsRun.list(request: request, out: printOut) }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the store's events and the built-in calendar as iCalendar.",
            discussion: "Calendar apps can subscribe to the file; `gaffe events import` reads it back."
        )

        @OptionGroup var options: StoreOptions

        @Option(help: "Output format: ics.")
        var format = "ics"

        @Option(help: "Write to this file instead of standard output.")
        var output: String?

        @Option(help: "Built-in days from this time (default: the start of this year).")
        var at: String?

        @Option(help: "Built-in days until this time (default: the end of next year).")
        var until: String?

        @Flag(name: .customLong("no-builtin"), help: "Leave out the built-in calendar.")
        var noBuiltIn = false

        func run() throws {
            var request = options.request
            request.format = format
            request.at = at.map { parseTimeOption($0, option: "--at") }
            request.until = until.map { parseTimeOption($0, option: "--until") }
            request.includeBuiltIn = !noBuiltIn
            var text = ""
            try runReportingErrors { try EventsRun.export(request: request) { text += $0 } }
            if let output {
                guard FileManager.default.createFile(atPath: output, contents: Data(text.utf8)) else { fail("cannot write \(output)") }
            } else {
                FileHandle.standardOutput.write(Data(text.utf8))
            }
        }
    }
}

private func printOut(_ line: String) { print(line) }

private func printErr(_ line: String) { FileHandle.standardError.write(Data((line + "\n").utf8)) }

/// Reads a time option: ISO 8601 with an offset, or a local time in the machine's zone.
func parseTimeOption(_ value: String, option: String) -> Date {
    switch ISO8601.parse(value) {
    case .instant(let date, _): return date
    case .local(let fields): return fields.date(in: .current)
    case nil: fail("\(option) takes an ISO 8601 time such as 2026-03-01T09:00:00-05:00, not '\(value)'")
    }
}
