import Foundation

/// Finds and reads `.gaffe.yml`.
public enum ConfigurationLoader {
    /// The file names Gaffe looks for, in order.
    public static let fileNames = [".gaffe.yml", ".gaffe.yaml"]

    /// The nearest configuration file in `directory` or any folder above it.
    public static func find(from start: String) -> String? {
        var directory = URL(fileURLWithPath: start).standardizedFileURL
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            directory.deleteLastPathComponent()
        }
        while true {
            for name in fileNames {
                let candidate = directory.appendingPathComponent(name).path
                if FileManager.default.fileExists(atPath: candidate) { return Paths.forDisplay(candidate) }
            }
            let parent = directory.deletingLastPathComponent()
            if parent.path == directory.path { return nil }
            directory = parent
        }
    }

    /// Reads a configuration file.
    /// - Throws: `YAMLError` naming the file, line and key of the first problem.
    public static func load(path: String) throws -> Configuration {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw YAMLError(path: path, line: 1, column: 1, message: "cannot read the configuration file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw YAMLError(path: path, line: 1, column: 1, message: "the configuration file is not valid UTF-8")
        }
        var configuration = try parse(text, path: path)
        configuration.path = path
        return configuration
    }

    /// Reads configuration text.
    public static func parse(_ text: String, path: String) throws -> Configuration {
        let root = try StrictYAML.parse(text, path: path)
        let mapping = try root.mapping()
        var configuration = Configuration()
        configuration.path = path
        if let rules = mapping.take("rules") {
            let rulesMapping = try rules.mapping()
            for name in rulesMapping.keys {
                guard let node = rulesMapping.take(name) else { continue }
                var setting = try ruleSetting(node)
                if let key = rulesMapping.entries[name]?.key { setting.place = (key.path, key.line, key.column) }
                configuration.rules[name] = setting
            }
        }
        configuration.timeZone = try mapping.read("timezone")
        try mapping.read("regions", into: &configuration.regions)
        try mapping.read("channels", into: &configuration.channels)
        configuration.account = try mapping.read("account")
        try mapping.read("include", into: &configuration.include)
        try mapping.read("exclude", into: &configuration.exclude)
        if let node = mapping.take("schedule") {
            configuration.schedule = try scheduleMapping(node)
        }
        if let node = mapping.take("fail_on") {
            let value = try node.string().lowercased()
            if value == "never" {
                configuration.failOn = nil
            } else {
                configuration.failOn = try Severity(yaml: node)
            }
        }
        if let node = mapping.take("max_file_size") {
            configuration.maxFileSize = try node.int()
            guard configuration.maxFileSize > 0 else { throw node.error("'max_file_size' must be a positive number of bytes") }
        }
        for section in ConfigurationSections.all {
            configuration.sections[ObjectIdentifier(section)] = try section.init(from: mapping)
        }
        try mapping.finish()
        return configuration
    }

    // `rule: off`, `rule: warning`, `rule: true`, or a mapping with `enabled`, `severity` and options.
    static func ruleSetting(_ node: YAMLNode) throws -> RuleSetting {
        if let text = node.scalarText, !node.isNull {
            switch text.lowercased() {
            case "off", "false", "no", "disabled": return RuleSetting(enabled: false)
            case "on", "true", "yes", "enabled": return RuleSetting(enabled: true)
            default: return RuleSetting(enabled: true, severity: try Severity(yaml: node))
            }
        }
        let mapping = try node.mapping()
        var setting = RuleSetting()
        setting.enabled = try mapping.read("enabled")
        if let severityNode = mapping.take("severity") {
            if severityNode.scalarText?.lowercased() == "off" {
                setting.enabled = false
            } else {
                setting.severity = try Severity(yaml: severityNode)
            }
        }
        setting.options = RawYAML(node: node, consumed: ["enabled", "severity"])
        return setting
    }

    static func scheduleMapping(_ node: YAMLNode) throws -> ScheduleMapping {
        let mapping = try node.mapping()
        var schedule = ScheduleMapping()
        if let columns = mapping.take("columns") {
            let columnMapping = try columns.mapping()
            for key in columnMapping.keys {
                guard let value = columnMapping.take(key) else { continue }
                let field = DraftField(rawValue: key == "channels" ? "channel" : key)
                guard let field, field != .record else {
                    let known = DraftField.allCases.filter { $0 != .record }.map(\.rawValue)
                    var message = "unknown field '\(key)' in schedule.columns"
                    if let guess = Spelling.closest(to: key, among: known) { message += "; did you mean '\(guess)'?" }
                    throw (columnMapping.entries[key]?.key ?? value).error(message + " (fields: \(known.joined(separator: ", ")))")
                }
                schedule.columns[field] = try value.scalarText.map { $0 } ?? value.string()
            }
        }
        schedule.dateFormat = try mapping.read("date_format")
        schedule.timeZone = try mapping.read("timezone")
        if let header = mapping.take("header") {
            schedule.hasHeader = try header.bool()
            if !schedule.hasHeader, schedule.columns[.text] == nil {
                throw header.error("a schedule without a header needs columns by number, at least 'text' (columns: {text: \"2\"})")
            }
        }
        try mapping.finish()
        return schedule
    }
}
