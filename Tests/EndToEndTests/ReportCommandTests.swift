import Foundation
import LDIF
import ProfileStore
import Testing
import TestSupport

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// `report` and `export` run as the built binary against the fixture store
/// of `MaintenanceCommandTests`, comparing whole outputs per format.
@Suite struct ReportCommandTests {
    enum Expected {
        static let textRun3 = #"""
            ProfileSync change report: run 3 (full, completed)
              started   2026-01-07T01:00:00.000Z
              finished  2026-01-07T01:00:02.500Z (2.500 s)

            Summary
              Added                1
              Updated              1
              Unchanged            0
              Marked for deletion  1
              Restored             1
              Excluded             1
              Moved                1
              Groups added         0
              Groups updated       1
              Memberships added    1
              Memberships removed  1
              Unmatched rows       0
              Errors               0

            Inputs
              CONNECTION  PATH                     SIZE  RECORDS  SKIPPED  SHA-256
              contoso     exports/contoso.ldif  2.0 KiB        6        0  abababababababababababababababababababababababababababababababab
              hr          exports/hr.csv        2.0 KiB        6        0  abababababababababababababababababababababababababababababababab

            Added (1)
              CONTOSO\zoe  CN=Zoë Ångström,OU=Staff,DC=contoso,DC=com  0b1c2d3e-0000-4000-8000-000000000001
                  AccountName            CONTOSO\zoe                                 contoso.sAMAccountName
                  SPS-DistinguishedName  CN=Zoë Ångström,OU=Staff,DC=contoso,DC=com  contoso.dn
                  PreferredName          Zoë Ångström                                contoso.displayName
                  WorkPhone              +1 425 555 0100                             contoso.telephoneNumber
                  Skills                 Swift; LDAP                                 hr.Skills

            Updated (1)
              CONTOSO\mallory  CN=Mallory,OU=Staff,DC=contoso,DC=com  0b1c2d3e-0000-4000-8000-000000000002
                  PreferredName  (none)  →  <img src=x onerror=alert(1)>   contoso.displayName
                  Department     Sales   →  =HYPERLINK("http://evil","x")  hr.Department
                  CostCenter     (none)  →  -5                             hr.CostCenter
                  Office         (none)  →  @SUM(A1)                       contoso.physicalDeliveryOfficeName

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
            """# + "\n"

        static let jsonRun1 = #"""
            {"run":{"id":1,"kind":"full","dryRun":false,"status":"completed","started":"2026-01-05T01:00:00.000Z","finished":"2026-01-05T01:00:02.500Z","inputs":[{"connection":"contoso","path":"exports/contoso.ldif","size":2048,"sha256":"abababababababababababababababababababababababababababababababab","records":6,"skipped":0},{"connection":"hr","path":"exports/hr.csv","size":2048,"sha256":"abababababababababababababababababababababababababababababababab","records":6,"skipped":0}],"notes":[]},"summary":{"added":5,"updated":0,"unchanged":0,"markedForDeletion":0,"restored":0,"excluded":0,"moved":0,"groupsAdded":1,"groupsUpdated":0,"membershipsAdded":2,"membershipsRemoved":0,"unmatchedRows":0,"errors":0},"changes":[{"kind":"add","anchor":"0b1c2d3e-0000-4000-8000-000000000002","account":"CONTOSO\\mallory","dn":"CN=Mallory,OU=Staff,DC=contoso,DC=com","properties":[{"name":"AccountName","old":null,"new":"CONTOSO\\mallory","source":"contoso.sAMAccountName"},{"name":"SPS-DistinguishedName","old":null,"new":"CN=Mallory,OU=Staff,DC=contoso,DC=com","source":"contoso.dn"},{"name":"Department","old":null,"new":"Sales","source":"hr.Department"}]},{"kind":"add","anchor":"0b1c2d3e-0000-4000-8000-000000000003","account":"CONTOSO\\gone","dn":"CN=Gone,OU=Staff,DC=contoso,DC=com","properties":[{"name":"AccountName","old":null,"new":"CONTOSO\\gone","source":"contoso.sAMAccountName"},{"name":"SPS-DistinguishedName","old":null,"new":"CN=Gone,OU=Staff,DC=contoso,DC=com","source":"contoso.dn"},{"name":"Department","old":null,"new":"Sales","source":"hr.Department"}]},{"kind":"add","anchor":"0b1c2d3e-0000-4000-8000-000000000004","account":"CONTOSO\\disabled","dn":"CN=Disabled,OU=Staff,DC=contoso,DC=com","properties":[{"name":"AccountName","old":null,"new":"CONTOSO\\disabled","source":"contoso.sAMAccountName"},{"name":"SPS-DistinguishedName","old":null,"new":"CN=Disabled,OU=Staff,DC=contoso,DC=com","source":"contoso.dn"},{"name":"Department","old":null,"new":"Sales","source":"hr.Department"}]},{"kind":"add","anchor":"0b1c2d3e-0000-4000-8000-000000000005","account":"CONTOSO\\mover","dn":"CN=Mover,OU=Staff,DC=contoso,DC=com","properties":[{"name":"AccountName","old":null,"new":"CONTOSO\\mover","source":"contoso.sAMAccountName"},{"name":"SPS-DistinguishedName","old":null,"new":"CN=Mover,OU=Staff,DC=contoso,DC=com","source":"contoso.dn"},{"name":"Department","old":null,"new":"Sales","source":"hr.Department"}]},{"kind":"add","anchor":"0b1c2d3e-0000-4000-8000-000000000006","account":"CONTOSO\\back","dn":"CN=Back,OU=Staff,DC=contoso,DC=com","properties":[{"name":"AccountName","old":null,"new":"CONTOSO\\back","source":"contoso.sAMAccountName"},{"name":"SPS-DistinguishedName","old":null,"new":"CN=Back,OU=Staff,DC=contoso,DC=com","source":"contoso.dn"},{"name":"Department","old":null,"new":"Sales","source":"hr.Department"}]},{"kind":"membership","group":"CN=Staff,OU=Groups,DC=contoso,DC=com","added":["CN=Mallory,OU=Staff,DC=contoso,DC=com","CN=Gone,OU=Staff,DC=contoso,DC=com"],"removed":[]}],"diagnostics":[]}
            """# + "\n"

        static let csvRun3 = #"""
            run,kind,anchor,account,dn,property,old,new,source
            3,add,0b1c2d3e-0000-4000-8000-000000000001,CONTOSO\zoe,"CN=Zoë Ångström,OU=Staff,DC=contoso,DC=com",AccountName,,CONTOSO\zoe,contoso.sAMAccountName
            3,add,0b1c2d3e-0000-4000-8000-000000000001,CONTOSO\zoe,"CN=Zoë Ångström,OU=Staff,DC=contoso,DC=com",SPS-DistinguishedName,,"CN=Zoë Ångström,OU=Staff,DC=contoso,DC=com",contoso.dn
            3,add,0b1c2d3e-0000-4000-8000-000000000001,CONTOSO\zoe,"CN=Zoë Ångström,OU=Staff,DC=contoso,DC=com",PreferredName,,Zoë Ångström,contoso.displayName
            3,add,0b1c2d3e-0000-4000-8000-000000000001,CONTOSO\zoe,"CN=Zoë Ångström,OU=Staff,DC=contoso,DC=com",WorkPhone,,'+1 425 555 0100,contoso.telephoneNumber
            3,add,0b1c2d3e-0000-4000-8000-000000000001,CONTOSO\zoe,"CN=Zoë Ångström,OU=Staff,DC=contoso,DC=com",Skills,,Swift; LDAP,hr.Skills
            3,update,0b1c2d3e-0000-4000-8000-000000000002,CONTOSO\mallory,"CN=Mallory,OU=Staff,DC=contoso,DC=com",PreferredName,,<img src=x onerror=alert(1)>,contoso.displayName
            3,update,0b1c2d3e-0000-4000-8000-000000000002,CONTOSO\mallory,"CN=Mallory,OU=Staff,DC=contoso,DC=com",Department,Sales,"'=HYPERLINK(""http://evil"",""x"")",hr.Department
            3,update,0b1c2d3e-0000-4000-8000-000000000002,CONTOSO\mallory,"CN=Mallory,OU=Staff,DC=contoso,DC=com",CostCenter,,'-5,hr.CostCenter
            3,update,0b1c2d3e-0000-4000-8000-000000000002,CONTOSO\mallory,"CN=Mallory,OU=Staff,DC=contoso,DC=com",Office,,'@SUM(A1),contoso.physicalDeliveryOfficeName
            3,markForDeletion,0b1c2d3e-0000-4000-8000-000000000003,CONTOSO\gone,"CN=Gone,OU=Staff,DC=contoso,DC=com",,,,
            3,exclude,0b1c2d3e-0000-4000-8000-000000000004,CONTOSO\disabled,"CN=Disabled,OU=Staff,DC=contoso,DC=com",,,disabled,
            3,move,0b1c2d3e-0000-4000-8000-000000000005,CONTOSO\mover,"CN=Mover,OU=Sales,DC=contoso,DC=com",dn,"CN=Mover,OU=Staff,DC=contoso,DC=com","CN=Mover,OU=Sales,DC=contoso,DC=com",
            3,restore,0b1c2d3e-0000-4000-8000-000000000006,CONTOSO\back,"CN=Back,OU=Staff,DC=contoso,DC=com",,,,
            3,membership,,,"CN=Staff,OU=Groups,DC=contoso,DC=com",member,,"CN=Zoë Ångström,OU=Staff,DC=contoso,DC=com",
            3,membership,,,"CN=Staff,OU=Groups,DC=contoso,DC=com",member,"CN=Gone,OU=Staff,DC=contoso,DC=com",,
            """#.split(separator: "\n").map { $0 + "\r\n" }.joined()

        static let ldifRun3 = #"""
            version: 1
            # ProfileSync change report: run 3 (full, completed), finished 2026-01-07T01:00:02.500Z

