import Foundation

/// Runs a program to completion, the way the CLI tests and the schema validator need it: standard
/// input from bytes, standard output and error captured whole (through temporary files, so no
/// pipe can fill up and stall either side).
struct ChildProcess {
    var status: Int32
    var stdout: Data
    var stderr: Data

    var output: String { String(decoding: stdout, as: UTF8.self) }
    var errorOutput: String { String(decoding: stderr, as: UTF8.self) }

    /// - Parameters:
    ///   - environment: the child's whole environment (`nil` inherits this process's).
    ///   - standardOutput: a file handle to use instead of capturing (a terminal, for colour tests).
    static func run(_ executable: URL, _ arguments: [String], input: Data = Data(), environment: [String: String]? = nil,
                    directory: URL? = nil, standardOutput: FileHandle? = nil) throws -> ChildProcess {
        let scratch = try TestPaths.temporaryDirectory("child")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let inURL = scratch.appendingPathComponent("stdin")
        let outURL = scratch.appendingPathComponent("stdout")
        let errURL = scratch.appendingPathComponent("stderr")
        try input.write(to: inURL)
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let stdin = try FileHandle(forReadingFrom: inURL)
        let stdout = try FileHandle(forWritingTo: outURL)
        let stderr = try FileHandle(forWritingTo: errURL)
        defer {
            try? stdin.close()
            try? stdout.close()
            try? stderr.close()
        }

        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let directory { process.currentDirectoryURL = directory }
        process.standardInput = stdin
        process.standardOutput = standardOutput ?? stdout
        process.standardError = stderr
        try process.run()
        process.waitUntilExit()
        return ChildProcess(status: process.terminationStatus, stdout: try Data(contentsOf: outURL), stderr: try Data(contentsOf: errURL))
    }
}
