import Foundation
import Testing
@testable import GaffeKit

struct XMLTreeTests {
    @Test func dump() {
        for path in FeedFixtures.files(in: "cap") + FeedFixtures.files(in: "rss") + FeedFixtures.files(in: "atom") + ["gdacs/gdacs-rss-2024-12-10-all-six-types-double-encoded-crlf.xml", "usgs/usgs-cap-2012-el-salvador-iso-8859-1.cap", "usgs/usgs-4.5_week-2014-05-10-legacy-single-line.atom"] {
            let source = FeedFixtures.source(path)
            let document = XMLTree.parse(source)
            print("== \(path) root=\(document.root?.qualifiedName ?? "nil") ns=\(document.root?.namespace ?? "-") children=\(document.root?.children.count ?? 0) damage=\(document.damage)")
            for problem in document.problems {
                let p = source.position(of: problem.range.lowerBound)
                print("   \(p.line):\(p.column) \(problem.severity) \(problem.message)")
            }
            if let root = document.root {
                for child in root.children.prefix(4) {
                    let p = source.position(of: child.range.lowerBound)
                    let text = source.text(child.range.lowerBound..<min(child.range.lowerBound + 30, child.range.upperBound))
                    let endText = source.text(max(child.range.upperBound - 12, child.range.lowerBound)..<child.range.upperBound)
                    print("   \(child.qualifiedName) @\(p.line):\(p.column) [\(text)]...[\(endText)] text=\(child.trimmedText.prefix(40))")
                }
            }
        }
    }
}
