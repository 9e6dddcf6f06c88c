import Foundation

/// The report's colours. Every pair of text and background the page uses is listed in
/// `textPairs`, and a test checks each against WCAG 2.1 AA (4.5:1 for text, 3:1 for the chart's
/// marks against the page).
enum HTMLPalette {
    static let page = "#ffffff"
    static let surface = "#f5f6f8"
    static let text = "#1b1c20"
    static let muted = "#50535b"
    static let link = "#0a56c2"
    static let border = "#8a8f99"
    static let error = "#a3161a"
    static let warning = "#8a4a00"
    static let info = "#0b5394"
    static let markError = "#ffd9d6"
    static let markWarning = "#ffe7b0"
    static let markInfo = "#d8e9ff"
    static let bar = "#3f5f8f"
    static let collision = "#c01c28"
    static let bandSevere = "#f6c1bd"
    static let bandModerate = "#fbe0a6"
    static let bandMinor = "#dde6f2"
    static let eventBox = "#fff4e5"

    /// Foreground on background, for every kind of text the page prints.
    static let textPairs: [(name: String, foreground: String, background: String)] = [
        ("body text", text, page), ("body text on cards", text, surface), ("muted text", muted, page),
        ("muted text on cards", muted, surface), ("links", link, page), ("links on cards", link, surface),
        ("error label", page, error), ("warning label", page, warning), ("info label", page, info),
        ("error heading", error, surface), ("warning heading", warning, surface), ("info heading", info, surface),
        ("flagged error span", text, markError), ("flagged warning span", text, markWarning), ("flagged info span", text, markInfo),
        ("event box", text, eventBox), ("chart labels on a severe band", text, bandSevere),
        ("chart labels on a moderate band", text, bandModerate), ("chart labels on a minor band", text, bandMinor),
    ]

    /// Chart marks and control borders against what they sit on (WCAG 1.4.11, 3:1).
    static let graphicPairs: [(name: String, foreground: String, background: String)] = [
        ("bars", bar, page), ("bars on a severe band", bar, bandSevere), ("collision marks", collision, page),
        ("collision marks on a severe band", collision, bandMinor), ("form borders", border, page), ("focus ring", link, page),
    ]
}

