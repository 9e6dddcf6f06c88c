/// The top-level domains twitter-text recognises (`lexicons/platforms/tlds.yml`, copied from its
/// `conformance/tld_lib.yml`): what lets `example.com` count as a link although it has no protocol.
/// Kept as a trie over lower-cased scalars, so finding the domain at a position costs one walk.
final class TopLevelDomains: Sendable {
    private struct Node: Sendable {
        var children: [UInt32: Int32] = [:]
        var isGeneric = false
        var isCountry = false
    }

    /// The resource the table is read from.
    static let resource = "platforms/tlds.yml"

    /// The built-in table. The embedded file is part of the build and a test reads it, so failing
    /// to read it is a defect of the build, not of the input.
    static let shared: TopLevelDomains = {
        do {
            return try TopLevelDomains(yaml: EmbeddedResources.files[resource] ?? "", path: "lexicons/" + resource)
        } catch {
            fatalError("the embedded top-level domain table is broken: \(error)")
        }
    }()

    private let nodes: [Node]
    /// Generic and country-code domains, in file order.
    let generic: [String]
    let country: [String]

    /// Reads a table with `country` and `generic` lists.
    /// - Throws: `YAMLError` for a missing list, an unknown key or an empty entry.
    init(yaml: String, path: String) throws {
        let mapping = try StrictYAML.parse(yaml, path: path).mapping()
        func list(_ key: String) throws -> [String] {
            guard let node = mapping.take(key) else { throw mapping.owner.error("missing required key '\(key)'") }
            return try node.list().map { item in
                let text = try item.string()
                guard !text.isEmpty, !text.contains(".") else { throw item.error("a top-level domain must be a non-empty label") }
                return text
            }
        }
        country = try list("country")
        generic = try list("generic")
        try mapping.finish()
        var nodes = [Node()]
        for (domains, isGeneric) in [(generic, true), (country, false)] {
            for domain in domains {
                var current = 0
                for scalar in domain.unicodeScalars {
                    let key = TopLevelDomains.fold(scalar)
                    if let child = nodes[current].children[key] {
                        current = Int(child)
                    } else {
                        nodes.append(Node())
                        nodes[current].children[key] = Int32(nodes.count - 1)
                        current = nodes.count - 1
                    }
                }
                if isGeneric { nodes[current].isGeneric = true } else { nodes[current].isCountry = true }
            }
        }
        self.nodes = nodes
    }

    /// The end (exclusive) of the top-level domain at `start`, as twitter-text's pattern finds it:
    /// the longest generic domain, else the longest country-code domain, that is not followed by an
    /// ASCII letter or digit, `@`, `+` or `-`. ASCII letters match in either case.
    func match(_ scalars: [Unicode.Scalar], at start: Int) -> Int? {
        var node = 0
        var index = start
        var generic: Int?
        var country: Int?
        while index < scalars.count, let child = nodes[node].children[TopLevelDomains.fold(scalars[index])] {
            node = Int(child)
            index += 1
            guard nodes[node].isGeneric || nodes[node].isCountry, TopLevelDomains.endsDomain(scalars, at: index) else { continue }
            if nodes[node].isGeneric { generic = index }
            if nodes[node].isCountry { country = index }
        }
        return generic ?? country
    }

    /// Whether a domain may end before `index` (twitter-text's `(?=[^a-z0-9@+-]|$)`).
    private static func endsDomain(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        guard index < scalars.count else { return true }
        let value = scalars[index].value
        return !(TwitterTextCharacters.isASCIIAlphanumeric(value) || value == 0x40 || value == 0x2B || value == 0x2D)
    }

    /// ASCII letters in lower case; other scalars unchanged (twitter-text matches case-insensitively in ASCII only).
    private static func fold(_ scalar: Unicode.Scalar) -> UInt32 {
        (0x41...0x5A).contains(scalar.value) ? scalar.value + 0x20 : scalar.value
    }
}
