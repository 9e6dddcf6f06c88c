import Foundation

/// Where a draft will be published.
public enum Channel: String, Sendable, CaseIterable, Codable, Hashable, Comparable {
    case x, facebook, instagram, linkedin, threads, bluesky, mastodon, tiktok, youtube, pinterest, email, blog

    /// Other names users write for a channel.
    static let aliases: [String: Channel] = [
        "twitter": .x, "tweet": .x, "fb": .facebook, "ig": .instagram, "insta": .instagram,
        "linked-in": .linkedin, "bsky": .bluesky, "yt": .youtube, "newsletter": .email,
    ]

    /// Parses a channel name, case-insensitively and with aliases (`twitter` is `x`).
    public init?(name: String) {
        let key = name.trimmingSpaces.lowercased()
        if let channel = Channel(rawValue: key) ?? Channel.aliases[key] {
            self = channel
        } else {
            return nil
        }
    }

    public static func < (lhs: Channel, rhs: Channel) -> Bool { lhs.rawValue < rhs.rawValue }

    /// All accepted names, for messages.
    public static var acceptedNames: String {
        allCases.map(\.rawValue).joined(separator: ", ") + " (twitter is an alias of x)"
    }
}
