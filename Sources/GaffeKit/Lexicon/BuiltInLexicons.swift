import Foundation

/// The packs and categories that ship inside the binary (embedded from `lexicons/` at build
/// time), parsed once per process on first use.
public enum BuiltInLexicons {
    /// The category vocabulary, from `lexicons/categories.yml`.
    public static let vocabulary: CategoryVocabulary = {
        do {
            return try readVocabulary(EmbeddedResources.files["categories.yml"] ?? "", path: "lexicons/categories.yml")
        } catch {
            assertionFailure("built-in lexicons/categories.yml: \(error)")
            return CategoryVocabulary()
        }
    }()

    /// Reads a category vocabulary file (`categories:` mapping names to definitions).
    /// - Throws: `YAMLError` at the first problem.
    static func readVocabulary(_ text: String, path: String) throws -> CategoryVocabulary {
        let root = try StrictYAML.parse(text, path: path).mapping()
        guard let node = root.take("categories") else { throw root.owner.error("missing required key 'categories'") }
        try root.finish()
        let (categories, problems) = PackLoader.readCategories(node)
        if let first = problems.first {
            throw YAMLError(path: first.location.path, line: first.location.line, column: first.location.column, message: first.message)
        }
        return CategoryVocabulary(categories)
    }

    /// The embedded pack files of a kind (`terms/brand-safety.yml`…), sorted.
    public static func files(_ kind: PackKind) -> [String] {
        EmbeddedResources.files.keys.filter { key in
            key.hasPrefix(kind.folder + "/") && (key.hasSuffix(".yml") || key.hasSuffix(".yaml"))
        }.sorted()
    }

    /// The names of every built-in pack, from the file names (without parsing them).
    public static var allPackNames: [String] {
        PackKind.allCases.flatMap(files).map { (($0 as NSString).lastPathComponent as NSString).deletingPathExtension }
    }

    private static let termPacks = parse(.terms)
    private static let phrasePacks = parse(.phrases)

    /// The parsed built-in packs of a kind, with the problems found while reading them (the
    /// author's checks are left to the tests: see `PackLoader.read(_:path:isBuiltIn:validate:vocabulary:)`).
    public static func packs(_ kind: PackKind) -> (packs: [LexiconPack], problems: [LexiconProblem]) {
        switch kind {
        case .terms: termPacks
        case .phrases: phrasePacks
        }
    }

    /// The name of the compiled form of a kind's packs among the embedded files.
    static func compiledFile(_ kind: PackKind) -> String { "compiled/\(kind.rawValue).tsv" }

    /// The built-in packs of a kind: from their compiled form when it is embedded (fast), else
    /// from the YAML.
    private static func parse(_ kind: PackKind) -> ([LexiconPack], [LexiconProblem]) {
        if let compiled = EmbeddedResources.files[compiledFile(kind)] {
            do {
                return (try CompiledPacks.read(compiled), [])
            } catch {
                assertionFailure("built-in lexicons/\(compiledFile(kind)): \(error)")
            }
        }
        return parseYAML(kind)
    }

    /// The built-in packs of a kind read from their YAML, without the author's checks.
    static func parseYAML(_ kind: PackKind, validate: Bool = false) -> ([LexiconPack], [LexiconProblem]) {
        var packs: [LexiconPack] = []
        var problems: [LexiconProblem] = []
        for file in files(kind) {
            let (pack, found) = PackLoader.read(EmbeddedResources.files[file] ?? "", path: "lexicons/" + file, isBuiltIn: true,
                                                validate: validate, vocabulary: vocabulary)
            problems += found
            if let pack { packs.append(pack) }
        }
        return (packs, problems)
    }

    private static let defaultTerms = Lexicon(kind: .terms, packs: termPacks.0, vocabulary: vocabulary)
    private static let defaultPhrases = Lexicon(kind: .phrases, packs: phrasePacks.0, vocabulary: vocabulary)

    /// The built-in packs of a kind compiled as they ship, compiled once per process.
    public static func defaultLexicon(_ kind: PackKind) -> Lexicon {
        switch kind {
        case .terms: defaultTerms
        case .phrases: defaultPhrases
        }
    }
}

extension Lexicon {
    /// The lexicon of one kind for a configuration: the built-in packs not switched off, the
    /// user's packs, categories switched off, and the allow list.
    /// - Throws: `YAMLError` for a user pack with errors (at its first error) or a category name
    ///   no pack defines (at its line in the configuration).
    public static func configured(_ kind: PackKind, settings: LexiconSettings) throws -> Lexicon {
        if settings.isDefault { return BuiltInLexicons.defaultLexicon(kind) }
        var vocabulary = BuiltInLexicons.vocabulary
        var packs = BuiltInLexicons.packs(kind).packs.filter { !settings.disabledPacks.contains($0.name) }
        for path in settings.packs {
            guard FileManager.default.fileExists(atPath: path.resolved) else {
                throw YAMLError(path: path.location.path, line: path.location.line, column: path.location.column,
                                message: "no lexicon file at \(path.resolved)")
            }
            let (pack, problems) = PackLoader.load(path: path.resolved, vocabulary: vocabulary)
            let errors = problems.filter { $0.severity == .error }
            if let first = errors.first {
                let more = errors.count > 1 ? " (and \(errors.count - 1) more; run 'gaffe lexicon lint \(path.path)')" : ""
                throw YAMLError(path: first.location.path, line: first.location.line, column: first.location.column,
                                message: first.message + more)
            }
            guard let pack else { continue }
            for category in pack.categories { vocabulary.add(category) }
            if pack.kind == kind { packs.append(pack) }
        }
        for setting in settings.categories where vocabulary[setting.name] == nil {
            var message = "unknown lexicon category '\(setting.name)'"
            if let guess = Spelling.closest(to: setting.name, among: vocabulary.names) { message += "; did you mean '\(guess)'?" }
            throw YAMLError(path: setting.location.path, line: setting.location.line, column: setting.location.column,
                            message: message + " (run 'gaffe lexicon list --categories')")
        }
        return Lexicon(kind: kind, packs: packs, vocabulary: vocabulary, allowed: settings.allowed) { entry in
            if case .some(nil) = settings.setting(for: entry.category) { return false }
            return true
        }
    }
}

/// The compiled term packs of a run, shared by the rules that need them (`sensitive-term`).
///
/// With the configuration's lexicon settings at their defaults, the built-in packs are compiled
/// once per process on first use, so a run whose rules never look at a draft's terms does not pay
/// for them; user packs are read (and their errors reported) when the service is made.
public struct TermLexicon: Service {
    private let custom: Lexicon?

    public init(lexicon: Lexicon) {
        custom = lexicon
    }

    private init(custom: Lexicon?) {
        self.custom = custom
    }

    /// The compiled lexicon.
    public var lexicon: Lexicon { custom ?? BuiltInLexicons.defaultLexicon(.terms) }

    public static func make(context: RuleContext) throws -> TermLexicon {
        TermLexicon(custom: try Lexicon.configuredForRun(.terms, context: context))
    }
}
