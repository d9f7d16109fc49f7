import Crypto
import Foundation

/// The fixed style sheet and script of the HTML report, and the
/// Content-Security-Policy that allows exactly them.
///
/// The policy names the two blocks by SHA-256 instead of allowing inline
/// code in general: should a value ever escape `HTMLEscaping`, a script it
/// injected would still not run, and nothing on the page can load from
/// anywhere (`default-src 'none'`), so opening a report never phones home.
enum HTMLReportAssets {
    /// The page's style sheet (light and dark schemes). No `<` or `&`, so the
    /// page stays well-formed XML.
    static let style = """
        :root{color-scheme:light dark;--fg:#1b1f24;--bg:#fff;--muted:#59636e;--line:#d1d9e0;--head:#f6f8fa;\
        --add:#1a7f37;--del:#cf222e;--upd:#9a6700}
        @media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--bg:#0d1117;--muted:#9198a1;--line:#3d444d;\
        --head:#151b23;--add:#3fb950;--del:#f85149;--upd:#d29922}}
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);\
        background:var(--bg);margin:0 auto;padding:1.5rem;max-width:1400px}
        h1{font-size:1.5rem;margin:0 0 .75rem}h2{font-size:1.2rem;margin:2rem 0 .5rem}\
        h3{font-size:1rem;margin:1.5rem 0 .4rem}
        dl.run{display:grid;grid-template-columns:max-content auto;gap:.15rem 1rem;margin:0}\
        dl.run dt{color:var(--muted)}dl.run dd{margin:0}
        table{border-collapse:collapse;width:100%;font-size:13px}\
        th,td{border:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top;\
        overflow-wrap:anywhere}
        thead th{background:var(--head)}
        table.summary{width:auto}table.summary td{text-align:right;font-variant-numeric:tabular-nums}
        ul.values{margin:0;padding-left:1.1rem}
        .old{color:var(--del)}.new{color:var(--add)}.source,.anchor,.none{color:var(--muted)}
        .source,.anchor{font-size:12px}
        .reason{color:var(--del);font-weight:600}
        .error{color:var(--del);font-weight:600}.warning{color:var(--upd);font-weight:600}
        .filter{position:sticky;top:0;background:var(--bg);padding:.5rem 0;z-index:1}
        .filter input{font:inherit;padding:.3rem .5rem;width:min(100%,28rem)}
        .count{color:var(--muted);font-weight:400}
        svg.chart{max-width:100%;height:auto}
        """

    /// The filter box: hides the rows of every filterable table that do not
    /// contain the query (case-insensitive) and updates the counts. It only
    /// reads `textContent` and writes `hidden`/`textContent`, never markup.
    /// Written without `<` and `&` so the page stays well-formed XML.
    static let script = """
        "use strict";
        (function () {
          var input = document.getElementById("filter");
          if (!input) { return; }
          var tables = Array.prototype.slice.call(document.querySelectorAll("table.filterable"));
          function apply() {
            var query = input.value.trim().toLowerCase();
            tables.forEach(function (table) {
              var rows = Array.prototype.slice.call(table.tBodies[0].rows);
              var shown = rows.filter(function (row) {
                var match = query === "" || row.textContent.toLowerCase().indexOf(query) !== -1;
                row.hidden = !match;
                return match;
              }).length;
              var count = document.getElementById(table.id + "-count");
              if (count) {
                count.textContent = query === "" ? "(" + rows.length + ")" : "(" + shown + " of " + rows.length + ")";
              }
            });
          }
          input.addEventListener("input", apply);
        })();
        """

    /// `default-src 'none'` with the style sheet and script allowed by hash.
    static let contentSecurityPolicy =
        "default-src 'none'; style-src '\(hash(style))'; script-src '\(hash(script))'; "
        + "img-src 'none'; base-uri 'none'; form-action 'none'"

    private static func hash(_ text: String) -> String {
        "sha256-" + Data(SHA256.hash(data: Data(text.utf8))).base64EncodedString()
    }
}
