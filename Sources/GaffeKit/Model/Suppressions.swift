/// Where a draft switches rules off: inline comments (`<!-- gaffe-disable-next-line RULE -->`),
/// front matter (`gaffe: {ignore: [RULE]}`) or a schedule's `gaffe_ignore` column.
public struct Suppressions: Sendable, Hashable {
    /// A stretch of the file where some rules are off: those in `rules`, or with `rules == nil`
    /// every rule but those in `except`.
    public struct Region: Sendable, Hashable {
        public var rules: Set<String>?
        public var except: Set<String> = []
        public var range: Range<Int>

        func covers(_ rule: String) -> Bool {
            rules?.contains(rule) ?? !except.contains(rule)
        }
    }

    /// A rule name written in a suppression, kept so the linter can report names it does not know.
    public struct Mention: Sendable, Hashable {
        public var rule: String
        public var range: Range<Int>
    }

    /// Rules off for the whole draft.
    public var ignoredRules: Set<String> = []
    /// Every rule off for the whole draft.
    public var ignoresAll = false
    public var regions: [Region] = []
    public var mentions: [Mention] = []

    public init() {}

    /// Whether a finding of `rule` starting at file offset `offset` is switched off.
    public func suppresses(rule: String, at offset: Int) -> Bool {
        if ignoresAll || ignoredRules.contains(rule) { return true }
        return regions.contains { $0.range.contains(offset) && $0.covers(rule) }
    }
}
/// One inline suppression command, parsed from the inside of an HTML comment.
public enum SuppressionCommand: Sendable, Hashable {
    case disable(Set<String>?)
    case enable(Set<String>?)
    case disableNextLine(Set<String>?)

    /// Parses `gaffe-disable RULE, RULE`, `gaffe-enable`, `gaffe-disable-next-line RULE`; `nil`
    /// for any other comment. Rule names may be separated by commas or spaces; none means all rules.
    public init?(comment: String) {
        let words = comment.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" || $0 == "\n" || $0 == "\r" })
            .map(String.init)
        guard let keyword = words.first else { return nil }
        let rules = words.count > 1 ? Set(words.dropFirst()) : nil
        switch keyword {
        case "gaffe-disable": self = .disable(rules)
        case "gaffe-enable": self = .enable(rules)
        case "gaffe-disable-next-line": self = .disableNextLine(rules)
        default: return nil
        }
    }
}

/// Turns the suppression comments of one file, in order, into `Suppressions` regions.
public struct SuppressionBuilder: Sendable {
    private struct Open: Sendable {
        var rules: Set<String>?
        var except: Set<String>
        var start: Int
    }

    private var open: [Open] = []
    private var result = Suppressions()

    public init() {}

    /// Records a comment found at `commentRange`; `nextLine` is the file range of the line after it.
    /// A `gaffe-disable` before any text of the draft (`beforeText`) also covers findings about
    /// the draft as a whole, which point at its start: its region begins at the start of the file.
    public mutating func add(_ command: SuppressionCommand, commentRange: Range<Int>, nextLine: Range<Int>?, beforeText: Bool = false) {
        switch command {
        case .disable(let rules):
            mention(rules, at: commentRange)
            open.append(Open(rules: rules, except: [], start: beforeText ? 0 : commentRange.upperBound))
        case .enable(let rules):
            mention(rules, at: commentRange)
            close(rules, at: commentRange.lowerBound)
        case .disableNextLine(let rules):
            mention(rules, at: commentRange)
            if let nextLine { result.regions.append(.init(rules: rules, range: nextLine)) }
        }
    }

    private mutating func mention(_ rules: Set<String>?, at range: Range<Int>) {
        for rule in (rules ?? []).sorted() { result.mentions.append(.init(rule: rule, range: range)) }
    }

    // Ends the open regions that `gaffe-enable RULES` touches at `offset`, and reopens what stays off.
    private mutating func close(_ rules: Set<String>?, at offset: Int) {
        var stillOpen: [Open] = []
        for entry in open {
            let affected = rules == nil || entry.rules == nil || !(entry.rules!.isDisjoint(with: rules!))
            guard affected else {
                stillOpen.append(entry)
                continue
            }
            result.regions.append(.init(rules: entry.rules, except: entry.except, range: entry.start..<offset))
            guard let rules else { continue }
            if let entryRules = entry.rules {
                let remaining = entryRules.subtracting(rules)
                if !remaining.isEmpty { stillOpen.append(Open(rules: remaining, except: [], start: offset)) }
            } else {
                stillOpen.append(Open(rules: nil, except: entry.except.union(rules), start: offset))
            }
        }
        open = stillOpen
    }

    /// The regions, with any still open ending at `end` (the end of the file).
    public func finish(at end: Int) -> Suppressions {
        var finished = result
        for entry in open {
            finished.regions.append(.init(rules: entry.rules, except: entry.except, range: entry.start..<end))
        }
        return finished
    }
}
