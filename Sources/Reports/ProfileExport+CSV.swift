import DelimitedText
import ProfileCore

extension ProfileExportWriter {
    /// The header: `account`, `anchor`, `dn`, `state`, then the property columns.
    mutating func writeCSVHeader(_ propertyNames: [String]) {
        csv.writeRow(["account", "anchor", "dn", "state"] + propertyNames)
        bytes += csv.takeBytes()
    }

    /// RFC 4180 (CRLF, UTF-8): one row per profile, several values joined
    /// with "; ", cells a spreadsheet would run as a formula prefixed with `'`.
    mutating func appendCSV(_ profile: Profile) {
        var row = [profile.account, profile.key.anchor, profile.dn, profile.state.rawValue]
        row += repeatElement("", count: csvColumnCount)
        for property in profile.properties {
            guard let column = csvColumns[property.name] else { continue }
            row[4 + column] = property.values.joined(separator: "; ")
        }
        csv.writeRow(row)
        bytes += csv.takeBytes()
    }
}
