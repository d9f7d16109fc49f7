import Foundation
import ProfileCore
import Reports
import Testing

/// The JSON change report (DESIGN §5.2), whole and written in pieces.
@Suite struct ChangeReportJSONTests {
    /// DESIGN §5.2 as the existing renderer writes it; guards it against refactoring.
    static let expected = #"""
        {"run":{"id":7,"kind":"full","dryRun":false,"status":"completed","started":"2026-01-05T01:00:00.000Z","finished":"2026-01-05T01:00:02.500Z","inputs":[{"connection":"contoso","path":"exports/contoso.ldif","size":2048,"sha256":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08","records":9,"skipped":1},{"connection":"hr","path":"exports/hr.csv","size":300,"sha256":"60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752","records":3,"skipped":0}],"notes":["mappings changed: this run is full"]},"summary":{"added":1,"updated":1,"unchanged":3,"markedForDeletion":1,"restored":1,"excluded":1,"moved":1,"groupsAdded":0,"groupsUpdated":1,"membershipsAdded":1,"membershipsRemoved":1,"unmatchedRows":2,"errors":0},"changes":[{"kind":"add","anchor":"0b1c2d3e-0000-4000-8000-000000000001","account":"CONTOSO\\zoe","dn":"CN=Zoë Ångström,OU=Staff,DC=contoso,DC=com","properties":[{"name":"AccountName","old":null,"new":"CONTOSO\\zoe","source":"contoso.sAMAccountName"},{"name":"PreferredName","old":null,"new":"Zoë Ångström","source":"contoso.displayName"},{"name":"WorkPhone","old":null,"new":"+1 425 555 0100","source":"contoso.telephoneNumber"},{"name":"Skills","old":null,"new":["Swift","LDAP"],"source":"hr.Skills"}]},{"kind":"update","anchor":"0b1c2d3e-0000-4000-8000-000000000002","account":"CONTOSO\\mallory","dn":"CN=Mallory,OU=Staff,DC=contoso,DC=com","properties":[{"name":"PreferredName","old":"Mallory","new":"<img src=x onerror=alert(1)>","source":"contoso.displayName"},{"name":"Department","old":"Sales","new":"=HYPERLINK(\"http://evil\",\"x\")","source":"hr.Department"},{"name":"CostCenter","old":"100","new":"-5","source":"hr.CostCenter"},{"name":"Title","old":"\"><script>alert(2)</script>","new":null,"source":"contoso.title"},{"name":"Office","old":null,"new":"@SUM(A1)","source":"contoso.physicalDeliveryOfficeName"}]},{"kind":"markForDeletion","anchor":"0b1c2d3e-0000-4000-8000-000000000003","account":"CONTOSO\\gone","dn":"CN=Gone,OU=Staff,DC=contoso,DC=com"},{"kind":"exclude","anchor":"0b1c2d3e-0000-4000-8000-000000000004","account":"CONTOSO\\disabled","dn":"CN=Disabled,OU=Staff,DC=contoso,DC=com","reason":"disabled"},{"kind":"move","anchor":"0b1c2d3e-0000-4000-8000-000000000005","account":"CONTOSO\\mover","oldDn":"CN=Mover,OU=Staff,DC=contoso,DC=com","newDn":"CN=Mover,OU=Sales,DC=contoso,DC=com"},{"kind":"restore","anchor":"0b1c2d3e-0000-4000-8000-000000000006","account":"CONTOSO\\back","dn":"CN=Back,OU=Staff,DC=contoso,DC=com"},{"kind":"membership","group":"CN=Staff,OU=Groups,DC=contoso,DC=com","added":["CN=Zoë Ångström,OU=Staff,DC=contoso,DC=com"],"removed":["CN=Gone,OU=Staff,DC=contoso,DC=com"]}],"diagnostics":[{"severity":"warning","file":"exports/hr.csv","line":12,"column":4,"message":"row joins no profile (EmployeeID 999)"}]}
        """# + "\n"

    @Test func wholeReportIsUnchanged() {
        expectSameLines(ReportFixture.report.renderJSON(), Self.expected)
    }

    @Test func aLongMembershipIsWrittenInPiecesThatMakeTheSameText() throws {
        let added = (0..<5000).map { "CN=User \($0),OU=Staff,DC=contoso,DC=com" }
        let removed = (0..<1500).map { "CN=Gone \($0),OU=Staff,DC=contoso,DC=com" }
        let report = ChangeReport(
            run: ReportFixture.record,
            changes: [
                .membership(group: "CN=All Staff,OU=Groups,DC=contoso,DC=com", added: added, removed: removed),
                .membership(group: "CN=Small,OU=Groups,DC=contoso,DC=com", added: ["CN=A,DC=contoso,DC=com"], removed: []),
            ],
            diagnostics: [])
        var pieces: [[UInt8]] = []
        var aligned: [Bool] = []
        report.renderJSON(chunkSize: 4096) { piece in
            pieces.append(Array(piece))
            aligned.append(Int(bitPattern: piece.baseAddress) % ChangeReport.pieceAlignment == 0)
        }
        #expect(Array(pieces.joined()) == report.renderJSON())
        // Every piece but the last whole aligned blocks, which a direct file writer takes where they lie.
        #expect(aligned.dropLast().allSatisfy { $0 })
        #expect(pieces.dropLast().allSatisfy { $0.count % ChangeReport.pieceAlignment == 0 }, "\(pieces.map(\.count))")
        // Pieces are cut within the long change: every 1,024 members at most
        // (about 40 KB here), not once for its 260 KB.
        #expect(pieces.count > 6)
        #expect(pieces.allSatisfy { $0.count < 64 * 1024 }, "\(pieces.map(\.count))")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(report.renderJSON())) as? [String: Any])
        let changes = try #require(object["changes"] as? [[String: Any]])
        #expect(changes.count == 2)
        #expect(changes[0]["kind"] as? String == "membership")
        #expect(changes[0]["added"] as? [String] == added)
        #expect(changes[0]["removed"] as? [String] == removed)
        #expect(changes[1]["added"] as? [String] == ["CN=A,DC=contoso,DC=com"])
        #expect(Array(changes[1].keys).sorted() == ["added", "group", "kind", "removed"])
    }
}
