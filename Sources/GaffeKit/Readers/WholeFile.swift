/// Loading a document whose drafts need the whole file (Markdown, HTML, plain text).
enum WholeFile {
    /// The file as `SourceText`, or a problem at the place it could not be read.
    static func load(_ input: InputSource, options: ReaderOptions,
                     fail: (InputProblem, SourceText) throws -> Void) throws -> SourceText? {
        let bytes: [UInt8]
        do {
            bytes = try input.readAll(limit: options.maxFileSize)
        } catch let error as InputReadError {
            let empty = SourceText(path: input.path, bytes: [])
            try fail(InputProblem(error.description, at: 0..<0), empty)
            return nil
        }
        let source = SourceText(path: input.path, bytes: bytes)
        if let problem = UTF8Validation.problem(in: bytes, at: 0, skipped: "the file is skipped") {
            try fail(problem, source)
            return nil
        }
        if bytes.contains(0) {
            let offset = bytes.firstIndex(of: 0)!
            try fail(InputProblem("the file contains a NUL byte at byte \(offset); it looks binary, not text", at: offset..<(offset + 1)), source)
            return nil
        }
        return source
    }

    /// The offset where content starts: after a UTF-8 byte order mark, if any.
    static func contentStart(_ source: SourceText) -> Int {
        source.hasByteOrderMark ? 3 : 0
    }
}
