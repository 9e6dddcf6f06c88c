import CLibXML2
import Foundation

/// A small, safe XML document model for feed importers: elements with their namespace URI,
/// attributes, children, text and **byte range in the file**, built with libxml2's SAX2 parser.
///
/// Safety: network access is off (`XML_PARSE_NONET`), entities are never substituted (no
/// `XML_PARSE_NOENT`), no DTD is loaded (no `XML_PARSE_DTDLOAD`), XInclude is never processed, the
/// parser is given no entity lookup at all (so `&xxe;` stays unexpanded and internal entity
/// bombs cannot grow), and a process-wide external-entity loader refuses every request as a
/// second line of defence. `&amp;`-style predefined entities and character references work.
///
/// Encodings: a UTF-8 byte order mark is skipped; a UTF-8 BOM that was itself double-encoded
/// (`ï»¿`) is skipped with a warning; a declared non-UTF-8 encoding (ISO-8859-1) is honoured; a
/// file that declares UTF-8 but holds only single-byte Latin-1 text is read as ISO-8859-1 with a
/// warning, and a file mixing valid and invalid UTF-8 is refused. Double-encoded UTF-8
/// (`TÃ¼rkiye`) parses and is reported as a warning; nothing is silently "fixed".
///
/// Errors: the parser runs in recovery mode, so one malformed item does not hide the rest. Every
/// libxml2 error and warning becomes an `InputProblem` at its place, and the byte offsets of the
/// fatal ones are kept in `damage`, so an importer can skip exactly the items they fall in
/// (`Document.damage(in:)`).
///
/// Usage:
/// ```swift
/// let document = XMLTree.parse(source)
/// for item in document.root?.descendants(named: "item") ?? [] {
///     let title = item.childText("title")
///     let line = source.position(of: item.range.lowerBound).line
/// }
/// ```
public enum XMLTree {
    /// One element. Names are local names; `namespace` is the URI it was declared with.
    public struct Element: Sendable {
        public var namespace: String?
        public var prefix: String?
        public var name: String
        public var attributes: [Attribute]
        public var children: [Element]
        /// The element's own character data (text and CDATA, not its children's), as written.
        public var text: String
        /// File bytes from the `<` of the start tag to the end of the end tag.
        public var range: Range<Int>

        /// `prefix:name` as written, for messages.
        public var qualifiedName: String { prefix.map { "\($0):\(name)" } ?? name }

        /// The text with surrounding white space trimmed.
        public var trimmedText: String { text.trimmingCharacters(in: .whitespacesAndNewlines) }

        /// The text of the element and all its descendants, in document order.
        public var allText: String {
            var result = text
            for child in children { result += child.allText }
            return result
        }

        /// The first child with this local name, in any namespace, or only in `namespaces`.
        public func child(_ name: String, in namespaces: Set<String>? = nil) -> Element? {
            children.first { $0.name == name && (namespaces == nil || namespaces!.contains($0.namespace ?? "")) }
        }

        /// Every child with this local name.
        public func children(_ name: String, in namespaces: Set<String>? = nil) -> [Element] {
            children.filter { $0.name == name && (namespaces == nil || namespaces!.contains($0.namespace ?? "")) }
        }

        /// The trimmed text of the first child with this name; nil when absent or empty.
        public func childText(_ name: String, in namespaces: Set<String>? = nil) -> String? {
            guard let text = child(name, in: namespaces)?.trimmedText, !text.isEmpty else { return nil }
            return text
        }

        /// Every descendant (depth first, document order) with this local name.
        public func descendants(named name: String, in namespaces: Set<String>? = nil) -> [Element] {
            var result: [Element] = []
            for child in children {
                if child.name == name && (namespaces == nil || namespaces!.contains(child.namespace ?? "")) { result.append(child) }
                result += child.descendants(named: name, in: namespaces)
            }
            return result
        }

        /// The value of an attribute by local name (any namespace).
        public func attribute(_ name: String) -> String? {
            attributes.first { $0.name == name }?.value
        }
    }

    public struct Attribute: Sendable, Hashable {
        public var namespace: String?
        public var name: String
        public var value: String
    }

