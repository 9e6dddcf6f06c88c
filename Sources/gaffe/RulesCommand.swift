import ArgumentParser
import GaffeKit

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List the rules, or explain one with its examples."
    )

    @Argument(help: "A rule to explain.")
    var rule: String?

    @Flag(help: "Print the whole rule reference as Markdown (docs/rules.md).")
    var markdown = false

    func run() throws {
        if markdown {
            print(RuleDocumentation.markdown(), terminator: "")
            return
        }
        guard let rule else {
            print(RuleDocumentation.list())
            return
        }
        guard let text = RuleDocumentation.explain(rule) else {
            fail("unknown rule '\(rule)'; run 'gaffe rules' for the list")
        }
        print(text)
    }
}
