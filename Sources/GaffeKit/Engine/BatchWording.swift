import Foundation

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

    /// `@acme on x`, `@acme` (no channel), `drafts without an account on x`.
    static func place(account: String?, channel: Channel?) -> String {
        let who = account.map { "@" + $0.trimmingPrefix("@") } ?? "drafts without an account"
        return who + (channel.map { " on \($0.rawValue)" } ?? "")
    }

    /// When a draft goes out, for related locations: its publish time in its own zone, or
    /// nothing for drafts without one.
    static func when(_ draft: BatchDraft) -> String {
        draft.hasPublishTime ? ISO8601.format(draft.publishAt, in: draft.timeZone) : "no publish time"
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
