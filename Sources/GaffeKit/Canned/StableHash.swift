/// Hashes that are the same in every run and on every machine (unlike `Hasher`, which is seeded
/// per process), for keys batch rules compare within a run and for test expectations.
enum StableHash {
    /// The SplitMix64 finalizer: a bijection on 64-bit values that spreads every input bit over
    /// the whole output.
    @inline(__always)
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A 64-bit hash of bytes, eight at a time.
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>, seed: UInt64 = 0) -> UInt64 {
        var state = mix(seed ^ UInt64(bytes.count))
        var index = 0
        while index + 8 <= bytes.count {
            var word: UInt64 = 0
            for offset in 0..<8 { word |= UInt64(bytes[index + offset]) << (8 * offset) }
            state = mix(state ^ word)
            index += 8
        }
        if index < bytes.count {
            var word: UInt64 = 0
            for offset in 0..<(bytes.count - index) { word |= UInt64(bytes[index + offset]) << (8 * offset) }
            state = mix(state ^ word ^ 0xFF)
        }
        return state
    }

    /// A 64-bit hash of a byte array.
    static func hash(_ bytes: [UInt8], seed: UInt64 = 0) -> UInt64 {
        bytes.withUnsafeBufferPointer { hash($0, seed: seed) }
    }

    /// A 64-bit hash of a string's UTF-8 bytes.
    static func hash(_ text: String, seed: UInt64 = 0) -> UInt64 {
        var copy = text
        return copy.withUTF8 { hash($0, seed: seed) }
    }
}
