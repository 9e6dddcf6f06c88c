import ArgumentParser
#if canImport(CMimalloc)
import CMimalloc // linked for its malloc: see Sources/CMimalloc/shim.h
#endif
import Foundation
import GaffeKit

@main
struct GaffeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gaffe",
        abstract: "Catch content that would embarrass a brand before it is scheduled.",
        version: Gaffe.version,
        subcommands: [LintCommand.self, RulesCommand.self, EventsCommand.self, BaselineCommand.self, LexiconCommand.self, HistoryCommand.self,
                      RescheduleCommand.self],
        defaultSubcommand: LintCommand.self
    )

    /// Runs the command line. Usage errors ArgumentParser finds itself (an unknown flag, a missing
    /// value) exit with 2, like Gaffe's own usage and configuration errors, not with its 64.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

/// Prints a usage or configuration error and exits with 2.
func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("gaffe: error: \(message)\n".utf8))
    exit(2)
}

/// Runs `body`, turning Gaffe's usage and configuration errors into their message on standard
/// error and exit code 2.
func reportingRunErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as UsageError {
        fail(error.description)
    } catch let error as YAMLError {
        FileHandle.standardError.write(Data("\(error.description)\n".utf8))
        throw ExitCode(2)
    } catch let error as ExitCode {
        throw error
    } catch {
        fail("\(error)")
    }
}

/// Runs a command's work: exit status 0 or the status it returns; usage and configuration errors
/// print and exit with 2.
func runReportingErrors(_ body: () throws -> Int32) throws {
    let status = try reportingRunErrors(body)
    if status != 0 { throw ExitCode(status) }
}
