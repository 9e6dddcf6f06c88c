/// Turns one schedule record (a CSV row, a JSON line) into a draft. Shared by the CSV and JSON
/// Lines readers, which differ only in how they split a record into named values.
struct ScheduleRow {
    /// How a cell's text is laid into the draft exactly.
    enum Layout {
        /// The file's bytes as they are.
        case verbatim
        /// A quoted CSV field whose doubled quotes read as one.
        case csvEscapedQuotes(bytes: ArraySlice<UInt8>)
        /// Decoded pieces (JSON escapes).
        case pieces([TextAligner.Piece])
        /// Not text (a JSON list): nothing to lay out.
        case none
    }

    /// A value of the record: its decoded text, its place in the file, and its layout.
    struct Cell {
        var text: String
        var range: Range<Int>
        var layout: Layout

        func append(to builder: inout DraftTextBuilder, source: SourceText) {
            switch layout {
            case .verbatim:
                builder.appendVerbatim(source.slice(range), at: range.lowerBound)
            case .csvEscapedQuotes(let bytes):
                var runStart = bytes.startIndex
                var i = bytes.startIndex
                let offset = range.lowerBound - bytes.startIndex
                while i < bytes.endIndex {
                    if bytes[i] == 0x22, i + 1 < bytes.endIndex, bytes[i + 1] == 0x22 {
                        builder.appendVerbatim(bytes[runStart..<i], at: offset + runStart)
                        builder.appendDecoded("\"", source: (offset + i)..<(offset + i + 2))
                        i += 2
                        runStart = i
                    } else {
                        i += 1
                    }
                }
                builder.appendVerbatim(bytes[runStart..<bytes.endIndex], at: offset + runStart)
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
    /// Cells of the known fields, by `DraftField.ordinal`.
    var cells: [Cell?] = Array(repeating: nil, count: DraftField.allCases.count)
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
        get { cells[field.ordinal] }
        set { cells[field.ordinal] = newValue }
    }

    func draft(parser: MetadataParser) -> Draft {
        func raw(_ field: DraftField) -> RawField? { self[field].map { RawField($0.text, at: $0.range) } }

        var fields = MetadataParser.Fields()
        fields.publishAt = raw(.publishAt)
        fields.timeZone = raw(.timezone)
        if let channel = raw(.channel) {
            fields.channels = [channel]
        } else if let channels = channelsCell {
            fields.channels = [RawField(channels.text, at: channels.range)]
        }
        fields.account = raw(.account)
        fields.regions = raw(.regions).map { [$0] } ?? []
        fields.title = raw(.title)
        fields.link = raw(.link)

        var problems = self.problems
        var metadata = DraftMetadata()
        parser.parse(fields, into: &metadata, problems: &problems)

        var builder = DraftTextBuilder(sourceStart: source.baseOffset)
        var parts: [DraftPart] = []
        if let title = self[.title], !title.text.isEmpty {
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
            for (rule, range) in MetadataParser.listItems(RawField(ignore.text, at: ignore.range)) {
                if rule == "all" || rule == "*" {
                    suppressions.ignoresAll = true
                } else {
                    suppressions.ignoredRules.insert(rule)
                    suppressions.mentions.append(.init(rule: rule, range: range))
                }
            }
        }
        for (name, value) in extra { metadata.extra[name] = value }
        return Draft(source: source, index: index, format: format, text: builder.text, textMap: builder.map, parts: parts,
                     metadata: metadata, fields: anchors, suppressions: suppressions, problems: problems)
    }
}

/// Which column of a schedule holds which field, decided once per file from its header.
struct ScheduleColumns {
    enum Role {
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
        case .extra(let name): row.extra.append((name, cell.text))
        }
    }
}
