/// Finds merge fields and template leftovers that would go out unfilled: `Dear <MailMerge ID>`,
/// `{{first_name}}`, `*|FNAME|*`, `[INSERT LINK]`, `TKTK`, `lorem ipsum`.
public struct PlaceholderRule: Rule {
    public static let description = RuleDescription(
        identifier: "placeholder",
        name: "Unfilled placeholder",
        summary: "Merge fields and template leftovers that would be published unfilled.",
        rationale: """
            A post or email that greets "Dear <MailMerge ID>" or promises "[INSERT LINK]" tells every \
            reader that nobody looked before it went out. Merge fields come from many tools \
            (Mailchimp's *|FNAME|*, Mustache's {{name}}, %FIRSTNAME%, $first_name), and editors leave \
            their own marks (TK, XXX, lorem ipsum); all of them should be filled or removed before \
            anything is scheduled.
            """,
        defaultSeverity: .error,
        scope: .text,
        tags: ["content", "template"],
        precision: .high,
        triggeringExamples: [
            Example("Dear ⟦<MailMerge ID>⟧, your order has shipped."),
            Example("Hi ⟦{{first_name}}⟧, your table is ready!"),
            Example("Hi ⟦{first_name}⟧, welcome aboard."),
            Example("Hey ⟦[NAME]⟧, read the story here: ⟦[INSERT LINK]⟧"),
            Example("Thanks for joining, ⟦%FIRSTNAME%⟧."),
            Example("Hi ⟦*|FNAME|*⟧, your coupon inside."),
            Example("Welcome back, ⟦$first_name⟧!"),
            Example("The launch date is ⟦TK⟧ and the price is ⟦TKTK⟧."),
            Example("⟦Lorem ipsum⟧ dolor sit amet, our new blend is here."),
            Example("Meet our new CEO, ⟦XXX⟧."),
            Example("Happy birthday ⟦<<Name>>⟧!"),
            Example("Dear ⟦<MailMerge ID>⟧, thanks for visiting.", format: .markdown),
            Example("<p>Dear ⟦&lt;First Name&gt;⟧, welcome.</p>", format: .html),
            Example("<p>Hi *|FNAME|*, see ⟦[Product Name]⟧ at ⟦{{store_url}}⟧</p>", format: .html,
                    configuration: "rules:\n  placeholder: {filled_by_sender: [mailchimp]}\n"),
        ],
        nonTriggeringExamples: [
            Example("Our new blend is $20 today [limited run] (while it lasts)."),
            Example("Prices start at $5 and go up to $12.50 for the large size."),
            Example("Follow @acme_coffee and share with #CoffeeLovers :) <3"),
            Example("Add `{{first_name}}` to the subject line to personalise it.", format: .markdown),
            Example("Shop at TK Maxx this weekend for 50% off and 20% more."),
            Example("Tickets are available for Super Bowl XXX memorabilia fans."),
            Example("Use <b>bold</b> text sparingly.", format: .markdown),
            Example("Read [our story](https://example.com/story) today.", format: .markdown),
            Example("Shares of $AAPL rose today; the [sic] spelling is theirs."),
            Example("<p>Hi *|FNAME|*, your order {{order_id}} has shipped. *|IF:VIP|*Thanks!*|END:IF|*</p>", format: .html,
                    configuration: "rules:\n  placeholder: {filled_by_sender: [mailchimp, handlebars]}\n"),
            Example("Read the {% raw %}{{ page.title }}{% endraw %} docs: [guide]({{ \"/guide/\" | url }}) {{< youtube abc >}}", format: .markdown),
        ]
    )

    public struct Options: RuleOptions {
        /// Merge-field syntaxes the sending tool fills in, which are then not reported.
        public var filledBySender: [String] = []

        public init() {}

