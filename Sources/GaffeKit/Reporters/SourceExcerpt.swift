/// Renders the source lines of a finding with a gutter and a marker under the span, the way
/// compilers do. Shared by the text reporter and the HTML report.
///
/// ```
///  3 | Hi {{first_name}}, welcome.
///    |    ^^^^^^^^^^^^^^
/// ```
public enum SourceExcerpt {
    /// The excerpt lines (without colour); the marker lines are returned separately so callers can colour them.
    public static func render(_ finding: Finding) -> [(line: String, marker: String?)] {
        guard !finding.sourceLines.isEmpty else { return [] }
        let width = String(finding.sourceLines.last!.number).count
        let blank = String(repeating: " ", count: width)
        var rows: [(String, String?)] = []
        for line in finding.sourceLines {
            let text = line.text
            let number = String(line.number)
            let gutter = String(repeating: " ", count: width - number.count) + number
            rows.append(("\(gutter) | \(text)", nil))
            let startColumn = line.number == finding.location.start.line ? finding.location.start.column : 1
            let endColumn: Int
            if line.number == finding.location.end.line {
                endColumn = finding.location.end.column
            } else {
                endColumn = text.unicodeScalars.count + 1
            }
            guard line.number >= finding.location.start.line, line.number <= finding.location.end.line else { continue }
            let marker = markerLine(for: text, from: startColumn, to: max(endColumn, startColumn + 1))
            if !marker.trimmingCharacters(in: [" ", "\t"]).isEmpty {
                rows.append(("\(blank) | ", marker))
            }
        }
        return rows
    }

    /// Spaces (tabs copied) up to `from`, then `^` under each column up to `to` (exclusive).
    static func markerLine(for text: String, from: Int, to: Int) -> String {
        var marker = ""
        var column = 1
        for scalar in text.unicodeScalars {
            if column >= to { break }
            let width = displayWidth(scalar)
            if column < from {
                marker += scalar == "\t" ? "\t" : String(repeating: " ", count: width)
            } else {
                marker += String(repeating: "^", count: max(width, scalar == "\t" ? 1 : 0))
            }
            column += 1
        }
        if column < to, column >= from { marker += "^" }
        return marker
    }

    /// Columns a scalar takes in a terminal: 0 for combining marks and joiners, 2 for wide and
    /// emoji, 1 otherwise.
    public static func displayWidth(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value == 0x200D || (0xFE00...0xFE0F).contains(value) || (0x1F3FB...0x1F3FF).contains(value) { return 0 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if scalar.properties.isEmojiPresentation { return 2 }
        if (0x1100...0x115F).contains(value) || (0x2E80...0xA4CF).contains(value) || (0xAC00...0xD7A3).contains(value)
            || (0xF900...0xFAFF).contains(value) || (0xFE30...0xFE4F).contains(value) || (0xFF00...0xFF60).contains(value)
            || (0xFFE0...0xFFE6).contains(value) || (0x20000...0x3FFFD).contains(value) {
            return 2
        }
        return 1
    }
}
