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
