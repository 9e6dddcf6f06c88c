import Foundation

/// A problem in a pack file, at its line: what `gaffe lexicon lint` prints.
public struct LexiconProblem: Sendable, Hashable, CustomStringConvertible {
    public var location: PackLocation
    public var severity: Severity
    public var message: String

    public init(_ message: String, at location: PackLocation, severity: Severity = .error) {
        self.message = message
        self.location = location
        self.severity = severity
    }

    init(_ error: YAMLError, severity: Severity = .error) {
        self.init(error.message, at: PackLocation(path: error.path, line: error.line, column: error.column), severity: severity)
    }

    /// `path:line:column: error: message`, as compilers print it.
    public var description: String { "\(location): \(severity.rawValue): \(message)" }
}

/// The categories a pack may use: the built-in vocabulary (`lexicons/categories.yml`) and those
/// packs introduce.
public struct CategoryVocabulary: Sendable {
    public private(set) var categories: [String: LexiconCategory] = [:]
    /// Names in the order they were added, for listings.
    public private(set) var names: [String] = []

    public init(_ categories: [LexiconCategory] = []) {
        for category in categories { add(category) }
    }

    public mutating func add(_ category: LexiconCategory) {
        if categories[category.name] == nil { names.append(category.name) }
        categories[category.name] = category
    }

    public subscript(name: String) -> LexiconCategory? { categories[name] }
}

