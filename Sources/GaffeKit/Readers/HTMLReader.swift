import CLibXML2
import Foundation

extension InputFormat {
    /// An HTML page or email (`.html`, `.htm`).
    public static let html = InputFormat(rawValue: "html")
}

/// Reads an HTML page or email as one draft: the text of the document, `alt` and `title`
/// attribute text, and the `<title>`, without `script`, `style`, `code`, `pre` or `template`.
///
/// libxml2's HTML parser reads the file through its SAX interface, with network access off, no
/// external entities and the document's own encoding hints ignored (Gaffe has already checked the
/// bytes are UTF-8). Each event arrives when the parser has consumed the input that produced it, so
/// the reader knows the exact byte range of every run of text, every tag and every comment.
/// Merge fields written as tags (`Dear <MailMerge ID>`) are kept as text for the placeholder rule.
public struct HTMLReader: DraftReader {
    public static let format = InputFormat.html
    public static let fileExtensions = ["html", "htm", "xhtml"]

    public init() {}

    public func read(_ input: InputSource, options: ReaderOptions, emit: (Draft) throws -> Void,
                     fail: (InputProblem, SourceText) throws -> Void) throws {
        guard let source = try WholeFile.load(input, options: options, fail: fail) else { return }
        let collector = HTMLCollector(source: source)
        collector.parse()
        var metadata = DraftMetadata()
        var problems: [InputProblem] = []
        MetadataParser(options: options).parse(MetadataParser.Fields(), into: &metadata, problems: &problems)
        let start = WholeFile.contentStart(source)
        try emit(Draft(source: source, index: 1, format: .html, text: collector.builder.text, textMap: collector.builder.map,
                       parts: collector.parts(), metadata: metadata, fields: [.text: start..<source.endOffset],
                       suppressions: collector.suppressions.finish(at: source.endOffset), problems: problems))
    }
}

/// Receives libxml2's SAX events for one document.
final class HTMLCollector {
    let source: SourceText
    var builder: DraftTextBuilder
    var suppressions = SuppressionBuilder()
    /// The end of the input consumed by the last event.
    private var consumed: Int
    /// Open elements whose content is not prose.
    private var skipDepth = 0
    private var openNames: [String] = []
    private var titleDepth = 0
    private var partRanges: [(DraftPartKind, Range<Int>)] = []
    private var titleStart: Int?

    init(source: SourceText) {
        self.source = source
        consumed = WholeFile.contentStart(source)
        builder = DraftTextBuilder(sourceStart: consumed)
    }

    /// The draft's parts: `title` text, `alt`/`title` attributes, and the body around them.
    func parts() -> [DraftPart] {
        var parts: [DraftPart] = []
        var position = 0
        for (kind, range) in partRanges.sorted(by: { $0.1.lowerBound < $1.1.lowerBound }) {
            if range.lowerBound > position { parts.append(DraftPart(kind: .body, range: position..<range.lowerBound)) }
            parts.append(DraftPart(kind: kind, range: range))
            position = range.upperBound
        }
        if position < builder.count || parts.isEmpty { parts.append(DraftPart(kind: .body, range: position..<builder.count)) }
        return parts
    }

