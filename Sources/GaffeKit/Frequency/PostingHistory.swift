import Foundation

/// A post that already went out: counted in the windows of the `posting-frequency` rule and of
/// `gaffe reschedule`, never reported.
public struct HistoryPost: Sendable, Hashable {
    public var publishedAt: Date
    public var account: String?
    public var channel: Channel?
    public var isReply: Bool
    public var text: String?
    /// Where the post is recorded: the `published_at` cell of the export it came from.
    public var location: SourceLocation

    public init(publishedAt: Date, account: String?, channel: Channel?, isReply: Bool, text: String?, location: SourceLocation) {
        self.publishedAt = publishedAt
        self.account = account
        self.channel = channel
        self.isReply = isReply
        self.text = text
        self.location = location
    }

    /// The same post read twice (from a file and from the store) is counted once.
    struct Identity: Hashable {
        let account: String?
        let channel: Channel?
        let milliseconds: Int64
        let text: String
    }

    var identity: Identity {
        Identity(account: account, channel: channel, milliseconds: Int64((publishedAt.timeIntervalSince1970 * 1000).rounded()),
                 text: text ?? "")
    }
}

/// Replies: a post whose text starts with an @handle (as replies do on X, Threads and Mastodon).
enum ReplyDetection {
    static func isReply<Bytes: Collection>(_ text: Bytes) -> Bool where Bytes.Element == UInt8 {
        var iterator = text.makeIterator()
        var first = iterator.next()
        while let byte = first, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { first = iterator.next() }
        guard first == 0x40, let next = iterator.next() else { return false }
        return (next >= 0x30 && next <= 0x39) || (next >= 0x41 && next <= 0x5A) || (next >= 0x61 && next <= 0x7A) || next == 0x5F
    }
}

/// Reads posting-history exports: CSV with a header row, or JSON Lines, with `published_at`
/// (or `publish_at`), `account`, `channel` (or `channels`), and optionally `text` and `timezone`,
/// named otherwise through `frequency.history.columns`. A post on several channels is one post per
/// channel. Rows are streamed; each problem is reported at its place.
public struct HistoryReader {
    let columns: HistoryColumns
    let parser: MetadataParser

    public init(configuration: Configuration) {
        columns = configuration.section(FrequencySettings.self).history
        var options = ReaderOptions(configuration: configuration)
        options.schedule = ScheduleMapping()
        options.schedule.dateFormat = columns.dateFormat
        options.schedule.timeZone = columns.timeZone
        parser = MetadataParser(options: options)
    }

    /// Reads one export.
    /// - Throws: `UsageError` for a file that is missing, unreadable or of another format.
    public func read(path: String, emit: (HistoryPost) throws -> Void, fail: (InputProblem, SourceText) throws -> Void) throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { throw UsageError("no such history file: \(path)") }
        guard !isFolder.boolValue else { throw UsageError("\(path) is a folder; --history and gaffe history import take export files") }
        let input: InputSource
        switch BuiltInReaders.format(forPath: path) {
        case .csv?: input = .file(path, format: .csv)
        case .jsonl?: input = .file(path, format: .jsonl)
        default: throw UsageError("\(path) is not a history export Gaffe reads: use CSV (.csv) or JSON Lines (.jsonl, .ndjson)")
        }
        do {
            if input.format == .csv {
                try readCSV(input, emit: emit, fail: fail)
            } else {
                try readJSONLines(input, emit: emit, fail: fail)
            }
        } catch let error as InputReadError {
            throw UsageError("cannot read the history file \(path): \(error.description)")
        }
    }

    /// A record's values by column name, with their places in the file.
    private typealias Cells = [String: RawField]

    private func readCSV(_ input: InputSource, emit: (HistoryPost) throws -> Void, fail: (InputProblem, SourceText) throws -> Void) throws {
        var splitter = CSVRecordParser()
        var header: [String]?
        var usable = true
        func handle(_ record: CSVRecord) throws {
            let source = SourceText(path: input.path, bytes: record.bytes, baseOffset: record.start, baseLine: record.line)
            if let problem = UTF8Validation.problem(in: record.bytes, at: record.start, skipped: "the row is skipped") {
                try fail(problem, source)
                return
            }
            for problem in record.problems {
                try fail(InputProblem(problem.message, at: (record.start + problem.at.lowerBound)..<(record.start + problem.at.upperBound)), source)
            }
            guard let names = header else {
                var names = record.fields.indices.map { record.value($0).trimmingSpaces }
                if let first = names.first, first.hasPrefix("\u{FEFF}") { names[0].removeFirst() }
                header = names
                if column(.publishedAt, in: names) == nil {
                    usable = false
                    var message = "no \(columns.columns(for: .publishedAt).joined(separator: " or ")) column in the header of the history export (columns: \(names.joined(separator: ", ")))"
                    if let guess = Spelling.closest(to: "published_at", among: names) {
                        message += "; did you mean '\(guess)'? Map it with frequency: {history: {columns: {published_at: \(guess)}}}"
                    }
                    try fail(InputProblem(message, at: record.start..<(record.start + record.bytes.count)), source)
                }
                return
            }
            guard usable else { return }
            var cells: Cells = [:]
            for (index, name) in names.enumerated() where index < record.fields.count {
                let content = record.fields[index].content
                cells[name] = RawField(record.value(index), at: (record.start + content.lowerBound)..<(record.start + content.upperBound))
            }
            try posts(from: cells, source: source, emit: emit, fail: fail)
        }
        try input.chunks { chunk in try splitter.feed(chunk, emit: handle) }
        try splitter.finish(emit: handle)
    }

    private func readJSONLines(_ input: InputSource, emit: (HistoryPost) throws -> Void, fail: (InputProblem, SourceText) throws -> Void) throws {
        try JSONLinesReader.objects(in: input, fail: fail) { members, source, _ in
            var cells: Cells = [:]
            for member in members {
                switch member.value {
                case .string(let text, _, let range): cells[member.key] = RawField(text, at: range)
                case .list(let items, let range): cells[member.key] = RawField(items.joined(separator: ";"), at: range)
                case .other(let text, let range): cells[member.key] = RawField(text, at: range)
                }
            }
            if column(.publishedAt, in: Array(cells.keys)) == nil {
                let names = columns.columns(for: .publishedAt).map { "\"\($0)\"" }.joined(separator: " or ")
                try fail(InputProblem("history line has no \(names)", at: source.baseOffset..<source.endOffset), source)
                return
            }
            try posts(from: cells, source: source, emit: emit, fail: fail)
        }
    }

    /// The column a field is read from, among a record's names.
    private func column(_ field: HistoryColumns.Field, in names: [String]) -> String? {
        columns.columns(for: field).first { names.contains($0) }
    }

    private func posts(from cells: Cells, source: SourceText, emit: (HistoryPost) throws -> Void,
                       fail: (InputProblem, SourceText) throws -> Void) throws {
        let names = Array(cells.keys)
        func cell(_ field: HistoryColumns.Field) -> RawField? { column(field, in: names).flatMap { cells[$0] } }
        guard let published = cell(.publishedAt) else { return }
        var fields = MetadataParser.Fields()
        fields.publishAt = published
        fields.timeZone = cell(.timezone)
        fields.account = cell(.account)
        fields.channels = cell(.channel).map { [$0] } ?? []
        var metadata = DraftMetadata()
        var problems: [InputProblem] = []
        parser.parse(fields, into: &metadata, problems: &problems)
        for var problem in problems {
            problem.message = problem.message.replacingOccurrences(of: "schedule.date_format", with: "frequency.history.date_format")
            try fail(problem, source)
        }
        // A row Gaffe cannot fully read (an unknown channel) would be counted in the wrong place.
        guard !problems.contains(where: { $0.severity == .error }) else { return }
        guard let publishedAt = metadata.publishAt else {
            if published.value.trimmingSpaces.isEmpty {
                let at = published.range.lowerBound
                try fail(InputProblem("history row has no publish time; it is not counted", at: at..<at), source)
            }
            return
        }
        let text = cell(.text)?.value
        let isReply = text.map { ReplyDetection.isReply($0.utf8) } ?? false
        let location = source.location(of: published.range)
        let channels: [Channel?] = metadata.channels.isEmpty ? [nil] : metadata.channels
        for channel in channels {
            try emit(HistoryPost(publishedAt: publishedAt, account: metadata.account, channel: channel, isReply: isReply, text: text,
                                 location: location))
        }
    }
}

