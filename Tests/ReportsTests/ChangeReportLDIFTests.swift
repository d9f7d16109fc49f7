import Foundation
import LDIF
import ProfileCore
import Testing
@testable import Reports

@Suite struct ChangeReportLDIFTests {
    static let expected = #"""
        version: 1
        # ProfileSync change report: run 7 (full, completed), finished 2026-01-05T01:00:02.500Z

        # move CONTOSO\mover
        dn: CN=Mover,OU=Staff,DC=contoso,DC=com
        changetype: moddn
        newrdn: CN=Mover
        deleteoldrdn: 1
        newsuperior: OU=Sales,DC=contoso,DC=com

        dn:: Q049Wm/DqyDDhW5nc3Ryw7ZtLE9VPVN0YWZmLERDPWNvbnRvc28sREM9Y29t
        changetype: add
        AccountName: CONTOSO\zoe
        PreferredName:: Wm/DqyDDhW5nc3Ryw7Zt
        WorkPhone: +1 425 555 0100
        Skills: Swift
        Skills: LDAP

        dn: CN=Mallory,OU=Staff,DC=contoso,DC=com
        changetype: modify
        replace: PreferredName
        PreferredName:: PGltZyBzcmM9eCBvbmVycm9yPWFsZXJ0KDEpPg==
        -
        replace: Department
        Department: =HYPERLINK("http://evil","x")
        -
        replace: CostCenter
        CostCenter: -5
        -
        delete: Title
        -
        replace: Office
        Office: @SUM(A1)
        -

        dn: CN=Staff,OU=Groups,DC=contoso,DC=com
        changetype: modify
        add: member
        member:: Q049Wm/DqyDDhW5nc3Ryw7ZtLE9VPVN0YWZmLERDPWNvbnRvc28sREM9Y29t
        -
        delete: member
        member: CN=Gone,OU=Staff,DC=contoso,DC=com
        -

        # markForDeletion CONTOSO\gone
        dn: CN=Gone,OU=Staff,DC=contoso,DC=com
        changetype: delete

        # exclude CONTOSO\disabled (CN=Disabled,OU=Staff,DC=contoso,DC=com): disabled; no directory change

        # restore CONTOSO\back (CN=Back,OU=Staff,DC=contoso,DC=com): no directory change
        """# + "\n"

    @Test func wholeReportForEveryKind() {
        expectSameLines(ReportFixture.report.renderLDIF(), Self.expected)
        #expect(ReportFixture.report.render(.ldif) == ReportFixture.report.renderLDIF())
    }

    @Test func readsBackWithOurLDIFReader() throws {
        let reader = LDIFReader(
            bytes: ReportFixture.report.renderLDIF(), name: "report.ldif", options: LDIFReaderOptions(policy: .strict))
        var records: [LDIFRecord] = []
        while let record = try reader.next() { records.append(record) }
        #expect(reader.diagnostics.diagnostics.isEmpty)
        #expect(records.map(\.dn.string) == [
            "CN=Mover,OU=Staff,DC=contoso,DC=com", ReportFixture.zoe.dn, ReportFixture.mallory.dn,
            ReportFixture.group, ReportFixture.gone.dn,
        ])
        #expect(records[0].body == .modDN(newRDN: "CN=Mover", deleteOldRDN: true, newSuperior: "OU=Sales,DC=contoso,DC=com", keyword: "moddn"))
        #expect(records[1].attributes?.map(\.name) == ["AccountName", "PreferredName", "WorkPhone", "Skills"])
        #expect(records[1].attributes?.last?.values.map(\.string) == ["Swift", "LDAP"])
        #expect(records[1].attributes?[1].values.first?.string == "Zoë Ångström")
        guard case .modify(let modifications) = records[2].body else {
            Issue.record("update is not a modify record")
            return
        }
        #expect(modifications.map(\.operation) == [.replace, .replace, .replace, .delete, .replace])
        #expect(modifications.map(\.attribute) == ["PreferredName", "Department", "CostCenter", "Title", "Office"])
        #expect(modifications[0].values.map(\.string) == [ReportFixture.hostileMarkup])
        #expect(modifications[1].values.map(\.string) == [ReportFixture.hostileFormula])
        #expect(records[3].body == .modify([
            LDIFModification(operation: .add, attribute: "member", values: [LDIFValue(ReportFixture.zoe.dn)]),
            LDIFModification(operation: .delete, attribute: "member", values: [LDIFValue(ReportFixture.gone.dn)]),
        ]))
        #expect(records[4].body == .delete)
    }

    @Test func valuesCannotForgeRecordsAndBadNamesAreLeftOut() throws {
        let ref = ProfileRef(connection: "c", anchor: "a", account: "X\ndn: CN=forged", dn: "CN=x,DC=y")
        let report = ChangeReport(
            run: ReportFixture.record,
            changes: [
                .update(ref, properties: [
                    PropertyChange(name: "Title", old: [], new: ["a\n\ndn: CN=forged\nchangetype: delete"], source: "s"),
                    PropertyChange(name: "Work Phone", old: [], new: ["1"], source: "s"),
                ]),
                .exclude(ref, reason: .filtered),
                .add(ref, properties: [PropertyChange(name: "Bad Name", old: [], new: ["x"], source: "s")]),
            ],
            diagnostics: [])
        let reader = LDIFReader(bytes: report.renderLDIF(), name: "r.ldif", options: LDIFReaderOptions(policy: .strict))
        var records: [LDIFRecord] = []
        while let record = try reader.next() { records.append(record) }
        #expect(records.count == 1)
        #expect(records.first?.body == .modify([
            LDIFModification(operation: .replace, attribute: "Title", values: [LDIFValue("a\n\ndn: CN=forged\nchangetype: delete")])
        ]))
        let text = String(decoding: report.renderLDIF(), as: UTF8.self)
        #expect(text.contains("# property 'Work Phone' left out: not an LDAP attribute name\n"))
        #expect(text.contains("# exclude X\\ndn: CN=forged (CN=x,DC=y): filtered; no directory change\n"))
        #expect(text.contains("# property 'Bad Name' left out: not an LDAP attribute name\n# add X\\ndn: CN=forged (CN=x,DC=y): no attribute expressible in LDIF\n"))
    }
}