    func parse() {
        let bytes = source.bytes
        guard !bytes.isEmpty else { return }
        bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { pointer in
                guard let context = htmlCreateMemoryParserCtxt(pointer, Int32(buffer.count)) else { return }
                defer { htmlFreeParserCtxt(context) }
                let options = Int32(HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
                    | HTML_PARSE_IGNORE_ENC.rawValue | HTML_PARSE_NOIMPLIED.rawValue | HTML_PARSE_NOBLANKS.rawValue)
                htmlCtxtUseOptions(context, options)
                xmlSwitchEncoding(context, XML_CHAR_ENCODING_UTF8)
                var handler = xmlSAXHandler()
                handler.startElement = { context, name, attributes in
                    HTMLCollector.from(context)?.startElement(context, name: name, attributes: attributes)
                }
                handler.endElement = { context, name in
                    HTMLCollector.from(context)?.endElement(context, name: name)
                }
                handler.characters = { context, characters, length in
                    HTMLCollector.from(context)?.text(context, characters, Int(length))
                }
                handler.cdataBlock = handler.characters
                handler.ignorableWhitespace = handler.characters
                handler.comment = { context, value in
                    HTMLCollector.from(context)?.comment(context, value)
                }
                handler.initialized = 1
                context.pointee.sax.pointee = handler
                context.pointee._private = Unmanaged.passUnretained(self).toOpaque()
                htmlParseDocument(context)
                if let document = context.pointee.myDoc { xmlFreeDoc(document) }
            }
        }
    }

    static func from(_ context: UnsafeMutableRawPointer?) -> HTMLCollector? {
        guard let context else { return nil }
        let parser = context.assumingMemoryBound(to: xmlParserCtxt.self)
        guard let opaque = parser.pointee._private else { return nil }
        return Unmanaged<HTMLCollector>.fromOpaque(opaque).takeUnretainedValue()
    }

    /// How far the parser has read, as a file offset.
    private func position(_ context: UnsafeMutableRawPointer?) -> Int {
        guard let context else { return consumed }
        let parser = context.assumingMemoryBound(to: xmlParserCtxt.self)
        guard let input = parser.pointee.input, let base = input.pointee.base, let current = input.pointee.cur else { return consumed }
        // libxml2 drops consumed input from its buffer as it goes; `consumed` counts what it dropped.
        return min(max(Int(input.pointee.consumed) + (current - base), 0), source.bytes.count)
    }

    // MARK: - Events

    private func startElement(_ context: UnsafeMutableRawPointer?, name: UnsafePointer<xmlChar>?, attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) {
        guard let name else { return }
        let elementName = String(cString: name).lowercased()
        // libxml2 reports a start tag before it consumes the closing `>` (or `/>`).
        var end = position(context)
        let bytes = source.bytes
        if end < bytes.count, bytes[end] == 0x3E {
            end += 1
        } else if end + 1 < bytes.count, bytes[end] == 0x2F, bytes[end + 1] == 0x3E {
            end += 2
        }
        defer {
            openNames.append(elementName)
            if HTMLElements.nonProse.contains(elementName) { skipDepth += 1 }
            if elementName == "title" { titleDepth += 1 }
        }
        // An element the parser implied consumed no input.
        guard end > consumed, let tagStart = firstIndex(of: 0x3C, from: consumed, before: end) else { return }
        let tag = tagStart..<end
        consumed = end
        guard skipDepth == 0 else { return }
        let tagText = Substring(source.text(tag))
        if !HTMLElements.isMarkup(tagText) {
            // `<MailMerge ID>` read as an element: the author meant it as text.
            builder.appendVerbatim(source.slice(tag), at: tag.lowerBound)
            return
        }
        if HTMLElements.lineBreaking.contains(elementName) { paragraphBreak() }
        if elementName == "title" {
            paragraphBreak()
            titleStart = builder.count
        }
        for attribute in HTMLAttributes.scan(source, tag: tag) where attribute.name == "alt" || attribute.name == "title" {
            appendAttribute(attribute, kind: attribute.name == "alt" ? .altText : .attributeTitle)
        }
    }

    private func endElement(_ context: UnsafeMutableRawPointer?, name: UnsafePointer<xmlChar>?) {
        let end = position(context)
        if end > consumed { consumed = end }
        guard let name else { return }
        let elementName = String(cString: name).lowercased()
        if let index = openNames.lastIndex(of: elementName) {
            openNames.remove(at: index)
            if HTMLElements.nonProse.contains(elementName) { skipDepth = max(0, skipDepth - 1) }
        }
        if elementName == "title", titleDepth > 0 {
            titleDepth -= 1
            if let start = titleStart, builder.count > start { partRanges.append((.title, start..<builder.count)) }
            titleStart = nil
            paragraphBreak()
        }
        if skipDepth == 0, HTMLElements.lineBreaking.contains(elementName) { paragraphBreak() }
    }

    private func text(_ context: UnsafeMutableRawPointer?, _ characters: UnsafePointer<xmlChar>?, _ length: Int) {
        // libxml2 hands over long runs of text in chunks of about 1,000 bytes, copying a chunk's
        // last character before it moves past it: a chunk may end one character after the
        // parser's position. The aligner finds the exact end.
        let reported = position(context)
        var end = reported
        defer { consumed = max(consumed, end) }
        guard let characters, length > 0 else { return }
        let decoded = Array(UnsafeBufferPointer(start: characters, count: length))
        let limit = min(reported + 4, source.endOffset)
        let aligner = TextAligner(syntax: .html, source: source, decodeEntity: CharacterReferences.decode)
        guard let result = aligner.align(decoded, from: consumed, limit: limit) else {
            if skipDepth == 0, reported > consumed {
                builder.appendDecoded(String(decoding: decoded, as: UTF8.self), source: consumed..<reported)
            }
            return
        }
        end = result.end
        if skipDepth == 0 { TextAligner.append(result.pieces, to: &builder, source: source) }
    }

    private func comment(_ context: UnsafeMutableRawPointer?, _ value: UnsafePointer<xmlChar>?) {
        let end = position(context)
        defer { if end > consumed { consumed = end } }
        guard let value, let start = firstIndex(of: 0x3C, from: consumed, before: end) else { return }
        let inner = String(cString: value).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let command = SuppressionCommand(comment: inner) else { return }
        let line = source.lineIndex(of: max(end - 1, start))
        let next: Range<Int>? = line + 1 < source.lineCount
            ? source.lineStart(line + 1)..<(line + 2 < source.lineCount ? source.lineStart(line + 2) : source.endOffset)
            : nil
        suppressions.add(command, commentRange: start..<end, nextLine: next, beforeText: builder.count == 0)
    }

    // MARK: - Helpers

    private func paragraphBreak() {
        if builder.count > 0, !builder.endsWithAny(of: [0x0A]) { builder.appendSeparator("\n\n") }
    }

    private func appendAttribute(_ attribute: HTMLAttributes.Attribute, kind: DraftPartKind) {
        guard let value = attribute.value, !value.isEmpty else { return }
        paragraphBreak()
        let start = builder.count
        let raw = Array(source.slice(value))
        let decoded = Array(HTMLAttributes.decode(raw).utf8)
        let aligner = TextAligner(syntax: .html, source: source, decodeEntity: CharacterReferences.decode)
        if let result = aligner.align(decoded, from: value.lowerBound, limit: value.upperBound) {
            TextAligner.append(result.pieces, to: &builder, source: source)
        } else {
            builder.appendDecoded(String(decoding: decoded, as: UTF8.self), source: value)
        }
        partRanges.append((kind, start..<builder.count))
        builder.appendSeparator("\n\n")
    }

    private func firstIndex(of byte: UInt8, from start: Int, before end: Int) -> Int? {
        var index = start
        while index < end {
            if source.bytes[index] == byte { return index }
            index += 1
        }
        return nil
    }
}

