import Foundation

/// Finds URLs the way twitter-text's `extractURLsWithIndices` does, so that a link counts 23 on X
/// (and on Mastodon) exactly when the platform shortens it.
///
/// A hand-written scanner that reproduces the reference pattern's matches, backtracking included:
/// a URL needs a valid preceding character, an optional `http://` or `https://`, a domain whose
/// last label is a known top-level domain (`lexicons/platforms/tlds.yml`), then an optional port,
/// path (ending on a character a URL may end with, balanced parentheses allowed) and query.
/// Without a protocol the domain must be ASCII or Latin and must not follow `-`, `_`, `.` or `/`;
/// `t.co` links keep only their slug; a host whose labels exceed 63 characters once in Punycode is
/// no URL. Works on Unicode scalars; ranges are scalar offsets.
struct TwitterTextURLs {
    /// One URL: its scalar range and whether it was written with a protocol.
    struct Match: Sendable, Hashable {
        var range: Range<Int>
        var hasProtocol: Bool
    }

    /// The longest URL twitter-text accepts, protocol included (UTF-16 code units).
    static let maximumURLLength = 4096
    /// The longest `t.co` slug.
    static let maximumTcoSlugLength = 40

    private let scalars: [Unicode.Scalar]
    private let domains: TopLevelDomains

    /// The URLs in `scalars`, in order.
    /// - Parameter requireProtocol: find only URLs written with `http://` or `https://` (Mastodon).
    static func extract(_ scalars: [Unicode.Scalar], requireProtocol: Bool = false,
                        domains: TopLevelDomains = .shared) -> [Match] {
        let marker: Unicode.Scalar = requireProtocol ? ":" : "."
        guard scalars.contains(marker) else { return [] }
        return TwitterTextURLs(scalars: scalars, domains: domains).extract(requireProtocol: requireProtocol)
    }

    private func extract(requireProtocol: Bool) -> [Match] {
        var matches: [Match] = []
        let count = scalars.count
        var position = 0
        while position < count {
            // The pattern's first group is one preceding character, or the start of the text.
            var candidate: (url: Candidate, before: Unicode.Scalar?)?
            if !TwitterTextCharacters.blocksURL(scalars[position].value), let url = url(at: position + 1) {
                candidate = (url, scalars[position])
            } else if position == 0, let url = url(at: 0) {
                candidate = (url, nil)
            }
            guard let (url, before) = candidate else {
                position += 1
                continue
            }
            // The next search starts after the whole match, whether or not it is kept.
            position = url.end
            if !url.hasProtocol {
                if requireProtocol { continue }
                if let before, "-_./".unicodeScalars.contains(before) { continue }
            }
            var end = url.end
            if url.hasProtocol, let tcoEnd = tcoEnd(url) {
                guard tcoEnd.slugLength <= TwitterTextURLs.maximumTcoSlugLength else { continue }
                end = tcoEnd.end
            }
            guard isValidHost(url.domain, urlRange: url.start..<end, hasProtocol: url.hasProtocol) else { continue }
            matches.append(Match(range: url.start..<end, hasProtocol: url.hasProtocol))
        }
        return matches
    }

    /// A match of the URL pattern before the extractor's checks.
    private struct Candidate {
        var start: Int
        var domain: Range<Int>
        var end: Int
        var hasProtocol: Bool
    }

    /// The URL pattern at `start`: protocol, domain, port, path, query.
    private func url(at start: Int) -> Candidate? {
        guard start < scalars.count else { return nil }
        if let protocolLength = protocolLength(at: start), let domainEnd = domain(at: start + protocolLength) {
            let domainRange = (start + protocolLength)..<domainEnd
            return Candidate(start: start, domain: domainRange, end: tail(after: domainEnd), hasProtocol: true)
        }
        guard let domainEnd = domain(at: start) else { return nil }
        return Candidate(start: start, domain: start..<domainEnd, end: tail(after: domainEnd), hasProtocol: false)
    }

    private static let http: [UInt32] = [0x68, 0x74, 0x74, 0x70]

    /// The length of `http://` or `https://` at `index`, in any case.
    private func protocolLength(at index: Int) -> Int? {
        guard index >= 0, index + 7 <= scalars.count else { return nil }
        for offset in 0..<4 where lowercase(scalars[index + offset]) != TwitterTextURLs.http[offset] { return nil }
        var colon = index + 4
        if lowercase(scalars[colon]) == 0x73 { colon += 1 }
        guard colon + 3 <= scalars.count, scalars[colon] == ":", scalars[colon + 1] == "/", scalars[colon + 2] == "/" else { return nil }
        return colon + 3 - index
    }

