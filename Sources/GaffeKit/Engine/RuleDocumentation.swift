/// Plain-text documentation of the rules for `gaffe rules` and docs/rules.md, read from each
/// rule's own description.
public enum RuleDocumentation {
    /// One line per rule: identifier, default severity, summary.
    public static func list() -> String {
        let width = BuiltInRules.all.map { $0.description.identifier.count }.max() ?? 0
        return BuiltInRules.all.map { type in
            let description = type.description
            let name = description.identifier.padding(toLength: width, withPad: " ", startingAt: 0)
            let severity = description.defaultSeverity.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0)
            let off = description.isEnabledByDefault ? "" : " (off by default)"
            return "\(name)  \(severity)  \(description.summary)\(off)"
        }.joined(separator: "\n")
    }

    /// A rule's full explanation with options and examples, or `nil` for an unknown rule.
    public static func explain(_ identifier: String) -> String? {
        guard let type = BuiltInRules.all.first(where: { $0.description.identifier == identifier }) else { return nil }
        return explain(type)
    }

    static func explain<R: RuleType>(_ type: R.Type) -> String {
        let description = R.description
        var text = "\(description.identifier): \(description.name)\n"
        text += "Default severity: \(description.defaultSeverity.rawValue)\(description.isEnabledByDefault ? "" : " (off by default)")\n\n"
        text += description.summary + "\n\n" + description.rationale + "\n"
        let options = OptionsReader.documentation(of: R.Options.self)
        if !options.isEmpty {
            text += "\nOptions (under rules: \(description.identifier): in .gaffe.yml):\n"
            for option in options {
                text += "  \(option.key)" + (option.defaultValue.isEmpty ? "" : " (default \(option.defaultValue))") + ": \(option.summary)\n"
            }
        }
        text += "\nFlagged:\n" + description.triggeringExamples.map { render($0) }.joined(separator: "\n")
        text += "\nNot flagged:\n" + description.nonTriggeringExamples.map { render($0) }.joined(separator: "\n")
        return text
    }

    static func render(_ example: Example) -> String {
        let lines = example.text.split(separator: "\n", omittingEmptySubsequences: false)
        let tag = example.format == .text ? "" : " (\(example.format))"
        return lines.enumerated().map { index, line in (index == 0 ? "  - " : "    ") + line }.joined(separator: "\n") + tag
    }

    /// The rule reference as Markdown (docs/rules.md), generated from the rules themselves.
    public static func markdown() -> String {
        var text = """
            # Rule reference

            Generated from each rule's own description by `gaffe rules --markdown`; do not edit by hand.
            Spans a rule flags in its examples are marked ⟦like this⟧. Every example here runs as a test.

            | rule | default severity | what it finds |
            |---|---|---|

            """
        for type in BuiltInRules.all {
            let description = type.description
            let off = description.isEnabledByDefault ? "" : " (off by default)"
            text += "| [`\(description.identifier)`](#\(description.identifier)) | \(description.defaultSeverity.rawValue)\(off) | \(description.summary) |\n"
        }
        for type in BuiltInRules.all {
            text += "\n" + markdown(type)
        }
        return text
    }

    /// One rule's section of the reference in Markdown, or `nil` for an unknown rule (SARIF `help.markdown`).
    public static func markdown(_ identifier: String) -> String? {
        guard let type = BuiltInRules.all.first(where: { $0.description.identifier == identifier }) else { return nil }
        return markdown(type)
    }

    static func markdown<R: RuleType>(_ type: R.Type) -> String {
        let description = R.description
        var text = "## \(description.identifier)\n\n**\(description.name).** \(description.summary)\n\n"
        text += "Default severity: `\(description.defaultSeverity.rawValue)`\(description.isEnabledByDefault ? "" : ", off by default").\n\n"
        text += description.rationale + "\n"
        let options = OptionsReader.documentation(of: R.Options.self)
        if !options.isEmpty {
            text += "\n| option | default | meaning |\n|---|---|---|\n"
            for option in options {
                text += "| `\(option.key)` | \(option.defaultValue.isEmpty ? "" : "`\(option.defaultValue)`") | \(option.summary.replacingOccurrences(of: "|", with: "\\|")) |\n"
            }
        }
        func block(_ example: Example) -> String {
            let language = example.format == .text ? "text" : example.format.rawValue
            var block = "```\(language)\n\(example.text)\n```\n"
            if let configuration = example.configuration {
                // A multi-line configuration (an `events:` list) reads as YAML only in a block.
                let yaml = configuration.trimmingCharacters(in: .whitespacesAndNewlines)
                block = (yaml.contains("\n") ? "With `.gaffe.yml`:\n\n```yaml\n\(yaml)\n```\n\n" : "With `.gaffe.yml`: `\(yaml)`\n\n") + block
            }
            if let date = example.referenceDate {
                block = "At `\(ISO8601.format(date))` (`--at`):\n\n" + block
            }
            return block
        }
        text += "\n### Flagged\n\n" + description.triggeringExamples.map(block).joined(separator: "\n")
        text += "\n### Not flagged\n\n" + description.nonTriggeringExamples.map(block).joined(separator: "\n")
        return text
    }
}
