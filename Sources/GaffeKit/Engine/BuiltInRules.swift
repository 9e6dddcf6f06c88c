/// Every rule Gaffe ships, one line each. Adding a rule is a new file under `Rules/` and a line here.
public enum BuiltInRules {
    public static let all: [any RuleType.Type] = [
        InputRule.self,
        PlaceholderRule.self,
        LengthRule.self,
        EventCollisionRule.self,
        NewsjackingRule.self,
        SensitiveTermRule.self,
        CannedPhraseRule.self,
        CannedOveruseRule.self,
        EngagementBaitRule.self,
        NearDuplicateRule.self,
        HashtagCampaignRule.self,
        PostingFrequencyRule.self,
    ]

    /// The description of a rule by identifier.
    public static func description(of identifier: String) -> RuleDescription? {
        all.first { $0.description.identifier == identifier }?.description
    }
}
