/// Accumulates an HTML page where markup and data cannot be confused:
/// `raw` takes the page's own fixed markup, every other method escapes the
/// data it is given.
struct HTMLBuilder {
    private(set) var text = ""

    init() {
        text.reserveCapacity(1 << 16)
    }

    /// Markup written by this program (never data).
    mutating func raw(_ markup: String) {
        text += markup
    }

    /// Data as element content.
    mutating func text(_ value: String) {
        text += HTMLEscaping.escape(value)
    }

    /// `<dt>term</dt><dd>value</dd>`.
    mutating func definition(_ term: String, _ value: String) {
        text += "<dt>\(HTMLEscaping.escape(term))</dt><dd>\(HTMLEscaping.escape(value))</dd>\n"
    }

    /// A `<thead>` with one row of column headings.
    mutating func header(_ columns: [String]) {
        text += "<thead><tr>"
        for column in columns { text += "<th scope=\"col\">\(HTMLEscaping.escape(column))</th>" }
        text += "</tr></thead>\n"
    }

    /// A `<tr>` of plain cells.
    mutating func row(_ cells: [String]) {
        text += "<tr>"
        for cell in cells { self.cell(cell) }
        text += "</tr>\n"
    }

    /// One `<td>`, with a class from this program when given.
    mutating func cell(_ value: String, class name: String? = nil) {
        if let name {
            text += "<td class=\"\(HTMLEscaping.escape(name))\">\(HTMLEscaping.escape(value))</td>"
        } else {
            text += "<td>\(HTMLEscaping.escape(value))</td>"
        }
    }

    /// Property values: one value inline, several joined by "; ", none as a muted "(none)".
    mutating func values(_ values: [String], class name: String) {
        if values.isEmpty {
            text += "<span class=\"none\">(none)</span>"
        } else {
            text += "<span class=\"\(HTMLEscaping.escape(name))\">"
            text += HTMLEscaping.escape(values.joined(separator: "; "))
            text += "</span>"
        }
    }

    /// A `<td>` holding a list of group members (empty cell for none).
    mutating func memberList(_ members: [String], class name: String) {
        guard !members.isEmpty else {
            text += "<td></td>"
            return
        }
        text += "<td><ul class=\"values \(HTMLEscaping.escape(name))\">"
        for member in members { text += "<li>\(HTMLEscaping.escape(member))</li>" }
        text += "</ul></td>"
    }
}
