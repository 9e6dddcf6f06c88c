import Foundation

/// A text's Unicode scalars, each with the UTF-8 offset in the original text of the character it
/// came from, so a count made on the scalars can point back into the text. Optionally in
/// Normalization Form C: X normalizes before counting ("e" + combining acute counts as one "é").
///
/// Normalization is done one grapheme cluster at a time, which equals normalizing the whole text
/// (compositions never cross a cluster boundary in practice) and gives each changed cluster a
/// single source offset. Text whose scalars all lie below U+0300 is already in NFC and is not
/// examined further.
struct ScalarText {
    var scalars: [Unicode.Scalar]
    /// For each scalar, the UTF-8 offset in the original text where its source begins; one more
    /// entry holds the original length.
    var sourceOffsets: [Int]
    /// The original text's length in UTF-16 code units (twitter-text reports ranges in them).
    var originalUTF16Count: Int

    /// The text's scalars in NFC.
    init(normalizing text: Substring) {
        // Lead bytes below 0xCC encode scalars below U+0300, which NFC never changes.
        guard text.utf8.contains(where: { $0 >= 0xCC }), !ScalarText.isNFC(text) else {
            self.init(text)
            return
        }
        var scalars: [Unicode.Scalar] = []
        var sourceOffsets: [Int] = []
        var offset = 0
        for character in text {
            let normalized = character.utf8.contains(where: { $0 >= 0xCC })
                ? String(character).precomposedStringWithCanonicalMapping : nil
            if let normalized, !normalized.utf8.elementsEqual(character.utf8) {
                for scalar in normalized.unicodeScalars {
                    scalars.append(scalar)
                    sourceOffsets.append(offset)
                }
            } else {
                var scalarOffset = offset
                for scalar in character.unicodeScalars {
                    scalars.append(scalar)
                    sourceOffsets.append(scalarOffset)
                    scalarOffset += UTF8.width(scalar)
                }
            }
            offset += character.utf8.count
        }
        sourceOffsets.append(offset)
        self.init(scalars: scalars, sourceOffsets: sourceOffsets, originalUTF16Count: text.utf16.count)
    }

    /// The text's scalars as they are.
    init(_ text: Substring) {
        let scalars = Array(text.unicodeScalars)
        var sourceOffsets: [Int] = []
        sourceOffsets.reserveCapacity(scalars.count + 1)
        var offset = 0
        for scalar in scalars {
            sourceOffsets.append(offset)
            offset += UTF8.width(scalar)
        }
        sourceOffsets.append(offset)
        self.init(scalars: scalars, sourceOffsets: sourceOffsets, originalUTF16Count: text.utf16.count)
    }

    private init(scalars: [Unicode.Scalar], sourceOffsets: [Int], originalUTF16Count: Int) {
        self.scalars = scalars
        self.sourceOffsets = sourceOffsets
        self.originalUTF16Count = originalUTF16Count
    }

    /// Whether the text is unchanged by NFC (compared byte for byte: `==` on strings ignores
    /// normalization).
    private static func isNFC(_ text: Substring) -> Bool {
        String(text).precomposedStringWithCanonicalMapping.utf8.elementsEqual(text.utf8)
    }

    /// The scalars' length in UTF-16 code units.
    var utf16Count: Int {
        scalars.reduce(0) { $0 + UTF16.width($1) }
    }
}
