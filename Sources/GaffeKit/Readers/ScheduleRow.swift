/// Turns one schedule record (a CSV row, a JSON line) into a draft. Shared by the CSV and JSON
/// Lines readers, which differ only in how they split a record into named values.
struct ScheduleRow {
    /// How a cell's text is laid into the draft exactly.
    enum Layout {
        /// The file's bytes as they are.
        case verbatim
        /// A quoted CSV field whose doubled quotes read as one.
        case csvEscapedQuotes
        /// Decoded pieces (JSON escapes).
        case pieces([TextAligner.Piece])
        /// Not text (a JSON list): nothing to lay out.
        case none
    }

    /// A value of the record: its place in the file, its layout, and its decoded text where that
    /// is not simply the file's bytes.
    struct Cell {
        var range: Range<Int>
        var layout: Layout
        /// The value as a reader decoded it (JSON); `nil` when `layout` says how to read it from
        /// the file, which is then done only if the value is asked for (a CSV row's long `text`
        /// cell is laid into the draft from the file's bytes and never needed as a string).
        private let decoded: String?

        init(text: String, range: Range<Int>, layout: Layout) {
            self.range = range
            self.layout = layout
            decoded = text
        }

        /// A cell whose value is read from the file as `layout` says.
        init(range: Range<Int>, layout: Layout) {
            self.range = range
            self.layout = layout
            decoded = nil
        }

        /// The cell's value.
        func text(in source: SourceText) -> String {
            if let decoded { return decoded }
            switch layout {
            case .csvEscapedQuotes: return CSVRecord.unescaped(source.slice(range))
            default: return source.text(range)
            }
        }

        func append(to builder: inout DraftTextBuilder, source: SourceText) {
            switch layout {
            case .verbatim:
                builder.appendVerbatim(source.slice(range), at: range.lowerBound)
            case .csvEscapedQuotes:
                let bytes = source.slice(range)
                let offset = range.lowerBound - bytes.startIndex
                CSVRecord.forEachPart(of: bytes, run: { builder.appendVerbatim(bytes[$0], at: offset + $0.lowerBound) },
                                      escapedQuote: { builder.appendDecoded("\"", source: (offset + $0)..<(offset + $0 + 2)) })
            case .pieces(let pieces):
                TextAligner.append(pieces, to: &builder, source: source)
            case .none:
                break
            }
        }
    }

    let source: SourceText
    let index: Int
    let format: InputFormat
    /// Cells of the known fields, kept inline: no array per row.
    private var cells = FieldSlots<Cell?>(repeating: nil)
    /// `channels` when the schedule names the column so.
    var channelsCell: Cell?
    var ignoreCell: Cell?
    /// Other columns, kept as metadata.
    var extra: [(String, String)] = []
    var problems: [InputProblem] = []

    init(source: SourceText, index: Int, format: InputFormat) {
        self.source = source
        self.index = index
        self.format = format
    }

    subscript(field: DraftField) -> Cell? {
        get { cells[field] }
        set { cells[field] = newValue }
    }

    func draft(parser: MetadataParser) -> Draft {
        func raw(_ cell: Cell?) -> RawField? { cell.map { RawField($0.text(in: source), at: $0.range) } }
        func raw(_ field: DraftField) -> RawField? { raw(self[field]) }

        var fields = MetadataParser.Fields()
        fields.publishAt = raw(.publishAt)
        fields.timeZone = raw(.timezone)
        if let channel = raw(.channel) ?? raw(channelsCell) { fields.channelList = .one(channel) }
        fields.account = raw(.account)
        if let regions = raw(.regions) { fields.regionList = .one(regions) }
        fields.title = raw(.title)
        fields.link = raw(.link)

        var problems = self.problems
        var metadata = DraftMetadata()
        parser.parse(fields, into: &metadata, problems: &problems)

        var builder = DraftTextBuilder(sourceStart: source.baseOffset)
        var parts: [DraftPart] = []
        if let title = self[.title], !title.text(in: source).isEmpty {
            title.append(to: &builder, source: source)
            parts.append(DraftPart(kind: .title, range: 0..<builder.count))
            builder.appendSeparator("\n\n")
        }
        let bodyStart = builder.count
        self[.text]?.append(to: &builder, source: source)
        parts.append(DraftPart(kind: .body, range: bodyStart..<builder.count))

        var anchors: DraftFields = [.record: source.baseOffset..<source.endOffset]
        for field in DraftField.allCases {
            if let found = self[field] { anchors[field] = found.range }
        }
        if anchors[.channel] == nil, let channels = channelsCell { anchors[.channel] = channels.range }

        var suppressions = Suppressions()
        if let ignore = ignoreCell {
            for (rule, range) in MetadataParser.listItems(RawField(ignore.text(in: source), at: ignore.range)) {
                if rule == "all" || rule == "*" {
                    suppressions.ignoresAll = true
                } else {
                    suppressions.ignoredRules.insert(rule)
                    suppressions.mentions.append(.init(rule: rule, range: range))
                }
            }
        }
        for (name, value) in extra { metadata.extra[name] = value }
        // Each value is handed over, not copied: a copy of the metadata alone retains six references.
        let (text, map) = builder.finish()
        return Draft(source: source, index: index, format: format, text: text, textMap: map, parts: consume parts,
                     metadata: consume metadata, fields: consume anchors, suppressions: consume suppressions, problems: consume problems)
    }
}

/// Which column of a schedule holds which field, decided once per file from its header.
struct ScheduleColumns {
    enum Role: Sendable {
        case field(DraftField)
        case channels
        case ignore
        case extra(String)
    }

    private let roles: [String: Role]

    init(mapping: ScheduleMapping) {
        var roles: [String: Role] = [:]
        for field in DraftField.allCases where field != .record {
            roles[mapping.column(for: field)] = .field(field)
        }
        if roles["channels"] == nil { roles["channels"] = .channels }
        roles["gaffe_ignore"] = .ignore
        self.roles = roles
    }

    /// The role of a column by name; unknown columns are kept as metadata.
    func role(of name: String) -> Role {
        roles[name] ?? .extra(name)
    }

    /// Puts a cell where its column says.
    static func place(_ cell: ScheduleRow.Cell, role: Role, in row: inout ScheduleRow) {
        switch role {
        case .field(let field): row[field] = cell
        case .channels: row.channelsCell = cell
        case .ignore: row.ignoreCell = cell
        case .extra(let name): row.extra.append((name, cell.text(in: row.source)))
        }
    }
}
