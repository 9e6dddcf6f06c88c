import Foundation
import OrderedCollections

/// Posts per day per account and channel, the events live over them, and the posts that collide
/// with an event: counted as drafts stream past (a few integers per account, channel and day),
/// drawn as an SVG chart with a table beside it.
struct HTMLTimeline {
    /// An account and channel: one lane of the chart.
    struct Series: Hashable, Comparable {
        var account: String
        var channel: String

        var label: String { "\(account) · \(channel)" }

        static func < (lhs: Series, rhs: Series) -> Bool { (lhs.account, lhs.channel) < (rhs.account, rhs.channel) }
    }

    static let noAccount = "(no account)"
    static let noChannel = "(no channel)"
    static let others = Series(account: "others", channel: "all channels")

    private(set) var posts: [Series: [Int: Int]] = [:]
    /// Drafts without a publish time, which the chart cannot place.
    private(set) var unscheduled = 0
    private(set) var events: OrderedDictionary<String, EventBand> = [:]
    private(set) var droppedEvents = 0
    /// Posts that collide with an event, by lane and day, with the events' titles.
    private(set) var collisions: [Series: [Int: Set<String>]] = [:]
    let eventLimit: Int

    init(eventLimit: Int) {
        self.eventLimit = eventLimit
    }

    static func series(account: String?, channels: [Channel]) -> [Series] {
        let account = account ?? noAccount
        if channels.isEmpty { return [Series(account: account, channel: noChannel)] }
        return channels.map { Series(account: account, channel: $0.rawValue) }
    }

    static func dayNumber(_ summary: DraftSummary) -> Int? {
        summary.publishAt.map { HTMLDates.dayNumber($0, in: summary.timeZone ?? TimeZone(identifier: "UTC")!) }
    }

    /// Counts a draft on each of its channels, and notes the events live for it.
    mutating func count(_ draft: Draft) {
        let summary = DraftSummary(draft)
        if let day = Self.dayNumber(summary) {
            for series in Self.series(account: summary.account, channels: summary.channels) {
                posts[series, default: [:]][day, default: 0] += 1
            }
        } else {
            unscheduled += 1
        }
        for event in draft.liveEvents { add(EventBand(event)) }
    }

    mutating func add(_ event: EventBand) {
        guard events[event.id] == nil else { return }
        guard events.count < eventLimit else {
            droppedEvents += 1
            return
        }
        events[event.id] = event
    }

    /// Marks the post of an event finding as a collision.
    mutating func collide(_ finding: Finding, with event: EventBand) {
        add(event)
        guard let summary = finding.draft, let day = Self.dayNumber(summary) else { return }
        for series in Self.series(account: summary.account, channels: summary.channels) {
            collisions[series, default: [:]][day, default: []].insert(event.title)
        }
    }

    var isEmpty: Bool { posts.isEmpty }

    // MARK: - Drawing

    /// The lanes to draw: the busiest `limit` series by name, then the rest summed into one.
    func lanes(limit: Int) -> [(series: Series, posts: [Int: Int], collisions: [Int: Set<String>])] {
        var ranked: [(series: Series, total: Int)] = posts.map { entry in (series: entry.key, total: entry.value.values.reduce(0, +)) }
        ranked.sort { lhs, rhs in lhs.total != rhs.total ? lhs.total > rhs.total : lhs.series < rhs.series }
        let shown: [Series] = ranked.prefix(limit).map { $0.series }.sorted()
        var lanes: [(series: Series, posts: [Int: Int], collisions: [Int: Set<String>])] = shown.map { series in
            (series: series, posts: posts[series] ?? [:], collisions: collisions[series] ?? [:])
        }
        if ranked.count > limit {
            var summed: [Int: Int] = [:]
            var hits: [Int: Set<String>] = [:]
            for (series, _) in ranked.dropFirst(limit) {
                for (day, count) in posts[series] ?? [:] { summed[day, default: 0] += count }
                for (day, titles) in collisions[series] ?? [:] { hits[day, default: []].formUnion(titles) }
            }
            lanes.append((series: Self.others, posts: summed, collisions: hits))
        }
        return lanes
    }

