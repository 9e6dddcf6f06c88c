extension InputFormat {
    /// Plain text (`.txt`): the whole file is one draft.
    public static let text = InputFormat(rawValue: "text")
}

/// Reads a plain-text file as one draft whose text is the file itself.
public struct TextReader: DraftReader {
    public static let format = InputFormat.text
    public static let fileExtensions = ["txt", "text"]

    public init() {}

    public func read(_ input: InputSource, options: ReaderOptions, emit: (Draft) throws -> Void,
                     fail: (InputProblem, SourceText) throws -> Void) throws {
        guard let source = try WholeFile.load(input, options: options, fail: fail) else { return }
        let start = WholeFile.contentStart(source)
        var builder = DraftTextBuilder(sourceStart: start)
        builder.appendVerbatim(source.bytes[start...], at: start)
        var metadata = DraftMetadata()
        var problems: [InputProblem] = []
        MetadataParser(options: options).parse(MetadataParser.Fields(), into: &metadata, problems: &problems)
        try emit(Draft(source: source, index: 1, format: .text, text: builder.text, textMap: builder.map,
                       metadata: metadata, fields: [.text: start..<source.endOffset], problems: problems))
    }
}
