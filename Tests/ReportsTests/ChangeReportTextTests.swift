import Foundation
import ProfileCore
import Testing
@testable import Reports

@Suite struct ChangeReportTextTests {
    static let expected = #"""
        ProfileSync change report: run 7 (full, completed)
          started   2026-01-05T01:00:00.000Z
          finished  2026-01-05T01:00:02.500Z (2.500 s)

        Summary
          Added                1
          Updated              1
          Unchanged            3
          Marked for deletion  1
          Restored             1
          Excluded             1
          Moved                1
          Groups added         0
          Groups updated       1
          Memberships added    1
          Memberships removed  1
          Unmatched rows       2
          Errors               0

        Inputs
          CONNECTION  PATH                     SIZE  RECORDS  SKIPPED  SHA-256
          contoso     exports/contoso.ldif  2.0 KiB        9        1  9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
          hr          exports/hr.csv          300 B        3        0  60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752

        Notes
          mappings changed: this run is full

        Added (1)
          CONTOSO\zoe  CN=Zoë Ångström,OU=Staff,DC=contoso,DC=com  0b1c2d3e-0000-4000-8000-000000000001
              AccountName    CONTOSO\zoe      contoso.sAMAccountName
              PreferredName  Zoë Ångström     contoso.displayName
              WorkPhone      +1 425 555 0100  contoso.telephoneNumber
              Skills         Swift; LDAP      hr.Skills

        Updated (1)
          CONTOSO\mallory  CN=Mallory,OU=Staff,DC=contoso,DC=com  0b1c2d3e-0000-4000-8000-000000000002
              PreferredName  Mallory                      →  <img src=x onerror=alert(1)>   contoso.displayName
              Department     Sales                        →  =HYPERLINK("http://evil","x")  hr.Department
              CostCenter     100                          →  -5                             hr.CostCenter
              Title          "><script>alert(2)</script>  →  (none)                         contoso.title
              Office         (none)                       →  @SUM(A1)                       contoso.physicalDeliveryOfficeName

        Marked for deletion (1)
          ACCOUNT       DN                                  ANCHOR
          CONTOSO\gone  CN=Gone,OU=Staff,DC=contoso,DC=com  0b1c2d3e-0000-4000-8000-000000000003

        Excluded (1)
          ACCOUNT           REASON    DN                                      ANCHOR
          CONTOSO\disabled  disabled  CN=Disabled,OU=Staff,DC=contoso,DC=com  0b1c2d3e-0000-4000-8000-000000000004

        Moved (1)
          ACCOUNT        OLD DN                                  NEW DN                               ANCHOR
          CONTOSO\mover  CN=Mover,OU=Staff,DC=contoso,DC=com  →  CN=Mover,OU=Sales,DC=contoso,DC=com  0b1c2d3e-0000-4000-8000-000000000005

        Restored (1)
          ACCOUNT       DN                                  ANCHOR
          CONTOSO\back  CN=Back,OU=Staff,DC=contoso,DC=com  0b1c2d3e-0000-4000-8000-000000000006

        Group memberships (1)
          CN=Staff,OU=Groups,DC=contoso,DC=com
              + CN=Zoë Ångström,OU=Staff,DC=contoso,DC=com
              - CN=Gone,OU=Staff,DC=contoso,DC=com

        Diagnostics (1)
          exports/hr.csv:12:4: warning: row joins no profile (EmployeeID 999)
        """# + "\n"

    @Test func wholeReportForEveryKind() {
        expectSameLines(ReportFixture.report.renderText(), Self.expected)
    }

    @Test func colourIsOnlyAddedWhenAskedAndChangesNothingElse() {
        let plain = String(decoding: ReportFixture.report.renderText(options: .init(color: false)), as: UTF8.self)
        let coloured = String(decoding: ReportFixture.report.renderText(options: .init(color: true)), as: UTF8.self)
        #expect(!plain.contains("\u{1B}"))
        #expect(coloured.contains("\u{1B}[1mSummary\u{1B}[0m"))
        #expect(coloured.contains("\u{1B}[32m+ CN=Zoë Ångström,OU=Staff,DC=contoso,DC=com\u{1B}[0m"))
        let stripped = coloured.replacing(/\x1B\[[0-9;]*m/, with: "")
        #expect(stripped == plain)
    }

    @Test func theRenderDispatchPicksTheFormat() {
        let report = ReportFixture.report
        #expect(report.render(.text, options: .init(color: true)) == report.renderText(options: .init(color: true)))
        #expect(report.render(.text) == report.renderText())
        #expect(report.render(.json) == report.renderJSON())
        #expect(report.render(.html) == report.renderHTML())
    }

    @Test func controlCharactersInValuesCannotReachTheTerminal() {
        let ref = ProfileRef(connection: "c", anchor: "a", account: "X\\evil\u{1B}[2J", dn: "CN=x\rforged\u{202E}")
        let report = ChangeReport(
            run: ReportFixture.record,
            changes: [.update(ref, properties: [PropertyChange(name: "Title", old: ["a\nb"], new: ["\u{7}"], source: "s")])],
            diagnostics: [.warning("line\nbreak", at: nil)])
        let text = String(decoding: report.renderText(options: .init(color: false)), as: UTF8.self)
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        #expect(!text.contains("\u{202E}"))
        #expect(text.contains(#"X\\evil\e[2J"#))
        #expect(text.contains(#"CN=x\rforged\u{202E}"#))
        #expect(text.contains(#"a\nb  →  \x07"#))
        #expect(text.contains(#"warning: line\nbreak"#))
    }

    @Test func aRunWithoutChangesSaysSo() {
        var record = ReportFixture.record
        record.inputs = []
        record.notes = []
        record.dryRun = true
        record.status = .dryRun
        record.summary = RunSummary()
        let text = String(decoding: ChangeReport(run: record, changes: [], diagnostics: []).renderText(), as: UTF8.self)
        #expect(text.hasPrefix("ProfileSync change report: run 7 (full, dryRun)\n"))
        #expect(text.contains("  dry run: nothing was written to the store\n"))
        #expect(text.hasSuffix("  Errors               0\n\nNo changes.\n"))
        #expect(!text.contains("Inputs"))
    }

    @Test func wideCharactersKeepColumnsAligned() {
        var table = TextTable()
        table.append([.init("日本語"), .init("x")])
        table.append([.init("abc"), .init("y")])
        table.append([.init("e\u{301}"), .init("z")])
        #expect(table.lines(style: TerminalStyle(enabled: false)) == ["日本語  x", "abc     y", "e\u{301}       z"])
    }
}
