import Foundation
import Testing
@testable import GaffeKit

/// The HTML report in a real browser (headless Chromium): every finding of the examples is in the
/// rendered page, filters set from the address hide exactly what they should, the page works
/// without JavaScript, hostile draft text never runs, and a screenshot is not blank.
@Suite(.enabled(if: Browser.shouldRun, "needs chromium (set GAFFE_REQUIRE_BROWSER=1 to make its absence a failure)"))
struct HTMLBrowserTests {
    /// A report and the JSON findings of the same run, written to a scratch folder.
    struct Report {
        let directory: URL
        let file: URL
        let findings: [[String: Any]]

        var url: String { file.absoluteString }

        init(_ arguments: [String], directory: URL = TestPaths.packageRoot, name: String = #function) throws {
            self.directory = try TestPaths.temporaryDirectory(name)
            file = self.directory.appendingPathComponent("report.html")
            let html = try GaffeBinary.run(["lint", "--format", "html", "--output", file.path] + arguments, directory: directory)
            #expect(html.status == 1 && html.errorOutput == "", "\(html.errorOutput)")
            let json = try GaffeBinary.run(["lint", "--format", "json"] + arguments, directory: directory)
            findings = try ReporterSamples.object(json.output)["findings"] as? [[String: Any]] ?? []
        }

        func remove() { try? FileManager.default.removeItem(at: directory) }
    }

    @Test func everyFindingOfTheExamplesIsInTheRenderedPage() throws {
        let report = try Report(["examples"])
        defer { report.remove() }
        #expect(report.findings.count >= 5, "the examples have findings")
        let page = try ReportDOM.parse(try Browser.dumpDOM(report.url))
        #expect(page.findings.count == report.findings.count)
        var unmatched = page.findings
        for finding in report.findings {
            let place = "\(finding["path"]!):\(finding["line"]!):\(finding["column"]!)"
            let message = finding["message"] as! String
            guard let index = unmatched.firstIndex(where: {
                $0.attributes["data-rule"] == finding["rule"] as? String && $0.attributes["data-severity"] == finding["severity"] as? String
                    && $0.text.contains(message) && $0.text.contains(place)
            }) else {
                Issue.record("not in the rendered page: \(place) \(message)")
                continue
            }
            #expect(!unmatched[index].isHidden)
            unmatched.remove(at: index)
        }
        #expect(!page.formHidden, "the script shows the filters")
        #expect(page.status == "Showing all \(report.findings.count) findings.", "the script ran under the page's own policy")
        #expect(page.spans.count >= report.findings.filter { $0["rule"] as? String == "placeholder" }.count - 2)
    }

