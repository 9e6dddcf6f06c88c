import Foundation

/// What Gaffe assumes about an event of each kind when its source does not say: how severe it is,
/// how long after its end it is still too soon (a feed's `expires` is when the *message* lapses,
/// not when a tragedy stops being raw), and which lexicon categories it makes sensitive.
///
/// The defaults follow the spread of real gaffes in `shared/reference/gaffe-cases.md`: brands
/// stumbled within hours of acute disasters and attacks, for days after mass-casualty attacks
/// (14 days), and on anniversaries the calendar day itself.
extension EventKind {
    /// The severity an event of this kind has when its source gives none.
    public var defaultSeverity: EventSeverity {
        switch self {
        case .massShooting, .terrorAttack, .war, .hurricane, .earthquake, .tsunami, .flood, .wildfire, .volcano, .tornado,
             .landslide, .transportDisaster, .industrialDisaster, .epidemic, .nationalMourning, .brandCrisis:
            .severe
        case .tropicalStorm, .storm, .winterStorm, .heatwave, .coldWave, .drought, .civilUnrest, .deathOfPublicFigure,
             .remembrance:
            .moderate
        case .anniversary, .religiousObservance:
            .minor
        case .other:
            .info
        }
    }

    /// How long after the end of an event of this kind it is still too soon.
    public var defaultGrace: TimeInterval {
        let day: TimeInterval = 86_400
        switch self {
        case .massShooting, .terrorAttack, .brandCrisis: return 14 * day
        case .hurricane, .tropicalStorm, .earthquake, .tsunami, .flood, .wildfire, .volcano, .tornado, .landslide,
             .transportDisaster, .industrialDisaster, .war, .civilUnrest, .deathOfPublicFigure, .epidemic, .drought:
            return 7 * day
        case .storm, .winterStorm, .heatwave, .coldWave: return 3 * day
        case .nationalMourning: return day
        case .remembrance, .anniversary, .religiousObservance, .other: return 0
        }
    }

    /// Lexicon categories an event of this kind makes sensitive (see docs/calendar.md).
    public var defaultSensitiveCategories: [String] {
        switch self {
        case .massShooting: ["violence", "weapons", "death", "crime"]
        case .terrorAttack: ["terrorism", "violence", "weapons", "death"]
        case .war, .civilUnrest: ["war", "violence", "weapons", "death"]
        case .hurricane, .tropicalStorm, .tornado, .storm, .winterStorm, .flood, .wildfire, .earthquake, .tsunami, .volcano,
             .landslide, .heatwave, .coldWave, .drought:
            ["disaster", "death"]
        case .transportDisaster, .industrialDisaster: ["disaster", "death"]
        case .epidemic: ["medical", "death"]
        case .deathOfPublicFigure, .nationalMourning: ["death"]
        case .remembrance, .anniversary: ["death", "war"]
        case .religiousObservance, .brandCrisis, .other: []
        }
    }

    /// Kinds that mark a date rather than something happening now: lower severity in findings.
    public var isCommemorative: Bool {
        self == .remembrance || self == .anniversary || self == .religiousObservance
    }

    /// Reads a kind from a feed's or a person's word for it: the raw value (`mass-shooting`), its
    /// spelling with spaces or underscores, or a common synonym (`typhoon`, `shooting`, `memorial`).
    /// `nil` when the word is not known.
    public init?(word raw: String) {
        let word = raw.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            .replacingOccurrences(of: "_", with: "-").replacingOccurrences(of: " ", with: "-")
        if let kind = EventKind(rawValue: word) {
            self = kind
            return
        }
        guard let kind = EventKind.synonyms[word] else { return nil }
        self = kind
    }

