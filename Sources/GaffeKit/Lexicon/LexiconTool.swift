import Foundation

/// What `gaffe lexicon` does, kept out of the CLI so it can be tested and reused: listing and
/// showing packs, linting pack files, exporting terms, and scanning a file of posts.
public enum LexiconTool {
    // MARK: list

    /// One line per built-in pack: name, kind, number of entries, title; or, with `categories`,
    /// the category vocabulary with the event kinds that escalate each category.
    public static func list(categories: Bool = false) -> String {
        if categories {
            let vocabulary = BuiltInLexicons.vocabulary
            let width = vocabulary.names.map(\.count).max() ?? 0
            return vocabulary.names.compactMap { vocabulary[$0] }.map { category in
                let events = category.events.isEmpty ? "" : "  (escalated by: \(category.events.map(\.rawValue).joined(separator: ", ")))"
                return category.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + category.title + events
            }.joined(separator: "\n")
        }
        let packs = PackKind.allCases.flatMap { BuiltInLexicons.packs($0).packs }
        let width = packs.map(\.name.count).max() ?? 0
        return packs.map { pack in
            pack.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + pack.kind.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0)
                + String(format: "%5d", pack.entries.count) + " entries  " + pack.title
        }.joined(separator: "\n")
    }

    // MARK: show

    /// A pack's header (title, description, sources) and its entries, one per line: term,
    /// category, severity, suggestions. `pack` is a built-in pack's name or a pack file's path.
    /// - Throws: `UsageError` for an unknown pack or a file with errors.
    public static func show(_ pack: String) throws -> String {
        let found: LexiconPack
        if let builtIn = PackKind.allCases.flatMap({ BuiltInLexicons.packs($0).packs }).first(where: { $0.name == pack }) {
            found = builtIn
        } else if FileManager.default.fileExists(atPath: pack) {
            let (loaded, problems) = PackLoader.load(path: pack, vocabulary: BuiltInLexicons.vocabulary)
            guard let loaded, !problems.contains(where: { $0.severity == .error }) else {
                throw UsageError("\(pack) has errors; run 'gaffe lexicon lint \(pack)'")
            }
            found = loaded
        } else {
            let names = BuiltInLexicons.allPackNames
            var message = "no built-in lexicon or file named '\(pack)'"
            if let guess = Spelling.closest(to: pack, among: names) { message += "; did you mean '\(guess)'?" }
            throw UsageError(message + " (run 'gaffe lexicon list')")
        }
        var text = "\(found.name): \(found.title) (\(found.kind.rawValue), \(found.entries.count) entries)\n"
        if !found.description.isEmpty { text += "\n" + found.description.trimmingWhitespace() + "\n" }
        if !found.sources.isEmpty { text += "\nSources of guidance:\n" + found.sources.map { "  - \($0)" }.joined(separator: "\n") + "\n" }
        text += "\n"
        let width = min(32, found.entries.map { $0.text.count }.max() ?? 0)
        for entry in found.entries {
            var line = "  " + entry.text.padding(toLength: max(width, entry.text.count), withPad: " ", startingAt: 0)
            line += "  " + entry.category + ", " + entry.severity.rawValue
            if !entry.suggestions.isEmpty { line += "  → " + entry.suggestions.joined(separator: ", ") }
            text += line + "\n"
        }
        return text
    }

    // MARK: lint

    /// The result of linting pack files.
    public struct LintResult: Sendable {
        /// One `path:line:column: severity: message` per problem, then a summary line.
        public var output: String
        public var errors: Int
        public var warnings: Int
    }

    /// Validates pack files: YAML syntax, unknown keys, missing notes and categories, empty and
    /// duplicate terms, bad patterns, unreachable and repeated exceptions. Packs may use the built-in
    /// categories and those any of the given files define.
    public static func lint(paths: [String]) -> LintResult {
        // First the categories every file defines, so packs can use each other's.
        var vocabulary = BuiltInLexicons.vocabulary
        for path in paths {
            for category in PackLoader.load(path: path, vocabulary: vocabulary).pack?.categories ?? [] { vocabulary.add(category) }
        }
        var lines: [String] = []
        var errors = 0
        var warnings = 0
        var packs: [LexiconPack] = []
        for path in paths {
            let (pack, problems) = PackLoader.load(path: path, vocabulary: vocabulary)
            if let pack { packs.append(pack) }
            for problem in problems {
                lines.append(problem.description)
                if problem.severity == .error { errors += 1 } else { warnings += 1 }
            }
        }
        let entries = packs.reduce(0) { $0 + $1.entries.count }
        let files = paths.count == 1 ? "1 file" : "\(paths.count) files"
        if errors + warnings == 0 {
            lines.append("No problems found in \(files) (\(entries) entries).")
        } else {
            var counts: [String] = []
            if errors > 0 { counts.append(errors == 1 ? "1 error" : "\(errors) errors") }
            if warnings > 0 { counts.append(warnings == 1 ? "1 warning" : "\(warnings) warnings") }
            lines.append("Found \(counts.joined(separator: " and ")) in \(files).")
        }
        return LintResult(output: lines.joined(separator: "\n"), errors: errors, warnings: warnings)
    }

    // MARK: export

    /// Every phrase the built-in packs of a kind match as plain text, one per line, sorted: each
    /// term, its other spellings and its inflections (for `grep -F -w -f`). Patterns are left
    /// out: a plain list cannot express them.
    public static func exportPlain(_ kind: PackKind = .terms) -> [String] {
        var phrases: Set<String> = []
        for entry in BuiltInLexicons.defaultLexicon(kind).entries {
            for surface in LexiconForms.surfaceForms(of: entry, inflector: .english) {
                phrases.insert(surface.words.joined(separator: " "))
            }
        }
        return phrases.sorted()
    }
}

