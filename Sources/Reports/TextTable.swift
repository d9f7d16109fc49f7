/// Rows of cells laid out in aligned columns for a terminal.
///
/// Widths are measured on the plain text (see `TerminalText.width`) and the
/// style is applied after padding, so colour never shifts a column. The last
/// cell of a row is not padded: no trailing spaces.
struct TextTable {
    enum Alignment {
        case left, right
    }

    struct Cell {
        var text: String
        var attribute: TerminalStyle.Attribute?

        init(_ text: String, _ attribute: TerminalStyle.Attribute? = nil) {
            self.text = TerminalText.printable(text)
            self.attribute = attribute
        }
    }

    var alignments: [Alignment]
    var rows: [[Cell]] = []
    var separator = "  "

    init(alignments: [Alignment] = []) {
        self.alignments = alignments
    }

    mutating func append(_ row: [Cell]) {
        rows.append(row)
    }

    /// One line per row, each starting with `indent`.
    func lines(indent: String = "", style: TerminalStyle) -> [String] {
        var widths: [Int] = []
        for row in rows {
            for (column, cell) in row.enumerated() {
                if column == widths.count { widths.append(0) }
                widths[column] = max(widths[column], TerminalText.width(cell.text))
            }
        }
        return rows.map { row in
            var line = indent
            for (column, cell) in row.enumerated() {
                let isLast = column == row.count - 1
                let padding = String(repeating: " ", count: widths[column] - TerminalText.width(cell.text))
                let styled = cell.attribute.map { style.apply($0, cell.text) } ?? cell.text
                let alignment = column < alignments.count ? alignments[column] : .left
                if column > 0 { line += separator }
                switch alignment {
                case .right: line += padding + styled
                case .left: line += isLast ? styled : styled + padding
                }
            }
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }
    }
}