    private func lowercase(_ scalar: Unicode.Scalar) -> UInt32 {
        (0x41...0x5A).contains(scalar.value) ? scalar.value + 0x20 : scalar.value
    }

    /// The end of the domain at `start`, trying the pattern's alternatives in order: subdomains, a
    /// domain label and a top-level domain (or Punycode); then, right after a protocol, one
    /// internationalised label and a top-level domain.
    private func domain(at start: Int) -> Int? {
        guard start < scalars.count else { return nil }
        guard TwitterTextCharacters.isDomainCharacter(scalars[start].value) else {
            guard followsProtocol(start), let dot = unicodeLabelEnd(at: start) else { return nil }
            return domains.match(scalars, at: dot + 1)
        }
        // Subdomain labels are tried greedily, then given back one at a time.
        var labelStarts = [start]
        while let dot = labelEnd(at: labelStarts[labelStarts.count - 1], allowsUnderscore: true) {
            labelStarts.append(dot + 1)
        }
        for labelStart in labelStarts.reversed() {
            guard let dot = labelEnd(at: labelStart, allowsUnderscore: false) else { continue }
            if let end = domains.match(scalars, at: dot + 1) ?? punycode(at: dot + 1) { return end }
        }
        if followsProtocol(start), let dot = unicodeLabelEnd(at: start), let end = domains.match(scalars, at: dot + 1) {
            return end
        }
        return nil
    }

    /// The index of the `.` ending a label that starts at `start`: letters and digits (ASCII or
    /// Latin) with inner hyphens (and underscores in subdomains).
    private func labelEnd(at start: Int, allowsUnderscore: Bool) -> Int? {
        var index = start
        while index < scalars.count {
            let value = scalars[index].value
            guard TwitterTextCharacters.isDomainCharacter(value) || value == 0x2D || (allowsUnderscore && value == 0x5F) else { break }
            index += 1
        }
        guard index > start, index < scalars.count, scalars[index] == ".",
              TwitterTextCharacters.isDomainCharacter(scalars[start].value),
              TwitterTextCharacters.isDomainCharacter(scalars[index - 1].value) else { return nil }
        return index
    }

    /// The index of the `.` ending an internationalised label at `start`.
    private func unicodeLabelEnd(at start: Int) -> Int? {
        var index = start
        while index < scalars.count, TwitterTextCharacters.isUnicodeDomainCharacter(scalars[index]) || scalars[index] == "-" {
            index += 1
        }
        guard index > start, index < scalars.count, scalars[index] == ".",
              TwitterTextCharacters.isUnicodeDomainCharacter(scalars[start]),
              TwitterTextCharacters.isUnicodeDomainCharacter(scalars[index - 1]) else { return nil }
        return index
    }

    /// `xn--` and at least one more letter, digit or hyphen.
    private func punycode(at start: Int) -> Int? {
        guard start + 4 < scalars.count, lowercase(scalars[start]) == 0x78, lowercase(scalars[start + 1]) == 0x6E,
              scalars[start + 2] == "-", scalars[start + 3] == "-" else { return nil }
        var index = start + 4
        while index < scalars.count, TwitterTextCharacters.isASCIIAlphanumeric(scalars[index].value) || scalars[index] == "-" {
            index += 1
        }
        return index > start + 4 ? index : nil
    }

    /// Whether `http://` or `https://` ends right before `index`.
    private func followsProtocol(_ index: Int) -> Bool {
        guard index >= 7, scalars[index - 1] == "/" else { return false }
        return protocolLength(at: index - 7) == 7 || protocolLength(at: index - 8) == 8
    }

    /// The end of the optional port, path and query after a domain.
    private func tail(after domainEnd: Int) -> Int {
        var end = domainEnd
        let count = scalars.count
        if end + 1 < count, scalars[end] == ":", TwitterTextCharacters.isASCIIDigit(scalars[end + 1].value) {
            end += 1
            while end < count, TwitterTextCharacters.isASCIIDigit(scalars[end].value) { end += 1 }
        }
        if end < count, scalars[end] == "/" {
            end = pathEnd(after: end)
        }
        if end < count, scalars[end] == "?" {
            end = queryEnd(at: end, limit: count) ?? end
        }
        return end
    }

    /// The end of a path starting with the `/` at `slash`: path characters and balanced parentheses,
    /// up to the last one a URL may end with.
    private func pathEnd(after slash: Int) -> Int {
        var index = slash + 1
        var end = index
        while index < scalars.count {
            let value = scalars[index].value
            if TwitterTextCharacters.isPathCharacter(value) {
                index += 1
                if TwitterTextCharacters.isPathEnding(value) { end = index }
            } else if value == 0x28, let close = balancedParentheses(at: index) {
                index = close
                end = index
            } else {
                break
            }
        }
        return end
    }