        public mutating func read(_ reader: OptionsReader) throws {
            try reader.read("filled_by_sender", &filledBySender,
                            "Merge-field syntaxes your sending tool fills in, not reported (for email templates): \(MergeSyntax.allCases.map(\.rawValue).joined(separator: ", ")). Bracketed placeholders, editor marks and filler text are always reported.")
        }
    }

    private let filled: Set<MergeSyntax>

    public init(options: Options, context: RuleContext) throws {
        var filled: Set<MergeSyntax> = []
        for name in options.filledBySender {
            guard let syntax = MergeSyntax(rawValue: name) else {
                throw UsageError("rules.placeholder.filled_by_sender: unknown syntax '\(name)'; use \(MergeSyntax.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            filled.insert(syntax)
        }
        self.filled = filled
    }

    public func check(_ draft: Draft, context: RuleContext) -> [Diagnosis] {
        PlaceholderScanner.scan(draft.text).compactMap { match in
            if let syntax = match.syntax, filled.contains(syntax) { return nil }
            return Diagnosis(.text(match.range), message: match.kind.message(match.text), category: "placeholder",
                             notes: [Note(match.kind.note)])
        }
    }
}

/// The template languages whose merge fields the rule recognises.
public enum MergeSyntax: String, Sendable, CaseIterable {
    /// Mailchimp merge tags: `*|FNAME|*`, `*|IF:…|*`.
    case mailchimp
    /// Mustache and Handlebars: `{{first_name}}`, `{{#each items}}`.
    case handlebars
    /// Liquid and Jinja tags: `{% if %}`.
    case liquid
    /// Single braces: `{first_name}`.
    case braces
    /// Percent signs: `%FIRSTNAME%`, `%%first_name%%`.
    case percent
    /// Dollar variables: `$first_name`, `${first_name}`.
    case dollar
    /// Double brackets: `[[first_name]]`.
    case doubleBrackets = "double-brackets"
    /// Angle brackets: `<<Name>>`, `<MailMerge ID>`.
    case angle
}

/// The kinds of placeholder the rule knows, with their messages.
enum PlaceholderKind: Sendable, Hashable {
    case mergeField, bracketed, editorMark, filler, angleField

    func message(_ text: String) -> String {
        switch self {
        case .mergeField: "unfilled merge field '\(text)'"
        case .bracketed: "template placeholder '\(text)' left in the copy"
        case .editorMark: "editor's mark '\(text)' shows copy still to come"
        case .filler: "filler text '\(text)' left in the copy"
        case .angleField: "unfilled merge field '\(text)' (written in angle brackets)"
        }
    }

    var note: String {
        switch self {
        case .mergeField, .angleField:
            "Merge fields are filled by the sending tool; this one would reach readers as written. Fill it in or check the tool's merge settings."
        case .bracketed: "Replace the bracketed placeholder with the real text or link before scheduling."
        case .editorMark: "Editors write TK or XXX for copy still to come; finish the copy before scheduling."
        case .filler: "Placeholder text from a layout template; replace it with the real copy."
        }
    }
}

/// A byte scanner for placeholders; it looks only at trigger characters, so it is cheap on long schedules.
enum PlaceholderScanner {
    struct Match: Sendable, Hashable {
        var range: Range<Int>
        var kind: PlaceholderKind
        var text: String
        /// The template language, for merge fields.
        var syntax: MergeSyntax?
    }

    /// Words that make a bracketed span a placeholder (`[Insert Link]`, `[Your Name]`).
    static let bracketWords: Set<String> = [
        "name", "first", "last", "firstname", "lastname", "fname", "lname", "insert", "link", "url", "date", "company",
        "product", "city", "email", "phone", "tbd", "todo", "tk", "placeholder", "here", "your", "recipient", "customer",
        "address", "amount", "price", "discount", "code", "handle", "username", "title", "headline", "cta", "copy",
        "brand", "location", "time", "number", "enter", "add", "xxx",
    ]

    static func scan(_ text: String) -> [Match] {
        var matches: [Match] = []
        var copy = text
        copy.withUTF8 { bytes in
            var i = 0
            let n = bytes.count
            func string(_ range: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) }
            func isWord(_ index: Int) -> Bool { index >= 0 && index < n && ProseMask.isWordByte(bytes[index]) }
            func isIdentifierByte(_ byte: UInt8) -> Bool {
                (0x61...0x7A).contains(byte) || (0x41...0x5A).contains(byte) || (0x30...0x39).contains(byte) || byte == 0x5F || byte == 0x2E
            }
            func find(_ closing: [UInt8], from start: Int, within limit: Int, allowingNewline: Bool = false) -> Int? {
                var j = start
                while j + closing.count <= n, j - start <= limit {
                    if !allowingNewline, bytes[j] == 0x0A || bytes[j] == 0x0D { return nil }
                    if bytes[j] == closing[0], closing.count == 1 || bytes[j + 1] == closing[1] { return j }
                    j += 1
                }
                return nil
            }
            func add(_ range: Range<Int>, _ kind: PlaceholderKind, _ syntax: MergeSyntax? = nil) {
                matches.append(Match(range: range, kind: kind, text: string(range), syntax: syntax))
                i = range.upperBound
            }
            while i < n {
                let byte = bytes[i]
                switch byte {
                case 0x7B: // {
                    if i + 1 < n, bytes[i + 1] == 0x7B || bytes[i + 1] == 0x25, // {{ or {%
                       let close = find(bytes[i + 1] == 0x7B ? [0x7D, 0x7D] : [0x25, 0x7D], from: i + 2, within: 80), close > i + 2,
                       bytes[(i + 2)..<close].contains(where: { (0x41...0x5A).contains($0 & 0xDF) }) {
                        add(i..<(close + 2), .mergeField, bytes[i + 1] == 0x7B ? .handlebars : .liquid)
                        continue
                    }
                    // {first_name}: an identifier in single braces.
                    var j = i + 1
                    while j < n, isIdentifierByte(bytes[j]) { j += 1 }
                    if j < n, bytes[j] == 0x7D, j - i - 1 >= 2, j - i - 1 <= 40, (0x41...0x7A).contains(bytes[i + 1]),
                       i == 0 || bytes[i - 1] != 0x7B {
                        add(i..<(j + 1), .mergeField, .braces)
                        continue
                    }
                case 0x5B: // [
                    if i + 1 < n, bytes[i + 1] == 0x5B, let close = find([0x5D, 0x5D], from: i + 2, within: 60), close > i + 2 {
                        add(i..<(close + 2), .mergeField, .doubleBrackets)
                        continue
                    }
                    if let close = find([0x5D], from: i + 1, within: 60), close > i + 1 {
                        let inner = string((i + 1)..<close)
                        let words = inner.lowercased().split(whereSeparator: { !$0.isLetter })
                        let isMarkdownLink = close + 1 < n && bytes[close + 1] == 0x28
                        if !words.isEmpty, words.contains(where: { bracketWords.contains(String($0)) }),
                           inner.first?.isLetter == true, !inner.contains("://"), !isMarkdownLink {
                            add(i..<(close + 1), .bracketed)
                            continue
                        }
                    }
                case 0x25: // %FIRSTNAME% or %%first_name%%
                    let double = i + 1 < n && bytes[i + 1] == 0x25
                    let start = double ? i + 2 : i + 1
                    var j = start
                    while j < n, isIdentifierByte(bytes[j]) { j += 1 }
                    let closes = j < n && bytes[j] == 0x25 && (!double || (j + 1 < n && bytes[j + 1] == 0x25))
                    if closes, j - start >= 2, j - start <= 40, (0x41...0x7A).contains(bytes[start]), !isWord(i - 1) {
                        add(i..<(j + (double ? 2 : 1)), .mergeField, .percent)
                        continue
                    }
                case 0x2A: // *|FNAME|*
                    if i + 1 < n, bytes[i + 1] == 0x7C, let close = find([0x7C, 0x2A], from: i + 2, within: 64), close > i + 2 {
                        add(i..<(close + 2), .mergeField, .mailchimp)
                        continue
                    }
                case 0x24: // $first_name, ${first_name}
                    if i + 1 < n, bytes[i + 1] == 0x7B, let close = find([0x7D], from: i + 2, within: 60), close > i + 2 {
                        add(i..<(close + 1), .mergeField, .dollar)
                        continue
                    }
                    if i + 1 < n, (0x41...0x5A).contains(bytes[i + 1]) || (0x61...0x7A).contains(bytes[i + 1]), !isWord(i - 1) {
                        var j = i + 1
                        while j < n, isIdentifierByte(bytes[j]), bytes[j] != 0x2E { j += 1 }
                        let word = string((i + 1)..<j)
                        // $AAPL is a cashtag, not a variable.
                        let isCashtag = word == word.uppercased() && word.count <= 6 && !word.contains("_")
                        if !isCashtag, word.count >= 2, !isWord(j) {
                            add(i..<j, .mergeField, .dollar)
                            continue
                        }
                    }
                case 0x3C: // <<Name>> and <MailMerge ID>
                    if i + 1 < n, bytes[i + 1] == 0x3C, let close = find([0x3E, 0x3E], from: i + 2, within: 60), close > i + 2,
                       !bytes[(i + 2)..<close].contains(0x3C) {
                        add(i..<(close + 2), .mergeField, .angle)
                        continue
                    }
                    if i + 1 < n, (0x41...0x5A).contains(bytes[i + 1]) || (0x61...0x7A).contains(bytes[i + 1]),
                       let close = find([0x3E], from: i + 1, within: 50) {
                        let tag = string(i..<(close + 1))
                        let inner = tag.dropFirst().dropLast()
                        if inner.allSatisfy({ $0.isLetter || $0.isNumber || $0 == " " || $0 == "_" || $0 == "-" }),
                           !HTMLElements.isMarkup(Substring(tag)) {
                            add(i..<(close + 1), .angleField, .angle)
                            continue
                        }
                    }
                case 0x54: // TK, TKTK
                    if !isWord(i - 1), i + 1 < n, bytes[i + 1] == 0x4B {
                        var j = i + 2
                        while j + 1 < n, bytes[j] == 0x54, bytes[j + 1] == 0x4B { j += 2 }
                        if !isWord(j), !(j == i + 2 && followedBy(bytes, j, "Maxx")) {
                            add(i..<j, .editorMark)
                            continue
                        }
                    }
                case 0x58: // XXX
                    if !isWord(i - 1) {
                        var j = i
                        while j < n, bytes[j] == 0x58 { j += 1 }
                        if j - i >= 3, !isWord(j), !precededBy(bytes, i, ["Bowl ", "WrestleMania ", "Olympiad "]) {
                            add(i..<j, .editorMark)
                            continue
                        }
                    }
                case 0x4C, 0x6C: // lorem ipsum
                    if !isWord(i - 1), i + 11 <= n, string(i..<(i + 11)).lowercased() == "lorem ipsum", !isWord(i + 11) {
                        add(i..<(i + 11), .filler)
                        continue
                    }
                default:
                    break
                }
                i += 1
            }
        }
        return matches
    }

    private static func followedBy(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int, _ word: String) -> Bool {
        let expected = Array(" \(word)".utf8)
        guard index + expected.count <= bytes.count else { return false }
        return Array(bytes[index..<(index + expected.count)]) == expected
    }

    private static func precededBy(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int, _ words: [String]) -> Bool {
        words.contains { word in
            let expected = Array(word.utf8)
            guard index >= expected.count else { return false }
            return Array(bytes[(index - expected.count)..<index]) == expected
        }
    }
}
