import Foundation
import Testing
@testable import GaffeKit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// End-to-end runs of the built `gaffe` binary on the fixtures in `Fixtures/cli/`: exact output
/// per format (golden files in `Fixtures/cli/expected/`, re-recorded with `GAFFE_RECORD=1`),
/// exit codes, flags, and the promise that inputs are never modified.
///
/// The golden runs pin `--rules input,placeholder`, so rules added later do not change them.
struct CLITests {
    static let rules = ["--rules", "input,placeholder"]

    /// Paths and versions that differ between machines and releases are replaced before comparing.
    static func normalized(_ output: String) -> String {
        output.replacingOccurrences(of: ReportPaths.directoryURI(GaffeBinary.fixtures.path), with: "file:///WORKING-DIRECTORY/")
            .replacingOccurrences(of: "\"version\":\"\(Gaffe.version)\"", with: "\"version\":\"VERSION\"")
            .replacingOccurrences(of: "\"semanticVersion\":\"\(Gaffe.version)\"", with: "\"semanticVersion\":\"VERSION\"")
            .replacingOccurrences(of: "gaffe \(Gaffe.version)", with: "gaffe VERSION")
    }

    // MARK: - Formats

    @Test(arguments: ["text", "json", "sarif", "github", "rdjson", "junit", "html"])
    func everyFormatMatchesItsGoldenFile(_ format: String) throws {
        let run = try GaffeBinary.run(["lint", "--format", format] + Self.rules + ["inputs"])
        #expect(run.status == 1, "errors were found")
        #expect(run.errorOutput == "")
        try Golden.check(Self.normalized(run.output), against: "lint.\(format)")
        switch format {
        case "json": #expect(try SchemaValidator.errors(in: run.output, schema: TestPaths.jsonSchema) == [])
        case "sarif": #expect(try SchemaValidator.errors(in: run.output, schema: TestPaths.sarifSchema) == [])
        case "rdjson": #expect(throws: Never.self) { try FormatValidators.rdjson(run.output).get() }
        case "junit": #expect(throws: Never.self) { try FormatValidators.junit(run.output).get() }
        default: break
        }
    }

    @Test(arguments: ["json", "sarif"])
    func cleanRunsAreValidToo(_ format: String) throws {
        let run = try GaffeBinary.run(["lint", "--format", format, "inputs/clean.txt"])
        #expect(run.status == 0)
        let schema = format == "json" ? TestPaths.jsonSchema : TestPaths.sarifSchema
        #expect(try SchemaValidator.errors(in: run.output, schema: schema) == [])
        #expect(run.output.contains(format == "json" ? "\"findings\":[\n]" : "\"results\":[]"))
    }

    @Test func cleanFileSaysSoAndExitsZero() throws {
        let run = try GaffeBinary.run(["lint", "inputs/clean.txt"])
        #expect(run.status == 0)
        #expect(run.output == "No problems found in 1 file (1 draft).\n")
        let github = try GaffeBinary.run(["lint", "--format", "github", "inputs/clean.txt"])
        #expect(github.output == "gaffe: No problems found in 1 file (1 draft).\n")
    }

    // MARK: - Colour

    @Test func noColourWhenOutputIsNotATerminal() throws {
        let run = try GaffeBinary.run(["lint", "inputs/launch.md"])
        #expect(!run.output.contains("\u{1B}"))
    }

    @Test func colourOnATerminalUnlessNoColorIsSet() throws {
        let coloured = try Terminal.run(["lint", "--rules", "placeholder", "inputs/page.html"])
        #expect(coloured.contains("\u{1B}[1;31merror\u{1B}[0m"), "a terminal gets colour: \(coloured.debugDescription)")
        let plain = try Terminal.run(["lint", "--rules", "placeholder", "inputs/page.html"], environment: ["NO_COLOR": "1"])
        #expect(!plain.contains("\u{1B}"))
        #expect(plain == coloured.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression))
        // An empty NO_COLOR does not count (no-color.org).
        let empty = try Terminal.run(["lint", "--rules", "placeholder", "inputs/page.html"], environment: ["NO_COLOR": ""])
        #expect(empty == coloured)
    }

    // MARK: - Exit codes