/// The report's stylesheet and script, inline so the file needs nothing else. The script reads
/// the page's own `data-` attributes and never evaluates anything taken from a draft; the page's
/// Content-Security-Policy allows only this script, by its hash.
enum HTMLAssets {
    static let stylesheet = """
        :root { color-scheme: light; }
        * { box-sizing: border-box; }
        [hidden] { display: none !important; }
        body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
          color: \(HTMLPalette.text); background: \(HTMLPalette.page); }
        a { color: \(HTMLPalette.link); }
        :focus-visible { outline: 3px solid \(HTMLPalette.link); outline-offset: 2px; }
        .skip { position: absolute; left: -9999px; }
        .skip:focus { left: 1rem; top: 1rem; background: \(HTMLPalette.page); padding: .5rem; z-index: 10; }
        header, main, footer { max-width: 1180px; margin: 0 auto; padding: 0 1.25rem; }
        header { padding-top: 1.5rem; }
        h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
        h2 { font-size: 1.25rem; margin: 2rem 0 .75rem; border-bottom: 1px solid \(HTMLPalette.border); padding-bottom: .25rem; }
        h3 { font-size: 1.05rem; margin: 0 0 .5rem; }
        nav ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 1rem; margin: .5rem 0 0; }
        .muted { color: \(HTMLPalette.muted); }
        .tiles { display: flex; flex-wrap: wrap; gap: .75rem; margin: 0 0 1.25rem; padding: 0; list-style: none; }
        .tiles li { background: \(HTMLPalette.surface); border-radius: 6px; padding: .6rem 1rem; min-width: 9rem; }
        .tiles strong { display: block; font-size: 1.6rem; }
        .tile-error strong { color: \(HTMLPalette.error); } .tile-warning strong { color: \(HTMLPalette.warning); }
        .tile-info strong { color: \(HTMLPalette.info); }
        .tables { display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: flex-start; }
        table { border-collapse: collapse; font-size: .95rem; }
        th, td { border-bottom: 1px solid \(HTMLPalette.border); padding: .2rem .6rem; text-align: left; }
        td.n { text-align: right; font-variant-numeric: tabular-nums; }
        caption { text-align: left; font-weight: 600; padding-bottom: .25rem; }
        .badge { display: inline-block; color: \(HTMLPalette.page); border-radius: 4px; padding: 0 .45rem; font-size: .85rem;
          font-weight: 600; text-transform: uppercase; letter-spacing: .02em; }
        .badge-error { background: \(HTMLPalette.error); } .badge-warning { background: \(HTMLPalette.warning); }
        .badge-info { background: \(HTMLPalette.info); }
        #filters { background: \(HTMLPalette.surface); border-radius: 6px; padding: .75rem 1rem; margin-top: 1rem;
          display: flex; flex-wrap: wrap; gap: .75rem 1.25rem; align-items: end; }
        #filters label { display: flex; flex-direction: column; font-size: .9rem; font-weight: 600; }
        #filters select { font: inherit; font-weight: 400; padding: .2rem; border: 1px solid \(HTMLPalette.border); border-radius: 4px;
          background: \(HTMLPalette.page); color: \(HTMLPalette.text); max-width: 16rem; }
        #filters button { font: inherit; padding: .2rem .8rem; border: 1px solid \(HTMLPalette.border); border-radius: 4px;
          background: \(HTMLPalette.page); color: \(HTMLPalette.text); }
        #filter-status { margin: .25rem 0 0; flex-basis: 100%; }
        figure { margin: 0; overflow-x: auto; }
        svg.timeline { max-width: 100%; height: auto; font: 12px system-ui, "DejaVu Sans", sans-serif; }
        svg .bar { fill: \(HTMLPalette.bar); }
        svg .axis { stroke: \(HTMLPalette.border); stroke-width: 1; }
        svg .collision { fill: \(HTMLPalette.collision); }
        svg .band-severe rect { fill: \(HTMLPalette.bandSevere); } svg .band-moderate rect { fill: \(HTMLPalette.bandModerate); }
        svg .band-minor rect { fill: \(HTMLPalette.bandMinor); }
        svg text { fill: \(HTMLPalette.text); } svg .tick { fill: \(HTMLPalette.muted); }
        .draft, .loose { background: \(HTMLPalette.surface); border-radius: 8px; padding: 1rem 1.1rem; margin: 0 0 1.25rem;
          border-left: 6px solid \(HTMLPalette.border); }
        .draft.worst-error, .loose.worst-error { border-left-color: \(HTMLPalette.error); }
        .draft.worst-warning { border-left-color: \(HTMLPalette.warning); } .draft.worst-info { border-left-color: \(HTMLPalette.info); }
        .meta { display: flex; flex-wrap: wrap; gap: .25rem 1.25rem; margin: 0 0 .75rem; padding: 0; list-style: none; font-size: .92rem; }
        .post { background: \(HTMLPalette.page); border: 1px solid \(HTMLPalette.border); border-radius: 6px; padding: .75rem 1rem;
          white-space: pre-wrap; overflow-wrap: anywhere; font-size: 1.02rem; margin: 0 0 .75rem; }
        .post .elided { color: \(HTMLPalette.muted); font-style: italic; }
        .span { color: \(HTMLPalette.text); text-decoration: none; border-radius: 3px; padding: 0 1px; border-bottom: 2px solid; }
        .span-error { background: \(HTMLPalette.markError); border-color: \(HTMLPalette.error); }
        .span-warning { background: \(HTMLPalette.markWarning); border-color: \(HTMLPalette.warning); }
        .span-info { background: \(HTMLPalette.markInfo); border-color: \(HTMLPalette.info); }
        .span.dimmed { background: transparent; border-bottom-style: dotted; }
        ol.findings { list-style: none; margin: 0; padding: 0; }
        .finding { border-top: 1px solid \(HTMLPalette.border); padding: .6rem 0 .5rem; }
        .finding:first-child { border-top: 0; }
        .finding .message { margin: 0; font-weight: 600; }
        .finding .message code { font-weight: 400; }
        .finding p, .finding ul { margin: .3rem 0; }
        .finding ul { padding-left: 1.25rem; }
        .event { background: \(HTMLPalette.eventBox); border-radius: 4px; padding: .3rem .6rem; }
        pre.excerpt { background: \(HTMLPalette.page); border: 1px solid \(HTMLPalette.border); border-radius: 4px; padding: .5rem;
          overflow-x: auto; font-size: .85rem; }
        details summary { cursor: pointer; }
        .keys { font-size: .9rem; }
        kbd { border: 1px solid \(HTMLPalette.border); border-radius: 3px; padding: 0 .3rem; font-size: .85rem; }
        footer { margin-top: 2rem; padding-bottom: 2rem; font-size: .9rem; }
        @media print {
          nav, #filters, .keys, .skip, details.decision { display: none !important; }
          body { font-size: 11pt; }
          h2 { break-after: avoid; }
          .draft, .loose, .finding, figure { break-inside: avoid; }
          .draft, .loose { border: 1px solid \(HTMLPalette.border); border-left-width: 6px; }
          .span, .badge, .event, svg { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
          a { color: inherit; text-decoration: none; }
        }
        """