    /// The chart as inline SVG, or `nil` when no draft has a publish time.
    func svg(limit: Int) -> String? {
        let lanes = lanes(limit: limit)
        let days = lanes.flatMap { $0.posts.keys }
        guard let firstPost = days.min(), let lastPost = days.max() else { return nil }
        // Events that overlap the posting period widen it by a day or two at most.
        let first = firstPost - 1
        let last = lastPost + 1
        let dayCount = last - first + 1
        let labelWidth = 190.0
        let plotWidth = max(360.0, min(1100.0, Double(dayCount) * 24))
        let dayWidth = plotWidth / Double(dayCount)
        let laneHeight = 46.0
        let top = 34.0
        let width = labelWidth + plotWidth + 12
        let height = top + Double(lanes.count) * laneHeight + 30
        let peak = max(1, lanes.flatMap { $0.posts.values }.max() ?? 1)
        func x(_ day: Double) -> Double { labelWidth + (day - Double(first)) * dayWidth }
        func number(_ value: Double) -> String { String(format: "%.1f", value) }

        var svg = "<svg class=\"timeline\" role=\"img\" aria-labelledby=\"timeline-title timeline-desc\" viewBox=\"0 0 \(number(width)) \(number(height))\" width=\"\(Int(width))\" height=\"\(Int(height))\" xmlns=\"http://www.w3.org/2000/svg\">\n"
        svg += "<title id=\"timeline-title\">Posts per day, \(Markup.text(HTMLDates.day(number: firstPost))) to \(Markup.text(HTMLDates.day(number: lastPost)))</title>\n"
        let collisionCount = lanes.reduce(0) { $0 + $1.collisions.count }
        svg += "<desc id=\"timeline-desc\">One lane per account and channel; bars are posts per day (highest \(peak)); shaded bands are live events (\(events.count)); triangles mark days with a post that collides with an event (\(collisionCount)). The table below has the same numbers.</desc>\n"

        // Event bands behind everything, labelled at the top.
        let bandDays = events.values.compactMap { event -> (EventBand, Double, Double)? in
            let start = Double(event.start.timeIntervalSince1970) / 86_400
            let end = Double(event.end.timeIntervalSince1970) / 86_400
            let clippedStart = max(start, Double(first)), clippedEnd = min(end, Double(last + 1))
            return clippedEnd > clippedStart ? (event, clippedStart, clippedEnd) : nil
        }
        for (index, band) in bandDays.enumerated() {
            let (event, start, end) = band
            let bandClass = "band band-\(HTMLTimeline.severityClass(event.severity))"
            svg += "<g class=\"\(bandClass)\"><title>\(Markup.text(event.label))</title>"
            svg += "<rect x=\"\(number(x(start)))\" y=\"\(number(top - 6))\" width=\"\(number(max(2, (end - start) * dayWidth)))\" height=\"\(number(Double(lanes.count) * laneHeight + 6))\"/>"
            let labelY = 12.0 + Double(index % 2) * 12
            svg += "<text x=\"\(number(x(start) + 3))\" y=\"\(number(labelY))\" class=\"band-label\">\(Markup.text(HTMLTimeline.shortened(event.title)))</text></g>\n"
        }

        // Lanes: a label, a baseline, a bar per day, a triangle per collision.
        for (index, lane) in lanes.enumerated() {
            let laneTop = top + Double(index) * laneHeight
            let floor = laneTop + laneHeight - 8
            svg += "<g class=\"lane\"><text x=\"4\" y=\"\(number(floor - 10))\" class=\"lane-label\">\(Markup.text(HTMLTimeline.shortened(lane.series.label, to: 28)))</text>"
            svg += "<line x1=\"\(number(labelWidth))\" x2=\"\(number(labelWidth + plotWidth))\" y1=\"\(number(floor))\" y2=\"\(number(floor))\" class=\"axis\"/>"
            for (day, count) in lane.posts.sorted(by: { $0.key < $1.key }) {
                let barHeight = max(2, (laneHeight - 16) * Double(count) / Double(peak))
                svg += "<rect class=\"bar\" x=\"\(number(x(Double(day)) + dayWidth * 0.15))\" y=\"\(number(floor - barHeight))\" width=\"\(number(dayWidth * 0.7))\" height=\"\(number(barHeight))\"><title>\(Markup.text("\(lane.series.label): \(count) \(count == 1 ? "post" : "posts") on \(HTMLDates.day(number: day))"))</title></rect>"
            }
            for (day, titles) in lane.collisions.sorted(by: { $0.key < $1.key }) {
                let center = x(Double(day)) + dayWidth / 2
                let tip = laneTop + 4
                svg += "<path class=\"collision\" d=\"M\(number(center - 6)) \(number(tip)) L\(number(center + 6)) \(number(tip)) L\(number(center)) \(number(tip + 10)) Z\"><title>\(Markup.text("\(lane.series.label) on \(HTMLDates.day(number: day)) collides with \(titles.sorted().joined(separator: ", "))"))</title></path>"
            }
            svg += "</g>\n"
        }

        // Date ticks: about eight along the axis.
        let step = max(1, Int((Double(dayCount) / 8).rounded(.up)))
        let axisY = top + Double(lanes.count) * laneHeight + 16
        for day in stride(from: first, through: last, by: step) {
            svg += "<text class=\"tick\" x=\"\(number(x(Double(day)) + dayWidth / 2))\" y=\"\(number(axisY))\" text-anchor=\"middle\">\(HTMLDates.day(number: day).dropFirst(5))</text>"
        }
        return svg + "\n</svg>"
    }

    /// The same numbers as a table: a row per day with posts, a column per lane.
    func table(limit: Int) -> String {
        let lanes = lanes(limit: limit)
        let days = Set(lanes.flatMap { $0.posts.keys }).sorted()
        var html = "<table class=\"numbers\"><caption>Posts per day by account and channel (triangle: collides with an event)</caption><thead><tr><th scope=\"col\">Day</th>"
        for lane in lanes { html += "<th scope=\"col\">\(Markup.text(lane.series.label))</th>" }
        html += "</tr></thead><tbody>"
        for day in days.prefix(400) {
            html += "<tr><th scope=\"row\">\(HTMLDates.day(number: day))</th>"
            for lane in lanes {
                let count = lane.posts[day] ?? 0
                let mark = lane.collisions[day] != nil ? " ▼" : ""
                html += "<td>\(count == 0 ? "" : String(count))\(mark)</td>"
            }
            html += "</tr>"
        }
        html += "</tbody></table>"
        if days.count > 400 { html += "<p class=\"muted\">The first 400 of \(days.count) days are listed.</p>" }
        return html
    }

    static func severityClass(_ eventSeverity: String) -> String {
        switch eventSeverity {
        case "extreme", "severe": "severe"
        case "moderate": "moderate"
        default: "minor"
        }
    }

    static func shortened(_ text: String, to limit: Int = 32) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }
}