/// Scans a file of posts, one per line, with a lexicon: the term matcher on its own, for
/// `gaffe lexicon scan` and the benchmark. The file is read in blocks, so memory stays flat.
public struct LexiconScan: Sendable {
    public struct Summary: Sendable, Hashable {
        public var lines = 0
        public var bytes = 0
        public var matchingLines = 0
        public var matches = 0
        public var seconds = 0.0

        public var linesPerSecond: Double { seconds > 0 ? Double(lines) / seconds : 0 }
        public var megabytesPerSecond: Double { seconds > 0 ? Double(bytes) / 1_000_000 / seconds : 0 }
    }

    public let lexicon: Lexicon

    public init(lexicon: Lexicon) {
        self.lexicon = lexicon
    }

    /// Scans a file; `onMatch` receives each match with its 1-based line and the line's bytes, in
    /// order. The lines of each block read are split among `threads` threads, as `gaffe lint`
    /// checks drafts on every core.
    /// - Throws: `UsageError` when the file cannot be read.
    public func scan(path: String, threads: Int = ProcessInfo.processInfo.activeProcessorCount,
                     onMatch: ((_ line: Int, _ match: LexiconMatch, _ lineBytes: UnsafeBufferPointer<UInt8>) -> Void)? = nil) throws -> Summary {
        try scan(path: path, threads: threads, blockSize: 1 << 22, onMatch: onMatch)
    }

