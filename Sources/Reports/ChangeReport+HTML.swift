import Diagnostics
import ProfileCore

extension ChangeReport {
    /// The report as one self-contained HTML page: run details, a summary
    /// with an inline SVG bar chart, one filterable table per change kind and
    /// the diagnostics. No network, no external file; every value escaped.
    ///
    /// The page is also well-formed XML (void elements self-closed, script
    /// and style free of `<` and `&`), so XML tools and the tests can parse
    /// it strictly.
    public func renderHTML() -> [UInt8] {
        var html = HTMLBuilder()
        let title = "ProfileSync change report: run \(run.id)"
        html.raw("""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8" />
            <meta http-equiv="Content-Security-Policy" content="\(HTMLReportAssets.contentSecurityPolicy)" />
            <meta name="referrer" content="no-referrer" />
            <meta name="viewport" content="width=device-width, initial-scale=1" />
            <meta name="generator" content="profilesync" />
            <title>\(HTMLEscaping.escape(title))</title>
            <style>\(HTMLReportAssets.style)</style>
            </head>
            <body>
            <header>
            <h1>\(HTMLEscaping.escape(title))</h1>
            <dl class="run">

            """)
        html.definition("Kind", run.kind.rawValue)
        html.definition("Status", run.status.rawValue)
        html.definition("Dry run", run.dryRun ? "yes: nothing was written to the store" : "no")
        html.definition("Started", ChangeReport.timestamp(run.started))
        html.definition("Finished", ChangeReport.timestamp(run.finished))
        html.definition("Duration", HumanReadable.duration(from: run.started, to: run.finished))
        html.raw("</dl>\n</header>\n<main>\n")
        writeSummary(into: &html)
        writeInputs(into: &html)
        writeChanges(into: &html)
        writeDiagnostics(into: &html)
        html.raw("</main>\n<script>\(HTMLReportAssets.script)</script>\n</body>\n</html>\n")
        return Array(html.text.utf8)
    }

    private func writeSummary(into html: inout HTMLBuilder) {
        html.raw("<section id=\"summary\">\n<h2>Summary</h2>\n")
        let charted = run.summary.labeledFields.filter { $0.name != "unchanged" }
        let chart = SummaryChart(
            bars: charted.map { .init(label: $0.label, value: $0.value, colour: Self.chartColour($0.name)) },
            title: "Changes in run \(run.id)")
        html.raw("<figure>\n\(chart.svg())\n<figcaption>")
        html.text("Unchanged profiles (not charted): \(run.summary.unchanged)")
        html.raw("</figcaption>\n</figure>\n<table class=\"summary\">\n<tbody>\n")
        for field in run.summary.labeledFields {
            html.raw("<tr><th scope=\"row\">")
            html.text(field.label)
            html.raw("</th><td data-name=\"\(field.name)\">\(field.value)</td></tr>\n")
        }
        html.raw("</tbody>\n</table>\n</section>\n")
    }

    private static func chartColour(_ name: String) -> String {
        switch RunSummary.attribute(for: name) {
        case .green: "#2da44e"
        case .yellow: "#bf8700"
        case .red: "#cf222e"
        case .magenta: "#8250df"
        default: "#6e7781"
        }
    }

    private func writeInputs(into html: inout HTMLBuilder) {
        guard !run.inputs.isEmpty || !run.notes.isEmpty else { return }
        html.raw("<section id=\"inputs\">\n<h2>Inputs</h2>\n")
        if !run.inputs.isEmpty {
            html.raw("<table>\n")
            html.header(["Connection", "Path", "Size", "Records", "Skipped", "SHA-256"])
            html.raw("<tbody>\n")
            for input in run.inputs {
                html.row([
                    input.connection, input.path, HumanReadable.byteCount(input.size), String(input.records),
                    String(input.skipped), input.sha256,
                ])
            }
            html.raw("</tbody>\n</table>\n")
        }
        if !run.notes.isEmpty {
            html.raw("<ul class=\"notes\">\n")
            for note in run.notes {
                html.raw("<li>")
                html.text(note)
                html.raw("</li>\n")
            }
            html.raw("</ul>\n")
        }
        html.raw("</section>\n")
    }

