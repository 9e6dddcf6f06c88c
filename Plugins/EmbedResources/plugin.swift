import Foundation
import PackagePlugin

/// Embeds every YAML (and TSV) file under the package's `lexicons/` folder into `GaffeKit` as Swift string
/// literals, so the `gaffe` binary needs no resource bundle and works wherever it is copied.
@main
struct EmbedResources: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let lexicons = context.package.directoryURL.appending(path: "lexicons")
        let inputs = yamlFiles(under: lexicons)
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedResources.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(inputs.count) lexicon files",
                executable: try context.tool(named: "GaffeEmbedTool").url,
                arguments: [output.path, lexicons.path] + inputs.map(\.path),
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }

    private func yamlFiles(under folder: URL) -> [URL] {
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else {
            return []
        }
        return walker.compactMap { $0 as? URL }
            .filter { ["yml", "yaml", "tsv"].contains($0.pathExtension) }
            .sorted { $0.path < $1.path }
    }
}