/// Attribute positions inside a start tag, which libxml2 does not report.
enum HTMLAttributes {
    struct Attribute {
        var name: String
        /// The value's bytes inside its quotes, if it has a value.
        var value: Range<Int>?
    }

    /// The attributes of the start tag at `tag` (`<img alt="…" title=x>`).
    static func scan(_ source: SourceText, tag: Range<Int>) -> [Attribute] {
        let bytes = source.bytes
        var i = tag.lowerBound + 1
        let end = tag.upperBound
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C }
        while i < end, !isSpace(bytes[i]), bytes[i] != 0x3E, bytes[i] != 0x2F { i += 1 }
        var attributes: [Attribute] = []
        while i < end {
            while i < end, isSpace(bytes[i]) || bytes[i] == 0x2F { i += 1 }
            guard i < end, bytes[i] != 0x3E else { break }
            let nameStart = i
            while i < end, !isSpace(bytes[i]), bytes[i] != 0x3D, bytes[i] != 0x3E, bytes[i] != 0x2F { i += 1 }
            let name = String(decoding: bytes[nameStart..<i], as: UTF8.self).lowercased()
            while i < end, isSpace(bytes[i]) { i += 1 }
            guard i < end, bytes[i] == 0x3D else {
                attributes.append(Attribute(name: name, value: nil))
                continue
            }
            i += 1
            while i < end, isSpace(bytes[i]) { i += 1 }
            guard i < end else { break }
            if bytes[i] == 0x22 || bytes[i] == 0x27 {
                let quote = bytes[i]
                let valueStart = i + 1
                i += 1
                while i < end, bytes[i] != quote { i += 1 }
                attributes.append(Attribute(name: name, value: valueStart..<i))
                i += 1
            } else {
                let valueStart = i
                while i < end, !isSpace(bytes[i]), bytes[i] != 0x3E { i += 1 }
                attributes.append(Attribute(name: name, value: valueStart..<i))
            }
        }
        return attributes
    }

    /// An attribute value with character references decoded.
    static func decode(_ raw: [UInt8]) -> String {
        var output = ""
        var i = 0
        while i < raw.count {
            if raw[i] == 0x26, let semicolon = raw[i...].prefix(40).firstIndex(of: 0x3B) {
                let reference = String(decoding: raw[i...semicolon], as: UTF8.self)
                if let decoded = CharacterReferences.decode(reference), decoded != reference {
                    output += decoded
                    i = semicolon + 1
                    continue
                }
            }
            let start = i
            i += 1
            while i < raw.count, raw[i] & 0xC0 == 0x80 { i += 1 }
            output += String(decoding: raw[start..<i], as: UTF8.self)
        }
        return output
    }
}