    @Test(arguments: [
        // configuration, --fail-on, expected status
        ("configs/warnings.gaffe.yml", nil, 0 as Int32),
        ("configs/warnings.gaffe.yml", "error", 0),
        ("configs/warnings.gaffe.yml", "warning", 1),
        ("configs/warnings.gaffe.yml", "info", 1),
        ("configs/warnings.gaffe.yml", "never", 0),
        ("configs/infos.gaffe.yml", "warning", 0),
        ("configs/infos.gaffe.yml", "info", 1),
        ("configs/fail-on-warning.gaffe.yml", nil, 1),
        ("configs/fail-on-warning.gaffe.yml", "error", 0),
        (".gaffe.yml", nil, 1),
        (".gaffe.yml", "never", 0),
    ] as [(String, String?, Int32)])
    func failOnSetsTheExitStatus(_ configuration: String, _ failOn: String?, _ status: Int32) throws {
        var arguments = ["lint", "--config", configuration] + Self.rules
        if let failOn { arguments += ["--fail-on", failOn] }
        let run = try GaffeBinary.run(arguments + ["inputs"])
        #expect(run.status == status, "\(arguments): \(run.errorOutput)")
        #expect(run.output.hasSuffix("in 4 files (6 drafts).\n"))
        #expect(run.errorOutput == "")
    }

    @Test(arguments: [
        (["lint", "--format", "xml", "inputs"], "gaffe: error: unknown format 'xml'; choose one of text, json, sarif, github, rdjson, junit, html\n"),
        (["lint", "--config", "configs/bad.gaffe.yml", "inputs"],
         "configs/bad.gaffe.yml:4:1: error: unknown key 'channel'; did you mean 'channels'?\n"),
        (["lint", "--config", "configs/missing.gaffe.yml", "inputs"], "gaffe: error: no configuration file at configs/missing.gaffe.yml\n"),
        (["lint", "--rules", "placeholdr", "inputs"], "gaffe: error: unknown rule 'placeholdr'; did you mean 'placeholder'?\n"),
        (["lint", "--disable", "nonsense", "inputs"], "gaffe: error: unknown rule 'nonsense'; run 'gaffe rules' for the list\n"),
        (["lint", "inputs/missing.md"], "gaffe: error: no such file or folder: inputs/missing.md\n"),
        (["lint"], "gaffe: error: no paths to lint; pass files or folders, or - for standard input\n"),
        (["lint", "--fail-on", "sometimes", "inputs"], "gaffe: error: --fail-on takes error, warning, info or never, not 'sometimes'\n"),
        (["lint", "--output", "inputs/clean.txt", "inputs"],
         "gaffe: error: --output inputs/clean.txt is one of the inputs; Gaffe never writes over what it reads\n"),
        (["lint", "--output", "inputs/../inputs/launch.md", "inputs/launch.md"],
         "gaffe: error: --output inputs/../inputs/launch.md is one of the inputs; Gaffe never writes over what it reads\n"),
        (["lint", "--config", "configs/infos.gaffe.yml", "--output", "configs/infos.gaffe.yml", "inputs"],
         "gaffe: error: --output configs/infos.gaffe.yml is the configuration file; Gaffe never writes over what it reads\n"),
    ])
    func usageAndConfigurationErrorsExitTwo(_ arguments: [String], _ message: String) throws {
        let before = try InputSnapshot()
        let run = try GaffeBinary.run(arguments)
        #expect(run.status == 2)
        #expect(run.output == "", "nothing is reported when the run cannot start")
        #expect(run.errorOutput == message)
        #expect(try InputSnapshot() == before)
    }

    /// ArgumentParser's own usage errors exit with 2 too (its default would be 64).
    @Test func unknownFlagsAndMissingValuesExitTwo() throws {
        let unknown = try GaffeBinary.run(["lint", "--colour", "inputs"])
        #expect(unknown.status == 2)
        #expect(unknown.output == "")
        #expect(unknown.errorOutput.hasPrefix("Error: Unknown option '--colour'\nUsage: gaffe lint "))
        let missing = try GaffeBinary.run(["lint", "inputs", "--format"])
        #expect(missing.status == 2)
        #expect(missing.errorOutput.hasPrefix("Error: Missing value for '--format <format>'"))
        let help = try GaffeBinary.run(["lint", "--help"])
        #expect(help.status == 0 && help.output.contains("--fail-on <fail-on>"))
        let version = try GaffeBinary.run(["--version"])
        #expect(version.status == 0 && version.output == Gaffe.version + "\n")
    }

