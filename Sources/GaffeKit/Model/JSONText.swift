/// JSON text built as UTF-8 bytes in one growing buffer. Reports write hundreds of thousands of
/// findings; appending bytes costs a fraction of appending to a `String`, which checks and
/// re-measures what it is given on every append.
public struct JSONText: Sendable {
    /// The text so far, as UTF-8.
    public internal(set) var bytes: [UInt8] = []

    public init(capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    /// Appends text that is already JSON (punctuation, a key with its quotes), as it is.
    @inline(__always)
    public mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Appends text that needs no escaping (an identifier, a formatted date), as it is.
    public mutating func raw(_ text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// Appends a whole number.
    public mutating func int(_ value: Int) {
        guard value >= 0 else {
            // Int.min has no positive counterpart; the standard library spells it.
            guard value != .min else { return raw(String(value)) }
            bytes.append(0x2D)
            return int(-value)
        }
        if value < 10 {
            bytes.append(0x30 + UInt8(value))
            return
        }
        // At most 19 digits, written backwards into a buffer on the stack.
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { buffer in
            var rest = value
            var index = buffer.count
            while rest > 0 {
                index -= 1
                buffer[index] = 0x30 + UInt8(rest % 10)
                rest /= 10
            }
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[index...]))
        }
    }

    /// Appends a JSON string literal, escaping what RFC 8259 requires (and U+2028, U+2029, which
    /// JavaScript string literals cannot hold) with the short forms where JSON has them.
    public mutating func string(_ text: String) {
        var text = text
        bytes.append(0x22)
        text.withUTF8 { utf8 in
            var runStart = 0
            var index = 0
            let count = utf8.count
            while index < count {
                let byte = utf8[index]
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
                    guard index + 2 < count, utf8[index + 1] == 0x80, utf8[index + 2] == 0xA8 || utf8[index + 2] == 0xA9 else {
                        index += 1
                        continue
                    }
                    escape = utf8[index + 2] == 0xA8 ? "\\u2028" : "\\u2029"
                    next = index + 3
                default:
                    // Other control characters: \u00XX, lower-case hex.
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                    func hex(_ digit: UInt8) -> UInt8 { digit < 10 ? 0x30 + digit : 0x57 + digit }
                    raw("\\u00")
                    bytes.append(hex(byte >> 4))
                    bytes.append(hex(byte & 0xF))
                    index = next
                    runStart = next
                    continue
                }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                escape.withUTF8Buffer { bytes.append(contentsOf: $0) }
                index = next
                runStart = next
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<count]))
        }
        bytes.append(0x22)
    }

    /// The text as a `String`.
    public var text: String { String(decoding: bytes, as: UTF8.self) }
}
