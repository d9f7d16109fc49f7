import Diagnostics
import Foundation
import ProfileCore

/// A small run with every change kind and the values that break naive
/// renderers: multi-valued, non-ASCII, markup and spreadsheet formulas.
enum ReportFixture {
    static let hostileMarkup = "<img src=x onerror=alert(1)>"
    static let hostileAttribute = "\"><script>alert(2)</script>"
    static let hostileFormula = "=HYPERLINK(\"http://evil\",\"x\")"

    static let zoe = ProfileRef(
        connection: "contoso", anchor: "0b1c2d3e-0000-4000-8000-000000000001", account: "CONTOSO\\zoe",
        dn: "CN=Zoë Ångström,OU=Staff,DC=contoso,DC=com")
    static let mallory = ProfileRef(
        connection: "contoso", anchor: "0b1c2d3e-0000-4000-8000-000000000002", account: "CONTOSO\\mallory",
        dn: "CN=Mallory,OU=Staff,DC=contoso,DC=com")
    static let gone = ProfileRef(
        connection: "contoso", anchor: "0b1c2d3e-0000-4000-8000-000000000003", account: "CONTOSO\\gone",
        dn: "CN=Gone,OU=Staff,DC=contoso,DC=com")
    static let disabled = ProfileRef(
        connection: "contoso", anchor: "0b1c2d3e-0000-4000-8000-000000000004", account: "CONTOSO\\disabled",
        dn: "CN=Disabled,OU=Staff,DC=contoso,DC=com")
    static let mover = ProfileRef(
        connection: "contoso", anchor: "0b1c2d3e-0000-4000-8000-000000000005", account: "CONTOSO\\mover",
        dn: "CN=Mover,OU=Sales,DC=contoso,DC=com")
    static let back = ProfileRef(
        connection: "contoso", anchor: "0b1c2d3e-0000-4000-8000-000000000006", account: "CONTOSO\\back",
        dn: "CN=Back,OU=Staff,DC=contoso,DC=com")
    static let group = "CN=Staff,OU=Groups,DC=contoso,DC=com"

    static var changes: [ProfileChange] {
        [
            .add(
                zoe,
                properties: [
                    PropertyChange(name: "AccountName", old: [], new: ["CONTOSO\\zoe"], source: "contoso.sAMAccountName"),
                    PropertyChange(name: "PreferredName", old: [], new: ["Zoë Ångström"], source: "contoso.displayName"),
                    PropertyChange(name: "WorkPhone", old: [], new: ["+1 425 555 0100"], source: "contoso.telephoneNumber"),
                    PropertyChange(name: "Skills", old: [], new: ["Swift", "LDAP"], source: "hr.Skills"),
                ]),
            .update(
                mallory,
                properties: [
                    PropertyChange(name: "PreferredName", old: ["Mallory"], new: [hostileMarkup], source: "contoso.displayName"),
                    PropertyChange(name: "Department", old: ["Sales"], new: [hostileFormula], source: "hr.Department"),
                    PropertyChange(name: "CostCenter", old: ["100"], new: ["-5"], source: "hr.CostCenter"),
                    PropertyChange(name: "Title", old: [hostileAttribute], new: [], source: "contoso.title"),
                    PropertyChange(name: "Office", old: [], new: ["@SUM(A1)"], source: "contoso.physicalDeliveryOfficeName"),
                ]),
            .markForDeletion(gone),
            .exclude(disabled, reason: .disabled),
            .move(mover, oldDn: "CN=Mover,OU=Staff,DC=contoso,DC=com", newDn: "CN=Mover,OU=Sales,DC=contoso,DC=com"),
            .restore(back),
            .membership(group: group, added: [zoe.dn], removed: [gone.dn]),
        ]
    }

    static var summary: RunSummary {
        var summary = RunSummary()
        summary.added = 1
        summary.updated = 1
        summary.unchanged = 3
        summary.markedForDeletion = 1
        summary.restored = 1
        summary.excluded = 1
        summary.moved = 1
        summary.groupsUpdated = 1
        summary.membershipsAdded = 1
        summary.membershipsRemoved = 1
        summary.unmatchedRows = 2
        return summary
    }

    static let started = Date(timeIntervalSince1970: 1_767_574_800)  // 2026-01-05T01:00:00Z

    static var record: RunRecord {
        RunRecord(
            id: 7, kind: .full, dryRun: false, started: started, finished: started.addingTimeInterval(2.5),
            status: .completed,
            inputs: [
                RunInput(
                    connection: "contoso", path: "exports/contoso.ldif", size: 2048,
                    sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", records: 9, skipped: 1),
                RunInput(
                    connection: "hr", path: "exports/hr.csv", size: 300,
                    sha256: "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752", records: 3, skipped: 0),
            ],
            summary: summary, notes: ["mappings changed: this run is full"])
    }

    static var diagnostics: [Diagnostic] {
        [.warning("row joins no profile (EmployeeID 999)", at: SourceLocation(file: "exports/hr.csv", line: 12, column: 4))]
    }

    static var report: ChangeReport {
        ChangeReport(run: record, changes: changes, diagnostics: diagnostics)
    }
}
