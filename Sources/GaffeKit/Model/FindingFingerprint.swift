import Foundation

/// A finding's identity across runs, for SARIF `partialFingerprints` and baselines: the same
/// problem in the same post keeps its fingerprint when lines are added above it, when the file is
/// re-wrapped or converted to CRLF, and when the post moves to another row of a schedule.
///
/// The fingerprint hashes (SHA-256, first 128 bits, hex) three things and nothing positional:
/// - the rule identifier;
/// - the matched text, normalized: NFC, lowercased, runs of white space collapsed to one space,
///   trimmed (empty when the finding has no span of text);
/// - the draft's identity: its account, its channels and its publish instant, the fields that say
///   which post this is. Row numbers and line numbers are left out on purpose.
///
/// The path is not part of the hash: consumers pair the fingerprint with the file, as GitHub code
/// scanning does. Two identical findings in one draft (the same placeholder twice) are told apart
/// by `FingerprintCounter`, which appends `:1`, `:2`… in reading order.
public enum FindingFingerprint {
    /// The key under SARIF `result.partialFingerprints`. The suffix is the algorithm's version:
    /// a change to what is hashed must bump it, so old baselines are not silently mismatched.
    public static let sarifKey = "gaffeFindingHash/v1"

    /// The hash of what identifies `finding`, 32 lowercase hexadecimal digits.
    public static func hash(of finding: Finding) -> String {
        var hasher = SHA256()
        for field in [finding.ruleID, normalize(finding.match ?? ""), draftIdentity(finding.draft)] {
            // Length-prefixed, so no choice of field contents can make two inputs collide.
            hasher.update("\(field.utf8.count):")
            hasher.update(field)
        }
        return SHA256.hexString(hasher.finalize().prefix(16))
    }

    /// Matched text as the fingerprint sees it: NFC, lowercased, white space collapsed and trimmed.
    public static func normalize(_ text: String) -> String {
        var output = ""
        var pendingSpace = false
        // ASCII is already in NFC; only other text pays for normalization.
        let composed = text.isASCII ? text : text.precomposedStringWithCanonicalMapping
        for character in composed.lowercased() {
            if character.isWhitespace {
                pendingSpace = !output.isEmpty
                continue
            }
            if pendingSpace { output.append(" ") }
            pendingSpace = false
            output.append(character)
        }
        return output
    }

    /// The fields that identify a post: account, channels (sorted) and publish instant (Unix seconds).
    static func draftIdentity(_ draft: DraftSummary?) -> String {
        guard let draft else { return "" }
        let channels = draft.channels.map(\.rawValue).sorted().joined(separator: ",")
        let publishAt = draft.publishAt.map { String(Int64($0.timeIntervalSince1970.rounded(.down))) } ?? ""
        return [draft.account ?? "", channels, publishAt].map { "\($0.utf8.count):\($0)" }.joined()
    }
}

/// Numbers findings that share a fingerprint hash within one draft, in the order they are
/// reported: `3f2a…:1`, `3f2a…:2`. It remembers only the current draft, so memory stays flat
/// however many findings a run has; findings of one draft arrive together from the linter.
public struct FingerprintCounter {
    private var draft: (path: String, index: Int)?
    private var counts: [String: Int] = [:]

    public init() {}

    /// The full fingerprint of the next finding: its hash and its occurrence in the draft.
    public mutating func fingerprint(for finding: Finding) -> String {
        let key = (path: finding.location.path, index: finding.draft?.index ?? 0)
        if draft?.path != key.path || draft?.index != key.index {
            draft = key
            counts.removeAll(keepingCapacity: true)
        }
        let hash = FindingFingerprint.hash(of: finding)
        let occurrence = (counts[hash] ?? 0) + 1
        counts[hash] = occurrence
        return "\(hash):\(occurrence)"
    }
}
