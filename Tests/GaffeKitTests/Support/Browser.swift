import Foundation
import Testing

/// Headless Chromium, for tests that check the HTML report the way a reviewer's browser shows it.
/// `.ci/run` installs Debian's `chromium` and sets `GAFFE_REQUIRE_BROWSER=1`, so in CI a missing
/// browser fails the tests instead of skipping them. `GAFFE_CHROMIUM` names another binary.
enum Browser {
    static let executable: URL? = {
        if let named = ProcessInfo.processInfo.environment["GAFFE_CHROMIUM"], !named.isEmpty {
            return URL(fileURLWithPath: named)
        }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            for name in ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"] {
                let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(name)
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            }
        }
        return nil
    }()

    static var isRequired: Bool { ProcessInfo.processInfo.environment["GAFFE_REQUIRE_BROWSER"].map { !$0.isEmpty && $0 != "0" } ?? false }

    /// Browser tests run where a browser is, and always in CI (where its absence is a failure).
    static var shouldRun: Bool { executable != nil || isRequired }

    struct Missing: Error, CustomStringConvertible {
        var description: String { "no chromium found: install Debian's chromium (.ci/run does) or set GAFFE_CHROMIUM" }
    }

    /// Opens `url` headless and returns the DOM after the page's scripts ran.
    static func dumpDOM(_ url: String) throws -> String {
        try run(["--dump-dom", url]).output
    }

    /// Saves a PNG screenshot of `url` at the given window size.
    static func screenshot(_ url: String, to file: URL, width: Int = 1280, height: Int = 2000) throws {
        let run = try run(["--screenshot=\(file.path)", "--window-size=\(width),\(height)", "--hide-scrollbars", url])
        guard FileManager.default.fileExists(atPath: file.path) else {
            throw SchemaValidator.Failure(description: "chromium wrote no screenshot: \(run.errorOutput.suffix(2_000))")
        }
    }

    private static func run(_ arguments: [String]) throws -> ChildProcess {
        guard let executable else { throw Missing() }
        // A profile of its own, so parallel tests never share a locked profile.
        let profile = try TestPaths.temporaryDirectory("chromium-profile")
        defer { try? FileManager.default.removeItem(at: profile) }
        let common = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
                      "--disable-extensions", "--disable-background-networking", "--user-data-dir=\(profile.path)"]
        let run = try ChildProcess.run(executable, common + arguments)
        guard run.status == 0 else {
            throw SchemaValidator.Failure(description: "chromium exited \(run.status): \(run.errorOutput.suffix(2_000))")
        }
        return run
    }
}

/// Reads an HTML document with Python's own HTML parser and returns what the report tests look
/// at: every finding element with its attributes, visibility and text; the filter form and status;
/// the scripts, event-handler attributes and images in the page; the title.
enum ReportDOM {
    struct Finding {
        var id: String
        var attributes: [String: String]
        var text: String
        var isHidden: Bool { attributes["hidden"] != nil }
    }

    struct Page {
        var findings: [Finding]
        var formHidden: Bool
        var status: String
        var scripts: Int
        var handlers: [String]
        var images: Int
        var title: String
        var spans: [(text: String, findings: [String], dimmed: Bool)]
        var draftsShown: Int
    }

    private static let script = #"""
        import json, sys
        from html.parser import HTMLParser
        VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
        class Reader(HTMLParser):
            def __init__(self):
                super().__init__(convert_charrefs=True)
                self.stack = []
                self.findings = []
                self.spans = []
                self.form_hidden = None
                self.status = ""
                self.scripts = 0
                self.handlers = []
                self.images = 0
                self.title = ""
                self.drafts_shown = 0
            def handle_starttag(self, tag, attrs):
                attributes = {name: (value if value is not None else "") for name, value in attrs}
                for name in attributes:
                    if name.startswith("on"): self.handlers.append(tag + "." + name)
                if tag == "script": self.scripts += 1
                if tag == "img": self.images += 1
                classes = attributes.get("class", "").split()
                if tag == "form" and attributes.get("id") == "filters": self.form_hidden = "hidden" in attributes
                if "draft" in classes and "hidden" not in attributes: self.drafts_shown += 1
                record = None
                if tag == "li" and "finding" in classes:
                    record = {"id": attributes.get("id", ""), "attributes": attributes, "text": ""}
                    self.findings.append(record)
                if tag == "a" and "span" in classes:
                    self.spans.append({"text": "", "findings": attributes.get("data-findings", "").split(), "dimmed": "dimmed" in classes})
                    record = self.spans[-1]
                if tag not in VOID:
                    self.stack.append((tag, attributes, record))
            def handle_endtag(self, tag):
                while self.stack:
                    open_tag, _, _ = self.stack.pop()
                    if open_tag == tag: break
            def handle_data(self, data):
                for tag, attributes, record in self.stack:
                    if record is not None: record["text"] += data
                if self.stack and self.stack[-1][0] == "title" and any(tag == "head" for tag, _, _ in self.stack): self.title += data
                if any(attributes.get("id") == "filter-status" for _, attributes, _ in self.stack): self.status += data
        reader = Reader()
        reader.feed(sys.stdin.buffer.read().decode("utf-8"))
        reader.close()
        print(json.dumps({"findings": reader.findings, "spans": reader.spans, "formHidden": reader.form_hidden,
                          "status": reader.status, "scripts": reader.scripts, "handlers": reader.handlers,
                          "images": reader.images, "title": reader.title, "draftsShown": reader.drafts_shown}))
        """#

    static func parse(_ html: String) throws -> Page {
        let python = try ChildProcess.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script], input: Data(html.utf8))
        guard python.status == 0, let object = try JSONSerialization.jsonObject(with: python.stdout) as? [String: Any] else {
            throw SchemaValidator.Failure(description: "could not read the HTML: \(python.errorOutput)")
        }
        let findings = (object["findings"] as? [[String: Any]] ?? []).map { item in
            Finding(id: item["id"] as? String ?? "", attributes: item["attributes"] as? [String: String] ?? [:],
                    text: item["text"] as? String ?? "")
        }
        let spans = (object["spans"] as? [[String: Any]] ?? []).map { item in
            (text: item["text"] as? String ?? "", findings: item["findings"] as? [String] ?? [], dimmed: item["dimmed"] as? Bool ?? false)
        }
        return Page(findings: findings, formHidden: object["formHidden"] as? Bool ?? false, status: object["status"] as? String ?? "",
                    scripts: object["scripts"] as? Int ?? 0, handlers: object["handlers"] as? [String] ?? [],
                    images: object["images"] as? Int ?? 0, title: object["title"] as? String ?? "", spans: spans,
                    draftsShown: object["draftsShown"] as? Int ?? 0)
    }
}