    /// `scan(path:threads:onMatch:)` reading `blockSize` bytes at a time (the tests use small blocks).
    func scan(path: String, threads: Int, blockSize: Int,
              onMatch: ((_ line: Int, _ match: LexiconMatch, _ lineBytes: UnsafeBufferPointer<UInt8>) -> Void)?) throws -> Summary {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw UsageError("cannot read \(path)") }
        defer { close(descriptor) }
        let started = DispatchTime.now()
        var summary = Summary()
        // One buffer, reused: lines are matched where they lie, and the unfinished last line of a
        // block moves to the front before the next read.
        var capacity = max(1, blockSize)
        var buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        defer { buffer.deallocate() }
        var filled = 0
        var atEnd = false
        while !atEnd {
            if filled == capacity {
                let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
                larger.initialize(from: buffer, count: filled)
                buffer.deallocate()
                buffer = larger
                capacity *= 2
            }
            let count = read(descriptor, buffer + filled, capacity - filled)
            if count < 0 { throw UsageError("cannot read \(path)") }
            atEnd = count == 0
            filled += count
            // The whole lines read so far (all of them at the end of the file). Only the bytes just
            // read can hold the last newline: what was carried over from the block before has none.
            var complete = filled
            if !atEnd {
                while complete > filled - count, buffer[complete - 1] != 0x0A { complete -= 1 }
                if complete == filled - count { complete = 0 }
            }
            scanLines(buffer, 0..<complete, threads: threads, &summary, onMatch)
            summary.bytes += complete
            if complete > 0, complete < filled { memmove(buffer, buffer + complete, filled - complete) }
            filled -= complete
        }
        summary.seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        return summary
    }

    /// What one share of a block holds: its counts and, when asked, each match with the 1-based
    /// line within the share and that line's bytes.
    private struct Share {
        var summary = Summary()
        var found: [(line: Int, match: LexiconMatch, bytes: UnsafeBufferPointer<UInt8>)] = []
    }

    /// Scans the lines of `range` (ending at a newline or at the end of the file), split at line
    /// ends into `threads` shares scanned on every core (`Parallel`), and adds what they found in
    /// order.
    private func scanLines(_ buffer: UnsafeMutablePointer<UInt8>, _ range: Range<Int>, threads: Int, _ summary: inout Summary,
                           _ onMatch: ((_ line: Int, _ match: LexiconMatch, _ lineBytes: UnsafeBufferPointer<UInt8>) -> Void)?) {
        guard !range.isEmpty else { return }
        // Shares of at least 256 KB, cut just after a newline.
        let shareCount = max(1, min(threads, range.count / (1 << 18)))
        var cuts = [range.lowerBound]
        for index in 1..<shareCount {
            var cut = range.lowerBound + range.count * index / shareCount
            while cut < range.upperBound, buffer[cut - 1] != 0x0A { cut += 1 }
            if cut > cuts[cuts.count - 1], cut < range.upperBound { cuts.append(cut) }
        }
        cuts.append(range.upperBound)
        let keep = onMatch != nil
        let shares = Parallel.map(cuts.count - 1, minimumPerWorker: 1) { index in
            var share = Share()
            var start = cuts[index]
            let end = cuts[index + 1]
            while start < end {
                let newline = memchr(buffer + start, 0x0A, end - start).map { UnsafeMutablePointer($0.assumingMemoryBound(to: UInt8.self)) - buffer } ?? end
                scanLine(buffer, start..<newline, &share, keep: keep)
                start = newline + 1
            }
            return share
        }
        for share in shares {
            if let onMatch {
                for found in share.found { onMatch(summary.lines + found.line, found.match, found.bytes) }
            }
            summary.lines += share.summary.lines
            summary.matchingLines += share.summary.matchingLines
            summary.matches += share.summary.matches
        }
    }

    @inline(__always)
    private func scanLine(_ buffer: UnsafeMutablePointer<UInt8>, _ range: Range<Int>, _ share: inout Share, keep: Bool) {
        var end = range.upperBound
        if end > range.lowerBound, buffer[end - 1] == 0x0D { end -= 1 }
        let line = UnsafeBufferPointer(start: buffer + range.lowerBound, count: end - range.lowerBound)
        share.summary.lines += 1
        let matches = lexicon.find(in: line)
        if !matches.isEmpty {
            share.summary.matchingLines += 1
            share.summary.matches += matches.count
            if keep { for match in matches { share.found.append((share.summary.lines, match, line)) } }
        }
    }
}