    /// Filters read from the address hide findings that do not match, and drafts left empty.
    @Test func filtersFromTheAddressHideWhatDoesNotMatch() throws {
        let report = try Report(["--rules", "input,placeholder", "inputs", "../../../../examples/schedules"], directory: GaffeBinary.fixtures)
        defer { report.remove() }
        let filters: [(String, ([String: Any]) -> Bool)] = [
            ("severity=warning", { $0["severity"] as? String == "warning" }),
            ("rule=input", { $0["rule"] as? String == "input" }),
            ("rule=placeholder&severity=error", { $0["rule"] as? String == "placeholder" && $0["severity"] as? String == "error" }),
            ("account=acme_cafe", { ($0["draft"] as? [String: Any])?["account"] as? String == "acme_cafe" }),
            ("channel=facebook", { draft in
                let summary = draft["draft"] as? [String: Any]
                return summary?["channel"] as? String == "facebook" || (summary?["channels"] as? [String])?.contains("facebook") == true
            }),
        ]
        for (query, expected) in filters {
            let wanted = report.findings.filter(expected).count
            #expect(wanted > 0 && wanted < report.findings.count, "\(query) should select some findings, not all")
            for address in [report.url + "#" + query, report.url + "?" + query] {
                let page = try ReportDOM.parse(try Browser.dumpDOM(address))
                #expect(page.findings.filter { !$0.isHidden }.count == wanted, "\(address)")
                #expect(page.status == "Showing \(wanted) of \(report.findings.count) findings.", "\(address)")
                for element in page.findings where !element.isHidden {
                    #expect(query.split(separator: "&").allSatisfy { pair in
                        let parts = pair.split(separator: "=").map(String.init)
                        switch parts[0] {
                        case "channel": return element.attributes["data-channels"]?.contains("\"\(parts[1])\"") == true
                        default: return element.attributes["data-" + parts[0]] == parts[1]
                        }
                    }, "\(query): \(element.id) shown")
                }
                let dimmed = page.spans.filter(\.dimmed)
                #expect(dimmed.allSatisfy { span in span.findings.allSatisfy { id in page.findings.first { $0.id == id }?.isHidden == true } })
            }
        }
        // An unknown value leaves the filter at All.
        let unknown = try ReportDOM.parse(try Browser.dumpDOM(report.url + "#rule=nonsense"))
        #expect(unknown.findings.allSatisfy { !$0.isHidden })
    }

    @Test func theEventFilterAndTimelineWorkInTheBrowser() throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("storm.html")
        try Data(try HTMLSamples.stormReport().utf8).write(to: file)
        let all = try ReportDOM.parse(try Browser.dumpDOM(file.absoluteString))
        let storm = try ReportDOM.parse(try Browser.dumpDOM(file.absoluteString + "#event=gdacs-TC-1000"))
        #expect(all.findings.count == 4)
        #expect(storm.findings.filter { !$0.isHidden }.map(\.id) == ["f1", "f2", "f3"], "the three findings during the storm")
        #expect(storm.draftsShown == 3)
        #expect(storm.status == "Showing 3 of 4 findings.")
    }

    /// What a browser that runs no script shows: the page without its script element (headless
    /// Chromium's DOM dump and screenshot need scripting themselves, so the script is taken out
    /// instead of switched off).
    @Test func withoutJavaScriptEverythingIsShown() throws {
        let report = try Report(["examples"])
        defer { report.remove() }
        let html = try String(contentsOf: report.file, encoding: .utf8)
        let scriptStart = try #require(html.range(of: "<script>")).lowerBound
        let scriptEnd = try #require(html.range(of: "</script>")).upperBound
        let noScript = report.directory.appendingPathComponent("no-script.html")
        try Data((String(html[..<scriptStart]) + String(html[scriptEnd...])).utf8).write(to: noScript)
        let page = try ReportDOM.parse(try Browser.dumpDOM(noScript.absoluteString + "#account=acme_cafe"))
        #expect(page.scripts == 0)
        #expect(page.findings.count == report.findings.count)
        #expect(page.findings.allSatisfy { !$0.isHidden }, "nothing is hidden without the script")
        #expect(page.formHidden, "no filters without the script that runs them")
        #expect(page.status == "")
    }

    @Test func hostileDraftTextNeverRuns() throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let evil = "<script>document.title='pwned';document.body.setAttribute('data-pwned','1')</script><img src=x onerror=\"document.title='pwned'\"><svg onload=\"document.title='pwned'\"></svg> {{first_name}}"
        try Data("publish_at,account,text\n2026-03-01T09:00:00Z,\"<i onmouseover=x>acme</i>\",\"\(evil.replacingOccurrences(of: "\"", with: "\"\""))\"\n".utf8)
            .write(to: directory.appendingPathComponent("evil.csv"))
        try Data((evil + "\n").utf8).write(to: directory.appendingPathComponent("evil <b>.txt"))
        let report = try Report(["--no-config", "--rules", "placeholder", "."], directory: directory)
        defer { report.remove() }
        let dom = try Browser.dumpDOM(report.url)
        #expect(!dom.contains("data-pwned=\""), "no script from the draft ran")
        let page = try ReportDOM.parse(dom)
        #expect(page.title == "Gaffe report: 2 findings")
        #expect(page.scripts == 1 && page.images == 0 && page.handlers.isEmpty)
        #expect(page.findings.count == 2)
        #expect(page.status == "Showing all 2 findings.")
        #expect(dom.contains("&lt;script&gt;document.title='pwned'"))
    }

    /// The screenshot shows a page: mostly background, but with text, badges and chart in colour.
    @Test func screenshotOfTheExamplesIsNotBlank() throws {
        let report = try Report(["examples"])
        defer { report.remove() }
        let png = report.directory.appendingPathComponent("report.png")
        try Browser.screenshot(report.url, to: png)
        let stats = try PNGStats.of(png)
        #expect(stats.width == 1280 && stats.height == 2000)
        #expect(stats.distinctColors >= 50, "\(stats)")
        #expect(stats.nonBackground > 0.03 && stats.nonBackground < 0.6, "\(stats)")
        #expect(stats.errorRed > 200, "the error badges and highlights are visible: \(stats)")
        // GAFFE_SCREENSHOT_DIR=docs/images keeps the pictures docs/html-report.md shows: this one,
        // and the storm sample with its event band.
        if let directory = ProcessInfo.processInfo.environment["GAFFE_SCREENSHOT_DIR"], !directory.isEmpty {
            let target = URL(fileURLWithPath: directory)
            try? FileManager.default.removeItem(at: target.appendingPathComponent("html-report.png"))
            try FileManager.default.copyItem(at: png, to: target.appendingPathComponent("html-report.png"))
            let storm = report.directory.appendingPathComponent("storm.html")
            try Data(try HTMLSamples.stormReport().utf8).write(to: storm)
            try? FileManager.default.removeItem(at: target.appendingPathComponent("html-report-storm.png"))
            try Browser.screenshot(storm.absoluteString, to: target.appendingPathComponent("html-report-storm.png"), height: 1700)
        }
    }
}

