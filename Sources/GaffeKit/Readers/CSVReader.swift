extension InputFormat {
    /// A schedule as CSV with a header row: one draft per row.
    public static let csv = InputFormat(rawValue: "csv")
}

/// Reads a schedule CSV (RFC 4180) row by row: the header names the columns (`publish_at`,
/// `channel`, `account`, `regions`, `text`, `link`, `timezone`, or others through
/// `schedule.columns`), and each later row is one draft whose positions are the line and column
/// inside its `text` cell, through quoted newlines and doubled quotes.
public struct CSVReader: DraftReader {
    public static let format = InputFormat.csv
    public static let fileExtensions = ["csv"]

    public init() {}

    public func read(_ input: InputSource, options: ReaderOptions, emit: (Draft) throws -> Void,
                     fail: (InputProblem, SourceText) throws -> Void) throws {
        var parser = CSVRecordParser()
        var header: [String]?
        var headerIndex: [String: Int] = [:]
        var roles: [(index: Int, role: ScheduleColumns.Role)] = []
        let columns = ScheduleColumns(mapping: options.schedule)
        if !options.schedule.hasHeader {
            // Columns are named by number; the widest row decides how many there are.
            header = (1...64).map(String.init)
            for index in 0..<64 {
                headerIndex[String(index + 1)] = index
                roles.append((index, columns.role(of: String(index + 1))))
            }
        }
        var rowNumber = 0
        // One parser per worker: each keeps its own cache of channel, region and zone values.
        let metadataParsers = (0..<Parallel.workerLimit).map { _ in MetadataParser(options: options) }
        let textColumn = options.schedule.column(for: .text)
        let hasHeader = options.schedule.hasHeader
        // Data rows split but not yet made into drafts: they are made on every core, a block at a
        // time, and handed on in file order.
        var waiting: [(record: CSVRecord, row: Int)] = []

        func invalidUTF8(_ record: CSVRecord) -> (InputProblem, SourceText)? {
            guard let bad = UTF8Validation.firstInvalidOffset(in: record.bytes) else { return nil }
            let source = SourceText(path: input.path, bytes: record.bytes, baseOffset: record.start, baseLine: record.line)
            return (InputProblem("invalid UTF-8 at byte \(record.start + bad); the row is skipped (re-save the file as UTF-8)",
                                 at: (record.start + bad)..<(record.start + bad + 1)), source)
        }

        func handle(_ record: CSVRecord) throws {
            if header != nil {
                rowNumber += 1
                waiting.append((record, rowNumber))
                if waiting.count >= 256 { try flush() }
                return
            }
            // The header: read here, in order, before any data row.
            if let (problem, source) = invalidUTF8(record) {
                try fail(problem, source)
                return
            }
            let source = SourceText(path: input.path, bytes: record.bytes, baseOffset: record.start, baseLine: record.line)
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
            header = names
            roles = headerIndex.map { ($0.value, columns.role(of: $0.key)) }.sorted { $0.index < $1.index }
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

        /// Makes the waiting rows into drafts on every core and hands them on in order.
        func flush() throws {
            guard let names = header, !waiting.isEmpty else { return }
            let made = Parallel.map(waiting.count) { index, worker -> Result<Draft, RowFailure> in
                let (record, row) = waiting[index]
                if let (problem, source) = invalidUTF8(record) { return .failure(RowFailure(problem: problem, source: source)) }
                return .success(draft(record, row: row, names: names, parser: metadataParsers[worker]))
            }
            waiting.removeAll(keepingCapacity: true)
            for result in made {
                switch result {
                case .success(let draft): try emit(draft)
                case .failure(let failure): try fail(failure.problem, failure.source)
                }
            }
        }

        func draft(_ record: CSVRecord, row rowNumber: Int, names: [String], parser metadataParser: MetadataParser) -> Draft {
            let source = SourceText(path: input.path, bytes: record.bytes, baseOffset: record.start, baseLine: record.line)
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
            return row.draft(parser: metadataParser)
        }

        do {
            try input.chunks { chunk in try parser.feed(chunk, emit: handle) }
            try parser.finish(emit: handle)
            try flush()
        } catch let error as InputReadError {
            try flush()
            try fail(InputProblem(error.description, at: 0..<0), SourceText(path: input.path, bytes: []))
        }
    }
}

/// A row that could not be made into a draft, and why.
struct RowFailure: Error {
    var problem: InputProblem
    var source: SourceText
}