    /// Filters from the form, the URL's query or its fragment (`#severity=error&rule=placeholder`),
    /// applied by hiding findings (`hidden`) and drafts with nothing left to show; `j`/`k` move
    /// between the findings shown.
    static let script = """
        (function () {
          "use strict";
          var form = document.getElementById("filters");
          if (!form) { return; }
          var names = ["severity", "rule", "account", "channel", "event"];
          var findings = Array.prototype.slice.call(document.querySelectorAll("li.finding"));
          var groups = Array.prototype.slice.call(document.querySelectorAll(".draft, .loose"));
          var spans = Array.prototype.slice.call(document.querySelectorAll("a.span"));
          var status = document.getElementById("filter-status");
          function list(element, key) {
            try { return JSON.parse(element.getAttribute(key) || "[]"); } catch (error) { return []; }
          }
          function matches(element, wanted) {
            if (wanted.severity && element.getAttribute("data-severity") !== wanted.severity) { return false; }
            if (wanted.rule && element.getAttribute("data-rule") !== wanted.rule) { return false; }
            if (wanted.account && element.getAttribute("data-account") !== wanted.account) { return false; }
            if (wanted.channel && list(element, "data-channels").indexOf(wanted.channel) < 0) { return false; }
            if (wanted.event && list(element, "data-events").indexOf(wanted.event) < 0) { return false; }
            return true;
          }
          function wantedNow() {
            var wanted = {};
            names.forEach(function (name) { wanted[name] = form.elements[name].value; });
            return wanted;
          }
          function apply(updateAddress) {
            var wanted = wantedNow();
            var shown = 0;
            var visible = {};
            findings.forEach(function (element) {
              var show = matches(element, wanted);
              element.hidden = !show;
              if (show) { shown += 1; visible[element.id] = true; }
            });
            groups.forEach(function (group) {
              group.hidden = !group.querySelector("li.finding:not([hidden])");
            });
            spans.forEach(function (span) {
              var ids = (span.getAttribute("data-findings") || "").split(" ");
              var lit = ids.some(function (id) { return visible[id]; });
              span.classList.toggle("dimmed", !lit);
            });
            var active = names.filter(function (name) { return wanted[name]; });
            status.textContent = active.length === 0
              ? "Showing all " + findings.length + " findings."
              : "Showing " + shown + " of " + findings.length + " findings.";
            document.body.setAttribute("data-shown", String(shown));
            if (updateAddress && window.history && history.replaceState) {
              var query = active.map(function (name) {
                return encodeURIComponent(name) + "=" + encodeURIComponent(wanted[name]);
              }).join("&");
              history.replaceState(null, "", location.pathname + location.search + (query ? "#" + query : ""));
            }
          }
          function fromAddress() {
            var text = location.search.replace(/^\\?/, "");
            var hash = location.hash.replace(/^#/, "");
            if (hash.indexOf("=") >= 0) { text += (text ? "&" : "") + hash; }
            text.split("&").forEach(function (pair) {
              var parts = pair.split("=");
              if (parts.length !== 2) { return; }
              var name = decodeURIComponent(parts[0]);
              var value = decodeURIComponent(parts[1].replace(/\\+/g, " "));
              var select = names.indexOf(name) >= 0 ? form.elements[name] : null;
              if (!select) { return; }
              for (var index = 0; index < select.options.length; index += 1) {
                if (select.options[index].value === value) { select.value = value; }
              }
            });
          }
          form.hidden = false;
          form.addEventListener("change", function () { apply(true); });
          form.addEventListener("submit", function (event) { event.preventDefault(); });
          form.addEventListener("reset", function () { setTimeout(function () { apply(true); }, 0); });
          fromAddress();
          apply(false);
          document.addEventListener("keydown", function (event) {
            if (event.altKey || event.ctrlKey || event.metaKey) { return; }
            var target = event.target;
            if (target && /^(INPUT|SELECT|TEXTAREA|BUTTON)$/.test(target.tagName)) { return; }
            if (event.key !== "j" && event.key !== "k") { return; }
            var shown = findings.filter(function (element) { return !element.hidden; });
            if (shown.length === 0) { return; }
            var current = shown.indexOf(document.activeElement);
            var next = event.key === "j" ? current + 1 : current - 1;
            if (current < 0) { next = event.key === "j" ? 0 : shown.length - 1; }
            next = Math.max(0, Math.min(shown.length - 1, next));
            shown[next].focus();
            event.preventDefault();
          });
        })();
        """

    /// `sha256-…` of the script, for the Content-Security-Policy.
    static let scriptHash: String = {
        var hasher = SHA256()
        hasher.update(script)
        return "sha256-" + Data(hasher.finalize()).base64EncodedString()
    }()
}