/// Reads pack files strictly: every problem is reported with its line, and entries with errors
/// are left out of the pack, so one bad entry never hides the others' problems.
///
/// The format is documented in docs/lexicons.md.
public enum PackLoader {
    /// Reads a pack.
    /// - Parameters:
    ///   - vocabulary: the categories entries may use besides those the pack itself introduces.
    ///   - validate: run the checks that only concern the pack's author (duplicates, unreachable
    ///     exceptions, suggestions); the built-in packs are checked by the tests and skip them
    ///     at run time, so start-up stays fast.
    /// - Returns: the pack (nil when the file is not a pack at all) and every problem found.
    public static func read(_ text: String, path: String, isBuiltIn: Bool = false, validate: Bool = true,
                            vocabulary: CategoryVocabulary) -> (pack: LexiconPack?, problems: [LexiconProblem]) {
        var problems: [LexiconProblem] = []
        let root: YAMLMapping
        do {
            root = try StrictYAML.parse(text, path: path).mapping()
        } catch let error as YAMLError {
            return (nil, [LexiconProblem(error)])
        } catch {
            return (nil, [LexiconProblem("\(error)", at: PackLocation(path: path, line: 1))])
        }
        func attempt<T>(_ body: () throws -> T) -> T? {
            do {
                return try body()
            } catch let error as YAMLError {
                problems.append(LexiconProblem(error))
            } catch {
                problems.append(LexiconProblem("\(error)", at: PackLocation(path: path, line: 1)))
            }
            return nil
        }

        let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        var pack = LexiconPack(name: stem, kind: .terms, title: stem, path: path, isBuiltIn: isBuiltIn)
        if let nameNode = root.take("name") {
            if let name = attempt({ try nameNode.string() }) {
                if PackLoader.isIdentifier(name) {
                    pack.name = name
                } else {
                    problems.append(LexiconProblem(nameNode.error("pack name '\(name)' must be lower-case letters, digits and hyphens")))
                }
            }
        }
        if let kindNode = root.take("kind"), let kind = attempt({ try kindNode.string() }) {
            if let value = PackKind(rawValue: kind) {
                pack.kind = value
            } else {
                problems.append(LexiconProblem(kindNode.error("unknown pack kind '\(kind)'; expected \(PackKind.allCases.map(\.rawValue).joined(separator: " or "))")))
            }
        }
        pack.title = (attempt { try root.read("title", as: String.self) } ?? nil) ?? pack.name
        pack.description = (attempt { try root.read("description", as: String.self) } ?? nil) ?? ""
        pack.sources = (attempt { try root.read("sources", as: [String].self) } ?? nil) ?? []

        var vocabulary = vocabulary
        if let node = root.take("categories") {
            let (categories, categoryProblems) = readCategories(node)
            problems += categoryProblems
            for category in categories {
                if vocabulary[category.name]?.location?.path != nil, vocabulary[category.name]?.location?.path != path {
                    problems.append(LexiconProblem("category '\(category.name)' is already defined; pick another name",
                                                   at: category.location ?? PackLocation(path: path, line: 1)))
                    continue
                }
                vocabulary.add(category)
                pack.categories.append(category)
            }
        }

        var defaults = EntryDefaults()
        if let node = root.take("defaults") {
            _ = attempt { defaults = try readDefaults(node, vocabulary: vocabulary) }
        }

        if let node = root.take("entries") {
            if let items = attempt({ try node.list() }) {
                var seen: [String: Int] = [:]
                for item in items {
                    var entryProblems: [LexiconProblem] = []
                    let entry = readEntry(item, pack: pack.name, defaults: defaults, vocabulary: vocabulary, validate: validate,
                                          problems: &entryProblems)
                    // Duplicates are found from the written term, so an entry with other errors
                    // still counts.
                    if validate, let (key, text) = duplicateKey(item) {
                        if let earlier = seen[key] {
                            entryProblems.append(LexiconProblem("duplicate entry '\(text)'; it is already at line \(earlier)",
                                                                at: PackLocation(path: item.path, line: item.line, column: item.column)))
                        } else {
                            seen[key] = item.line
                        }
                    }
                    problems += entryProblems
                    if let entry, !entryProblems.contains(where: { $0.severity == .error }) { pack.entries.append(entry) }
                }
                if items.isEmpty {
                    problems.append(LexiconProblem(node.error("the pack has no entries"), severity: .warning))
                }
            }
        } else {
            problems.append(LexiconProblem(root.owner.error("missing required key 'entries'")))
        }
        _ = attempt { try root.finish() }
        return (pack, problems.sorted { ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column) })
    }

    /// Reads a pack file from disk.
    public static func load(path: String, vocabulary: CategoryVocabulary) -> (pack: LexiconPack?, problems: [LexiconProblem]) {
        guard let data = FileManager.default.contents(atPath: path) else {
            return (nil, [LexiconProblem("cannot read the lexicon file", at: PackLocation(path: path, line: 1))])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return (nil, [LexiconProblem("the lexicon file is not valid UTF-8", at: PackLocation(path: path, line: 1))])
        }
        return read(text, path: path, vocabulary: vocabulary)
    }

    /// Reads a mapping of category names to their definitions (`lexicons/categories.yml`, or a
    /// pack's own `categories:`).
    public static func readCategories(_ node: YAMLNode) -> ([LexiconCategory], [LexiconProblem]) {
        var problems: [LexiconProblem] = []
        var categories: [LexiconCategory] = []
        do {
            let mapping = try node.mapping()
            for name in mapping.keys {
                guard let value = mapping.take(name) else { continue }
                let location = PackLocation(path: value.path, line: mapping.entries[name]?.key.line ?? value.line,
                                            column: mapping.entries[name]?.key.column ?? value.column)
                guard isIdentifier(name) else {
                    problems.append(LexiconProblem("category name '\(name)' must be lower-case letters, digits and hyphens", at: location))
                    continue
                }
                do {
                    let fields = try value.mapping()
                    let title: String = try fields.require("title")
                    let message: String = try fields.require("message")
                    let description: String = try fields.read("description") ?? ""
                    let frameworks: [String] = try fields.read("frameworks") ?? []
                    var events: [EventKind] = []
                    if let eventsNode = fields.take("events") {
                        events = try readEventKinds(eventsNode)
                    }
                    let isClaim: Bool = try fields.read("claim") ?? false
                    try fields.finish()
                    categories.append(LexiconCategory(name: name, title: title, message: message, description: description,
                                                      frameworks: frameworks, events: events, isClaim: isClaim, location: location))
                } catch let error as YAMLError {
                    problems.append(LexiconProblem(error))
                } catch {
                    problems.append(LexiconProblem("\(error)", at: location))
                }
            }
        } catch let error as YAMLError {
            problems.append(LexiconProblem(error))
        } catch {
            problems.append(LexiconProblem("\(error)", at: PackLocation(path: node.path, line: node.line)))
        }
        return (categories, problems)
    }

    static func readEventKinds(_ node: YAMLNode) throws -> [EventKind] {
        try node.list().map { item in
            let text = try item.string()
            guard let kind = EventKind(rawValue: text) else {
                var message = "unknown event kind '\(text)'"
                if let guess = Spelling.closest(to: text, among: EventKind.allCases.map(\.rawValue)) { message += "; did you mean '\(guess)'?" }
                throw item.error(message + " (see docs/lexicons.md for the vocabulary)")
            }
            return kind
        }
    }

    static func isIdentifier(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.first != UInt8(ascii: "-")
            && name.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: "-") }
    }

    /// Values every entry of a pack takes unless it says otherwise.
    struct EntryDefaults {
        var category: String?
        var severity: Severity = .warning
        var sureness: Sureness = .medium
        var inflect: InflectionKinds = []
        var caseSensitive = false
        var fix = true
        var events: [EventKind] = []
        var condition = EntryCondition.always
    }

    private static func readDefaults(_ node: YAMLNode, vocabulary: CategoryVocabulary) throws -> EntryDefaults {
        let mapping = try node.mapping()
        var defaults = EntryDefaults()
        if let categoryNode = mapping.take("category") {
            defaults.category = try checkedCategory(categoryNode, vocabulary: vocabulary)
        }
        try mapping.read("severity", into: &defaults.severity)
        if let value = mapping.take("sureness") { defaults.sureness = try readSureness(value) }
        if let value = mapping.take("inflect") { defaults.inflect = try readInflection(value) }
        if let value = mapping.take("case") { defaults.caseSensitive = try readCase(value) }
        try mapping.read("fix", into: &defaults.fix)
        if let value = mapping.take("events") { defaults.events = try readEventKinds(value) }
        if let value = mapping.take("when") { defaults.condition = try readCondition(value) }
        try mapping.finish()
        return defaults
    }

    private static func checkedCategory(_ node: YAMLNode, vocabulary: CategoryVocabulary) throws -> String {
        let name = try node.string()
        guard vocabulary[name] != nil else {
            var message = "unknown category '\(name)'"
            if let guess = Spelling.closest(to: name, among: vocabulary.names) { message += "; did you mean '\(guess)'?" }
            throw node.error(message + " (run 'gaffe lexicon list --categories' for the vocabulary)")
        }
        return name
    }

    private static func readSureness(_ node: YAMLNode) throws -> Sureness {
        try Sureness(yaml: node)
    }

    private static func readInflection(_ node: YAMLNode) throws -> InflectionKinds {
        var kinds: InflectionKinds = []
        for item in try node.list() {
            let text = try item.string()
            if text == "none" { continue }
            guard let kind = InflectionKinds.names.first(where: { $0.0 == text })?.1 else {
                throw item.error("'inflect' takes noun, verb, adjective or none, not '\(text)'")
            }
            kinds.insert(kind)
        }
        return kinds
    }

    private static func readCondition(_ node: YAMLNode) throws -> EntryCondition {
        let text = try node.string()
        guard let condition = EntryCondition(rawValue: text) else {
            throw node.error("'when' must be always or promotional, not '\(text)'")
        }
        return condition
    }

    private static func readCase(_ node: YAMLNode) throws -> Bool {
        switch try node.string() {
        case "sensitive": return true
        case "insensitive": return false
        case let other: throw node.error("'case' must be sensitive or insensitive, not '\(other)'")
        }
    }

    /// What makes two entries the same: their normalized term, or their pattern's expansions;
    /// read from the entry as written, before any other check.
    private static func duplicateKey(_ node: YAMLNode) -> (key: String, text: String)? {
        guard case .mapping(let mapping) = node.node else { return nil }
        for (key, value) in mapping {
            guard let name = key.string, let text = value.string else { continue }
            if name == "term", let normalized = TermMatcher.normalizedText(text) { return ("term:" + normalized, text) }
            if name == "pattern", let pattern = try? TokenPattern(text) {
                return ("pattern:" + pattern.expansions.map { "\($0)" }.sorted().joined(separator: "/"), text)
            }
        }
        return nil
    }

    private static func readEntry(_ node: YAMLNode, pack: String, defaults: EntryDefaults, vocabulary: CategoryVocabulary,
                                  validate: Bool, problems: inout [LexiconProblem]) -> LexiconEntry? {
        let location = PackLocation(path: node.path, line: node.line, column: node.column)
        do {
            let mapping = try node.mapping()
            let termNode = mapping.take("term")
            let patternNode = mapping.take("pattern")
            let matching: LexiconEntry.Matching
            switch (termNode, patternNode) {
            case (let termNode?, nil):
                let term = try termNode.string()
                guard validate else {
                    matching = .term(term)
                    break
                }
                guard let normalized = TermMatcher.normalize(term) else {
                    throw termNode.error(term.trimmingSpaces.isEmpty
                                         ? "empty term" : "term '\(term)' has no letters or digits to match")
                }
                guard normalized.count <= TermMatcher.maximumKeyLength - 20 else {
                    throw termNode.error("term is too long (at most \(TermMatcher.maximumKeyLength - 20) bytes once normalized)")
                }
                matching = .term(term)
            case (nil, let patternNode?):
                let source = try patternNode.string()
                do {
                    matching = .pattern(try TokenPattern(source))
                } catch let error as TokenPattern.SyntaxError {
                    throw YAMLError(path: patternNode.path, line: patternNode.line, column: patternNode.column,
                                    message: "invalid pattern '\(source)': \(error.message) (at character \(error.offset + 1))")
                }
            case (nil, nil):
                throw node.error("an entry needs a 'term' (or a 'pattern')")
            case (_?, _?):
                throw node.error("an entry has either a 'term' or a 'pattern', not both")
            }

            var category = defaults.category
            if let categoryNode = mapping.take("category") {
                category = try checkedCategory(categoryNode, vocabulary: vocabulary)
            }
            guard let category else { throw node.error("missing required key 'category' (or a 'category' under 'defaults')") }
            var severity = defaults.severity
            try mapping.read("severity", into: &severity)
            let sureness = try mapping.take("sureness").map(readSureness) ?? defaults.sureness
            let suggestionsNode = mapping.take("suggest")
            let suggestions = try suggestionsNode.map { try $0.strings() } ?? []
            var fix = defaults.fix
            try mapping.read("fix", into: &fix)
            guard let noteNode = mapping.take("note") else { throw node.error("missing required key 'note': say why the term is risky") }
            let note = try noteNode.string().trimmingWhitespace()
            guard !note.isEmpty else { throw noteNode.error("empty note: say why the term is risky") }
            let exceptionsNode = mapping.take("exceptions")
            let exceptions = try exceptionsNode?.list().map { ($0, try $0.string()) } ?? []
            let inflectNode = mapping.take("inflect")
            let inflect = try inflectNode.map(readInflection) ?? defaults.inflect
            let headNode = mapping.take("head")
            let head = try headNode?.int()
            let caseSensitive = try mapping.take("case").map(readCase) ?? defaults.caseSensitive
            let formsNode = mapping.take("forms")
            let forms = try formsNode?.strings() ?? []
            var events = defaults.events
            if let eventsNode = mapping.take("events") { events = try readEventKinds(eventsNode) }
            let condition = try mapping.take("when").map(readCondition) ?? defaults.condition
            try mapping.finish()

            let entry = LexiconEntry(pack: pack, matching: matching, category: category, severity: severity, sureness: sureness,
                                     suggestions: suggestions, suggestionsAreFixes: fix, note: note,
                                     exceptions: exceptions.map(\.1), inflect: inflect, head: head, caseSensitive: caseSensitive,
                                     forms: forms, events: events, condition: condition, location: location)

            guard validate else { return entry }
            // Checks that need the whole entry.
            let words = LexiconForms.words(of: entry)
            if let head, let headNode {
                if entry.isPattern || head < 1 || head > words.count {
                    problems.append(LexiconProblem(headNode.error("'head' must be a word number from 1 to \(words.count)")))
                }
            }
            if !inflect.isEmpty, !entry.isPattern, let headWord = LexiconForms.headWord(of: entry, words: words),
               !Inflector.isInflectable(headWord) {
                problems.append(LexiconProblem((inflectNode ?? node).error("cannot inflect '\(headWord)': only words of plain letters are inflected; list other spellings under 'forms'"),
                                               severity: .warning))
            }
            for (index, suggestion) in suggestions.enumerated() {
                let place = (try? suggestionsNode?.list()[index]) ?? suggestionsNode ?? node
                if TermMatcher.normalize(suggestion) == nil {
                    problems.append(LexiconProblem(place.error("empty suggestion")))
                } else if case .term(let term) = matching, TermMatcher.normalizedText(suggestion) == TermMatcher.normalizedText(term) {
                    problems.append(LexiconProblem(place.error("the suggestion '\(suggestion)' is the term itself"), severity: .warning))
                }
            }
            if let suggestionsNode, suggestions.isEmpty {
                problems.append(LexiconProblem(suggestionsNode.error("'suggest' lists nothing: give alternatives, or leave the key out"),
                                               severity: .warning))
            }
            for (index, spelling) in forms.enumerated() {
                let place = (try? formsNode?.list()[index]) ?? node
                guard let normalized = TermMatcher.normalizedText(spelling) else {
                    problems.append(LexiconProblem(place.error("empty form")))
                    continue
                }
                // Asterisks censor a word only between its letters: `f***` reads as `f`, which
                // (inflected) would match `fed` and every `f`.
                if normalized.filter({ $0 == "*" }).count < spelling.filter({ $0 == "*" }).count {
                    problems.append(LexiconProblem(place.error("the asterisks in '\(spelling)' are not part of a word (only those between letters are), so it reads as '\(normalized)'"),
                                                   severity: .warning))
                }
            }
            let reachable = LexiconForms.surfaceWordLists(of: entry, inflector: .english)
            var seenExceptions: [[String]: String] = [:]
            for (exceptionNode, exception) in exceptions {
                let exceptionWords = LexiconForms.exceptionWords(of: exception)
                if exception.replacingOccurrences(of: LexiconForms.numberWord, with: "").contains(where: { $0 == "<" || $0 == ">" }) {
                    problems.append(LexiconProblem(exceptionNode.error("the exception '\(exception)' has angle brackets: only <number> (in lower case) stands for something"),
                                                   severity: .warning))
                }
                if let numbered = LexiconForms.numberedException(exceptionWords), numbered.anchor.isEmpty {
                    problems.append(LexiconProblem(exceptionNode.error("the exception '\(exception)' cannot be matched: with <number> in it, it must start with a word and have no punctuation next to or after the number")))
                } else if !exceptionWords.isEmpty, let earlier = seenExceptions.updateValue(exception, forKey: exceptionWords) {
                    problems.append(LexiconProblem(exceptionNode.error("duplicate exception '\(exception)': the entry already lists '\(earlier)'"),
                                                   severity: .warning))
                } else if exceptionWords.isEmpty {
                    problems.append(LexiconProblem(exceptionNode.error("empty exception")))
                } else if reachable.contains(exceptionWords) {
                    problems.append(LexiconProblem(exceptionNode.error("the exception '\(exception)' is the term itself, so the entry could never match; remove the entry instead")))
                } else if !reachable.contains(where: { exceptionWords.containsContiguous($0) }) {
                    problems.append(LexiconProblem(exceptionNode.error("unreachable exception '\(exception)': it does not contain '\(entry.text)' or any of its forms, so it can never apply")))
                }
            }
            return entry
        } catch let error as YAMLError {
            problems.append(LexiconProblem(error))
        } catch {
            problems.append(LexiconProblem("\(error)", at: location))
        }
        return nil
    }
}

extension Array where Element: Equatable {
    /// Whether `other` occurs in this array as a contiguous run.
    func containsContiguous(_ other: [Element]) -> Bool {
        guard !other.isEmpty, other.count <= count else { return other.isEmpty }
        for start in 0...(count - other.count) where self[start] == other[0] {
            if Array(self[start..<(start + other.count)]) == other { return true }
        }
        return false
    }
}