/// Decodes a PNG (8-bit RGB or RGBA, non-interlaced, as Chromium writes them) with Python's zlib
/// and counts what the screenshot test needs.
enum PNGStats {
    struct Stats: CustomStringConvertible {
        var width: Int
        var height: Int
        var distinctColors: Int
        /// The share of pixels that differ from the most common colour (the page background).
        var nonBackground: Double
        /// Pixels close to the report's error colour.
        var errorRed: Int

        var description: String { "\(width)x\(height), \(distinctColors) colours, \(nonBackground) not background, \(errorRed) error-red" }
    }

    private static let script = #"""
        import json, struct, sys, zlib
        from collections import Counter
        data = open(sys.argv[1], "rb").read()
        assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
        position, chunks, header = 8, [], None
        while position < len(data):
            length, kind = struct.unpack(">I4s", data[position:position + 8])
            body = data[position + 8:position + 8 + length]
            if kind == b"IHDR": header = struct.unpack(">IIBBBBB", body)
            if kind == b"IDAT": chunks.append(body)
            position += 12 + length
        width, height, depth, colour, _, _, interlace = header
        assert depth == 8 and colour in (2, 6) and interlace == 0, "unsupported PNG layout %r" % (header,)
        channels = 3 if colour == 2 else 4
        raw = zlib.decompress(b"".join(chunks))
        stride = width * channels
        previous = bytearray(stride)
        pixels = Counter()
        red = 0
        offset = 0
        for row in range(height):
            kind = raw[offset]; line = bytearray(raw[offset + 1:offset + 1 + stride]); offset += 1 + stride
            for i in range(stride):
                left = line[i - channels] if i >= channels else 0
                up = previous[i]
                corner = previous[i - channels] if i >= channels else 0
                if kind == 1: line[i] = (line[i] + left) & 255
                elif kind == 2: line[i] = (line[i] + up) & 255
                elif kind == 3: line[i] = (line[i] + (left + up) // 2) & 255
                elif kind == 4:
                    estimate = left + up - corner
                    a, b, c = abs(estimate - left), abs(estimate - up), abs(estimate - corner)
                    line[i] = (line[i] + (left if a <= b and a <= c else up if b <= c else corner)) & 255
            for i in range(0, stride, channels):
                r, g, b = line[i], line[i + 1], line[i + 2]
                pixels[(r, g, b)] += 1
                if abs(r - 0xa3) < 24 and g < 60 and b < 60: red += 1
            previous = line
        total = width * height
        background = pixels.most_common(1)[0][1]
        print(json.dumps({"width": width, "height": height, "colors": len(pixels), "nonBackground": (total - background) / total, "red": red}))
        """#

    static func of(_ file: URL) throws -> Stats {
        let python = try ChildProcess.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script, file.path])
        guard python.status == 0, let object = try JSONSerialization.jsonObject(with: python.stdout) as? [String: Any] else {
            throw SchemaValidator.Failure(description: "could not decode the screenshot: \(python.errorOutput)")
        }
        return Stats(width: object["width"] as? Int ?? 0, height: object["height"] as? Int ?? 0, distinctColors: object["colors"] as? Int ?? 0,
                     nonBackground: object["nonBackground"] as? Double ?? 0, errorRed: object["red"] as? Int ?? 0)
    }
}
