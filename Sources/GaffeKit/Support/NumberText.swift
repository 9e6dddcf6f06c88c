extension Int {
    /// The number in decimal with leading zeros up to `width` digits (`7` → `07`), as dates,
    /// times and codes are written; without Foundation's `String(format:)`.
    func zeroPadded(_ width: Int = 2) -> String {
        // As `%0*d`: a minus sign counts towards the width.
        let sign = self < 0 ? "-" : ""
        let digits = String(magnitude)
        return sign + String(repeating: "0", count: Swift.max(0, width - sign.count - digits.count)) + digits
    }
}
