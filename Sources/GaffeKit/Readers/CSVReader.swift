extension InputFormat {
    /// A schedule as CSV with a header row: one draft per row.
    public static let csv = InputFormat(rawValue: "csv")
}

/// Reads a schedule CSV (RFC 4180) row by row: the header names the columns (`publish_at`,
/// `channel`, `account`, `regions`, `text`, `link`, `timezone`, or others through
/// `schedule.columns`), and each later row is one draft whose positions are the line and column
/// inside its `text` cell, through quoted newlines and doubled quotes.
public struct CSVReader: PendingDraftReader {
    public static let format = InputFormat.csv
    public static let fileExtensions = ["csv"]

    public init() {}

    public func read(_ input: InputSource, options: ReaderOptions, emit: (Draft) throws -> Void,
                     fail: (InputProblem, SourceText) throws -> Void) throws {
        try readMakingPending(input, options: options, emit: emit, fail: fail)
    }

    func readPending(_ input: InputSource, options: ReaderOptions, emit: (PendingDraft) throws -> Void,
                     fail: (InputProblem, SourceText) throws -> Void) throws {
        var parser = CSVRecordParser()
        var headerIndex: [String: Int] = [:]
        let columns = ScheduleColumns(mapping: options.schedule)
        let textColumn = options.schedule.column(for: .text)
        // One parser per worker: each keeps its own cache of channel, region and zone values.
        let parsers = (0..<Parallel.workerLimit).map { _ in MetadataParser(options: options) }
        // Made once the header is read: it turns each later row into a draft, on any thread.
        var rows: RowDrafts?
        if !options.schedule.hasHeader {
            // Columns are named by number; the widest row decides how many there are.
            let names = (1...64).map(String.init)
            rows = RowDrafts(path: input.path, names: names, roles: names.indices.map { ($0, columns.role(of: names[$0])) },
                             hasHeader: false, parsers: parsers)
        }
        var rowNumber = 0
        // The row handler captures the path alone, not the whole input (which profiles showed
        // copied for every row).
        let path = input.path

        func handle(_ record: CSVRecord) throws {
            if let rows {
                rowNumber += 1
                let row = rowNumber
                try emit(PendingDraft { worker in rows.draft(record, row: row, worker: worker) })
                return
            }
            // The header: read here, in order, before any data row.
            if let failure = RowDrafts.invalidUTF8(record, path: path) {
                try fail(failure.problem, failure.source)
                return
            }
            let source = SourceText(path: path, bytes: record.bytes, baseOffset: record.start, baseLine: record.line)
            var names: [String] = []
            for index in record.fields.indices {
                var name = record.value(index).trimmingSpaces
                if index == 0, name.hasPrefix("\u{FEFF}") { name.removeFirst() }
                names.append(name)
                let field = record.fields[index]
                if headerIndex[name] != nil {
                    try fail(InputProblem("duplicate column '\(name)' in the header; the first one is used",
                                          at: (record.start + field.content.lowerBound)..<(record.start + field.content.upperBound)), source)
                } else {
                    headerIndex[name] = index
                }
            }
            let roles = headerIndex.map { ($0.value, columns.role(of: $0.key)) }.sorted { $0.0 < $1.0 }
            rows = RowDrafts(path: path, names: names, roles: roles, hasHeader: true, parsers: parsers)
            if headerIndex[textColumn] == nil {
                var message = "no '\(textColumn)' column in the header (columns: \(names.joined(separator: ", ")))"
                if let guess = Spelling.closest(to: textColumn, among: names) {
                    message += "; did you mean '\(guess)'? Map it with schedule: {columns: {text: \(guess)}} in .gaffe.yml"
                } else {
                    message += "; map the column that holds the post with schedule: {columns: {text: NAME}} in .gaffe.yml"
                }
                try fail(InputProblem(message, at: record.start..<(record.start + record.bytes.count)), source)
            }
            for problem in record.problems {
                try fail(InputProblem(problem.message, at: (record.start + problem.at.lowerBound)..<(record.start + problem.at.upperBound)), source)
            }
        }

        do {
            try input.chunks { chunk in try parser.feed(chunk, emit: handle) }
            try parser.finish(emit: handle)
        } catch let error as InputReadError {
            try fail(InputProblem(error.description, at: 0..<0), SourceText(path: input.path, bytes: []))
        }
    }
}

/// Turns the data rows of one schedule into drafts, on any thread, once its header is known.
private final class RowDrafts: @unchecked Sendable {
    let path: String
    let names: [String]
    let roles: [(index: Int, role: ScheduleColumns.Role)]
    let hasHeader: Bool
    /// One parser per worker (`Parallel.workerLimit`), each used only by its own thread, for its
    /// cache. (Hence `@unchecked`: everything else is immutable.)
    let metadataParsers: [MetadataParser]

    init(path: String, names: [String], roles: [(index: Int, role: ScheduleColumns.Role)], hasHeader: Bool, parsers: [MetadataParser]) {
        self.path = path
        self.names = names
        self.roles = roles
        self.hasHeader = hasHeader
        metadataParsers = parsers
    }

    static func invalidUTF8(_ record: CSVRecord, path: String) -> DraftFailure? {
        guard let problem = UTF8Validation.problem(in: record.bytes, at: record.start, skipped: "the row is skipped") else { return nil }
        return DraftFailure(problem: problem,
                            source: SourceText(path: path, bytes: record.bytes, baseOffset: record.start, baseLine: record.line))
    }

    /// The draft of a data row, or why the row cannot be one.
    func draft(_ record: CSVRecord, row rowNumber: Int, worker: Int) -> Result<Draft, DraftFailure> {
        if let failure = RowDrafts.invalidUTF8(record, path: path) { return .failure(failure) }
        let source = SourceText(path: path, bytes: record.bytes, baseOffset: record.start, baseLine: record.line)
        var row = ScheduleRow(source: source, index: rowNumber, format: .csv)
        for problem in record.problems {
            row.problems.append(InputProblem(problem.message, at: (record.start + problem.at.lowerBound)..<(record.start + problem.at.upperBound)))
        }
        if hasHeader, record.fields.count > names.count {
            let extra = record.fields[names.count]
            row.problems.append(InputProblem("row has \(record.fields.count) fields but the header has \(names.count); the extra fields are ignored",
                                             at: (record.start + extra.content.lowerBound)..<(record.start + extra.content.lowerBound + 1), severity: .warning))
        }
        for (index, role) in roles where index < record.fields.count {
            let field = record.fields[index]
            let range = (record.start + field.content.lowerBound)..<(record.start + field.content.upperBound)
            let layout: ScheduleRow.Layout = field.hasEscapedQuotes ? .csvEscapedQuotes : .verbatim
            ScheduleColumns.place(ScheduleRow.Cell(range: range, layout: layout), role: role, in: &row)
        }
        return .success(row.draft(parser: metadataParsers[worker]))
    }
}