    /// The end of `(…)` or `(…(…)…)` at `open`, holding path characters.
    private func balancedParentheses(at open: Int) -> Int? {
        let count = scalars.count
        func run(from start: Int) -> Int {
            var index = start
            while index < count, TwitterTextCharacters.isPathCharacter(scalars[index].value) { index += 1 }
            return index
        }
        let first = run(from: open + 1)
        guard first < count else { return nil }
        if first > open + 1, scalars[first] == ")" { return first + 1 }
        guard scalars[first] == "(" else { return nil }
        let inner = run(from: first + 1)
        guard inner > first + 1, inner < count, scalars[inner] == ")" else { return nil }
        let last = run(from: inner + 1)
        guard last < count, scalars[last] == ")" else { return nil }
        return last + 1
    }

    /// The end of a query at the `?` at `mark`: query characters up to the last one a URL may end
    /// with; `nil` when there is none.
    private func queryEnd(at mark: Int, limit: Int) -> Int? {
        var index = mark + 1
        var end: Int?
        while index < limit, TwitterTextCharacters.isQueryCharacter(scalars[index].value) {
            index += 1
            if TwitterTextCharacters.isQueryEnding(scalars[index - 1].value) { end = index }
        }
        return end
    }

    /// For `http(s)://t.co/slug`: where the link ends (the slug and an optional query, nothing else
    /// of the path) and how long the slug is.
    private func tcoEnd(_ url: Candidate) -> (end: Int, slugLength: Int)? {
        let domain = url.domain
        guard domain.count == 4, lowercase(scalars[domain.lowerBound]) == 0x74, scalars[domain.lowerBound + 1] == ".",
              lowercase(scalars[domain.lowerBound + 2]) == 0x63, lowercase(scalars[domain.lowerBound + 3]) == 0x6F,
              domain.upperBound < url.end, scalars[domain.upperBound] == "/" else { return nil }
        let slugStart = domain.upperBound + 1
        var index = slugStart
        while index < url.end, TwitterTextCharacters.isASCIIAlphanumeric(scalars[index].value) { index += 1 }
        guard index > slugStart else { return nil }
        var end = index
        if index < url.end, scalars[index] == "?", let query = queryEnd(at: index, limit: url.end) { end = query }
        return (end, index - slugStart)
    }

    /// twitter-text's host check: every label fits 63 characters once in Punycode, and the whole URL
    /// (with `https://` added when it has no protocol) fits 4,096.
    private func isValidHost(_ domain: Range<Int>, urlRange: Range<Int>, hasProtocol: Bool) -> Bool {
        var asciiHostLength = 0
        var labels: [[Unicode.Scalar]] = [[]]
        for scalar in scalars[domain] {
            if scalar == "." || scalar == "\u{3002}" || scalar == "\u{FF0E}" || scalar == "\u{FF61}" {
                labels.append([])
            } else {
                labels[labels.count - 1].append(scalar)
            }
        }
        for label in labels {
            guard let length = TwitterTextURLs.asciiLength(of: label), (1...63).contains(length) else { return false }
            asciiHostLength += length
        }
        asciiHostLength += labels.count - 1
        let hostUTF16 = scalars[domain].reduce(0) { $0 + UTF16.width($1) }
        let urlUTF16 = scalars[urlRange].reduce(0) { $0 + UTF16.width($1) }
        let length = urlUTF16 - hostUTF16 + asciiHostLength + (hasProtocol ? 0 : 8)
        return length <= TwitterTextURLs.maximumURLLength
    }

    /// The length of a label in its ASCII form: itself when ASCII, else `xn--` and its Punycode after
    /// lower-casing and NFKC (IDNA's nameprep, without its tables of prohibited characters).
    /// `nil` when the label cannot be converted (a non-ASCII label that claims to be Punycode).
    static func asciiLength(of label: [Unicode.Scalar]) -> Int? {
        if label.allSatisfy(\.isASCII) { return label.count }
        let prepared = String(String.UnicodeScalarView(label)).lowercased().precomposedStringWithCompatibilityMapping
        if prepared.unicodeScalars.allSatisfy(\.isASCII) { return prepared.unicodeScalars.count }
        if prepared.hasPrefix("xn--") { return nil }
        guard let encoded = Punycode.encode(prepared.unicodeScalars) else { return nil }
        return 4 + encoded.utf8.count
    }
}
