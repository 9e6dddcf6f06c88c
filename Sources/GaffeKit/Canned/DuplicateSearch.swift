import Foundation

/// Finds, for every draft of a scope (the drafts of one channel in publish order), the most
/// recent earlier draft within a time window whose estimated similarity reaches a threshold,
/// without comparing every pair: locality-sensitive hashing over MinHash signatures.
///
/// For each band, the drafts are sorted by their band key; drafts that share a key are
/// candidates, and each draft looks back through the earlier drafts of its bucket, newest first,
/// until it finds a match from its own account, reaches a draft no newer than the match another
/// band already found, leaves the window, or has checked `maximumChecks` drafts. A draft with no
/// match from its own account keeps the most recent match from another account. The cost is
/// `bands × n log n` for the sorting plus the candidates checked: near-identical drafts stop at
/// the first (most recent) one, so the run grows about linearly with the batch.
struct DuplicateSearch {
    /// What the search knows of one draft.
    struct Item {
        var signature: MinHashSignature
        /// Seconds since the reference date of the run (any origin works).
        var time: Double
        /// The draft's account, numbered.
        var account: Int32
        /// A hash of the draft's exact text.
        var textHash: UInt64
        /// Whether its own matches are wanted; an item that is not is still a candidate for later
        /// ones (a batch checked a stretch at a time holds earlier drafts for that alone).
        var isSought = true
    }

    /// An earlier draft that matches.
    struct Match: Equatable {
        /// The earlier draft's index in the scope.
        var earlier: Int
        var similarity: Double
        /// The two texts are the same.
        var isExact: Bool
    }

    /// The most recent matches of one draft: from the same account, and from another.
    struct Result: Equatable {
        var sameAccount: Match?
        var otherAccount: Match?
    }

    var bands: LSHBands
    var threshold: Double
    var window: TimeInterval
    var acrossAccounts: Bool
    /// Earlier drafts a draft checks per band at most (a bound on pathological buckets).
    var maximumChecks = 64

    /// The most recent matches of every item; `items` must be in publish order.
    func run(_ items: [Item]) -> [Result] {
        var comparisons = 0
        return run(items, comparisons: &comparisons)
    }

    /// The most recent matches of every item, counting the signature comparisons made.
    func run(_ items: [Item], comparisons: inout Int) -> [Result] {
        var results = [Result](repeating: Result(), count: items.count)
        guard items.count > 1 else { return results }
        var keys = [UInt64](repeating: 0, count: items.count)
        for band in 0..<bands.bands {
            for (index, item) in items.enumerated() {
                keys[index] = item.signature.bandKey(band, rows: bands.rows) & 0xFFFF_FFFF_0000_0000 | UInt64(index)
            }
            keys.sort()
            var runStart = 0
            while runStart < keys.count {
                let bucket = keys[runStart] >> 32
                var runEnd = runStart + 1
                while runEnd < keys.count, keys[runEnd] >> 32 == bucket { runEnd += 1 }
                if runEnd - runStart > 1 {
                    search(keys, runStart..<runEnd, items, &results, &comparisons)
                }
                runStart = runEnd
            }
        }
        return results
    }

    /// Looks back through one bucket for each of its drafts.
    private func search(_ keys: [UInt64], _ run: Range<Int>, _ items: [Item], _ results: inout [Result], _ comparisons: inout Int) {
        for position in (run.lowerBound + 1)..<run.upperBound {
            let later = Int(keys[position] & 0xFFFF_FFFF)
            let item = items[later]
            guard item.isSought else { continue }
            // Nothing at or before a match from the same account can be more recent.
            let floor = results[later].sameAccount?.earlier ?? -1
            var checks = 0
            var back = position - 1
            while back >= run.lowerBound {
                let earlier = Int(keys[back] & 0xFFFF_FFFF)
                back -= 1
                if earlier <= floor { break }
                let candidate = items[earlier]
                if item.time - candidate.time > window { break }
                checks += 1
                if checks > maximumChecks { break }
                let sameAccount = candidate.account == item.account
                if !sameAccount {
                    guard acrossAccounts, earlier > results[later].otherAccount?.earlier ?? -1 else { continue }
                }
                comparisons += 1
                let similarity = item.signature.similarity(to: candidate.signature)
                guard similarity >= threshold else { continue }
                let match = Match(earlier: earlier, similarity: similarity, isExact: candidate.textHash == item.textHash)
                if sameAccount {
                    results[later].sameAccount = match
                    break
                }
                results[later].otherAccount = match
            }
        }
    }
}