    /// The result of parsing one file.
    public struct Document: Sendable {
        public var root: Element?
        /// Everything worth telling the user, in file order: libxml2 errors and warnings, encoding
        /// repairs, unexpanded entities.
        public var problems: [InputProblem]
        /// File offsets of fatal (well-formedness) errors; recovery may have mangled what follows.
        public var damage: [Int]
        /// Whether the whole file was refused (not XML, undecodable): `root` is nil then.
        public var refused: Bool { root == nil }

        /// The fatal problems inside a range (an item): an importer skips the item and reports these.
        public func damage(in range: Range<Int>) -> [Int] {
            damage.filter { range.contains($0) }
        }
    }

    /// Parses a feed file. Never throws: anything wrong is in `problems`.
    public static func parse(_ source: SourceText) -> Document {
        _ = XMLSafety.installed
        var problems: [InputProblem] = []
        let bytes = source.bytes
        var start = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            start = 3
        } else if bytes.starts(with: [0xC3, 0xAF, 0xC2, 0xBB, 0xC2, 0xBF]) {
            start = 6
            problems.append(InputProblem(Message.doubleEncodedBOM, at: source.baseOffset..<(source.baseOffset + 6), severity: .warning))
        }
        guard start < bytes.count, bytes[start...].contains(where: { $0 == 0x3C }) else {
            problems.append(InputProblem(Message.empty, at: source.baseOffset..<source.endOffset))
            return Document(root: nil, problems: problems, damage: [])
        }
        var forceLatin1 = false
        let declared = declaredEncoding(bytes[start...])
        if declared == nil || declared == "utf-8" || declared == "utf8" {
            switch UTF8Check.scan(bytes[start...]) {
            case .valid(let doubleEncodedAt):
                if let at = doubleEncodedAt {
                    // Quote the whole word: from the last space, `>` or quote before it to the next.
                    let stops: Set<UInt8> = [0x20, 0x3E, 0x3C, 0x22, 0x27, 0x0A, 0x0D, 0x09]
                    var wordStart = at
                    while wordStart > start, !stops.contains(bytes[wordStart - 1]) { wordStart -= 1 }
                    var wordEnd = at
                    while wordEnd < bytes.count, !stops.contains(bytes[wordEnd]), wordEnd - wordStart < 40 { wordEnd += 1 }
                    let offset = source.baseOffset + at
                    let word = source.text((source.baseOffset + wordStart)..<(source.baseOffset + wordEnd))
                    problems.append(InputProblem(Message.doubleEncoded(word), at: offset..<(offset + 4), severity: .warning))
                }
            case .latin1(let firstBad):
                forceLatin1 = true
                let offset = source.baseOffset + firstBad
                problems.append(InputProblem(Message.latin1Recovered(byte: bytes[firstBad], declared: declared != nil),
                                             at: offset..<(offset + 1), severity: .warning))
            case .mixed(let firstBad):
                let offset = source.baseOffset + firstBad
                problems.append(InputProblem(Message.notUTF8(byte: bytes[firstBad]), at: offset..<(offset + 1)))
                return Document(root: nil, problems: problems, damage: [])
            }
        }
        let builder = TreeBuilder(source: source, start: start)
        builder.parse(latin1: forceLatin1)
        problems += builder.problems
        problems.sort { $0.range.lowerBound < $1.range.lowerBound }
        return Document(root: builder.root, problems: problems, damage: builder.damage)
    }

    /// The `encoding` of the XML declaration, lower-cased, if there is one.
    static func declaredEncoding(_ bytes: ArraySlice<UInt8>) -> String? {
        guard bytes.starts(with: Array("<?xml".utf8)) else { return nil }
        let head = bytes.prefix(200)
        guard let close = head.firstIndex(of: 0x3E) else { return nil }
        let declaration = String(decoding: bytes[bytes.startIndex..<close], as: UTF8.self)
        guard let range = declaration.range(of: "encoding") else { return nil }
        let rest = declaration[range.upperBound...].drop { $0 == " " || $0 == "=" }
        guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
        return String(rest.dropFirst().prefix { $0 != quote }).lowercased()
    }

    enum Message {
        static let empty = "the file holds no XML element"
        static let doubleEncodedBOM = "the file starts with 'ï»¿', a byte order mark that was decoded as Latin-1 and saved as UTF-8 again; the whole file is probably double-encoded"
        static func doubleEncoded(_ sample: String) -> String {
            "text looks double-encoded (UTF-8 read as Latin-1 and saved as UTF-8 again): '\(sample)'; names are kept as written, so fix the feed's producer"
        }
        static func latin1Recovered(byte: UInt8, declared: Bool) -> String {
            let hex = String(byte, radix: 16, uppercase: true)
            return "\(declared ? "the file declares UTF-8, but" : "the file has no encoding declaration (so UTF-8), but") byte 0x\(hex) here is not UTF-8 and no character in the file is; read as ISO-8859-1 instead — check the text and fix the feed's encoding"
        }
        static func notUTF8(byte: UInt8) -> String {
            "the file is not valid UTF-8 (byte 0x\(String(byte, radix: 16, uppercase: true)) here) and is not consistently ISO-8859-1 either; nothing was imported"
        }
        static func entity(_ reference: String) -> String {
            "entity '\(reference)' is not expanded: Gaffe never loads DTDs or expands entities, so its text is left out"
        }
        static func xml(_ text: String) -> String { "malformed XML: \(text)" }
    }
}

