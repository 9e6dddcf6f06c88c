import Foundation

/// A raw field value as a reader found it, with its place in the file.
public struct RawField: Sendable, Hashable {
    public var value: String
    public var range: Range<Int>

    public init(_ value: String, at range: Range<Int>) {
        self.value = value
        self.range = range
    }
}

/// Turns raw field text (front matter, CSV cells, JSON values) into `DraftMetadata`, reporting what
/// cannot be understood as problems at the field's place. Shared by every reader.
///
/// A class: it keeps a cache, so a reader keeps one per thread, and handing it to each row costs
/// one reference count rather than one per setting.
public final class MetadataParser {
    let defaults: DraftDefaults
    let schedule: ScheduleMapping
    private let formatter: DateFormatter?
    /// Schedules repeat the same few channel, region and zone values on every row: parse each once.
    private let cache = Cache()

    private final class Cache {
        // A parser, and so its cache, belongs to one thread; the run-time checks of exclusive
        // access, made on every row for each of these, find nothing to catch.
        @exclusivity(unchecked) var channels: [String: [Channel]] = [:]
        @exclusivity(unchecked) var regions: [String: [Region]] = [:]
        @exclusivity(unchecked) var zones: [String: TimeZone] = [:]
        @exclusivity(unchecked) var offsetZones: [Int: TimeZone] = [:]
    }

    public init(options: ReaderOptions) {
        defaults = options.defaults
        schedule = options.schedule
        if let format = options.schedule.dateFormat {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.dateFormat = format
            formatter.isLenient = false
            self.formatter = formatter
        } else {
            formatter = nil
        }
    }

    /// The raw values of one draft, by field; list fields may hold several values.
    public struct Fields: Sendable {
        public var publishAt: RawField?
        public var timeZone: RawField?
        public var channels: [RawField] {
            get { channelList.values }
            set { channelList = RawList(newValue) }
        }
        public var account: RawField?
        public var regions: [RawField] {
            get { regionList.values }
            set { regionList = RawList(newValue) }
        }
        public var title: RawField?
        public var link: RawField?
        /// `channels` and `regions` as they are kept: a schedule row's single cell without an array.
        var channelList = RawList.many([])
        var regionList = RawList.many([])

        public init() {}
    }

    /// The raw values of a list field: most often one cell, kept without an array.
    enum RawList: Sendable {
        case one(RawField)
        case many([RawField])

        init(_ values: [RawField]) {
            self = values.count == 1 ? .one(values[0]) : .many(values)
        }

        var values: [RawField] {
            switch self {
            case .one(let value): [value]
            case .many(let values): values
            }
        }

        /// The value when there is exactly one.
        var single: RawField? {
            if case .one(let value) = self { return value }
            return nil
        }

        var isEmpty: Bool {
            if case .many(let values) = self { return values.isEmpty }
            return false
        }
    }

    /// Parses the fields, filling gaps from the defaults.
    public func parse(_ fields: Fields, into metadata: inout DraftMetadata, problems: inout [InputProblem]) {
        var zone = schedule.timeZone ?? defaults.timeZone
        if let raw = fields.timeZone, !raw.value.trimmingSpaces.isEmpty {
            if let parsed = cache.zones[raw.value] ?? TimeZones.named(raw.value) {
                cache.zones[raw.value] = parsed
                zone = parsed
            } else {
                problems.append(InputProblem("unknown time zone '\(raw.value)'; use an IANA name such as America/New_York", at: raw.range))
            }
        }
        metadata.timeZone = zone
        if let raw = fields.publishAt, !raw.value.trimmingSpaces.isEmpty {
            var offset: Int?
            metadata.publishAt = parseDate(raw, zone: zone, problems: &problems, offset: &offset)
            // A time written with its own offset keeps that offset for display when no zone is set.
            if metadata.timeZone == nil, let offset {
                if let known = cache.offsetZones[offset] {
                    metadata.timeZone = known
                } else {
                    metadata.timeZone = TimeZone(secondsFromGMT: offset)
                    cache.offsetZones[offset] = metadata.timeZone
                }
            }
        }

        var channels: [Channel] = []
        if let single = fields.channelList.single, let known = cache.channels[single.value] {
            channels = known
        } else {
            channels = parseChannels(fields.channels, problems: &problems)
        }
        metadata.channels = channels.isEmpty ? defaults.channels : channels

        var regions: [Region] = []
        var wroteRegions = !fields.regionList.isEmpty
        if let single = fields.regionList.single, let known = cache.regions[single.value] {
            regions = known
        } else {
            (regions, wroteRegions) = parseRegions(fields.regions, problems: &problems)
        }
        if regions.isEmpty, !wroteRegions {
            metadata.regions = defaults.regions
            metadata.regionsFromDefaults = !defaults.regions.isEmpty
        } else {
            metadata.regions = regions
        }

        if let account = fields.account?.value.trimmingSpaces, !account.isEmpty {
            metadata.account = account.hasPrefix("@") ? String(account.dropFirst()) : account
        } else {
            metadata.account = defaults.account
        }
        if let title = fields.title?.value, !title.isEmpty { metadata.title = title }
        if let link = fields.link?.value.trimmingSpaces, !link.isEmpty { metadata.link = link }
    }

