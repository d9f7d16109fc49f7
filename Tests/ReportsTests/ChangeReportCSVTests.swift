import DelimitedText
import Foundation
import ProfileCore
import Testing
@testable import Reports

@Suite struct ChangeReportCSVTests {
    /// Lines of the expected CSV; every line ends with CR LF.
    static let expectedLines = #"""
        run,kind,anchor,account,dn,property,old,new,source
        7,add,0b1c2d3e-0000-4000-8000-000000000001,CONTOSO\zoe,"CN=Zoë Ångström,OU=Staff,DC=contoso,DC=com",AccountName,,CONTOSO\zoe,contoso.sAMAccountName
        7,add,0b1c2d3e-0000-4000-8000-000000000001,CONTOSO\zoe,"CN=Zoë Ångström,OU=Staff,DC=contoso,DC=com",PreferredName,,Zoë Ångström,contoso.displayName
        7,add,0b1c2d3e-0000-4000-8000-000000000001,CONTOSO\zoe,"CN=Zoë Ångström,OU=Staff,DC=contoso,DC=com",WorkPhone,,'+1 425 555 0100,contoso.telephoneNumber
        7,add,0b1c2d3e-0000-4000-8000-000000000001,CONTOSO\zoe,"CN=Zoë Ångström,OU=Staff,DC=contoso,DC=com",Skills,,Swift; LDAP,hr.Skills
        7,update,0b1c2d3e-0000-4000-8000-000000000002,CONTOSO\mallory,"CN=Mallory,OU=Staff,DC=contoso,DC=com",PreferredName,Mallory,<img src=x onerror=alert(1)>,contoso.displayName
        7,update,0b1c2d3e-0000-4000-8000-000000000002,CONTOSO\mallory,"CN=Mallory,OU=Staff,DC=contoso,DC=com",Department,Sales,"'=HYPERLINK(""http://evil"",""x"")",hr.Department
        7,update,0b1c2d3e-0000-4000-8000-000000000002,CONTOSO\mallory,"CN=Mallory,OU=Staff,DC=contoso,DC=com",CostCenter,100,'-5,hr.CostCenter
        7,update,0b1c2d3e-0000-4000-8000-000000000002,CONTOSO\mallory,"CN=Mallory,OU=Staff,DC=contoso,DC=com",Title,"""><script>alert(2)</script>",,contoso.title
        7,update,0b1c2d3e-0000-4000-8000-000000000002,CONTOSO\mallory,"CN=Mallory,OU=Staff,DC=contoso,DC=com",Office,,'@SUM(A1),contoso.physicalDeliveryOfficeName
        7,markForDeletion,0b1c2d3e-0000-4000-8000-000000000003,CONTOSO\gone,"CN=Gone,OU=Staff,DC=contoso,DC=com",,,,
        7,exclude,0b1c2d3e-0000-4000-8000-000000000004,CONTOSO\disabled,"CN=Disabled,OU=Staff,DC=contoso,DC=com",,,disabled,
        7,move,0b1c2d3e-0000-4000-8000-000000000005,CONTOSO\mover,"CN=Mover,OU=Sales,DC=contoso,DC=com",dn,"CN=Mover,OU=Staff,DC=contoso,DC=com","CN=Mover,OU=Sales,DC=contoso,DC=com",
        7,restore,0b1c2d3e-0000-4000-8000-000000000006,CONTOSO\back,"CN=Back,OU=Staff,DC=contoso,DC=com",,,,
        7,membership,,,"CN=Staff,OU=Groups,DC=contoso,DC=com",member,,"CN=Zoë Ångström,OU=Staff,DC=contoso,DC=com",
        7,membership,,,"CN=Staff,OU=Groups,DC=contoso,DC=com",member,"CN=Gone,OU=Staff,DC=contoso,DC=com",,
        """#.split(separator: "\n", omittingEmptySubsequences: false)

    @Test func wholeReportForEveryKind() {
        let expected = Self.expectedLines.map { $0 + "\r\n" }.joined()
        expectSameLines(ReportFixture.report.renderCSV(), expected)
        #expect(ReportFixture.report.render(.csv) == ReportFixture.report.renderCSV())
    }

    @Test func readsBackAsRFC4180WithNoCellAFormula() throws {
        let reader = try CSVReader(
            bytes: ReportFixture.report.renderCSV(), name: "report.csv",
            options: CSVReaderOptions(delimiter: .byte(UInt8(ascii: ",")), encoding: .utf8, policy: .strict))
        var rows: [[String]] = []
        while let row = try reader.next() { rows.append(row.fields) }
        #expect(reader.header == ChangeReport.csvColumns)
        #expect(rows == ReportFixture.report.csvRows.map { $0.map(Self.neutralised) })
        #expect(rows.count == 15)
        for cell in rows.joined() {
            #expect(!["=", "+", "-", "@", "\t", "\r"].contains(cell.first.map(String.init) ?? ""), "\(cell)")
        }
        // The hostile values are still all there, behind the quote.
        let new = rows.map { $0[7] }
        #expect(new.contains("'" + ReportFixture.hostileFormula))
        #expect(new.contains("'+1 425 555 0100"))
        #expect(new.contains("'-5"))
        #expect(new.contains("'@SUM(A1)"))
        #expect(new.contains(ReportFixture.hostileMarkup))
        #expect(rows.map { $0[6] }.contains(ReportFixture.hostileAttribute))
    }

    /// What a spreadsheet-safe cell looks like: a leading `'` before a formula character.
    static func neutralised(_ cell: String) -> String {
        guard let first = cell.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return cell }
        return "'" + cell
    }

    @Test func anEmptyRunIsJustTheHeader() {
        let report = ChangeReport(run: ReportFixture.record, changes: [], diagnostics: [])
        #expect(report.renderCSV() == Array("run,kind,anchor,account,dn,property,old,new,source\r\n".utf8))
    }
}
