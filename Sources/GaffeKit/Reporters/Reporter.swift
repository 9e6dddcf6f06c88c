import Foundation

/// Where a reporter writes: standard output, a file, or memory (tests).
public final class ReportOutput: @unchecked Sendable {
    private var buffer: [UInt8] = []
    private let handle: FileHandle?
    public private(set) var captured = ""
    private let capturing: Bool

    /// Writes to a file handle, buffered.
    public init(handle: FileHandle) {
        self.handle = handle
        capturing = false
    }

    /// Keeps everything in `captured`.
    public init() {
        handle = nil
        capturing = true
    }

    public func write(_ text: String) {
        if capturing {
            captured += text
            return
        }
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    /// Hands over the JSON text written so far and empties it, keeping its room for more.
    public func write(_ json: inout JSONText) {
        if capturing {
            captured += json.text
        } else if buffer.isEmpty, json.count >= 1 << 16 {
            json.withBytes(write(bytes:))
        } else {
            json.withBytes { buffer.append(contentsOf: $0) }
            if buffer.count >= 1 << 16 { flush() }
        }
        json.removeAll()
    }

    public func flush() {
        guard !buffer.isEmpty else { return }
        write(bytes: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    private func write(bytes: [UInt8]) {
        bytes.withUnsafeBytes(write(bytes:))
    }

    private func write(bytes raw: UnsafeRawBufferPointer) {
        guard let handle, let base = raw.baseAddress else { return }
        handle.write(Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: raw.count, deallocator: .none))
    }

    deinit { flush() }
}

/// What every reporter is told about the run.
public struct ReportSettings: Sendable {
    /// Whether to colour text output (decided once: a terminal, and no `NO_COLOR`).
    public var color = false
    /// The tool version for machine formats.
    public var version = Gaffe.version
    /// The folder paths are made relative to in machine formats (SARIF URIs).
    public var workingDirectory = FileManager.default.currentDirectoryPath
    /// The run's `--fail-on` threshold (`nil`: never fail), for formats that give a verdict per
    /// finding (JUnit failures agree with the exit code).
    public var failOn: Severity? = .error
    /// The baseline the run compares against, if any (SARIF then writes `baselineState`).
    public var baselinePath: String?

    public init() {}
}

/// A reporter formats findings as they arrive. Each format is one type in its own file, registered
/// by one line in `BuiltInReporters`.
public protocol Reporter: FindingSink {
    /// The `--format` name.
    static var name: String { get }
    /// One line for `--help`.
    static var summary: String { get }
    init(output: ReportOutput, settings: ReportSettings)
}

/// The formats `--format` accepts.
public enum BuiltInReporters {
    public static var all: [any Reporter.Type] {
        [
            TextReporter.self,
            JSONReporter.self,
            SARIFReporter.self,
            GitHubReporter.self,
            RDJSONReporter.self,
            JUnitReporter.self,
            HTMLReporter.self,
        ]
    }

    public static func reporter(named name: String) -> (any Reporter.Type)? {
        all.first { $0.name == name }
    }

    public static var names: [String] { all.map { $0.name } }
}

/// Gaffe's version, shown by `--version` and written into machine formats.
public enum Gaffe {
    public static let version = "0.1.0"
    public static let informationURI = "https://github.com/gaffe-lint/gaffe"
}
