import Foundation
import OrderedCollections

/// A replacement a finding proposes. `isFix` marks a direct replacement of the finding's range
/// (offered as a SARIF fix); other suggestions are alternatives for a human to weigh.
public struct Suggestion: Sendable, Hashable {
    public var text: String
    public var isFix: Bool

    public init(_ text: String, isFix: Bool = false) {
        self.text = text
        self.isFix = isFix
    }
}

/// A note attached to a finding, optionally pointing elsewhere.
public struct Note: Sendable, Hashable {
    public var message: String
    public var location: SourceLocation?

    public init(_ message: String, location: SourceLocation? = nil) {
        self.message = message
        self.location = location
    }
}

/// Another place that explains a finding: the earlier duplicate, the other posts in a window.
public struct RelatedLocation: Sendable, Hashable {
    public var message: String
    public var location: SourceLocation

    public init(_ message: String, location: SourceLocation) {
        self.message = message
        self.location = location
    }
}

/// What a finding says about the draft it belongs to.
public struct DraftSummary: Sendable, Hashable {
    public var index: Int
    public var account: String?
    public var channels: [Channel]
    public var publishAt: Date?
    public var timeZone: TimeZone?
    public var regions: [Region]

    public init(_ draft: Draft) {
        let metadata = draft.metadata
        self.init(index: draft.index, account: metadata.account, channels: metadata.channels, publishAt: metadata.publishAt,
                  timeZone: metadata.timeZone, regions: metadata.regions)
    }

    init(index: Int, account: String?, channels: [Channel], publishAt: Date?, timeZone: TimeZone?, regions: [Region]) {
        self.index = index
        self.account = account
        self.channels = channels
        self.publishAt = publishAt
        self.timeZone = timeZone
        self.regions = regions
    }
}

/// One problem Gaffe found: which rule, how serious, where, and what to do about it.
///
/// A finding is a value whose fields live in one shared box, as a `Draft`'s do: sorting, holding
/// and handing findings between threads copies a reference, not a dozen strings and arrays.
public struct Finding: Sendable, Hashable, CustomReflectable {
    private struct Fields: Hashable {
        var ruleID: String
        var severity: Severity
        var message: String
        var location: SourceLocation
        var match: String?
        var category: String?
        var suggestions: [Suggestion]
        var notes: [Note]
        var related: [RelatedLocation]
        var draft: DraftSummary?
        var sourceLines: [SourceLine]
        var extra: OrderedDictionary<String, JSONValue>
    }

    private final class Box: @unchecked Sendable {
        // Changed only through `Finding`'s setters, after `isKnownUniquelyReferenced` has made the
        // box this finding's own: no two threads ever write one box.
        var fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }

    private var box: Box

    /// The box, made this finding's own before a change.
    private var unique: Box {
        mutating get {
            if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
            return box
        }
    }

    public var ruleID: String { _read { yield box.fields.ruleID } _modify { yield &unique.fields.ruleID } }
    public var severity: Severity { _read { yield box.fields.severity } _modify { yield &unique.fields.severity } }
    public var message: String { _read { yield box.fields.message } _modify { yield &unique.fields.message } }
    public var location: SourceLocation { _read { yield box.fields.location } _modify { yield &unique.fields.location } }
    /// The source text at `location`, exactly as the file has it.
    public var match: String? { _read { yield box.fields.match } _modify { yield &unique.fields.match } }
    /// The lexicon or rule category (`violence`, `placeholder`…).
    public var category: String? { _read { yield box.fields.category } _modify { yield &unique.fields.category } }
    public var suggestions: [Suggestion] {
        _read { yield box.fields.suggestions } _modify { yield &unique.fields.suggestions }
    }
    public var notes: [Note] { _read { yield box.fields.notes } _modify { yield &unique.fields.notes } }
    public var related: [RelatedLocation] { _read { yield box.fields.related } _modify { yield &unique.fields.related } }
    public var draft: DraftSummary? { _read { yield box.fields.draft } _modify { yield &unique.fields.draft } }
    /// The source lines the finding covers, for excerpts.
    public var sourceLines: [SourceLine] {
        _read { yield box.fields.sourceLines } _modify { yield &unique.fields.sourceLines }
    }
    /// Rule-specific data, written as extra keys of the JSON finding and SARIF `properties`
    /// (for example `event` for calendar rules).
    public var extra: OrderedDictionary<String, JSONValue> {
        _read { yield box.fields.extra } _modify { yield &unique.fields.extra }
    }

    public init(ruleID: String, severity: Severity, message: String, location: SourceLocation, match: String? = nil,
                category: String? = nil, suggestions: [Suggestion] = [], notes: [Note] = [],
                related: [RelatedLocation] = [], draft: DraftSummary? = nil, sourceLines: [SourceLine] = [],
                extra: OrderedDictionary<String, JSONValue> = [:]) {
        box = Box(Fields(ruleID: ruleID, severity: severity, message: message, location: location, match: match,
                         category: category, suggestions: suggestions, notes: notes, related: related, draft: draft,
                         sourceLines: sourceLines, extra: extra))
    }

    public static func == (lhs: Finding, rhs: Finding) -> Bool {
        lhs.box === rhs.box || lhs.box.fields == rhs.box.fields
    }

    public func hash(into hasher: inout Hasher) {
        box.fields.hash(into: &hasher)
    }

    /// Shows the fields, not the box, in `dump`, the debugger and test failures.
    public var customMirror: Mirror { Mirror(self, children: Mirror(reflecting: box.fields).children, displayStyle: .struct) }

    /// Orders findings by file, position, then rule, for stable output.
    public static func sortedOrder(_ lhs: Finding, _ rhs: Finding) -> Bool {
        if lhs.location.path != rhs.location.path { return lhs.location.path < rhs.location.path }
        if lhs.location.byteRange.lowerBound != rhs.location.byteRange.lowerBound {
            return lhs.location.byteRange.lowerBound < rhs.location.byteRange.lowerBound
        }
        if lhs.ruleID != rhs.ruleID { return lhs.ruleID < rhs.ruleID }
        return lhs.message < rhs.message
    }
}
