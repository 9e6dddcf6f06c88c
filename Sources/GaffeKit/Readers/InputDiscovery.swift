import Foundation

/// Expands the paths given on the command line into the inputs to read.
public struct InputDiscovery {
    /// A path that was passed over, and why (shown with `--verbose`).
    public struct Skipped: Sendable, Hashable {
        public var path: String
        public var reason: String
    }

    public var include: [Glob] = []
    public var exclude: [Glob] = []
    /// Folder that `include`/`exclude` patterns are relative to.
    public var baseDirectory: String?

    public init(configuration: Configuration) {
        include = configuration.include.map(Glob.init)
        exclude = configuration.exclude.map(Glob.init)
        baseDirectory = configuration.baseDirectory
    }

    public init() {}

    /// The inputs under `paths`, sorted within each directory, and what was skipped.
    /// A file named explicitly is read whatever the globs say; files found in a directory must
    /// match `include` (when set) and not match `exclude`.
    public func inputs(for paths: [String]) -> (inputs: [InputSource], skipped: [Skipped], missing: [String]) {
        var inputs: [InputSource] = []
        var skipped: [Skipped] = []
        var missing: [String] = []
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                missing.append(path)
                continue
            }
            if !isDirectory.boolValue {
                if let format = BuiltInReaders.format(forPath: path) {
                    inputs.append(.file(path, format: format))
                } else {
                    skipped.append(Skipped(path: path, reason: "no reader for this file extension"))
                }
                continue
            }
            walk(directory: path, into: &inputs, skipped: &skipped)
        }
        return (InputDiscovery.once(inputs, skipped: &skipped), skipped, missing)
    }

    /// Each file once, where it first came: a file named twice, or named and also found in a
    /// folder given too (`gaffe lint posts posts/launch.md`), would otherwise be read twice and
    /// its rows reported as duplicates of themselves. Files are told apart by device and inode,
    /// so `./a.md`, `a.md`, a symbolic link to it and a hard link are one file.
    static func once(_ inputs: [InputSource], skipped: inout [Skipped]) -> [InputSource] {
        var seen: [FileIdentity: String] = [:]
        var result: [InputSource] = []
        result.reserveCapacity(inputs.count)
        for input in inputs {
            if case .file(let path) = input.origin, let identity = FileIdentity(path: path) {
                if let first = seen[identity] {
                    skipped.append(Skipped(path: path, reason: "already read as \(first)"))
                    continue
                }
                seen[identity] = path
            }
            result.append(input)
        }
        return result
    }

    private func walk(directory: String, into inputs: inout [InputSource], skipped: inout [Skipped]) {
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: directory) else {
            skipped.append(Skipped(path: directory, reason: "cannot list the folder"))
            return
        }
        for name in names.sorted() {
            let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            if name.hasPrefix(".") {
                skipped.append(Skipped(path: path, reason: "hidden"))
                continue
            }
            if name.hasPrefix(".build") || name == "node_modules" {
                skipped.append(Skipped(path: path, reason: "build output"))
                continue
            }
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            let relative = relativePath(path)
            if isDirectory.boolValue {
                if exclude.contains(where: { $0.matches(relative) || $0.matches(relative + "/") }) {
                    skipped.append(Skipped(path: path, reason: "excluded by configuration"))
                    continue
                }
                walk(directory: path, into: &inputs, skipped: &skipped)
                continue
            }
            guard let format = BuiltInReaders.format(forPath: name) else {
                skipped.append(Skipped(path: path, reason: "no reader for this file extension"))
                continue
            }
            if exclude.contains(where: { $0.matches(relative) }) {
                skipped.append(Skipped(path: path, reason: "excluded by configuration"))
                continue
            }
            if !include.isEmpty, !include.contains(where: { $0.matches(relative) }) {
                skipped.append(Skipped(path: path, reason: "not matched by include"))
                continue
            }
            inputs.append(.file(path, format: format))
        }
    }

    /// A path relative to the configuration's folder (or as given).
    private func relativePath(_ path: String) -> String {
        guard let base = baseDirectory else { return path }
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        let root = URL(fileURLWithPath: base).standardizedFileURL.path
        if absolute.hasPrefix(root + "/") { return String(absolute.dropFirst(root.count + 1)) }
        return path
    }
}