    /// Other words for kinds, as calendars and feeds write them (CATEGORIES, config).
    static let synonyms: [String: EventKind] = [
        "typhoon": .hurricane, "cyclone": .hurricane, "tropical-cyclone": .hurricane,
        "storm-surge": .hurricane, "blizzard": .winterStorm, "ice-storm": .winterStorm, "snowstorm": .winterStorm,
        "flooding": .flood, "flash-flood": .flood, "fire": .wildfire, "bushfire": .wildfire, "forest-fire": .wildfire,
        "quake": .earthquake, "eruption": .volcano, "heat": .heatwave, "heat-wave": .heatwave, "extreme-heat": .heatwave,
        "cold": .coldWave, "pandemic": .epidemic, "outbreak": .epidemic,
        "terrorism": .terrorAttack, "terror": .terrorAttack, "attack": .terrorAttack, "bombing": .terrorAttack,
        "shooting": .massShooting, "mass-shooting-event": .massShooting, "unrest": .civilUnrest, "riot": .civilUnrest,
        "riots": .civilUnrest, "protest": .civilUnrest, "crash": .transportDisaster, "accident": .transportDisaster,
        "explosion": .industrialDisaster, "death": .deathOfPublicFigure, "obituary": .deathOfPublicFigure,
        "mourning": .nationalMourning, "day-of-mourning": .nationalMourning, "memorial": .remembrance,
        "memorial-day": .remembrance, "remembrance-day": .remembrance, "commemoration": .remembrance,
        "observance": .religiousObservance, "religious": .religiousObservance, "crisis": .brandCrisis,
    ]
}

extension EventSeverity {
    /// Reads `severe`, or a source's own words: CAP `Extreme`/`Unknown`, GDACS `Red`/`Orange`/`Green`.
    public init?(word raw: String) {
        switch raw.trimmingCharacters(in: .whitespaces).lowercased() {
        case "info", "none", "green", "low": self = .info
        case "minor", "yellow": self = .minor
        case "moderate", "unknown", "medium": self = .moderate
        case "severe", "orange", "high": self = .severe
        case "extreme", "red", "critical": self = .extreme
        default: return nil
        }
    }
}

/// Durations as configuration and calendars write them: `14d`, `72h`, `90m`, `1h30m`, `2w`, `30s`,
/// or ISO 8601 (`P1D`, `PT2H`), up to a century.
public enum DurationText {
    /// Seconds, or `nil` for text that is not a duration.
    public static func parse(_ raw: String) -> TimeInterval? {
        let text = raw.trimmingCharacters(in: .whitespaces).lowercased()
        guard !text.isEmpty else { return nil }
        if text.hasPrefix("p") || text.hasPrefix("-p") || text.hasPrefix("+p") {
            return ICSDuration.parse(text.uppercased()).map { TimeInterval($0.totalSeconds) }
        }
        if text == "0" { return 0 }
        var total: TimeInterval = 0
        var number = ""
        var sawUnit = false
        for character in text {
            if character.isNumber || character == "." {
                number.append(character)
            } else if character == " " {
                continue
            } else {
                guard let value = Double(number) else { return nil }
                let unit: TimeInterval
                switch character {
                case "w": unit = 7 * 86_400
                case "d": unit = 86_400
                case "h": unit = 3600
                case "m": unit = 60
                case "s": unit = 1
                default: return nil
                }
                total += value * unit
                number = ""
                sawUnit = true
            }
        }
        // A century is more than any grace or event needs; larger values are typos.
        guard number.isEmpty, sawUnit, total <= 100 * 366 * 86_400 else { return nil }
        return total
    }

    /// `14d`, `3h`, `1h30m`, `0` — the shortest spelling that `parse` reads back.
    public static func format(_ seconds: TimeInterval) -> String {
        var rest = Int(seconds.rounded())
        if rest == 0 { return "0" }
        var text = ""
        for (unit, size) in [("d", 86_400), ("h", 3600), ("m", 60), ("s", 1)] where rest >= size {
            text += "\(rest / size)\(unit)"
            rest %= size
        }
        return text
    }

    /// "14 days", "3 hours", "1 hour 30 minutes", for messages.
    public static func describe(_ seconds: TimeInterval) -> String {
        var rest = Int(seconds.rounded())
        if rest == 0 { return "no time" }
        var parts: [String] = []
        for (unit, size) in [("day", 86_400), ("hour", 3600), ("minute", 60), ("second", 1)] where rest >= size {
            let count = rest / size
            parts.append("\(count) \(unit)\(count == 1 ? "" : "s")")
            rest %= size
        }
        return parts.joined(separator: " ")
    }
}
