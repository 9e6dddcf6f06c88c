import Foundation
import Testing
@testable import GaffeKit

struct XMLTreeTests {
    func parse(_ text: String, path: String = "test.xml") -> (SourceText, XMLTree.Document) {
        let source = SourceText(path: path, bytes: Array(text.utf8))
        return (source, XMLTree.parse(source))
    }

    func position(_ problem: InputProblem, in source: SourceText) -> String {
        let position = source.position(of: problem.range.lowerBound)
        return "\(position.line):\(position.column)"
    }

    @Test func elementsKeepNamespacesTextAndExactByteRanges() throws {
        let text = "<?xml version=\"1.0\"?>\n<c:alert xmlns:c=\"urn:oasis:names:tc:emergency:cap:1.2\">\n  <c:event>Flood &amp; mud</c:event><c:note/>\n</c:alert>"
        let (source, document) = parse(text)
        let root = try #require(document.root)
        #expect(root.name == "alert" && root.prefix == "c" && root.namespace == "urn:oasis:names:tc:emergency:cap:1.2")
        #expect(source.text(root.range) == String(text.dropFirst(22)))
        let event = try #require(root.child("event", in: CAPXMLReader.namespaces))
        #expect(source.text(event.range) == "<c:event>Flood &amp; mud</c:event>")
        #expect(event.trimmedText == "Flood & mud")
        #expect(source.position(of: event.range.lowerBound) == SourcePosition(line: 3, column: 3))
        let note = try #require(root.child("note"))
        #expect(source.text(note.range) == "<c:note/>")
        #expect(document.problems.isEmpty)
    }

    @Test func hostileDocumentLoadsNothingAndSaysSo() throws {
        let source = FeedFixtures.source("cap/hostile-xxe-entities-xinclude.cap")
        let document = XMLTree.parse(source)
        let root = try #require(document.root)
        // The external entity pointed at /etc/passwd and at a server: nothing of either is in the text.
        #expect(!root.allText.contains("root:"))
        let headline = try #require(root.child("info")?.childText("headline"))
        #expect(headline == "SEVERE THUNDERSTORM WARNING")
        // XInclude is not processed: the include element is still there, empty.
        let include = try #require(root.child("x")?.child("include", in: ["http://www.w3.org/2001/XInclude"]))
        #expect(include.allText.isEmpty)
        // One warning per unexpanded entity, at its place, and nothing fatal.
        #expect(document.problems.map { position($0, in: source) } == ["8:11", "9:8", "10:9", "37:59", "38:46", "39:287", "41:81", "42:35", "44:167"])
        #expect(document.problems.prefix(3).map(\.message).allSatisfy { $0.contains("'%") && $0.contains("is not expanded") })
        #expect(document.problems.dropFirst(3).allSatisfy { $0.message.contains("'&xxe;' is not expanded") })
        #expect(document.problems.allSatisfy { $0.severity == .warning })
        #expect(document.damage.isEmpty)
    }

    @Test func internalEntityBombsAndLocalFilesAreNotExpanded() throws {
        let bomb = """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
            <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY file SYSTEM "file:///etc/hostname">]>
            <lolz>&lol3;|&file;</lolz>
            """
        let (_, document) = parse(bomb)
        let root = try #require(document.root)
        #expect(root.text == "|")
        #expect(document.problems.filter { $0.message.contains("is not expanded") }.count == 2)
    }

    @Test func latin1BytesDeclaredUTF8AreReadAsLatin1WithAWarning() throws {
        let source = FeedFixtures.source("atom/broken-pelmorex-naads-latin1-bytes-declared-utf8.atom")
        let document = XMLTree.parse(source)
        #expect(document.problems.map { position($0, in: source) } == ["1:548"])
        #expect(document.problems[0].severity == .warning)
        #expect(document.problems[0].message.contains("byte 0xE9"))
        let entry = try #require(document.root?.child("entry", in: [FeedNamespace.atom]))
        #expect(entry.childText("title") == "bulletin météorologique spécial annulé")
        // Offsets stay those of the file: the entry starts where its bytes do.
        #expect(source.text(entry.range).hasPrefix("<entry><id>tag:rss2.naad-adna.pelmorex.com"))
    }

