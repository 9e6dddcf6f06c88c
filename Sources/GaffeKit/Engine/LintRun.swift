import Foundation

/// Everything `gaffe lint` was asked to do, independent of how the CLI spells it.
public struct LintRequest: Sendable {
    public var paths: [String] = []
    public var configurationPath: String?
    public var noConfiguration = false
    public var format = "text"
    public var outputPath: String?
    /// `nil`: take the configuration's `fail_on` (default `error`); `.some(nil)`: never fail.
    public var failOn: Severity??
    public var onlyRules: [String]?
    public var disabledRules: [String] = []
    public var stdinFilename: String?
    public var referenceDate: Date?
    public var verbose = false
    public var color = false
    /// Event files, history files and the store.
    public var inputs = RunInputs()

    public init() {}
}

/// A problem that stops a run before linting: bad flags or configuration. Exit code 2.
public struct UsageError: Error, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// Runs `gaffe lint`: finds the configuration, expands the inputs, lints, reports, and returns
/// the exit code (0 clean, 1 findings at or above the threshold).
public enum LintRun {
    /// - Parameters:
    ///   - readStandardInput: supplies the bytes of `-` (tests pass their own).
    ///   - log: receives `--verbose` lines and warnings for standard error.
    /// - Throws: `UsageError` or `YAMLError` for problems that deserve exit code 2.
    public static func run(_ request: LintRequest, readStandardInput: () -> [UInt8] = { StandardInput.readAll() },
                           log: @escaping (String) -> Void = { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }) throws -> Int32 {
        guard !request.paths.isEmpty else { throw UsageError("no paths to lint; pass files or folders, or - for standard input") }
        let configuration = try loadConfiguration(request, log: log)
        let context = RuleContext(configuration: configuration, referenceDate: request.referenceDate ?? Date(), inputs: request.inputs)
        let rules: RuleSet
        do {
            rules = try RuleSet(configuration: configuration, context: context, only: request.onlyRules, disabled: request.disabledRules)
        } catch let error as RuleSet.Error {
            throw UsageError(error.description)
        }
        guard let reporterType = BuiltInReporters.reporter(named: request.format) else {
            throw UsageError("unknown format '\(request.format)'; choose one of \(BuiltInReporters.names.joined(separator: ", "))")
        }

        var inputs: [InputSource] = []
        var filePaths: [String] = []
        for path in request.paths where path == "-" {
            let name = request.stdinFilename ?? "-"
            let format = request.stdinFilename.flatMap(BuiltInReaders.format(forPath:)) ?? .text
            inputs.append(InputSource(path: name, origin: .bytes(readStandardInput()), format: format))
        }
        filePaths = request.paths.filter { $0 != "-" }
        let discovery = InputDiscovery(configuration: configuration)
        let found = discovery.inputs(for: filePaths)
        for missing in found.missing { throw UsageError("no such file or folder: \(missing)") }
        if request.verbose {
            for skipped in found.skipped { log("gaffe: skipped \(skipped.path): \(skipped.reason)") }
            if let path = configuration.path { log("gaffe: using configuration \(path)") }
        }
        inputs += found.inputs

        let output: ReportOutput
        // `--output -` is standard output, as `-` is standard input.
        let outputPath = request.outputPath == "-" ? nil : request.outputPath
        if let outputPath {
            try refuseToOverwriteInput(outputPath, inputs: inputs, configuration: configuration)
            guard FileManager.default.createFile(atPath: outputPath, contents: nil),
                  let handle = FileHandle(forWritingAtPath: outputPath) else {
                throw UsageError("cannot write the report to \(outputPath)")
            }
            output = ReportOutput(handle: handle)
        } else {
            output = ReportOutput(handle: .standardOutput)
        }
        var settings = ReportSettings()
        settings.color = request.color && outputPath == nil
        let reporter = reporterType.init(output: output, settings: settings)
        let linter = try Linter(rules: rules, context: context, readerOptions: ReaderOptions(configuration: configuration))
        if request.verbose { linter.onSkip = { log("gaffe: skipped \($0): \($1)") } }
        let summary = linter.lint(inputs, sink: reporter)
        output.flush()

        let threshold: Severity? = request.failOn ?? configuration.failOn
        guard let threshold else { return 0 }
        return summary.count(atLeast: threshold) > 0 ? 1 : 0
    }

    static func loadConfiguration(_ request: LintRequest, log: (String) -> Void) throws -> Configuration {
        if request.noConfiguration { return Configuration() }
        if let path = request.configurationPath {
            guard FileManager.default.fileExists(atPath: path) else { throw UsageError("no configuration file at \(path)") }
            return try ConfigurationLoader.load(path: path)
        }
        let start = request.paths.first { $0 != "-" } ?? FileManager.default.currentDirectoryPath
        guard let found = ConfigurationLoader.find(from: start) else { return Configuration() }
        return try ConfigurationLoader.load(path: found)
    }

    /// Gaffe never modifies what it reads: `--output` may not name an input or the configuration,
    /// through a symbolic link or another hard link to it either.
    static func refuseToOverwriteInput(_ outputPath: String, inputs: [InputSource], configuration: Configuration) throws {
        func resolved(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path }
        func identity(_ path: String) -> (UInt64, UInt64)? {
            var info = stat()
            guard stat(path, &info) == 0 else { return nil }
            return (UInt64(info.st_dev), UInt64(info.st_ino))
        }
        let target = resolved(outputPath)
        let targetIdentity = identity(outputPath)
        func same(_ path: String) -> Bool {
            if resolved(path) == target { return true }
            guard let targetIdentity, let other = identity(path) else { return false }
            return other == targetIdentity
        }
        for input in inputs {
            guard case .file(let path) = input.origin else { continue }
            if same(path) {
                throw UsageError("--output \(outputPath) is one of the inputs; Gaffe never writes over what it reads")
            }
        }
        if let path = configuration.path, same(path) {
            throw UsageError("--output \(outputPath) is the configuration file; Gaffe never writes over what it reads")
        }
    }
}

/// Reads all of standard input.
public enum StandardInput {
    public static func readAll() -> [UInt8] {
        Array(FileHandle.standardInput.readDataToEndOfFile())
    }
}