            # move CONTOSO\mover
            dn: CN=Mover,OU=Staff,DC=contoso,DC=com
            changetype: moddn
            newrdn: CN=Mover
            deleteoldrdn: 1
            newsuperior: OU=Sales,DC=contoso,DC=com

            dn:: Q049Wm/DqyDDhW5nc3Ryw7ZtLE9VPVN0YWZmLERDPWNvbnRvc28sREM9Y29t
            changetype: add
            AccountName: CONTOSO\zoe
            SPS-DistinguishedName:: Q049Wm/DqyDDhW5nc3Ryw7ZtLE9VPVN0YWZmLERDPWNvbnRvc28s
             REM9Y29t
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

        static let exportJSONL = #"""
            {"anchor":"0b1c2d3e-0000-4000-8000-000000000006","connection":"contoso","account":"CONTOSO\\back","dn":"CN=Back,OU=Staff,DC=contoso,DC=com","state":"active","properties":{"AccountName":"CONTOSO\\back","SPS-DistinguishedName":"CN=Back,OU=Staff,DC=contoso,DC=com","Department":"Sales"}}
            {"anchor":"0b1c2d3e-0000-4000-8000-000000000002","connection":"contoso","account":"CONTOSO\\mallory","dn":"CN=Mallory,OU=Staff,DC=contoso,DC=com","state":"active","properties":{"AccountName":"CONTOSO\\mallory","SPS-DistinguishedName":"CN=Mallory,OU=Staff,DC=contoso,DC=com","PreferredName":"<img src=x onerror=alert(1)>","Department":"=HYPERLINK(\"http://evil\",\"x\")","CostCenter":"-5","Office":"@SUM(A1)"}}
            {"anchor":"0b1c2d3e-0000-4000-8000-000000000005","connection":"contoso","account":"CONTOSO\\mover","dn":"CN=Mover,OU=Sales,DC=contoso,DC=com","state":"active","properties":{"AccountName":"CONTOSO\\mover","SPS-DistinguishedName":"CN=Mover,OU=Sales,DC=contoso,DC=com","Department":"Sales"}}
            {"anchor":"0b1c2d3e-0000-4000-8000-000000000001","connection":"contoso","account":"CONTOSO\\zoe","dn":"CN=Zoë Ångström,OU=Staff,DC=contoso,DC=com","state":"active","properties":{"AccountName":"CONTOSO\\zoe","SPS-DistinguishedName":"CN=Zoë Ångström,OU=Staff,DC=contoso,DC=com","PreferredName":"Zoë Ångström","WorkPhone":"+1 425 555 0100","Skills":["Swift","LDAP"]}}
            """# + "\n"

        static let exportCSV = #"""
            account,anchor,dn,state,AccountName,SPS-DistinguishedName,Department,PreferredName,CostCenter,Office,WorkPhone,Skills
            CONTOSO\back,0b1c2d3e-0000-4000-8000-000000000006,"CN=Back,OU=Staff,DC=contoso,DC=com",active,CONTOSO\back,"CN=Back,OU=Staff,DC=contoso,DC=com",Sales,,,,,
            CONTOSO\mallory,0b1c2d3e-0000-4000-8000-000000000002,"CN=Mallory,OU=Staff,DC=contoso,DC=com",active,CONTOSO\mallory,"CN=Mallory,OU=Staff,DC=contoso,DC=com","'=HYPERLINK(""http://evil"",""x"")",<img src=x onerror=alert(1)>,'-5,'@SUM(A1),,
            CONTOSO\mover,0b1c2d3e-0000-4000-8000-000000000005,"CN=Mover,OU=Sales,DC=contoso,DC=com",active,CONTOSO\mover,"CN=Mover,OU=Sales,DC=contoso,DC=com",Sales,,,,,
            CONTOSO\zoe,0b1c2d3e-0000-4000-8000-000000000001,"CN=Zoë Ångström,OU=Staff,DC=contoso,DC=com",active,CONTOSO\zoe,"CN=Zoë Ångström,OU=Staff,DC=contoso,DC=com",,Zoë Ångström,,,'+1 425 555 0100,Swift; LDAP
            """#.split(separator: "\n").map { $0 + "\r\n" }.joined()

        static let exportLDIFWithMarked = #"""
            version: 1

