/// JSON text built as UTF-8 bytes in one growing buffer. Reports write hundreds of thousands of
/// findings, each a few dozen small appends; appending bytes to memory the text owns costs a
/// bounds check and a copy, where appending to a `String` or an `Array` checks uniqueness and
/// re-measures on every call.
///
/// Not copyable: the buffer has one owner, which frees it.
public struct JSONText: ~Copyable, @unchecked Sendable {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// How many bytes were written.
    public private(set) var count = 0

    public init(capacity: Int = 0) {
        self.capacity = Swift.max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    deinit {
        base.deallocate()
    }

    /// Whether nothing was written.
    public var isEmpty: Bool { count == 0 }

    /// The text so far, as UTF-8 (a copy).
    public var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    /// The text as a `String`.
    public var text: String { String(decoding: UnsafeBufferPointer(start: base, count: count), as: UTF8.self) }

    /// Reads the bytes written, in place.
    public func withBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try body(UnsafeRawBufferPointer(start: base, count: count))
    }

    /// Forgets what was written, keeping the room for more.
    public mutating func removeAll() {
        count = 0
    }

    /// Appends text that is already JSON (punctuation, a key with its quotes), as it is.
    @inline(__always)
    public mutating func raw(_ text: StaticString) {
        append(text.utf8Start, count: text.utf8CodeUnitCount)
    }

    /// Appends text that needs no escaping (an identifier, a formatted date), as it is.
    public mutating func raw(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            if let start = utf8.baseAddress { append(start, count: utf8.count) }
        }
    }

    /// Appends a whole number.
    public mutating func int(_ value: Int) {
        guard value >= 0 else {
            // Int.min has no positive counterpart; the standard library spells it.
            guard value != .min else { return raw(String(value)) }
            append(0x2D)
            return int(-value)
        }
        if value < 10 {
            append(0x30 + UInt8(value))
            return
        }
        // At most 19 digits: counted, then written backwards in place.
        reserve(20)
        var digits = 0
        var rest = value
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        rest = value
        var index = count + digits
        while rest > 0 {
            index -= 1
            base[index] = 0x30 + UInt8(rest % 10)
            rest /= 10
        }
        count += digits
    }

    /// Appends a JSON string literal, escaping what RFC 8259 requires (and U+2028, U+2029, which
    /// JavaScript string literals cannot hold) with the short forms where JSON has them.
    public mutating func string(_ text: String) {
        var text = text
        append(0x22)
        text.withUTF8 { utf8 in
            guard let start = utf8.baseAddress else { return }
            let count = utf8.count
            var runStart = 0
            var index = 0
            // Where the bytes of the last word that needed a look end: up to there, byte by byte.
            var lookedAtUntil = 0
            while index < count {
                // Eight bytes at a time while none of them needs a look (the common case).
                if index >= lookedAtUntil, index + 8 <= count {
                    if !JSONText.mayNeedEscape(UnsafeRawPointer(start + index).loadUnaligned(as: UInt64.self)) {
                        index += 8
                        continue
                    }
                    lookedAtUntil = index + 8
                }
                let byte = start[index]
                // Everything but these needs no escape (0xE2 starts U+2028 and U+2029).
                guard byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0xE2 else {
                    index += 1
                    continue
                }
                var next = index + 1
                let escape: StaticString
                switch byte {
                case 0x22: escape = "\\\""
                case 0x5C: escape = "\\\\"
                case 0x0A: escape = "\\n"
                case 0x0D: escape = "\\r"
                case 0x09: escape = "\\t"
                case 0xE2:
                    // U+2028 and U+2029 are E2 80 A8 and E2 80 A9.
                    guard index + 2 < count, start[index + 1] == 0x80, start[index + 2] == 0xA8 || start[index + 2] == 0xA9 else {
                        index += 1
                        continue
                    }
                    escape = start[index + 2] == 0xA8 ? "\\u2028" : "\\u2029"
                    next = index + 3
                default:
                    // Other control characters: \u00XX, lower-case hex.
                    append(start + runStart, count: index - runStart)
                    func hex(_ digit: UInt8) -> UInt8 { digit < 10 ? 0x30 + digit : 0x57 + digit }
                    raw("\\u00")
                    append(hex(byte >> 4))
                    append(hex(byte & 0xF))
                    index = next
                    runStart = next
                    continue
                }
                append(start + runStart, count: index - runStart)
                raw(escape)
                index = next
                runStart = next
            }
            append(start + runStart, count: count - runStart)
        }
        append(0x22)
    }

    /// Whether any of eight bytes (a little-endian word) is below 0x20, a quote, a backslash or
    /// 0xE2; may say yes for a byte just above one that is (a borrow), never no for one that is.
    @inline(__always)
    static func mayNeedEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        func hasZeroByte(_ value: UInt64) -> UInt64 { (value &- ones) & ~value & highs }
        let control = (word &- ones &* 0x20) & ~word & highs
        return control | hasZeroByte(word ^ (ones &* 0x22)) | hasZeroByte(word ^ (ones &* 0x5C)) | hasZeroByte(word ^ (ones &* 0xE2)) != 0
    }

    @inline(__always)
    private mutating func append(_ byte: UInt8) {
        if count == capacity { grow(toHold: count + 1) }
        base[count] = byte
        count += 1
    }

    @inline(__always)
    private mutating func append(_ bytes: UnsafePointer<UInt8>, count length: Int) {
        reserve(length)
        (base + count).initialize(from: bytes, count: length)
        count += length
    }

    @inline(__always)
    private mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(toHold: count + extra) }
    }

    private mutating func grow(toHold needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        grown.initialize(from: base, count: count)
        base.deallocate()
        base = grown
        capacity = newCapacity
    }
}
