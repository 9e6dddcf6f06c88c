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
        index = draft.index
        account = draft.metadata.account
        channels = draft.metadata.channels
        publishAt = draft.metadata.publishAt
        timeZone = draft.metadata.timeZone
        regions = draft.metadata.regions
    }
}

/// One problem Gaffe found: which rule, how serious, where, and what to do about it.
public struct Finding: Sendable, Hashable {
    public var ruleID: String
    public var severity: Severity
    public var message: String
    public var location: SourceLocation
    /// The source text at `location`, exactly as the file has it.
    public var match: String?
    /// The lexicon or rule category (`violence`, `placeholder`…).
    public var category: String?
    public var suggestions: [Suggestion]
    public var notes: [Note]
    public var related: [RelatedLocation]
    public var draft: DraftSummary?
    /// The source lines the finding covers, for excerpts.
    public var sourceLines: [SourceLine]
    /// Rule-specific data, written as extra keys of the JSON finding and SARIF `properties`
    /// (for example `event` for calendar rules).
    public var extra: OrderedDictionary<String, JSONValue>

    public init(ruleID: String, severity: Severity, message: String, location: SourceLocation, match: String? = nil,
                category: String? = nil, suggestions: [Suggestion] = [], notes: [Note] = [],
                related: [RelatedLocation] = [], draft: DraftSummary? = nil, sourceLines: [SourceLine] = [],
                extra: OrderedDictionary<String, JSONValue> = [:]) {
        self.ruleID = ruleID
        self.severity = severity
        self.message = message
        self.location = location
        self.match = match
        self.category = category
        self.suggestions = suggestions
        self.notes = notes
        self.related = related
        self.draft = draft
        self.sourceLines = sourceLines
        self.extra = extra
    }

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
