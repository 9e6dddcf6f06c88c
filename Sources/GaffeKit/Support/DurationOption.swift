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
