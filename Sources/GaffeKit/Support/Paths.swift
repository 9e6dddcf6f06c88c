import Foundation

/// File paths as Gaffe shows them: relative to the working directory where they lie inside it.
enum Paths {
    /// `path` relative to `directory`, with `/` separators, or `nil` when it lies outside.
    /// A relative path is taken as relative to `directory`; `.` and `..` are resolved.
    static func relative(_ path: String, to directory: String) -> String? {
        let base = URL(fileURLWithPath: directory, isDirectory: true).standardizedFileURL.path
        let absolute = path.hasPrefix("/") ? path : (base as NSString).appendingPathComponent(path)
        let target = URL(fileURLWithPath: absolute).standardizedFileURL.path
        if let inside = strip(base, from: target) { return inside }
        // The same places reached through symbolic links (/tmp and /private/tmp on macOS).
        let resolvedBase = URL(fileURLWithPath: base).resolvingSymlinksInPath().path
        let resolvedTarget = URL(fileURLWithPath: target).resolvingSymlinksInPath().path
        return strip(resolvedBase, from: resolvedTarget)
    }

    /// The absolute, standardized form of `path` (relative paths resolved against `directory`).
    static func absolute(_ path: String, in directory: String) -> String {
        let absolute = path.hasPrefix("/") ? path : (directory as NSString).appendingPathComponent(path)
        return URL(fileURLWithPath: absolute).standardizedFileURL.path
    }

    /// A path for messages: relative to the working directory when inside it, else as given.
    static func forDisplay(_ path: String) -> String {
        relative(path, to: FileManager.default.currentDirectoryPath) ?? path
    }

    private static func strip(_ base: String, from target: String) -> String? {
        let prefix = base.hasSuffix("/") ? base : base + "/"
        guard target.hasPrefix(prefix), target.count > prefix.count else { return nil }
        return String(target.dropFirst(prefix.count))
    }
}

/// A file's device and inode: the same for every path that leads to it.
struct FileIdentity: Hashable {
    let device: UInt64
    let inode: UInt64

    /// `nil` when the file cannot be looked at (a reader then says why it cannot be read).
    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }
}
