/// One record of a CSV file: its bytes and where each field's content lies in them.
struct CSVRecord: Sendable {
    struct Field: Sendable {
        /// The field's content inside the record bytes, without surrounding quotes.
        var content: Range<Int>
        var quoted: Bool
        /// Whether the content holds doubled quotes (`""`) that read as one.
        var hasEscapedQuotes: Bool
    }

    /// The record's bytes, without its line ending.
    var bytes: [UInt8]
    /// File offset of `bytes[0]`, and its 1-based line.
    var start: Int
    var line: Int
    var fields: [Field]
    /// Problems found while splitting (text after a closing quote, an unterminated quote), as
    /// offsets into `bytes`.
    var problems: [(message: String, at: Range<Int>)]

    /// A field's text with doubled quotes read as one.
    func value(_ index: Int) -> String {
        guard index < fields.count else { return "" }
        let field = fields[index]
        let slice = bytes[field.content]
        guard field.hasEscapedQuotes else { return String(decoding: slice, as: UTF8.self) }
        return CSVRecord.unescaped(slice)
    }

    /// The text of a quoted field's content with its doubled quotes read as one.
    static func unescaped(_ slice: ArraySlice<UInt8>) -> String {
        var result: [UInt8] = []
        result.reserveCapacity(slice.count)
        forEachPart(of: slice, run: { result.append(contentsOf: slice[$0]) }, escapedQuote: { _ in result.append(0x22) })
        return String(decoding: result, as: UTF8.self)
    }

    /// Walks a quoted field's content in order: `run` gets each stretch of bytes that stand for
    /// themselves (possibly empty), `escapedQuote` the index of each doubled quote, which stands for one `"`.
    static func forEachPart(of slice: ArraySlice<UInt8>, run: (Range<Int>) -> Void, escapedQuote: (Int) -> Void) {
        var runStart = slice.startIndex
        var i = slice.startIndex
        while i < slice.endIndex {
            if slice[i] == 0x22, i + 1 < slice.endIndex, slice[i + 1] == 0x22 {
                run(runStart..<i)
                escapedQuote(i)
                i += 2
                runStart = i
            } else {
                i += 1
            }
        }
        run(runStart..<slice.endIndex)
    }
}

/// An RFC 4180 CSV splitter that is fed chunks and hands out whole records, so a file of any size
/// is read with memory for one record. It keeps the byte place of every field, which no CSV
/// library offers and which exact positions need.
struct CSVRecordParser {
    private enum State {
        case fieldStart, unquoted, quoted, quoteInQuoted, afterClosingQuote
    }

    private var state = State.fieldStart
    private var record: [UInt8] = []
    private var fields: [CSVRecord.Field] = []
    private var fieldStart = 0
    private var fieldQuoted = false
    private var fieldEscapes = false
    private var problems: [(message: String, at: Range<Int>)] = []
    private var openingQuote = 0
    /// File offset of the next byte fed.
    private var offset = 0
    private var line = 1
    private var recordStart = 0
    private var recordLine = 1
    /// A CR ended the last record; a following LF belongs to it.
    private var pendingLF = false
    private var lastWasCR = false

    init() {}

    /// Feeds the next chunk of the file; calls `emit` for each complete record.
    mutating func feed(_ chunk: ArraySlice<UInt8>, emit: (CSVRecord) throws -> Void) rethrows {
        try chunk.withUnsafeBufferPointer { buffer in try feed(buffer, emit: emit) }
    }

