import Foundation
import Testing
@testable import GaffeKit

/// The pre-commit hook, the composite GitHub Action and the example workflows: they parse, they
/// agree with what gaffe reads and offers, and the action's lint step does what it says when run
/// with the built binary.
struct IntegrationFilesTests {
    static func yaml(_ relative: String) throws -> YAMLNode {
        let url = TestPaths.packageRoot.appendingPathComponent(relative)
        return try StrictYAML.parse(try String(contentsOf: url, encoding: .utf8), path: relative)
    }

    static func string(_ mapping: YAMLMapping, _ key: String) -> String? {
        mapping.entries[key]?.value.scalarText
    }

    @Test func preCommitHookBuildsAndRunsGaffeOnEveryFormatItReads() throws {
        let hooks = try Self.yaml(".pre-commit-hooks.yaml").list()
        #expect(hooks.count == 1)
        let hook = try hooks[0].mapping()
        #expect(Self.string(hook, "id") == "gaffe")
        #expect(Self.string(hook, "language") == "swift")
        #expect(Self.string(hook, "entry") == "gaffe lint")
        #expect(Self.string(hook, "require_serial") == "true")
        let package = try String(contentsOf: TestPaths.packageRoot.appendingPathComponent("Package.swift"), encoding: .utf8)
        #expect(package.contains(".executable(name: \"gaffe\""), "pre-commit puts the package's executables on PATH")
        let files = try Regex(try #require(Self.string(hook, "files")))
        for reader in BuiltInReaders.all {
            for fileExtension in reader.fileExtensions {
                #expect(("content/post." + fileExtension).contains(files), "the hook skips .\(fileExtension), which gaffe reads")
            }
        }
        for ignored in ["Package.swift", ".gaffe.yml", "logo.png", "notes.yaml", "a.md.orig"] {
            #expect(!ignored.contains(files), "the hook passes \(ignored)")
        }
        let example = try Self.yaml("examples/pre-commit/.pre-commit-config.yaml").mapping()
        let repos = try #require(try example.entries["repos"]?.value.list())
        let used = try #require(try repos.first?.mapping().entries["hooks"]?.value.list().first?.mapping())
        #expect(Self.string(used, "id") == "gaffe")
    }

    @Test func actionUsesOnlyItsOwnInputsAndNeverInterpolatesThemIntoScripts() throws {
        let text = try String(contentsOf: TestPaths.packageRoot.appendingPathComponent("action.yml"), encoding: .utf8)
        let action = try Self.yaml("action.yml").mapping()
        let inputs = Set(try #require(try action.entries["inputs"]?.value.mapping().keys))
        #expect(inputs.isSuperset(of: ["paths", "args", "baseline", "fail-on", "sarif", "html-report", "download-url"]))
        for match in text.matches(of: /inputs\.([a-z0-9-]+)/) {
            #expect(inputs.contains(String(match.output.1)), "unknown input \(match.output.1)")
        }
        let runs = try #require(try action.entries["runs"]?.value.mapping())
        #expect(Self.string(runs, "using") == "composite")
        let steps = try #require(try runs.entries["steps"]?.value.list()).map { try $0.mapping() }
        let ids = Set(steps.compactMap { Self.string($0, "id") })
        for step in steps {
            guard let script = Self.string(step, "run") else {
                #expect(Self.string(step, "uses") != nil)
                continue
            }
            #expect(Self.string(step, "shell") == "bash", "composite run steps must name their shell")
            #expect(!script.contains("${{"), "inputs reach scripts through env, never by interpolation: \(Self.string(step, "name") ?? "")")
            let syntax = try ChildProcess.run(URL(fileURLWithPath: "/bin/bash"), ["-n"], input: Data(script.utf8))
            #expect(syntax.status == 0, "\(syntax.errorOutput)")
        }
        for match in text.matches(of: /steps\.([a-z0-9-]+)\.outputs/) {
            #expect(ids.contains(String(match.output.1)), "no step \(match.output.1)")
        }
    }

    /// The action's lint step, run as GitHub would run it, with the built binary on PATH.
    @Test func actionLintStepWritesEveryReportAndTheExitCode() throws {
        let action = try Self.yaml("action.yml").mapping()
        let steps = try #require(try action.entries["runs"]?.value.mapping().entries["steps"]?.value.list()).map { try $0.mapping() }
        let script = try #require(steps.first { Self.string($0, "name") == "Lint" }.flatMap { Self.string($0, "run") })

        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let content = directory.appendingPathComponent("content")
        try FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
        try Data("Hi {{first_name}}\n".utf8).write(to: content.appendingPathComponent("accepted.md"))
        try Data("Copy is TK\n".utf8).write(to: content.appendingPathComponent("new.md"))
        let baseline = try GaffeBinary.run(["baseline", "write", ".gaffe-baseline.yml", "--no-config", "content/accepted.md"], directory: directory)
        #expect(baseline.status == 0)
        let temporary = directory.appendingPathComponent("runner-temp")
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        let outputs = directory.appendingPathComponent("github-output")

        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = GaffeBinary.url.deletingLastPathComponent().path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        environment.merge(["RUNNER_TEMP": temporary.path, "GITHUB_OUTPUT": outputs.path, "PATHS": "content", "ARGS": "--no-config",
                           "BASELINE": ".gaffe-baseline.yml", "FAIL_ON": "error", "ANNOTATIONS": "true", "SARIF": "true",
                           "HTML": "gaffe-report"]) { $1 }
        let run = try ChildProcess.run(URL(fileURLWithPath: "/bin/bash"), ["--noprofile", "--norc", "-eo", "pipefail", "-c", script],
                                       environment: environment, directory: directory)
        #expect(run.status == 0, "the step records the status; the last step fails the job: \(run.errorOutput)")
        #expect(run.output.contains("::error file=content/new.md,line=1,col=9,"))
        #expect(run.output.contains("gaffe: Baseline .gaffe-baseline.yml: 1 finding accepted, 0 stale entries."))

        let written = try String(contentsOf: outputs, encoding: .utf8)
        #expect(written.contains("exit-code=1\n"))
        let sarif = temporary.appendingPathComponent("gaffe.sarif")
        let upload = temporary.appendingPathComponent("gaffe-upload.sarif")
        #expect(written.contains("sarif-file=\(sarif.path)\n") && written.contains("upload-file=\(upload.path)\n"))
        #expect(written.contains("html-file=\(temporary.path)/gaffe-report/gaffe-report.html\n"))
        func results(_ url: URL) throws -> [[String: Any]] {
            let runs = try ReporterSamples.object(String(contentsOf: url, encoding: .utf8))["runs"] as? [[String: Any]]
            return runs?.first?["results"] as? [[String: Any]] ?? []
        }
        #expect(try results(sarif).map { $0["baselineState"] as? String } == ["unchanged", "new"])
        #expect(try results(upload).map { $0["baselineState"] as? String } == ["new"], "accepted findings are not uploaded")
        #expect(try SchemaValidator.errors(in: String(contentsOf: upload, encoding: .utf8), schema: TestPaths.sarifSchema) == [])
    }

    @Test func exampleWorkflowsParseAndUseTheAction() throws {
        for name in ["gaffe.yml", "gaffe-action.yml", "pre-commit.yml", "gaffe-hourly.yml"] {
            let workflow = try Self.yaml("examples/workflows/" + name).mapping()
            #expect(workflow.entries["jobs"] != nil, "\(name)")
        }
        let hourly = try String(contentsOf: TestPaths.packageRoot.appendingPathComponent("examples/workflows/gaffe-hourly.yml"), encoding: .utf8)
        #expect(hourly.contains("cron: '17 * * * *'") && hourly.contains("gaffe events sync --store"))
        let action = try String(contentsOf: TestPaths.packageRoot.appendingPathComponent("examples/workflows/gaffe-action.yml"), encoding: .utf8)
        #expect(action.contains("uses: gaffe-lint/gaffe@"))
    }
}
