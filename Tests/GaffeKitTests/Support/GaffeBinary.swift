import Foundation
import Testing

/// Runs the built `gaffe` executable, as swift-argument-parser's example tests run theirs: the
/// executable sits in the products directory beside the test bundle (the test target depends on
/// it, so `swift test` builds it first).
enum GaffeBinary {
    static let url: URL = {
        var candidates: [URL] = []
        #if os(macOS)
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            candidates.append(bundle.bundleURL.deletingLastPathComponent())
        }
        #endif
        candidates.append(Bundle.main.bundleURL)
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent())
        candidates.append(TestPaths.packageRoot.appendingPathComponent(".build/debug"))
        for directory in candidates {
            let executable = directory.appendingPathComponent("gaffe")
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: executable.path, isDirectory: &isDirectory), !isDirectory.boolValue,
               FileManager.default.isExecutableFile(atPath: executable.path) {
                return executable
            }
        }
        return candidates[0].appendingPathComponent("gaffe")
    }()

    /// The CLI fixtures folder, where every CLI test runs unless told otherwise.
    static let fixtures = TestPaths.fixtures.appendingPathComponent("cli")

    /// Runs `gaffe` with `arguments` in `directory`, with an environment free of the caller's
    /// colour settings (plus `environment`).
    static func run(_ arguments: [String], input: String = "", environment: [String: String] = [:],
                    directory: URL = fixtures, standardOutput: FileHandle? = nil) throws -> ChildProcess {
        var base = ProcessInfo.processInfo.environment
        for key in ["NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE", "TERM"] { base[key] = nil }
        base.merge(environment) { $1 }
        return try ChildProcess.run(url, arguments, input: Data(input.utf8), environment: base, directory: directory,
                                    standardOutput: standardOutput)
    }
}

/// Golden files under `Fixtures/cli/expected/`. Set `GAFFE_RECORD=1` to write them from the
/// current output instead (the test then fails once, to say it recorded).
enum Golden {
    static let directory = GaffeBinary.fixtures.appendingPathComponent("expected")
    static var isRecording: Bool { ProcessInfo.processInfo.environment["GAFFE_RECORD"].map { !$0.isEmpty && $0 != "0" } ?? false }

    static func check(_ actual: String, against name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let url = directory.appendingPathComponent(name)
        if isRecording {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: url)
            Issue.record("recorded \(name); run again without GAFFE_RECORD", sourceLocation: sourceLocation)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("missing golden file \(name); record it with GAFFE_RECORD=1", sourceLocation: sourceLocation)
            return
        }
        if actual != expected {
            let actualLines = actual.components(separatedBy: "\n")
            let expectedLines = expected.components(separatedBy: "\n")
            let index = zip(actualLines, expectedLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(actualLines.count, expectedLines.count)
            let got = index < actualLines.count ? actualLines[index] : "<end of output>"
            let want = index < expectedLines.count ? expectedLines[index] : "<end of file>"
            Issue.record("\(name) differs at line \(index + 1):\n  expected: \(want)\n  actual:   \(got)\n(re-record with GAFFE_RECORD=1 if the change is intended)",
                         sourceLocation: sourceLocation)
        }
    }
}
