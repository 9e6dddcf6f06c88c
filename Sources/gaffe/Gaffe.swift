import ArgumentParser
import Foundation
import GaffeKit

@main
struct GaffeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gaffe",
        abstract: "Catch content that would embarrass a brand before it is scheduled.",
        version: Gaffe.version,
        subcommands: [LintCommand.self, RulesCommand.self, EventsCommand.self],
        defaultSubcommand: LintCommand.self
    )
}

/// Prints a usage or configuration error and exits with 2.
func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("gaffe: error: \(message)\n".utf8))
    exit(2)
}