            # CONTOSO\back
            dn: CN=Back,OU=Staff,DC=contoso,DC=com
            AccountName: CONTOSO\back
            SPS-DistinguishedName: CN=Back,OU=Staff,DC=contoso,DC=com
            Department: Sales

            # CONTOSO\disabled
            # state: excluded (disabled)
            dn: CN=Disabled,OU=Staff,DC=contoso,DC=com
            AccountName: CONTOSO\disabled
            SPS-DistinguishedName: CN=Disabled,OU=Staff,DC=contoso,DC=com
            Department: Sales

            # CONTOSO\gone
            # state: markedForDeletion
            dn: CN=Gone,OU=Staff,DC=contoso,DC=com
            AccountName: CONTOSO\gone
            SPS-DistinguishedName: CN=Gone,OU=Staff,DC=contoso,DC=com
            Department: Sales

            # CONTOSO\mallory
            dn: CN=Mallory,OU=Staff,DC=contoso,DC=com
            AccountName: CONTOSO\mallory
            SPS-DistinguishedName: CN=Mallory,OU=Staff,DC=contoso,DC=com
            PreferredName:: PGltZyBzcmM9eCBvbmVycm9yPWFsZXJ0KDEpPg==
            Department: =HYPERLINK("http://evil","x")
            CostCenter: -5
            Office: @SUM(A1)

            # CONTOSO\mover
            dn: CN=Mover,OU=Sales,DC=contoso,DC=com
            AccountName: CONTOSO\mover
            SPS-DistinguishedName: CN=Mover,OU=Sales,DC=contoso,DC=com
            Department: Sales

