/// The formats a change report can be written in (DESIGN §5).
public enum ReportFormat: String, Sendable, CaseIterable {
    case text, json, csv, html, ldif

    /// The format a `--report FILE` names by its extension (`.txt .json .csv .html .ldif`).
    public init?(fileExtension: String) {
        switch fileExtension.lowercased() {
        case "txt", "text": self = .text
        case "json": self = .json
        case "csv": self = .csv
        case "html", "htm": self = .html
        case "ldif", "ldf": self = .ldif
        default: return nil
        }
    }
}
