import ArgumentParser
import Foundation
import GaffeKit

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Import and list posts that already went out, counted by the posting-frequency rule.",
        discussion: """
            History lives in the same SQLite store as events (.gaffe/events.sqlite beside .gaffe.yml \
            unless --store or calendar.store says otherwise). gaffe lint and gaffe reschedule count \
            stored posts in their windows, never report them. An export is CSV or JSON Lines with \
            published_at, account, channel and optionally text (docs/frequency.md).
            """,
        subcommands: [Import.self, List.self]
    )

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import posting-history exports into the store.",
            discussion: "Importing the same post twice keeps one. Exit status 1 when a file has errors."
        )

        @OptionGroup var options: EventsCommand.StoreOptions

        @Argument(help: "History exports to import (.csv, .jsonl, .ndjson).")
        var files: [String] = []

        func run() throws {
            try runReportingErrors { try HistoryRun.importFiles(files, request: options.historyRequest, out: printLine, err: printError) }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List stored posts, oldest first.")

        @OptionGroup var options: EventsCommand.StoreOptions

        @Option(help: "Only posts published after this time (ISO 8601).")
        var since: String?

        @Option(help: "Only posts published up to this time (ISO 8601).")
        var until: String?

        @Option(help: "Only posts of this account.")
        var account: String?

        @Option(help: "Only posts on this channel.")
        var channel: String?

        @Option(help: "Output format: text or json.")
        var format = "text"

        func run() throws {
            var request = options.historyRequest
            request.since = since.map { parseTimeOption($0, option: "--since") }
            request.until = until.map { parseTimeOption($0, option: "--until") }
            request.account = account.map { $0.hasPrefix("@") ? String($0.dropFirst()) : $0 }
            request.channel = channel.map { name in
                guard let parsed = Channel(name: name) else { fail("unknown channel '\(name)'; use one of \(Channel.acceptedNames)") }
                return parsed
            }
            request.format = format
            try runReportingErrors { try HistoryRun.list(request: request, out: printLine) }
        }
    }
}

extension EventsCommand.StoreOptions {
    var historyRequest: HistoryRequest {
        var request = HistoryRequest()
        request.configurationPath = config
        request.noConfiguration = noConfig
        request.storePath = store
        return request
    }
}

func printLine(_ line: String) { print(line) }

func printError(_ line: String) { FileHandle.standardError.write(Data((line + "\n").utf8)) }
