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

    /// The channel's place in `allCases`, for tables indexed by channel.
    var ordinal: Int {
        switch self {
        case .x: 0
        case .facebook: 1
        case .instagram: 2
        case .linkedin: 3
        case .threads: 4
        case .bluesky: 5
        case .mastodon: 6
        case .tiktok: 7
        case .youtube: 8
        case .pinterest: 9
        case .email: 10
        case .blog: 11
        }
    }

    /// All accepted names, for messages.
    public static var acceptedNames: String {
        allCases.map(\.rawValue).joined(separator: ", ") + " (twitter is an alias of x)"
    }
}
