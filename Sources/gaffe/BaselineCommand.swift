import ArgumentParser
import Foundation
import GaffeKit

struct BaselineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baseline",
        abstract: "Record reviewed findings, so that later runs report only new ones.",
        discussion: """
            A baseline is a YAML file of accepted findings (docs/baseline.md). Write it with \
            'gaffe baseline write FILE PATHS', give entries a reason and a reviewer, commit it, and \
            lint with 'gaffe lint --baseline FILE PATHS'.
            """,
        subcommands: [BaselineWriteCommand.self]
    )
}

struct BaselineWriteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "write",
        abstract: "Lint, and record every finding in a baseline file.",
        discussion: """
            Takes the options of 'gaffe lint' that choose what is linted and how (--config, --rules, \
            --disable, --at, …), so it records exactly the findings 'gaffe lint' reports; --format and \
            --fail-on have no effect here. An existing baseline is updated: entries whose finding is still there \
            keep their reason and reviewer, entries for findings that are gone are removed, and entries \
            for files or rules this run did not look at stay as they are. --reason and --reviewer fill \
            the entries that have none. Exit status 0 when the file was written, 2 for usage errors.
            """
    )

    @Argument(help: "The baseline file to write (created or updated), e.g. .gaffe-baseline.yml.")
    var file: String

    @Option(help: "Why these findings are acceptable; recorded on entries without a reason.")
    var reason: String?

    @Option(help: "Who reviewed them; recorded on entries without a reviewer.")
    var reviewer: String?

    @OptionGroup(title: "Lint options")
    var lint: LintCommand

    func validate() throws {
        if lint.baseline != nil { throw ValidationError("--baseline is for gaffe lint; baseline write reads and updates FILE itself") }
        if lint.output != nil { throw ValidationError("--output is for gaffe lint; baseline write writes FILE") }
    }

    func run() throws {
        let request = lint.makeRequest()
        let update = try reportingRunErrors {
            try BaselineWriteRun.run(request, path: file, reason: reason, reviewer: reviewer,
                                     log: { FileHandle.standardError.write(Data(($0 + "\n").utf8)) })
        }
        for entry in update.removed {
            print("removed: \(entry.summary) (no longer found)")
        }
        print(update.sentence)
    }
}
