import Foundation

/// How long a feed event stays sensitive: message validity is not hazard duration.
///
/// Feeds say when their *message* stops being current (CAP `expires`, NWS `expires`, GDACS
/// `todate`, an RSS `pubDate`), not when a tragedy stops being raw. An earthquake is an instant; a
/// tsunami warning expires an hour after it is sent. So every imported event gets:
///
/// - `start`: when the hazard began or begins (CAP `onset ?? effective ?? sent`, NWS `onset`,
///   GDACS `fromdate`, the USGS origin time, a news item's publication).
/// - `end`: when the feed says it ends (NWS `ends`, the VTEC end, CAP `expires`, GDACS `todate`),
///   never before `start`; an instant ends where it starts.
/// - `grace`: long enough that the event stays sensitive at least `afterEnd` past `end` *and* at
///   least `window(kind, severity)` past `start`:
///   `sensitiveUntil = max(end + afterEnd, start + window)`.
///
/// | severity | sudden-onset kinds¹ | other kinds |
/// |---|---|---|
/// | extreme | 30 days | 14 days |
/// | severe | 14 days | 7 days |
/// | moderate | 3 days | 2 days |
/// | minor | 1 day | 1 day |
/// | info | 0 | 0 |
///
/// ¹ earthquake, tsunami, volcano, landslide, terror-attack, mass-shooting, transport-disaster,
/// industrial-disaster: events with deaths that arrive without warning, where the days after are
/// the most sensitive. `afterEnd` is 1 day (0 for `info`). The configuration's per-kind grace can
/// override this later, in the store.
public enum SensitivityPolicy {
    static let day: TimeInterval = 86_400

    static let suddenOnset: Set<EventKind> = [
        .earthquake, .tsunami, .volcano, .landslide, .terrorAttack, .massShooting, .transportDisaster, .industrialDisaster,
    ]

    /// How long after its start an event of this kind and severity stays sensitive.
    public static func window(kind: EventKind, severity: EventSeverity) -> TimeInterval {
        let sudden = suddenOnset.contains(kind)
        switch severity {
        case .extreme: return (sudden ? 30 : 14) * day
        case .severe: return (sudden ? 14 : 7) * day
        case .moderate: return (sudden ? 3 : 2) * day
        case .minor: return day
        case .info: return 0
        }
    }

    /// How long after the feed's own end an event stays sensitive.
    public static func afterEnd(severity: EventSeverity) -> TimeInterval {
        severity == .info ? 0 : day
    }

    /// The `end` and `grace` for an event: `end` no earlier than `start`, and `grace` so that
    /// `end + grace = max(end + afterEnd, start + window)`.
    public static func span(start: Date, end: Date?, kind: EventKind, severity: EventSeverity) -> (end: Date, grace: TimeInterval) {
        let end = max(end ?? start, start)
        let untilWindow = start.addingTimeInterval(window(kind: kind, severity: severity)).timeIntervalSince(end)
        return (end, max(afterEnd(severity: severity), untilWindow))
    }
}
