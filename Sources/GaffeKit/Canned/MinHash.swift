import Foundation

/// A MinHash signature of a set of shingles in 128 bytes: for each of 128 hash permutations, the
/// lowest 8 bits of the smallest hash value in the set ("b-bit minwise hashing", Li and König,
/// 2010). Two signatures agree at a position with probability J + (1 − J)/256, where J is the
/// Jaccard similarity of the two sets, so the share of agreeing bytes estimates J; the same bytes,
/// taken `rows` at a time, are the keys of locality-sensitive banding.
///
/// Kept inline (sixteen words, no heap storage), so a batch of a million drafts costs 128 bytes a
/// draft.
public struct MinHashSignature: Sendable, Equatable {
    /// The number of permutations (bytes) of a signature.
    public static let permutations = 128

    private var words: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                        UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)

    init(bytes: UnsafeBufferPointer<UInt8>) {
        precondition(bytes.count == MinHashSignature.permutations)
        words = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &words) { storage in
            storage.copyMemory(from: UnsafeRawBufferPointer(bytes))
        }
    }

    public static func == (lhs: MinHashSignature, rhs: MinHashSignature) -> Bool {
        lhs.matchingPositions(rhs) == permutations
    }

    /// The signature's bytes.
    public var bytes: [UInt8] {
        withUnsafeBytes(of: words) { Array($0) }
    }

    /// How many of the 128 positions hold the same byte in both signatures.
    @inline(__always)
    public func matchingPositions(_ other: MinHashSignature) -> Int {
        withUnsafeBytes(of: words) { left in
            withUnsafeBytes(of: other.words) { right in
                let lhs = left.bindMemory(to: UInt64.self)
                let rhs = right.bindMemory(to: UInt64.self)
                var differing = 0
                for index in 0..<16 {
                    let difference = lhs[index] ^ rhs[index]
                    // The high bit of each byte is set when the byte is not zero.
                    let low = 0x7F7F_7F7F_7F7F_7F7F as UInt64
                    let nonZero = ((difference & low) &+ low | difference) & ~low
                    differing += nonZero.nonzeroBitCount
                }
                return MinHashSignature.permutations - differing
            }
        }
    }

    /// The estimated Jaccard similarity of the two shingle sets, corrected for the 1 in 256
    /// chance that two different minima share their low byte; 1.0 only when every byte agrees.
    public func similarity(to other: MinHashSignature) -> Double {
        let matching = matchingPositions(other)
        if matching == MinHashSignature.permutations { return 1 }
        let agreement = Double(matching) / Double(MinHashSignature.permutations)
        let chance = 1.0 / 256
        return max(0, min(1, (agreement - chance) / (1 - chance)))
    }

    /// A 64-bit key for the bytes `band * rows ..< (band + 1) * rows`: drafts that share a band
    /// key are candidates for a comparison.
    @inline(__always)
    public func bandKey(_ band: Int, rows: Int) -> UInt64 {
        withUnsafeBytes(of: words) { raw in
            var state = UInt64(truncatingIfNeeded: band) &* 0x9E37_79B9_7F4A_7C15
            var index = band * rows
            let end = index + rows
            while index < end {
                var word: UInt64 = 0
                var shift: UInt64 = 0
                while index < end, shift < 64 {
                    word |= UInt64(raw[index]) << shift
                    shift += 8
                    index += 1
                }
                state = StableHash.mix(state ^ word)
            }
            return state
        }
    }
}

/// Computes MinHash signatures of text: the text's shingles (every run of `shingleSize` bytes of
/// the normalized text) hashed once each to 32 bits, spread by the MurmurHash3 finalizer, then
/// put through 128 permutations `a·h + b mod 2³²` with random odd `a` (a bijection, so the
/// permutations cannot collide values). This is the "affine32" scheme of the datasketch library
/// (2.0), so given the same shingle hash and constants, datasketch computes the same minima; the
/// benchmark uses that to compare the two pipelines (docs/PERFORMANCE.md). The constants come
/// from a fixed seed, so signatures are the same in every run.
public struct MinHasher: Sendable {
    /// Bytes per shingle.
    public let shingleSize: Int
    /// The permutations' multipliers (odd) and addends.
    let multipliers: [UInt32]
    let addends: [UInt32]

    /// - Parameter shingleSize: 1 to 8 bytes.
    public init(shingleSize: Int = 5, seed: UInt64 = 0x6761_6666_652D_6D68) {
        precondition((1...8).contains(shingleSize))
        self.shingleSize = shingleSize
        var state = seed
        var multipliers: [UInt32] = []
        var addends: [UInt32] = []
        for _ in 0..<MinHashSignature.permutations {
            state = StableHash.mix(state)
            multipliers.append(UInt32(truncatingIfNeeded: state >> 32) | 1)
            state = StableHash.mix(state)
            addends.append(UInt32(truncatingIfNeeded: state >> 32))
        }
        self.multipliers = multipliers
        self.addends = addends
    }

