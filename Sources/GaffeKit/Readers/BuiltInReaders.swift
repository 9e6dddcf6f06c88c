/// The readers Gaffe knows, one line each. A reader claims file extensions; the first claim wins.
public enum BuiltInReaders {
    public static let all: [any DraftReader.Type] = [
        MarkdownReader.self,
        TextReader.self,
        HTMLReader.self,
        CSVReader.self,
        JSONLinesReader.self,
    ]

    /// The reader for a file extension.
    public static func reader(forExtension ext: String) -> (any DraftReader.Type)? {
        let lowered = ext.lowercased()
        return all.first { $0.fileExtensions.contains(lowered) }
    }

    /// The reader for a format.
    public static func reader(for format: InputFormat) -> (any DraftReader.Type)? {
        all.first { $0.format == format }
    }

    /// The format for a path, from its extension.
    public static func format(forPath path: String) -> InputFormat? {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
        return reader(forExtension: String(path[path.index(after: dot)...]))?.format
    }
}