    private mutating func feed(_ buffer: UnsafeBufferPointer<UInt8>, emit: (CSVRecord) throws -> Void) rethrows {
        var position = 0
        let count = buffer.count
        while position < count {
            // Runs of ordinary bytes inside a field are copied at once: only quotes, commas and
            // line breaks change the state.
            if !pendingLF, state == .unquoted || state == .quoted || state == .afterClosingQuote {
                var end = position
                if state == .quoted {
                    while end < count, buffer[end] != 0x22, buffer[end] != 0x0A, buffer[end] != 0x0D { end += 1 }
                } else {
                    while end < count, buffer[end] != 0x2C, buffer[end] != 0x0A, buffer[end] != 0x0D { end += 1 }
                }
                if end > position {
                    record.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[position..<end]))
                    offset += end - position
                    lastWasCR = false
                    position = end
                    continue
                }
            }
            let byte = buffer[position]
            position += 1
            defer { offset += 1 }
            if pendingLF {
                pendingLF = false
                if byte == 0x0A {
                    recordStart = offset + 1
                    continue
                }
            }
            // Line counting: LF, CRLF, or a lone CR each end one line.
            if byte == 0x0A {
                if !lastWasCR { line += 1 }
                lastWasCR = false
            } else if byte == 0x0D {
                line += 1
                lastWasCR = true
            } else {
                lastWasCR = false
            }
            switch state {
            case .fieldStart:
                if byte == 0x22 {
                    state = .quoted
                    fieldQuoted = true
                    openingQuote = record.count
                    record.append(byte)
                    fieldStart = record.count
                } else if byte == 0x2C {
                    record.append(byte)
                    closeField(end: record.count - 1)
                    fieldStart = record.count
                } else if byte == 0x0A || byte == 0x0D {
                    try endRecord(terminator: byte, emit: emit)
                } else {
                    state = .unquoted
                    record.append(byte)
                }
            case .unquoted, .afterClosingQuote:
                // After a stray closing quote the rest of the field is read as it stands.
                if byte == 0x2C {
                    record.append(byte)
                    closeField(end: record.count - 1)
                    fieldStart = record.count
                    state = .fieldStart
                } else if byte == 0x0A || byte == 0x0D {
                    try endRecord(terminator: byte, emit: emit)
                } else {
                    record.append(byte)
                }
            case .quoted:
                record.append(byte)
                if byte == 0x22 { state = .quoteInQuoted }
            case .quoteInQuoted:
                if byte == 0x22 {
                    // A doubled quote: one quote in the value.
                    record.append(byte)
                    fieldEscapes = true
                    state = .quoted
                } else if byte == 0x2C {
                    record.append(byte)
                    closeField(end: record.count - 2)
                    fieldStart = record.count
                    state = .fieldStart
                } else if byte == 0x0A || byte == 0x0D {
                    try endRecord(terminator: byte, emit: emit, contentEnd: record.count - 1)
                } else {
                    problems.append(("text after the closing quote of a quoted field; write a quote inside a quoted field as \"\"", record.count..<(record.count + 1)))
                    record.append(byte)
                    state = .afterClosingQuote
                }
            }
        }
    }

    /// Ends the file: emits the last record and reports an unterminated quote.
    mutating func finish(emit: (CSVRecord) throws -> Void) rethrows {
        if state == .quoted {
            problems.append(("quoted field is never closed: the file ends inside it", openingQuote..<(openingQuote + 1)))
            try endRecord(terminator: nil, emit: emit, contentEnd: record.count)
        } else if !record.isEmpty || !fields.isEmpty {
            try endRecord(terminator: nil, emit: emit, contentEnd: state == .quoteInQuoted ? record.count - 1 : nil)
        }
    }

    private mutating func closeField(end: Int) {
        let content = fieldStart..<max(fieldStart, end)
        fields.append(CSVRecord.Field(content: content, quoted: fieldQuoted, hasEscapedQuotes: fieldEscapes))
        fieldQuoted = false
        fieldEscapes = false
    }

    private mutating func endRecord(terminator: UInt8?, emit: (CSVRecord) throws -> Void, contentEnd: Int? = nil) rethrows {
        closeField(end: contentEnd ?? record.count)
        let isBlank = fields.count == 1 && fields[0].content.isEmpty && !fields[0].quoted
        if !isBlank {
            try emit(CSVRecord(bytes: record, start: recordStart, line: recordLine, fields: fields, problems: problems))
        }
        record.removeAll(keepingCapacity: true)
        fields.removeAll(keepingCapacity: true)
        problems.removeAll()
        fieldStart = 0
        state = .fieldStart
        recordStart = offset + 1
        recordLine = line
        if terminator == 0x0D { pendingLF = true }
    }
}