    /// The 32-bit hash of a shingle packed big-endian into the low bytes of a word.
    @inline(__always)
    static func shingleHash(_ window: UInt64, size: Int) -> UInt32 {
        UInt32(truncatingIfNeeded: StableHash.mix(window ^ UInt64(size) << 60) >> 32)
    }

    /// The MurmurHash3 32-bit finalizer: a bijection that spreads every input bit.
    @inline(__always)
    static func finalize(_ value: UInt32) -> UInt32 {
        var h = value
        h ^= h >> 16
        h = h &* 0x85EB_CA6B
        h ^= h >> 13
        h = h &* 0xC2B2_AE35
        return h ^ (h >> 16)
    }

    /// The shingles of normalized text as 32-bit hashes, in order (repeats included; a minimum
    /// does not care). Text shorter than a shingle is one shingle; empty text has none.
    func shingleHashes(_ text: UnsafeBufferPointer<UInt8>, into hashes: inout [UInt32]) {
        hashes.removeAll(keepingCapacity: true)
        guard !text.isEmpty else { return }
        let size = min(shingleSize, text.count)
        let mask: UInt64 = size == 8 ? .max : (1 << (8 * UInt64(size))) - 1
        var window: UInt64 = 0
        for (index, byte) in text.enumerated() {
            window = (window << 8 | UInt64(byte)) & mask
            if index + 1 >= size { hashes.append(MinHasher.shingleHash(window, size: size)) }
        }
    }

    /// The signature of a set of 32-bit shingle hashes; `nil` for an empty set.
    func signature(ofShingles shingles: [UInt32]) -> MinHashSignature? {
        guard !shingles.isEmpty else { return nil }
        return minima(ofShingles: shingles).withUnsafeBufferPointer { minima in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: MinHashSignature.permutations) { bytes in
                for index in 0..<MinHashSignature.permutations { bytes[index] = UInt8(truncatingIfNeeded: minima[index]) }
                return MinHashSignature(bytes: UnsafeBufferPointer(bytes))
            }
        }
    }

    /// The full 32-bit minimum of every permutation over a set of shingle hashes.
    func minima(ofShingles shingles: [UInt32]) -> [UInt32] {
        var minima = [UInt32](repeating: .max, count: MinHashSignature.permutations)
        minima.withUnsafeMutableBufferPointer { minima in
            multipliers.withUnsafeBufferPointer { a in
                addends.withUnsafeBufferPointer { b in
                    for shingle in shingles {
                        let h = MinHasher.finalize(shingle)
                        for index in 0..<MinHashSignature.permutations {
                            minima[index] = min(minima[index], a[index] &* h &+ b[index])
                        }
                    }
                }
            }
        }
        return minima
    }
}

/// How a signature is cut into bands for locality-sensitive hashing: `bands` keys of `rows`
/// bytes each. Two sets of similarity `s` share at least one band key with probability
/// `1 − (1 − s^rows)^bands`.
public struct LSHBands: Sendable, Hashable {
    public let bands: Int
    public let rows: Int

    public init(bands: Int, rows: Int) {
        self.bands = bands
        self.rows = rows
    }

    /// The probability that two sets of similarity `similarity` become candidates.
    public func candidateProbability(_ similarity: Double) -> Double {
        1 - pow(1 - pow(similarity, Double(rows)), Double(bands))
    }

    /// The bands that minimize the weighted probability mass of false positives (pairs below the
    /// threshold that become candidates) and false negatives (pairs at or above it that do not),
    /// over all `bands × rows ≤ permutations`: the criterion of the datasketch library's
    /// `MinHashLSH`. Candidates are verified against the signatures before anything is reported,
    /// so Gaffe weighs a missed duplicate nine times a spurious candidate.
    public static func optimal(threshold: Double, permutations: Int = MinHashSignature.permutations,
                               falsePositiveWeight: Double = 0.1, falseNegativeWeight: Double = 0.9) -> LSHBands {
        var best = LSHBands(bands: 1, rows: permutations)
        var bestError = Double.infinity
        for bands in 1...permutations {
            for rows in 1...(permutations / bands) {
                let candidate = LSHBands(bands: bands, rows: rows)
                let falsePositives = integrate(from: 0, to: threshold) { candidate.candidateProbability($0) }
                let falseNegatives = integrate(from: threshold, to: 1) { 1 - candidate.candidateProbability($0) }
                let error = falsePositiveWeight * falsePositives + falseNegativeWeight * falseNegatives
                if error < bestError {
                    bestError = error
                    best = candidate
                }
            }
        }
        return best
    }

    /// Simpson's rule with 200 intervals: plenty for these smooth curves.
    private static func integrate(from lower: Double, to upper: Double, _ function: (Double) -> Double) -> Double {
        guard upper > lower else { return 0 }
        let intervals = 200
        let step = (upper - lower) / Double(intervals)
        var sum = function(lower) + function(upper)
        for index in 1..<intervals {
            sum += function(lower + Double(index) * step) * (index % 2 == 1 ? 4 : 2)
        }
        return sum * step / 3
    }
}