/// What a UTF-8 check found.
enum UTF8Check: Equatable {
    /// Valid UTF-8; the offset of the first double-encoded sequence (`Ã¼`), if any.
    case valid(doubleEncodedAt: Int?)
    /// Not UTF-8, and no valid multi-byte sequence anywhere: single-byte Latin-1 text.
    case latin1(firstBad: Int)
    /// Valid multi-byte UTF-8 next to invalid bytes.
    case mixed(firstBad: Int)

    static func scan(_ bytes: ArraySlice<UInt8>) -> UTF8Check {
        var index = bytes.startIndex
        var firstBad: Int?
        var sawMultibyte = false
        var doubleEncoded: Int?
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte < 0x80 {
                index += 1
                continue
            }
            let length = byte >= 0xF0 && byte <= 0xF4 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC2 && byte <= 0xDF ? 2 : 0
            var valid = length > 0 && index + length <= bytes.endIndex
            if valid {
                for next in (index + 1)..<(index + length) where bytes[next] & 0xC0 != 0x80 { valid = false }
            }
            if valid {
                sawMultibyte = true
                // `Ã` or `Â` followed by a character from U+0080...U+00BF: a Latin-1 reading of UTF-8.
                if doubleEncoded == nil, length == 2, byte == 0xC3, bytes[index + 1] == 0x83 || bytes[index + 1] == 0x82,
                   index + 3 < bytes.endIndex, bytes[index + 2] == 0xC2 {
                    doubleEncoded = index
                }
                index += length
            } else {
                if firstBad == nil { firstBad = index }
                index += 1
            }
        }
        guard let firstBad else { return .valid(doubleEncodedAt: doubleEncoded) }
        return sawMultibyte ? .mixed(firstBad: firstBad) : .latin1(firstBad: firstBad)
    }
}

/// Installs the refusing external-entity loader once per process, and initialises libxml2.
enum XMLSafety {
    static let installed: Void = {
        xmlInitParser()
        xmlSetExternalEntityLoader { _, _, _ in nil }
    }()
}

/// Receives libxml2's SAX2 events and builds `XMLTree.Element`s with byte ranges.
private final class TreeBuilder {
    let source: SourceText
    /// Index into `source.bytes` where parsing starts (after a BOM).
    let start: Int
    var root: XMLTree.Element?
    var problems: [InputProblem] = []
    var damage: [Int] = []
    private var stack: [XMLTree.Element] = []
    private var context: xmlParserCtxtPtr?

    init(source: SourceText, start: Int) {
        self.source = source
        self.start = start
    }