            # CONTOSO\zoe
            dn:: Q049Wm/DqyDDhW5nc3Ryw7ZtLE9VPVN0YWZmLERDPWNvbnRvc28sREM9Y29t
            AccountName: CONTOSO\zoe
            SPS-DistinguishedName:: Q049Wm/DqyDDhW5nc3Ryw7ZtLE9VPVN0YWZmLERDPWNvbnRvc28s
             REM9Y29t
            PreferredName:: Wm/DqyDDhW5nc3Ryw7Zt
            WorkPhone: +1 425 555 0100
            Skills: Swift
            Skills: LDAP
            """# + "\n"
    }

    static func run(_ arguments: [String], store: String) throws -> ToolResult {
        let result = try ProfileSyncTool.run(arguments + ["--store", store])
        #expect(result.status == 0, "\(arguments): \(result.stderrText)")
        #expect(result.stderrText.isEmpty, "\(arguments)")
        return result
    }

    @Test func textReportOfTheLastRunByDefault() throws {
        let (folder, store) = try FixtureStore.make()
        defer { folder.cleanup() }
        #expect(try Self.run(["report"], store: store).stdoutText == Expected.textRun3)
        #expect(try Self.run(["report", "--run", "3", "--format", "text"], store: store).stdoutText == Expected.textRun3)
        // Not a terminal: no colour, even without NO_COLOR.
        #expect(!(try Self.run(["report"], store: store).stdoutText.contains("\u{1B}")))
    }

    @Test func jsonReportOfAnEarlierRun() throws {
        let (folder, store) = try FixtureStore.make()
        defer { folder.cleanup() }
        #expect(try Self.run(["report", "--run", "1", "--format", "json"], store: store).stdoutText == Expected.jsonRun1)
    }

    @Test func csvReport() throws {
        let (folder, store) = try FixtureStore.make()
        defer { folder.cleanup() }
        #expect(try Self.run(["report", "--format", "csv"], store: store).stdoutText == Expected.csvRun3)
    }

    @Test func ldifReportReadsBackWithOurReader() throws {
        let (folder, store) = try FixtureStore.make()
        defer { folder.cleanup() }
        let result = try Self.run(["report", "--format", "ldif"], store: store)
        #expect(result.stdoutText == Expected.ldifRun3)
        let reader = LDIFReader(bytes: [UInt8](result.stdout), name: "report.ldif", options: LDIFReaderOptions(policy: .strict))
        var kinds: [String?] = []
        while let record = try reader.next() { kinds.append(record.changeType) }
        #expect(kinds == ["moddn", "add", "modify", "modify", "delete"])
    }

    @Test func htmlReportIsOneSafePage() throws {
        let (folder, store) = try FixtureStore.make()
        defer { folder.cleanup() }
        let result = try Self.run(["report", "--format", "html"], store: store)
        let page = try XMLDocument(data: result.stdout, options: [])
        for kind in ["add", "update", "markForDeletion", "exclude", "move", "restore", "membership"] {
            #expect(try page.nodes(forXPath: "//table[@data-kind='\(kind)']/tbody/tr").count == 1, "\(kind)")
        }
        #expect(try page.nodes(forXPath: "//img | //link | //iframe | //object | //embed").isEmpty)
        #expect(try page.nodes(forXPath: "//script").count == 1)
        #expect(try page.nodes(forXPath: "//@src | //@href").isEmpty)
        #expect(try page.nodes(forXPath: "//meta[@http-equiv='Content-Security-Policy']").count == 1)
        let cells = try page.nodes(forXPath: "//table[@data-kind='update']//span").map(\.stringValue)
        #expect(cells.contains(FixtureStore.hostileMarkup))
        #expect(cells.contains(FixtureStore.hostileFormula))
        #expect(!result.stdoutText.contains("<img"))
    }

    @Test func outputFileIsWrittenPrivateAndWhole() throws {
        let (folder, store) = try FixtureStore.make()
        defer { folder.cleanup() }
        for (format, expected) in [("csv", Expected.csvRun3), ("text", Expected.textRun3)] {
            let path = folder.url.appendingPathComponent("report.\(format)").path
            let result = try Self.run(["report", "--format", format, "--output", path], store: store)
            #expect(result.stdout.isEmpty)
            #expect(try String(contentsOfFile: path, encoding: .utf8) == expected)
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber
            #expect(mode?.intValue == 0o600)
        }
        // No temporary file is left beside the reports.
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.url.path)
        #expect(!names.contains { $0.hasPrefix(".") })
    }

    @Test func unknownRunEmptyStoreAndBadFormatAreErrors() throws {
        let (folder, store) = try FixtureStore.make()
        defer { folder.cleanup() }
        let unknown = try ProfileSyncTool.run(["report", "--store", store, "--run", "99"])
        #expect(unknown.status == 1)
        #expect(unknown.stderrText == "report: no run 99 in \(store)\n")
        let badFormat = try ProfileSyncTool.run(["report", "--store", store, "--format", "pdf"])
        #expect(badFormat.status == 2)
        let exportFormat = try ProfileSyncTool.run(["export", "--store", store, "--format", "html"])
        #expect(exportFormat.status == 2)
        let noFormat = try ProfileSyncTool.run(["export", "--store", store])
        #expect(noFormat.status == 2)

        let empty = folder.url.appendingPathComponent("empty.db").path
        try ProfileStore.openForWriting(path: empty, purpose: "test").close()
        let none = try ProfileSyncTool.run(["report", "--store", empty])
        #expect(none.status == 1)
        #expect(none.stderrText == "report: \(empty) has no runs yet\n")
        let unwritable = try ProfileSyncTool.run(["report", "--store", store, "--output", "/nonexistent-folder/r.txt"])
        #expect(unwritable.status == 1)
        #expect(unwritable.stderrText.hasPrefix("report: cannot create /nonexistent-folder/"))
    }

    @Test func exportJSONLinesOfActiveProfiles() throws {
        let (folder, store) = try FixtureStore.make()
        defer { folder.cleanup() }
        #expect(try Self.run(["export", "--format", "jsonl"], store: store).stdoutText == Expected.exportJSONL)
    }

    @Test func exportCSVOfActiveProfiles() throws {
        let (folder, store) = try FixtureStore.make()
        defer { folder.cleanup() }
        #expect(try Self.run(["export", "--format", "csv"], store: store).stdoutText == Expected.exportCSV)
    }

    @Test func exportLDIFIncludingMarkedProfiles() throws {
        let (folder, store) = try FixtureStore.make()
        defer { folder.cleanup() }
        let result = try Self.run(["export", "--format", "ldif", "--include-marked"], store: store)
        #expect(result.stdoutText == Expected.exportLDIFWithMarked)
        let reader = LDIFReader(bytes: [UInt8](result.stdout), name: "export.ldif", options: LDIFReaderOptions(policy: .strict))
        var count = 0
        while try reader.next() != nil { count += 1 }
        #expect(count == 6)
    }

    @Test func includeMarkedAddsMarkedAndExcludedWithTheirState() throws {
        let (folder, store) = try FixtureStore.make()
        defer { folder.cleanup() }
        let lines = try Self.run(["export", "--format", "jsonl", "--include-marked"], store: store).stdoutText
            .split(separator: "\n")
        #expect(lines.count == 6)
        #expect(lines.contains { $0.contains(#""account":"CONTOSO\\disabled","dn":"CN=Disabled,OU=Staff,DC=contoso,DC=com","state":"excluded","reason":"disabled","properties""#) })
        #expect(lines.contains { $0.contains(#""account":"CONTOSO\\gone","dn":"CN=Gone,OU=Staff,DC=contoso,DC=com","state":"markedForDeletion","properties""#) })
        let path = folder.url.appendingPathComponent("all.csv").path
        let written = try Self.run(["export", "--format", "csv", "--include-marked", "--output", path], store: store)
        #expect(written.stdout.isEmpty)
        let csv = try String(contentsOfFile: path, encoding: .utf8)
        #expect(csv.split(separator: "\r\n").count == 7)
        #expect(csv.contains("\r\nCONTOSO\\gone,0b1c2d3e-0000-4000-8000-000000000003,\"CN=Gone,OU=Staff,DC=contoso,DC=com\",markedForDeletion,"))
    }
}

/// Reports and maintenance over the Contoso sample after two real `sync`
/// runs (day one, then day two's moves, exclusions, deletions and adds).
/// Times, durations and the temporary folder are normalised; everything
/// else is compared whole.
enum ContosoReports {
    struct Workspace {
        let folder: TemporaryDirectory
        var config: String { folder.url.appendingPathComponent("profilesync-next.yaml").path }

        init() throws {
            folder = try TemporaryDirectory(prefix: "contoso-reports")
            let source = TestPaths.fixture("contoso")
            for item in ["exports", "models", "hr.csv", "profilesync.yaml", "profilesync-next.yaml"] {
                try FileManager.default.copyItem(
                    at: source.appendingPathComponent(item), to: folder.url.appendingPathComponent(item))
            }
        }

        func syncDayOneAndTwo() throws {
            for config in ["profilesync.yaml", "profilesync-next.yaml"] {
                let result = try ProfileSyncTool.run(
                    ["sync", "--config", folder.url.appendingPathComponent(config).path, "--quiet"])
                #expect(result.status == 0, "\(config): \(result.stderrText)")
            }
        }

        /// Runs a command with `--config` and returns its normalised stdout.
        func run(_ arguments: [String]) throws -> String {
            let result = try ProfileSyncTool.run(arguments + ["--config", config])
            #expect(result.status == 0, "\(arguments): \(result.stderrText)")
            return normalized(result.stdoutText)
        }

        /// Times become `YYYY-MM-DDThh:mm:ss.sssZ` and durations `#.### s`
        /// (same widths, so columns stay aligned); the workspace folder
        /// becomes `<root>`, and the lines of the inputs table have their
        /// spacing collapsed because the folder's length differs from machine
        /// to machine.
        func normalized(_ text: String) -> String {
            let timed = text
                .replacing(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/, with: "YYYY-MM-DDThh:mm:ss.sssZ")
                .replacing(/\b\d\.\d{3} s\b/, with: "#.### s")
            return timed.split(separator: "\n", omittingEmptySubsequences: false).map { line in
                guard line.contains(folder.url.path) || line.hasPrefix("  CONNECTION  PATH") else { return String(line) }
                return line.replacingOccurrences(of: folder.url.path, with: "<root>").replacing(/\ {2,}/, with: " ")
            }.joined(separator: "\n")
        }
    }
}

/// `report`, `missing`, `runs` and `show` after two real `sync` runs of the Contoso sample.
@Suite struct ContosoReportTests {
    enum Expected {
        static let text = #"""
            ProfileSync change report: run 2 (full, completed)
              started   YYYY-MM-DDThh:mm:ss.sssZ
              finished  YYYY-MM-DDThh:mm:ss.sssZ (#.### s)

            Summary
              Added                1
              Updated              3
              Unchanged            6
              Marked for deletion  1
              Restored             0
              Excluded             1
              Moved                1
              Groups added         0
              Groups updated       2
              Memberships added    1
              Memberships removed  1
              Unmatched rows       3
              Errors               0

            Inputs
             CONNECTION PATH SIZE RECORDS SKIPPED SHA-256
             contoso <root>/exports/contoso-next.ldif 15.5 KiB 25 0 9b1f244d73d09c74f9b3de600596c9692ac3cce15a6f53c80452091e42cf1143
             hr <root>/hr.csv 1.5 KiB 14 0 fa471ff869c677dac74fc44d41a98f26500827dc5b4871b1f1a65546e35bea14

            Notes
              1 users outside the configured containers were not imported

            Added (1)
              CONTOSO\nnovak  CN=Nina Novák,OU=Engineering,OU=Staff,DC=contoso,DC=com  1a2b3c4d-0000-4000-8000-000000000010
                  AccountName            CONTOSO\nnovak                                              contoso.sAMAccountName
                  UserName               nnovak                                                      contoso.sAMAccountName
                  SID                    S-1-5-21-1004336348-1177238915-682003330-1116               contoso.objectSid
                  ADGuid                 1a2b3c4d-0000-4000-8000-000000000010                        contoso.objectGUID
                  SPS-DistinguishedName  CN=Nina Novák,OU=Engineering,OU=Staff,DC=contoso,DC=com     contoso.dn
                  SPS-UserPrincipalName  nnovak@contoso.com                                          contoso.userPrincipalName
                  FirstName              Nina                                                        contoso.givenName
                  LastName               Novák                                                       contoso.sn
                  PreferredName          Nina Novák                                                  contoso.displayName
                  WorkEmail              nnovak@contoso.com                                          expression
                  WorkPhone              +1 425 555 0116                                             contoso.telephoneNumber
                  Office                 Redmond                                                     contoso.physicalDeliveryOfficeName
                  Department             Engineering                                                 contoso.department
                  SPS-Department         Engineering                                                 contoso.department
                  Title                  Software Engineer                                           contoso.title
                  SPS-JobTitle           Software Engineer                                           contoso.title
                  Manager                CONTOSO\bbrown                                              contoso.manager
                  SPS-ProxyAddresses     SMTP:nnovak@contoso.com; smtp:nina@contoso.onmicrosoft.com  contoso.proxyAddresses
                  EmployeeId             E1013                                                       contoso.employeeID
                  Initials               NN                                                          expression

            Updated (3)
              CONTOSO\ddavis  CN=Dan Davis,OU=Engineering,OU=Staff,DC=contoso,DC=com  1a2b3c4d-0000-4000-8000-000000000005
                  Title           Software Engineer  →  Senior Software Engineer  contoso.title
              CONTOSO\eevans  CN=Eve Evans,OU=Sales,OU=Staff,DC=contoso,DC=com        1a2b3c4d-0000-4000-8000-000000000007
                  WorkPhone       +1 425 555 0107    →  +1 425 555 0199           contoso.telephoneNumber
              CONTOSO\iito    CN=Ichiro Ito,OU=Sales,OU=Staff,DC=contoso,DC=com       1a2b3c4d-0000-4000-8000-00000000000b
                  SPS-Department  Engineering        →  Sales                     contoso.department
                  Title           Support Engineer   →  Sales Engineer            contoso.title

            Marked for deletion (1)
              ACCOUNT          DN                                                   ANCHOR
              CONTOSO\ffoster  CN=Frank Foster,OU=Sales,OU=Staff,DC=contoso,DC=com  1a2b3c4d-0000-4000-8000-000000000008

            Excluded (1)
              ACCOUNT         REASON    DN                                        ANCHOR
              CONTOSO\jjones  disabled  CN=Jane Jones,OU=Staff,DC=contoso,DC=com  1a2b3c4d-0000-4000-8000-00000000000c

            Moved (1)
              ACCOUNT       OLD DN                                                      NEW DN                                             ANCHOR
              CONTOSO\iito  CN=Ichiro Ito,OU=Engineering,OU=Staff,DC=contoso,DC=com  →  CN=Ichiro Ito,OU=Sales,OU=Staff,DC=contoso,DC=com  1a2b3c4d-0000-4000-8000-00000000000b

            Group memberships (2)
              CN=Engineering,OU=Staff,DC=contoso,DC=com
                  + CN=Nina Novák,OU=Engineering,OU=Staff,DC=contoso,DC=com
              CN=Sales,OU=Staff,DC=contoso,DC=com
                  - CN=Frank Foster,OU=Sales,OU=Staff,DC=contoso,DC=com

            Diagnostics (3)
             <root>/hr.csv:9: warning: row with EmployeeID 'E1008' joins no profile
             <root>/hr.csv:14: warning: row with EmployeeID 'C9001' joins no profile
             <root>/hr.csv:15: warning: row with EmployeeID 'C9002' joins no profile
            """# + "\n"

        static let csv = #"""
            run,kind,anchor,account,dn,property,old,new,source
            2,update,1a2b3c4d-0000-4000-8000-000000000005,CONTOSO\ddavis,"CN=Dan Davis,OU=Engineering,OU=Staff,DC=contoso,DC=com",Title,Software Engineer,Senior Software Engineer,contoso.title
            2,update,1a2b3c4d-0000-4000-8000-000000000007,CONTOSO\eevans,"CN=Eve Evans,OU=Sales,OU=Staff,DC=contoso,DC=com",WorkPhone,'+1 425 555 0107,'+1 425 555 0199,contoso.telephoneNumber
            2,move,1a2b3c4d-0000-4000-8000-00000000000b,CONTOSO\iito,"CN=Ichiro Ito,OU=Sales,OU=Staff,DC=contoso,DC=com",dn,"CN=Ichiro Ito,OU=Engineering,OU=Staff,DC=contoso,DC=com","CN=Ichiro Ito,OU=Sales,OU=Staff,DC=contoso,DC=com",
            2,update,1a2b3c4d-0000-4000-8000-00000000000b,CONTOSO\iito,"CN=Ichiro Ito,OU=Sales,OU=Staff,DC=contoso,DC=com",SPS-Department,Engineering,Sales,contoso.department
            2,update,1a2b3c4d-0000-4000-8000-00000000000b,CONTOSO\iito,"CN=Ichiro Ito,OU=Sales,OU=Staff,DC=contoso,DC=com",Title,Support Engineer,Sales Engineer,contoso.title
            2,exclude,1a2b3c4d-0000-4000-8000-00000000000c,CONTOSO\jjones,"CN=Jane Jones,OU=Staff,DC=contoso,DC=com",,,disabled,
            2,add,1a2b3c4d-0000-4000-8000-000000000010,CONTOSO\nnovak,"CN=Nina Novák,OU=Engineering,OU=Staff,DC=contoso,DC=com",AccountName,,CONTOSO\nnovak,contoso.sAMAccountName
            2,add,1a2b3c4d-0000-4000-8000-000000000010,CONTOSO\nnovak,"CN=Nina Novák,OU=Engineering,OU=Staff,DC=contoso,DC=com",UserName,,nnovak,contoso.sAMAccountName
            2,add,1a2b3c4d-0000-4000-8000-000000000010,CONTOSO\nnovak,"CN=Nina Novák,OU=Engineering,OU=Staff,DC=contoso,DC=com",SID,,S-1-5-21-1004336348-1177238915-682003330-1116,contoso.objectSid
            2,add,1a2b3c4d-0000-4000-8000-000000000010,CONTOSO\nnovak,"CN=Nina Novák,OU=Engineering,OU=Staff,DC=contoso,DC=com",ADGuid,,1a2b3c4d-0000-4000-8000-000000000010,contoso.objectGUID
            2,add,1a2b3c4d-0000-4000-8000-000000000010,CONTOSO\nnovak,"CN=Nina Novák,OU=Engineering,OU=Staff,DC=contoso,DC=com",SPS-DistinguishedName,,"CN=Nina Novák,OU=Engineering,OU=Staff,DC=contoso,DC=com",contoso.dn
            2,add,1a2b3c4d-0000-4000-8000-000000000010,CONTOSO\nnovak,"CN=Nina Novák,OU=Engineering,OU=Staff,DC=contoso,DC=com",SPS-UserPrincipalName,,nnovak@contoso.com,contoso.userPrincipalName
            2,add,1a2b3c4d-0000-4000-8000-000000000010,CONTOSO\nnovak,"CN=Nina Novák,OU=Engineering,OU=Staff,DC=contoso,DC=com",FirstName,,Nina,contoso.givenName
            2,add,1a2b3c4d-0000-4000-8000-000000000010,CONTOSO\nnovak,"CN=Nina Novák,OU=Engineering,OU=Staff,DC=contoso,DC=com",LastName,,Novák,contoso.sn
            2,add,1a2b3c4d-0000-4000-8000-000000000010,CONTOSO\nnovak,"CN=Nina Novák,OU=Engineering,OU=Staff,DC=contoso,DC=com",PreferredName,,Nina Novák,contoso.displayName
            2,add,1a2b3c4d-0000-4000-8000-000000000010,CONTOSO\nnovak,"CN=Nina Novák,OU=Engineering,OU=Staff,DC=contoso,DC=com",WorkEmail,,nnovak@contoso.com,expression
            2,add,1a2b3c4d-0000-4000-8000-000000000010,CONTOSO\nnovak,"CN=Nina Novák,OU=Engineering,OU=Staff,DC=contoso,DC=com",WorkPhone,,'+1 425 555 0116,contoso.telephoneNumber
            2,add,1a2b3c4d-0000-4000-8000-000000000010,CONTOSO\nnovak,"CN=Nina Novák,OU=Engineering,OU=Staff,DC=contoso,DC=com",Office,,Redmond,contoso.physicalDeliveryOfficeName
            2,add,1a2b3c4d-0000-4000-8000-000000000010,CONTOSO\nnovak,"CN=Nina Novák,OU=Engineering,OU=Staff,DC=contoso,DC=com",Department,,Engineering,contoso.department
            2,add,1a2b3c4d-0000-4000-8000-000000000010,CONTOSO\nnovak,"CN=Nina Novák,OU=Engineering,OU=Staff,DC=contoso,DC=com",SPS-Department,,Engineering,contoso.department
            2,add,1a2b3c4d-0000-4000-8000-000000000010,CONTOSO\nnovak,"CN=Nina Novák,OU=Engineering,OU=Staff,DC=contoso,DC=com",Title,,Software Engineer,contoso.title
            2,add,1a2b3c4d-0000-4000-8000-000000000010,CONTOSO\nnovak,"CN=Nina Novák,OU=Engineering,OU=Staff,DC=contoso,DC=com",SPS-JobTitle,,Software Engineer,contoso.title
            2,add,1a2b3c4d-0000-4000-8000-000000000010,CONTOSO\nnovak,"CN=Nina Novák,OU=Engineering,OU=Staff,DC=contoso,DC=com",Manager,,CONTOSO\bbrown,contoso.manager
            2,add,1a2b3c4d-0000-4000-8000-000000000010,CONTOSO\nnovak,"CN=Nina Novák,OU=Engineering,OU=Staff,DC=contoso,DC=com",SPS-ProxyAddresses,,SMTP:nnovak@contoso.com; smtp:nina@contoso.onmicrosoft.com,contoso.proxyAddresses
            2,add,1a2b3c4d-0000-4000-8000-000000000010,CONTOSO\nnovak,"CN=Nina Novák,OU=Engineering,OU=Staff,DC=contoso,DC=com",EmployeeId,,E1013,contoso.employeeID
            2,add,1a2b3c4d-0000-4000-8000-000000000010,CONTOSO\nnovak,"CN=Nina Novák,OU=Engineering,OU=Staff,DC=contoso,DC=com",Initials,,NN,expression
            2,markForDeletion,1a2b3c4d-0000-4000-8000-000000000008,CONTOSO\ffoster,"CN=Frank Foster,OU=Sales,OU=Staff,DC=contoso,DC=com",,,,
            2,membership,,,"CN=Engineering,OU=Staff,DC=contoso,DC=com",member,,"CN=Nina Novák,OU=Engineering,OU=Staff,DC=contoso,DC=com",
            2,membership,,,"CN=Sales,OU=Staff,DC=contoso,DC=com",member,"CN=Frank Foster,OU=Sales,OU=Staff,DC=contoso,DC=com",,
            """#.split(separator: "\n").map { $0 + "\r\n" }.joined()

        static let ldif = #"""
            version: 1
            # ProfileSync change report: run 2 (full, completed), finished YYYY-MM-DDThh:mm:ss.sssZ

            # move CONTOSO\iito
            dn: CN=Ichiro Ito,OU=Engineering,OU=Staff,DC=contoso,DC=com
            changetype: moddn
            newrdn: CN=Ichiro Ito
            deleteoldrdn: 1
            newsuperior: OU=Sales,OU=Staff,DC=contoso,DC=com

            dn:: Q049TmluYSBOb3bDoWssT1U9RW5naW5lZXJpbmcsT1U9U3RhZmYsREM9Y29udG9zbyxEQz1
             jb20=
            changetype: add
            AccountName: CONTOSO\nnovak
            UserName: nnovak
            SID: S-1-5-21-1004336348-1177238915-682003330-1116
            ADGuid: 1a2b3c4d-0000-4000-8000-000000000010
            SPS-DistinguishedName:: Q049TmluYSBOb3bDoWssT1U9RW5naW5lZXJpbmcsT1U9U3RhZmYs
             REM9Y29udG9zbyxEQz1jb20=
            SPS-UserPrincipalName: nnovak@contoso.com
            FirstName: Nina
            LastName:: Tm92w6Fr
            PreferredName:: TmluYSBOb3bDoWs=
            WorkEmail: nnovak@contoso.com
            WorkPhone: +1 425 555 0116
            Office: Redmond
            Department: Engineering
            SPS-Department: Engineering
            Title: Software Engineer
            SPS-JobTitle: Software Engineer
            Manager: CONTOSO\bbrown
            SPS-ProxyAddresses: SMTP:nnovak@contoso.com
            SPS-ProxyAddresses: smtp:nina@contoso.onmicrosoft.com
            EmployeeId: E1013
            Initials: NN

            dn: CN=Dan Davis,OU=Engineering,OU=Staff,DC=contoso,DC=com
            changetype: modify
            replace: Title
            Title: Senior Software Engineer
            -

            dn: CN=Eve Evans,OU=Sales,OU=Staff,DC=contoso,DC=com
            changetype: modify
            replace: WorkPhone
            WorkPhone: +1 425 555 0199
            -

            dn: CN=Ichiro Ito,OU=Sales,OU=Staff,DC=contoso,DC=com
            changetype: modify
            replace: SPS-Department
            SPS-Department: Sales
            -
            replace: Title
            Title: Sales Engineer
            -

            dn: CN=Engineering,OU=Staff,DC=contoso,DC=com
            changetype: modify
            add: member
            member:: Q049TmluYSBOb3bDoWssT1U9RW5naW5lZXJpbmcsT1U9U3RhZmYsREM9Y29udG9zbyx
             EQz1jb20=
            -

            dn: CN=Sales,OU=Staff,DC=contoso,DC=com
            changetype: modify
            delete: member
            member: CN=Frank Foster,OU=Sales,OU=Staff,DC=contoso,DC=com
            -

            # markForDeletion CONTOSO\ffoster
            dn: CN=Frank Foster,OU=Sales,OU=Staff,DC=contoso,DC=com
            changetype: delete

            # exclude CONTOSO\jjones (CN=Jane Jones,OU=Staff,DC=contoso,DC=com): disabled; no directory change
            """# + "\n"

        static let missing = #"""
            ACCOUNT             STATE              REASON    SINCE                     RUN  DN                                                       ANCHOR
            CONTOSO\ffoster     markedForDeletion            YYYY-MM-DDThh:mm:ss.sssZ    2  CN=Frank Foster,OU=Sales,OU=Staff,DC=contoso,DC=com      1a2b3c4d-0000-4000-8000-000000000008
            CONTOSO\hhill       excluded           disabled  YYYY-MM-DDThh:mm:ss.sssZ    1  CN=Henry Hill,OU=Engineering,OU=Staff,DC=contoso,DC=com  1a2b3c4d-0000-4000-8000-00000000000a
            CONTOSO\jjones      excluded           disabled  YYYY-MM-DDThh:mm:ss.sssZ    2  CN=Jane Jones,OU=Staff,DC=contoso,DC=com                 1a2b3c4d-0000-4000-8000-00000000000c
            CONTOSO\svc-backup  excluded           scope     YYYY-MM-DDThh:mm:ss.sssZ    1  CN=Backup Service,OU=Staff,DC=contoso,DC=com             1a2b3c4d-0000-4000-8000-00000000000d
            CONTOSO\T-kkim      excluded           filtered  YYYY-MM-DDThh:mm:ss.sssZ    1  CN=Kevin Kim,OU=Engineering,OU=Staff,DC=contoso,DC=com   1a2b3c4d-0000-4000-8000-00000000000e
            """# + "\n"

        static let runs = #"""
            ID  KIND  STATUS     STARTED                   DURATION  INPUTS  ADDED  UPDATED  UNCHANGED  MARKED  EXCLUDED  RESTORED  MOVED  GROUPS  ERRORS
             1  full  completed  YYYY-MM-DDThh:mm:ss.sssZ   #.### s       2     11        0          0       0         3         0      0       4       0
             2  full  completed  YYYY-MM-DDThh:mm:ss.sssZ   #.### s       2      1        3          6       1         1         0      1       2       0
            """# + "\n"

        static let showHistory = #"""
            CONTOSO\iito
              anchor      1a2b3c4d-0000-4000-8000-00000000000b
              connection  contoso
              dn          CN=Ichiro Ito,OU=Sales,OU=Staff,DC=contoso,DC=com
              state       active since YYYY-MM-DDThh:mm:ss.sssZ (run 1)
              created     run 1
              updated     run 2

            Properties (23)
              NAME                   VALUE                                              SOURCE                              RUN
              AccountName            CONTOSO\iito                                       contoso.sAMAccountName                1
              UserName               iito                                               contoso.sAMAccountName                1
              SID                    S-1-5-21-1004336348-1177238915-682003330-1111      contoso.objectSid                     1
              ADGuid                 1a2b3c4d-0000-4000-8000-00000000000b               contoso.objectGUID                    1
              SPS-DistinguishedName  CN=Ichiro Ito,OU=Sales,OU=Staff,DC=contoso,DC=com  contoso.dn                            1
              SPS-UserPrincipalName  iito@contoso.com                                   contoso.userPrincipalName             1
              FirstName              Ichiro                                             contoso.givenName                     1
              LastName               Ito                                                contoso.sn                            1
              PreferredName          Ichiro Ito                                         contoso.displayName                   1
              WorkEmail              iito@contoso.com                                   expression                            1
              WorkPhone              +1 425 555 0111                                    contoso.telephoneNumber               1
              Office                 Redmond                                            contoso.physicalDeliveryOfficeName    1
              Department             Engineering                                        hr.Department                         1
              SPS-Department         Sales                                              contoso.department                    2
              Title                  Sales Engineer                                     contoso.title                         2
              SPS-JobTitle           Support Engineer                                   hr.JobTitle                           1
              Manager                CONTOSO\bbrown                                     contoso.manager                       1
              SPS-ProxyAddresses     SMTP:iito@contoso.com                              contoso.proxyAddresses                1
                                     smtp:ichiro@contoso.onmicrosoft.com
              EmployeeId             E1011                                              contoso.employeeID                    1
              SPS-HireDate           2012-10-15                                         hr.HireDate                           1
              CostCenter             CC-300                                             hr.CostCenter                         1
              Skills                 Active Directory                                   hr.Skills                             1
                                     SharePoint
                                     PowerShell
              Initials               II                                                 expression                            1

            Member of (1)
              CN=Engineering,OU=Staff,DC=contoso,DC=com

            History (3 changes)
              RUN  KIND    DETAILS
                1  add     AccountName = CONTOSO\iito  [contoso.sAMAccountName]
                           UserName = iito  [contoso.sAMAccountName]
                           SID = S-1-5-21-1004336348-1177238915-682003330-1111  [contoso.objectSid]
                           ADGuid = 1a2b3c4d-0000-4000-8000-00000000000b  [contoso.objectGUID]
                           SPS-DistinguishedName = CN=Ichiro Ito,OU=Engineering,OU=Staff,DC=contoso,DC=com  [contoso.dn]
                           SPS-UserPrincipalName = iito@contoso.com  [contoso.userPrincipalName]
                           FirstName = Ichiro  [contoso.givenName]
                           LastName = Ito  [contoso.sn]
                           PreferredName = Ichiro Ito  [contoso.displayName]
                           WorkEmail = iito@contoso.com  [expression]
                           WorkPhone = +1 425 555 0111  [contoso.telephoneNumber]
                           Office = Redmond  [contoso.physicalDeliveryOfficeName]
                           Department = Engineering  [hr.Department]
                           SPS-Department = Engineering  [contoso.department]
                           Title = Support Engineer  [contoso.title]
                           SPS-JobTitle = Support Engineer  [hr.JobTitle]
                           Manager = CONTOSO\bbrown  [contoso.manager]
                           SPS-ProxyAddresses = SMTP:iito@contoso.com; smtp:ichiro@contoso.onmicrosoft.com  [contoso.proxyAddresses]
                           EmployeeId = E1011  [contoso.employeeID]
                           SPS-HireDate = 2012-10-15  [hr.HireDate]
                           CostCenter = CC-300  [hr.CostCenter]
                           Skills = Active Directory; SharePoint; PowerShell  [hr.Skills]
                           Initials = II  [expression]
                2  move    CN=Ichiro Ito,OU=Engineering,OU=Staff,DC=contoso,DC=com → CN=Ichiro Ito,OU=Sales,OU=Staff,DC=contoso,DC=com
                2  update  SPS-Department: Engineering → Sales  [contoso.department]
                           Title: Support Engineer → Sales Engineer  [contoso.title]
            """# + "\n"
    }

    @Test func everyFormatAndMaintenanceViewAfterDayTwo() throws {
        let workspace = try ContosoReports.Workspace()
        defer { workspace.folder.cleanup() }
        try workspace.syncDayOneAndTwo()
        #expect(try workspace.run(["report"]) == Expected.text)
        #expect(try workspace.run(["report", "--format", "csv"]) == Expected.csv)
        #expect(try workspace.run(["report", "--format", "ldif"]) == Expected.ldif)
        #expect(try workspace.run(["missing"]) == Expected.missing)
        #expect(try workspace.run(["runs"]) == Expected.runs)
        #expect(try workspace.run(["show", "cn=ichiro ito,ou=sales,ou=staff,dc=contoso,dc=com", "--history"]) == Expected.showHistory)

        // The JSON report is the one `sync --report` wrote (ContosoSyncTests compares it whole).
        let json = try workspace.run(["report", "--format", "json"])
        #expect(json.hasPrefix(#"{"run":{"id":2,"kind":"full","dryRun":false,"status":"completed""#))

        let html = try ProfileSyncTool.run(["report", "--format", "html", "--config", workspace.config])
        let page = try XMLDocument(data: html.stdout, options: [])
        let rows = try ["add", "update", "markForDeletion", "exclude", "move", "membership"].map {
            try page.nodes(forXPath: "//table[@data-kind='\($0)']/tbody/tr").count
        }
        #expect(rows == [1, 3, 1, 1, 1, 2])
        #expect(try page.nodes(forXPath: "//table[@id='diagnostics-table']/tbody/tr").count == 3)

        // Purge removes the five non-imported profiles; the active ones stay.
        let active = try workspace.run(["export", "--format", "jsonl"])
        let all = try workspace.run(["export", "--format", "jsonl", "--include-marked"])
        #expect(all.split(separator: "\n").count == active.split(separator: "\n").count + 5)
        let purge = try ProfileSyncTool.run(["purge", "--yes", "--config", workspace.config])
        #expect(purge.stdoutText == "Purged 5 profiles (1 marked for deletion, 4 excluded).\n")
        #expect(try workspace.run(["export", "--format", "jsonl", "--include-marked"]) == active)
        #expect(!active.contains(#""account":"CONTOSO\\ffoster""#))
    }
}
