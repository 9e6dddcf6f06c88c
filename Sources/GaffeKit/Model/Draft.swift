import Foundation
import OrderedCollections

/// The format an input was read as. Each reader declares its own (`InputFormat.markdown` lives
/// beside the Markdown reader), so adding a format touches only the new reader's file.
public struct InputFormat: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public var description: String { rawValue }
}

/// A named field of a draft, where a reader found it in the file.
public enum DraftField: String, Sendable, Hashable, CaseIterable, Codable {
    case text, title, description, publishAt = "publish_at", channel, account, regions, timezone, link, record
}

/// Where a draft's named fields are in the file: a small fixed table (no hashing per draft).
public struct DraftFields: Sendable, Hashable, ExpressibleByDictionaryLiteral {
    private var ranges = FieldSlots<Range<Int>?>(repeating: nil)

    public init() {}

    public init(dictionaryLiteral elements: (DraftField, Range<Int>)...) {
        for (field, range) in elements { self[field] = range }
    }

    public subscript(field: DraftField) -> Range<Int>? {
        get { ranges[field] }
        set { ranges[field] = newValue }
    }
}

/// What a part of the draft text is: the body, or a field linted alongside it.
public enum DraftPartKind: String, Sendable, Hashable, Codable {
    case body, title, description, altText = "alt", attributeTitle = "title-attribute"
}

/// A part of the draft text (UTF-8 offsets).
public struct DraftPart: Sendable, Hashable {
    public var kind: DraftPartKind
    public var range: Range<Int>

    public init(kind: DraftPartKind, range: Range<Int>) {
        self.kind = kind
        self.range = range
    }
}

/// What a draft says about itself: when, where, by whom and for whom it will be published.
public struct DraftMetadata: Sendable, Hashable {
    /// The instant of publication, when the draft gives one.
    public var publishAt: Date?
    /// The time zone the publish time was written in (or the configured default).
    public var timeZone: TimeZone?
    public var channels: [Channel]
    public var account: String?
    public var regions: [Region]
    public var title: String?
    public var link: String?
    /// Whether `regions` came from the configuration rather than the draft itself.
    public var regionsFromDefaults: Bool
    /// Schedule columns and front-matter keys Gaffe has no use for, kept for reporters.
    public var extra: OrderedDictionary<String, String>

    public init(publishAt: Date? = nil, timeZone: TimeZone? = nil, channels: [Channel] = [], account: String? = nil,
                regions: [Region] = [], title: String? = nil, link: String? = nil, regionsFromDefaults: Bool = false,
                extra: OrderedDictionary<String, String> = [:]) {
        self.publishAt = publishAt
        self.timeZone = timeZone
        self.channels = channels
        self.account = account
        self.regions = regions
        self.title = title
        self.link = link
        self.regionsFromDefaults = regionsFromDefaults
        self.extra = extra
    }
}

/// Something wrong with one draft's input that a reader noticed: an unknown channel, an unparseable
/// date. The linter reports each as an `input` finding at `range`.
public struct InputProblem: Sendable, Hashable {
    public var message: String
    public var range: Range<Int>
    public var severity: Severity

    public init(_ message: String, at range: Range<Int>, severity: Severity = .error) {
        self.message = message
        self.range = range
        self.severity = severity
    }
}

/// One post, email or page to lint: its text with a map back to the file, and its metadata.
///
/// A draft is a value, but its fields live in one shared box: copying a draft (into a chunk of
/// drafts, to a sink, to a batch rule) costs one reference count instead of one per field, and a
/// change copies the box first when another copy shares it.
public struct Draft: Sendable {
    private final class Storage: @unchecked Sendable {
        // Mutated only through `Draft`'s setters, after `isKnownUniquelyReferenced` has made the
        // box this draft's own: no two threads ever write one box.
        var source: SourceText
        var index: Int
        var format: InputFormat
        let text: String
        let prose: String
        let textMap: SourceMap
        var parts: [DraftPart]
        var metadata: DraftMetadata
        var fields: DraftFields
        var suppressions: Suppressions
        var problems: [InputProblem]
        var liveEvents: [Event]

        init(source: SourceText, index: Int, format: InputFormat, text: String, prose: String, textMap: SourceMap,
             parts: [DraftPart], metadata: DraftMetadata, fields: DraftFields, suppressions: Suppressions,
             problems: [InputProblem], liveEvents: [Event]) {
            self.source = source
            self.index = index
            self.format = format
            self.text = text
            self.prose = prose
            self.textMap = textMap
            self.parts = parts
            self.metadata = metadata
            self.fields = fields
            self.suppressions = suppressions
            self.problems = problems
            self.liveEvents = liveEvents
        }

