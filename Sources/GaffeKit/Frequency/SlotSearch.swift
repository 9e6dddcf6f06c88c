import Foundation

/// Finding the earliest time a post can move to.
///
/// For one `WindowLimit` of `posts` = M in `within` = W and the other posts' sorted times t, a new
/// post at T breaks the limit exactly when some M consecutive others span less than W and T lies in
/// their *forbidden interval* `(t[j+M−1] − W, t[j] + W)`: then a window of length W holds them and
/// T. So the times a post may take are those outside every such interval, and the earliest one at
/// or after a start is found by jumping to interval ends. Two implementations share this: a static
/// one over a fixed set of posts, answering in O(log n) per query (the `posting-frequency` rule's
/// suggestion for each flagged draft, with the draft itself left out), and a dynamic one over posts
/// placed one by one (`gaffe reschedule`).
public enum SlotSearch {
    /// The least time at or after `start` that every constraint allows.
    ///
    /// Each constraint maps a time to the earliest time at or after it that it allows (or `nil`
    /// for never); all are monotone, so applying them in turn until none moves the time finds the
    /// least common one. `nil` when there is none at or before `bound`.
    public static func earliest(from start: Double, constraints: [(Double) -> Double?], upTo bound: Double = .infinity,
                                maxSteps: Int = 100_000) -> Double? {
        var time = start
        var steps = 0
        while true {
            var moved = false
            for constraint in constraints {
                guard let allowed = constraint(time), allowed <= bound else { return nil }
                if allowed > time {
                    time = allowed
                    moved = true
                }
            }
            if !moved { return time }
            steps += 1
            if steps >= maxSteps { return nil }
        }
    }
}

/// The saturated stretches of one limit over a fixed, sorted set of post times, prepared once to
/// answer "the earliest time at or after S at which the post at position p could be, with p itself
/// left out" in O(log n) (plus O(M) when p sits inside a full window).
struct SaturatedWindows {
    let times: [Double]
    let size: Int
    let window: Double
    /// Starts j of the blocks of `size` consecutive posts spanning less than the window.
    private let blocks: [Int32]
    /// For `blocks[k]`: the end of the run of overlapping forbidden intervals that starts at it.
    private let reach: [Double]

    init(times: [Double], limit: WindowLimit) {
        self.times = times
        size = limit.posts
        window = limit.within
        var blocks: [Int32] = []
        if size <= times.count {
            for j in 0...(times.count - size) where times[j + size - 1] - times[j] < window { blocks.append(Int32(j)) }
        }
        var reach = [Double](repeating: 0, count: blocks.count)
        var k = blocks.count - 1
        while k >= 0 {
            let end = times[Int(blocks[k])] + window
            if k + 1 < blocks.count, times[Int(blocks[k + 1]) + size - 1] - window < end {
                reach[k] = max(end, reach[k + 1])
            } else {
                reach[k] = end
            }
            k -= 1
        }
        self.blocks = blocks
        self.reach = reach
    }

    /// Whether no window is full: every time is allowed.
    var isEmpty: Bool { blocks.isEmpty }

    /// The earliest time at or after `start` (which is at least `times[position]`) at which the post
    /// at `position` fits this limit among the others.
    func earliestAllowed(from start: Double, position p: Int) -> Double {
        guard !blocks.isEmpty else { return start }
        var time = start
        while true {
            let before = time
            // Blocks wholly before p: their intervals reach at most to times[j] + W.
            if p - size >= 0, let k = lastBlock(atMost: p - size) {
                time = max(time, times[Int(blocks[k])] + window)
            }
            // Blocks of others that bridge p's place: M + 1 posts around p, p left out.
            if let k = firstBlock(atLeast: p - size + 1), Int(blocks[k]) <= p {
                var j = max(0, p - size + 1)
                while j <= p - 1, j + size < times.count {
                    let end = times[j] + window
                    if times[j + size] - times[j] < window, times[j + size] - window < time, time < end { time = end }
                    j += 1
                }
            }
            // Blocks wholly after p: the first whose interval ends after the time, and its run.
            if let first = firstBlock(atLeast: p + 1) {
                var low = first
                var high = blocks.count
                while low < high {
                    let mid = (low + high) / 2
                    if times[Int(blocks[mid])] + window > time { high = mid } else { low = mid + 1 }
                }
                if low < blocks.count, times[Int(blocks[low]) + size - 1] - window < time { time = reach[low] }
            }
            if time == before { return time }
        }
    }

    private func firstBlock(atLeast index: Int) -> Int? {
        var low = 0
        var high = blocks.count
        while low < high {
            let mid = (low + high) / 2
            if Int(blocks[mid]) >= index { high = mid } else { low = mid + 1 }
        }
        return low < blocks.count ? low : nil
    }

    private func lastBlock(atMost index: Int) -> Int? {
        guard let next = firstBlock(atLeast: index + 1) else { return blocks.isEmpty ? nil : blocks.count - 1 }
        return next > 0 ? next - 1 : nil
    }
}

/// Posts placed one by one, kept sorted, for `gaffe reschedule`: whether one more post fits a
/// limit at a time, and if not, the earliest time it might.
struct PlacedPosts {
    private(set) var times: [Double] = []

    init(_ times: [Double] = []) {
        self.times = times.sorted()
    }

    mutating func insert(_ time: Double) {
        times.insert(time, at: upperBound(time))
    }

    /// The earliest time at or after `time` at which one more post fits `limit`, looking only at
    /// the posts near it (this is called again until no constraint moves the time).
    func earliestAllowed(from time: Double, limit: WindowLimit) -> Double {
        let size = limit.posts
        let window = limit.within
        let low = upperBound(time - window)
        let high = lowerBound(time + window)
        guard high - low >= size else { return time }
        var j = low
        while j + size - 1 < high {
            if times[j + size - 1] - times[j] < window, times[j + size - 1] - window < time, time < times[j] + window {
                return times[j] + window
            }
            j += 1
        }
        return time
    }

    /// How many posts lie in `(from, to]`.
    func count(after from: Double, upTo to: Double) -> Int {
        upperBound(to) - upperBound(from)
    }

    /// The first index whose time is greater than `time`.
    func upperBound(_ time: Double) -> Int {
        var low = 0
        var high = times.count
        while low < high {
            let mid = (low + high) / 2
            if times[mid] <= time { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The first index whose time is at least `time`.
    func lowerBound(_ time: Double) -> Int {
        var low = 0
        var high = times.count
        while low < high {
            let mid = (low + high) / 2
            if times[mid] < time { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
