import Foundation

/// Paths as machine formats write them: relative to the working directory where the file lies
/// inside it (GitHub matches annotations and alerts against paths from the repository root), and
/// as URIs for SARIF.
enum ReportPaths {
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

    private static func strip(_ base: String, from target: String) -> String? {
        let prefix = base.hasSuffix("/") ? base : base + "/"
        guard target.hasPrefix(prefix), target.count > prefix.count else { return nil }
        return String(target.dropFirst(prefix.count))
    }

    /// A file-system path as a URI path: every byte outside RFC 3986's unreserved characters,
    /// `/` and the sub-delimiters that are safe in a path segment is percent-encoded (UTF-8). A
    /// colon is encoded too, so a relative reference never reads as a scheme.
    static func uriPath(_ path: String) -> String {
        let safe = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/!$&'()*+,;=@".utf8)
        let digits = Array("0123456789ABCDEF".utf8)
        var output: [UInt8] = []
        for byte in path.utf8 {
            if safe.contains(byte) {
                output.append(byte)
            } else {
                output += [UInt8(ascii: "%"), digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The `file://` URI of an absolute directory, ending with `/` as SARIF base URIs must.
    static func directoryURI(_ directory: String) -> String {
        let path = URL(fileURLWithPath: directory, isDirectory: true).standardizedFileURL.path
        return "file://" + uriPath(path.hasSuffix("/") ? path : path + "/")
    }
}

/// Paths as the formats that GitHub and reviewdog read write them: relative to the working
/// directory where the file lies inside it (they match paths from the repository root), else
/// absolute. Remembers the last one, as findings arrive file by file.
struct RepositoryPaths {
    let workingDirectory: String
    private var last: (path: String, written: String)?

    init(workingDirectory: String) {
        self.workingDirectory = workingDirectory
    }

    mutating func written(_ path: String) -> String {
        if let last, last.path == path { return last.written }
        let written = ReportPaths.relative(path, to: workingDirectory) ?? ReportPaths.absolute(path, in: workingDirectory)
        last = (path, written)
        return written
    }
}