    private func writeChanges(into html: inout HTMLBuilder) {
        html.raw("<section id=\"changes\">\n<h2>Changes</h2>\n")
        let sections = ChangeSection.grouped(changes)
        if sections.isEmpty {
            html.raw("<p>No changes.</p>\n</section>\n")
            return
        }
        html.raw("""
            <p class="filter"><label for="filter">Filter </label>\
            <input type="search" id="filter" placeholder="account, DN, property, value…" autocomplete="off" /></p>

            """)
        for (section, changes) in sections {
            let id = "kind-\(section.rawValue)"
            html.raw("<section class=\"kind\">\n<h3>")
            html.text(section.title)
            html.raw(" <span class=\"count\" id=\"\(id)-count\">(\(changes.count))</span></h3>\n")
            html.raw("<table class=\"filterable\" id=\"\(id)\" data-kind=\"\(section.rawValue)\">\n")
            switch section {
            case .add: html.header(["Account", "DN", "Anchor", "Properties"])
            case .update: html.header(["Account", "DN", "Anchor", "Changed properties"])
            case .markForDeletion, .restore: html.header(["Account", "DN", "Anchor"])
            case .exclude: html.header(["Account", "Reason", "DN", "Anchor"])
            case .move: html.header(["Account", "Old DN", "New DN", "Anchor"])
            case .membership: html.header(["Group", "Added members", "Removed members"])
            }
            html.raw("<tbody>\n")
            for change in changes { Self.writeRow(change, into: &html) }
            html.raw("</tbody>\n</table>\n</section>\n")
        }
        html.raw("</section>\n")
    }

    private static func writeRow(_ change: ProfileChange, into html: inout HTMLBuilder) {
        html.raw("<tr>")
        switch change {
        case .add(let ref, let properties), .update(let ref, let properties):
            html.cell(ref.account)
            html.cell(ref.dn)
            html.cell(ref.anchor, class: "anchor")
            html.raw("<td><ul class=\"values\">")
            let showOld: Bool
            if case .update = change { showOld = true } else { showOld = false }
            for property in properties {
                html.raw("<li><b>")
                html.text(property.name)
                html.raw("</b>: ")
                if showOld {
                    html.values(property.old, class: "old")
                    html.raw(" → ")
                }
                html.values(property.new, class: "new")
                html.raw(" <span class=\"source\">")
                html.text(property.source)
                html.raw("</span></li>")
            }
            html.raw("</ul></td>")
        case .markForDeletion(let ref), .restore(let ref):
            html.cell(ref.account)
            html.cell(ref.dn)
            html.cell(ref.anchor, class: "anchor")
        case .exclude(let ref, let reason):
            html.cell(ref.account)
            html.cell(reason.rawValue, class: "reason")
            html.cell(ref.dn)
            html.cell(ref.anchor, class: "anchor")
        case .move(let ref, let oldDn, let newDn):
            html.cell(ref.account)
            html.cell(oldDn, class: "old")
            html.cell(newDn, class: "new")
            html.cell(ref.anchor, class: "anchor")
        case .membership(let group, let added, let removed):
            html.cell(group)
            html.memberList(added, class: "new")
            html.memberList(removed, class: "old")
        }
        html.raw("</tr>\n")
    }

    private func writeDiagnostics(into html: inout HTMLBuilder) {
        guard !diagnostics.isEmpty else { return }
        html.raw("<section id=\"diagnostics\">\n<h2>Diagnostics <span class=\"count\" id=\"diagnostics-table-count\">")
        html.raw("(\(diagnostics.count))</span></h2>\n<table class=\"filterable\" id=\"diagnostics-table\">\n")
        html.header(["Severity", "File", "Line", "Column", "Message"])
        html.raw("<tbody>\n")
        for diagnostic in diagnostics {
            html.raw("<tr>")
            html.cell(diagnostic.severity.rawValue, class: diagnostic.severity.rawValue)
            html.cell(diagnostic.location?.file ?? "")
            html.cell(diagnostic.location.map { String($0.line) } ?? "")
            html.cell(diagnostic.location?.column.map { String($0) } ?? "")
            html.cell(diagnostic.message)
            html.raw("</tr>\n")
        }
        html.raw("</tbody>\n</table>\n</section>\n")
    }
}