    /// A bad rule entry in configuration names the file, line and column of the rule.
    @Test func unknownRuleInConfigurationPointsAtItsLine() throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try "account: acme\nrules:\n  placeholder: warning\n  lenght: off\n".write(to: directory.appendingPathComponent(".gaffe.yml"),
                                                                                  atomically: true, encoding: .utf8)
        try "Fine.\n".write(to: directory.appendingPathComponent("post.txt"), atomically: true, encoding: .utf8)
        let run = try GaffeBinary.run(["lint", "post.txt"], directory: directory)
        #expect(run.status == 2)
        // The configuration found beside the input is named as the user would type it.
        #expect(run.errorOutput.hasPrefix(".gaffe.yml:4:3: error: unknown rule 'lenght'"))
    }

    // MARK: - Output, standard input, rule selection

    @Test func outputFileGetsExactlyWhatStandardOutputWould() throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let report = directory.appendingPathComponent("report.json")
        try "stale".write(to: report, atomically: true, encoding: .utf8)
        let run = try GaffeBinary.run(["lint", "--format", "json", "--output", report.path] + Self.rules + ["inputs"])
        #expect(run.status == 1)
        #expect(run.output == "" && run.errorOutput == "")
        let written = try String(contentsOf: report, encoding: .utf8)
        try Golden.check(Self.normalized(written), against: "lint.json")
        // Text written to a file is never coloured, even from a terminal.
        let text = directory.appendingPathComponent("report.txt")
        _ = try Terminal.run(["lint", "--output", text.path] + Self.rules + ["inputs"])
        try Golden.check(try String(contentsOf: text, encoding: .utf8), against: "lint.text")
    }

    /// `--output -` means standard output, as `-` means standard input; no file named `-` appears.
    @Test func outputDashIsStandardOutput() throws {
        let run = try GaffeBinary.run(["lint", "--output", "-", "inputs/clean.txt"])
        #expect(run.status == 0)
        #expect(run.output == "No problems found in 1 file (1 draft).\n")
        #expect(!FileManager.default.fileExists(atPath: GaffeBinary.fixtures.appendingPathComponent("-").path))
    }

    @Test func standardInputTakesItsNameAndFormatFromStdinFilename() throws {
        let post = "---\ntitle: Hi {{first_name}}\n---\nThe menu is TK.\n"
        let named = try GaffeBinary.run(["lint", "--stdin-filename", "drafts/post.md", "-"], input: post)
        #expect(named.status == 1)
        #expect(named.output.hasPrefix("drafts/post.md:2:11: error: unfilled merge field '{{first_name}}' [placeholder]\n"))
        #expect(named.output.contains("drafts/post.md:4:13: error: editor's mark 'TK'"))
        #expect(named.output.hasSuffix("Found 2 errors in 1 file (1 draft).\n"))
        // Unnamed, standard input is plain text: the front matter is text like any other.
        let unnamed = try GaffeBinary.run(["lint", "--format", "github", "-"], input: "Hi {{first_name}}\n")
        #expect(unnamed.output.hasPrefix("::error file=-,line=1,col=4,endLine=1,endColumn=18,"))
        let csv = try GaffeBinary.run(["lint", "--format", "json", "--stdin-filename", "feed.csv", "-"],
                                      input: "publish_at,channel,text\n2026-03-01T09:00:00Z,x,Hi {{name}}\n")
        #expect(csv.output.contains("\"path\":\"feed.csv\",\"line\":2,\"column\":27,"))
        #expect(csv.output.contains("\"draft\":{\"index\":1,\"account\":\"acme\",\"channel\":\"x\",\"publish_at\":\"2026-03-01T04:00:00-05:00\"}"))
    }

    @Test func aFileNamedTwiceIsReadOnce() throws {
        // A file inside a folder given too, and the same file again as ./path: read once, where
        // it first came, so its rows are not reported as duplicates of themselves.
        let once = try GaffeBinary.run(["lint", "--format", "json", "inputs"])
        let twice = try GaffeBinary.run(["lint", "--format", "json", "--verbose", "inputs", "inputs/schedule.csv", "./inputs/schedule.csv"])
        #expect(twice.output == once.output)
        #expect(twice.output.contains("\"summary\":{\"files\":4,"))
        #expect(twice.errorOutput.contains("gaffe: skipped inputs/schedule.csv: already read as inputs/schedule.csv"))
        #expect(twice.errorOutput.contains("gaffe: skipped ./inputs/schedule.csv: already read as inputs/schedule.csv"))
        // Standard input read under a listed file's name stands for that file (an editor's
        // unsaved buffer): the file on disk is not read as well.
        let stdin = try GaffeBinary.run(["lint", "--verbose", "--stdin-filename", "inputs/clean.txt", "-", "inputs"], input: "Hi {{first_name}}\n")
        #expect(stdin.output.hasPrefix("inputs/clean.txt:1:4: error: unfilled merge field '{{first_name}}' [placeholder]\n"))
        #expect(stdin.output.contains("in 4 files"))
        #expect(stdin.errorOutput.contains("gaffe: skipped inputs/clean.txt: read from standard input (--stdin-filename)"))
        // `-` twice is standard input once.
        let dashes = try GaffeBinary.run(["lint", "-", "-"], input: "Hi {{first_name}}\n")
        #expect(dashes.output.hasSuffix("Found 1 error in 1 file (1 draft).\n"))
    }

    @Test func rulesAndDisableChooseWhatRuns() throws {
        let onlyInput = try GaffeBinary.run(["lint", "--format", "json", "--rules", "input", "inputs"])
        let disabled = try GaffeBinary.run(["lint", "--format", "json", "--disable", "placeholder", "inputs"])
        for run in [onlyInput, disabled] {
            #expect(run.status == 1)
            #expect(!run.output.contains("\"rule\":\"placeholder\""))
            #expect(run.output.contains("\"rule\":\"input\""))
        }
        let both = try GaffeBinary.run(["lint", "--rules", "placeholder", "--disable", "placeholder", "inputs"])
        #expect(both.status == 0)
        #expect(both.output == "No problems found in 4 files (6 drafts).\n")
        let sarif = try GaffeBinary.run(["lint", "--format", "sarif", "--rules", "placeholder", "inputs/clean.txt"])
        let driverRules = try #require(try ReporterSamples.object(sarif.output)["runs"] as? [[String: Any]])
        let ids = ((driverRules[0]["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]]
        #expect(ids?.map { $0["id"] as? String } == ["placeholder"], "SARIF describes the rules that ran")
    }

    @Test func verboseSaysWhatWasSkipped() throws {
        let run = try GaffeBinary.run(["lint", "--verbose", "--rules", "placeholder", "inputs"])
        #expect(run.errorOutput.contains("gaffe: skipped inputs/notes.yaml: no reader for this file extension\n"))
        #expect(run.errorOutput.contains("gaffe: using configuration "))
        let quiet = try GaffeBinary.run(["lint", "--rules", "placeholder", "inputs"])
        #expect(quiet.errorOutput == "")
        #expect(run.output == quiet.output)
    }

    // MARK: - Inputs are never modified

    @Test func inputsAreByteIdenticalAfterEveryFormat() throws {
        let before = try InputSnapshot()
        for format in BuiltInReporters.names {
            _ = try GaffeBinary.run(["lint", "--format", format, "inputs"])
        }
        _ = try GaffeBinary.run(["lint", "--output", "inputs/launch.md", "inputs"])
        #expect(try InputSnapshot() == before)
        #expect(before.hashes.count >= 6)
    }
}

/// SHA-256 of every file under the CLI fixtures, to prove a run changed nothing.
struct InputSnapshot: Equatable {
    let hashes: [String: String]

    init() throws {
        var hashes: [String: String] = [:]
        let root = GaffeBinary.fixtures
        let enumerator = FileManager.default.enumerator(atPath: root.path)
        while let relative = enumerator?.nextObject() as? String {
            guard !relative.hasPrefix("expected") else { continue }
            var isDirectory: ObjCBool = false
            let path = root.appendingPathComponent(relative).path
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            var hasher = SHA256()
            hasher.update(try Data(contentsOf: URL(fileURLWithPath: path)))
            hashes[relative] = SHA256.hexString(hasher.finalize())
        }
        self.hashes = hashes
    }
}

/// Runs `gaffe` with its standard output on a pseudo-terminal, the way a person at a shell sees it.
enum Terminal {
    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> String {
        var primary: Int32 = -1
        var secondary: Int32 = -1
        guard openpty(&primary, &secondary, nil, nil, nil) == 0 else {
            throw SchemaValidator.Failure(description: "openpty failed: errno \(errno)")
        }
        defer { close(primary) }
        let terminal = FileHandle(fileDescriptor: secondary, closeOnDealloc: true)
        // The output stays far below the terminal's buffer, so the child never waits on us.
        _ = try GaffeBinary.run(arguments, environment: environment, standardOutput: terminal)
        try terminal.close()
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(primary, &buffer, buffer.count)
            if count <= 0 { break }
            data.append(contentsOf: buffer[0..<count])
        }
        // The terminal turns each newline into CR LF.
        return String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
    }
}
