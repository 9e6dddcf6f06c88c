import Foundation
import Testing
@testable import GaffeKit

/// The two ways of finding the earliest time a post fits a limit agree with each other and with a
/// brute force over the definition: no window `(s − W, s]` may hold more than M posts.
struct SlotSearchTests {
    /// The property tests' deterministic generator, so failures reproduce.
    typealias Generator = PositionPropertyTests.Generator

    /// Whether one more post at `time` keeps every window holding it within `limit`.
    static func fits(_ time: Double, others: [Double], limit: WindowLimit) -> Bool {
        let ends = [time] + others.filter { $0 >= time && $0 < time + limit.within }
        return ends.allSatisfy { end in
            others.filter { $0 > end - limit.within && $0 <= end }.count + 1 <= limit.posts
        }
    }

    /// The earliest fitting time at or after `start`: `start` itself or the end of some other
    /// post's window.
    static func bruteForce(from start: Double, others: [Double], limit: WindowLimit) -> Double {
        let candidates = ([start] + others.map { $0 + limit.within }).filter { $0 >= start }.sorted()
        return candidates.first { fits($0, others: others, limit: limit) }!
    }

    @Test func staticAndDynamicSearchesMatchTheDefinition() {
        var random = Generator(state: 42)
        for round in 0..<3000 {
            let count = Int.random(in: 1...30, using: &random)
            let span = Double(Int.random(in: 5...300, using: &random))
            let times = (0..<count).map { _ in Double(Int.random(in: 0...Int(span), using: &random)) }.sorted()
            let limit = WindowLimit(id: "test", kind: .norm, posts: Int.random(in: 1...4, using: &random),
                                    within: Double(Int.random(in: 1...60, using: &random)))
            let position = Int.random(in: 0..<count, using: &random)
            var others = times
            others.remove(at: position)
            let expected = Self.bruteForce(from: times[position], others: others, limit: limit)

            let windows = SaturatedWindows(times: times, limit: limit)
            let fixed = SlotSearch.earliest(from: times[position], constraints: [{ windows.earliestAllowed(from: $0, position: position) }])
            #expect(fixed == expected, "round \(round): static search gave \(String(describing: fixed)), expected \(expected) for \(times) p=\(position) \(limit.posts) in \(limit.within)")

            let placed = PlacedPosts(others)
            let dynamic = SlotSearch.earliest(from: times[position], constraints: [{ placed.earliestAllowed(from: $0, limit: limit) }])
            #expect(dynamic == expected, "round \(round): dynamic search gave \(String(describing: dynamic)), expected \(expected)")
            if fixed != expected || dynamic != expected { return }
        }
    }

    @Test func windowsAreHalfOpen() {
        // At least 10 minutes apart: 09:00 and 09:10 share no window.
        let spacing = WindowLimit(id: "spacing", kind: .norm, posts: 1, within: 600)
        let placed = PlacedPosts([0])
        #expect(placed.earliestAllowed(from: 300, limit: spacing) == 600)
        #expect(placed.earliestAllowed(from: 600, limit: spacing) == 600)
        // A post before the others must leave room after it too.
        #expect(PlacedPosts([1000]).earliestAllowed(from: 500, limit: spacing) == 1600)
    }

    @Test func theFixpointCombinesConstraintsAndGivesUp() {
        let everyHour: (Double) -> Double? = { ($0 / 3600).rounded(.up) * 3600 }
        let afterTen: (Double) -> Double? = { max($0, 36_000) }
        #expect(SlotSearch.earliest(from: 100, constraints: [everyHour, afterTen]) == 36_000)
        #expect(SlotSearch.earliest(from: 100, constraints: [everyHour, { _ in nil }]) == nil)
        // Two constraints that never agree stop after the step limit.
        #expect(SlotSearch.earliest(from: 0, constraints: [{ $0 + 1 }], maxSteps: 50) == nil)
    }

    @Test func slidingCountsMatchBruteForce() {
        var random = Generator(state: 7)
        for _ in 0..<300 {
            let count = Int.random(in: 1...40, using: &random)
            let draftTimes = (0..<count).map { _ in Double(Int.random(in: 0...500, using: &random)) }.sorted()
            let replies = draftTimes.map { _ in Bool.random(using: &random) }
            let history = (0..<Int.random(in: 0...10, using: &random)).map { _ in Double(Int.random(in: 0...500, using: &random)) }.sorted()
            let limits = [WindowLimit(id: "a", kind: .norm, posts: Int.random(in: 1...3, using: &random), within: 60),
                          WindowLimit(id: "b", kind: .limit, posts: 2, within: 120, counts: .replies)]
            let location = SourceLocation(path: "h", byteRange: 0..<0, start: .init(line: 1, column: 1), end: .init(line: 1, column: 1))
            let past = history.map { HistoryPost(publishedAt: Date(timeIntervalSince1970: $0), account: nil, channel: nil, isReply: false,
                                                 text: nil, location: location) }
            let timeline = GroupTimeline(account: nil, channel: nil, limits: limits, drafts: Array(zip(draftTimes, replies)).map { ($0, $1) },
                                         history: past, historyIndices: Array(past.indices))
            let found = timeline.violations()
            for (index, time) in draftTimes.enumerated() {
                for (limitIndex, limit) in limits.enumerated() {
                    guard limit.counts.includes(reply: replies[index]) else { continue }
                    // Posts up to and including this draft in timeline order (history first on ties).
                    let earlierDrafts = draftTimes.indices.filter { $0 <= index && draftTimes[$0] > time - limit.within && limit.counts.includes(reply: replies[$0]) }
                    let earlierHistory = limit.counts == .replies ? [] : history.filter { $0 > time - limit.within && $0 <= time }
                    let expected = earlierDrafts.count + earlierHistory.count
                    let reported = found[index]?.first { $0.limitIndex == limitIndex }
                    if expected > limit.posts {
                        #expect(reported?.count == expected, "draft \(index) at \(time), limit \(limit.id): expected \(expected)")
                    } else {
                        #expect(reported == nil, "draft \(index) at \(time), limit \(limit.id): \(expected) is within \(limit.posts)")
                    }
                }
            }
        }
    }
}
