import Foundation

/// The lexicon part of `.gaffe.yml`: the user's own packs, built-in packs and categories switched
/// off, severities per category, and phrases allowed with a reason.
///
/// ```yaml
/// lexicons:
///   packs: [brand/terms.yml]      # or simply: lexicons: [brand/terms.yml]
///   disable: [profanity]          # built-in packs to leave out
///   categories:
///     violence: error             # a severity for every finding of the category
///     mental-health: off          # or off
/// allow:
///   - phrase: killer app
///     reason: product name
///   - phrase: Kill Bill
///     reason: film title
///     quoted: true                # only inside quotation marks
/// ```
public struct LexiconSettings: ConfigurationSection, Hashable {
    public static let keys = ["lexicons", "allow"]

    /// A pack file named in the configuration.
    public struct PackPath: Sendable, Hashable {
        /// As written.
        public var path: String
        /// Resolved against the configuration file's folder.
        public var resolved: String
        public var location: PackLocation
    }

    /// A category's setting: switched off, or a severity for all its findings.
    public struct CategorySetting: Sendable, Hashable {
        public var name: String
        /// `nil`: the category is off.
        public var severity: Severity?
        public var location: PackLocation
    }

    public var packs: [PackPath] = []
    /// Built-in packs left out.
    public var disabledPacks: [String] = []
    public var categories: [CategorySetting] = []
    public var allowed: [AllowedPhrase] = []

    public init() {}

    public init(from mapping: YAMLMapping) throws {
        let base = (mapping.owner.path as NSString).deletingLastPathComponent
        if let node = mapping.take("lexicons"), !node.isNull {
            if case .sequence = node.node {
                packs = try LexiconSettings.readPaths(node, base: base)
            } else {
                let lexicons = try node.mapping()
                if let paths = lexicons.take("packs") { packs = try LexiconSettings.readPaths(paths, base: base) }
                if let disabled = lexicons.take("disable") {
                    let known = BuiltInLexicons.allPackNames
                    for item in try disabled.list() {
                        let name = try item.string()
                        guard known.contains(name) else {
                            var message = "unknown built-in lexicon '\(name)'"
                            if let guess = Spelling.closest(to: name, among: known) { message += "; did you mean '\(guess)'?" }
                            throw item.error(message + " (run 'gaffe lexicon list')")
                        }
                        disabledPacks.append(name)
                    }
                }
                if let categoryNode = lexicons.take("categories") {
                    let categoryMapping = try categoryNode.mapping()
                    for name in categoryMapping.keys {
                        guard let value = categoryMapping.take(name), let key = categoryMapping.entries[name]?.key else { continue }
                        let location = PackLocation(path: key.path, line: key.line, column: key.column)
                        let severity: Severity?
                        if let text = value.scalarText, ["off", "false", "no"].contains(text.lowercased()) {
                            severity = nil
                        } else if case .mapping = value.node {
                            let fields = try value.mapping()
                            let enabled: Bool = try fields.read("enabled") ?? true
                            let level: Severity? = try fields.read("severity")
                            try fields.finish()
                            severity = enabled ? (level ?? .warning) : nil
                        } else {
                            severity = try Severity(yaml: value)
                        }
                        categories.append(CategorySetting(name: name, severity: severity, location: location))
                    }
                }
                try lexicons.finish()
            }
        }
        if let node = mapping.take("allow") {
            for item in try node.list() {
                let fields = try item.mapping()
                let phrase: String = try fields.require("phrase")
                guard TermMatcher.normalize(phrase) != nil else { throw item.error("'allow' phrase '\(phrase)' has no words") }
                guard let reason: String = try fields.read("reason"), !reason.trimmingSpaces.isEmpty else {
                    throw item.error("allowing '\(phrase)' needs a 'reason', so the next reader knows why")
                }
                let quoted: Bool = try fields.read("quoted") ?? false
                try fields.finish()
                allowed.append(AllowedPhrase(phrase: phrase, reason: reason, quotedOnly: quoted,
                                             location: PackLocation(path: item.path, line: item.line, column: item.column)))
            }
        }
    }

    private static func readPaths(_ node: YAMLNode, base: String) throws -> [PackPath] {
        try node.list().map { item in
            let path = try item.string()
            let resolved = path.hasPrefix("/") || base.isEmpty ? path : (base as NSString).appendingPathComponent(path)
            return PackPath(path: path, resolved: resolved, location: PackLocation(path: item.path, line: item.line, column: item.column))
        }
    }

    /// Whether nothing is configured (the built-in packs as they ship).
    public var isDefault: Bool {
        packs.isEmpty && disabledPacks.isEmpty && categories.isEmpty && allowed.isEmpty
    }

    /// The configured severity of a category: `.some(nil)` when it is off, `nil` when unset.
    public func setting(for category: String) -> Severity?? {
        categories.last { $0.name == category }.map(\.severity)
    }

    /// An entry's severity once `lexicons.categories` has had its say.
    func severity(of entry: LexiconEntry) -> Severity {
        if case .some(.some(let configured)) = setting(for: entry.category) { return configured }
        return entry.severity
    }
}