/// The posting history of a run: `--history` files and the store's `history` table, read once
/// and shared by the `posting-frequency` rule and `gaffe reschedule`.
public final class PostingHistory: Service, @unchecked Sendable {
    /// Problems in the history files, reported as `input` findings.
    public let problems: [(problem: InputProblem, source: SourceText)]
    private let filePosts: [HistoryPost]
    private let store: HistoryStore?

    /// Reads the run's history files and opens the store when there is one.
    /// - Throws: `UsageError` for a missing or unreadable file, or a store named by `--store` that
    ///   does not exist or cannot be read.
    public static func make(context: RuleContext) throws -> PostingHistory {
        let reader = HistoryReader(configuration: context.configuration)
        var posts: [HistoryPost] = []
        var problems: [(InputProblem, SourceText)] = []
        for path in context.inputs.historyFiles {
            try reader.read(path: path, emit: { posts.append($0) }, fail: { problems.append(($0, $1)) })
        }
        let storePath = context.inputs.storePath ?? GaffeStore.defaultPath(for: context.configuration)
        var store: HistoryStore?
        if context.inputs.storePath != nil || FileManager.default.fileExists(atPath: storePath) {
            guard FileManager.default.fileExists(atPath: storePath) else { throw UsageError("no store at \(storePath)") }
            do {
                store = HistoryStore(try GaffeStore(path: storePath, readOnly: true))
                _ = try store?.count()
            } catch {
                throw UsageError("\(error)")
            }
        }
        return PostingHistory(filePosts: posts, store: store, problems: problems)
    }

    public init(filePosts: [HistoryPost], store: HistoryStore? = nil, problems: [(problem: InputProblem, source: SourceText)] = []) {
        self.filePosts = filePosts.sorted { $0.publishedAt < $1.publishedAt }
        self.store = store
        self.problems = problems
    }

    /// Posts published after `date`, from the files and the store, each once, in time order.
    public func posts(after date: Date) -> [HistoryPost] {
        var seen: Set<HistoryPost.Identity> = []
        var result: [HistoryPost] = []
        let stored = (try? store?.posts(after: date)) ?? []
        for post in filePosts.filter({ $0.publishedAt > date }) + stored where seen.insert(post.identity).inserted {
            result.append(post)
        }
        return result.sorted { $0.publishedAt < $1.publishedAt }
    }
}

/// Reports the problems of `--history` files as `input` findings when the `posting-frequency`
/// rule runs, and makes a missing history file stop the run before any linting.
public struct HistoryAnnotator: DraftAnnotator {
    let history: PostingHistory

    public init(context: RuleContext) throws {
        history = try context.service(PostingHistory.self)
    }

    public static func isNeeded(by rules: [RuleDescription]) -> Bool {
        rules.contains { $0.identifier == PostingFrequencyRule.description.identifier }
    }

    /// History is context for the whole run; drafts carry nothing of it.
    public func annotate(_ draft: inout Draft, context: RuleContext) {}

    public var inputProblems: [(problem: InputProblem, source: SourceText)] { history.problems }
}
