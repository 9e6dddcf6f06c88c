/// Escaping for the XML and HTML that reporters write. Draft text is hostile input: a post may
/// hold `<script>`, quotes that would end an attribute, or control characters that XML forbids.
/// Everything taken from a draft, a file name or a message goes through one of these.
public enum Markup {
    /// Text content: `&`, `<` and `>` escaped; characters XML 1.0 forbids replaced by U+FFFD.
    public static func text(_ text: String) -> String {
        escape(text, attribute: false)
    }

    /// An attribute value for double quotes: as `text`, and `"`, `'` escaped; tabs and line
    /// breaks written as character references, so parsers do not fold them into spaces.
    public static func attribute(_ text: String) -> String {
        escape(text, attribute: true)
    }

    private static func needsEscape(_ byte: UInt8, attribute: Bool) -> Bool {
        switch byte {
        case 0x26, 0x3C, 0x3E, 0x7F: return true
        case 0x22, 0x27: return attribute
        default: return byte < 0x20 || byte >= 0xC2
        }
    }

    private static func escape(_ text: String, attribute: Bool) -> String {
        // Most text needs nothing: check the bytes once before building anything.
        let needsWork = text.utf8.contains { byte -> Bool in needsEscape(byte, attribute: attribute) }
        guard needsWork else { return text }
        var output = ""
        output.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"" where attribute: output += "&quot;"
            case "'" where attribute: output += "&#39;"
            case "\t" where attribute: output += "&#9;"
            case "\n" where attribute: output += "&#10;"
            case "\r": output += "&#13;"
            case "\t", "\n": output.unicodeScalars.append(scalar)
            default:
                if isAllowed(scalar) {
                    output.unicodeScalars.append(scalar)
                } else {
                    output += "\u{FFFD}"
                }
            }
        }
        return output
    }

    /// XML 1.0's `Char`, without the C0 and C1 controls and noncharacters HTML also rejects.
    static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x20 { return false }
        if (0x7F...0x9F).contains(value) { return false }
        if (0xFDD0...0xFDEF).contains(value) || value & 0xFFFE == 0xFFFE { return false }
        return true
    }
}
