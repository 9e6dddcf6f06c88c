import Foundation

/// The `frequency:` part of `.gaffe.yml`: norms and platform limits to change, quiet hours, the
/// same again per account, and how history exports name their columns.
///
/// ```yaml
/// frequency:
///   norms:
///     spacing: 15m                # every channel
///     x: {per_day: 8}             # one channel
///     instagram: {per_week: off}
///   limits:
///     x: {daily: 50}              # an X account without a subscription
///   quiet_hours: 22:00-07:00      # off unless set
///   accounts:
///     acme_care:                  # a care account that replies all day
///       norms: {per_day: off, spacing: off, burst: 40 in 1h}
///       quiet_hours: off
///   history:
///     columns: {published_at: Date, account: Profile, channel: Network, text: Message}
/// ```
public struct FrequencySettings: ConfigurationSection {
    public static let keys = ["frequency"]

    /// What one account changes, on top of the settings for everyone.
    public struct AccountSettings: Sendable {
        public var norms = LimitTable()
        public var limits = LimitTable()
        /// `nil`: as for everyone; `.some(nil)`: off for this account.
        public var quietHours: QuietHours??
    }

    public var norms = LimitTable()
    public var limits = LimitTable()
    /// `nil`: off (the default).
    public var quietHours: QuietHours?
    public var accounts: [String: AccountSettings] = [:]
    /// How history exports are read.
    public var history = HistoryColumns()

    public init() {}

    public init(from mapping: YAMLMapping) throws {
        guard let node = mapping.take("frequency") else { return }
        let section = try node.mapping()
        let builtIn = try BuiltInFrequency.shared()
        if let normsNode = section.take("norms") { norms = try LimitTable(yaml: normsNode, known: builtIn.norms) }
        if let limitsNode = section.take("limits") { limits = try LimitTable(yaml: limitsNode, known: builtIn.limits) }
        if let quietNode = section.take("quiet_hours") { quietHours = try QuietHours.read(quietNode) }
        if let accountsNode = section.take("accounts") {
            let accountsMapping = try accountsNode.mapping()
            for name in accountsMapping.keys {
                guard let value = accountsMapping.take(name) else { continue }
                let account = name.hasPrefix("@") ? String(name.dropFirst()) : name
                let fields = try value.mapping()
                var settings = AccountSettings()
                if let normsNode = fields.take("norms") {
                    settings.norms = try LimitTable(yaml: normsNode, known: builtIn.norms.followed(by: norms))
                }
                if let limitsNode = fields.take("limits") {
                    settings.limits = try LimitTable(yaml: limitsNode, known: builtIn.limits.followed(by: limits))
                }
                if let quietNode = fields.take("quiet_hours") { settings.quietHours = .some(try QuietHours.read(quietNode)) }
                try fields.finish()
                accounts[account] = settings
            }
        }
        if let historyNode = section.take("history") { history = try HistoryColumns(yaml: historyNode) }
        try section.finish()
    }
}

/// Column names and date format of posting-history exports (`--history`, `gaffe history import`).
public struct HistoryColumns: Sendable, Hashable {
    /// Field → column name, where it is not the field's own name.
    public var names: [Field: String] = [:]
    /// A `DateFormatter` pattern for `published_at`; ISO 8601 is always accepted.
    public var dateFormat: String?
    /// The zone of local times, overriding the top-level `timezone`.
    public var timeZone: TimeZone?

    /// What a history export holds.
    public enum Field: String, Sendable, Hashable, CaseIterable {
        case publishedAt = "published_at", account, channel, text, timezone
    }

    public init() {}

    /// The column names a field is read from, preferred first.
    func columns(for field: Field) -> [String] {
        if let name = names[field] { return [name] }
        switch field {
        case .publishedAt: return ["published_at", "publish_at"]
        case .channel: return ["channel", "channels"]
        default: return [field.rawValue]
        }
    }

    init(yaml node: YAMLNode) throws {
        let mapping = try node.mapping()
        if let columnsNode = mapping.take("columns") {
            let columns = try columnsNode.mapping()
            for key in columns.keys {
                guard let value = columns.take(key) else { continue }
                guard let field = Field(rawValue: key) else {
                    let known = Field.allCases.map(\.rawValue)
                    var message = "unknown field '\(key)' in frequency.history.columns"
                    if let guess = Spelling.closest(to: key, among: known) { message += "; did you mean '\(guess)'?" }
                    throw (columns.entries[key]?.key ?? value).error(message + " (fields: \(known.joined(separator: ", ")))")
                }
                names[field] = try value.string()
            }
        }
        dateFormat = try mapping.read("date_format")
        timeZone = try mapping.read("timezone")
        try mapping.finish()
    }
}

/// The limits, norms and quiet hours that apply to each account and channel: the built-in tables,
/// then `frequency:` in the configuration, then the account's own settings.
public struct FrequencyPolicy: Sendable {
    let builtIn: BuiltInFrequency
    let settings: FrequencySettings

    /// - Throws: `YAMLError` if the built-in table is broken.
    public init(configuration: Configuration) throws {
        builtIn = try BuiltInFrequency.shared()
        settings = configuration.section(FrequencySettings.self)
    }

    /// Every limit for a channel of an account: platform limits first, then norms, each group
    /// ordered by window (shortest first) then id.
    public func limits(account: String?, channel: Channel?) -> [WindowLimit] {
        let personal = account.flatMap { settings.accounts[$0] }
        func resolve(_ kind: WindowLimit.Kind, _ tables: [LimitTable?]) -> [WindowLimit] {
            var limits: [String: WindowLimit] = [:]
            for table in tables { table?.apply(to: &limits, kind: kind, channel: channel) }
            return limits.values.sorted { ($0.within, $0.id) < ($1.within, $1.id) }
        }
        return resolve(.limit, [builtIn.limits, settings.limits, personal?.limits])
            + resolve(.norm, [builtIn.norms, settings.norms, personal?.norms])
    }

    /// Whether an account has settings of its own; the limits of every other account depend on
    /// the channel alone.
    public func hasOwnSettings(account: String?) -> Bool {
        account.flatMap { settings.accounts[$0] } != nil
    }

    /// Quiet hours for an account, or `nil` when off.
    public func quietHours(account: String?) -> QuietHours? {
        if let account, let personal = settings.accounts[account]?.quietHours { return personal }
        return settings.quietHours
    }

    /// The longest window of any limit: how far back history matters.
    public var longestWindow: TimeInterval {
        var longest: TimeInterval = 0
        for channel in [nil] + Channel.allCases.map(Optional.some) {
            for account in [nil] + settings.accounts.keys.map(Optional.some) {
                longest = max(longest, limits(account: account, channel: channel).map(\.within).max() ?? 0)
            }
        }
        return longest
    }

    /// The platform's name for messages (`X`, `Instagram`).
    static func platformName(_ channel: Channel?) -> String {
        guard let channel else { return "any channel" }
        return (try? PlatformLimits.builtIn())?.platforms[channel]?.name ?? channel.rawValue
    }
}
