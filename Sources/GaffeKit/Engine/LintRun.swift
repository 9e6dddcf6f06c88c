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
    /// A baseline of accepted findings (`--baseline`): only findings not in it are reported.
    public var baselinePath: String?
    /// Print where the run's time went to the log (`--timings`).
    public var timings = false

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
        guard let reporterType = BuiltInReporters.reporter(named: request.format) else {
            throw UsageError("unknown format '\(request.format)'; choose one of \(BuiltInReporters.names.joined(separator: ", "))")
        }
        let run = try prepare(request, readStandardInput: readStandardInput, log: log)
        let baseline = try request.baselinePath.map { try Baseline.load(path: $0) }

        let output: ReportOutput
        // `--output -` is standard output, as `-` is standard input.
        let outputPath = request.outputPath == "-" ? nil : request.outputPath
        if let outputPath {
            try refuseToOverwriteInput(outputPath, inputs: run.inputs, configuration: run.configuration)
            if let baselinePath = request.baselinePath, sameFile(baselinePath, outputPath) {
                throw UsageError("--output \(outputPath) is the baseline; Gaffe never writes over what it reads")
            }
            guard FileManager.default.createFile(atPath: outputPath, contents: nil),
                  let handle = FileHandle(forWritingAtPath: outputPath) else {
                throw UsageError("cannot write the report to \(outputPath)")
            }
            output = ReportOutput(handle: handle)
        } else {
            output = ReportOutput(handle: .standardOutput)
        }
        let threshold: Severity? = request.failOn ?? run.configuration.failOn
        var settings = ReportSettings()
        settings.color = request.color && outputPath == nil
        settings.failOn = threshold
        settings.baselinePath = request.baselinePath
        let reporter = reporterType.init(output: output, settings: settings)
        var summary: LintSummary
        if let baseline {
            let filter = BaselineFilter(sink: reporter, baseline: baseline, scope: BaselineScope(inputPaths: run.inputs.map(\.path)),
                                        logStale: log)
            run.linter.lint(run.inputs, sink: ReportingThread(run.timed(filter)))
            summary = filter.summary
        } else {
            summary = run.linter.lint(run.inputs, sink: ReportingThread(run.timed(reporter)))
        }
        output.flush()
        if let timings = run.linter.timings { log(timings.table) }

        guard let threshold else { return 0 }
        return summary.count(atLeast: threshold) > 0 ? 1 : 0
    }

    /// Everything a run needs before it reads a draft: configuration, rules, inputs and the linter.
    public struct Prepared {
        public var configuration: Configuration
        public var inputs: [InputSource]
        public var linter: Linter

        /// `sink`, counted and timed for `--timings` when the run is timed.
        public func timed(_ sink: FindingSink) -> FindingSink {
            linter.timings.map { TimedSink(sink, timings: $0) } ?? sink
        }
    }

    /// Finds the configuration, builds the rules and the linter, and expands the inputs.
    /// - Throws: `UsageError` or `YAMLError` for problems that deserve exit code 2.
    public static func prepare(_ request: LintRequest, readStandardInput: () -> [UInt8] = { StandardInput.readAll() },
                               log: @escaping (String) -> Void) throws -> Prepared {
        let began = RunTimings.now()
        guard !request.paths.isEmpty else { throw UsageError("no paths to lint; pass files or folders, or - for standard input") }
        let configuration = try loadConfiguration(request, log: log)
        let context = RuleContext(configuration: configuration, referenceDate: request.referenceDate ?? Date(), inputs: request.inputs)
        let rules: RuleSet
        do {
            rules = try RuleSet(configuration: configuration, context: context, only: request.onlyRules, disabled: request.disabledRules)
        } catch let error as RuleSet.Error {
            throw UsageError(error.description)
        }

        var inputs: [InputSource] = []
        // Standard input once, however many times `-` is given.
        if request.paths.contains("-") {
            let name = request.stdinFilename ?? "-"
            let format = request.stdinFilename.flatMap(BuiltInReaders.format(forPath:)) ?? .text
            inputs.append(InputSource(path: name, origin: .bytes(readStandardInput()), format: format))
        }
        let filePaths = request.paths.filter { $0 != "-" }
        let discovery = InputDiscovery(configuration: configuration)
        let found = discovery.inputs(for: filePaths)
        for missing in found.missing { throw UsageError("no such file or folder: \(missing)") }
        if request.verbose {
            for skipped in found.skipped { log("gaffe: skipped \(skipped.path): \(skipped.reason)") }
            if let path = configuration.path { log("gaffe: using configuration \(path)") }
        }
        // Standard input read under a file's name stands for that file (an editor's unsaved
        // buffer): the file itself is not read as well.
        let stdinFile = request.paths.contains("-") ? request.stdinFilename.flatMap(FileIdentity.init(path:)) : nil
        for input in found.inputs {
            if let stdinFile, case .file(let path) = input.origin, FileIdentity(path: path) == stdinFile {
                if request.verbose { log("gaffe: skipped \(path): read from standard input (--stdin-filename)") }
                continue
            }
            inputs.append(input)
        }

        let linter = try Linter(rules: rules, context: context, readerOptions: ReaderOptions(configuration: configuration),
                                timed: request.timings)
        if request.verbose { linter.onSkip = { log("gaffe: skipped \($0): \($1)") } }
        linter.timings?.includeSetUp(since: began)
        return Prepared(configuration: configuration, inputs: inputs, linter: linter)
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

    /// Whether two paths name the same file (after `.`, `..` and symbolic links, or as two hard
    /// links to one file).
    static func sameFile(_ lhs: String, _ rhs: String) -> Bool {
        func resolved(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path }
        if resolved(lhs) == resolved(rhs) { return true }
        guard let left = FileIdentity(path: lhs), let right = FileIdentity(path: rhs) else { return false }
        return left == right
    }

    /// Gaffe never modifies what it reads: `--output` (or the file `role` names) may not be an
    /// input or the configuration.
    static func refuseToOverwriteInput(_ outputPath: String, inputs: [InputSource], configuration: Configuration,
                                       role: String = "--output") throws {
        for input in inputs {
            guard case .file(let path) = input.origin else { continue }
            if sameFile(path, outputPath) {
                throw UsageError("\(role) \(outputPath) is one of the inputs; Gaffe never writes over what it reads")
            }
        }
        if let path = configuration.path, sameFile(path, outputPath) {
            throw UsageError("\(role) \(outputPath) is the configuration file; Gaffe never writes over what it reads")
        }
    }
}

/// Reads all of standard input.
public enum StandardInput {
    public static func readAll() -> [UInt8] {
        Array(FileHandle.standardInput.readDataToEndOfFile())
    }
}
