/// HTML element names, to tell real markup from merge fields a parser reads as tags
/// (`Dear <MailMerge ID>`, `<First Name>`).
public enum HTMLElements {
    /// Elements of HTML (the WHATWG living standard), with the obsolete ones email HTML still uses.
    public static let known: Set<String> = [
        "a", "abbr", "acronym", "address", "applet", "area", "article", "aside", "audio", "b", "base", "basefont",
        "bdi", "bdo", "big", "blink", "blockquote", "body", "br", "button", "canvas", "caption", "center", "cite",
        "code", "col", "colgroup", "data", "datalist", "dd", "del", "details", "dfn", "dialog", "dir", "div", "dl",
        "dt", "em", "embed", "fieldset", "figcaption", "figure", "font", "footer", "form", "frame", "frameset",
        "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hgroup", "hr", "html", "i", "iframe", "img", "input",
        "ins", "kbd", "label", "legend", "li", "link", "main", "map", "mark", "marquee", "menu", "meta", "meter",
        "nav", "nobr", "noembed", "noframes", "noscript", "object", "ol", "optgroup", "option", "output", "p",
        "param", "picture", "plaintext", "pre", "progress", "q", "rb", "rp", "rt", "rtc", "ruby", "s", "samp",
        "script", "search", "section", "select", "slot", "small", "source", "span", "strike", "strong", "style",
        "sub", "summary", "sup", "table", "tbody", "td", "template", "textarea", "tfoot", "th", "thead", "time",
        "title", "tr", "track", "tt", "u", "ul", "var", "video", "wbr", "xmp",
        // SVG and MathML roots, and the Outlook/VML tags common in email HTML.
        "svg", "math", "o:p", "v:roundrect", "v:rect", "v:fill", "v:textbox", "v:shape", "v:image", "center",
    ]

    /// Elements whose content is not prose.
    public static let nonProse: Set<String> = ["script", "style", "code", "pre", "template", "noscript", "textarea", "kbd", "samp", "xmp", "plaintext", "svg", "math"]

    /// Void elements that break a line of prose.
    public static let lineBreaking: Set<String> = ["br", "hr", "p", "div", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "table", "blockquote", "section", "article", "header", "footer", "ul", "ol", "dl", "dt", "dd", "center", "img"]

    /// The element name of a tag's source text (`<MailMerge ID>` → `mailmerge`), lower-cased.
    public static func tagName(of tag: Substring) -> String? {
        var scalars = tag.unicodeScalars.makeIterator()
        guard scalars.next() == "<" else { return nil }
        var name = ""
        while let scalar = scalars.next() {
            if name.isEmpty, scalar == "/" { continue }
            if scalar == " " || scalar == ">" || scalar == "/" || scalar == "\t" || scalar == "\n" || scalar == "\r" { break }
            name.unicodeScalars.append(scalar)
        }
        return name.isEmpty ? nil : name.lowercased()
    }

    /// Whether a tag's source is markup rather than a merge field written with angle brackets.
    /// Custom elements (with a hyphen) and, in MDX, capitalized components count as markup.
    public static func isMarkup(_ tag: Substring, allowComponents: Bool = false) -> Bool {
        guard let name = tagName(of: tag) else { return false }
        if known.contains(name) || name.contains("-") || name.hasPrefix("!") || name.hasPrefix("?") { return true }
        if allowComponents, let first = tag.dropFirst().drop(while: { $0 == "/" }).first, first.isUppercase { return true }
        return false
    }
}
