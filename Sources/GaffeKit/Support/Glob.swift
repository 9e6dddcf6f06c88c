/// Shell-style path patterns for `include` and `exclude`: `*` (within a folder), `**` (across
/// folders), `?`, `[abc]`, `{md,mdx}`. A pattern without a slash matches a file name in any folder.
public struct Glob: Sendable, Hashable {
    public let pattern: String
    private let alternatives: [[UInt8]]
    private let anchored: Bool

    public init(_ pattern: String) {
        self.pattern = pattern
        var trimmed = pattern
        if trimmed.hasPrefix("./") { trimmed.removeFirst(2) }
        if trimmed.hasSuffix("/") { trimmed += "**" }
        anchored = trimmed.contains("/")
        alternatives = Glob.expandBraces(trimmed).map { Array($0.utf8) }
    }

    /// Whether a relative path (with `/` separators) matches.
    public func matches(_ path: String) -> Bool {
        var relative = path
        if relative.hasPrefix("./") { relative.removeFirst(2) }
        let bytes = Array(relative.utf8)
        if anchored {
            return alternatives.contains { Glob.match($0[...], bytes[...]) }
        }
        let name = bytes.lastIndex(of: 0x2F).map { Array(bytes[($0 + 1)...]) } ?? bytes
        return alternatives.contains { Glob.match($0[...], name[...]) || Glob.match($0[...], bytes[...]) }
    }

    static func expandBraces(_ pattern: String) -> [String] {
        guard let open = pattern.firstIndex(of: "{"), let close = pattern[open...].firstIndex(of: "}") else { return [pattern] }
        let head = pattern[..<open]
        let tail = pattern[pattern.index(after: close)...]
        return pattern[pattern.index(after: open)..<close].split(separator: ",", omittingEmptySubsequences: false)
            .flatMap { expandBraces(String(head) + $0 + String(tail)) }
    }

    static func match(_ pattern: ArraySlice<UInt8>, _ text: ArraySlice<UInt8>) -> Bool {
        var p = pattern.startIndex
        var t = text.startIndex
        while p < pattern.endIndex {
            let byte = pattern[p]
            switch byte {
            case 0x2A: // *
                if p + 1 < pattern.endIndex, pattern[p + 1] == 0x2A {
                    // `**/` matches zero or more folders; `**` at the end matches everything.
                    var rest = p + 2
                    if rest < pattern.endIndex, pattern[rest] == 0x2F { rest += 1 }
                    if rest == pattern.endIndex { return true }
                    var candidate = t
                    while candidate <= text.endIndex {
                        if match(pattern[rest...], text[candidate...]) { return true }
                        guard let slash = text[candidate...].firstIndex(of: 0x2F) else { return false }
                        candidate = slash + 1
                    }
                    return false
                }
                let rest = p + 1
                var candidate = t
                while true {
                    if match(pattern[rest...], text[candidate...]) { return true }
                    guard candidate < text.endIndex, text[candidate] != 0x2F else { return false }
                    candidate += 1
                }
            case 0x3F: // ?
                guard t < text.endIndex, text[t] != 0x2F else { return false }
                p += 1
                t += 1
            case 0x5B: // [
                guard t < text.endIndex, let close = pattern[(p + 1)...].firstIndex(of: 0x5D) else { return false }
                var set = pattern[(p + 1)..<close]
                let negate = set.first == 0x21 || set.first == 0x5E
                if negate { set = set.dropFirst() }
                var found = false
                var i = set.startIndex
                while i < set.endIndex {
                    if i + 2 < set.endIndex, set[i + 1] == 0x2D {
                        if (set[i]...set[i + 2]).contains(text[t]) { found = true }
                        i += 3
                    } else {
                        if set[i] == text[t] { found = true }
                        i += 1
                    }
                }
                guard found != negate else { return false }
                p = close + 1
                t += 1
            default:
                guard t < text.endIndex, text[t] == byte else { return false }
                p += 1
                t += 1
            }
        }
        return t == text.endIndex
    }
}