    func parse(latin1: Bool) {
        let count = source.bytes.count - start
        source.bytes.withUnsafeBufferPointer { buffer in
            let base = UnsafeRawPointer(buffer.baseAddress! + start).assumingMemoryBound(to: CChar.self)
            guard let context = xmlCreateMemoryParserCtxt(base, Int32(count)) else { return }
            self.context = context
            defer {
                if let document = context.pointee.myDoc { xmlFreeDoc(document) }
                xmlFreeParserCtxt(context)
                self.context = nil
            }
            var handler = xmlSAXHandler()
            handler.initialized = XML_SAX2_MAGIC
            handler.startElementNs = { context, localName, prefix, uri, namespaceCount, _, attributeCount, _, attributes in
                TreeBuilder.from(context)?.startElement(localName, prefix, uri, Int(attributeCount), attributes)
            }
            handler.endElementNs = { context, _, _, _ in
                TreeBuilder.from(context)?.endElement()
            }
            handler.characters = { context, characters, length in
                TreeBuilder.from(context)?.text(characters, Int(length))
            }
            handler.cdataBlock = handler.characters
            // No DTD, no entity is ever recorded or looked up: every `&name;` other than the five
            // predefined ones stays unexpanded, and libxml2 reports it (see `error`).
            handler.internalSubset = { _, _, _, _ in }
            handler.externalSubset = { _, _, _, _ in }
            handler.entityDecl = { _, _, _, _, _, _ in }
            handler.getEntity = { _, _ in nil }
            handler.getParameterEntity = { _, _ in nil }
            handler.resolveEntity = { _, _, _ in nil }
            handler.serror = { context, error in
                guard let error else { return }
                TreeBuilder.from(context)?.error(error.pointee)
            }
            context.pointee.sax.pointee = handler
            // Callbacks receive `userData`. Making it the builder rather than the parser context
            // also turns off libxml2's fallback lookup of entities declared in the DTD (it only
            // happens when `userData` is the context), so no internal entity is ever expanded.
            context.pointee.userData = Unmanaged.passUnretained(self).toOpaque()
            var options = XML_PARSE_NONET.rawValue | XML_PARSE_RECOVER.rawValue
            if latin1 {
                options |= XML_PARSE_IGNORE_ENC.rawValue
                xmlSwitchEncoding(context, XML_CHAR_ENCODING_8859_1)
            }
            xmlCtxtUseOptions(context, Int32(options))
            xmlParseDocument(context)
            // Elements left open at the end (a truncated file) close at the end of the file.
            while !stack.isEmpty { endElement(at: source.bytes.count) }
        }
    }

    static func from(_ userData: UnsafeMutableRawPointer?) -> TreeBuilder? {
        guard let userData else { return nil }
        return Unmanaged<TreeBuilder>.fromOpaque(userData).takeUnretainedValue()
    }

    /// How far the parser has read, as an index into `source.bytes` (in the file's own encoding).
    private var consumed: Int {
        guard let context else { return start }
        return min(start + max(Int(xmlByteConsumed(context)), 0), source.bytes.count)
    }

