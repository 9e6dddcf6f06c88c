/// The length limits of each channel: built in from `lexicons/platforms/limits.yml`, where every
/// number names its source, and adjustable through the `length` rule's options.
public struct PlatformLimits: Sendable {
    /// How sure we are of a number.
    public enum Grade: String, Sendable, CaseIterable {
        /// The platform's own documentation or code.
        case primary
        /// Integrators, news, encyclopedias.
        case secondary
        /// Widely repeated; no primary source found.
        case unverified
    }

    /// What a limit applies to.
    public enum Target: String, Sendable, CaseIterable {
        /// The post text (with the link schedulers append).
        case body
        /// The `title` field: a video or pin title, an email subject.
        case title
        /// The `link` field.
        case link
    }

    /// What a cap counts.
    public enum Entity: String, Sendable, CaseIterable {
        case hashtags, mentions, links

        /// The noun for messages.
        var noun: String {
            switch self {
            case .hashtags: "hashtags"
            case .mentions: "@-mentions"
            case .links: "distinct links"
            }
        }
    }

    /// A most-length of a text in some unit.
    public struct Limit: Sendable, Hashable {
        public var limit: Int
        public var unit: LengthUnit
        public var severity: Severity
        public var grade: Grade?
        public var source: String?
        public var note: String?

        public init(limit: Int, unit: LengthUnit, severity: Severity = .error, grade: Grade? = nil, source: String? = nil,
                    note: String? = nil) {
            self.limit = limit
            self.unit = unit
            self.severity = severity
            self.grade = grade
            self.source = source
            self.note = note
        }
    }

    /// A most-count of hashtags, mentions or links.
    public struct Cap: Sendable, Hashable {
        public var limit: Int
        public var severity: Severity
        public var grade: Grade?
        public var source: String?
        public var note: String?

        public init(limit: Int, severity: Severity = .error, grade: Grade? = nil, source: String? = nil, note: String? = nil) {
            self.limit = limit
            self.severity = severity
            self.grade = grade
            self.source = source
            self.note = note
        }
    }

    /// One channel's limits.
    public struct Platform: Sendable {
        public var channel: Channel
        /// How messages name the platform.
        public var name: String
        /// Whether schedulers put the draft's link into the post text.
        public var appendsLink: Bool
        public var limits: [Target: [Limit]]
        public var caps: [Entity: [Cap]]

        public init(channel: Channel, name: String, appendsLink: Bool, limits: [Target: [Limit]] = [:], caps: [Entity: [Cap]] = [:]) {
            self.channel = channel
            self.name = name
            self.appendsLink = appendsLink
            self.limits = limits
            self.caps = caps
        }
    }

    public var platforms: [Channel: Platform]

    public init(platforms: [Channel: Platform]) {
        self.platforms = platforms
    }

    /// The resource the built-in table is read from.
    static let resource = "platforms/limits.yml"

    /// The built-in table.
    /// - Throws: `YAMLError` if the embedded table is broken (a defect of the build; a test reads it).
    public static func builtIn() throws -> PlatformLimits {
        try cachedBuiltIn.get()
    }

    private static let cachedBuiltIn: Result<PlatformLimits, YAMLError> = {
        let path = "lexicons/" + resource
        do {
            return .success(try PlatformLimits(yaml: EmbeddedResources.files[resource] ?? "", path: path))
        } catch let error as YAMLError {
            return .failure(error)
        } catch {
            return .failure(YAMLError(path: path, line: 1, column: 1, message: "\(error)"))
        }
    }()

    /// Reads a table of limits, strictly: unknown keys, channels, units and severities are errors.
    /// - Throws: `YAMLError` naming the line and key.
    public init(yaml: String, path: String) throws {
        let root = try StrictYAML.parse(yaml, path: path).mapping()
        var platforms: [Channel: Platform] = [:]
        for key in root.keys {
            guard let node = root.take(key), let keyNode = root.entries[key]?.key else { continue }
            let channel = try Channel(yaml: keyNode)
            guard channel.rawValue == key else { throw keyNode.error("write the channel's own name '\(channel.rawValue)', not '\(key)'") }
            let mapping = try node.mapping()
            var platform = Platform(channel: channel, name: try mapping.require("name"), appendsLink: try mapping.require("appends_link"))
            for target in Target.allCases {
                guard let list = mapping.take(target.rawValue) else { continue }
                platform.limits[target] = try list.list().map { try PlatformLimits.limit($0) }
            }
            for entity in Entity.allCases {
                guard let list = mapping.take(entity.rawValue) else { continue }
                platform.caps[entity] = try list.list().map { try PlatformLimits.cap($0) }
            }
            try mapping.finish()
            platforms[channel] = platform
        }
        try root.finish()
        self.platforms = platforms
    }

    private static func limit(_ node: YAMLNode) throws -> Limit {
        let mapping = try node.mapping()
        let unitNode = mapping.take("unit")
        guard let unitNode else { throw node.error("missing required key 'unit'") }
        let unitName = try unitNode.string()
        guard let unit = LengthUnit(rawValue: unitName) else {
            let names = LengthUnit.allCases.map(\.rawValue)
            var message = "unknown unit '\(unitName)'"
            if let guess = Spelling.closest(to: unitName, among: names) { message += "; did you mean '\(guess)'?" }
            throw unitNode.error(message + " (units: \(names.joined(separator: ", ")))")
        }
        let common = try commonFields(mapping, owner: node)
        return Limit(limit: common.limit, unit: unit, severity: common.severity, grade: common.grade, source: common.source, note: common.note)
    }

    private static func cap(_ node: YAMLNode) throws -> Cap {
        let mapping = try node.mapping()
        let common = try commonFields(mapping, owner: node)
        return Cap(limit: common.limit, severity: common.severity, grade: common.grade, source: common.source, note: common.note)
    }

    private static func commonFields(_ mapping: YAMLMapping, owner: YAMLNode) throws
        -> (limit: Int, severity: Severity, grade: Grade?, source: String?, note: String?) {
        let limitNode = mapping.take("limit")
        guard let limitNode else { throw owner.error("missing required key 'limit'") }
        let limit = try limitNode.int()
        guard limit >= 0 else { throw limitNode.error("'\(limitNode.keyPath)' must not be negative") }
        let severity: Severity = try mapping.read("severity") ?? .error
        var grade: Grade?
        if let gradeNode = mapping.take("grade") {
            let text = try gradeNode.string()
            guard let value = Grade(rawValue: text) else {
                throw gradeNode.error("'\(gradeNode.keyPath)' must be primary, secondary or unverified, not '\(text)'")
            }
            grade = value
        }
        let source: String? = try mapping.read("source")
        let note: String? = try mapping.read("note")
        try mapping.finish()
        return (limit, severity, grade, source, note)
    }
}