    private func parseChannels(_ fields: [RawField], problems: inout [InputProblem]) -> [Channel] {
        var channels: [Channel] = []
        let before = problems.count
        for raw in fields {
            for (name, range) in MetadataParser.listItems(raw) {
                if let channel = Channel(name: name) {
                    if !channels.contains(channel) { channels.append(channel) }
                } else {
                    var message = "unknown channel '\(name)'"
                    if let guess = Spelling.closest(to: name.lowercased(), among: Channel.allCases.map(\.rawValue))
                        ?? Spelling.closest(to: name.lowercased(), among: Array(Channel.aliases.keys)) {
                        message += "; did you mean '\(guess)'?"
                    } else {
                        message += "; expected one of \(Channel.acceptedNames)"
                    }
                    problems.append(InputProblem(message, at: range))
                }
            }
        }
        if fields.count == 1, problems.count == before { cache.channels[fields[0].value] = channels }
        return channels
    }

    private func parseRegions(_ fields: [RawField], problems: inout [InputProblem]) -> ([Region], wrote: Bool) {
        var regions: [Region] = []
        var wroteRegions = false
        let before = problems.count
        for raw in fields {
            for (code, range) in MetadataParser.listItems(raw) {
                wroteRegions = true
                if let region = Region(code: code) {
                    if !regions.contains(region) { regions.append(region) }
                } else {
                    problems.append(InputProblem("unknown region '\(code)'; expected an ISO 3166-1 alpha-2 code (US), an ISO 3166-2 code (US-NY) or GLOBAL", at: range))
                }
            }
        }
        if fields.count == 1, problems.count == before, wroteRegions { cache.regions[fields[0].value] = regions }
        return (regions, wroteRegions)
    }

    func parseDate(_ raw: RawField, zone: TimeZone?, problems: inout [InputProblem]) -> Date? {
        var offset: Int?
        return parseDate(raw, zone: zone, problems: &problems, offset: &offset)
    }

    /// Parses a publish time; `offset` receives the UTC offset the text itself carries, if any.
    func parseDate(_ raw: RawField, zone: TimeZone?, problems: inout [InputProblem], offset: inout Int?) -> Date? {
        let text = raw.value.trimmingSpaces
        switch ISO8601.parse(text) {
        case .instant(let date, let written):
            offset = written
            return date
        case .local(let fields):
            if let zone { return fields.date(in: zone) }
            // A date alone (a blog's `date: 2024-12-05`) names a day, not an instant: no warning.
            guard fields.hasTime else { return fields.date(in: TimeZone(identifier: "UTC")!) }
            problems.append(InputProblem("publish time '\(text)' has no UTC offset and no time zone is set; read as UTC (add an offset, a timezone column, or timezone: in .gaffe.yml)", at: raw.range, severity: .warning))
            return fields.date(in: TimeZone(identifier: "UTC")!)
        case nil:
            break
        }
        if let formatter {
            formatter.timeZone = zone ?? TimeZone(identifier: "UTC")
            if let date = formatter.date(from: text) { return date }
            problems.append(InputProblem("cannot read publish time '\(text)' as \(formatter.dateFormat ?? "") or ISO 8601", at: raw.range))
            return nil
        }
        problems.append(InputProblem("cannot read publish time '\(text)'; write ISO 8601 such as 2026-03-01T09:30:00-05:00, or set schedule.date_format in .gaffe.yml", at: raw.range))
        return nil
    }

    /// Splits a list cell on `;`, `|`, `,` or white space, with each item's file range when the
    /// value was copied verbatim (its range is as long as its text), else the whole field's range.
    public static func listItems(_ raw: RawField) -> [(String, Range<Int>)] {
        let bytes = Array(raw.value.utf8)
        let verbatim = bytes.count == raw.range.count
        var items: [(String, Range<Int>)] = []
        var start: Int?
        func flush(_ end: Int) {
            guard let begin = start else { return }
            let text = String(decoding: bytes[begin..<end], as: UTF8.self)
            let range = verbatim ? (raw.range.lowerBound + begin)..<(raw.range.lowerBound + end) : raw.range
            items.append((text, range))
            start = nil
        }
        for (index, byte) in bytes.enumerated() {
            if byte == 0x3B || byte == 0x7C || byte == 0x2C || byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                flush(index)
            } else if start == nil {
                start = index
            }
        }
        flush(bytes.count)
        return items
    }
}