    private func string(_ pointer: UnsafePointer<xmlChar>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    private func startElement(_ localName: UnsafePointer<xmlChar>?, _ prefix: UnsafePointer<xmlChar>?, _ uri: UnsafePointer<xmlChar>?,
                              _ attributeCount: Int, _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) {
        // libxml2 reports a start tag before consuming its `>`; a start tag holds no raw `<`, so
        // the last `<` before the parser's position opens it.
        let position = consumed
        var tagStart = min(position, source.bytes.count - 1)
        while tagStart > start, source.bytes[tagStart] != 0x3C { tagStart -= 1 }
        var parsed: [XMLTree.Attribute] = []
        if let attributes {
            for index in 0..<attributeCount {
                let base = index * 5
                guard let name = string(attributes[base]), let valueStart = attributes[base + 3], let valueEnd = attributes[base + 4] else { continue }
                let length = valueEnd - valueStart
                let value = String(decoding: UnsafeBufferPointer(start: valueStart, count: max(length, 0)), as: UTF8.self)
                parsed.append(XMLTree.Attribute(namespace: string(attributes[base + 2]), name: name, value: value))
            }
        }
        let offset = source.baseOffset + tagStart
        stack.append(XMLTree.Element(namespace: string(uri), prefix: string(prefix), name: string(localName) ?? "", attributes: parsed,
                                     children: [], text: "", range: offset..<offset))
    }

    private func endElement(at end: Int? = nil) {
        guard var element = stack.popLast() else { return }
        let upper = source.baseOffset + (end ?? consumed)
        element.range = element.range.lowerBound..<max(upper, element.range.lowerBound)
        if stack.isEmpty {
            if root == nil { root = element }
        } else {
            stack[stack.count - 1].children.append(element)
        }
    }

    private func text(_ characters: UnsafePointer<xmlChar>?, _ length: Int) {
        guard let characters, length > 0, !stack.isEmpty else { return }
        stack[stack.count - 1].text += String(decoding: UnsafeBufferPointer(start: characters, count: length), as: UTF8.self)
    }

    private func error(_ error: xmlError) {
        var message = error.message.map { String(cString: $0) } ?? "unknown error"
        message = message.trimmingCharacters(in: .whitespacesAndNewlines)
        var offset = source.baseOffset + consumed
        if error.line > 0, let located = source.offset(of: SourcePosition(line: Int(error.line) + source.baseLine - 1, column: max(Int(error.int2), 1))) {
            offset = located
        }
        // libxml2 reports a bad entity reference after reading the name; point at its `&`.
        if message.contains("EntityRef") || error.code == XML_ERR_NAME_REQUIRED.rawValue || error.code == XML_ERR_ENTITYREF_SEMICOL_MISSING.rawValue {
            let lineStart = source.lineStart(source.lineIndex(of: offset))
            var index = offset - source.baseOffset
            while index > lineStart - source.baseOffset, index > 0, source.bytes[index] != 0x26 { index -= 1 }
            if source.bytes[index] == 0x26 {
                offset = source.baseOffset + index
                message += " (a raw '&' must be written '&amp;')"
            }
        }
        let fatal = error.level == XML_ERR_FATAL
        // An entity Gaffe did not expand (every one but the predefined five): its text is left out,
        // which is a warning, not damage.
        if error.code == XML_WAR_UNDECLARED_ENTITY.rawValue || error.code == XML_ERR_UNDECLARED_ENTITY.rawValue {
            let name = error.str1.map { String(cString: $0) } ?? "?"
            let reference = message.contains("PEReference") ? "%\(name);" : "&\(name);"
            problems.append(InputProblem(XMLTree.Message.entity(reference), at: offset..<offset, severity: .warning))
            return
        }
        if fatal { damage.append(offset) }
        let severity: Severity = error.level == XML_ERR_WARNING ? .warning : .error
        problems.append(InputProblem(XMLTree.Message.xml(message), at: offset..<min(offset + 1, source.endOffset), severity: severity))
    }
}

/// Looks at the first bytes of a file to tell what XML it holds, for `FeedImporter.accepts`.
enum XMLSniffer {
    /// The root element's tag as written (`<cap:alert xmlns:cap="…">`), skipping a byte order
    /// mark, the XML declaration, processing instructions, comments and a DOCTYPE (with its
    /// internal subset); nil when the head holds no start tag.
    static func rootTag(_ head: ArraySlice<UInt8>) -> String? {
        let text = String(decoding: head, as: UTF8.self)
        var index = text.startIndex
        while let open = text[index...].firstIndex(of: "<") {
            let rest = text[open...]
            if rest.hasPrefix("<?") {
                guard let close = rest.range(of: "?>") else { return nil }
                index = close.upperBound
            } else if rest.hasPrefix("<!--") {
                guard let close = rest.range(of: "-->") else { return nil }
                index = close.upperBound
            } else if rest.hasPrefix("<!") {
                // DOCTYPE, possibly with an internal subset in brackets.
                var depth = 0
                var cursor = rest.index(after: rest.startIndex)
                while cursor < rest.endIndex {
                    let character = rest[cursor]
                    if character == "[" { depth += 1 } else if character == "]" { depth -= 1 } else if character == ">" && depth <= 0 { break }
                    cursor = rest.index(after: cursor)
                }
                guard cursor < rest.endIndex else { return nil }
                index = rest.index(after: cursor)
            } else {
                let end = rest.firstIndex(of: ">") ?? rest.endIndex
                return String(rest[..<end]) + (end < rest.endIndex ? ">" : "")
            }
        }
        return nil
    }

    /// The root element's local name (without its prefix).
    static func rootName(_ head: ArraySlice<UInt8>) -> String? {
        guard let tag = rootTag(head) else { return nil }
        let name = tag.dropFirst().prefix { !$0.isWhitespace && $0 != ">" && $0 != "/" }
        return String(name.split(separator: ":").last ?? name)
    }

    /// Whether the file starts (after a byte order mark and white space) with `{`: JSON.
    static func startsLikeJSON<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        var rest = bytes[...]
        if rest.starts(with: [0xEF, 0xBB, 0xBF]) { rest = rest.dropFirst(3) }
        return rest.first { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) } == 0x7B
    }

    /// Whether the head mentions a string (a namespace URI, a host name).
    static func mentions(_ head: ArraySlice<UInt8>, _ needle: String) -> Bool {
        String(decoding: head, as: UTF8.self).contains(needle)
    }
}