    @Test func mixedValidAndInvalidUTF8IsRefused() {
        let bytes = Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a>caf\u{E9} ".utf8) + [0xE9] + Array("</a>".utf8)
        let source = SourceText(path: "mixed.xml", bytes: bytes)
        let document = XMLTree.parse(source)
        #expect(document.root == nil)
        #expect(document.problems.count == 1)
        #expect(document.problems[0].severity == .error && document.problems[0].message.contains("not valid UTF-8"))
        #expect(source.position(of: document.problems[0].range.lowerBound) == SourcePosition(line: 2, column: 9))
    }

    @Test func declaredISO88591IsHonoured() throws {
        let source = FeedFixtures.source("usgs/usgs-cap-2012-el-salvador-iso-8859-1.cap")
        let document = XMLTree.parse(source)
        #expect(document.problems.isEmpty)
        let headline = try #require(document.root?.child("info")?.childText("headline"))
        #expect(headline == "EQ 4.6 Usulután, Usulután, El Salvador - PRELIMINARY REPORT")
        // Byte offsets are the file's even after the Latin-1 characters.
        let info = try #require(document.root?.child("info"))
        let area = try #require(info.child("area"))
        #expect(source.text(area.range).hasPrefix("<area>"))
    }

    @Test func doubleEncodedFilesParseWithWarnings() {
        let source = FeedFixtures.source("gdacs/gdacs-rss-2024-12-10-all-six-types-double-encoded-crlf.xml")
        let document = XMLTree.parse(source)
        #expect(document.root?.name == "rss")
        #expect(document.problems.map { position($0, in: source) } == ["1:1", "934:36"])
        #expect(document.problems[0].message.contains("'ï»¿'"))
        #expect(document.problems[1].message.contains("'TÃ¼rkiye'"))
    }

    @Test func aRawAmpersandIsAnErrorAtItsPlaceAndTheRestIsRead() throws {
        let source = FeedFixtures.source("rss/broken-unescaped-ampersand-midfeed.xml")
        let document = XMLTree.parse(source)
        #expect(document.problems.map { position($0, in: source) } == ["15:41"])
        #expect(document.problems[0].severity == .error)
        #expect(document.problems[0].message.contains("'&amp;'"))
        let items = try #require(document.root?.child("channel")).children("item")
        #expect(items.count == 3)
        #expect(items.map { document.damage(in: $0.range).isEmpty } == [true, false, true])
    }

    @Test func notXMLAtAll() {
        let (_, empty) = parse("just text, no markup")
        #expect(empty.root == nil && empty.problems.count == 1)
        let (_, truncated) = parse("<rss><channel><item><title>cut")
        #expect(truncated.root?.name == "rss")
        #expect(!truncated.damage.isEmpty)
    }

    @Test func snifferFindsTheRootPastDeclarationsCommentsAndDoctypes() {
        let hostile = FeedFixtures.source("cap/hostile-xxe-entities-xinclude.cap")
        #expect(XMLSniffer.rootName(hostile.bytes[...]) == "alert")
        #expect(XMLSniffer.rootName(Array("\u{FEFF}<!-- c --><atom:feed xmlns:atom='x'>".utf8)[...]) == "feed")
        #expect(XMLSniffer.rootName(Array("{\"type\": 1}".utf8)[...]) == nil)
        #expect(XMLSniffer.startsLikeJSON(Array("\u{FEFF}\n {".utf8)))
        #expect(XMLTree.declaredEncoding(Array("<?xml version = '1.0' encoding = 'ISO-8859-1'?><a/>".utf8)[...]) == "iso-8859-1")
    }
}
