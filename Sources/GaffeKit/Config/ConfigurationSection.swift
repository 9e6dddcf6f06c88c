/// A part of `.gaffe.yml` owned by one feature (lexicons, feeds, posting frequency). Each section
/// lives in its own file and is listed once in `ConfigurationSections.all`; the loader hands it the
/// top-level mapping to `take` its own keys from, strictly.
public protocol ConfigurationSection: Sendable {
    /// The top-level keys this section reads, for documentation and did-you-mean.
    static var keys: [String] { get }
    /// The defaults, when the file does not mention the section.
    init()
    /// Reads the section's keys from the top-level mapping (with `mapping.take` / `mapping.read`).
    /// - Throws: `YAMLError` naming the file, line and key.
    init(from mapping: YAMLMapping) throws
}

/// The registered sections, one line each.
public enum ConfigurationSections {
    public static let all: [any ConfigurationSection.Type] = [
        CalendarSettings.self,
        LexiconSettings.self,
        FrequencySettings.self,
    ]
}

extension Configuration {
    /// A feature's section, or its defaults when the file does not configure it.
    public func section<Section: ConfigurationSection>(_ type: Section.Type) -> Section {
        (sections[ObjectIdentifier(type)] as? Section) ?? Section()
    }

    /// Sets a section (tests and programmatic use).
    public mutating func setSection<Section: ConfigurationSection>(_ section: Section) {
        sections[ObjectIdentifier(Section.self)] = section
    }
}
