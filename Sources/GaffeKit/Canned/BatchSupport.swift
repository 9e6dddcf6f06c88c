import Foundation

/// A duration in rule options, written `24h`, `7d`, `90m` or ISO 8601 (`P7D`).
public struct DurationOption: Sendable, Hashable, YAMLReadable, CustomStringConvertible {
    public var seconds: TimeInterval

    public init(seconds: TimeInterval) {
        self.seconds = seconds
    }

    public init(yaml: YAMLNode) throws {
        let text = try yaml.string()
        guard let seconds = DurationText.parse(text), seconds > 0 else {
            throw yaml.error("'\(yaml.keyPath)' must be a duration such as 90m, 24h, 7d or P7D, not '\(text)'")
        }
        self.seconds = seconds
    }

    /// `24h`, `7d`: what `init(yaml:)` reads back.
    public var description: String { DurationText.format(seconds) }
}

/// A place in a file without its path (the draft's own, kept once in `BatchDraft`), so a batch
/// rule can remember where a phrase was in 32 bytes.
struct CompactLocation: Sendable, Hashable {
    let lower: Int
    let upper: Int
    let startLine: Int32
    let startColumn: Int32
    let endLine: Int32
    let endColumn: Int32

    init(_ location: SourceLocation) {
        lower = location.byteRange.lowerBound
        upper = location.byteRange.upperBound
        startLine = Int32(clamping: location.start.line)
        startColumn = Int32(clamping: location.start.column)
        endLine = Int32(clamping: location.end.line)
        endColumn = Int32(clamping: location.end.column)
    }

    /// Where a range of a draft's text is in its file.
    init(text range: Range<Int>, of draft: Draft) {
        self.init(draft.source.location(of: draft.textMap.sourceRange(forText: range)))
    }

    func location(path: String) -> SourceLocation {
        SourceLocation(path: path, byteRange: lower..<upper, start: SourcePosition(line: Int(startLine), column: Int(startColumn)),
                       end: SourcePosition(line: Int(endLine), column: Int(endColumn)))
    }
}

/// Wording shared by the batch rules' messages.
enum BatchWording {
    /// `1st`, `2nd`, `3rd`, `11th`, `22nd`.
    static func ordinal(_ number: Int) -> String {
        let suffix: String
        switch (number % 10, number % 100) {
        case (_, 11...13): suffix = "th"
        case (1, _): suffix = "st"
        case (2, _): suffix = "nd"
        case (3, _): suffix = "rd"
        default: suffix = "th"
        }
        return "\(number)\(suffix)"
    }

    /// `acme on x`, `acme (no channel)`, `no account on x`.
    static func place(account: String?, channel: Channel?) -> String {
        let who = account.map { "@" + $0.trimmingPrefix("@") } ?? "drafts without an account"
        return who + (channel.map { " on \($0.rawValue)" } ?? "")
    }

    /// When a draft goes out, for related locations: its publish time in its own zone, or
    /// nothing for drafts without one.
    static func when(_ draft: BatchDraft) -> String {
        draft.hasPublishTime ? ISO8601.format(draft.publishAt, in: draft.summary.timeZone) : "no publish time"
    }

    /// "3 hours 12 minutes earlier", "2 days 4 hours earlier", "at the same time".
    static func interval(from earlier: BatchDraft, to later: BatchDraft) -> String {
        guard earlier.hasPublishTime, later.hasPublishTime else { return "earlier in the batch" }
        let seconds = later.publishAt.timeIntervalSince(earlier.publishAt)
        if seconds < 60 { return "at the same time" }
        let unit: TimeInterval = seconds < 86_400 ? 60 : 3600
        return DurationText.describe((seconds / unit).rounded() * unit) + " earlier"
    }
}
