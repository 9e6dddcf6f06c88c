/// A value for each `DraftField`, stored inline: no array on the heap for every draft or row.
///
/// (Swift's `InlineArray` would do, but it needs macOS 26; Gaffe builds for macOS 13.)
struct FieldSlots<Element> {
    private var text: Element
    private var title: Element
    private var description: Element
    private var publishAt: Element
    private var channel: Element
    private var account: Element
    private var regions: Element
    private var timezone: Element
    private var link: Element
    private var record: Element

    init(repeating value: Element) {
        text = value
        title = value
        description = value
        publishAt = value
        channel = value
        account = value
        regions = value
        timezone = value
        link = value
        record = value
    }

    subscript(field: DraftField) -> Element {
        get {
            switch field {
            case .text: text
            case .title: title
            case .description: description
            case .publishAt: publishAt
            case .channel: channel
            case .account: account
            case .regions: regions
            case .timezone: timezone
            case .link: link
            case .record: record
            }
        }
        set {
            switch field {
            case .text: text = newValue
            case .title: title = newValue
            case .description: description = newValue
            case .publishAt: publishAt = newValue
            case .channel: channel = newValue
            case .account: account = newValue
            case .regions: regions = newValue
            case .timezone: timezone = newValue
            case .link: link = newValue
            case .record: record = newValue
            }
        }
    }
}

extension FieldSlots: Sendable where Element: Sendable {}

extension FieldSlots: Equatable where Element: Equatable {}

extension FieldSlots: Hashable where Element: Hashable {}