        func copy() -> Storage {
            Storage(source: source, index: index, format: format, text: text, prose: prose, textMap: textMap, parts: parts,
                    metadata: metadata, fields: fields, suppressions: suppressions, problems: problems, liveEvents: liveEvents)
        }
    }

    private var storage: Storage

    /// The box, made this draft's own before a change.
    private var unique: Storage {
        mutating get {
            if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
            return storage
        }
    }

    // Fields are borrowed from the box (`_read`) and changed in place (`_modify`), so
    // `draft.metadata.publishAt` does not copy the whole metadata, retaining each of its strings
    // and arrays, to read a date.
    public var source: SourceText { _read { yield storage.source } _modify { yield &unique.source } }
    /// 1-based number of the draft in its file: the data row of a schedule, 1 for a document.
    public var index: Int { _read { yield storage.index } _modify { yield &unique.index } }
    public var format: InputFormat { _read { yield storage.format } _modify { yield &unique.format } }
    /// The text as it will be published (schedules, plain text) or the prose of a document
    /// (markup, code and comments left out).
    public var text: String { _read { yield storage.text } }
    /// `text` with URLs and e-mail addresses blanked by spaces of the same length: what prose
    /// rules read. Offsets are the same as in `text`.
    public var prose: String { _read { yield storage.prose } }
    public var textMap: SourceMap { _read { yield storage.textMap } }
    /// The parts of `text`: body, title, description, alt text.
    public var parts: [DraftPart] { _read { yield storage.parts } _modify { yield &unique.parts } }
    public var metadata: DraftMetadata { _read { yield storage.metadata } _modify { yield &unique.metadata } }
    /// File ranges of the fields a reader found (the `publish_at` cell, the front-matter `title`).
    public var fields: DraftFields { _read { yield storage.fields } _modify { yield &unique.fields } }
    public var suppressions: Suppressions { _read { yield storage.suppressions } _modify { yield &unique.suppressions } }
    public var problems: [InputProblem] { _read { yield storage.problems } _modify { yield &unique.problems } }
    /// Events live where and when the draft is published, filled by the calendar's annotator
    /// before rules run (empty when no calendar is in use).
    public var liveEvents: [Event] { _read { yield storage.liveEvents } _modify { yield &unique.liveEvents } }

    public init(source: SourceText, index: Int, format: InputFormat, text: String, textMap: SourceMap,
                parts: [DraftPart]? = nil, metadata: DraftMetadata = DraftMetadata(),
                fields: DraftFields = [:], suppressions: Suppressions = Suppressions(),
                problems: [InputProblem] = []) {
        storage = Storage(source: source, index: index, format: format, text: text, prose: ProseMask.blankingURLs(in: text),
                          textMap: textMap, parts: parts ?? [DraftPart(kind: .body, range: 0..<text.utf8.count)],
                          metadata: metadata, fields: fields, suppressions: suppressions, problems: problems, liveEvents: [])
    }

    /// The file range a finding about the whole draft points at: the given field if the reader
    /// found it, else the text, else the whole record.
    public func anchor(_ preferred: DraftField? = nil) -> Range<Int> {
        if let preferred, let range = fields[preferred] { return range }
        if let range = fields[.text] { return range }
        if let range = fields[.record] { return range }
        let start = source.baseOffset
        return start..<min(source.endOffset, start + max(0, firstLineLength))
    }

    private var firstLineLength: Int {
        source.lineCount > 1 ? source.lineStart(1) - source.lineStart(0) : source.bytes.count
    }

    /// The body text (without title, description or alt text).
    public var body: Substring {
        let utf8 = text.utf8
        let bodyParts = parts.filter { $0.kind == .body }
        guard let first = bodyParts.first, let last = bodyParts.last else { return "" }
        let lower = utf8.index(utf8.startIndex, offsetBy: first.range.lowerBound)
        let upper = utf8.index(utf8.startIndex, offsetBy: last.range.upperBound)
        return text[lower..<upper]
    }

    /// The draft's identity for batch rules and baselines: its file and number.
    public var reference: DraftReference {
        DraftReference(path: source.path, index: index)
    }
}

/// Names one draft of a run.
public struct DraftReference: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var path: String
    public var index: Int

    public init(path: String, index: Int) {
        self.path = path
        self.index = index
    }

    public static func < (lhs: DraftReference, rhs: DraftReference) -> Bool {
        (lhs.path, lhs.index) < (rhs.path, rhs.index)
    }

    public var description: String { "\(path)#\(index)" }
}
