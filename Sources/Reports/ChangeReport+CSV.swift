import DelimitedText
import ProfileCore

extension ChangeReport {
    /// The CSV columns, in order (like Entra Connect's csexportanalyzer, with the DN).
    public static let csvColumns = ["run", "kind", "anchor", "account", "dn", "property", "old", "new", "source"]

    /// RFC 4180 CSV (CRLF, UTF-8, header row), one row per property change,
    /// and one per other change: `markForDeletion` and `restore` with no
    /// property, `exclude` with its reason in `new`, `move` as property `dn`
    /// with the old and new DN, `membership` as property `member` with one
    /// row per member (added in `new`, removed in `old`, the group in `dn`).
    /// Several values are joined with "; ". Every cell starting with `=` `+`
    /// `-` `@`, tab or CR gets a leading `'`, so a spreadsheet shows it as
    /// text instead of running it as a formula.
    public func renderCSV() -> [UInt8] {
        var writer = CSVWriter(lineEnding: .crlf, neutralizeFormulas: true)
        writer.writeRow(Self.csvColumns)
        forEachCSVRow { writer.writeRow($0) }
        return writer.bytes
    }

    /// The data rows, before quoting and formula neutralisation.
    var csvRows: [[String]] {
        var rows: [[String]] = []
        forEachCSVRow { rows.append($0) }
        return rows
    }

    /// Hands each data row to `body` in report order, without building them all first.
    private func forEachCSVRow(_ body: ([String]) -> Void) {
        let run = String(self.run.id)
        func row(_ kind: String, _ ref: ProfileRef?, dn: String? = nil, _ property: String = "",
                 old: String = "", new: String = "", source: String = "") {
            body([run, kind, ref?.anchor ?? "", ref?.account ?? "", dn ?? ref?.dn ?? "", property, old, new, source])
        }
        for change in changes {
            let kind = change.kind
            switch change {
            case .add(let ref, let properties), .update(let ref, let properties):
                if properties.isEmpty { row(kind, ref) }
                for property in properties {
                    row(
                        kind, ref, property.name, old: property.old.joined(separator: "; "),
                        new: property.new.joined(separator: "; "), source: property.source)
                }
            case .markForDeletion(let ref), .restore(let ref):
                row(kind, ref)
            case .exclude(let ref, let reason):
                row(kind, ref, new: reason.rawValue)
            case .move(let ref, let oldDn, let newDn):
                row(kind, ref, "dn", old: oldDn, new: newDn)
            case .membership(let group, let added, let removed):
                for member in added { row(kind, nil, dn: group, "member", new: member) }
                for member in removed { row(kind, nil, dn: group, "member", old: member) }
            }
        }
    }
}
