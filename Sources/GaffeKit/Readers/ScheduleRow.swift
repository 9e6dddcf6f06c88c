/// Turns one schedule record (a CSV row, a JSON line) into a draft. Shared by the CSV and JSON
/// Lines readers, which differ only in how they split a record into named values.
struct ScheduleRow {
    /// A named value of the record: its decoded text, its place in the file, and how to lay its
    /// text into a draft exactly.
    struct Value {
        var text: String
        var range: Range<Int>
        /// Appends the value's text with its source map.
        var append: (inout DraftTextBuilder) -> Void
    }

    let source: SourceText
    let index: Int
    let format: InputFormat
    var values: [String: Value]
    var problems: [InputProblem]

    func draft(options: ReaderOptions, parser: MetadataParser) -> Draft {
        let schedule = options.schedule
        func value(_ field: DraftField) -> Value? { values[schedule.column(for: field)] }
        func raw(_ field: DraftField) -> RawField? { value(field).map { RawField($0.text, at: $0.range) } }

        var fields = MetadataParser.Fields()
        fields.publishAt = raw(.publishAt)
        fields.timeZone = raw(.timezone)
        if let channel = raw(.channel) {
            fields.channels = [channel]
        } else if let channels = values["channels"] {
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
        if let title = value(.title), !title.text.isEmpty {
            title.append(&builder)
            parts.append(DraftPart(kind: .title, range: 0..<builder.count))
            builder.appendSeparator("\n\n")
        }
        let bodyStart = builder.count
        value(.text)?.append(&builder)
        parts.append(DraftPart(kind: .body, range: bodyStart..<builder.count))

        var anchors: [DraftField: Range<Int>] = [.record: source.baseOffset..<source.endOffset]
        for field in DraftField.allCases {
            if let found = value(field) { anchors[field] = found.range }
        }

        var suppressions = Suppressions()
        if let ignore = values["gaffe_ignore"] {
            for (rule, range) in MetadataParser.listItems(RawField(ignore.text, at: ignore.range)) {
                if rule == "all" || rule == "*" {
                    suppressions.ignoresAll = true
                } else {
                    suppressions.ignoredRules.insert(rule)
                    suppressions.mentions.append(.init(rule: rule, range: range))
                }
            }
        }
        for (name, found) in values.sorted(by: { $0.value.range.lowerBound < $1.value.range.lowerBound }) where !parser.knownColumns.contains(name) {
            metadata.extra[name] = found.text
        }
        return Draft(source: source, index: index, format: format, text: builder.text, textMap: builder.map, parts: parts,
                     metadata: metadata, fields: anchors, suppressions: suppressions, problems: problems)
    }
}
